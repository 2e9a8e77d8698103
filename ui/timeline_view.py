"""Coming up: the dates ahead, soonest first (agreement endings, deletion due dates,
request deadlines, reminders). Double-click a date to open what it is about."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.attention_items import days_between
from vault.analysis.status import DeletionEvents
from vault.services.agreements import AgreementInfo
from vault.services.insights import HoldingEntry
from vault.services.reminders import Reminder
from vault.services.requests import RequestInfo

EMPTY_HINT = "No dates coming up. Agreement endings, deletion dates and request deadlines " \
             "will appear here."
OPEN_REQUEST_STATUSES = ("sent", "acknowledged", "extended")
# Reminders that only repeat a date listed here already (notices before an ending, a due
# date, deletion due): the timeline shows the date itself once.
DUPLICATE_REMINDERS = ("agreement-ends:", "deletion-due:", "request-due:", "overdue:",
                       "extension:")
ENTRY_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class TimelineEntry:
    day: date
    kind: str  # "agreement-ends", "deletion-due", "request-due", "reminder"
    title: str
    agreement_id: str | None = None
    request_id: str | None = None


KIND_LABELS = {"agreement-ends": "Ends", "deletion-due": "Deletion due",
               "request-due": "Answer due", "reminder": "Reminder"}


def upcoming_dates(on: date, *, agreements: Sequence[AgreementInfo],
                   holdings: Sequence[HoldingEntry], requests: Sequence[RequestInfo],
                   reminders: Sequence[Reminder],
                   events: Mapping[str, DeletionEvents] | None = None
                   ) -> list[TimelineEntry]:
    """Every date from `on` on, soonest first."""
    events = events or {}
    found: list[TimelineEntry] = []
    for a in agreements:
        state = a.status(on, events.get(a.id))
        if state.status in ("active", "expiring") and state.until is not None:
            found.append(TimelineEntry(state.until, "agreement-ends",
                                       f"'{a.terms.title}' with {a.company_name}",
                                       agreement_id=a.id))
    seen: set[str] = set()
    for h in holdings:
        if h.deletion_due is None or h.deletion_due < on or h.agreement_id in seen:
            continue
        seen.add(h.agreement_id)
        found.append(TimelineEntry(h.deletion_due, "deletion-due",
                                   f"{h.company}, for what it holds under "
                                   f"'{h.agreement_title}'", agreement_id=h.agreement_id))
    for r in requests:
        if r.deadlines is None or r.status_on(on) not in OPEN_REQUEST_STATUSES:
            continue
        due = r.deadlines.effective_due
        if due >= on:
            found.append(TimelineEntry(due, "request-due",
                                       f"{r.company} must answer {r.reference} ({r.type})",
                                       request_id=r.id))
    for rem in reminders:
        if rem.done_on is not None or rem.due_on < on or rem.key.startswith(
                DUPLICATE_REMINDERS):
            continue
        found.append(TimelineEntry(rem.due_on, "reminder", rem.title))
    return sorted(found, key=lambda e: (e.day, e.title))


class TimelineView(QWidget):
    open_agreement = Signal(str)
    open_request = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Date", "When", "What"])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.cellDoubleClicked.connect(self._activated)
        self.hint = QLabel(EMPTY_HINT)
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        self.clear()

    def show_entries(self, entries: Sequence[TimelineEntry], on: date) -> None:
        self.table.setRowCount(0)
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            day = QTableWidgetItem(f"{entry.day.day} {entry.day:%b %Y}")
            day.setData(ENTRY_ROLE, entry)
            when = QTableWidgetItem(days_between(on, entry.day))
            what = QTableWidgetItem(f"{KIND_LABELS[entry.kind]}: {entry.title}")
            what.setToolTip(what.text())
            for column, cell in enumerate((day, when, what)):
                self.table.setItem(row, column, cell)
        self.table.resizeRowsToContents()
        self.hint.setVisible(not entries)
        self.table.setVisible(bool(entries))

    def entries(self) -> list[TimelineEntry]:
        found = []
        for row in range(self.table.rowCount()):
            cell = self.table.item(row, 0)
            if cell is not None:
                found.append(cell.data(ENTRY_ROLE))
        return found

    def clear(self) -> None:
        self.show_entries([], date.today())

    def _activated(self, row: int, _column: int) -> None:
        cell = self.table.item(row, 0)
        entry = cell.data(ENTRY_ROLE) if cell is not None else None
        if not isinstance(entry, TimelineEntry):
            return
        if entry.agreement_id:
            self.open_agreement.emit(entry.agreement_id)
        elif entry.request_id:
            self.open_request.emit(entry.request_id)
