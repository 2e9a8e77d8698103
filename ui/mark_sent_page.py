"""Step 3 of the request flow: once the letter has gone, when and how it went.

The sending date starts the legal clock; by post, the day it arrived counts, so a known
arrival date can be given (otherwise the sending date is used and called an estimate).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from ui.background import describe_error, error_line, small_note
from ui.form_parts import from_qdate, to_qdate
from ui.navigation import Today
from ui.request_flow_state import RequestFlowState
from ui.requests_model import CHANNEL_WORDS
from vault.errors import VaultError
from vault.services.requests import RequestService

NOT_YET = ("Not sent yet? Close this window: the request waits in Requests as a draft, with "
           "the letter you kept, until you mark it as sent.")


class MarkSentPage(QWizardPage):
    def __init__(self, state: RequestFlowState, requests: RequestService,
                 today: Today) -> None:
        super().__init__()
        self._state = state
        self._requests = requests
        self._today = today
        self.setTitle("Mark as sent")
        self.setSubTitle("Tell Holdfast when the letter went out. From that day it counts "
                         "the company's deadline and reminds you before it runs out.")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Mark as sent")
        self.sent_on = QDateEdit()
        self.sent_on.setCalendarPopup(True)
        self.sent_on.setDisplayFormat("d MMMM yyyy")
        self.channel_combo = QComboBox()
        for channel, words in CHANNEL_WORDS.items():
            self.channel_combo.addItem(words, channel)
        self.arrival_known = QCheckBox("I know the day it arrived")
        self.received_on = QDateEdit()
        self.received_on.setCalendarPopup(True)
        self.received_on.setDisplayFormat("d MMMM yyyy")
        self.received_on.setEnabled(False)
        self.arrival_known.toggled.connect(self.received_on.setEnabled)
        self.post_note = small_note(
            "By post the deadline runs from the day the letter arrives. Without that day "
            "Holdfast counts from the sending day and marks the date as an estimate.")
        self.channel_combo.currentIndexChanged.connect(self._channel_changed)
        form = QFormLayout()
        form.addRow("Sent on", self.sent_on)
        form.addRow("Sent by", self.channel_combo)
        form.addRow("", self.arrival_known)
        form.addRow("Arrived on", self.received_on)
        form.addRow("", self.post_note)
        self.error_label = error_line()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(small_note(NOT_YET))
        layout.addWidget(self.error_label)

    def initializePage(self) -> None:  # Qt's name
        today = to_qdate(self._today())
        self.sent_on.setMaximumDate(today)
        self.sent_on.setDate(today)
        self.received_on.setMaximumDate(today)
        self.received_on.setDate(today)
        channel = self._state.handed_over_by or "email"
        self.channel_combo.setCurrentIndex(max(self.channel_combo.findData(channel), 0))
        self._channel_changed()

    def _channel_changed(self) -> None:
        by_post = self.channel_combo.currentData() == "post"
        for widget in (self.arrival_known, self.received_on, self.post_note):
            widget.setVisible(by_post)

    def validatePage(self) -> bool:  # Qt's name
        request = self._state.request
        assert request is not None
        self.error_label.hide()
        channel = self.channel_combo.currentData()
        received = (from_qdate(self.received_on.date())
                    if channel == "post" and self.arrival_known.isChecked() else None)
        try:
            self._state.request = self._requests.update(
                request.id, "sent", from_qdate(self.sent_on.date()), channel=channel,
                received_on=received)
        except VaultError as error:
            self.error_label.setText(describe_error(error))
            self.error_label.show()
            return False
        return True
