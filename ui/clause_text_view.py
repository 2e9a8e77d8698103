"""A document's text, read-only, with each flagged clause highlighted and its explanation
beside it; choosing an explanation scrolls the text to its clause."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from vault.analysis.clauses import ClauseFlag

HIGHLIGHT = QColor(255, 214, 102)  # a soft amber: readable in light and dark themes
NO_FLAGS_HINT = ("Holdfast found no risky clauses in this text. It still helps to read "
                 "the whole agreement yourself.")


def qt_offset(text: str, index: int) -> int:
    """A Python string index as a Qt (UTF-16) position: emoji and rare signs count twice."""
    return len(text[:index].encode("utf-16-le")) // 2


class ClauseTextView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text_view = QPlainTextEdit()
        self.text_view.setReadOnly(True)
        self.explanations = QListWidget()
        self.explanations.setWordWrap(True)
        self.explanations.setSpacing(4)
        self.explanations.currentRowChanged.connect(self.scroll_to)
        self._hint = QLabel(NO_FLAGS_HINT)
        self._hint.setWordWrap(True)
        side = QWidget()
        side_column = QVBoxLayout(side)
        side_column.setContentsMargins(0, 0, 0, 0)
        side_column.addWidget(QLabel("<b>Flagged clauses</b>"))
        side_column.addWidget(self._hint)
        side_column.addWidget(self.explanations, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.text_view)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._text = ""
        self._flags: list[ClauseFlag] = []

    def show_text(self, text: str, flags: Sequence[ClauseFlag]) -> None:
        # Qt would turn "\r\n" into one paragraph break and shift every later offset.
        self._text = text.replace("\r", " ")
        self._flags = sorted(flags, key=lambda f: f.start)
        self.text_view.setPlainText(self._text)
        highlight = QTextCharFormat()
        highlight.setBackground(HIGHLIGHT)
        highlight.setForeground(QColor("black"))
        self.explanations.clear()
        for flag in self._flags:
            cursor = self.clause_cursor(flag)
            cursor.mergeCharFormat(highlight)
            row = QListWidgetItem(f"{flag.title}\n{flag.explanation}")
            row.setToolTip(flag.sentence)
            self.explanations.addItem(row)
        self._hint.setVisible(not self._flags)
        self.explanations.setVisible(bool(self._flags))

    def clause_cursor(self, flag: ClauseFlag) -> QTextCursor:
        """A cursor selecting the clause of a flag in the shown text."""
        cursor = QTextCursor(self.text_view.document())
        cursor.setPosition(qt_offset(self._text, flag.start))
        cursor.setPosition(qt_offset(self._text, flag.end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def flags(self) -> list[ClauseFlag]:
        return list(self._flags)

    def scroll_to(self, index: int) -> None:
        if 0 <= index < len(self._flags):
            self.text_view.setTextCursor(self.clause_cursor(self._flags[index]))
            self.text_view.centerCursor()

    def clear(self) -> None:
        self.show_text("", [])
