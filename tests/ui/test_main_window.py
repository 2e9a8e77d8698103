"""Smoke tests of the first window and the unlock dialog, with a real vault."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.conftest import PASSWORD
from ui.main_window import PAGES, MainWindow
from ui.unlock_dialog import UnlockDialog
from vault.vault import Vault, unlock_vault


def test_main_window_shows_companies(qtbot: QtBot, open_vault: Vault) -> None:
    open_vault.companies.add("Voicebank AI", country="DE")
    window = MainWindow(open_vault.companies, str(open_vault.location.root))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert [window.sidebar.item(i).text() for i in range(window.sidebar.count())] == list(PAGES)
    window.sidebar.setCurrentRow(PAGES.index("Companies"))
    assert window.pages.currentWidget() is window.companies_table
    assert window.companies_table.item(0, 0).text() == "Voicebank AI"
    assert window.companies_table.item(0, 1).text() == "DE"


def test_unlock_dialog_wrong_then_right_password(qtbot: QtBot, open_vault: Vault,
                                                 vault_dir: Path) -> None:
    open_vault.close()
    dialog = UnlockDialog(str(vault_dir), partial(unlock_vault, vault_dir))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.password_edit.setText("not it at all")
    dialog.try_unlock()
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == "Wrong password."
    assert dialog.vault is None
    dialog.password_edit.setText(PASSWORD)
    with qtbot.waitSignal(dialog.accepted):
        dialog.try_unlock()
    assert dialog.vault is not None and dialog.vault.is_open
    assert dialog.password_edit.text() == ""
    dialog.vault.close()
