"""The first-run wizard, driven like a person would, making a real vault in tmp_path."""

from __future__ import annotations

import contextlib
import gc
import sys
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import keyring.backends.fail
import keyring.errors
import pytest
from keyring.backends import SecretService
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QWizard
from pytestqt.qtbot import QtBot

from app.session_guard import ClipboardGuard
from tests.conftest import PASSWORD
from tests.secret_service import (
    SecretServiceStartError,
    private_secret_service,
    secret_service_missing,
    skip_or_fail,
)
from tests.vault.test_device_keystore import FailingOSKeyring
from ui.password_fields import estimate_strength
from ui.setup_wizard import NEW_FOLDER_NAME, SetupWizard
from vault.crypto.keys import KdfParams
from vault.device_keystore import DeviceKeystore
from vault.errors import WrongPasswordError
from vault.vault import Vault, create_vault, reset_password_with_recovery_code, unlock_vault

Button = QWizard.WizardButton


@pytest.fixture
def no_keyring() -> DeviceKeystore:
    return DeviceKeystore(backend=keyring.backends.fail.Keyring())


def make_wizard(qtbot: QtBot, root: Path, kdf: KdfParams, keystore: DeviceKeystore,
                guard: ClipboardGuard | None = None) -> SetupWizard:
    wizard = SetupWizard(root, partial(create_vault, kdf=kdf), keystore, clipboard_guard=guard)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def click(qtbot: QtBot, wizard: SetupWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), which
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_passwords(qtbot: QtBot, wizard: SetupWizard, password: str, confirm: str) -> None:
    fields = wizard.password_page.fields
    fields.clear()
    qtbot.keyClicks(fields.password_edit, password)
    qtbot.keyClicks(fields.confirm_edit, confirm)


