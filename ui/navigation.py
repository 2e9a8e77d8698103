"""What one page asks of another: open an item elsewhere, or start a request about it.

Pages never reach into each other; they emit these and the main window routes them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

Today = Callable[[], date]  # injected so tests and the demo can fix "today"


@dataclass(frozen=True)
class RequestTarget:
    """Who a new request goes to and what it is about (the guided flow fills in the rest)."""

    company_id: str
    request_type: str = "erasure"
    agreement_id: str | None = None
    recording_ids: tuple[str, ...] = ()
    follow_up_of: str | None = None  # a request id: a follow-up or complaint about it
