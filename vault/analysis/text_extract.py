"""Plain text from a stored agreement, so its clauses can be checked.

Handles PDF (through pypdf, in memory only: the plaintext never touches the disk),
plain text, e-mail (.eml) and HTML. It never raises on bad input: whatever cannot be
read becomes a one-sentence `notice` for the person, and the document itself is kept
as it is by the caller. Work is capped so a huge or hostile file cannot stall the app.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import io
import re
from dataclasses import dataclass
from email.message import Message
from html.parser import HTMLParser
from pathlib import Path

MAX_PDF_PAGES = 500
MAX_TEXT_CHARS = 5_000_000
_MB = 1_000_000

NOTICE_ENCRYPTED = ("This PDF is password-protected, so its text could not be read; "
                    "the document is stored as it is.")
NOTICE_DAMAGED_PDF = ("This PDF appears to be damaged or is not a valid PDF, so its text could "
                      "not be read; the document is stored as it is.")
NOTICE_NO_TEXT_PDF = ("This PDF has no text layer (it may be a scanned image), so no text "
                      "could be read; the document is stored as it is.")
NOTICE_SOME_PAGES = ("Some pages of this PDF could not be read, so their text is missing "
                     "from the check.")
NOTICE_UNSUPPORTED = ("Text cannot be read from this type of file, so its clauses were not "
                      "checked; the document is stored as it is.")
NOTICE_NOT_TEXT = ("This file does not look like text, so nothing could be read from it; "
                   "the document is stored as it is.")
NOTICE_EMPTY = "This document contains no text to check."
NOTICE_UNREADABLE = ("The text of this document could not be read; "
                     "the document is stored as it is.")


def _notice_pages() -> str:
    return (f"Only the first {MAX_PDF_PAGES} pages of this PDF were read because it is very "
            "long; later pages were not checked.")


def _notice_chars() -> str:
    big = MAX_TEXT_CHARS >= _MB
    size = f"{MAX_TEXT_CHARS / _MB:g} MB" if big else f"{MAX_TEXT_CHARS:,} characters"
    return (f"Only the first {size} of text was read because the document is very large; "
            "the rest was not checked.")


@dataclass(frozen=True)
class ExtractedText:
    text: str
    notice: str | None = None  # one plain sentence when text is missing or partial


_PDF_TYPES = {"application/pdf", "application/x-pdf"}
_EML_TYPES = {"message/rfc822"}
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".csv", ".log"}


def extract_text(data: bytes, media_type: str, name: str = "") -> ExtractedText:
    """Readable text of `data`; never raises, problems come back as `notice`."""
    try:
        return _dispatch(bytes(data), media_type.split(";")[0].strip().lower(),
                         Path(name).suffix.lower())
    except Exception:  # a parser bug must not break storing the document
        return ExtractedText("", NOTICE_UNREADABLE)


def _dispatch(data: bytes, media_type: str, suffix: str) -> ExtractedText:
    # Sniff the PDF magic first: a PDF mislabelled as octet-stream is still a PDF.
    if media_type in _PDF_TYPES or suffix == ".pdf" or data[:1024].lstrip().startswith(b"%PDF"):
        return _from_pdf(data)
    if media_type in _EML_TYPES or suffix == ".eml":
        return _finish(_from_email(data))
    if media_type in _HTML_TYPES or suffix in {".html", ".htm", ".xhtml"}:
        return _finish(html_to_text(_decode_html(data)))
    if media_type.startswith("text/") or suffix in _TEXT_SUFFIXES:
        if _looks_binary(data):
            return ExtractedText("", NOTICE_NOT_TEXT)
        return _finish(decode_text(*_capped(data)))
    return ExtractedText("", NOTICE_UNSUPPORTED)


def _finish(text: str, notice: str | None = None) -> ExtractedText:
    """Normalise line ends, apply the size cap and the empty check."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if len(text) > MAX_TEXT_CHARS:
        text, notice = text[:MAX_TEXT_CHARS], notice or _notice_chars()
    if not text.strip():
        return ExtractedText("", notice or NOTICE_EMPTY)
    return ExtractedText(text, notice)


# --- PDF -------------------------------------------------------------------------------


