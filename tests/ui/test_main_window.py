"""The main window and the app controller, with a real vault."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.controller import AppController
from tests.conftest import PASSWORD
from tests.vault.realistic_vault import TODAY, populate
from ui.main_window import PAGES, MainWindow
from ui.unlock_dialog import UnlockDialog
from vault.device_keystore import DeviceKeystore
from vault.vault import Vault, unlock_vault


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_pages_menus_and_shortcuts(qtbot: QtBot, open_vault: Vault, tmp_path: Path,
                                   settings: QSettings) -> None:
    populate(open_vault, tmp_path)
    window = MainWindow(open_vault, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert [window.sidebar.item(i).text() for i in range(window.sidebar.count())] == list(PAGES)
    assert window.pages.currentWidget() is window.overview  # the landing page
    assert window.library.table_page.proxy.rowCount() == 5
    shortcuts = {a.text(): a.shortcut().toString() for a in window.findChildren(type(
        window.import_action))}
    assert shortcuts["&Import…"] == "Ctrl+I" and shortcuts["&Lock"] == "Ctrl+L"
    assert shortcuts["&Quit"] == "Ctrl+Q" and shortcuts["&Find"] == "Ctrl+F"
    assert shortcuts["Holdfast &Help"] == "F1"
    window.sidebar.setCurrentRow(PAGES.index("Companies"))
    assert window.companies_page.table.rowCount() == 4
    window.sidebar.setCurrentRow(PAGES.index("Requests"))
    assert window.pages.currentWidget() is window.requests_page
    assert not window.sidebar.item(0).icon().isNull()
    assert not window.export_bundle_action.icon().isNull()


def test_pages_ask_for_each_other_through_the_window(qtbot: QtBot, open_vault: Vault,
                                                     tmp_path: Path,
                                                     settings: QSettings) -> None:
    ids = populate(open_vault, tmp_path)
    window = MainWindow(open_vault, settings, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.overview.open_agreement.emit(ids.faceforge)
    assert window.pages.currentWidget() is window.agreements_page
    window.agreements_page.open_recording.emit(ids.face)
    assert window.pages.currentWidget() is window.library
    assert window.library.table_page.selected_id() == ids.face
    company = open_vault.companies.get("Old Data Co").id
    window.agreements_page.open_company.emit(company)
    assert window.pages.currentWidget() is window.companies_page
    assert window.companies_page.selected_id() == company


def test_drop_folder_imports_off_the_gui_thread(qtbot: QtBot, open_vault: Vault,
                                                tmp_path: Path, settings: QSettings) -> None:
    folder = tmp_path / "session"
    folder.mkdir()
    (folder / "a.wav").write_bytes(b"\1" * 1000)
    (folder / "b.mp4").write_bytes(b"\2" * 2000)
    window = MainWindow(open_vault, settings)
    qtbot.addWidget(window)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: len(open_vault.recordings.list()) == 2, timeout=20_000)
    qtbot.waitUntil(lambda: window.library.table_page.proxy.rowCount() == 2)
    assert "Imported 2 files" in window.statusBar().currentMessage()


def test_geometry_is_remembered(qtbot: QtBot, open_vault: Vault, settings: QSettings) -> None:
    window = MainWindow(open_vault, settings)
    qtbot.addWidget(window)
    window.resize(700, 520)  # the offscreen screen is 800 x 600
    window.close()
    again = MainWindow(open_vault, settings)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (700, 520)


def test_lock_drops_the_vault_and_unlocks_again(qtbot: QtBot, open_vault: Vault,
                                                vault_dir: Path, settings: QSettings,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    open_vault.close()
    launches: list[bool] = []

    def fake_launch(root: Path, keystore: object, parent: object = None, *,
                    use_remembered: bool = False, kdf: object = None) -> Vault:
        launches.append(use_remembered)
        return unlock_vault(root, PASSWORD)

    monkeypatch.setattr(UnlockDialog, "launch", staticmethod(fake_launch))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    import keyring.backends.fail

    controller = AppController(app, settings, vault_dir,
                               DeviceKeystore(backend=keyring.backends.fail.Keyring()))
    assert controller.start()
    first_vault, first_window = controller.vault, controller.window
    assert first_vault is not None and first_window is not None and first_vault.is_open
    first_window.lock_action.trigger()
    assert not first_vault.is_open  # keys and engine dropped
    assert controller.vault is not None and controller.vault is not first_vault
    assert controller.window is not first_window
    assert launches == [True, False]  # a remembered key is not used after a lock
    controller.window.close()
    controller.vault.close()


def test_idle_lock_fires_and_clears_the_views(qtbot: QtBot, open_vault: Vault,
                                              vault_dir: Path, tmp_path: Path,
                                              settings: QSettings,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    populate(open_vault, tmp_path)
    open_vault.close()
    unlocks: list[bool] = []

    def fake_launch(root: Path, keystore: object, parent: object = None, *,
                    use_remembered: bool = False, kdf: object = None) -> Vault | None:
        unlocks.append(use_remembered)
        return unlock_vault(root, PASSWORD) if len(unlocks) == 1 else None

    monkeypatch.setattr(UnlockDialog, "launch", staticmethod(fake_launch))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    monkeypatch.setattr(app, "quit", lambda: None)  # the second unlock is cancelled
    import keyring.backends.fail

    cleared: list[tuple[object, int]] = []
    real_clear = MainWindow.clear_sensitive

    def spy_clear(self: MainWindow) -> None:
        real_clear(self)
        # What the views still hold right after clearing (checked before deletion).
        cleared.append((self.library.preview.device, self.companies_page.table.rowCount()))

    monkeypatch.setattr(MainWindow, "clear_sensitive", spy_clear)
    controller = AppController(app, settings, vault_dir,
                               DeviceKeystore(backend=keyring.backends.fail.Keyring()),
                               minute_ms=50)
    assert controller.start()
    window, vault = controller.window, controller.vault
    assert window is not None and vault is not None
    assert window.library.table_page.proxy.rowCount() == 5
    controller.window.idle_actions.actions()[0].trigger()  # "after 5 minutes" = 250 ms here
    assert settings.value("lock/idle_minutes") in (5, "5")
    with qtbot.waitSignal(controller.idle.lock_requested, timeout=5_000):
        pass
    qtbot.waitUntil(lambda: controller.window is None)
    assert not vault.is_open
    assert cleared == [(None, 0)]
    assert unlocks == [True, False]


def test_request_deletion_runs_the_flow_and_shows_the_request(
        qtbot: QtBot, open_vault: Vault, tmp_path: Path, settings: QSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.navigation import RequestTarget
    from ui.request_flow_dialog import RequestFlowDialog, RequestFlowOutcome

    ids = populate(open_vault, tmp_path)
    window = MainWindow(open_vault, settings, today=lambda: TODAY)
    qtbot.addWidget(window)
    asked: list[RequestTarget] = []

    def fake_flow(parent: object, vault: Vault, target: RequestTarget,
                  today: object) -> RequestFlowOutcome:
        asked.append(target)
        made = vault.requests.new(target.company_id, target.request_type,
                                  agreement=target.agreement_id)
        return RequestFlowOutcome(made.id, f"Request {made.reference} is kept as a draft.")

    monkeypatch.setattr(RequestFlowDialog, "launch", fake_flow)
    window.agreements_page.show_agreement(ids.voicebank)
    window.agreements_page.request_deletion()
    assert asked and asked[0].agreement_id == ids.voicebank
    assert window.pages.currentWidget() is window.requests_page
    shown = window.requests_page.selected_id()
    assert shown and open_vault.requests.get(shown).agreement_id == ids.voicebank
    assert "kept as a draft" in window.statusBar().currentMessage()
