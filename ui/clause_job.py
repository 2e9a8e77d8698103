"""Reading an agreement's documents for risky clauses off the GUI thread (it can take
a second for long contracts); the result comes back by signal."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Signal

from ui.background import describe_error
from vault.services.insights import ClauseFinding

FindClauses = Callable[[str], list[ClauseFinding]]  # agreement id -> findings


class ClauseSignals(QObject):
    finished = Signal(int, list)  # job number, list[ClauseFinding]
    failed = Signal(int, str)  # job number, one sentence


class ClauseJob(QRunnable):
    """Runs on a QThreadPool thread; the job number lets the page drop stale answers."""

    def __init__(self, number: int, agreement_id: str, find: FindClauses) -> None:
        super().__init__()
        self.signals = ClauseSignals()
        self.number = number
        self._agreement_id = agreement_id
        self._find = find

    def run(self) -> None:
        try:
            found = self._find(self._agreement_id)
        except Exception as error:  # reported on the page, never raised in a pool thread
            self.signals.failed.emit(self.number, describe_error(error))
            return
        self.signals.finished.emit(self.number, found)
