"""The requests table: a thin item model over `RequestService.list()` results.

The page hands the requests in with `set_requests(requests, today)`; nothing here talks to
the vault. The plain-words helpers are shared with the guided request flow.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from vault.services.requests import RequestInfo

COLUMNS = ("Reference", "Company", "Type", "Status", "Sent", "Due")
REFERENCE, COMPANY, TYPE, STATUS, SENT, DUE = range(len(COLUMNS))

KEY_ROLE = Qt.ItemDataRole.UserRole  # the request id, on every column
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # ISO dates for the date columns, text otherwise
REQUEST_ROLE = Qt.ItemDataRole.UserRole + 2  # the RequestInfo itself

AnyIndex = QModelIndex | QPersistentModelIndex

TYPE_WORDS = {
    "erasure": "Deletion", "access": "Access", "withdraw-consent": "Withdraw consent",
    "objection": "Objection", "restriction": "Restriction", "opt-out": "Opt-out",
    "limit-sensitive": "Limit sensitive data", "biometric-destruction": "Biometric destruction",
    "follow-up": "Follow-up", "complaint": "Complaint",
}
STATUS_WORDS = {
    "draft": "Draft — not sent yet", "sent": "Sent", "acknowledged": "Acknowledged",
    "extended": "Extended", "answered-complete": "Answered in full",
    "answered-partial": "Answered in part", "refused": "Refused", "overdue": "Overdue",
    "escalated": "Complaint filed", "closed": "Closed",
}
CHANNEL_WORDS = {"email": "Email", "post": "Post", "webform": "Web form"}
# Statuses where the next move is the user's: chase them, or complain.
NEEDS_ACTION = ("overdue", "refused", "answered-partial")
FINISHED = ("answered-complete", "closed")
WARNING = QColor("#b3261e")


def type_words(request_type: str) -> str:
    return TYPE_WORDS.get(request_type, request_type.replace("-", " ").capitalize())


def status_words(status: str) -> str:
    return STATUS_WORDS.get(status, status.replace("-", " ").capitalize())


def short_day(day: date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else ""


def due_of(request: RequestInfo) -> date | None:
    """The date the answer is really due: after weekends, holidays and any valid extension."""
    return request.deadlines.effective_due if request.deadlines else None


def days_left_words(request: RequestInfo, today: date) -> str:
    """"5 days left", "Due today", "Overdue by 3 days", or "" when no answer is awaited."""
    due = due_of(request)
    status = request.status_on(today)
    if due is None or status in (*FINISHED, "refused", "answered-partial", "escalated", "draft"):
        return ""
    days = (due - today).days
    if days < 0:
        return f"Overdue by {-days} day{'s' if -days != 1 else ''}"
    if days == 0:
        return "Due today"
    return f"{days} day{'s' if days != 1 else ''} left"


def is_open(request: RequestInfo, today: date) -> bool:
    return request.status_on(today) not in FINISHED


def needs_action(request: RequestInfo, today: date) -> bool:
    return request.status_on(today) in NEEDS_ACTION


class RequestsTableModel(QAbstractTableModel):
    """One row per request, in the order given (the service lists newest first)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._requests: list[RequestInfo] = []
        self._today = date.today()

    def set_requests(self, requests: Sequence[RequestInfo], today: date) -> None:
        self.beginResetModel()
        self._requests = list(requests)
        self._today = today
        self.endResetModel()

    def clear(self) -> None:
        self.set_requests([], self._today)

    def request_at(self, row: int) -> RequestInfo | None:
        return self._requests[row] if 0 <= row < len(self._requests) else None

    def row_of(self, request_id: str) -> int:
        return next((row for row, r in enumerate(self._requests) if r.id == request_id), -1)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self._requests)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return COLUMNS[section]
        return None

    def _text(self, request: RequestInfo, column: int) -> str:
        if column == REFERENCE:
            return request.reference
        if column == COMPANY:
            return request.company
        if column == TYPE:
            return type_words(request.type)
        if column == STATUS:
            return status_words(request.status_on(self._today))
        if column == SENT:
            return short_day(request.sent_on)
        if column == DUE:
            return short_day(due_of(request))
        return ""

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        request = self.request_at(index.row()) if index.isValid() else None
        if request is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(request, column)
        if role == SORT_ROLE:
            if column in (SENT, DUE):
                # ISO text sorts as dates do; undated rows go last.
                value = request.sent_on if column == SENT else due_of(request)
                return value.isoformat() if value else "9999-12-31"
            return self._text(request, column).casefold()
        if role == KEY_ROLE:
            return request.id
        if role == REQUEST_ROLE:
            return request
        overdue = request.status_on(self._today) == "overdue"
        if role == Qt.ItemDataRole.ForegroundRole and overdue:
            return QBrush(WARNING)
        if role == Qt.ItemDataRole.FontRole and needs_action(request, self._today):
            font = QFont()
            font.setBold(True)  # what needs doing now stands out
            return font
        if role == Qt.ItemDataRole.ToolTipRole and overdue:
            return days_left_words(request, self._today)
        return None
