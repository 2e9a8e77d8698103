"""The recordings library: the table and details, a preview from memory, export and remove."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QSplitter, QVBoxLayout, QWidget

from ui.preview_pane import PreviewPane
from ui.recordings_page import RecordingsPage
from vault.errors import VaultError
from vault.services.agreements import AgreementService
from vault.services.recordings import RecordingService


class LibraryPage(QWidget):
    remove_confirmed = Signal(str)

    def __init__(self, recordings: RecordingService, agreements: AgreementService,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._recordings = recordings
        self._agreements = agreements
        self.table_page = RecordingsPage(recordings, agreements)
        self.preview = PreviewPane()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table_page)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.table_page.preview_requested.connect(self.show_preview)
        self.table_page.export_requested.connect(self.export_copy)
        self.table_page.remove_requested.connect(self.remove)
        self.table_page.recording_selected.connect(lambda _: self.preview.clear())

    def refresh(self) -> None:
        self.table_page.refresh()

    def focus_search(self) -> None:
        self.table_page.focus_search()

    def clear(self) -> None:
        self.preview.clear()

    def show_preview(self, recording_id: str) -> None:
        try:
            info = self._recordings.get(recording_id)
        except VaultError as error:
            QMessageBox.warning(self, "Preview", str(error))
            return
        self.preview.show_recording(info, partial(self._recordings.open_reader, recording_id))

    def export_copy(self, recording_id: str) -> None:
        info = self._recordings.get(recording_id)
        answer = QMessageBox.warning(
            self, "Export a decrypted copy",
            f"The copy of {info.title!r} will not be encrypted: anyone who can open the "
            "file can see or hear it. Export it anyway?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        name, _ = QFileDialog.getSaveFileName(self, "Export decrypted copy",
                                              info.original_name or info.title)
        if not name:
            return
        try:
            self._recordings.export_to_file(recording_id, Path(name), overwrite=True)
        except VaultError as error:
            QMessageBox.warning(self, "Export failed", str(error))
            return
        QMessageBox.information(self, "Exported", f"Saved a decrypted copy as {name}.")

    def remove(self, recording_id: str) -> None:
        info = self._recordings.get(recording_id)
        count = self._agreements.count_mentioning(recording_id)
        mention = (f" {count} agreement{'s' if count != 1 else ''} mention"
                   f"{'s' if count == 1 else ''} it; that record will go too."
                   if count else "")
        answer = QMessageBox.question(
            self, "Remove recording",
            f"Remove {info.title!r} and its encrypted file from the vault?{mention}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.preview.clear()
        self._recordings.remove(recording_id)
        self.remove_confirmed.emit(recording_id)
