"""Snooze a reminder: hide it until tomorrow, for a week, or until a day the person picks."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ui.background import error_line, small_note
from ui.reminders_model import day_words


def snooze_problem(until: date, today: date) -> str | None:
    """One sentence if `until` cannot end a snooze (it must lie after today)."""
    if until <= today:
        return f"Choose a day after today ({day_words(today)}) to snooze until."
    return None


class SnoozeDialog(QDialog):
    def __init__(self, title: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self.until: date | None = None
        self.setWindowTitle("Snooze reminder")
        self.setMinimumWidth(440)
        heading = QLabel(f"<b>{_escape(title)}</b>")
        heading.setWordWrap(True)
        note = small_note("The reminder is hidden from the open list until then, "
                          "and comes back on that day.")
        tomorrow, next_week = today + timedelta(days=1), today + timedelta(days=7)
        self.day_button = QRadioButton(f"1 day (until {day_words(tomorrow)})")
        self.week_button = QRadioButton(f"1 week (until {day_words(next_week)})")
        self.pick_button = QRadioButton("Until")
        self.day_button.setChecked(True)
        self.choices = QButtonGroup(self)
        for button in (self.day_button, self.week_button, self.pick_button):
            self.choices.addButton(button)
        self.date_edit = QDateEdit(QDate(next_week.year, next_week.month, next_week.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMMM yyyy")
        self.date_edit.setMinimumDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
        self.date_edit.setEnabled(False)
        self.pick_button.toggled.connect(self.date_edit.setEnabled)
        pick_row = QHBoxLayout()
        pick_row.addWidget(self.pick_button)
        pick_row.addWidget(self.date_edit)
        pick_row.addStretch(1)
        self.error_label = error_line()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Snooze")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addWidget(self.day_button)
        layout.addWidget(self.week_button)
        layout.addLayout(pick_row)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def chosen_day(self) -> date:
        if self.day_button.isChecked():
            return self._today + timedelta(days=1)
        if self.week_button.isChecked():
            return self._today + timedelta(days=7)
        return self.date_edit.date().toPython()  # type: ignore[return-value]

    def accept(self) -> None:
        until = self.chosen_day()
        problem = snooze_problem(until, self._today)
        if problem:
            self.error_label.setText(problem)
            self.error_label.show()
            return
        self.until = until
        super().accept()

    @classmethod
    def launch(cls, title: str, today: date, parent: QWidget | None = None) -> date | None:
        """Ask until when to snooze; the chosen day, or None if the person cancelled."""
        dialog = cls(title, today, parent)
        dialog.exec()
        return dialog.until


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
