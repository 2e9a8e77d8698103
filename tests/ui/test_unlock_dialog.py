"""Unlock and recovery dialogs with a real vault (and a real Secret Service where there is one)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import keyring.backends.fail
import keyring.errors
import pytest
from keyring.backends import SecretService
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from tests.conftest import PASSWORD
from tests.ui.test_setup_wizard import secret_service
from tests.vault.test_device_keystore import FailingOSKeyring
from ui.recovery_dialog import RecoveryDialog
from ui.unlock_dialog import UnlockDialog
from vault.crypto.keys import KdfParams
from vault.device_keystore import DeviceKeystore
from vault.errors import WrongPasswordError
from vault.vault import Vault, read_vault_header, reset_password_with_recovery_code, unlock_vault

NEW_PASSWORD = "a brand new password"


@pytest.fixture
def closed_vault(made_vault: tuple[Vault, str]) -> Iterator[str]:
    """A vault on disk, locked; yields its recovery code."""
    vault, code = made_vault
    vault.close()
    yield code


def make_dialog(qtbot: QtBot, vault_dir: Path, kdf: KdfParams,
                keystore: DeviceKeystore | None = None, *,
                remembered: bool = False) -> UnlockDialog:
    dialog = UnlockDialog(str(vault_dir), partial(unlock_vault, vault_dir), keystore=keystore,
                          reset=partial(reset_password_with_recovery_code, vault_dir, kdf=kdf),
                          remembered=remembered)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def type_and_unlock(qtbot: QtBot, dialog: UnlockDialog, password: str) -> None:
    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)


def test_wrong_then_right_password(qtbot: QtBot, closed_vault: str, vault_dir: Path,
                                   fast_kdf: KdfParams) -> None:
    dialog = make_dialog(qtbot, vault_dir, fast_kdf)
    type_and_unlock(qtbot, dialog, "not it at all")
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == "Wrong password."
    assert dialog.password_edit.selectedText() == "not it at all"  # ready to retype
    assert dialog.password_edit.isEnabled() and dialog.unlock_button.text() == "&Unlock"
    assert dialog.vault is None and dialog.isVisible()
    with qtbot.waitSignal(dialog.accepted):
        type_and_unlock(qtbot, dialog, PASSWORD)
    assert dialog.vault is not None and dialog.vault.is_open
    assert dialog.password_edit.text() == ""
    dialog.vault.close()


def test_plain_constructor_and_try_unlock_returning_with_the_outcome(
        qtbot: QtBot, closed_vault: str, vault_dir: Path) -> None:
    """No keystore, no reset: no remember option, no "Forgot password?"; try_unlock()
    runs the key derivation off the GUI thread but returns only once it is settled."""
    dialog = UnlockDialog(str(vault_dir), partial(unlock_vault, vault_dir))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.remember_check.isVisible() and not dialog.forgot_button.isVisible()
    dialog.password_edit.setText("not it at all")
    dialog.try_unlock()
    assert dialog.error_label.isVisible() and dialog.error_label.text() == "Wrong password."
    assert dialog.vault is None
    dialog.password_edit.setText(PASSWORD)
    with qtbot.waitSignal(dialog.accepted):
        dialog.try_unlock()
    assert dialog.vault is not None and dialog.vault.is_open
    assert dialog.password_edit.text() == ""
    dialog.vault.close()


def test_empty_password_asks_for_one(qtbot: QtBot, closed_vault: str, vault_dir: Path,
                                     fast_kdf: KdfParams) -> None:
    dialog = make_dialog(qtbot, vault_dir, fast_kdf)
    dialog.try_unlock()
    assert dialog.error_label.text() == "Enter your password."
    assert dialog.vault is None


def test_damaged_header_says_which_file(qtbot: QtBot, closed_vault: str, vault_dir: Path,
                                        fast_kdf: KdfParams) -> None:
    header = vault_dir / "vault.json"
    header.write_bytes(header.read_bytes()[:40])
    dialog = make_dialog(qtbot, vault_dir, fast_kdf)
    type_and_unlock(qtbot, dialog, PASSWORD)
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == (
        f"{header} is damaged or is not a Holdfast vault header.")
    assert dialog.vault is None and dialog.isVisible()


def when_shown(qtbot: QtBot, parent: QDialog, act: Callable[[RecoveryDialog], None]) -> None:
    """Run ``act`` once the modal RecoveryDialog (a child of ``parent``) is up."""
    def attempt() -> None:
        recovery = parent.findChild(RecoveryDialog)
        if recovery is None or not recovery.isVisible():
            QTimer.singleShot(10, attempt)
            return
        try:
            act(recovery)
        finally:
            if recovery.isVisible():  # never leave a test hanging in exec()
                recovery.reject()
    QTimer.singleShot(0, attempt)


def fill_recovery(qtbot: QtBot, recovery: RecoveryDialog, code: str, password: str,
                  confirm: str | None = None) -> None:
    recovery.code_edit.setText(code)
    recovery.fields.clear()
    qtbot.keyClicks(recovery.fields.password_edit, password)
    qtbot.keyClicks(recovery.fields.confirm_edit, password if confirm is None else confirm)


def test_forgot_password_resets_and_unlocks(qtbot: QtBot, closed_vault: str, vault_dir: Path,
                                            fast_kdf: KdfParams) -> None:
    dialog = make_dialog(qtbot, vault_dir, fast_kdf)
    type_and_unlock(qtbot, dialog, "what was it again")
    seen: list[str] = []

    def recover(recovery: RecoveryDialog) -> None:
        # Typed the way people type it: lower case, spaces instead of dashes.
        fill_recovery(qtbot, recovery, closed_vault.lower().replace("-", " "), NEW_PASSWORD)
        assert recovery.reset_button.isEnabled()
        seen.append(recovery.windowTitle())
        qtbot.mouseClick(recovery.reset_button, Qt.MouseButton.LeftButton)

    when_shown(qtbot, dialog, recover)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.forgot_button, Qt.MouseButton.LeftButton)
    assert seen == ["Reset your password"]
    assert dialog.vault is not None and dialog.vault.is_open
    dialog.vault.close()
    with pytest.raises(WrongPasswordError):
        unlock_vault(vault_dir, PASSWORD)
    unlock_vault(vault_dir, NEW_PASSWORD).close()


def test_recovery_dialog_wrong_code_and_checks(qtbot: QtBot, closed_vault: str, vault_dir: Path,
                                               fast_kdf: KdfParams) -> None:
    recovery = RecoveryDialog(partial(reset_password_with_recovery_code, vault_dir, kdf=fast_kdf),
                              partial(unlock_vault, vault_dir))
    qtbot.addWidget(recovery)
    recovery.show()
    assert not recovery.reset_button.isEnabled()
    fill_recovery(qtbot, recovery, closed_vault, NEW_PASSWORD, "a brand new passwort")
    assert recovery.fields.mismatch_label.isVisible()
    assert not recovery.reset_button.isEnabled()

    wrong = "2222-2222-2222-2222-2222-2222-2222-2222"
    fill_recovery(qtbot, recovery, wrong, NEW_PASSWORD)
    recovery.try_reset()
    assert recovery.error_label.text() == "Wrong recovery code."
    assert recovery.code_edit.selectedText() == wrong
    fill_recovery(qtbot, recovery, "1234", NEW_PASSWORD)
    recovery.try_reset()
    assert recovery.error_label.text().startswith("That is not a recovery code")
    assert recovery.vault is None and recovery.isVisible()
    unlock_vault(vault_dir, PASSWORD).close()  # nothing changed


def test_remember_disabled_with_the_reason(qtbot: QtBot, closed_vault: str, vault_dir: Path,
                                           fast_kdf: KdfParams) -> None:
    keystore = DeviceKeystore(backend=keyring.backends.fail.Keyring())
    dialog = make_dialog(qtbot, vault_dir, fast_kdf, keystore)
    reason = keystore.status().reason
    assert not dialog.remember_check.isEnabled()
    assert not dialog.remember_check.isChecked()
    assert dialog.remember_check.toolTip() == reason
    assert dialog.remember_note.isVisible() and dialog.remember_note.text() == reason
    with qtbot.waitSignal(dialog.accepted):
        type_and_unlock(qtbot, dialog, PASSWORD)
    assert dialog.vault is not None
    dialog.vault.close()


def test_keyring_error_is_shown_then_continue(qtbot: QtBot, closed_vault: str, vault_dir: Path,
                                              fast_kdf: KdfParams) -> None:
    locked = FailingOSKeyring(keyring.errors.KeyringLocked("Failed to unlock the collection!"))
    dialog = make_dialog(qtbot, vault_dir, fast_kdf, DeviceKeystore(backend=locked))
    dialog.remember_check.setChecked(True)
    type_and_unlock(qtbot, dialog, PASSWORD)
    assert dialog.isVisible() and locked.calls == ["set"]
    assert dialog.error_label.text().startswith("The system keyring (Secret Service) is locked")
    assert "Your vault is unlocked" in dialog.error_label.text()
    assert dialog.unlock_button.text() == "&Continue"
    assert not dialog.password_edit.isEnabled()
    assert not dialog.remember_check.isChecked()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert locked.calls == ["set"]  # not asked again
    assert dialog.vault is not None and dialog.vault.is_open
    dialog.vault.close()


def test_cancel_after_keyring_error_locks_again(qtbot: QtBot, closed_vault: str,
                                                vault_dir: Path, fast_kdf: KdfParams) -> None:
    locked = FailingOSKeyring(keyring.errors.KeyringLocked("Failed to unlock the collection!"))
    dialog = make_dialog(qtbot, vault_dir, fast_kdf, DeviceKeystore(backend=locked))
    dialog.remember_check.setChecked(True)
    type_and_unlock(qtbot, dialog, PASSWORD)
    vault = dialog.vault
    assert vault is not None
    with qtbot.waitSignal(dialog.rejected):
        dialog.reject()
    assert dialog.vault is None and not vault.is_open


def test_remembered_key_round_trip(qtbot: QtBot, closed_vault: str, vault_dir: Path,
                                   fast_kdf: KdfParams, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    with secret_service(tmp_path, monkeypatch):
        keystore = DeviceKeystore(backend=SecretService.Keyring())
        dialog = make_dialog(qtbot, vault_dir, fast_kdf, keystore)
        assert dialog.remember_check.isEnabled()
        dialog.remember_check.setChecked(True)
        with qtbot.waitSignal(dialog.accepted):
            type_and_unlock(qtbot, dialog, PASSWORD)
        assert dialog.vault is not None
        vault_id, key = dialog.vault.id, dialog.vault.keys.master_key
        dialog.vault.close()
        assert keystore.load(vault_id) == key

        def no_dialog(self: UnlockDialog) -> int:
            raise AssertionError("the remembered key should have opened the vault")

        monkeypatch.setattr(UnlockDialog, "exec", no_dialog)
        reopened = UnlockDialog.launch(vault_dir, keystore, use_remembered=True)
        assert reopened is not None and reopened.id == vault_id
        reopened.close()

        # After an idle lock the app knows a key is remembered: unticking forgets it.
        relock = make_dialog(qtbot, vault_dir, fast_kdf, keystore, remembered=True)
        assert relock.remember_check.isChecked()
        relock.remember_check.setChecked(False)
        with qtbot.waitSignal(relock.accepted):
            type_and_unlock(qtbot, relock, PASSWORD)
        assert relock.vault is not None
        relock.vault.close()
        assert keystore.load(vault_id) is None


def test_stale_remembered_key_falls_back_to_the_password(
        qtbot: QtBot, closed_vault: str, vault_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    with secret_service(tmp_path, monkeypatch):
        keystore = DeviceKeystore(backend=SecretService.Keyring())
        vault_id = read_vault_header(vault_dir).vault_id
        keystore.store(vault_id, bytes(32))  # not this vault's key
        notices: list[tuple[str, bool]] = []

        def record(self: UnlockDialog) -> int:
            notices.append((self.error_label.text(), self.remember_check.isChecked()))
            return QDialog.DialogCode.Rejected.value

        monkeypatch.setattr(UnlockDialog, "exec", record)
        assert UnlockDialog.launch(vault_dir, keystore, use_remembered=True) is None
        assert notices == [("The key remembered on this device did not open this vault. "
                            "Enter your password.", True)]
        keystore.forget(vault_id)


def test_keyring_failure_at_start_falls_back_to_the_password(
        qtbot: QtBot, closed_vault: str, vault_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    locked = FailingOSKeyring(keyring.errors.KeyringLocked("Failed to unlock the collection!"))
    notices: list[str] = []

    def record(self: UnlockDialog) -> int:
        notices.append(self.error_label.text())
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(UnlockDialog, "exec", record)
    assert UnlockDialog.launch(vault_dir, DeviceKeystore(backend=locked),
                               use_remembered=True) is None
    assert notices == ["The system keyring (Secret Service) is locked and was not unlocked, "
                       "so Holdfast could not read your key. Enter your password."]
