"""Run holdfast-cli as a real subprocess, as a user or a script would."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "a long enough password"


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_cli(vault: Path, *args: str, password: str | None = PASSWORD,
            env: dict[str, str] | None = None, stdin: str | None = None,
            timeout: float = 60) -> Result:
    base = dict(env if env is not None else os.environ)
    if env is None:
        base.pop("HOLDFAST_PASSWORD", None)
        base.pop("HOLDFAST_NEW_PASSWORD", None)
        # Never touch the developer's own keyring unless a test hands in an environment.
        base["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    if password is not None:
        base["HOLDFAST_PASSWORD"] = password
        base.setdefault("HOLDFAST_NEW_PASSWORD", password)
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", "--vault", str(vault), *args],
        cwd=REPO, env=base, input=stdin, capture_output=True, text=True, timeout=timeout,
        check=False)
    return Result(proc.returncode, proc.stdout, proc.stderr)


def init_vault(vault: Path) -> str:
    """A fresh vault via the CLI; returns the recovery code it printed."""
    result = run_cli(vault, "init")
    assert result.code == 0, result.err
    return result.out.strip()
