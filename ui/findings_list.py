"""What looks wrong, one wrapped paragraph per finding; a clause finding links to its document."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from vault.analysis.findings import Finding
from vault.services.insights import ClauseFinding

EMPTY_HINT = "Nothing looks wrong here."
OPEN_LINK = "Read it in the document"


def describe(item: Finding | ClauseFinding) -> str:
    """One plain paragraph for a finding: what it is and why it matters."""
    if isinstance(item, ClauseFinding):
        return (f"{item.flag.title} (in {item.document_name}): "
                f"{item.flag.explanation}\n\u201c{item.flag.sentence}\u201d")
    return item.message


class FindingsList(QWidget):
    """Shows findings one per framed label (labels always wrap fully, never cut text off);
    the link under a clause finding asks to open its document."""

    open_document = Signal(str)  # document id of a clause finding

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hint = QLabel(EMPTY_HINT)
        self._hint.setWordWrap(True)
        self._rows = QVBoxLayout()
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._hint)
        layout.addLayout(self._rows)
        self._texts: list[str] = []
        self.labels: list[QLabel] = []

    def show_findings(self, findings: Sequence[Finding | ClauseFinding]) -> None:
        for label in self.labels:
            self._rows.removeWidget(label)
            label.deleteLater()
        self.labels = []
        self._texts = [describe(f) for f in findings]
        for finding, text in zip(findings, self._texts, strict=True):
            body = html.escape(text).replace("\n", "<br>")
            if isinstance(finding, ClauseFinding):
                body += f'<br><a href="{html.escape(finding.document_id)}">{OPEN_LINK}</a>'
            label = QLabel(body)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setFrameShape(QFrame.Shape.StyledPanel)
            label.setMargin(6)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.LinksAccessibleByMouse)
            label.linkActivated.connect(self.open_document)
            self._rows.addWidget(label)
            self.labels.append(label)
        self._hint.setVisible(not findings)

    def clear(self) -> None:
        self.show_findings([])

    def texts(self) -> list[str]:
        return list(self._texts)
