"""Forgotten password: the recovery code and a new password open the vault again.

This module also holds what the setup wizard, the unlock dialog and this
dialog share: ``run_in_background`` (key derivation off the GUI thread),
``describe_error``, the password strength estimator and ``NewPasswordFields``.
"""

from __future__ import annotations

import logging
import math
import re
import string
import threading
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QMetaObject, QRunnable, Qt, QThreadPool, SignalInstance
from PySide6.QtGui import QFontDatabase, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from vault.errors import InvalidInputError, VaultError, WrongPasswordError
from vault.vault import Vault, check_new_password

Unlocker = Callable[[str], Vault]
Resetter = Callable[[str, str], None]  # (recovery code, new password)

log = logging.getLogger(__name__)
T = TypeVar("T")

# -- work off the GUI thread ---------------------------------------------------


class _Task:
    """What a pool thread runs. Holds no Qt object once done, so either thread may free it."""

    def __init__(self, work: Callable[[], object], loop: QEventLoop) -> None:
        self.work: Callable[[], object] | None = work
        self.loop: QEventLoop | None = loop
        self.result: object = None
        self.error: Exception | None = None
        self.finished = threading.Event()

    def __call__(self) -> None:
        try:
            if self.work is not None:
                self.result = self.work()
        except Exception as error:  # handed to the GUI thread, raised there
            self.error = error
        finally:
            # Let go of the widgets the work refers to and of the loop before saying
            # "finished": the GUI thread must hold the last reference to every Qt object.
            self.work = None
            loop, self.loop = self.loop, None
            if loop is not None:
                QMetaObject.invokeMethod(loop, "quit", Qt.ConnectionType.QueuedConnection)
            del loop
            self.finished.set()


def run_in_background(work: Callable[[], T]) -> T:
    """Run ``work`` (a key derivation, a keyring call) on a QThreadPool thread.

    Meanwhile the GUI thread keeps painting under a busy cursor, but user input
    waits until the work is done (callers also disable their buttons). Returns
    the result or raises the exception of ``work`` here, on the GUI thread.
    """
    loop = QEventLoop()
    task = _Task(work, loop)
    pool = QThreadPool.globalInstance()
    pool.reserveThread()  # starts now, even while imports keep the pool's threads busy
    QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    try:
        pool.startOnReservedThread(QRunnable.create(task))  # owned and freed by the pool
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        task.finished.wait()  # at once, unless the application is quitting
    finally:
        QApplication.restoreOverrideCursor()
    result, error = task.result, task.error
    task.result = task.error = None
    if error is not None:
        raise error
    return result  # type: ignore[return-value]


def busy_bar() -> QProgressBar:
    """An indeterminate bar for work whose length nobody knows (a key derivation)."""
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setFixedHeight(8)
    bar.hide()
    return bar


def describe_error(error: Exception) -> str:
    """One sentence for a person; our own errors already are one."""
    if isinstance(error, VaultError):
        return str(error)
    if isinstance(error, OSError):
        where = f" ({error.filename})" if error.filename else ""
        reason = error.strerror or str(error)
        return f"Holdfast could not finish because of a file error: {reason}{where}."
    log.error("unexpected error", exc_info=error)
    return f"Something unexpected went wrong ({type(error).__name__}); nothing more was done."


