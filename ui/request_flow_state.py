"""What the steps of the request flow share: the target, the draft, the letter, what was kept."""

from __future__ import annotations

from dataclasses import dataclass, field

from ui.navigation import RequestTarget
from vault.letters.context import LetterContext
from vault.letters.render import Letter
from vault.services.companies import CompanyInfo
from vault.services.requests import RequestInfo

LANGUAGES = (("en", "English"), ("de", "Deutsch"))


@dataclass
class RequestFlowState:
    target: RequestTarget
    company: CompanyInfo
    parent_request: RequestInfo | None = None  # for a follow-up or complaint
    request: RequestInfo | None = None  # the draft, once step 1 has created it
    language: str = "en"
    letter: Letter | None = None
    context: LetterContext | None = None
    kept: dict[str, str] = field(default_factory=dict)  # format -> document id in the vault
    handed_over_by: str | None = None  # the channel the letter most likely went by
