"""Everything about one agreement: its terms in plain words, what looks wrong, the recordings
it covers, its documents (drop files here to attach them) and its payments."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.agreement_editor import plain
from ui.background import small_note
from ui.findings_list import FindingsList
from ui.form_parts import hbox
from ui.payments_ledger import PaymentsLedger
from vault.analysis.findings import Finding
from vault.analysis.status import StatusAt
from vault.services.agreements import AgreementInfo
from vault.services.insights import ClauseFinding

STATUS_WORDS = {"not-started": "Not started yet", "active": "Active",
                "expiring": "Ending soon", "ended": "Ended", "revoked": "Revoked",
                "deletion-requested": "Deletion requested",
                "deletion-confirmed": "Deletion confirmed"}
NO_RECORDINGS = ("No recordings are marked as covered. Use Edit… to tick the recordings "
                 "you gave under this agreement.")
NO_DOCUMENTS = ("No documents yet. Drop the contract or a copy of the terms here, or use "
                "Attach document…")
ID_ROLE = Qt.ItemDataRole.UserRole


def day(value: date | None) -> str:
    return f"{value.day} {value:%b %Y}" if value else ""


def status_words(state: StatusAt) -> str:
    words = STATUS_WORDS.get(state.status, state.status)
    if state.status in ("active", "expiring", "not-started"):
        words += f", until {day(state.until)}" if state.until else ", with no end date"
    if state.deletion_due:
        words += f"; your data must be deleted by {day(state.deletion_due)}"
    return words


def summary_rows(info: AgreementInfo, state: StatusAt) -> list[tuple[str, str]]:
    """The terms as a person would say them, one (label, sentence) per row."""
    t = info.terms
    ends = "Never: it is perpetual" if t.perpetual else day(t.ends_on)
    if t.auto_renews and t.renewal_months:
        ends += f", and it renews itself every {t.renewal_months} months"
        if t.renewal_notice_days:
            ends += f" unless cancelled {t.renewal_notice_days} days before"
    revoke = {"yes": "You can take your permission back at any time",
              "no": "You cannot take your permission back",
              "notice": f"You can take it back with {t.revocation_notice_days} days' notice",
              }.get(t.revocable, t.revocable)
    if t.revoked_on:
        revoke += f" (you revoked it on {day(t.revoked_on)})"
    deletion = {"days-after-end": f"Within {t.deletion_days} days after the agreement ends",
                "on-request": "When you ask for it",
                "not-stated": "The agreement does not say"}.get(t.deletion_clause, "")
    pay = ""
    if t.amount:
        pay = f"{t.amount} {t.currency}"
    if t.pay_model:
        pay = f"{plain(t.pay_model)}{': ' + pay if pay else ''}"
    return [
        ("Status", status_words(state)),
        ("Company", info.company_name + (f" (through {info.via_company_name})"
                                         if info.via_company_name else "")),
        ("Signed", day(t.signed_on) + (f", starts {day(t.effective_on)}"
                                       if t.effective_on and t.effective_on != t.signed_on
                                       else "")),
        ("Ends", ends),
        ("Revoking", revoke),
        ("Deleting your data", deletion),
        ("Permitted uses", ", ".join(plain(u) for u in t.permitted_uses) or "Not stated"),
        ("Data kinds", ", ".join(plain(k) for k in t.data_kinds) or "Not stated"),
        ("Exclusive", "Yes: you may not license this data to anyone else" if t.exclusive
         else "No"),
        ("Territory", t.territory or ""),
        ("Governing law", t.governing_law or ""),
        ("Pay", pay),
        ("Reference", t.reference or ""),
        ("Notes", t.notes or ""),
    ]


def summary_html(rows: Sequence[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><td style='padding-right:14px; color:gray'>{html.escape(k)}</td>"
                    f"<td>{html.escape(v)}</td></tr>" for k, v in rows if v)
    return f"<table cellspacing='3'>{cells}</table>"


class DocumentList(QListWidget):
    """The documents of an agreement; files dropped on it are asked to be attached."""

    files_dropped = Signal(list)  # list[Path]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setDragDropMode(QListWidget.DragDropMode.DropOnly)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)


def _heading(text: str) -> QLabel:
    label = QLabel(f"<b>{html.escape(text)}</b>")
    label.setContentsMargins(0, 10, 0, 0)
    return label


class AgreementDetail(QScrollArea):
    open_company = Signal(str)
    open_recording = Signal(str)
    open_document = Signal(str)  # document id
    attach_requested = Signal()
    files_dropped = Signal(list)  # list[Path]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._company_id = ""
        self._findings: list[Finding | ClauseFinding] = []
        self.title_label = QLabel()
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.company_button = QPushButton("Open company")
        self.company_button.clicked.connect(lambda: self.open_company.emit(self._company_id))
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.findings = FindingsList()
        self.findings.open_document.connect(self.open_document)
        self.analysing_label = QLabel("Reading the attached documents for risky clauses…")
        self.analysing_label.setEnabled(False)
        self.analysing_label.hide()
        self.recordings = QListWidget()
        self.recordings.setMaximumHeight(110)
        self.recordings.itemActivated.connect(
            lambda row: self.open_recording.emit(row.data(ID_ROLE)))
        self.recordings_hint = QLabel(NO_RECORDINGS)
        self.recordings_hint.setWordWrap(True)
        self.documents = DocumentList()
        self.documents.setMaximumHeight(110)
        self.documents.files_dropped.connect(self.files_dropped)
        self.documents.itemActivated.connect(
            lambda row: self.open_document.emit(row.data(ID_ROLE)))
        self.attach_button = QPushButton("Attach document…")
        self.attach_button.clicked.connect(self.attach_requested)
        self.payments = PaymentsLedger()
        self.payments.setMinimumHeight(150)

        body = QWidget()
        column = QVBoxLayout(body)
        title_row = hbox(self.title_label, self.company_button)
        title_row.setStretch(0, 1)  # the title takes the width, the button only what it needs
        column.addLayout(title_row)
        column.addWidget(self.summary_label)
        column.addWidget(_heading("What to watch out for"))
        column.addWidget(self.analysing_label)
        column.addWidget(self.findings)
        column.addWidget(_heading("Recordings covered"))
        column.addWidget(self.recordings_hint)
        column.addWidget(self.recordings)
        column.addLayout(hbox(_heading("Documents"), None, self.attach_button))
        column.addWidget(self.documents)
        column.addWidget(small_note("Double-click a document to read it here. Drop files on "
                                    "the list to attach them; the vault keeps an encrypted "
                                    "copy."))
        column.addWidget(_heading("Payments"))
        column.addWidget(self.payments)
        column.addStretch(1)
        self.setWidget(body)

    def show_agreement(self, info: AgreementInfo, state: StatusAt) -> None:
        self._company_id = info.company_id
        self.title_label.setText(f"<h2>{html.escape(info.terms.title)}</h2>")
        self.summary_label.setText(summary_html(summary_rows(info, state)))
        self.recordings.clear()
        for held in info.recordings:
            delivered = f", given {day(held.delivered_on)}" if held.delivered_on else ""
            row = QListWidgetItem(f"{held.title}  ({held.kind}{delivered})")
            row.setData(ID_ROLE, held.recording_id)
            self.recordings.addItem(row)
        self.recordings.setVisible(bool(info.recordings))
        self.recordings_hint.setVisible(not info.recordings)
        self.documents.clear()
        for document in info.documents:
            notice = f" — {document.text_notice}" if document.text_notice else ""
            row = QListWidgetItem(f"{document.original_name}  ({plain(document.kind)}, "
                                  f"captured {day(document.captured_on)}){notice}")
            row.setData(ID_ROLE, document.id)
            row.setToolTip("Double-click to read it. SHA-256: " + document.sha256)
            self.documents.addItem(row)
        if not info.documents:
            hint_row = QListWidgetItem(NO_DOCUMENTS)
            hint_row.setFlags(Qt.ItemFlag.NoItemFlags)
            self.documents.addItem(hint_row)
        self.payments.show_payments(info.payments)

    def set_findings(self, findings: Sequence[Finding | ClauseFinding]) -> None:
        self._findings = list(findings)
        self.findings.show_findings(self._findings)

    def add_findings(self, findings: Sequence[Finding | ClauseFinding]) -> None:
        self.set_findings(self._findings + list(findings))

    def set_analysing(self, busy: bool) -> None:
        self.analysing_label.setVisible(busy)

    def document_names(self) -> list[str]:
        return [self.documents.item(i).text() for i in range(self.documents.count())
                if self.documents.item(i).data(ID_ROLE)]

    def clear(self) -> None:
        self._company_id = ""
        self.title_label.clear()
        self.summary_label.clear()
        self.recordings.clear()
        self.documents.clear()
        self.payments.clear()
        self.set_findings([])
        self.set_analysing(False)
