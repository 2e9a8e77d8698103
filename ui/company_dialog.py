"""Add a company or change one: contact data, privacy e-mail, DPO, country, web form, notes.

The vault's CompanyService checks everything (and says what is wrong in one sentence);
this dialog adds one check the service cannot make: that a country code names a real
country (Qt knows the ISO list), and it shows which law and authority the country brings.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from vault.errors import VaultError
from vault.legal.authorities import authority_for
from vault.legal.regimes import regime, regime_for_country
from vault.services.companies import CompanyInfo, CompanyService

ERROR_STYLE = "color: palette(highlight); font-weight: bold;"
LINE_FIELDS = (("name", "Name"), ("legal_name", "Legal name"),
               ("country", "Country code"), ("privacy_email", "Privacy e-mail"),
               ("dpo_contact", "Data protection officer"), ("website", "Website"),
               ("web_form", "Privacy request web form"))
TEXT_FIELDS = (("postal_address", "Postal address"), ("notes", "Notes"))
PLACEHOLDERS = {
    "name": "How you call it, e.g. VoiceBank AI",
    "legal_name": "As in the contract or imprint, e.g. VoiceBank AI GmbH",
    "country": "Two letters such as DE, GB or US, or a region such as US-CA",
    "privacy_email": "e.g. privacy@company.example",
    "dpo_contact": "Name, e-mail or address of the data protection officer",
    "website": "e.g. voicebank.example",
    "web_form": "The page where privacy requests are made, if there is one",
}


def country_name(code: str) -> str | None:
    """The English name of the country in a code such as "DE" or "US-CA", or None."""
    territory = QLocale.codeToTerritory(code.strip().upper()[:2])
    if territory == QLocale.Country.AnyCountry:
        return None
    return QLocale.territoryToString(territory)


def country_problem(code: str) -> str | None:
    """One sentence if the country part of a (well-formed) code is not a real country."""
    text = code.strip().upper()
    if len(text) < 2 or not text[:2].isalpha():
        return None  # the service explains malformed codes
    if country_name(text) is None:
        return (f"{text[:2]!r} is not a country Holdfast knows: use the two-letter code "
                "such as DE for Germany, GB for the United Kingdom or US for the USA.")
    return None


def law_hint(code: str) -> str:
    """What the country means for the user: which law applies and who takes complaints."""
    text = code.strip().upper()
    if not text:
        return "Set the country to see which privacy law applies."
    name = country_name(text)
    if name is None:
        return "Not a country code Holdfast knows yet."
    regime_id = regime_for_country(text)
    if regime_id is None:
        return (f"{name}: Holdfast knows no general privacy law there, so requests to this "
                "company need a law chosen by hand.")
    authority = authority_for(text)
    complaint = f" Complaints go to {authority.name}." if authority else ""
    return f"{name}: {regime(regime_id).name} applies.{complaint}"


class CompanyDialog(QDialog):
    def __init__(self, companies: CompanyService, company: CompanyInfo | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._companies = companies
        self._company = company
        self.saved: CompanyInfo | None = None
        self.setWindowTitle(f"Edit {company.name}" if company else "New company")
        self.setMinimumWidth(620)
        intro = QLabel("Only the name is needed. The privacy e-mail and the country let "
                       "Holdfast address letters and name the law and authority that apply."
                       if company is None else
                       "Change what you know about this company. Empty fields are cleared.")
        intro.setWordWrap(True)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        for key, label in LINE_FIELDS:
            edit = QLineEdit()
            edit.setPlaceholderText(PLACEHOLDERS.get(key, ""))
            self.fields[key] = edit
            form.addRow(label, edit)
            if key == "country":
                self.law_label = QLabel()
                self.law_label.setWordWrap(True)
                form.addRow("", self.law_label)
                edit.textChanged.connect(lambda text: self.law_label.setText(law_hint(text)))
        for key, label in TEXT_FIELDS:
            text_edit = QPlainTextEdit()
            text_edit.setTabChangesFocus(True)
            text_edit.setFixedHeight(text_edit.fontMetrics().lineSpacing() * 3 + 14)
            self.fields[key] = text_edit
            form.addRow(label, text_edit)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        if company is not None:
            for key in self.fields:
                self.set_value(key, getattr(company, key) or "")
        self.law_label.setText(law_hint(self.value("country")))

    def value(self, key: str) -> str:
        edit = self.fields[key]
        return edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()

    def set_value(self, key: str, text: str) -> None:
        edit = self.fields[key]
        if isinstance(edit, QPlainTextEdit):
            edit.setPlainText(text)
        else:
            edit.setText(text)

    def show_error(self, sentence: str) -> None:
        self.error_label.setText(sentence)
        self.error_label.show()

    def accept(self) -> None:
        """Save through the service; on bad input say why and stay open, storing nothing."""
        values = {key: self.value(key) for key in self.fields}
        problem = country_problem(values["country"])
        if problem:
            self.show_error(problem)
            self.fields["country"].setFocus()
            return
        try:
            if self._company is None:
                name = values.pop("name")
                self.saved = self._companies.add(name, **values)
            else:
                self.saved = self._companies.update(self._company.id, **values)
        except VaultError as error:
            self.show_error(str(error))
            return
        super().accept()

    @classmethod
    def launch(cls, companies: CompanyService, company: CompanyInfo | None = None,
               parent: QWidget | None = None) -> CompanyInfo | None:
        """Show the dialog; the company as saved, or None if the person cancelled."""
        dialog = cls(companies, company, parent)
        dialog.exec()
        return dialog.saved
