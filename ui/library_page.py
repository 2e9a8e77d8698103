"""The recordings library: the table and details, a preview from memory, export and remove."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QSplitter, QVBoxLayout, QWidget

from ui.findings_list import FindingsList
from ui.navigation import Today
from ui.preview_pane import PreviewPane
from ui.recordings_page import RecordingsPage
from vault.analysis.findings import Finding
from vault.errors import VaultError
from vault.services.agreements import AgreementService
from vault.services.insights import InsightService
from vault.services.recordings import RecordingService


class LibraryPage(QWidget):
    remove_confirmed = Signal(str)

    def __init__(self, recordings: RecordingService, agreements: AgreementService,
                 insights: InsightService | None = None, today: Today = date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._recordings = recordings
        self._agreements = agreements
        self._insights = insights
        self._today = today
        self._findings: dict[str, list[Finding]] | None = None  # recording id -> findings
        self.table_page = RecordingsPage(recordings, agreements)
        self.findings = FindingsList()
        if insights is not None:
            self.table_page.extra_rows.addRow("Looks wrong", self.findings)
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
        self.table_page.recording_selected.connect(self._selected)

    def refresh(self) -> None:
        self._findings = None
        self.table_page.refresh()
        self._show_findings(self.table_page.selected_id())

    def _selected(self, recording_id: str) -> None:
        self.preview.clear()
        self._show_findings(recording_id)

    def _show_findings(self, recording_id: str) -> None:
        """The scope checks that name this recording (worked out once per refresh)."""
        if self._insights is None or not recording_id:
            self.findings.clear()
            return
        if self._findings is None:
            self._findings = {}
            try:
                found = self._insights.scope_findings(self._today())
            except VaultError:
                found = []
            for finding in found:
                if finding.recording_id:
                    self._findings.setdefault(finding.recording_id, []).append(finding)
        self.findings.show_findings(self._findings.get(recording_id, []))

    def focus_search(self) -> None:
        self.table_page.focus_search()

    def clear(self) -> None:
        self.preview.clear()
        self.findings.clear()
        self._findings = None

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
