"""Everything about one company: contact data, the law and authority that apply, the platforms
in between, and everything the vault holds about it (agreements, recordings, requests, money).

A view only: the companies page gathers the facts from the services and hands them in.
Links in the text ("agreement:<id>", "request:<id>") become open_agreement / open_request.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from ui.company_dialog import country_name
from ui.form_parts import link_label
from vault.analysis.status import DeletionEvents
from vault.legal.authorities import Authority, authorities_for
from vault.legal.regimes import regime, regime_for_country
from vault.services.agreements import AgreementInfo
from vault.services.companies import CompanyInfo
from vault.services.insights import EarningsTotals, HoldingEntry
from vault.services.requests import RequestInfo

NO_AGREEMENTS = "No agreement with this company is in the vault."
NO_HOLDINGS = "The vault records no recording as delivered to this company."
NO_REQUESTS = "No request has been made to this company yet."
NO_PAYMENTS = "No payment is recorded for agreements with this company."
NO_CHAIN = "No platform stands between you and this company in the agreements you keep."


@dataclass(frozen=True)
class CompanyFacts:
    """What the vault holds about one company, gathered by the page from the services."""

    company: CompanyInfo
    agreements: Sequence[AgreementInfo] = ()  # agreements in which the company holds data
    brokered: Sequence[AgreementInfo] = ()  # agreements made through this company (a platform)
    holdings: Sequence[HoldingEntry] = ()
    requests: Sequence[RequestInfo] = ()
    earnings: EarningsTotals | None = None
    deletion_events: Mapping[str, DeletionEvents] = field(default_factory=dict)


def day(value: date | None) -> str:
    return f"{value.day} {value:%b %Y}" if value else ""


def _e(text: object) -> str:
    return html.escape(str(text))


def _link(kind: str, key: str, text: str) -> str:
    return f'<a href="{kind}:{_e(key)}">{_e(text)}</a>'


def _web(url: str | None) -> str:
    if not url:
        return ""
    href = url if "://" in url else "https://" + url
    return f'<a href="{_e(href)}">{_e(url)}</a>'


def _rows(pairs: Iterable[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><td style='padding-right:12px; color:gray'>{_e(k)}</td>"
                    f"<td>{v}</td></tr>" for k, v in pairs if v)
    return f"<table cellspacing='2'>{cells}</table>"


def _list(items: Sequence[str], empty: str) -> str:
    if not items:
        return f"<i>{_e(empty)}</i>"
    return "<ul style='margin-left:-20px'>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _money(amounts: Mapping[str, object]) -> str:
    return ", ".join(f"{amount} {currency}" for currency, amount in sorted(amounts.items()))


class CompanyDetail(QWidget):
    open_agreement = Signal(str)
    open_request = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = QLabel()
        self.title_label.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.title_label.setWordWrap(True)
        self.subtitle_label = self._text()
        self.contact_label = self._text()
        self.authority_label = self._text()
        self.chain_label = self._text()
        self.agreements_label = self._text()
        self.holdings_label = self._text()
        self.requests_label = self._text()
        self.payments_label = self._text()
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.title_label)
        column.addWidget(self.subtitle_label)
        for heading, label in (("Contact", self.contact_label),
                               ("Law and supervisory authority", self.authority_label),
                               ("Through which platform", self.chain_label),
                               ("Agreements", self.agreements_label),
                               ("Recordings it holds", self.holdings_label),
                               ("Requests", self.requests_label),
                               ("Payments", self.payments_label)):
            title = QLabel(heading)
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            column.addSpacing(8)
            column.addWidget(title)
            column.addWidget(label)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def _text(self) -> QLabel:
        return link_label(self._follow)

    def _follow(self, link: str) -> None:
        kind, _, key = link.partition(":")
        if kind == "agreement":
            self.open_agreement.emit(key)
        elif kind == "request":
            self.open_request.emit(key)
        # Web links are shown for copying; Holdfast opens no network connection itself.

    def labels(self) -> list[QLabel]:
        return [self.title_label, self.subtitle_label, self.contact_label, self.authority_label,
                self.chain_label, self.agreements_label, self.holdings_label,
                self.requests_label, self.payments_label]

    def clear(self) -> None:
        for label in self.labels():
            label.clear()

    def show_facts(self, facts: CompanyFacts, today: date) -> None:
        company = facts.company
        self.title_label.setText(company.name)
        self.subtitle_label.setText(_e(company.legal_name or ""))
        self.subtitle_label.setVisible(bool(company.legal_name))
        self.contact_label.setText(self._contact(company))
        self.authority_label.setText(self._authority(company))
        self.chain_label.setText(self._chain(facts))
        self.agreements_label.setText(self._agreements(facts, today))
        self.holdings_label.setText(self._holdings(facts.holdings))
        self.requests_label.setText(self._requests(facts.requests, today))
        self.payments_label.setText(self._payments(facts))

    @staticmethod
    def _contact(company: CompanyInfo) -> str:
        country = ""
        if company.country:
            name = country_name(company.country)
            country = _e(f"{name} ({company.country})" if name else company.country)
        email = company.privacy_email
        pairs = [("Country", country),
                 ("Privacy e-mail", f'<a href="mailto:{_e(email)}">{_e(email)}</a>'
                  if email else ""),
                 ("Data protection officer", _e(company.dpo_contact or "")),
                 ("Postal address", _e(company.postal_address or "").replace("\n", "<br>")),
                 ("Website", _web(company.website)),
                 ("Privacy web form", _web(company.web_form)),
                 ("Notes", _e(company.notes or "").replace("\n", "<br>"))]
        if not any(v for _, v in pairs):
            return "<i>No contact data yet. Use Edit… to add the privacy e-mail and country.</i>"
        return _rows(pairs)

    @staticmethod
    def _authority(company: CompanyInfo) -> str:
        if not company.country:
            return ("<i>The country is not set, so Holdfast cannot tell which privacy law "
                    "applies. Use Edit… to set it.</i>")
        regime_id = regime_for_country(company.country)
        law = (f"<b>{_e(regime(regime_id).name)}</b> applies."
               if regime_id else
               "Holdfast knows no general privacy law for this country; a request needs "
               "a law chosen by hand.")
        found = authorities_for(company.country)
        if not found:
            return law + "<br><i>No supervisory authority for this country is in the " \
                         "directory.</i>"
        return law + "".join(CompanyDetail._one_authority(a) for a in found)

    @staticmethod
    def _one_authority(authority: Authority) -> str:
        pairs = [("Authority", f"<b>{_e(authority.name)}</b>"),
                 ("Address", _e(authority.postal_address or "")),
                 ("E-mail", _e(authority.email or "")),
                 ("Complaint form", _web(authority.complaint_webform)),
                 ("Website", _web(authority.web_host))]
        note = f"<br><i>{_e(authority.note)}</i>" if authority.note else ""
        return _rows(pairs) + note

    @staticmethod
    def _chain(facts: CompanyFacts) -> str:
        name = facts.company.name
        items = [f"You → {_e(a.via_company_name)} → {_e(name)}: "
                 f"{_link('agreement', a.id, a.terms.title)}"
                 for a in facts.agreements if a.via_company_name]
        items += [f"You → {_e(name)} → {_e(a.company_name)}: "
                  f"{_link('agreement', a.id, a.terms.title)}" for a in facts.brokered]
        return _list(items, NO_CHAIN)

    @staticmethod
    def _agreements(facts: CompanyFacts, today: date) -> str:
        items = []
        for agreement in facts.agreements:
            state = agreement.status(today, facts.deletion_events.get(agreement.id))
            until = f" until {day(state.until)}" if state.until else " (no end date)"
            due = (f", deletion due {day(state.deletion_due)}"
                   if state.deletion_due and state.status == "ended" else "")
            items.append(f"{_link('agreement', agreement.id, agreement.terms.title)} — "
                         f"<b>{_e(state.status)}</b>{_e(until)}{_e(due)}")
        return _list(items, NO_AGREEMENTS)

    @staticmethod
    def _holdings(holdings: Sequence[HoldingEntry]) -> str:
        items = []
        for entry in holdings:
            until = f"until {day(entry.until)}" if entry.until else "with no end date"
            items.append(f"{_e(entry.recording_title)} ({_e(entry.recording_kind)}) under "
                         f"{_link('agreement', entry.agreement_id, entry.agreement_title)} — "
                         f"<b>{_e(entry.status)}</b>, {_e(until)}")
        return _list(items, NO_HOLDINGS)

    @staticmethod
    def _requests(requests: Sequence[RequestInfo], today: date) -> str:
        items = []
        for request in requests:
            status = request.status_on(today)
            due = (f", answer due {day(request.deadlines.effective_due)}"
                   if request.deadlines and status in ("sent", "acknowledged", "extended",
                                                       "overdue") else "")
            sent = f", sent {day(request.sent_on)}" if request.sent_on else ""
            items.append(f"{_link('request', request.id, request.reference)} "
                         f"{_e(request.type)} — <b>{_e(status)}</b>{_e(sent)}{_e(due)}")
        return _list(items, NO_REQUESTS)

    @staticmethod
    def _payments(facts: CompanyFacts) -> str:
        items = []
        for agreement in facts.agreements:
            for payment in agreement.payments:
                items.append(f"{_e(day(payment.on))}: {_e(payment.amount)} "
                             f"{_e(payment.currency)} {_e(payment.status)} "
                             f"({_link('agreement', agreement.id, agreement.terms.title)})")
        text = _list(items, NO_PAYMENTS)
        totals = facts.earnings
        if totals and (totals.received or totals.expected):
            pairs = [("Received", _e(_money(totals.received))),
                     ("Still expected", _e(_money(totals.expected)))]
            text += _rows(pairs)
        return text
