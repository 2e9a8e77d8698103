"""Letters for requests: the context gathered from the vault, rendered, and kept."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from vault.errors import InvalidInputError
from vault.legal.authorities import authorities_for_regime
from vault.legal.regimes import regime
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
from vault.services.agreements import AgreementService
from vault.services.companies import CompanyService
from vault.services.profile import ProfileService
from vault.services.recordings import RecordingService
from vault.services.requests import RequestInfo, RequestService, split_country

if TYPE_CHECKING:
    from vault.letters.render import Letter

_NUMBER_WORDS = {1: "one", 2: "two", 3: "three"}


def deadline_phrase(request: RequestInfo) -> str:
    """'one month after you received this request (Art 12(3) GDPR)', for the letter."""
    d = request.deadlines
    assert d is not None
    rule = regime(request.regime).rule(request.type).deadline
    refs = f" ({d.refs[0]} {regime(request.regime).short_name})" if d.refs else ""
    if rule is None:
        return "as the law requires"
    if rule.kind == "calendar-months":
        months = "month" if rule.n == 1 else "months"
        period = f"{_NUMBER_WORDS.get(rule.n, str(rule.n))} {months}"
    elif rule.kind == "business-days":
        period = f"{rule.n} business days"
    else:
        period = f"{rule.n} days"
    return f"{period} after you received this request{refs}"


class LetterService:
    def __init__(self, requests: RequestService, companies: CompanyService,
                 recordings: RecordingService, agreements: AgreementService,
                 profile: ProfileService) -> None:
        self._requests = requests
        self._companies = companies
        self._recordings = recordings
        self._agreements = agreements
        self._profile = profile

    def context_for(self, key: str, today: date) -> LetterContext:
        request = self._requests.get(key)
        me = self._profile.get()
        if not me.complete:
            raise InvalidInputError(
                "Letters need your name and e-mail: set them with "
                "holdfast-cli profile set --name NAME --email ADDRESS.")
        company = self._companies.get(request.company_id)
        held = {r.recording_id: r for a in self._agreements.list()
                if a.company_id == company.id for r in a.recordings}
        recordings = []
        for rec_id in request.recording_ids:
            rec = self._recordings.get(rec_id)
            delivered = held[rec_id].delivered_on if rec_id in held else None
            recordings.append(RecordingRef(rec.id, rec.title, rec.kind, rec.captured_on,
                                           delivered))
        agreement = None
        if request.agreement_id:
            a = self._agreements.get(request.agreement_id)
            agreement = AgreementRef(a.terms.title, a.terms.reference, a.terms.signed_on,
                                     a.terms.ends_on, a.terms.perpetual)
        dates = None
        if request.deadlines is not None:
            d = request.deadlines
            dates = DueDates(d.received_on, d.due, d.due_nominal, d.due_extended_max,
                             d.acknowledge_by, deadline_phrase(request))
        prior = None
        if request.parent_id:
            parent = self._requests.get(request.parent_id)
            if parent.sent_on is None or parent.deadlines is None:
                raise InvalidInputError(
                    f"{parent.reference} has not been sent yet, so there is nothing to "
                    "follow up.")
            prior = PriorRequest(parent.sent_on, parent.reference, parent.type,
                                 parent.deadlines.effective_due)
        authority = self._authority(request, me.country)
        if request.type == "complaint" and authority is None:
            raise InvalidInputError(
                f"Holdfast knows no authority that takes {regime(request.regime).short_name} "
                "complaints for this company; look it up and write to it directly.")
        kinds = tuple(sorted({r.kind for r in recordings}))
        return LetterContext(
            regime=request.regime, request_type=request.type, today=today,
            sender=Person(me.name, me.email, me.postal_address, me.country, me.account_ids),
            company=CompanyAddress(company.name, company.legal_name, company.postal_address,
                                   company.privacy_email, company.dpo_contact,
                                   company.country),
            reference=request.reference, recordings=tuple(recordings), agreement=agreement,
            dates=dates, authority=authority, prior=prior, data_kinds=kinds)

    @staticmethod
    def _authority(request: RequestInfo, home: str | None) -> AuthorityRef | None:
        country, _ = split_country(home or request.company_country)
        found = authorities_for_regime(request.regime, home or request.company_country or "")
        if not found and country:
            found = authorities_for_regime(request.regime, country)
        if not found:
            return None
        a = found[0]
        return AuthorityRef(a.name, a.postal_address, a.email, a.complaint_webform)

    def render(self, key: str, today: date, language: str = "en") -> Letter:
        from vault.letters.render import render_letter  # Jinja2 loads only for letters

        return render_letter(self.context_for(key, today), language)
