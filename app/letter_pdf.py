"""Letters and reports as PDF, drawn by Qt (QPdfWriter) in memory: no temp file.

Needs a QGuiApplication; the command line starts an offscreen one.
"""

from __future__ import annotations

import html
import os

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
    QTextOption,
)

from vault.letters.render import Letter

# Countries that print on US Letter paper; everyone else uses A4.
LETTER_PAPER_COUNTRIES = {"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PR"}


def page_size_for(country: str | None) -> QPageSize.PageSizeId:
    code = (country or "").upper().split("-")[0]
    return QPageSize.PageSizeId.Letter if code in LETTER_PAPER_COUNTRIES \
        else QPageSize.PageSizeId.A4


def ensure_gui_application() -> QGuiApplication:
    """The running QGuiApplication, or a new offscreen one for command-line use."""
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication(["holdfast-cli"])


def body_to_html(body: str) -> str:
    """The plain-text letter as simple HTML, so the PDF re-flows its paragraphs.

    The text letter is wrapped at 72 columns for e-mail; on a page those breaks
    would fall mid-line. Prose blocks are re-joined, list items keep their own
    lines, and short blocks (addresses, headings) keep their line breaks.
    """
    parts: list[str] = []
    for block in body.strip("\n").split("\n\n"):
        lines = block.split("\n")
        if any(line.startswith("- ") for line in lines):
            items: list[str] = []
            lead: list[str] = []
            for line in lines:
                if line.startswith("- "):
                    items.append(line[2:].strip())
                elif items and line.startswith("  "):
                    items[-1] += " " + line.strip()
                else:
                    lead.append(line.strip())
            if lead:
                parts.append(f"<p>{html.escape(' '.join(lead))}</p>")
            parts.append("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items)
                         + "</ul>")
        elif len(lines) == 1 and len(lines[0]) < 40 and not lines[0].endswith((".", ",", ":")) \
                and not any(c.isdigit() for c in lines[0]):  # a heading, not a date
            parts.append(f"<p><b>{html.escape(lines[0])}</b></p>")
        elif max(len(line) for line in lines) >= 60:
            parts.append(f"<p>{html.escape(' '.join(line.strip() for line in lines))}</p>")
        else:
            parts.append("<p>" + "<br>".join(html.escape(line) for line in lines) + "</p>")
    return "\n".join(parts)


def html_to_pdf(html_text: str, title: str, country: str | None) -> bytes:
    """A printable PDF of simple HTML: 11 pt serif, 25 mm margins, page numbers by Qt."""
    ensure_gui_application()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("Holdfast")
    writer.setResolution(96)  # QTextDocument lays fonts out at screen resolution
    writer.setPageLayout(QPageLayout(QPageSize(page_size_for(country)),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(25, 25, 25, 25), QPageLayout.Unit.Millimeter))
    document = QTextDocument()
    font = QFont("DejaVu Serif")
    font.setStyleHint(QFont.StyleHint.Serif)
    font.setPointSizeF(11)
    document.setDefaultFont(font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    document.setHtml(html_text)
    # Lay the text out over the whole printable width (Qt's default assumes 72 dpi).
    area = writer.pageLayout().paintRectPixels(writer.resolution())
    document.setPageSize(QSizeF(area.width(), area.height()))
    document.print_(writer)  # paginates to the writer's page, with page numbers
    del writer  # finishes the PDF into the buffer
    buffer.close()
    return bytes(data.data())


def letter_to_pdf(letter: Letter, country: str | None) -> bytes:
    return html_to_pdf(body_to_html(letter.body), letter.subject, country)


def text_letter_to_pdf(body: str) -> bytes:
    """A letter kept as plain text, laid out as a PDF page (for bundles)."""
    first_line = next((line for line in body.splitlines() if line.startswith("Re:")), "Letter")
    return html_to_pdf(body_to_html(body), first_line, None)
