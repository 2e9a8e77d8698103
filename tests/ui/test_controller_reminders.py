"""On unlock: a summary of what fell due while Holdfast was closed, then tray reminders."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import keyring.backends.fail
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.controller import AppController
from ui.due_summary import last_open_key
from ui.due_summary_dialog import DueSummaryDialog
from ui.main_window import PAGES
from vault.device_keystore import DeviceKeystore
from vault.services.reminders import Reminder
from vault.vault import Vault


def controller_for(tmp_path: Path, settings: QSettings) -> AppController:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return AppController(app, settings, tmp_path / "elsewhere",
                         DeviceKeystore(backend=keyring.backends.fail.Keyring()))  # type: ignore[no-untyped-call]


def test_what_fell_due_while_closed_is_shown_once(qtbot: QtBot, tmp_path: Path,
                                                 open_vault: Vault,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    today = date.today()
    open_vault.reminders.add("Call Gigly about the payment", today)
    open_vault.reminders.add("Renew nothing yet", today + timedelta(days=20))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(last_open_key(open_vault.id), (today - timedelta(days=3)).isoformat())
    shown: list[list[Reminder]] = []

    def launch(_parent: object, items: list[Reminder]) -> bool:
        shown.append(list(items))
        return True  # "Open reminders"

    monkeypatch.setattr(DueSummaryDialog, "launch", staticmethod(launch))
    controller = controller_for(tmp_path, settings)
    controller.start_with(open_vault)
    window = controller.window
    assert window is not None
    qtbot.addWidget(window)
    assert [r.title for r in shown[0]] == ["Call Gigly about the payment"]
    assert window.pages.currentWidget() is window.reminders_page
    assert settings.value(last_open_key(open_vault.id)) == today.isoformat()
    assert controller.notifier is not None and controller.notifier.running
    # Unlocking again the same day shows nothing new (the launch gets an empty list).
    controller._announce_reminders(open_vault)
    assert shown[1] == []
    assert window.sidebar.currentRow() == PAGES.index("Reminders")