def test_whole_setup_makes_a_vault_the_shown_code_opens(
        qtbot: QtBot, vault_dir: Path, fast_kdf: KdfParams, no_keyring: DeviceKeystore) -> None:
    guard = ClipboardGuard(clear_after_ms=60_000)
    wizard = make_wizard(qtbot, vault_dir, fast_kdf, no_keyring, guard)
    assert wizard.currentPage() is wizard.location_page
    assert str(vault_dir) in wizard.location_page.message_label.text().replace("\u200b", "")
    click(qtbot, wizard, Button.NextButton)

    assert wizard.currentPage() is wizard.password_page
    assert not wizard.button(Button.CommitButton).isEnabled()
    type_passwords(qtbot, wizard, PASSWORD, PASSWORD)
    assert wizard.password_page.fields.strength_label.text() == "Strength: strong"
    click(qtbot, wizard, Button.CommitButton)  # makes the vault, off the GUI thread

    assert wizard.currentPage() is wizard.code_page
    assert wizard.vault is not None and wizard.vault.is_open
    assert (vault_dir / "vault.json").is_file()
    assert wizard.password_page.fields.password() == ""  # not kept in the widgets
    shown = wizard.code_page.code_label.text()
    assert shown.replace("\n", "-") == wizard.recovery_code
    assert not wizard.button(Button.BackButton).isVisible()

    qtbot.mouseClick(wizard.code_page.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == wizard.recovery_code
    assert guard.is_pending and "clears the clipboard" in wizard.code_page.copied_label.text()

    assert not wizard.button(Button.FinishButton).isEnabled()
    wizard.code_page.saved_check.setChecked(True)
    assert wizard.button(Button.FinishButton).isEnabled()
    vault = wizard.vault
    with qtbot.waitSignal(wizard.accepted):
        click(qtbot, wizard, Button.FinishButton)
    assert wizard.vault is vault and vault.is_open
    vault.close()

    # The code exactly as shown (two lines) resets the password; the old one stops working.
    reset_password_with_recovery_code(vault_dir, shown, "a brand new password", kdf=fast_kdf)
    with pytest.raises(WrongPasswordError):
        unlock_vault(vault_dir, PASSWORD)
    with unlock_vault(vault_dir, "a brand new password") as reopened:
        assert reopened.id == vault.id
    guard.clear_now()  # no timer left running when the test ends


@pytest.mark.parametrize("password", ["short1!", "password1", "Password123!", "aaaaaaaaaaaa",
                                      "abcdefghij", "kdjfhgqz"])
def test_weak_password_keeps_next_disabled(qtbot: QtBot, vault_dir: Path, fast_kdf: KdfParams,
                                           no_keyring: DeviceKeystore, password: str) -> None:
    wizard = make_wizard(qtbot, vault_dir, fast_kdf, no_keyring)
    click(qtbot, wizard, Button.NextButton)
    type_passwords(qtbot, wizard, password, password)
    fields = wizard.password_page.fields
    assert fields.strength_label.text() == "Strength: weak"
    assert fields.hint_label.text() == estimate_strength(password).hint
    assert fields.meter.value() < 50
    assert not wizard.button(Button.CommitButton).isEnabled()
    assert not vault_dir.exists()


def test_typing_does_not_wear_down_py_true(qtbot: QtBot, vault_dir: Path, fast_kdf: KdfParams,
                                           no_keyring: DeviceKeystore) -> None:
    """PySide6 6.12.0's SignalInstance.emit() returns True without a reference; on Python
    3.11 every emit from Python brings the interpreter closer to an abort. Keystrokes must
    not go through one (the fields connect C++ signals directly)."""
    wizard = make_wizard(qtbot, vault_dir, fast_kdf, no_keyring)
    click(qtbot, wizard, Button.NextButton)
    fields = wizard.password_page.fields
    gc.collect()
    before = sys.getrefcount(True)
    for _ in range(100):
        qtbot.keyClicks(fields.password_edit, "x")
        qtbot.keyClicks(fields.confirm_edit, "x")
        qtbot.keyClick(wizard.location_page.path_edit, Qt.Key.Key_Backspace)
    gc.collect()
    assert before - sys.getrefcount(True) < 30  # one per keystroke would be 300


def test_strength_levels() -> None:
    assert estimate_strength("").level == "weak"
    assert "at least 8 characters" in estimate_strength("abc").hint
    assert "most common" in estimate_strength("Password123!").hint
    assert "repeated" in estimate_strength("zzzzzzzzzzzz").hint
    assert estimate_strength("kdjfhgqzp").level == "fair"
    assert estimate_strength("Sunny meadow 42").level == "strong"
    assert estimate_strength(PASSWORD).level == "strong"


def test_mismatch_is_said_inline(qtbot: QtBot, vault_dir: Path, fast_kdf: KdfParams,
                                 no_keyring: DeviceKeystore) -> None:
    wizard = make_wizard(qtbot, vault_dir, fast_kdf, no_keyring)
    click(qtbot, wizard, Button.NextButton)
    fields = wizard.password_page.fields
    type_passwords(qtbot, wizard, PASSWORD, "correct horse")  # still typing: no nagging
    assert not fields.mismatch_label.isVisible()
    qtbot.keyClicks(fields.confirm_edit, " staple")
    assert fields.mismatch_label.isVisible()
    assert fields.mismatch_label.text() == "The two passwords do not match."
    assert not wizard.button(Button.CommitButton).isEnabled()
    fields.confirm_edit.setText(PASSWORD)
    assert not fields.mismatch_label.isVisible()
    assert wizard.button(Button.CommitButton).isEnabled()


def test_remember_is_disabled_with_the_reason(qtbot: QtBot, vault_dir: Path,
                                              fast_kdf: KdfParams,
                                              no_keyring: DeviceKeystore) -> None:
    wizard = make_wizard(qtbot, vault_dir, fast_kdf, no_keyring)
    reason = no_keyring.status().reason
    assert "keyring.backends.fail.Keyring" in reason
    page = wizard.code_page
    assert not page.remember_check.isEnabled()
    assert page.remember_check.toolTip() == reason
    assert page.remember_note.text() == reason


def test_location_must_be_new_or_empty(qtbot: QtBot, tmp_path: Path, fast_kdf: KdfParams,
                                       no_keyring: DeviceKeystore,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "letter.txt").write_text("hello")
    wizard = make_wizard(qtbot, documents, fast_kdf, no_keyring)
    page = wizard.location_page
    assert "is not empty" in page.message_label.text()
    assert not wizard.button(Button.NextButton).isEnabled()

    page.path_edit.setText("relative/folder")
    assert "full path" in page.message_label.text()
    assert not wizard.button(Button.NextButton).isEnabled()

    # "Choose…" on a folder in use proposes a new folder inside it.
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        lambda *args, **kwargs: str(documents))
    qtbot.mouseClick(page.choose_button, Qt.MouseButton.LeftButton)
    assert page.chosen_path() == documents / NEW_FOLDER_NAME
    assert wizard.button(Button.NextButton).isEnabled()

    # A folder that already holds a vault is refused, not nested into.
    existing = tmp_path / "existing"
    create_vault(existing, PASSWORD, kdf=fast_kdf)[0].close()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        lambda *args, **kwargs: str(existing))
    qtbot.mouseClick(page.choose_button, Qt.MouseButton.LeftButton)
    assert page.chosen_path() == existing
    assert page.message_label.text() == f"There is already a vault at {existing}."
    assert not wizard.button(Button.NextButton).isEnabled()


