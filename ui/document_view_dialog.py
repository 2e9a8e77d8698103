"""An attached document shown inside the app from memory: a PDF as pages, any other text with
its flagged clauses highlighted. Nothing is written to disk."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from ui.background import small_note
from ui.clause_text_view import ClauseTextView
from ui.pdf_viewer import PdfViewer
from vault.analysis.clauses import ClauseFlag

PDF_TYPE = "application/pdf"


def is_pdf(name: str, media_type: str) -> bool:
    return media_type == PDF_TYPE or name.lower().endswith(".pdf")


class DocumentViewDialog(QDialog):
    def __init__(self, name: str, data: bytes, media_type: str,
                 flags: Sequence[ClauseFlag] = (), text: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(name)
        self.resize(1000, 720)
        self.pdf_viewer: PdfViewer | None = None
        self.clause_view = ClauseTextView()
        layout = QVBoxLayout(self)
        if is_pdf(name, media_type):
            self.pdf_viewer = PdfViewer()
            self.pdf_viewer.load_bytes(data)
            tabs = QTabWidget()
            tabs.addTab(self.pdf_viewer, "Document")
            tabs.addTab(self.clause_view, f"Flagged clauses ({len(flags)})")
            self.clause_view.show_text(text or "", flags)
            layout.addWidget(tabs, 1)
        else:
            # The stored text is what the clause offsets refer to; the raw bytes are a fallback.
            shown = text if text is not None else data.decode("utf-8", errors="replace")
            self.clause_view.show_text(shown, flags)
            layout.addWidget(self.clause_view, 1)
        layout.addWidget(small_note("Shown from the vault in memory; no copy is written to "
                                    "disk."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def done(self, result: int) -> None:
        # Drop the decrypted bytes as soon as the window closes.
        if self.pdf_viewer is not None:
            self.pdf_viewer.clear()
        self.clause_view.clear()
        super().done(result)

    @classmethod
    def launch(cls, parent: QWidget | None, name: str, data: bytes, media_type: str,
               flags: Sequence[ClauseFlag] = (), text: str | None = None) -> None:
        dialog = cls(name, data, media_type, flags, text, parent)
        dialog.exec()
        dialog.deleteLater()  # not kept as a child of the page once closed
