"""A real PDF (built with pdf_maker) opens from memory with the right page count."""

from __future__ import annotations

from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument
from pytestqt.qtbot import QtBot

from tests.vault.pdf_maker import make_pdf
from ui.pdf_viewer import PdfViewer


def has_dark_pixels(image: QImage) -> bool:
    """True once the view has painted text (the page renders asynchronously)."""
    return any(image.pixelColor(x, y).lightness() < 100
               for x in range(0, image.width(), 3) for y in range(0, image.height(), 3))


def test_pdf_from_bytes_reaches_ready_with_pages(qtbot: QtBot) -> None:
    viewer = PdfViewer()
    qtbot.addWidget(viewer)
    # Size and show first: a multi-page view scrolls to a page only once it has a layout.
    viewer.resize(900, 600)
    viewer.show()
    qtbot.waitExposed(viewer)
    viewer.load_bytes(make_pdf([["Licence agreement", "Perpetual."], ["Page two"], ["Three"]]))
    qtbot.waitUntil(lambda: viewer.document.status() == QPdfDocument.Status.Ready)
    assert viewer.page_count() == 3
    assert viewer._page_label.text() == "Page 1 of 3"
    viewer.go_to_page(2)
    qtbot.waitUntil(lambda: viewer.current_page() == 2)
    assert viewer._page_label.text() == "Page 3 of 3"
    qtbot.waitUntil(lambda: has_dark_pixels(viewer.view.viewport().grab().toImage()))
    viewer.grab().save("/tmp/agreements/pdf_viewer.png")
    viewer.resize(700, 500)  # a new width re-fits the pages but keeps the page shown
    qtbot.waitUntil(lambda: viewer.view.viewport().width() < 700)
    assert viewer.current_page() == 2
    assert viewer._page_label.text() == "Page 3 of 3"
    viewer.go_to_page(7)  # past the end: stays where it is
    assert viewer.current_page() == 2
    viewer.clear()
    assert viewer.page_count() == 0
    assert viewer._page_label.text() == "No document open."


def test_damaged_pdf_says_so(qtbot: QtBot) -> None:
    viewer = PdfViewer()
    qtbot.addWidget(viewer)
    viewer.load_bytes(b"not a pdf at all")
    qtbot.waitUntil(lambda: viewer.document.status() == QPdfDocument.Status.Error)
    assert "could not be opened" in viewer._page_label.text()