def test_creation_error_is_shown_and_nothing_moves_on(
        qtbot: QtBot, tmp_path: Path, fast_kdf: KdfParams, no_keyring: DeviceKeystore) -> None:
    root = tmp_path / "vault"
    wizard = make_wizard(qtbot, root, fast_kdf, no_keyring)
    click(qtbot, wizard, Button.NextButton)
    type_passwords(qtbot, wizard, PASSWORD, PASSWORD)
    root.mkdir()
    (root / "sneaked-in.txt").write_text("meanwhile")  # the folder filled up after page 1
    click(qtbot, wizard, Button.CommitButton)
    assert wizard.currentPage() is wizard.password_page
    assert wizard.vault is None
    assert wizard.password_page.error_label.isVisible()
    assert "is not empty" in wizard.password_page.error_label.text()
    assert wizard.button(Button.BackButton).isEnabled()


def test_window_stays_live_and_locked_down_while_creating(
        qtbot: QtBot, vault_dir: Path, fast_kdf: KdfParams, no_keyring: DeviceKeystore) -> None:
    release = threading.Event()
    gui_thread = threading.get_ident()
    worker_threads: list[int] = []

    def slow_create(root: Path, password: str) -> tuple[Vault, str]:
        worker_threads.append(threading.get_ident())
        assert release.wait(30)
        return create_vault(root, password, kdf=fast_kdf)

    wizard = SetupWizard(vault_dir, slow_create, no_keyring)
    qtbot.addWidget(wizard)
    wizard.show()
    click(qtbot, wizard, Button.NextButton)
    type_passwords(qtbot, wizard, PASSWORD, PASSWORD)
    seen: dict[str, object] = {}

    def while_creating() -> None:  # a timer still fires: the GUI thread is not frozen
        page = wizard.password_page
        seen.update(commit=wizard.button(Button.CommitButton).isEnabled(),
                    back=wizard.button(Button.BackButton).isEnabled(),
                    cancel=wizard.button(Button.CancelButton).isEnabled(),
                    fields=page.fields.isEnabled(), bar=page.busy_bar.isVisible(),
                    cursor=QApplication.overrideCursor() is not None)
        wizard.reject()  # Cancel cannot interrupt it half-way
        seen["still_open"] = wizard.isVisible()
        release.set()

    QTimer.singleShot(0, while_creating)
    click(qtbot, wizard, Button.CommitButton)
    assert seen == {"commit": False, "back": False, "cancel": False, "fields": False,
                    "bar": True, "cursor": True, "still_open": True}
    assert worker_threads and worker_threads[0] != gui_thread
    assert QApplication.overrideCursor() is None
    assert wizard.currentPage() is wizard.code_page and wizard.vault is not None
    wizard.vault.close()


