"""The agreements page: every agreement with its status today on the left, everything about
the selected one on the right. New, edit and remove; attach documents; add payments; ask the
company to delete the data."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.agreement_detail import STATUS_WORDS, AgreementDetail, day
from ui.agreement_editor import AgreementChoice, AgreementEditor
from ui.background import describe_error, run_in_background
from ui.clause_job import ClauseJob
from ui.document_view_dialog import DocumentViewDialog
from ui.form_parts import hbox
from ui.navigation import RequestTarget, Today
from ui.payment_dialog import PaymentDialog, PaymentEntry
from vault.analysis.findings import Finding
from vault.analysis.status import DeletionEvents
from vault.errors import VaultError
from vault.services.agreements import AgreementInfo, AgreementService
from vault.services.companies import CompanyService
from vault.services.documents import DocumentService
from vault.services.insights import ClauseFinding, InsightService
from vault.services.recordings import RecordingService

EMPTY_HINT = ("No agreements yet. Add each contract or set of terms you accepted with "
              "New agreement…, so Holdfast can tell you what each company may do and until "
              "when.")
NO_SELECTION_HINT = "Select an agreement to see its terms, documents, payments and findings."
DOCUMENT_FILTER = "Documents (*.pdf *.txt *.md *.html *.htm *.eml);;All files (*)"
ID_ROLE = Qt.ItemDataRole.UserRole


class AgreementsPage(QWidget):
    open_company = Signal(str)
    open_recording = Signal(str)
    new_request = Signal(object)  # a ui.navigation.RequestTarget
    data_changed = Signal()

    def __init__(self, agreements: AgreementService, companies: CompanyService,
                 recordings: RecordingService, documents: DocumentService,
                 insights: InsightService, today: Today = date.today,
                 pool: QThreadPool | None = None, parent: QWidget | None = None, *,
                 remove_agreement: Callable[[str], AgreementInfo] | None = None,
                 deletion_events: Callable[[], Mapping[str, DeletionEvents]] | None = None
                 ) -> None:
        super().__init__(parent)
        self._agreements = agreements
        self._companies = companies
        self._recordings = recordings
        self._documents = documents
        self._insights = insights
        self._today = today
        self._pool = pool or QThreadPool.globalInstance()
        # The vault's remove_agreement also deletes the documents' stored copies.
        self._remove = remove_agreement or agreements.remove
        self._deletion_events = deletion_events or dict
        self._shown: list[AgreementInfo] = []
        self._current: AgreementInfo | None = None
        self._clause_results: list[ClauseFinding] | None = None
        self._job_number = 0
        self._jobs: dict[int, ClauseJob] = {}

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Company", "Title", "Status today", "Ends"])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _: self.edit_selected())
        self.list_hint = QLabel(EMPTY_HINT)
        self.list_hint.setWordWrap(True)
        self.list_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.new_button = QPushButton("New agreement…")
        self.edit_button = QPushButton("Edit…")
        self.remove_button = QPushButton("Remove…")
        self.new_button.clicked.connect(self.create_agreement)
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.table, 1)
        left_column.addWidget(self.list_hint, 1)
        left_column.addLayout(hbox(self.new_button, self.edit_button, self.remove_button))

        self.detail = AgreementDetail()
        self.detail.open_company.connect(self.open_company)
        self.detail.open_recording.connect(self.open_recording)
        self.detail.open_document.connect(self.open_document)
        self.detail.attach_requested.connect(self.choose_documents)
        self.detail.files_dropped.connect(self.attach_paths)
        self.detail.payments.add_requested.connect(self.add_payment)
        self.erasure_button = QPushButton("Request deletion…")
        self.erasure_button.setToolTip("Write to the company asking it to delete the data "
                                       "this agreement covers.")
        self.erasure_button.clicked.connect(self.request_deletion)
        detail_page = QWidget()
        detail_column = QVBoxLayout(detail_page)
        detail_column.setContentsMargins(0, 0, 0, 0)
        detail_column.addLayout(hbox(self.erasure_button, None))
        detail_column.addWidget(self.detail, 1)
        self.no_selection_label = QLabel(NO_SELECTION_HINT)
        self.no_selection_label.setWordWrap(True)
        self.no_selection_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.right = QStackedWidget()
        self.right.addWidget(self.no_selection_label)
        self.right.addWidget(detail_page)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([440, 660])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.refresh()

    # -- list -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload from the vault, keeping the selection if that agreement remains."""
        keep = self.selected_id()
        today = self._today()
        events = self._deletion_events()
        self._shown = self._agreements.list()
        self.table.blockSignals(True)
        self.table.setRowCount(len(self._shown))
        for row, info in enumerate(self._shown):
            state = info.status(today, events.get(info.id))
            cells = (info.company_name, info.terms.title,
                     STATUS_WORDS.get(state.status, state.status),
                     "Never (perpetual)" if info.terms.perpetual else day(state.until))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, info.id)
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self.list_hint.setVisible(not self._shown)
        self.table.setVisible(bool(self._shown))
        if not keep or not self.show_agreement(keep):
            self.table.clearSelection()
            self._selection_changed()

    def clear(self) -> None:
        """Before the vault locks: hold nothing decrypted."""
        self._job_number += 1  # answers still on their way are dropped
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        self.table.blockSignals(False)
        self._shown = []
        self._current = None
        self._clause_results = None
        self.detail.clear()
        self.right.setCurrentIndex(0)
        self._update_buttons()

    def selected_id(self) -> str:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return ""
        item = self.table.item(rows[0].row(), 0)
        return str(item.data(ID_ROLE)) if item is not None else ""

    def show_agreement(self, agreement_id: str) -> bool:
        """Select an agreement by id (from another page); False if it is not in the list."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(ID_ROLE) == agreement_id:
                self.table.blockSignals(True)
                self.table.selectRow(row)
                self.table.blockSignals(False)
                self._selection_changed()
                return True
        return False

    def _selection_changed(self) -> None:
        agreement_id = self.selected_id()
        if agreement_id:
            self._show_detail(agreement_id)
            self.right.setCurrentIndex(1)
        else:
            self._current = None
            self._job_number += 1
            self.detail.clear()
            self.right.setCurrentIndex(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = bool(self.selected_id())
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)
        self.erasure_button.setEnabled(chosen)

    # -- detail and findings ------------------------------------------------------------------

    def _show_detail(self, agreement_id: str) -> None:
        info = self._agreements.get(agreement_id)
        self._current = info
        today = self._today()
        self.detail.show_agreement(info, info.status(today,
                                                     self._deletion_events().get(info.id)))
        # A use no agreement permits belongs to every agreement with that company.
        findings: list[Finding | ClauseFinding] = [
            f for f in self._insights.scope_findings(today) if f.agreement_id == info.id
            or (f.agreement_id is None and f.company == info.company_name)]
        findings.extend(self._insights.term_flags(info.id))
        self.detail.set_findings(findings)
        self._start_clause_analysis(info)

    def _start_clause_analysis(self, info: AgreementInfo) -> None:
        self._job_number += 1
        self._clause_results = None
        if not info.documents:
            self._clause_results = []
            self.detail.set_analysing(False)
            return
        job = ClauseJob(self._job_number, info.id, self._insights.clause_flags)
        job.signals.finished.connect(self._clauses_found)
        job.signals.failed.connect(self._clauses_failed)
        self._jobs[job.number] = job
        self.detail.set_analysing(True)
        self._pool.start(job)

    def _clauses_found(self, number: int, found: list[ClauseFinding]) -> None:
        self._jobs.pop(number, None)
        if number != self._job_number:
            return  # about an agreement no longer shown
        self._clause_results = found
        self.detail.set_analysing(False)
        self.detail.add_findings(found)

    def _clauses_failed(self, number: int, sentence: str) -> None:
        self._jobs.pop(number, None)
        if number == self._job_number:
            self.detail.set_analysing(False)
            self.detail.analysing_label.setText(
                f"The documents could not be read for risky clauses: {sentence}")
            self.detail.analysing_label.show()

    def analysis_running(self) -> bool:
        return self._job_number in self._jobs

    # -- create, edit, remove -------------------------------------------------------------------

    def create_agreement(self) -> None:
        saved: list[AgreementInfo] = []

        def save(choice: AgreementChoice) -> None:
            saved.append(self._agreements.add(choice.company_id, choice.terms,
                                              recordings=choice.recording_ids))

        if not self._companies.list():
            QMessageBox.information(self, "Add the company first",
                                    "An agreement is with a company. Add the company on the "
                                    "Companies page first, then come back here.")
            return
        AgreementEditor.launch(self, self._companies.list(), self._recordings.list(),
                               None, save=save, today=self._today())
        if saved:
            self.refresh()
            self.show_agreement(saved[-1].id)
            self.data_changed.emit()

    def edit_selected(self) -> None:
        if self._current is None:
            return
        existing = self._current
        before = {r.recording_id for r in existing.recordings}

        def save(choice: AgreementChoice) -> None:
            after = set(choice.recording_ids)
            changes = {name: getattr(choice.terms, name)
                       for name in choice.terms.__dataclass_fields__}
            self._agreements.edit(existing.id, company=choice.company_id,
                                  recordings=sorted(after - before),
                                  drop_recordings=sorted(before - after), **changes)

        if AgreementEditor.launch(self, self._companies.list(), self._recordings.list(),
                                  existing, save=save, today=self._today()) is not None:
            self.refresh()
            self.data_changed.emit()

    def remove_selected(self) -> None:
        if self._current is None:
            return
        info = self._current
        answer = QMessageBox.question(
            self, "Remove agreement?",
            f"Remove \u201c{info.terms.title}\u201d with {info.company_name}? Its "
            f"{len(info.documents)} document(s) and {len(info.payments)} payment(s) are "
            "removed too. The recordings stay in your library.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self._remove(info.id)
        except VaultError as error:
            QMessageBox.warning(self, "Agreement not removed", str(error))
            return
        self.refresh()
        self.data_changed.emit()

    def request_deletion(self) -> None:
        if self._current is not None:
            self.new_request.emit(RequestTarget(
                self._current.company_id, "erasure", agreement_id=self._current.id,
                recording_ids=tuple(r.recording_id for r in self._current.recordings)))

    # -- documents and payments ---------------------------------------------------------------

    def choose_documents(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Attach documents", "", DOCUMENT_FILTER)
        if paths:
            self.attach_paths([Path(p) for p in paths])

    def attach_paths(self, paths: list[Path]) -> None:
        """Store a copy of each file with the agreement; say which could not be attached."""
        if self._current is None:
            return
        agreement_id, today = self._current.id, self._today()
        problems: list[str] = []
        for path in paths:
            try:
                # Reading, hashing and extracting text can take a while for a big PDF.
                run_in_background(partial(self._documents.attach, agreement_id, path,
                                          captured_on=today))
            except Exception as error:
                problems.append(f"{path.name}: {describe_error(error)}")
        self.refresh()
        self.data_changed.emit()
        if problems:
            QMessageBox.warning(self, "Some documents were not attached",
                                "\n".join(problems))

    def open_document(self, document_id: str) -> None:
        if self._current is None:
            return
        agreement_id = self._current.id
        try:
            data = run_in_background(lambda: self._documents.read(document_id))
            texts = dict((d.id, (d, t)) for d, t in self._documents.texts(agreement_id))
            found = self._clause_results
            if found is None:
                found = run_in_background(lambda: self._insights.clause_flags(agreement_id))
        except Exception as error:
            QMessageBox.warning(self, "Document not opened", describe_error(error))
            return
        document, text = texts[document_id]
        flags = [f.flag for f in found if f.document_id == document_id]
        DocumentViewDialog.launch(self, document.original_name, data, document.media_type,
                                  flags, text or None)

    def add_payment(self) -> None:
        if self._current is None:
            return
        agreement_id = self._current.id

        def save(entry: PaymentEntry) -> None:
            self._agreements.add_payment(agreement_id, entry.amount, entry.currency, entry.on,
                                         received=entry.received, note=entry.note)

        if PaymentDialog.launch(self, save, self._today(),
                                self._current.terms.currency or "") is not None:
            self.refresh()
            self.data_changed.emit()
