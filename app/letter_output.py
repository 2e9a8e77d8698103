"""A request's letter in the form the person will send it: text, PDF or e-mail file.

Shared by `holdfast-cli letter` and the desktop app's request flow, so both produce
(and keep with the request) exactly the same bytes under the same name.
"""

from __future__ import annotations

from dataclasses import dataclass

from vault.letters.context import LetterContext
from vault.letters.email_message import to_eml
from vault.letters.render import Letter

MEDIA_TYPES = {"txt": "text/plain", "pdf": "application/pdf", "eml": "message/rfc822"}


@dataclass(frozen=True)
class LetterFile:
    name: str  # e.g. "HF-2026-0007-erasure.pdf"
    data: bytes
    media_type: str


def letter_file(letter: Letter, context: LetterContext, request_type: str,
                file_format: str) -> LetterFile:
    """The letter as `file_format` ("txt", "pdf" or "eml"); raises InvalidInputError
    for an e-mail when there is no address to send it to."""
    if file_format == "txt":
        data = letter.body.encode("utf-8")
    elif file_format == "eml":
        data = to_eml(letter, context.sender)
    elif file_format == "pdf":
        from app.letter_pdf import letter_to_pdf  # Qt loads only when a PDF is wanted

        data = letter_to_pdf(letter, context.sender.country or context.company.country)
    else:
        raise ValueError(f"unknown letter format {file_format!r}")
    return LetterFile(f"{context.reference}-{request_type}.{file_format}", data,
                      MEDIA_TYPES[file_format])
