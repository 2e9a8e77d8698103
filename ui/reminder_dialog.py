"""Add a reminder of one's own: a title, a day and an optional note."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.background import describe_error, error_line, small_note
from vault.services.reminders import ReminderService


class ReminderDialog(QDialog):
    def __init__(self, reminders: ReminderService, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reminders = reminders
        self._today = today
        self.saved_key: str | None = None
        self.setWindowTitle("Add reminder")
        self.setMinimumWidth(480)
        intro = small_note("Holdfast reminds you on that day, here and in the calendar "
                           "export. Deadlines of agreements and requests are added by "
                           "themselves; this is for anything else.")
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("e.g. Check whether Gigly paid for the May takes")
        self.date_edit = QDateEdit(QDate(today.year, today.month, today.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMMM yyyy")
        self.date_edit.setMinimumDate(QDate(today.year, today.month, today.day))
        self.note_edit = QPlainTextEdit()
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText("Optional: what to do, whom to contact")
        self.note_edit.setFixedHeight(self.note_edit.fontMetrics().lineSpacing() * 3 + 14)
        form = QFormLayout()
        form.addRow("Title", self.title_edit)
        form.addRow("Remind me on", self.date_edit)
        form.addRow("Note", self.note_edit)
        self.error_label = error_line()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Add reminder")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def show_error(self, sentence: str) -> None:
        self.error_label.setText(sentence)
        self.error_label.show()

    def accept(self) -> None:
        """Save through the service; on bad input say why and stay open, storing nothing."""
        due_on: date = self.date_edit.date().toPython()  # type: ignore[assignment]
        if due_on < self._today:
            self.show_error("Choose today or a later day for the reminder.")
            return
        try:
            self.saved_key = self._reminders.add(self.title_edit.text(), due_on,
                                                 self.note_edit.toPlainText())
        except Exception as error:  # one sentence, the dialog stays open
            self.show_error(describe_error(error))
            self.title_edit.setFocus()
            return
        super().accept()

    @classmethod
    def launch(cls, reminders: ReminderService, today: date,
               parent: QWidget | None = None) -> str | None:
        """Show the dialog; the new reminder's key, or None if the person cancelled."""
        dialog = cls(reminders, today, parent)
        dialog.exec()
        return dialog.saved_key
