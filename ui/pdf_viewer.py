"""A contract PDF shown inside the app, straight from memory (nothing decrypted on disk)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class PdfViewer(QWidget):
    """QPdfDocument over a QBuffer of the document's bytes, in a QPdfView with page/zoom."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._page_label = QLabel("No document open.")
        previous = QPushButton("Previous page")
        following = QPushButton("Next page")
        zoom_in, zoom_out = QPushButton("Zoom in"), QPushButton("Zoom out")
        previous.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        following.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        zoom_in.clicked.connect(lambda: self.zoom_by(1.25))
        zoom_out.clicked.connect(lambda: self.zoom_by(0.8))
        bar = QHBoxLayout()
        for button in (previous, following, zoom_out, zoom_in):
            bar.addWidget(button)
        bar.addStretch()
        bar.addWidget(self._page_label)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        self.view.pageNavigator().currentPageChanged.connect(self._update_label)
        self.document.statusChanged.connect(self._update_label)

    def load_bytes(self, data: bytes) -> None:
        """Load from memory; the buffer must outlive the document's use of it."""
        self.clear()
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)

    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        if 0 <= page < self.page_count():
            self.view.pageNavigator().jump(page, self.view.pageNavigator().currentLocation())

    def zoom_by(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(4.0, self.view.zoomFactor() * factor)))

    def clear(self) -> None:
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.setData(QByteArray())
            self._buffer.deleteLater()
            self._buffer = None
        self._update_label()

    def _update_label(self, *_: object) -> None:
        if self.document.status() == QPdfDocument.Status.Ready:
            self._page_label.setText(f"Page {self.current_page() + 1} of {self.page_count()}")
        elif self.document.status() == QPdfDocument.Status.Error:
            self._page_label.setText("This PDF could not be opened. It may be damaged.")
        else:
            self._page_label.setText("No document open.")
