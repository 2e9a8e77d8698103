"""Small building blocks the pages share: rows, hints, separators, wrapping read-only text."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QSizeF, Qt
from PySide6.QtGui import QFontDatabase, QTextOption
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTextEdit,
    QWidget,
)


def wrapping_view(wrap: QTextOption.WrapMode, monospace: bool = False) -> QTextEdit:
    """Read-only selectable text that wraps anywhere it must (hashes, file names) and grows
    to fit, so nothing is clipped and a copy gives the text without line breaks."""
    view = QTextEdit()
    view.setReadOnly(True)
    view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                 | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    view.setWordWrapMode(wrap)
    view.setFrameShape(QFrame.Shape.NoFrame)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.viewport().setAutoFillBackground(False)
    view.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
    view.document().setDocumentMargin(0)
    if monospace:
        view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))

    def fit(size: QSizeF) -> None:
        view.setFixedHeight(math.ceil(size.height()) + 2 * view.frameWidth())

    view.document().documentLayout().documentSizeChanged.connect(fit)
    view.setFixedHeight(view.fontMetrics().lineSpacing() + 4)
    return view


def separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


def button(text: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.clicked.connect(slot)
    return button


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setEnabled(False)  # drawn in the theme's muted colour
    return label


def hbox(*items: QWidget | None) -> QHBoxLayout:
    """A row of widgets; None stands for the stretch between them."""
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    for item in items:
        if item is None:
            row.addStretch(1)
        else:
            row.addWidget(item)
    return row


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    # QDate.toPython() is typed as object in PySide6's stubs.
    return date(value.year(), value.month(), value.day())


def link_label(on_link: Callable[[str], None]) -> QLabel:
    """Wrapped rich text whose "kind:id" links are handed to on_link, never to a browser."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    label.setOpenExternalLinks(False)
    label.linkActivated.connect(on_link)
    return label
