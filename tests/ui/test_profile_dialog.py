"""Your details for letters: saved in the vault, or one sentence and nothing saved."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ui.profile_dialog import ProfileDialog
from vault.vault import Vault


def test_details_are_saved_in_the_vault(qtbot: QtBot, open_vault: Vault) -> None:
    dialog = ProfileDialog(open_vault.profile)
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("Ana Kowalski")
    dialog.email_edit.setText("ana@example.org")
    dialog.country_edit.setText("DE")
    dialog.accounts_edit.setText("gigly:W-2291")
    dialog.accept()
    saved = open_vault.profile.get()
    assert (saved.name, saved.email, saved.country) == ("Ana Kowalski", "ana@example.org", "DE")
    assert saved.account_ids == (("gigly", "W-2291"),)
    assert dialog.saved == saved


def test_missing_email_is_one_sentence_and_nothing_saved(qtbot: QtBot,
                                                         open_vault: Vault) -> None:
    dialog = ProfileDialog(open_vault.profile)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("Ana Kowalski")
    dialog.accept()
    assert dialog.isVisible() and dialog.saved is None
    assert dialog.error_label.text() == "Letters need both your name and your e-mail address."
    assert not open_vault.profile.get().complete


def test_bad_account_ids_are_refused(qtbot: QtBot, open_vault: Vault) -> None:
    dialog = ProfileDialog(open_vault.profile)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("Ana")
    dialog.email_edit.setText("ana@example.org")
    dialog.accounts_edit.setText("no-colon-here")
    dialog.accept()
    assert dialog.saved is None and dialog.error_label.text()
    assert not open_vault.profile.get().complete
