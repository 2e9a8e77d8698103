"""Text extraction from agreement files: PDFs built here by hand, e-mail, HTML, plain text.

No binary fixtures are committed: `make_pdf` (tests/vault/pdf_maker.py) writes a minimal
valid PDF (Helvetica text objects, exact xref offsets), and pypdf encrypts it where a test
needs a locked file.
"""

from __future__ import annotations

import io
from email.message import EmailMessage

import pytest
from pypdf import PdfReader, PdfWriter

from tests.vault.pdf_maker import encrypt, make_pdf
from vault.analysis import text_extract
from vault.analysis.text_extract import ExtractedText, extract_text

LICENCE_LINES = ["2.1 You grant the Company a perpetual licence.",
                 "Fees (in USD) are paid monthly."]


# --- PDF ---------------------------------------------------------------------------------


def test_generated_pdf_is_valid_for_pypdf_itself() -> None:
    reader = PdfReader(io.BytesIO(make_pdf([["Hello"], None])), strict=True)
    assert len(reader.pages) == 2


def test_pdf_text_is_read_in_memory() -> None:
    result = extract_text(make_pdf([LICENCE_LINES, ["Page two: arbitration."]]),
                          "application/pdf", "licence.pdf")
    assert result.notice is None
    assert "You grant the Company a perpetual licence." in result.text
    assert "Fees (in USD) are paid monthly." in result.text
    assert result.text.index("perpetual") < result.text.index("Page two")


def test_pdf_is_recognised_by_its_bytes_whatever_the_label() -> None:
    result = extract_text(make_pdf([LICENCE_LINES]), "application/octet-stream", "download")
    assert "perpetual licence" in result.text


def test_password_protected_pdf_gives_a_notice() -> None:
    locked = encrypt(make_pdf([LICENCE_LINES]), user_password="secret")
    result = extract_text(locked, "application/pdf", "locked.pdf")
    assert result == ExtractedText("", text_extract.NOTICE_ENCRYPTED)
    assert result.notice == ("This PDF is password-protected, so its text could not be read; "
                             "the document is stored as it is.")


def test_pdf_locked_with_aes_256_gives_the_same_notice() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([LICENCE_LINES]))))
    writer.encrypt(user_password="secret", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    assert extract_text(out.getvalue(), "application/pdf").notice == text_extract.NOTICE_ENCRYPTED


def test_pdf_with_only_an_owner_password_is_still_read() -> None:
    restricted = encrypt(make_pdf([LICENCE_LINES]), user_password="", owner_password="owner")
    result = extract_text(restricted, "application/pdf")
    assert result.notice is None
    assert "perpetual licence" in result.text


@pytest.mark.parametrize("data", [
    b"",
    b"%PDF-1.4\n",
    b"%PDF-1.7\n" + bytes(range(256)) * 40,
    b"this is not a pdf at all",
    make_pdf([LICENCE_LINES])[:60],
])
def test_damaged_pdf_gives_a_notice_and_never_raises(data: bytes) -> None:
    result = extract_text(data, "application/pdf", "broken.pdf")
    assert result.text == ""
    assert result.notice == text_extract.NOTICE_DAMAGED_PDF


def test_pdf_cut_short_never_raises() -> None:
    pdf = make_pdf([LICENCE_LINES, ["second page"]])
    for cut in range(0, len(pdf), 37):
        result = extract_text(pdf[:cut], "application/pdf")
        assert result.notice or result.text  # recovered text or a notice, not an exception


def test_scanned_pdf_without_text_layer_says_so() -> None:
    result = extract_text(make_pdf([None, None]), "application/pdf", "scan.pdf")
    assert result.text == ""
    assert result.notice is not None and "no text" in result.notice


def test_pdf_page_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_extract, "MAX_PDF_PAGES", 2)
    result = extract_text(make_pdf([["one"], ["two"], ["three"]]), "application/pdf")
    assert "one" in result.text and "two" in result.text and "three" not in result.text
    assert result.notice == ("Only the first 2 pages of this PDF were read because it is very "
                             "long; later pages were not checked.")


def test_pdf_text_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_extract, "MAX_TEXT_CHARS", 30)
    result = extract_text(make_pdf([LICENCE_LINES, ["more"]]), "application/pdf")
    assert len(result.text) == 30
    assert result.notice is not None and "first 30 characters" in result.notice


def test_one_unreadable_page_keeps_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf import PageObject

    original = PageObject.extract_text

    def flaky(page: PageObject, *args: object, **kwargs: object) -> str:
        text = original(page)
        if "broken" in text:
            raise ValueError("bad content stream")
        return text

    monkeypatch.setattr(PageObject, "extract_text", flaky)
    result = extract_text(make_pdf([["fine page"], ["broken page"]]), "application/pdf")
    assert "fine page" in result.text and "broken" not in result.text
    assert result.notice == text_extract.NOTICE_SOME_PAGES


# --- plain text --------------------------------------------------------------------------


def test_plain_text_utf8_and_line_endings() -> None:
    result = extract_text("Licence – “perpetual”\r\nSecond line\r".encode(), "text/plain")
    assert result == ExtractedText("Licence – “perpetual”\nSecond line\n", None)


