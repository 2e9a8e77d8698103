"""The reminders page: what falls due and when, with snooze, done, reminders of one's own and
an export to the calendar (.ics). Reminders that belong to an agreement or a request open it
(by signal; the main window routes it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.background import describe_error, error_line, small_note
from ui.navigation import Today
from ui.reminder_dialog import ReminderDialog
from ui.reminders_model import (
    DUE,
    SOURCE,
    STATE,
    TITLE,
    RemindersTableModel,
    day_words,
    is_due,
    is_open,
    link_of,
)
from ui.snooze_dialog import SnoozeDialog, snooze_problem
from vault.fsutil import atomic_write_bytes
from vault.services.calendar_export import reminders_to_ics
from vault.services.reminders import Reminder, ReminderService

EMPTY_HINT = ("Nothing to remind you of yet. Reminders appear here by themselves when an "
              "agreement is about to end or a request falls due; add your own with "
              "\u201cAdd reminder\u2026\u201d.")
NOTHING_OPEN_HINT = ("Nothing is open right now. Choose \u201cAll\u201d to see snoozed and "
                     "done reminders.")
NO_SELECTION_HINT = "Select a reminder to see what it is about."
OPEN_FILTER, ALL_FILTER = "Open", "All"


class RemindersPage(QWidget):
    open_agreement = Signal(str)  # agreement id
    open_request = Signal(str)  # request id
    open_company = Signal(str)  # company id (the yearly access check)
    data_changed = Signal()

    def __init__(self, reminders: ReminderService, vault_id: str, today: Today = date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reminders = reminders
        self._vault_id = vault_id
        self._today = today
        self._everything: list[Reminder] = []
        self.model = RemindersTableModel(self)

        heading = QLabel("<h2>Reminders</h2>")
        self.filter_box = QComboBox()
        self.filter_box.addItems([OPEN_FILTER, ALL_FILTER])
        self.filter_box.setToolTip("Open: not done and not snoozed. All: everything.")
        self.filter_box.currentIndexChanged.connect(self._show_filtered)
        self.count_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.count_label)
        top.addWidget(QLabel("Show"))
        top.addWidget(self.filter_box)

        self.table = self._build_table()
        self.empty_label = small_note(EMPTY_HINT)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail_label = small_note(NO_SELECTION_HINT)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.open_button = QPushButton("Open")
        self.open_button.setToolTip("Show the agreement or request this reminder is about")
        self.open_button.clicked.connect(self.open_selected)
        self.snooze_button = QPushButton("Snooze\u2026")
        self.snooze_button.clicked.connect(self.snooze_selected)
        self.done_button = QPushButton("Done")
        self.done_button.clicked.connect(self.mark_selected_done)
        self.add_button = QPushButton("Add reminder\u2026")
        self.add_button.clicked.connect(self.add_reminder)
        self.export_button = QPushButton("Export to calendar\u2026")
        self.export_button.setToolTip("Save the reminders as an .ics file for your calendar app")
        self.export_button.clicked.connect(self.export_calendar)
        buttons = QHBoxLayout()
        for button in (self.open_button, self.snooze_button, self.done_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.export_button)

        self.status_label = small_note()
        self.error_label = error_line()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(self.detail_label)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        layout.addWidget(self.error_label)
        self.refresh()

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        header = table.horizontalHeader()
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (DUE, SOURCE, STATE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        table.doubleClicked.connect(lambda index: self.open_selected())
        table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        return table

    # -- the page contract ------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload from the vault, keeping the selected reminder selected."""
        keep = self.selected_key()
        self._everything = self._reminders.all(self._today())
        self._show_filtered(keep=keep)

    def clear(self) -> None:
        """Drop every displayed value (before the vault locks)."""
        self._everything = []
        self.model.clear()
        self.detail_label.setText(NO_SELECTION_HINT)
        self.status_label.clear()
        self.error_label.hide()
        self.count_label.clear()
        self.export_button.setEnabled(False)
        self._update_buttons()

    # -- showing ----------------------------------------------------------------------------

    def showing_all(self) -> bool:
        return self.filter_box.currentText() == ALL_FILTER

    def _show_filtered(self, *_: object, keep: str | None = None) -> None:
        keep = keep if keep is not None else self.selected_key()
        today = self._today()
        shown = self._everything if self.showing_all() else [
            r for r in self._everything if is_open(r, today)]
        self.model.set_reminders(shown, today)
        due = sum(1 for r in self._everything if is_due(r, today))
        self.count_label.setText(f"{due} need{'s' if due == 1 else ''} attention"
                                 if due else "Nothing needs attention today")
        self.table.setVisible(bool(shown))
        self.empty_label.setVisible(not shown)
        self.empty_label.setText(NOTHING_OPEN_HINT if self._everything else EMPTY_HINT)
        self.detail_label.setVisible(bool(shown))
        self.export_button.setEnabled(any(r.done_on is None for r in self._everything))
        if keep and (row := self.model.row_of(keep)) >= 0:
            self.table.selectionModel().select(
                self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        self._selection_changed()

    def selected(self) -> Reminder | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.reminder_at(rows[0].row()) if rows else None

    def selected_key(self) -> str | None:
        reminder = self.selected()
        return reminder.key if reminder else None

    def select_key(self, key: str) -> bool:
        row = self.model.row_of(key)
        if row < 0:
            return False
        self.table.selectRow(row)
        return True

    def _selection_changed(self) -> None:
        reminder = self.selected()
        self.detail_label.setText(reminder.detail or reminder.title if reminder
                                  else NO_SELECTION_HINT)
        self._update_buttons()

    def _update_buttons(self) -> None:
        reminder = self.selected()
        self.open_button.setEnabled(reminder is not None and link_of(reminder) is not None)
        self.snooze_button.setEnabled(reminder is not None and reminder.done_on is None)
        self.done_button.setEnabled(reminder is not None and reminder.done_on is None)

    def _say(self, sentence: str) -> None:
        self.error_label.hide()
        self.status_label.setText(sentence)

    def _fail(self, sentence: str) -> None:
        self.status_label.clear()
        self.error_label.setText(sentence)
        self.error_label.show()

    # -- actions ----------------------------------------------------------------------------

    def open_selected(self) -> None:
        reminder = self.selected()
        link = link_of(reminder) if reminder else None
        if link is None:
            return
        kind, record_id = link
        {"agreement": self.open_agreement, "request": self.open_request,
         "company": self.open_company}[kind].emit(record_id)

    def snooze_selected(self) -> None:
        reminder = self.selected()
        if reminder is None or reminder.done_on is not None:
            return
        today = self._today()
        until = SnoozeDialog.launch(reminder.title, today, self)
        if until is None:
            return
        problem = snooze_problem(until, today)
        if problem:
            self._fail(problem)
            return
        if self._change(lambda: self._reminders.snooze(reminder.key, until)):
            self._say(f"Snoozed until {day_words(until)}: \u201c{reminder.title}\u201d.")

    def mark_selected_done(self) -> None:
        reminder = self.selected()
        if reminder is None or reminder.done_on is not None:
            return
        today = self._today()
        if self._change(lambda: self._reminders.done(reminder.key, today)):
            self._say(f"Marked as done: \u201c{reminder.title}\u201d.")

    def add_reminder(self) -> None:
        key = ReminderDialog.launch(self._reminders, self._today(), self)
        if key is None:
            return
        self.refresh()
        self.data_changed.emit()
        added = next((r for r in self._everything if r.key == key), None)
        if added is not None:
            self.select_key(key)
            self._say(f"Added \u201c{added.title}\u201d for {day_words(added.due_on)}.")

    def _change(self, work: Callable[[], None]) -> bool:
        try:
            work()
        except Exception as error:  # one sentence; the service changed nothing
            self._fail(describe_error(error))
            return False
        self.refresh()
        self.data_changed.emit()
        return True

    def export_calendar(self) -> None:
        """Write every reminder not yet done to an .ics file the person chooses."""
        name, _ = QFileDialog.getSaveFileName(self, "Export reminders to a calendar file",
                                              "holdfast-reminders.ics",
                                              "Calendar files (*.ics)")
        if not name:
            return
        target = Path(name)
        if target.suffix.lower() != ".ics":
            target = target.with_name(target.name + ".ics")
        try:
            everything = self._reminders.all(self._today())
            atomic_write_bytes(target, reminders_to_ics(everything, self._vault_id))
        except Exception as error:
            self._fail(f"The calendar file was not saved. {describe_error(error)}")
            return
        count = sum(1 for r in everything if r.done_on is None)
        self._say(f"Saved {count} reminder{'s' if count != 1 else ''} to {target}. Open it "
                  "with your calendar app; importing it again updates them instead of "
                  "adding copies.")