def _from_pdf(data: bytes) -> ExtractedText:
    # Imported here so the rest of the module works even where pypdf is missing.
    from pypdf import PasswordType, PdfReader

    encrypted = False
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
        # An empty user password is common (owner-only restrictions): try it first.
        if encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            return ExtractedText("", NOTICE_ENCRYPTED)
        pages = reader.pages
        page_count = len(pages)
    except Exception:
        # An unsupported cipher fails inside decrypt(): still a locked file, not a broken one.
        return ExtractedText("", NOTICE_ENCRYPTED if encrypted else NOTICE_DAMAGED_PDF)
    if page_count == 0:
        return ExtractedText("", NOTICE_DAMAGED_PDF)

    parts: list[str] = []
    failed = 0
    total = 0
    notice: str | None = None
    for index in range(min(page_count, MAX_PDF_PAGES)):
        try:
            page_text = pages[index].extract_text() or ""
        except Exception:  # one broken page should not lose the others
            failed += 1
            continue
        parts.append(page_text)
        total += len(page_text)
        if total > MAX_TEXT_CHARS:
            notice = _notice_chars()
            break
    if failed == min(page_count, MAX_PDF_PAGES):
        return ExtractedText("", NOTICE_DAMAGED_PDF)
    text = "\n\n".join(part.strip("\n") for part in parts)
    if not text.strip():
        return ExtractedText("", NOTICE_NO_TEXT_PDF)
    if notice is None and page_count > MAX_PDF_PAGES:
        notice = _notice_pages()
    if notice is None and failed:
        notice = NOTICE_SOME_PAGES
    return _finish(text, notice)


# --- plain text ------------------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def _capped(data: bytes) -> tuple[bytes, str | None, bool]:
    """At most enough bytes for MAX_TEXT_CHARS characters (4 bytes each at worst)."""
    limit = MAX_TEXT_CHARS * 4
    return data[:limit], None, len(data) > limit


def decode_text(data: bytes, declared: str | None = None, truncated: bool = False) -> str:
    """Decode bytes as text: BOM, then a declared charset, then UTF-8, cp1252, latin-1."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        # When capped, a character cut in half at the end must not force a fallback.
        return codecs.getincrementaldecoder("utf-8")().decode(data, final=not truncated)
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # maps every byte, so it cannot fail


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    return b"\x00" in head


# --- e-mail ----------------------------------------------------------------------------


def _from_email(data: bytes) -> str:
    message = email.message_from_bytes(_capped(data)[0], policy=email.policy.default)
    subject = str(message.get("subject", "") or "").strip()
    plain: list[str] = []
    html: list[str] = []
    for part in message.walk():
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        content_type = part.get_content_type()
        if content_type == "text/plain":
            plain.append(_part_text(part))
        elif content_type == "text/html":
            html.append(html_to_text(_part_text(part)))
    # Plain parts win: HTML parts are usually the same words again (multipart/alternative).
    body = "\n\n".join(p.strip() for p in (plain or html) if p.strip())
    return "\n\n".join(x for x in (subject, body) if x)


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    return decode_text(payload, part.get_content_charset())


# --- HTML ------------------------------------------------------------------------------

_BLOCK_TAGS = {"p", "div", "section", "article", "header", "footer", "main", "aside", "nav",
               "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl", "blockquote",
               "pre", "form", "fieldset", "address", "figure", "figcaption", "hr", "title"}
_LINE_TAGS = {"br", "tr", "dt", "dd", "li", "td", "th"}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "object", "iframe"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self._skip = 0
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag == "pre":
            self._pre += 1
        if tag in _BLOCK_TAGS:
            self.out.append("\n\n")
        elif tag == "li":
            self.out.append("\n• ")  # a marker, so each item reads as its own sentence
        elif tag in {"td", "th"}:
            self.out.append(" ")
        elif tag in _LINE_TAGS:
            self.out.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "hr"}:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and self._skip:
            self._skip -= 1
        elif tag == "pre" and self._pre:
            self._pre -= 1
        if tag in _BLOCK_TAGS:
            self.out.append("\n\n")
        elif tag in {"tr", "dt", "dd"}:  # an <li> opens its own line, so none after it
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        # HTML collapses whitespace; only <pre> keeps its line breaks.
        self.out.append(data if self._pre else re.sub(r"\s+", " ", data))


def html_to_text(markup: str) -> str:
    """Visible text of an HTML document, with block elements on their own lines."""
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.out).split("\n")]
    text = "\n".join(line for line in lines if line != "•")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _decode_html(data: bytes) -> str:
    found = _META_CHARSET.search(data[:4096])
    declared = found.group(1).decode("ascii", "replace") if found else None
    capped, _, truncated = _capped(data)
    return decode_text(capped, declared, truncated)
