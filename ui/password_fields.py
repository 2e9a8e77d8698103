"""Choosing a new password: a strength estimate and the password + confirmation fields."""

from __future__ import annotations

import math
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QWidget,
)

from ui.background import error_line, small_note
from vault.errors import InvalidInputError
from vault.vault import check_new_password

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
