"""Record what happened with a request: sent, acknowledged, answered, refused... with the
day it happened, a note, their reference and their reply kept encrypted beside it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.background import describe_error, error_line, small_note
from ui.form_parts import from_qdate, hbox, to_qdate
from ui.reminders_model import day_words
from ui.requests_model import CHANNEL_WORDS, status_words
from vault.errors import VaultError
from vault.services.requests import RequestInfo, RequestService

# The statuses it makes sense to move to from each one (never back to draft).
NEXT_STATUSES = {
    "draft": ("sent",),
    "sent": ("acknowledged", "extended", "answered-complete", "answered-partial", "refused",
             "closed"),
    "acknowledged": ("extended", "answered-complete", "answered-partial", "refused", "closed"),
    "extended": ("answered-complete", "answered-partial", "refused", "closed"),
    "overdue": ("answered-complete", "answered-partial", "refused", "acknowledged", "extended",
                "closed"),
    "answered-partial": ("answered-complete", "closed"),
    "refused": ("answered-complete", "closed"),
    "escalated": ("answered-complete", "closed"),
    "answered-complete": ("closed",),
    "closed": (),
}


class RequestUpdateDialog(QDialog):
    def __init__(self, requests: RequestService, request: RequestInfo, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._requests = requests
        self._request = request
        self._attach: Path | None = None
        self.result_info: RequestInfo | None = None
        self.setWindowTitle(f"Record what happened — {request.reference}")
        self.resize(520, 0)
        current = request.status_on(today)
        self.status_box = QComboBox()
        for status in NEXT_STATUSES.get(current, ()):
            self.status_box.addItem(status_words(status), status)
        self.date_edit = QDateEdit(to_qdate(today))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMMM yyyy")
        self.channel_box = QComboBox()
        for channel, words in CHANNEL_WORDS.items():
            self.channel_box.addItem(words, channel)
        if request.channel in CHANNEL_WORDS:
            self.channel_box.setCurrentIndex(self.channel_box.findData(request.channel))
        self.received_edit = QDateEdit(to_qdate(today))
        self.received_edit.setCalendarPopup(True)
        self.received_edit.setDisplayFormat("d MMMM yyyy")
        self.received_note = small_note("Not known? Leave it: the deadline then counts from the "
                                        "sending date, as an estimate.")
        self.received_note.setWordWrap(False)  # one line: the dialog keeps its height right
        self._received_touched = False
        self.received_edit.dateChanged.connect(self._touch_received)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("What they said, in a few words (optional)")
        self.reference_edit = QLineEdit(request.company_reference or "")
        self.reference_edit.setPlaceholderText("Their ticket or case number (optional)")
        self.attach_label = QLabel("No file attached")
        self.attach_button = QPushButton("Attach their reply…")
        self.attach_button.clicked.connect(self._choose_file)
        form = QFormLayout()
        form.addRow("What happened", self.status_box)
        form.addRow("On", self.date_edit)
        self._draft = current == "draft"
        if self._draft:
            form.addRow("Sent by", self.channel_box)
            form.addRow("Received by them", self.received_edit)
            form.addRow(self.received_note)
            self.channel_box.currentIndexChanged.connect(self._channel_changed)
            self._channel_changed()
        form.addRow("Note", self.note_edit)
        form.addRow("Their reference", self.reference_edit)
        form.addRow("Their reply", hbox(self.attach_label, self.attach_button))
        self.error_label = error_line()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if request.sent_on:
            intro = (f"{request.company} · {status_words(current)} · sent on "
                     f"{day_words(request.sent_on)}.")
        else:
            intro = f"{request.company} · not sent yet. Record the day it went out."
        layout.addWidget(small_note(intro))
        layout.addLayout(form)
        if not NEXT_STATUSES.get(current):
            self.error_label.setText("This request is closed; there is nothing more to record.")
            self.error_label.show()
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _touch_received(self) -> None:
        self._received_touched = True

    def _channel_changed(self) -> None:
        post = self.channel_box.currentData() == "post"
        self.received_edit.setVisible(post)
        self.received_note.setVisible(post)
        self.adjustSize()

    def _choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Attach their reply", "",
                                              "Replies (*.pdf *.txt *.eml *.html *.png *.jpg);;"
                                              "All files (*)")
        if name:
            self._attach = Path(name)
            self.attach_label.setText(self._attach.name)

    def _fail(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def save(self) -> None:
        status = self.status_box.currentData()
        on = from_qdate(self.date_edit.date())
        sent_on = self._request.sent_on
        if status is None:
            return
        if sent_on is not None and on < sent_on:
            self._fail(f"That date is before the request was sent ({day_words(sent_on)}); "
                       "choose a later one.")
            return
        channel = self.channel_box.currentData() if self._draft else None
        received = None
        if self._draft and channel == "post" and self._received_touched:
            received = from_qdate(self.received_edit.date())
            if received < on:
                self._fail("They cannot receive it before it was sent; choose a later date.")
                return
        try:
            self.result_info = self._requests.update(
                self._request.id, status, on, note=self.note_edit.text().strip() or None,
                attach=self._attach, received_on=received,
                company_reference=self.reference_edit.text().strip() or None, channel=channel)
        except (VaultError, OSError) as error:
            self._fail(describe_error(error))
            return
        self.accept()

    @classmethod
    def launch(cls, parent: QWidget | None, requests: RequestService, request: RequestInfo,
               today: date) -> RequestInfo | None:
        dialog = cls(requests, request, today, parent)
        dialog.exec()
        result = dialog.result_info
        dialog.deleteLater()
        return result
