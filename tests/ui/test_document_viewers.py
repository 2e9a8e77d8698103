"""Flagged clauses highlighted at the offsets the analysis gives, and the document dialog
choosing the PDF viewer or the text view."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QTabWidget
from pytestqt.qtbot import QtBot

from tests.vault.pdf_maker import make_pdf
from ui.clause_text_view import HIGHLIGHT, NO_FLAGS_HINT, ClauseTextView, qt_offset
from ui.document_view_dialog import DocumentViewDialog
from vault.analysis.clauses import find_clause_flags

# The emoji counts as two positions in Qt but one in Python: later offsets must still fit.
CONTRACT = ("VOICE LICENCE AGREEMENT\r\n\r\n"
            "1. Grant. The Contributor grants the Company a perpetual, irrevocable, worldwide "
            "licence to use the Recordings. \U0001F3A4\n\n"
            "2. Payment. The Company pays 20 EUR per recording.\n\n"
            "3. Synthetic voices. The Company may create a synthetic voice that imitates the "
            "Contributor.\n")


def highlighted(view: ClauseTextView, position: int) -> bool:
    cursor = QTextCursor(view.text_view.document())
    cursor.setPosition(position + 1)  # the format of the character before the cursor
    return cursor.charFormat().background().color() == HIGHLIGHT


def test_each_flagged_clause_is_highlighted_exactly(qtbot: QtBot) -> None:
    flags = find_clause_flags(CONTRACT)
    kinds = {f.kind for f in flags}
    assert {"perpetual", "irrevocable", "synthetic-replica"} <= kinds
    view = ClauseTextView()
    qtbot.addWidget(view)
    view.show_text(CONTRACT, flags)
    shown = view.text_view.toPlainText()
    for flag in view.flags():
        start, end = qt_offset(CONTRACT, flag.start), qt_offset(CONTRACT, flag.end)
        assert view.clause_cursor(flag).selectedText() == CONTRACT[flag.start:flag.end]
        assert highlighted(view, start) and highlighted(view, end - 1)
    payment = CONTRACT.index("2. Payment")
    assert not highlighted(view, qt_offset(CONTRACT, payment))  # an innocent clause
    assert "Payment" in shown
    assert view.explanations.count() == len(flags)
    synthetic = [i for i, f in enumerate(view.flags()) if f.kind == "synthetic-replica"][-1]
    view.explanations.setCurrentRow(synthetic)
    assert view.text_view.textCursor().selectedText().startswith("The Company may create")
    view.resize(1000, 500)
    view.grab().save("/tmp/agreements/clause_view.png")
    view.clear()
    assert view.text_view.toPlainText() == ""
    assert view.explanations.count() == 0


def test_text_without_flags_says_so(qtbot: QtBot) -> None:
    view = ClauseTextView()
    qtbot.addWidget(view)
    view.show_text("The Company pays 20 EUR per recording.", [])
    assert not view._hint.isHidden()
    assert view._hint.text() == NO_FLAGS_HINT


def test_dialog_shows_text_documents_with_flags(qtbot: QtBot) -> None:
    flags = find_clause_flags(CONTRACT)
    dialog = DocumentViewDialog("licence.txt", CONTRACT.encode(), "text/plain", flags)
    qtbot.addWidget(dialog)
    assert dialog.pdf_viewer is None
    assert dialog.clause_view.text_view.toPlainText().startswith("VOICE LICENCE")
    assert len(dialog.clause_view.flags()) == len(flags)
    dialog.done(0)  # closing drops the text
    assert dialog.clause_view.text_view.toPlainText() == ""


def test_dialog_shows_pdfs_from_memory(qtbot: QtBot) -> None:
    data = make_pdf([["Licence agreement", "The licence is perpetual."], ["Page two"]])
    dialog = DocumentViewDialog("licence.pdf", data, "application/pdf", [],
                                "Licence agreement The licence is perpetual.")
    qtbot.addWidget(dialog)
    assert dialog.pdf_viewer is not None
    viewer = dialog.pdf_viewer
    qtbot.waitUntil(lambda: viewer.document.status() == QPdfDocument.Status.Ready)
    assert viewer.page_count() == 2
    dialog.done(0)
    assert viewer.page_count() == 0


def test_pdf_dialog_screenshot_shows_the_page(qtbot: QtBot) -> None:
    data = make_pdf([["Likeness release", "The licence is perpetual and irrevocable."]])
    dialog = DocumentViewDialog("release.pdf", data, "application/pdf",
                                find_clause_flags("The licence is perpetual and irrevocable."),
                                "The licence is perpetual and irrevocable.")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    viewer = dialog.pdf_viewer
    assert viewer is not None
    qtbot.waitUntil(lambda: viewer.document.status() == QPdfDocument.Status.Ready)
    qtbot.waitUntil(lambda: any(
        viewer.view.viewport().grab().toImage().pixelColor(x, y).lightness() < 100
        for x in range(0, viewer.view.viewport().width(), 4) for y in range(0, 300, 4)))
    dialog.grab().save("/tmp/agreements/document_dialog_pdf.png")
    tabs = dialog.findChild(QTabWidget)
    assert tabs is not None
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["Document", "Flagged clauses (2)"]
