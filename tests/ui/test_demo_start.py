"""holdfast --demo: the controller shows the main window for the already open demo vault."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import keyring.backends.fail
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.controller import AppController
from app.demo import DEMO_NOTE, build_demo_vault
from vault.crypto.keys import KdfParams
from vault.device_keystore import DeviceKeystore


def test_start_with_shows_the_demo_vault(qtbot: QtBot, tmp_path: Path,
                                         fast_kdf: KdfParams) -> None:
    vault, _password = build_demo_vault(tmp_path / "demo", date(2026, 12, 4), kdf=fast_kdf)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    controller = AppController(app, settings, tmp_path / "no-vault-here",
                               DeviceKeystore(backend=keyring.backends.fail.Keyring()))  # type: ignore[no-untyped-call]
    controller.start_with(vault, DEMO_NOTE)
    window = controller.window
    assert window is not None and controller.vault is vault
    qtbot.waitUntil(window.isVisible)
    assert "demo-password" in window.windowTitle()
    window.close()
    vault.close()
