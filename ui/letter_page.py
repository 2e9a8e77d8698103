"""Step 2 of the request flow: the letter, and the ways to send it.

Holdfast never sends anything itself. The person saves a PDF to post or upload, saves an
e-mail file or opens their mail program, or copies the text into a web form. Whatever
they take is also kept, exactly as produced, with the request in the vault.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from app.letter_output import letter_file
from ui.background import describe_error, error_line, small_note
from ui.navigation import Today
from ui.request_flow_state import RequestFlowState
from vault.errors import VaultError
from vault.fsutil import atomic_write_bytes
from vault.letters.email_message import MAILTO_SAFE_LENGTH, mailto_url
from vault.services.letters import LetterService
from vault.services.requests import RequestService

FILE_FILTERS = {"pdf": "PDF document (*.pdf)", "eml": "E-mail message (*.eml)"}
NO_ADDRESS = ("{name} has no privacy e-mail address on file, so there is nothing to e-mail: "
              "save the PDF and send it by post or through their web form, or add their "
              "privacy e-mail on the Companies page.")


class LetterPage(QWizardPage):
    def __init__(self, state: RequestFlowState, letters: LetterService,
                 requests: RequestService, today: Today) -> None:
        super().__init__()
        self._state = state
        self._letters = letters
        self._requests = requests
        self._today = today
        self.setTitle("Your letter")
        self.setSubTitle("Read it through, then send it the way that suits you. Whatever you "
                         "save or copy is also kept with the request in your vault.")
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.letter_view = QPlainTextEdit()
        self.letter_view.setReadOnly(True)
        self.letter_view.setMinimumHeight(260)
        self.pdf_button = QPushButton("Save as PDF…")
        self.pdf_button.setToolTip("To print and post, or to upload to their web form.")
        self.pdf_button.clicked.connect(lambda: self.save_file("pdf"))
        self.eml_button = QPushButton("Save e-mail file…")
        self.eml_button.setToolTip("An .eml file: open it in your mail program and press Send.")
        self.eml_button.clicked.connect(lambda: self.save_file("eml"))
        self.mail_button = QPushButton("Open in mail program")
        self.mail_button.clicked.connect(self.open_in_mail_program)
        self.copy_button = QPushButton("Copy text")
        self.copy_button.setToolTip("To paste into their web form or your own e-mail.")
        self.copy_button.clicked.connect(self.copy_text)
        self.address_note = small_note()
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        self.error_label = error_line()
        buttons = QGridLayout()
        for column, button in enumerate((self.pdf_button, self.eml_button, self.mail_button,
                                         self.copy_button)):
            buttons.addWidget(button, 0, column)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.letter_view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.address_note)
        layout.addWidget(self.done_label)
        layout.addWidget(self.error_label)

    def initializePage(self) -> None:  # Qt's name
        request = self._state.request
        assert request is not None
        self.error_label.hide()
        try:
            self._state.context = self._letters.context_for(request.id, self._today())
            self._state.letter = self._letters.render(request.id, self._today(),
                                                      self._state.language)
        except VaultError as error:
            self._state.letter = None
            self.letter_view.clear()
            self._show_error(describe_error(error))
        self._show_letter()
        self.completeChanged.emit()

    def _show_letter(self) -> None:
        letter = self._state.letter
        for button in (self.pdf_button, self.eml_button, self.mail_button, self.copy_button):
            button.setEnabled(letter is not None)
        if letter is None:
            self.heading.setText("The letter could not be written.")
            return
        to = letter.to_address or "no e-mail address on file"
        self.heading.setText(f"<b>To:</b> {to}<br><b>Subject:</b> {letter.subject}")
        self.letter_view.setPlainText(letter.body)
        has_address = bool(letter.to_address)
        self.eml_button.setEnabled(has_address)
        self.mail_button.setEnabled(has_address)
        self.address_note.setVisible(not has_address)
        self.address_note.setText(NO_ADDRESS.format(name=self._state.company.name))

    def isComplete(self) -> bool:  # Qt's name
        return self._state.letter is not None

    # -- the ways out -------------------------------------------------------------------------

    def save_file(self, file_format: str) -> None:
        """Ask where, write the file whole or not at all, and keep the same bytes."""
        letter, context, request = self._state.letter, self._state.context, self._state.request
        assert letter is not None and context is not None and request is not None
        self.error_label.hide()
        try:
            produced = letter_file(letter, context, request.type, file_format)
        except VaultError as error:
            self._show_error(describe_error(error))
            return
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        name, _ = QFileDialog.getSaveFileName(self, "Save the letter",
                                              str(Path(folder) / produced.name),
                                              FILE_FILTERS[file_format])
        if not name:
            return
        path = Path(name)
        try:
            atomic_write_bytes(path, produced.data)
        except OSError as error:
            self._show_error(f"The letter was not saved to {path.parent}: "
                             f"{error.strerror or error}. Choose another folder.")
            return
        self._keep(file_format, produced.name, produced.data, produced.media_type)
        self._state.handed_over_by = "email" if file_format == "eml" else "post"
        self._say(f"Saved {path.name} in {path.parent}.")

    def open_in_mail_program(self) -> None:
        letter = self._state.letter
        assert letter is not None
        self.error_label.hide()
        url = mailto_url(letter)
        pasted = len(url) > MAILTO_SAFE_LENGTH
        if pasted:  # too long for a mail link: the subject goes in the link, the text is pasted
            url = url.split("&body=", 1)[0]
            QGuiApplication.clipboard().setText(letter.body)
        if not QDesktopServices.openUrl(QUrl.fromEncoded(url.encode("ascii"))):
            self._show_error("No mail program opened. Save the e-mail file or copy the "
                             "text instead.")
            return
        self._keep_text()
        self._state.handed_over_by = "email"
        self._say("Your mail program has the letter with its subject"
                  + (". The letter is too long for a mail link, so it is on the clipboard: "
                     "paste it into the message." if pasted else " and text.")
                  + " Check it and press Send there.")

    def copy_text(self) -> None:
        letter = self._state.letter
        assert letter is not None
        QGuiApplication.clipboard().setText(letter.body)
        self._keep_text()
        self._state.handed_over_by = self._state.handed_over_by or "webform"
        self._say(f"The letter is on the clipboard. Paste it into their web form or an "
                  f"e-mail; use the subject \u201c{letter.subject}\u201d.")

    def _keep_text(self) -> None:
        letter, context, request = self._state.letter, self._state.context, self._state.request
        assert letter is not None and context is not None and request is not None
        produced = letter_file(letter, context, request.type, "txt")
        self._keep("txt", produced.name, produced.data, produced.media_type)

    def _keep(self, file_format: str, name: str, data: bytes, media_type: str) -> None:
        """The first copy of each kind is kept; saving the same letter again adds nothing."""
        request = self._state.request
        assert request is not None
        if file_format in self._state.kept:
            return
        try:
            self._state.kept[file_format] = self._requests.store_letter(
                request.id, name, data, media_type)
        except VaultError as error:
            self._show_error(describe_error(error))

    def _say(self, sentence: str) -> None:
        kept = self._state.request.reference if self._state.request else ""
        self.done_label.setText(f"{sentence} A copy is kept with request {kept}.")

    def _show_error(self, sentence: str) -> None:
        self.error_label.setText(sentence)
        self.error_label.show()
