"""Request letters: render a LetterContext to a Letter, then to an .eml or mailto: link."""

from __future__ import annotations

from vault.letters.context import (
    AgreementRef,
    AuthorityRef,
    CompanyAddress,
    DueDates,
    LetterContext,
    Person,
    PriorRequest,
    RecordingRef,
)
from vault.letters.email_message import MAILTO_SAFE_LENGTH, mailto_url, to_eml
from vault.letters.render import (
    Letter,
    available_letters,
    find_template,
    format_date,
    render_letter,
)

__all__ = [
    "MAILTO_SAFE_LENGTH",
    "AgreementRef",
    "AuthorityRef",
    "CompanyAddress",
    "DueDates",
    "Letter",
    "LetterContext",
    "Person",
    "PriorRequest",
    "RecordingRef",
    "available_letters",
    "find_template",
    "format_date",
    "mailto_url",
    "render_letter",
    "to_eml",
]