def test_escape_after_creation_does_not_lose_the_code(
        qtbot: QtBot, vault_dir: Path, fast_kdf: KdfParams, no_keyring: DeviceKeystore) -> None:
    wizard = make_wizard(qtbot, vault_dir, fast_kdf, no_keyring)
    click(qtbot, wizard, Button.NextButton)
    type_passwords(qtbot, wizard, PASSWORD, PASSWORD)
    click(qtbot, wizard, Button.CommitButton)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    wizard.close()
    assert wizard.isVisible() and wizard.currentPage() is wizard.code_page
    assert wizard.vault is not None
    wizard.vault.close()


def test_keyring_failure_is_shown_and_finish_goes_on(
        qtbot: QtBot, vault_dir: Path, fast_kdf: KdfParams) -> None:
    locked = FailingOSKeyring(keyring.errors.KeyringLocked("Failed to unlock the collection!"))
    wizard = make_wizard(qtbot, vault_dir, fast_kdf, DeviceKeystore(backend=locked))
    click(qtbot, wizard, Button.NextButton)
    type_passwords(qtbot, wizard, PASSWORD, PASSWORD)
    click(qtbot, wizard, Button.CommitButton)
    page = wizard.code_page
    page.saved_check.setChecked(True)
    page.remember_check.setChecked(True)
    click(qtbot, wizard, Button.FinishButton)
    assert wizard.isVisible() and locked.calls == ["set"]
    assert page.error_label.isVisible()
    assert page.error_label.text().startswith("The system keyring (Secret Service) is locked")
    assert not page.remember_check.isChecked()
    with qtbot.waitSignal(wizard.accepted):
        click(qtbot, wizard, Button.FinishButton)
    assert locked.calls == ["set"]
    assert wizard.vault is not None
    wizard.vault.close()


# -- a real, private Secret Service -----------------------------------------------

@contextlib.contextmanager
def secret_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    missing = secret_service_missing()
    if missing:
        skip_or_fail(missing)
    try:
        with private_secret_service(tmp_path / "keyring") as env:
            for name in ("DBUS_SESSION_BUS_ADDRESS", "HOME", "XDG_DATA_HOME",
                         "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"):
                monkeypatch.setenv(name, env[name])
            yield
    except SecretServiceStartError as error:
        skip_or_fail(f"the private Secret Service did not start: {error}")


def test_remember_stores_the_key_in_the_system_keyring(
        qtbot: QtBot, tmp_path: Path, fast_kdf: KdfParams,
        monkeypatch: pytest.MonkeyPatch) -> None:
    with secret_service(tmp_path, monkeypatch):
        keystore = DeviceKeystore(backend=SecretService.Keyring())
        root = tmp_path / "vault"
        wizard = make_wizard(qtbot, root, fast_kdf, keystore)
        assert wizard.code_page.remember_check.isEnabled()
        assert "Secret Service" in wizard.code_page.remember_note.text()
        click(qtbot, wizard, Button.NextButton)
        type_passwords(qtbot, wizard, PASSWORD, PASSWORD)
        click(qtbot, wizard, Button.CommitButton)
        wizard.code_page.saved_check.setChecked(True)
        wizard.code_page.remember_check.setChecked(True)
        with qtbot.waitSignal(wizard.accepted):
            click(qtbot, wizard, Button.FinishButton)
        vault = wizard.vault
        assert vault is not None
        try:
            assert keystore.load(vault.id) == vault.keys.master_key
        finally:
            keystore.forget(vault.id)
            vault.close()
