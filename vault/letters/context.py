"""What a letter is about: plain frozen data, filled in by the request service.

Nothing here knows about templates. Dates are `datetime.date`; the templates turn
them into words ("3 February 2026") in the letter's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Person:
    """The sender, described only by what the company already holds.

    `account_ids` are (platform, id) pairs such as ("Contributor ID", "VH-558213").
    Letters never ask for, or offer, identity documents or biometric samples.
    """

    name: str
    email: str
    postal_address: str | None = None  # lines separated by newlines or ", "
    country: str | None = None  # ISO 3166 code; "US-CA" style codes name a state
    account_ids: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CompanyAddress:
    """The controller or business the letter goes to."""

    name: str
    legal_name: str | None = None
    postal_address: str | None = None
    privacy_email: str | None = None
    dpo_contact: str | None = None  # the DPO's name or e-mail, if published
    country: str | None = None


@dataclass(frozen=True)
class RecordingRef:
    """One recording the letter names, by the id the company gave it."""

    id: str
    title: str
    kind: str  # a data kind: voice, video, face, image, gait, chat, health, ...
    captured_on: date | None = None
    delivered_on: date | None = None


@dataclass(frozen=True)
class AgreementRef:
    """The agreement the recordings were supplied under."""

    title: str
    reference: str | None
    signed_on: date
    ends_on: date | None = None
    perpetual: bool = False


@dataclass(frozen=True)
class DueDates:
    """The deadline computed by vault.deadlines for this request.

    `due` is the date to quote (rolled forward to a working day where the rule
    says so); `due_nominal` the unrolled date; `rule_text` the rule in words, as
    it reads after the date: "one month after you received this request
    (Article 12(3) GDPR)". For biometric destruction `due` is the date by which
    the law required destruction.
    """

    received_on: date
    due: date
    due_nominal: date
    due_extended_max: date | None = None
    acknowledge_by: date | None = None
    rule_text: str = ""


@dataclass(frozen=True)
class AuthorityRef:
    """A supervisory authority or other regulator that takes complaints."""

    name: str
    postal_address: str | None = None
    email: str | None = None
    complaint_webform: str | None = None


@dataclass(frozen=True)
class PriorRequest:
    """The earlier request a follow-up or complaint refers to."""

    sent_on: date
    reference: str
    type: str  # a request type: erasure, access, ...
    due: date


@dataclass(frozen=True)
class LetterContext:
    """Everything one letter needs. `regime` and `request_type` use DESIGN.md's names."""

    regime: str
    request_type: str
    today: date
    sender: Person
    company: CompanyAddress
    reference: str  # our reference, e.g. "HF-2026-0007"; also goes in the subject
    recordings: tuple[RecordingRef, ...] = ()
    agreement: AgreementRef | None = None
    dates: DueDates | None = None
    authority: AuthorityRef | None = None
    prior: PriorRequest | None = None
    data_kinds: tuple[str, ...] = ()


__all__ = [
    "AgreementRef",
    "AuthorityRef",
    "CompanyAddress",
    "DueDates",
    "LetterContext",
    "Person",
    "PriorRequest",
    "RecordingRef",
]
