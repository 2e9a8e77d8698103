"""Step 1 of the request flow: what to ask for, under which law, about which recordings.

The law defaults to the one for the company's country (and a biometric statute when
the data it holds brings one in); the person may choose another. Going on creates the
request as a draft, because the letter needs its reference and dates.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from ui.background import describe_error, error_line, small_note
from ui.profile_dialog import ProfileDialog
from ui.request_flow_state import LANGUAGES, RequestFlowState
from ui.requests_model import type_words
from vault.errors import VaultError
from vault.legal.regimes import all_regimes, regime, regimes_for
from vault.services.agreements import AgreementService, HeldRecording
from vault.services.profile import ProfileService
from vault.services.requests import RequestService
from vault.vocabulary import DATA_KINDS

FOLLOW_UP_TYPES = ("follow-up", "complaint")
TYPE_HINTS = {
    "erasure": "Ask them to delete your data and tell their partners to do the same.",
    "access": "Ask for a copy of everything they hold about you and what they do with it.",
    "withdraw-consent": "Take back your consent; they must stop what it allowed.",
    "objection": "Object to a use of your data; they must stop unless they have strong "
                 "grounds.",
    "restriction": "Ask them to keep your data but stop using it while a dispute is open.",
    "opt-out": "Tell them not to sell or share your personal information.",
    "limit-sensitive": "Limit their use of your sensitive personal information.",
    "biometric-destruction": "Ask them to destroy your voiceprints or face geometry.",
    "follow-up": "Remind them of your earlier request and its deadline.",
    "complaint": "Complain to the data protection authority about how they answered.",
}
NO_PROFILE = ("Letters are signed with your name and give your e-mail for the reply. "
              "Add them once; they stay in your vault.")


class RequestChoicePage(QWizardPage):
    def __init__(self, state: RequestFlowState, requests: RequestService,
                 agreements: AgreementService, profile: ProfileService) -> None:
        super().__init__()
        self._state = state
        self._requests = requests
        self._profile = profile
        company = state.company
        self.setTitle(f"Write to {company.name}")
        self.setSubTitle("Choose what to ask for. Holdfast writes the letter with the law "
                         "and the deadline that apply; nothing is sent from here.")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "Write the letter")
        self._agreements = [a for a in agreements.list() if a.company_id == company.id]
        self._held = self._held_recordings()
        self.regime_combo = QComboBox()
        self.type_combo = QComboBox()
        self.type_hint = small_note()
        self.agreement_combo = QComboBox()
        self.agreement_combo.addItem("None in particular", None)
        for info in self._agreements:
            self.agreement_combo.addItem(info.terms.title or "Agreement", info.id)
        self.recordings_list = QListWidget()
        self.recordings_list.setMinimumHeight(110)
        for held in self._held:
            item = QListWidgetItem(f"{held.title}  ({held.kind})")
            item.setData(Qt.ItemDataRole.UserRole, held.recording_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.recordings_list.addItem(item)
        self.recordings_note = small_note(
            "Tick the recordings the letter names. Leave them all unticked to ask about "
            "everything they hold about you." if self._held else
            "The vault has no recordings held by this company; the letter asks about "
            "everything they hold about you.")
        self.language_combo = QComboBox()
        for code, name in LANGUAGES:
            self.language_combo.addItem(name, code)
        self.law_note = small_note()
        self.profile_note = small_note(NO_PROFILE)
        self.profile_button = QPushButton("Add your details…")
        self.profile_button.clicked.connect(self.edit_profile)
        self.error_label = error_line()
        self._build_layout()
        self._fill_regimes()
        self._preselect()
        self.regime_combo.currentIndexChanged.connect(self._fill_types)
        self.type_combo.currentIndexChanged.connect(self._type_changed)
        self.agreement_combo.currentIndexChanged.connect(self._agreement_changed)
        self._show_profile_state()

    def _build_layout(self) -> None:
        form = QFormLayout()
        form.addRow("Law", self.regime_combo)
        form.addRow("", self.law_note)
        form.addRow("Request", self.type_combo)
        form.addRow("", self.type_hint)
        form.addRow("Agreement", self.agreement_combo)
        form.addRow("Recordings", self.recordings_list)
        form.addRow("", self.recordings_note)
        form.addRow("Letter language", self.language_combo)
        profile_row = QHBoxLayout()
        profile_row.addWidget(self.profile_note, 1)
        profile_row.addWidget(self.profile_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(profile_row)
        layout.addWidget(self.error_label)

    def _held_recordings(self) -> list[HeldRecording]:
        seen: dict[str, HeldRecording] = {}
        for info in self._agreements:
            for held in info.recordings:
                seen.setdefault(held.recording_id, held)
        return sorted(seen.values(), key=lambda h: h.title.lower())

    # -- choices ----------------------------------------------------------------------------

    def _fill_regimes(self) -> None:
        parent = self._state.parent_request
        if parent is not None:  # a follow-up or complaint stays under the original's law
            self.regime_combo.addItem(regime(parent.regime).name, parent.regime)
            self.regime_combo.setEnabled(False)
            self.law_note.setText(f"As for your request {parent.reference}.")
            return
        kinds = {h.kind for h in self._held if h.kind in DATA_KINDS}
        suggested = regimes_for(self._state.company.country or "", kinds)
        if not suggested:
            self.regime_combo.addItem("Choose the law…", None)
            self.law_note.setText(
                f"Holdfast cannot tell which law applies to {self._state.company.name} "
                f"(country {self._state.company.country or 'not set'}). Choose the law of the "
                "country where the company is based, or where you live.")
        else:
            self.law_note.setText(
                f"Suggested for a company in {self._state.company.country}. You can choose "
                "another law if it applies to you.")
        for regime_id in suggested:
            self.regime_combo.addItem(regime(regime_id).name, regime_id)
        others = sorted((r for r in all_regimes() if r.id not in suggested),
                        key=lambda r: r.name)
        if suggested and others:
            self.regime_combo.insertSeparator(self.regime_combo.count())
        for other in others:
            self.regime_combo.addItem(other.name, other.id)

    def _fill_types(self) -> None:
        wanted = self.type_combo.currentData() or self._state.target.request_type
        self.type_combo.blockSignals(True)
        self.type_combo.clear()
        regime_id = self.regime_combo.currentData()
        if self._state.parent_request is not None:
            offered: tuple[str, ...] = FOLLOW_UP_TYPES
        elif regime_id is None:
            offered = ()
        else:
            offered = tuple(t for t in regime(regime_id).request_types
                            if t not in FOLLOW_UP_TYPES)
        for request_type in offered:
            label = ("Complaint to the authority" if request_type == "complaint"
                     else type_words(request_type))
            self.type_combo.addItem(label, request_type)
        index = self.type_combo.findData(wanted)
        self.type_combo.setCurrentIndex(max(index, 0))
        self.type_combo.blockSignals(False)
        self._type_changed()

    def _type_changed(self) -> None:
        self.type_hint.setText(TYPE_HINTS.get(self.type_combo.currentData() or "", ""))
        self.completeChanged.emit()

    def _preselect(self) -> None:
        target, parent = self._state.target, self._state.parent_request
        agreement_id = parent.agreement_id if parent else target.agreement_id
        recording_ids = set(parent.recording_ids if parent else target.recording_ids)
        index = self.agreement_combo.findData(agreement_id)
        self.agreement_combo.setCurrentIndex(max(index, 0))
        if agreement_id and not recording_ids:
            recording_ids = self._recordings_of(agreement_id)
        self._check(recording_ids)
        if parent is not None:
            self.agreement_combo.setEnabled(False)
            self.recordings_list.setEnabled(False)
        language = "de" if (self._state.company.country or "")[:2] in ("DE", "AT") else "en"
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(language), 0))
        self._fill_types()

    def _recordings_of(self, agreement_id: str) -> set[str]:
        for info in self._agreements:
            if info.id == agreement_id:
                return {r.recording_id for r in info.recordings}
        return set()

    def _check(self, recording_ids: set[str]) -> None:
        for row in range(self.recordings_list.count()):
            item = self.recordings_list.item(row)
            chosen = item.data(Qt.ItemDataRole.UserRole) in recording_ids
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)

    def _agreement_changed(self) -> None:
        agreement_id = self.agreement_combo.currentData()
        if agreement_id:
            self._check(self._recordings_of(agreement_id))

    def chosen_recordings(self) -> list[str]:
        return [self.recordings_list.item(row).data(Qt.ItemDataRole.UserRole)
                for row in range(self.recordings_list.count())
                if self.recordings_list.item(row).checkState() == Qt.CheckState.Checked]

    # -- your details -----------------------------------------------------------------------

    def _show_profile_state(self) -> None:
        complete = self._profile.get().complete
        self.profile_note.setVisible(not complete)
        self.profile_button.setVisible(not complete)
        self.completeChanged.emit()

    def edit_profile(self) -> None:
        ProfileDialog.launch(self._profile, self)
        self._show_profile_state()

    # -- going on ---------------------------------------------------------------------------

    def isComplete(self) -> bool:  # Qt's name
        return (self.regime_combo.currentData() is not None
                and self.type_combo.currentData() is not None
                and self._profile.get().complete)

    def validatePage(self) -> bool:  # Qt's name: create the draft the letter is written for
        self.error_label.hide()
        parent = self._state.parent_request
        try:
            self._state.request = self._requests.new(
                self._state.company.id, self.type_combo.currentData(),
                regime_id=self.regime_combo.currentData(),
                recordings=self.chosen_recordings(),
                agreement=self.agreement_combo.currentData(),
                parent=parent.id if parent else None)
        except VaultError as error:
            self.error_label.setText(describe_error(error))
            self.error_label.show()
            return False
        self._state.language = self.language_combo.currentData()
        return True
