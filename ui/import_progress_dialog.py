"""Progress of an import: files, bytes and speed, with a Cancel that leaves nothing partial."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)


def human_bytes(count: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if count < 1000 or unit == "TB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1000
    return f"{count:.1f} TB"


class ImportProgressDialog(QDialog):
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Importing")
        self.setModal(True)
        self.setMinimumWidth(420)
        self.heading = QLabel("Encrypting your files into the vault…")
        self.files_label = QLabel()
        self.bytes_label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.request_cancel)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.files_label, self.bar, self.bytes_label, buttons):
            layout.addWidget(widget)
        self.files_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)

    def update_progress(self, files_done: int, files_total: int, bytes_done: int,
                        bytes_total: int, speed: float, name: str) -> None:
        current = min(files_done + 1, files_total)
        self.files_label.setText(f"File {current} of {files_total}: {name}")
        self.bar.setValue(int(1000 * bytes_done / bytes_total) if bytes_total else 1000)
        self.bytes_label.setText(f"{human_bytes(bytes_done)} of {human_bytes(bytes_total)}"
                                 f" — {human_bytes(speed)}/s")

    def request_cancel(self) -> None:
        self.heading.setText("Cancelling… the file being read will not be stored.")
        self.cancel_button.setEnabled(False)
        self.cancel_requested.emit()

    def reject(self) -> None:  # Esc or the window's close button also cancel
        self.request_cancel()