def test_plain_text_latin1_and_cp1252_fallbacks() -> None:
    assert extract_text("Café licence: résumé".encode("latin-1"), "text/plain").text == (
        "Café licence: résumé")
    assert extract_text("“quoted” — €5".encode("cp1252"), "text/plain").text == "“quoted” — €5"
    # 0x81 is undefined in cp1252, so only latin-1 can decode this.
    assert extract_text(b"caf\xe9 \x81", "text/plain").text == "caf\xe9 \x81"


def test_plain_text_with_bom() -> None:
    assert extract_text("\ufeffTerms".encode("utf-8"), "text/plain").text == "Terms"
    assert extract_text("Terms of use".encode("utf-16"), "text/plain").text == "Terms of use"


def test_plain_text_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_extract, "MAX_TEXT_CHARS", 2_000_000)
    result = extract_text(("é" * 3_000_000).encode(), "text/plain", "huge.txt")
    assert result.text == "é" * 2_000_000
    assert result.notice == ("Only the first 2 MB of text was read because the document is very "
                             "large; the rest was not checked.")


def test_binary_labelled_as_text_and_empty_files() -> None:
    assert extract_text(b"\x00\x01\x02binary", "text/plain").notice == text_extract.NOTICE_NOT_TEXT
    assert extract_text(b"  \n ", "text/plain") == ExtractedText("", text_extract.NOTICE_EMPTY)


def test_unsupported_type_gives_a_notice() -> None:
    result = extract_text(b"PK\x03\x04...", "application/vnd.openxmlformats-officedocument."
                          "wordprocessingml.document", "contract.docx")
    assert result == ExtractedText("", text_extract.NOTICE_UNSUPPORTED)


# --- e-mail ------------------------------------------------------------------------------


def _email() -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = "Your VoiceBank licence terms"
    message["From"] = "terms@voicebank.example"
    message["To"] = "worker@example.org"
    return message


def test_eml_prefers_the_plain_part_and_keeps_the_subject() -> None:
    message = _email()
    message.set_content("The licence is perpetual.\nReply to opt out.")
    message.add_alternative("<p>The licence is <b>perpetual</b>.</p>", subtype="html")
    message.add_attachment(b"%PDF-1.4 attachment", maintype="application", subtype="pdf",
                           filename="terms.pdf")
    result = extract_text(message.as_bytes(), "message/rfc822", "terms.eml")
    assert result.notice is None
    assert result.text == ("Your VoiceBank licence terms\n\n"
                           "The licence is perpetual.\nReply to opt out.")


def test_eml_with_only_html_is_stripped() -> None:
    message = _email()
    message.set_content("<html><head><style>p {color: red}</style></head><body>"
                        "<p>Deletion does not extend to trained models.</p>"
                        "<script>track()</script><p>Second &amp; last.</p></body></html>",
                        subtype="html", charset="utf-8")
    result = extract_text(message.as_bytes(), "application/octet-stream", "terms.eml")
    assert result.text == ("Your VoiceBank licence terms\n\n"
                           "Deletion does not extend to trained models.\n\nSecond & last.")


def test_eml_with_unknown_charset_falls_back() -> None:
    raw = (b"Subject: Terms\r\nContent-Type: text/plain; charset=x-unknown-8bit\r\n"
           b"Content-Transfer-Encoding: 8bit\r\n\r\nLicence is worldwide \xe9.\r\n")
    result = extract_text(raw, "message/rfc822")
    assert result.text == "Terms\n\nLicence is worldwide \xe9."


# --- HTML --------------------------------------------------------------------------------


def test_html_drops_script_and_style_and_keeps_blocks() -> None:
    page = ("<!doctype html><html><head><title>Terms</title>"
            "<style>.x{}</style><script>var perpetual = 1;</script></head><body>"
            "<h1>Licence</h1><p>You grant a   perpetual\n licence.</p>"
            "<ul><li>store data</li><li>sell data</li></ul>"
            "<p>Line one<br>line two</p><noscript>enable js</noscript></body></html>")
    result = extract_text(page.encode(), "text/html", "terms.html")
    assert result.text == ("Terms\n\nLicence\n\nYou grant a perpetual licence.\n\n"
                           "• store data\n• sell data\n\nLine one\nline two")
    assert "var" not in result.text and "enable js" not in result.text


def test_html_meta_charset_is_honoured() -> None:
    page = '<meta charset="windows-1252"><p>“Royalty-free” licence</p>'.encode("cp1252")
    assert extract_text(page, "text/html").text == "“Royalty-free” licence"


def test_html_broken_markup_never_raises() -> None:
    result = extract_text(b"<p>unclosed <b>perpetual <script>x", "text/html")
    assert result.text == "unclosed perpetual"
    assert isinstance(extract_text(b"<<<>>>&#xZZZ;</", "text/html").text, str)


def test_pdf_of_a_whole_agreement_feeds_the_clause_check() -> None:
    from pathlib import Path

    from vault.analysis.clauses import CLAUSE_KINDS, find_clause_flags

    lines = (Path(__file__).parent / "clause_corpus" / "document_risky_licence.txt").read_text(
        encoding="utf-8").splitlines()
    pages: list[list[str] | None] = [lines[i:i + 45] for i in range(0, len(lines), 45)]
    result = extract_text(make_pdf(pages), "application/pdf", "licence.pdf")
    assert result.notice is None
    flags = find_clause_flags(result.text)
    assert {flag.kind for flag in flags} == set(CLAUSE_KINDS)
    for flag in flags:
        assert " ".join(result.text[flag.start:flag.end].split()) == flag.sentence
