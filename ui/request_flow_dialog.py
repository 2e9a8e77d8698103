"""The guided request flow: what to ask for, the letter and how to send it, marked as sent.

Started from a company, an agreement, a holding, recordings or an overdue request (a
`RequestTarget`), or to finish a draft. Step 1 creates the request as a draft, because the
letter quotes its reference and dates. Leaving before anything was saved or copied
discards that draft again; once a letter was kept, the draft stays for later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QWidget, QWizard

from ui.letter_page import LetterPage
from ui.mark_sent_page import MarkSentPage
from ui.navigation import RequestTarget, Today
from ui.request_choice_page import RequestChoicePage
from ui.request_flow_state import RequestFlowState
from ui.requests_model import type_words
from vault.errors import VaultError
from vault.vault import Vault

CHOICE_PAGE, LETTER_PAGE, SENT_PAGE = range(3)


@dataclass(frozen=True)
class RequestFlowOutcome:
    request_id: str | None  # None when nothing was kept
    message: str  # what happened, in one sentence, for the status bar


class RequestFlowDialog(QWizard):
    def __init__(self, vault: Vault, state: RequestFlowState, today: Today,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault = vault
        self.state = state
        self._started_with_draft = state.request is not None
        kind = type_words(state.target.request_type).lower()
        self.setWindowTitle(f"Write a {kind} request" if state.request is None
                            else f"Finish request {state.request.reference}")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.resize(760, 640)
        self.choice_page = RequestChoicePage(state, vault.requests, vault.agreements,
                                             vault.profile)
        self.letter_page = LetterPage(state, vault.letters, vault.requests, today)
        self.sent_page = MarkSentPage(state, vault.requests, today)
        self.setPage(CHOICE_PAGE, self.choice_page)
        self.setPage(LETTER_PAGE, self.letter_page)
        self.setPage(SENT_PAGE, self.sent_page)
        if self._started_with_draft:
            self.setStartId(LETTER_PAGE)

    def outcome(self) -> RequestFlowOutcome:
        """What the flow leaves behind; a new draft with nothing kept is discarded."""
        request = self.state.request
        if request is None:
            return RequestFlowOutcome(None, "No request was made.")
        if self.result() == QWizard.DialogCode.Accepted:
            return RequestFlowOutcome(
                request.id, f"Request {request.reference} to {request.company} is marked as "
                "sent; Holdfast will remind you before it falls due.")
        if self.state.kept or self._started_with_draft:
            return RequestFlowOutcome(
                request.id, f"Request {request.reference} is kept as a draft with its letter; "
                "mark it as sent on the Requests page once it has gone.")
        try:
            self._vault.requests.discard_draft(request.id)
        except VaultError:
            return RequestFlowOutcome(request.id, f"Request {request.reference} is kept as "
                                      "a draft.")
        return RequestFlowOutcome(None, "The letter was not kept; no request was made.")

    @classmethod
    def launch(cls, parent: QWidget | None, vault: Vault, target: RequestTarget,
               today: Today = date.today) -> RequestFlowOutcome:
        """Run the flow for a new request to the target's company."""
        parent_request = (vault.requests.get(target.follow_up_of)
                          if target.follow_up_of else None)
        state = RequestFlowState(target, vault.companies.get(target.company_id),
                                 parent_request=parent_request)
        return cls._run(parent, vault, state, today)

    @classmethod
    def launch_draft(cls, parent: QWidget | None, vault: Vault, request_id: str,
                     today: Today = date.today) -> RequestFlowOutcome:
        """Continue a draft: its letter, then marking it as sent."""
        request = vault.requests.get(request_id)
        target = RequestTarget(request.company_id, request.type, request.agreement_id,
                               request.recording_ids, request.parent_id)
        state = RequestFlowState(target, vault.companies.get(request.company_id),
                                 request=request,
                                 kept={name.rsplit(".", 1)[-1]: doc_id
                                       for doc_id, kind, name in request.documents
                                       if kind == "letter"})
        return cls._run(parent, vault, state, today)

    @classmethod
    def _run(cls, parent: QWidget | None, vault: Vault, state: RequestFlowState,
             today: Today) -> RequestFlowOutcome:
        dialog = cls(vault, state, today, parent)
        dialog.exec()
        outcome = dialog.outcome()
        dialog.deleteLater()
        return outcome
