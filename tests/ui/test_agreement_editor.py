"""The agreement editor over a real vault: every term entered through its widgets is stored,
an existing agreement is shown as stored, and a bad date is one sentence with nothing stored."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from tests.vault.realistic_vault import TODAY, populate
from ui.agreement_editor import AgreementChoice, AgreementEditor
from vault.services.agreement_terms import check_terms
from vault.vault import Vault


def editor_for(vault: Vault, qtbot: QtBot, existing_id: str | None = None) -> tuple[
        AgreementEditor, list[AgreementChoice]]:
    saved: list[AgreementChoice] = []

    def save(choice: AgreementChoice) -> None:
        vault.agreements.add(choice.company_id, choice.terms, recordings=choice.recording_ids)
        saved.append(choice)

    existing = vault.agreements.get(existing_id) if existing_id else None
    dialog = AgreementEditor(vault.companies.list(), vault.recordings.list(), existing,
                             save=save, today=TODAY)
    qtbot.addWidget(dialog)
    return dialog, saved


def pick_company(dialog: AgreementEditor, name: str) -> None:
    dialog.company_combo.setCurrentIndex(dialog.company_combo.findText(name))


def test_every_term_entered_is_stored(qtbot: QtBot, open_vault: Vault, tmp_path: Path) -> None:
    ids = populate(open_vault, tmp_path)
    before = len(open_vault.agreements.list())
    dialog, saved = editor_for(open_vault, qtbot)
    dialog.title_edit.setText("  Clone licence ")
    pick_company(dialog, "VoiceBank AI")
    dialog.via_combo.setCurrentIndex(dialog.via_combo.findText("Gigly"))
    dialog.signed_edit.setDate(QDate(2026, 1, 5))
    dialog.perpetual_radio.setChecked(True)
    dialog.revocable_combo.setCurrentIndex(dialog.revocable_combo.findData("notice"))
    dialog.revocation_days.setValue(60)
    dialog.deletion_combo.setCurrentIndex(dialog.deletion_combo.findData("on-request"))
    dialog.use_boxes["synthetic-replica"].setChecked(True)
    dialog.use_boxes["evaluation-only"].setChecked(True)
    dialog.kind_boxes["voice"].setChecked(True)
    dialog.exclusive.setChecked(True)
    dialog.territory_edit.setText("EU")
    dialog.law_edit.setText("Laws of Germany")
    dialog.pay_combo.setCurrentIndex(dialog.pay_combo.findData("royalty"))
    dialog.amount_edit.setText("12.5")
    dialog.currency_edit.setText("eur")
    dialog.picker.set_checked(ids.voice2, True)
    dialog.tabs.setCurrentIndex(0)
    dialog.resize(760, 600)
    dialog.grab().save("/tmp/agreements/editor.png")
    dialog.tabs.setCurrentIndex(1)
    dialog.grab().save("/tmp/agreements/editor_uses.png")
    dialog.accept()
    assert dialog.choice is not None and saved
    agreements = open_vault.agreements.list()
    assert len(agreements) == before + 1
    stored = next(a for a in agreements if a.terms.title == "Clone licence")
    t = stored.terms
    assert stored.company_name == "VoiceBank AI" and stored.via_company_name == "Gigly"
    assert (t.signed_on, t.perpetual, t.ends_on) == (date(2026, 1, 5), True, None)
    assert (t.revocable, t.revocation_notice_days) == ("notice", 60)
    assert (t.deletion_clause, t.deletion_days) == ("on-request", None)
    assert set(t.permitted_uses) == {"synthetic-replica", "evaluation-only"}
    assert t.data_kinds == ("voice",)
    assert (t.exclusive, t.territory, t.governing_law) == (True, "EU", "Laws of Germany")
    assert (t.pay_model, t.amount, t.currency) == ("royalty", "12.50", "EUR")
    assert [r.recording_id for r in stored.recordings] == [ids.voice2]


def test_end_before_start_is_one_sentence_and_nothing_stored(
        qtbot: QtBot, open_vault: Vault, tmp_path: Path) -> None:
    populate(open_vault, tmp_path)
    before = open_vault.agreements.list()
    dialog, saved = editor_for(open_vault, qtbot)
    dialog.title_edit.setText("Backwards")
    pick_company(dialog, "Old Data Co")
    dialog.signed_edit.setDate(QDate(2026, 5, 1))
    dialog.ends_edit.setDate(QDate(2026, 4, 1))
    dialog.accept()
    assert dialog.choice is None and not saved
    assert not dialog.error_label.isHidden()
    assert dialog.error_label.text() == (
        "The agreement ends (2026-04-01) before it starts (2026-05-01).")
    assert open_vault.agreements.list() == before
    dialog.resize(760, 600)
    dialog.grab().save("/tmp/agreements/editor_error.png")
    dialog.title_edit.clear()
    dialog.accept()
    assert dialog.error_label.text() == "An agreement needs a title."


def test_existing_agreement_is_shown_as_stored(qtbot: QtBot, open_vault: Vault,
                                               tmp_path: Path) -> None:
    ids = populate(open_vault, tmp_path)
    for agreement_id in (ids.voicebank, ids.faceforge, ids.olddata):
        stored = open_vault.agreements.get(agreement_id)
        dialog, _ = editor_for(open_vault, qtbot, agreement_id)
        choice = dialog.current_choice()
        assert check_terms(choice.terms) == stored.terms
        assert choice.company_id == stored.company_id
        assert set(choice.recording_ids) == {r.recording_id for r in stored.recordings}
        assert choice.terms.via == stored.via_company_id


def test_without_companies_the_dialog_says_what_to_do(qtbot: QtBot, open_vault: Vault) -> None:
    dialog = AgreementEditor([], [], save=None, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.title_edit.setText("Anything")
    dialog.accept()
    assert dialog.choice is None
    assert "Companies page" in dialog.error_label.text()
