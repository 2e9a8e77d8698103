"""A list of things that look wrong: scope findings, term flags and risky clauses.

Reusable: the agreements page and the recording detail pane both show one.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from vault.analysis.findings import Finding
from vault.services.insights import ClauseFinding

EMPTY_HINT = "Nothing looks wrong here."


def describe(item: Finding | ClauseFinding) -> str:
    """One plain paragraph for a finding: what it is and why it matters."""
    if isinstance(item, ClauseFinding):
        return (f"{item.flag.title} (in {item.document_name}): "
                f"{item.flag.explanation}\n\u201c{item.flag.sentence}\u201d")
    return item.message


class FindingsList(QWidget):
    """Shows findings one per row; clicking a clause finding asks to open its document."""

    open_document = Signal(str)  # document id of a clicked clause finding

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._list = QListWidget()
        self._list.setWordWrap(True)
        self._list.setSpacing(4)  # one finding per block, easy to tell apart
        self._list.itemActivated.connect(self._activated)
        self._hint = QLabel(EMPTY_HINT)
        self._hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._hint)
        layout.addWidget(self._list)
        self.clear()

    def show_findings(self, findings: Sequence[Finding | ClauseFinding]) -> None:
        self._list.clear()
        for finding in findings:
            row = QListWidgetItem(describe(finding))
            row.setData(Qt.ItemDataRole.UserRole, finding)
            self._list.addItem(row)
        self._hint.setVisible(not findings)
        self._list.setVisible(bool(findings))

    def clear(self) -> None:
        self.show_findings([])

    def texts(self) -> list[str]:
        return [self._list.item(i).text() for i in range(self._list.count())]

    def _activated(self, row: QListWidgetItem) -> None:
        finding = row.data(Qt.ItemDataRole.UserRole)
        if isinstance(finding, ClauseFinding):
            self.open_document.emit(finding.document_id)
