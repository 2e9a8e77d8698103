"""The needs-attention list: one row per item, its action one click away."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.attention_items import AttentionItem, sort_items
from ui.background import small_note

EMPTY_HINT = "Nothing needs your attention today. Holdfast will list deadlines and " \
             "anything that looks wrong here."
CHECKING_NOTE = "Reading the agreement documents for risky clauses\u2026"

# A thin coloured edge tells the kind of item at a glance.
EDGE_COLOURS = {"overdue-request": "#c0392b", "deletion-due": "#c0392b",
                "ending-soon": "#d68910", "scope": "#8e44ad", "term": "#7f8c8d",
                "clause": "#7f8c8d"}


class AttentionRow(QFrame):
    """One item: a bold title, a wrapped explanation, and its action button."""

    def __init__(self, item: AttentionItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setObjectName("attentionRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        edge = EDGE_COLOURS.get(item.kind, "#7f8c8d")
        self.setStyleSheet(f"#attentionRow {{ border-left: 4px solid {edge}; }}")
        title = QLabel(item.title)
        title.setWordWrap(True)
        title.setStyleSheet("font-weight: bold;")
        detail = QLabel(item.detail)
        detail.setWordWrap(True)
        self.button = QPushButton(item.action_label)
        self.button.setToolTip(item.title)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(title)
        text.addWidget(detail)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addLayout(text, 1)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)


class AttentionList(QWidget):
    """Shows attention items, most pressing first; says which action was clicked."""

    action_requested = Signal(object)  # the AttentionItem whose button was clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[AttentionItem] = []
        self._rows: list[AttentionRow] = []
        self._hint = QLabel(EMPTY_HINT)
        self._hint.setWordWrap(True)
        self._checking = small_note(CHECKING_NOTE)
        self._checking.hide()
        self._column = QVBoxLayout()
        self._column.setContentsMargins(0, 0, 4, 0)
        self._column.setSpacing(6)
        holder = QWidget()
        outer = QVBoxLayout(holder)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self._column)
        outer.addStretch(1)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setWidget(holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._hint)
        layout.addWidget(self._checking)
        layout.addWidget(self._scroll, 1)
        self.clear()

    def set_items(self, items: Sequence[AttentionItem]) -> None:
        self._items = sort_items(items)
        self._rebuild()

    def add_items(self, items: Sequence[AttentionItem]) -> None:
        """Items that arrive later (risky clauses from the background job)."""
        self.set_items([*self._items, *items])

    def set_checking(self, checking: bool) -> None:
        self._checking.setVisible(checking)

    def items(self) -> list[AttentionItem]:
        return list(self._items)

    def rows(self) -> list[AttentionRow]:
        return list(self._rows)

    def clear(self) -> None:
        self._items = []
        self._checking.hide()
        self._rebuild()

    def _rebuild(self) -> None:
        for row in self._rows:
            self._column.removeWidget(row)
            row.deleteLater()
        self._rows = []
        for item in self._items:
            row = AttentionRow(item)
            row.button.clicked.connect(
                lambda _=False, chosen=item: self.action_requested.emit(chosen))
            self._column.addWidget(row)
            self._rows.append(row)
        self._hint.setVisible(not self._items)
        self._scroll.setVisible(bool(self._items))