def small_note(text: str = "") -> QLabel:
    """A quiet, wrapped explanatory line (follows the light or dark palette)."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def error_line() -> QLabel:
    """An inline message for what went wrong; hidden until used."""
    label = QLabel()
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(highlight); font-weight: bold;")
    label.hide()
    return label


# -- password strength ---------------------------------------------------------

COMMON_PASSWORDS = frozenset((
    "password", "passw0rd", "password1", "12345678", "123456789", "1234567890", "11111111",
    "00000000", "87654321", "qwertyuiop", "qwerty123", "qwertyui", "asdfghjk", "asdfghjkl",
    "zxcvbnm1", "1q2w3e4r", "1qaz2wsx", "abcdefgh", "abcd1234", "iloveyou", "sunshine",
    "princess", "football", "baseball", "superman", "starwars", "trustno1", "letmein1",
    "welcome1", "whatever", "dragon12", "monkey12", "shadow12", "master12", "michael1",
    "jennifer", "computer", "internet", "changeme", "admin123", "administrator", "secret12",
    "p@ssw0rd", "freedom1", "mustang1", "charlie1", "liverpool", "chelsea1", "pokemon1",
    "batman12", "loveyou1", "goodluck",
))

LEVELS = ("weak", "fair", "strong")
_LEVEL_COLOURS = {"weak": "#c0392b", "fair": "#d68910", "strong": "#1e8449"}
_STRIP = string.digits + string.punctuation + string.whitespace


@dataclass(frozen=True)
class Strength:
    level: str  # one of LEVELS
    score: int  # 0..100, for the meter
    hint: str  # one sentence: what to do next

    @property
    def acceptable(self) -> bool:
        return self.level != "weak"


def _alphabet_size(password: str) -> int:
    classes = ((string.ascii_lowercase, 26), (string.ascii_uppercase, 26),
               (string.digits, 10), (string.punctuation + " ", 33))
    size = sum(n for chars, n in classes if any(c in chars for c in password))
    return max(size + (100 if any(ord(c) > 127 for c in password) else 0), 10)


def _is_run(password: str) -> bool:
    """abcdefgh, 12345678, hgfedcba: each character one step from the last."""
    steps = {ord(b) - ord(a) for a, b in pairwise(password)}
    return steps in ({1}, {-1})


def estimate_strength(password: str) -> Strength:
    """A deliberately simple estimate: length, kinds of characters, common and repeated."""
    if not password:
        return Strength("weak", 0, "Use at least 8 characters. A few unrelated words are "
                                   "easy to remember and hard to guess.")
    try:
        check_new_password(password)
    except InvalidInputError as error:
        return Strength("weak", min(len(password) * 3, 20), str(error))
    folded = password.lower()
    if {folded, folded.strip(_STRIP), folded.replace(" ", "")} & COMMON_PASSWORDS:
        return Strength("weak", 10, "This is one of the most common passwords; choose "
                                    "something only you would think of.")
    collapsed = re.sub(r"(.)\1+", r"\1", password)  # "aaaa" counts as one character
    if len(set(folded)) <= 3 or len(collapsed) * 2 < len(password) or _is_run(folded):
        return Strength("weak", 15, "Avoid repeated characters and runs like abcd or 1234.")
    bits = len(collapsed) * math.log2(_alphabet_size(password))
    score = min(100, round(bits * 100 / 90))
    if bits < 40:
        return Strength("weak", score, "Make it longer, or mix in capitals, digits or symbols.")
    if bits < 64:
        return Strength("fair", score, "Good enough. Another word or a few more characters "
                                       "would make it strong.")
    return Strength("strong", score, "Strong. Write it down somewhere safe until you know it "
                                     "by heart.")


class NewPasswordFields(QWidget):
    """Password, confirmation, a strength meter with a hint, and a mismatch message.

    Users connect with ``on_change``: straight to the line edits' C++ signals, so
    nothing is emitted from Python on each keystroke (PySide6 6.12.0's
    ``SignalInstance.emit`` returns ``True`` without a reference, which wears
    down its reference count on Python 3.11 until the interpreter aborts).
    """

    def __init__(self, parent: QWidget | None = None, label: str = "&Password:") -> None:
        super().__init__(parent)
        self.password_edit = QLineEdit()
        self.confirm_edit = QLineEdit()
        for edit in (self.password_edit, self.confirm_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.textChanged.connect(self._update)
        self.show_check = QCheckBox("Show password")
        self.show_check.toggled.connect(self._show_password)
        self.meter = QProgressBar()
        self.meter.setRange(0, 100)
        self.meter.setTextVisible(False)
        self.meter.setFixedHeight(8)
        self.meter.setAccessibleName("Password strength")
        self.strength_label = QLabel()
        self.strength_label.setMinimumWidth(  # the meter keeps its width as the level changes
            self.strength_label.fontMetrics().horizontalAdvance("Strength: strong") + 4)
        self.hint_label = small_note()
        self.mismatch_label = error_line()
        meter_row = QHBoxLayout()
        meter_row.addWidget(self.meter, 1)
        meter_row.addWidget(self.strength_label)
        self.form = form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(label, self.password_edit)
        form.addRow("", meter_row)
        form.addRow("", self.hint_label)
        form.addRow("&Confirm:", self.confirm_edit)
        form.addRow("", self.mismatch_label)
        form.addRow("", self.show_check)
        self.strength = estimate_strength("")
        self._update()

    def on_change(self, receiver: Callable[[], object] | SignalInstance) -> None:
        """Call ``receiver`` after every edit, once the meter is up to date."""
        for edit in (self.password_edit, self.confirm_edit):
            edit.textChanged.connect(receiver)

    def password(self) -> str:
        return self.password_edit.text()

    def matches(self) -> bool:
        return self.confirm_edit.text() == self.password_edit.text()

    def is_acceptable(self) -> bool:
        return self.strength.acceptable and self.matches()

    def clear(self) -> None:
        self.password_edit.clear()
        self.confirm_edit.clear()

    def _show_password(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.password_edit.setEchoMode(mode)
        self.confirm_edit.setEchoMode(mode)

    def _update(self) -> None:
        password, confirm = self.password_edit.text(), self.confirm_edit.text()
        self.strength = estimate_strength(password)
        self.meter.setValue(max(self.strength.score, 4 if password else 0))
        colour = _LEVEL_COLOURS[self.strength.level]
        self.meter.setStyleSheet(
            "QProgressBar { border: 1px solid palette(mid); border-radius: 3px;"
            " background: palette(base); }"
            f"QProgressBar::chunk {{ background-color: {colour}; border-radius: 2px; }}")
        self.strength_label.setText(f"Strength: {self.strength.level}" if password else "")
        self.hint_label.setText(self.strength.hint)
        # Say "do not match" once the confirmation is as long, or already differs.
        typing_ahead = len(confirm) < len(password) and password.startswith(confirm)
        self.mismatch_label.setText("The two passwords do not match.")
        self.mismatch_label.setVisible(bool(confirm) and confirm != password
                                       and not typing_ahead)


class RecoveryDialog(QDialog):
    """Calls ``reset(code, new_password)`` then ``unlock(new_password)``; ``vault`` is the result.

    The recovery code stays valid afterwards; only the password changes.
    """

    def __init__(self, reset: Resetter, unlock: Unlocker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reset = reset
        self._unlock = unlock
        self._busy = False
        self.vault: Vault | None = None
        self.setWindowTitle("Reset your password")
        intro = QLabel("Enter the recovery code you saved when you made your vault, and "
                       "choose a new password. Your recordings and agreements stay as they are.")
        intro.setWordWrap(True)
        self.code_edit = QLineEdit()
        self.code_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.code_edit.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.fields = NewPasswordFields(label="&New password:")
        self.fields.form.insertRow(0, "Recovery &code:", self.code_edit)
        self.error_label = error_line()
        self.busy_bar = busy_bar()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.reset_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.reset_button.setText("&Reset password and unlock")
        self.buttons.accepted.connect(self.try_reset)
        self.buttons.rejected.connect(self.reject)
        self.code_edit.textChanged.connect(self._update_button)
        self.fields.on_change(self._update_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addWidget(self.fields)
        layout.addWidget(self.error_label)
        layout.addWidget(self.busy_bar)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self._update_button()

    @classmethod
    def launch(cls, reset: Resetter, unlock: Unlocker,
               parent: QWidget | None = None) -> Vault | None:
        """Show the dialog; the unlocked vault, or None if the person gave up."""
        dialog = cls(reset, unlock, parent)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.vault if accepted else None
        finally:
            dialog.deleteLater()

    def _ready(self) -> bool:
        return bool(self.code_edit.text().strip()) and self.fields.is_acceptable()

    def _update_button(self) -> None:
        self.reset_button.setEnabled(self._ready() and not self._busy)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.code_edit, self.fields):
            widget.setEnabled(not busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not busy)
        self.busy_bar.setVisible(busy)
        if busy:
            self.error_label.hide()
        self._update_button()

    def try_reset(self) -> None:
        if self._busy or not self._ready():
            return
        code, password = self.code_edit.text(), self.fields.password()
        was_reset: list[bool] = []

        def work() -> Vault:
            self._reset(code, password)
            was_reset.append(True)
            return self._unlock(password)

        self._set_busy(True)
        try:
            vault = run_in_background(work)
        except Exception as error:
            self._set_busy(False)
            if was_reset:
                message = ("Your password was changed, but the vault did not open: "
                           + describe_error(error))
            else:
                message = describe_error(error)
            self.error_label.setText(message)
            self.error_label.show()
            if isinstance(error, WrongPasswordError | InvalidInputError) and not was_reset:
                self.code_edit.selectAll()
                self.code_edit.setFocus()
            return
        self._set_busy(False)
        self.vault = vault
        self.fields.clear()
        self.accept()

    def reject(self) -> None:
        if not self._busy:  # the reset cannot be stopped half-way
            super().reject()
