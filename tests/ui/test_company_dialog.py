"""The company dialog against a real vault: create, edit, and bad input that stores nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.vault.realistic_vault import populate
from ui.company_dialog import CompanyDialog, country_name, country_problem, law_hint
from vault.vault import Vault

SHOTS = Path("/tmp/companies")


def fill(dialog: CompanyDialog, **values: str) -> None:
    for key, text in values.items():
        dialog.set_value(key, text)


def test_creates_a_company_with_every_field(qtbot: QtBot, open_vault: Vault) -> None:
    dialog = CompanyDialog(open_vault.companies)
    qtbot.addWidget(dialog)
    fill(dialog, name="  Clipworks  ", legal_name="Clipworks SAS", country="fr",
         privacy_email="privacy@clipworks.example", dpo_contact="Jeanne Martin, dpo@clip.example",
         website="clipworks.example", web_form="clipworks.example/privacy",
         postal_address="1 rue de la Paix\n75002 Paris", notes="Paid per clip.")
    assert "France" in dialog.law_label.text() and "CNIL" in dialog.law_label.text()
    dialog.accept()
    assert dialog.result() == CompanyDialog.DialogCode.Accepted
    stored = open_vault.companies.get("Clipworks")
    assert dialog.saved == stored
    assert (stored.legal_name, stored.country, stored.privacy_email) == (
        "Clipworks SAS", "FR", "privacy@clipworks.example")
    assert stored.dpo_contact == "Jeanne Martin, dpo@clip.example"
    assert stored.website == "https://clipworks.example"
    assert stored.web_form == "https://clipworks.example/privacy"
    assert stored.postal_address == "1 rue de la Paix\n75002 Paris"
    assert stored.notes == "Paid per clip."


def test_edit_starts_from_the_stored_values_and_clears_emptied_fields(
        qtbot: QtBot, open_vault: Vault, tmp_path: Path) -> None:
    populate(open_vault, tmp_path)
    gigly = open_vault.companies.get("Gigly")
    dialog = CompanyDialog(open_vault.companies, gigly)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Edit Gigly"
    assert dialog.value("privacy_email") == "privacy@gigly.example"
    assert dialog.value("country") == "US-CA"
    assert "California Consumer Privacy Act" in dialog.law_label.text()
    fill(dialog, privacy_email="", dpo_contact="dpo@gigly.example", name="Gigly Inc")
    dialog.accept()
    assert dialog.result() == CompanyDialog.DialogCode.Accepted
    stored = open_vault.companies.get(gigly.id)
    assert (stored.name, stored.privacy_email, stored.dpo_contact) == (
        "Gigly Inc", None, "dpo@gigly.example")
    assert stored.country == "US-CA"


@pytest.mark.parametrize(("field", "text", "sentence"), [
    ("country", "ZZ", "'ZZ' is not a country Holdfast knows"),
    ("country", "Germany", "'GERMANY' is not a country code"),
    ("privacy_email", "privacy at voicebank", "'privacy at voicebank' is not an e-mail address."),
    ("name", "   ", "A company needs a name."),
])
def test_bad_input_says_why_and_stores_nothing(qtbot: QtBot, open_vault: Vault, field: str,
                                               text: str, sentence: str) -> None:
    dialog = CompanyDialog(open_vault.companies)
    qtbot.addWidget(dialog)
    fill(dialog, name="Clipworks", country="FR", privacy_email="privacy@clipworks.example")
    fill(dialog, **{field: text})
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.accept()
    assert dialog.isVisible() and dialog.saved is None
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text().startswith(sentence)
    assert open_vault.companies.list() == []
    if field == "country" and text == "ZZ":
        SHOTS.mkdir(exist_ok=True)
        dialog.grab().save(str(SHOTS / "dialog-bad-country.png"))


def test_a_clashing_name_on_edit_leaves_the_company_unchanged(
        qtbot: QtBot, open_vault: Vault, tmp_path: Path) -> None:
    populate(open_vault, tmp_path)
    gigly = open_vault.companies.get("Gigly")
    dialog = CompanyDialog(open_vault.companies, gigly)
    qtbot.addWidget(dialog)
    fill(dialog, name="voicebank ai", dpo_contact="someone@gigly.example")
    dialog.accept()
    assert dialog.saved is None
    assert dialog.error_label.text() == "There is already a company named 'VoiceBank AI'."
    assert open_vault.companies.get(gigly.id) == gigly


def test_launch_returns_none_when_cancelled(qtbot: QtBot, open_vault: Vault,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CompanyDialog, "exec", lambda self: self.reject() or 0)
    assert CompanyDialog.launch(open_vault.companies) is None
    assert open_vault.companies.list() == []


def test_country_helpers() -> None:
    assert country_name("us-ca") == "United States"
    assert country_name("ZZ") is None
    assert country_problem("DE") is None and country_problem("12") is None
    assert country_problem("XQ") is not None
    assert "UK GDPR" in law_hint("GB") and "Information Commissioner" in law_hint("GB")
    assert "no general privacy law" in law_hint("US")
    assert law_hint("") == "Set the country to see which privacy law applies."


def test_dialog_screenshot(qtbot: QtBot, open_vault: Vault, tmp_path: Path) -> None:
    populate(open_vault, tmp_path)
    dialog = CompanyDialog(open_vault.companies, open_vault.companies.get("VoiceBank AI"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert "EU General Data Protection Regulation" in dialog.law_label.text()
    SHOTS.mkdir(exist_ok=True)
    assert dialog.grab().save(str(SHOTS / "dialog-edit.png"))
