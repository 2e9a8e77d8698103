"""The reminders table: a thin item model over `ReminderService.all(today)` results.

The page asks the service and hands the reminders in with `set_reminders(reminders, today)`;
nothing here talks to the vault. The helpers say in plain words where a reminder comes
from, what state it is in on a given day, and which agreement or request it belongs to.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from vault.services.reminders import Reminder

COLUMNS = ("Reminder", "Due", "About", "State")
TITLE, DUE, SOURCE, STATE = range(len(COLUMNS))

KEY_ROLE = Qt.ItemDataRole.UserRole  # the reminder key, on every column
REMINDER_ROLE = Qt.ItemDataRole.UserRole + 1  # the Reminder itself, on every column

AnyIndex = QModelIndex | QPersistentModelIndex

# The first part of a reminder key names where it comes from (see vault/services/reminders.py).
SOURCES = {
    "agreement-ends": ("Agreement ending", "agreement"),
    "deletion-due": ("Deletion due", "agreement"),
    "biometric-destruction": ("Biometric data", "agreement"),
    "acknowledge": ("Request acknowledgement", "request"),
    "extension": ("Request deadline", "request"),
    "request-due": ("Request deadline", "request"),
    "overdue": ("Overdue request", "request"),
    "complaint": ("Complaint", "request"),
    "access-check": ("Yearly check", "company"),
    "user": ("Your own", ""),
}


def day_words(day: date | None) -> str:
    """A date as people write it: 1 December 2026 (empty for none)."""
    return f"{day.day} {day:%B %Y}" if day else ""


def source_words(reminder: Reminder) -> str:
    """Where the reminder comes from, in plain words."""
    return SOURCES.get(reminder.key.split(":", 1)[0], ("Other", ""))[0]


def link_of(reminder: Reminder) -> tuple[str, str] | None:
    """("agreement" | "request" | "company", id) of the item the reminder is about, or None."""
    kind = SOURCES.get(reminder.key.split(":", 1)[0], ("", ""))[1]
    if not kind or not reminder.record_id:
        return None
    return kind, reminder.record_id


def is_open(reminder: Reminder, today: date) -> bool:
    """Not done and not snoozed past today (what the "Open" filter shows, as the CLI does)."""
    return reminder.done_on is None and (reminder.snoozed_until is None
                                         or reminder.snoozed_until <= today)


def is_due(reminder: Reminder, today: date) -> bool:
    """Needs attention today: open and its day has come."""
    return is_open(reminder, today) and reminder.due_on <= today


def state_words(reminder: Reminder, today: date) -> str:
    """done, snoozed until .., overdue, due today, or when it comes up."""
    if reminder.done_on is not None:
        return f"Done on {day_words(reminder.done_on)}"
    if reminder.snoozed_until is not None and reminder.snoozed_until > today:
        return f"Snoozed until {day_words(reminder.snoozed_until)}"
    if reminder.due_on < today:
        days = (today - reminder.due_on).days
        return f"Overdue by {days} day{'s' if days > 1 else ''}"
    if reminder.due_on == today:
        return "Due today"
    days = (reminder.due_on - today).days
    return "Due tomorrow" if days == 1 else f"In {days} days"


class RemindersTableModel(QAbstractTableModel):
    """One row per reminder, in the order given (the service sorts soonest first)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reminders: list[Reminder] = []
        self._today = date.today()

    def set_reminders(self, reminders: Sequence[Reminder], today: date) -> None:
        self.beginResetModel()
        self._reminders = list(reminders)
        self._today = today
        self.endResetModel()

    def clear(self) -> None:
        self.set_reminders([], self._today)

    def reminder_at(self, row: int) -> Reminder | None:
        return self._reminders[row] if 0 <= row < len(self._reminders) else None

    def row_of(self, key: str) -> int:
        """The row of the reminder with this key, or -1."""
        return next((row for row, r in enumerate(self._reminders) if r.key == key), -1)

    # -- QAbstractTableModel ----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self._reminders)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return COLUMNS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        reminder = self.reminder_at(index.row()) if index.isValid() else None
        if reminder is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == TITLE:
                return reminder.title
            if column == DUE:
                return day_words(reminder.due_on)
            if column == SOURCE:
                return source_words(reminder)
            if column == STATE:
                return state_words(reminder, self._today)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return reminder.detail or None
        if role == KEY_ROLE:
            return reminder.key
        if role == REMINDER_ROLE:
            return reminder
        if role == Qt.ItemDataRole.FontRole and column == STATE \
                and is_due(reminder, self._today):
            font = QFont()
            font.setBold(True)  # what needs doing now stands out
            return font
        return None
