"""Everything about one request: the law and its dates, the timeline, the letters and
replies kept with it, and the next thing to do in plain words."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from ui.form_parts import hbox, link_label
from ui.navigation import RequestTarget
from ui.reminders_model import day_words
from ui.requests_model import (
    CHANNEL_WORDS,
    days_left_words,
    status_words,
    type_words,
)
from vault.errors import VaultError
from vault.legal.regimes import regime
from vault.services.requests import RequestInfo

EVENT_WORDS = {
    "created": "Started", "sent": "Sent", "received": "Received by them",
    "acknowledged": "They acknowledged it", "extension-notified": "They took an extension",
    "answered-complete": "Answered in full", "answered-partial": "Answered in part",
    "refused": "Refused", "overdue": "Marked overdue", "complaint-filed": "Complaint filed",
    "follow-up-sent": "Follow-up sent", "closed": "Closed",
}


def _e(text: object) -> str:
    return html.escape(str(text))


def _link(kind: str, key: str, text: str) -> str:
    return f'<a href="{kind}:{_e(key)}">{_e(text)}</a>'


def _rows(pairs: list[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><td style='padding-right:12px; color:gray'>{_e(k)}</td>"
                    f"<td>{v}</td></tr>" for k, v in pairs if v)
    return f"<table cellspacing='2'>{cells}</table>"


def law_name(regime_id: str) -> str:
    try:
        return regime(regime_id).name
    except (VaultError, KeyError, ValueError):
        return regime_id


def next_action_words(status: str) -> str:
    if status == "draft":
        return "This request has not gone out yet. Write the letter and send it."
    if status in ("sent", "acknowledged", "extended"):
        return "Wait for their answer. When they reply, record it here."
    if status == "overdue":
        return ("They did not answer in time. Send a follow-up, or complain to the "
                "supervisory authority.")
    if status in ("refused", "answered-partial"):
        return ("They did not do everything you asked. You can complain to the supervisory "
                "authority, or send a follow-up.")
    if status == "escalated":
        return "Your complaint is with the authority. Record what they decide."
    return "Nothing left to do: this request is finished."


class RequestDetail(QWidget):
    open_company = Signal(str)
    open_agreement = Signal(str)
    open_request = Signal(str)  # the request this one follows up
    open_document = Signal(str)  # a document id
    new_request = Signal(object)  # a ui.navigation.RequestTarget
    continue_draft = Signal(str)
    record_reply = Signal(str)  # the page opens the update dialog

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._request: RequestInfo | None = None
        self.title_label = QLabel()
        self.title_label.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.title_label.setWordWrap(True)
        self.subtitle_label = self._text()
        self.status_label = self._text()
        self.next_label = self._text()
        self.write_button = QPushButton("Write and send the letter")
        self.reply_button = QPushButton("Record their reply")
        self.follow_up_button = QPushButton("Send a follow-up")
        self.complaint_button = QPushButton("Complain to the authority")
        self.write_button.clicked.connect(self._continue)
        self.reply_button.clicked.connect(self._record)
        self.follow_up_button.clicked.connect(lambda: self._new("follow-up"))
        self.complaint_button.clicked.connect(lambda: self._new("complaint"))
        self.dates_label = self._text()
        self.timeline_label = self._text()
        self.documents_label = self._text()
        body = QWidget()
        column = QVBoxLayout(body)
        self._column = column
        column.addWidget(self.title_label)
        column.addWidget(self.subtitle_label)
        column.addWidget(self.status_label)
        self._section(column, "What to do next", self.next_label)
        column.addLayout(hbox(self.write_button, self.reply_button, self.follow_up_button,
                              self.complaint_button, None))
        for heading, widget in (("Dates", self.dates_label),
                                ("What happened", self.timeline_label),
                                ("Letters and replies", self.documents_label)):
            self._section(column, heading, widget)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Text wraps to the pane's width instead of running off to the side.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        self._body = body
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.clear()

    def _fit_body(self) -> None:
        # The wrapped labels otherwise keep the width the pane had before it was resized.
        self._column.invalidate()
        self._column.activate()
        self._column.setGeometry(self._body.rect())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_body()

    @staticmethod
    def _section(column: QVBoxLayout, heading: str, widget: QWidget) -> None:
        title = QLabel(heading)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        column.addSpacing(8)
        column.addWidget(title)
        column.addWidget(widget)

    def _text(self) -> QLabel:
        return link_label(self._follow)

    def _follow(self, link: str) -> None:
        kind, _, key = link.partition(":")
        if kind == "company":
            self.open_company.emit(key)
        elif kind == "agreement":
            self.open_agreement.emit(key)
        elif kind == "request":
            self.open_request.emit(key)
        elif kind == "document":
            self.open_document.emit(key)

    def labels(self) -> list[QLabel]:
        return [self.title_label, self.subtitle_label, self.status_label, self.next_label,
                self.dates_label, self.timeline_label, self.documents_label]

    def action_buttons(self) -> list[QPushButton]:
        return [self.write_button, self.reply_button, self.follow_up_button,
                self.complaint_button]

    @property
    def request(self) -> RequestInfo | None:
        return self._request

    def clear(self) -> None:
        self._request = None
        for label in self.labels():
            label.clear()
        for button in self.action_buttons():
            button.hide()

    def show_request(self, request: RequestInfo, today: date,
                     parent_reference: str | None = None) -> None:
        self._request = request
        status = request.status_on(today)
        self.title_label.setText(f"{request.reference} · {type_words(request.type)}")
        parts = [f"To {_link('company', request.company_id, request.company)}"]
        if request.agreement_id:
            parts.append(_link("agreement", request.agreement_id, "the agreement"))
        if request.parent_id:
            parts.append("follows up " + _link("request", request.parent_id,
                                               parent_reference or "an earlier request"))
        self.subtitle_label.setText(" · ".join(parts))
        left = days_left_words(request, today)
        colour = " style='color:#b3261e'" if status == "overdue" else ""
        if status == "overdue":  # "Overdue by N days" says it all
            self.status_label.setText(f"<b{colour}>{_e(left or status_words(status))}</b>")
        else:
            self.status_label.setText(
                f"<b>{_e(status_words(status))}</b>" + (f" — {_e(left)}" if left else ""))
        self.next_label.setText(_e(next_action_words(status)))
        self.write_button.setVisible(status == "draft")
        # A draft may have gone out by hand: it can be marked sent from here too.
        self.reply_button.setText(
            "Already sent? Record it" if status == "draft"
            else "Record their reply" if status in ("sent", "acknowledged", "extended",
                                                    "overdue")
            else "Record what happened")
        self.reply_button.setVisible(status not in ("answered-complete", "closed"))
        chase = status in ("overdue", "refused", "answered-partial")
        self.follow_up_button.setVisible(chase)
        self.complaint_button.setVisible(chase)
        self.dates_label.setText(self._dates(request))
        self.timeline_label.setText(self._timeline(request))
        self.documents_label.setText(self._documents(request))
        self._fit_body()

    @staticmethod
    def _dates(request: RequestInfo) -> str:
        d = request.deadlines
        received = day_words(request.received_on)
        if received and request.received_estimated:
            received += " (estimated: counted from the sending date)"
        rows = [("Law", _e(law_name(request.regime))),
                ("Sent", _e(day_words(request.sent_on) or "Not sent yet")),
                ("Sent by", _e(CHANNEL_WORDS.get(request.channel or "", ""))),
                ("Received by them", _e(received))]
        if d is not None:
            rows += [("Acknowledge by", _e(day_words(d.acknowledge_by))),
                     ("Due by law", _e(day_words(d.due_nominal))),
                     ("Answer due", f"<b>{_e(day_words(d.effective_due))}</b>"),
                     ("Extension must be notified by", _e(day_words(d.extension_notice_by))),
                     ("Latest with an extension", _e(day_words(d.due_extended_max))),
                     ("Extension notified", _e(day_words(request.extension_notified_on))),
                     ("Holiday calendar", _e(d.calendar))]
        elif request.sent_on is None:
            rows.append(("Answer due", "<i>the clock starts once it is sent</i>"))
        rows.append(("Their reference", _e(request.company_reference or "")))
        rows.append(("Notes", _e(request.notes or "")))
        # The rule is a sentence or two: a paragraph of its own wraps, a table cell does not.
        rule = (f"<p style='color:gray'>How the date was worked out: {_e(d.rule_text)}</p>"
                if d is not None else "")
        return _rows(rows) + rule

    @staticmethod
    def _timeline(request: RequestInfo) -> str:
        if not request.history:
            return "<i>Nothing recorded yet.</i>"
        names = {doc_id: name for doc_id, _, name in request.documents}
        items = []
        for entry in request.history:
            text = f"{_e(day_words(entry.on))} — {_e(EVENT_WORDS.get(entry.event, entry.event))}"
            if entry.note:
                text += f": {_e(entry.note)}"
            if entry.document_id and entry.document_id in names:
                text += " (" + _link("document", entry.document_id,
                                     names[entry.document_id]) + ")"
            items.append(f"<li>{text}</li>")
        return "<ul style='margin-left:-20px'>" + "".join(items) + "</ul>"

    @staticmethod
    def _documents(request: RequestInfo) -> str:
        if not request.documents:
            return "<i>No letter or reply kept yet.</i>"
        items = [f"<li>{_link('document', doc_id, name)} — "
                 f"{'letter you sent' if kind == 'letter' else 'their reply'}</li>"
                 for doc_id, kind, name in request.documents]
        return "<ul style='margin-left:-20px'>" + "".join(items) + "</ul>"

    def _continue(self) -> None:
        if self._request is not None:
            self.continue_draft.emit(self._request.id)

    def _record(self) -> None:
        if self._request is not None:
            self.record_reply.emit(self._request.id)

    def _new(self, request_type: str) -> None:
        r = self._request
        if r is not None:
            self.new_request.emit(RequestTarget(r.company_id, request_type, r.agreement_id,
                                                r.recording_ids, follow_up_of=r.id))
