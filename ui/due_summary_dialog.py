"""After unlocking: what fell due while Holdfast was closed, with a way to the reminders."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.background import small_note
from ui.due_summary import due_day
from ui.reminders_model import day_words
from vault.services.reminders import Reminder

HEADING = "While Holdfast was closed, these fell due:"


class DueSummaryDialog(QDialog):
    def __init__(self, items: Sequence[Reminder], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.open_chosen = False
        self.setWindowTitle("Reminders")
        self.setMinimumSize(520, 300)
        heading = QLabel(f"<b>{HEADING}</b>")
        self.list = QListWidget()
        self.list.setSpacing(3)
        for reminder in items:
            item = QListWidgetItem(f"{reminder.title}\n    due {day_words(due_day(reminder))}")
            item.setToolTip(reminder.detail)
            self.list.addItem(item)
        note = small_note("They stay in the reminders list until you mark them done "
                          "or snooze them.")
        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton("Open reminders",
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.open_button.setDefault(True)
        buttons.accepted.connect(self._open)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.list)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def _open(self) -> None:
        self.open_chosen = True
        self.accept()

    @classmethod
    def launch(cls, parent: QWidget | None, items: Sequence[Reminder]) -> bool:
        """Show what fell due (nothing when `items` is empty); True if the person chose
        "Open reminders" (the caller then shows the reminders page)."""
        if not items:
            return False
        dialog = cls(items, parent)
        dialog.exec()
        return dialog.open_chosen
