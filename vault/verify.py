"""The result of `verify`: every problem found, one sentence each."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class VerifyReport:
    problems: list[str] = field(default_factory=list)
    recordings_checked: int = 0
    bytes_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.ok:
            return (f"All is well: the database and {self.recordings_checked} "
                    f"recording(s) ({self.bytes_checked} bytes) checked.")
        return f"Found {len(self.problems)} problem(s)."

    def to_json(self) -> dict[str, object]:
        return {"ok": self.ok, "problems": self.problems,
                "recordings_checked": self.recordings_checked,
                "bytes_checked": self.bytes_checked}
