"""First run: where to keep the vault, a password, and the recovery code shown once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QClipboard, QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.session_guard import ClipboardGuard
from ui.background import busy_bar, describe_error, error_line, run_in_background, small_note
from ui.password_fields import NewPasswordFields
from vault.device_keystore import DeviceKeystore
from vault.errors import VaultError, VaultExistsError
from vault.vault import Vault, VaultLocation, check_can_create, create_vault

Creator = Callable[[Path, str], tuple[Vault, str]]
NEW_FOLDER_NAME = "Holdfast vault"


def _wrapping(path: Path | str) -> str:
    """A path that may break after each separator when a label wraps."""
    return str(path).replace("/", "/\u200b")


def _code_lines(code: str) -> str:
    """ABCD-EFGH-...: four groups a line, easier to copy onto paper."""
    groups = code.split("-")
    return "\n".join("-".join(groups[i:i + 4]) for i in range(0, len(groups), 4))


class LocationPage(QWizardPage):
    def __init__(self, default_path: Path) -> None:
        super().__init__()
        self.setTitle("Where to keep your vault")
        self.setSubTitle("Holdfast keeps your recordings and agreements encrypted in one "
                         "folder on this computer.")
        self.path_edit = QLineEdit(str(default_path))
        self.path_edit.setAccessibleName("Vault folder")
        self.choose_button = QPushButton("C&hoose…")
        self.choose_button.clicked.connect(self.choose_folder)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.choose_button)
        folder_label = QLabel("&Folder for the vault:")
        folder_label.setBuddy(self.path_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(folder_label)
        layout.addLayout(row)
        layout.addWidget(self.message_label)
        layout.addStretch(1)
        layout.addWidget(small_note(
            "Back up this folder like any other: without your password or recovery code it "
            "cannot be read by anyone."))
        self._valid = False
        self.path_edit.textChanged.connect(self._validate)  # first: isComplete reads _valid
        self.path_edit.textChanged.connect(self.completeChanged)
        self._validate()

    def chosen_path(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    def choose_folder(self) -> None:
        start = self.chosen_path()
        while not start.is_dir() and start != start.parent:
            start = start.parent
        chosen = QFileDialog.getExistingDirectory(self, "Choose a folder for your vault",
                                                  str(start))
        if not chosen:
            return
        folder = Path(chosen)
        try:
            check_can_create(folder)
        except VaultExistsError:
            if not VaultLocation(folder).exists():  # a folder in use: make ours inside it
                folder = folder / NEW_FOLDER_NAME
        except (VaultError, OSError):
            pass  # _validate says what is wrong
        self.path_edit.setText(str(folder))

    def _validate(self) -> None:
        text = self.path_edit.text().strip()
        root = self.chosen_path()
        problem = None
        if not text:
            problem = "Choose a folder for the vault."
        elif not root.is_absolute():
            problem = "Enter a full path, starting at the top of the disk (for example /home)."
        else:
            try:
                check_can_create(root)
            except (VaultError, OSError) as error:
                problem = describe_error(error)
        self._valid = problem is None
        self.message_label.setText(problem or f"Your vault will be made in {_wrapping(root)}.")
        self.message_label.setObjectName("error" if problem else "")
        self.message_label.setStyleSheet(
            "color: palette(highlight); font-weight: bold;" if problem else "")

    def isComplete(self) -> bool:
        return self._valid


class PasswordPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Choose a password")
        self.setSubTitle("You type it each time you open Holdfast. Nobody can open your vault "
                         "without it or your recovery code, not even Holdfast.")
        self.fields = NewPasswordFields()
        self.fields.on_change(self.completeChanged)
        self.error_label = error_line()
        self.busy_label = small_note("Making your vault… this takes a few seconds.")
        self.busy_label.hide()
        self.busy_bar = busy_bar()
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields)
        layout.addStretch(1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.busy_bar)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Create vault")
        self.busy = False

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.fields.setEnabled(not busy)
        self.busy_label.setVisible(busy)
        self.busy_bar.setVisible(busy)
        if busy:
            self.error_label.hide()

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def isComplete(self) -> bool:
        return self.fields.is_acceptable() and not self.busy

    def validatePage(self) -> bool:
        wizard = self.wizard()
        assert isinstance(wizard, SetupWizard)
        return wizard.create_now()


class RecoveryCodePage(QWizardPage):
    def __init__(self, keystore: DeviceKeystore) -> None:
        super().__init__()
        self.setTitle("Save your recovery code")
        self.setSubTitle("If you forget your password, this code is the only way back into "
                         "your vault. Holdfast shows it only now.")
        self.code_label = QLabel()
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.5)
        else:  # a font sized in pixels
            font.setPixelSize(round(font.pixelSize() * 1.5))
        font.setWeight(QFont.Weight.DemiBold)
        self.code_label.setFont(font)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.code_label.setMargin(12)
        self.code_label.setAccessibleName("Recovery code")
        self.copy_button = QPushButton("&Copy")
        self.copied_label = small_note()
        advice = QLabel("Write it on paper or keep it in a password manager. Do not keep it in "
                        "a file next to the vault.")
        advice.setWordWrap(True)
        self.saved_check = QCheckBox("I have saved my recovery code somewhere &safe")
        self.saved_check.toggled.connect(self.completeChanged)
        self.remember_check = QCheckBox("&Remember on this device")
        self.remember_note = small_note()
        status = keystore.status()
        self.remember_check.setEnabled(status.available)
        if status.available:
            self.remember_note.setText(f"{status.reason} Holdfast then opens without your "
                                       "password while you are logged in to this computer.")
        else:
            self.remember_check.setToolTip(status.reason)
            self.remember_note.setText(status.reason)
        self.error_label = error_line()
        copy_row = QHBoxLayout()
        copy_row.addWidget(self.copy_button)
        copy_row.addWidget(self.copied_label, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.code_label)
        layout.addLayout(copy_row)
        layout.addWidget(advice)
        layout.addSpacing(8)
        layout.addWidget(self.saved_check)
        layout.addStretch(1)
        layout.addWidget(self.remember_check)
        layout.addWidget(self.remember_note)
        layout.addWidget(self.error_label)
        self.busy = False

    def isComplete(self) -> bool:
        return self.saved_check.isChecked() and not self.busy

    def validatePage(self) -> bool:
        wizard = self.wizard()
        assert isinstance(wizard, SetupWizard)
        return wizard.remember_now()


class SetupWizard(QWizard):
    """Makes a new vault with ``create(root, password)``; ``vault`` holds it afterwards.

    The vault is made when the person leaves the password page (a commit page:
    there is no way back after it). The last page shows the recovery code and
    cannot be left until the person says it is saved.
    """

    def __init__(self, default_path: Path, create: Creator, keystore: DeviceKeystore,
                 parent: QWidget | None = None, *,
                 clipboard_guard: ClipboardGuard | None = None,
                 clipboard: QClipboard | None = None) -> None:
        super().__init__(parent)
        self._create = create
        self._keystore = keystore
        self._owns_guard = clipboard_guard is None
        self._guard = clipboard_guard if clipboard_guard is not None else ClipboardGuard(
            parent=self)
        self._clipboard = clipboard if clipboard is not None else QGuiApplication.clipboard()
        self._remembered = False
        self.vault: Vault | None = None
        self.recovery_code: str | None = None
        self.setWindowTitle("Set up Holdfast")
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.location_page = LocationPage(default_path)
        self.password_page = PasswordPage()
        self.code_page = RecoveryCodePage(keystore)
        for page in (self.location_page, self.password_page, self.code_page):
            self.addPage(page)
        self.code_page.copy_button.clicked.connect(self.copy_code)
        self.setMinimumSize(600, 480)

    @classmethod
    def launch(cls, default_path: Path, keystore: DeviceKeystore,
               parent: QWidget | None = None, *, create: Creator = create_vault,
               clipboard_guard: ClipboardGuard | None = None) -> Vault | None:
        """Run the wizard; the new, open vault, or None if the person cancelled first."""
        wizard = cls(default_path, create, keystore, parent, clipboard_guard=clipboard_guard)
        try:
            if wizard.exec() == QDialog.DialogCode.Accepted:
                return wizard.vault
            if wizard.vault is not None:  # the application quit on the last page
                wizard.vault.close()
            return None
        finally:
            wizard.deleteLater()

    def _set_buttons_enabled(self, enabled: bool) -> None:
        """While working; the pages' isComplete() also says no while busy."""
        for button in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton,
                       QWizard.WizardButton.CommitButton, QWizard.WizardButton.FinishButton):
            self.button(button).setEnabled(enabled)

    def create_now(self) -> bool:
        """Leaving the password page: make the vault (off the GUI thread)."""
        if self.vault is not None:
            return True
        root = self.location_page.chosen_path()
        password = self.password_page.fields.password()
        self.password_page.set_busy(True)
        self._set_buttons_enabled(False)
        try:
            vault, code = run_in_background(lambda: self._create(root, password))
        except Exception as error:
            self.password_page.show_error(describe_error(error))
            return False
        finally:
            self.password_page.set_busy(False)
            self._set_buttons_enabled(True)
        self.vault, self.recovery_code = vault, code
        self.password_page.fields.clear()
        self.code_page.code_label.setText(_code_lines(code))
        return True

    def copy_code(self) -> None:
        if self.recovery_code is None:
            return
        self._guard.copy_secret(self.recovery_code, self._clipboard)
        seconds = round(self._guard.clear_after_ms / 1000)
        self.code_page.copied_label.setText(
            f"Copied. Holdfast clears the clipboard in {seconds} seconds.")

    def remember_now(self) -> bool:
        """Finishing: keep the master key in the system keyring if asked to."""
        vault, page = self.vault, self.code_page
        if vault is None or not page.remember_check.isChecked() or self._remembered:
            return vault is not None
        page.busy = True
        self._set_buttons_enabled(False)
        try:
            run_in_background(lambda: self._keystore.store(vault.id, vault.keys.master_key))
        except Exception as error:
            page.remember_check.setChecked(False)
            page.error_label.setText(f"{describe_error(error)} Click Finish to go on without "
                                     "remembering.")
            page.error_label.show()
            return False
        finally:
            page.busy = False
            self._set_buttons_enabled(True)
        self._remembered = True
        return True

    def done(self, result: int) -> None:
        if result != QDialog.DialogCode.Accepted and self.vault is not None:
            # Escape or closing the window once the vault exists: stay until Finish,
            # so that nobody loses the recovery code by accident.
            return
        super().done(result)
        if self._owns_guard and self.result() == result:  # closed, not held by a failed check
            self._guard.clear_now()

    def reject(self) -> None:
        if not self.password_page.busy and not self.code_page.busy:
            super().reject()
