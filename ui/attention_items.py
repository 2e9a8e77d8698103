"""What needs the user's attention today, each with the one action that deals with it.

Pure Python (no Qt): built from what the vault services return, so it is tested without
widgets. The attention list widget only shows these and reports which action was chosen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from ui.navigation import RequestTarget
from vault.analysis.findings import Finding
from vault.analysis.status import EXPIRING_WITHIN_DAYS, DeletionEvents
from vault.services.agreements import AgreementInfo
from vault.services.insights import ClauseFinding, HoldingEntry
from vault.services.requests import RequestInfo

# What the button of an item does (the page turns each into one of its signals).
REQUEST_DELETION = "request-deletion"
FOLLOW_UP = "follow-up"
OPEN_AGREEMENT = "open-agreement"
OPEN_REQUEST = "open-request"
OPEN_COMPANY = "open-company"

ACTION_LABELS = {
    REQUEST_DELETION: "Request deletion",
    FOLLOW_UP: "Follow up",
    OPEN_AGREEMENT: "Open agreement",
    OPEN_REQUEST: "Open request",
    OPEN_COMPANY: "Open company",
}

# Most pressing first: a broken legal deadline, then data kept past its deletion date,
# then what is about to happen, then what merely looks risky.
URGENCY = {"overdue-request": 0, "deletion-due": 1, "ending-soon": 2, "scope": 3,
           "term": 4, "clause": 5}

# Agreement statuses after which the company should delete (no deletion request yet).
DELETION_DUE_STATUSES = ("ended", "revoked")


@dataclass(frozen=True)
class AttentionItem:
    kind: str  # a key of URGENCY
    title: str  # one short line
    detail: str  # one or two plain sentences
    action: str  # a key of ACTION_LABELS
    company_id: str | None = None
    agreement_id: str | None = None
    request_id: str | None = None
    recording_ids: tuple[str, ...] = ()
    request_type: str = "erasure"

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]

    def request_target(self) -> RequestTarget | None:
        """The request this item's button starts, if it starts one."""
        if self.company_id is None:
            return None
        if self.action == REQUEST_DELETION:
            return RequestTarget(self.company_id, self.request_type,
                                 agreement_id=self.agreement_id,
                                 recording_ids=self.recording_ids)
        if self.action == FOLLOW_UP:
            return RequestTarget(self.company_id, "follow-up", follow_up_of=self.request_id)
        return None


def _words(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def overdue_request_items(requests: Sequence[RequestInfo], on: date) -> list[AttentionItem]:
    """Requests whose legal deadline has passed unanswered: follow up (once)."""
    followed = {r.parent_id for r in requests if r.type == "follow-up" and r.parent_id}
    items = []
    for r in requests:
        if r.status_on(on) != "overdue" or r.deadlines is None:
            continue
        due = r.deadlines.effective_due
        late = (on - due).days
        detail = (f"{r.company} had to answer your {r.type} request by {_words(due)}; "
                  f"that was {_plural(late, 'day')} ago.")
        if r.id in followed:
            items.append(AttentionItem(
                "overdue-request", f"{r.reference} to {r.company} is overdue",
                detail + " A follow-up has been made; see where it stands.", OPEN_REQUEST,
                company_id=r.company_id, request_id=r.id))
        else:
            items.append(AttentionItem(
                "overdue-request", f"{r.reference} to {r.company} is overdue",
                detail + " Send a follow-up reminding them of the deadline.", FOLLOW_UP,
                company_id=r.company_id, request_id=r.id))
    return items


def deletion_due_items(holdings: Sequence[HoldingEntry], on: date) -> list[AttentionItem]:
    """One item per agreement that has ended (or was revoked) with no deletion request."""
    by_agreement: dict[str, list[HoldingEntry]] = {}
    for entry in holdings:
        if entry.status in DELETION_DUE_STATUSES:
            by_agreement.setdefault(entry.agreement_id, []).append(entry)
    items = []
    for agreement_id, entries in by_agreement.items():
        first = entries[0]
        titles = ", ".join(f"'{e.recording_title}'" for e in entries)
        how = "was revoked" if first.status == "revoked" else "ended"
        ended = f" on {_words(first.until)}" if first.until else ""
        if first.deletion_due is None:
            when = "The agreement does not say by when they must delete; ask them now."
        elif first.deletion_due < on:
            when = f"They should have deleted it by {_words(first.deletion_due)}."
        else:
            when = f"They must delete it by {_words(first.deletion_due)}."
        items.append(AttentionItem(
            "deletion-due", f"Ask {first.company} to delete your data",
            f"'{first.agreement_title}' {how}{ended} and {first.company} still holds "
            f"{titles}. {when}", REQUEST_DELETION, company_id=first.company_id,
            agreement_id=agreement_id,
            recording_ids=tuple(e.recording_id for e in entries)))
    return items


def ending_soon_items(agreements: Sequence[AgreementInfo], on: date,
                      events: Mapping[str, DeletionEvents] | None = None
                      ) -> list[AttentionItem]:
    """Agreements whose term ends within the next 30 days."""
    events = events or {}
    items = []
    for a in agreements:
        state = a.status(on, events.get(a.id))
        if state.status != "expiring" or state.until is None:
            continue
        days = (state.until - on).days
        if days > EXPIRING_WITHIN_DAYS:
            continue
        when = "today" if days == 0 else f"in {_plural(days, 'day')}"
        renew = (" It renews by itself unless you give notice."
                 if a.terms.auto_renews else " Decide whether to renew, or plan to ask "
                 "for deletion.")
        items.append(AttentionItem(
            "ending-soon", f"'{a.terms.title}' with {a.company_name} ends {when}",
            f"It ends on {_words(state.until)}.{renew}", OPEN_AGREEMENT,
            company_id=a.company_id, agreement_id=a.id))
    return items


def finding_items(findings: Iterable[Finding], kind: str, company_ids: Mapping[str, str],
                  already_due: Iterable[str] = ()) -> list[AttentionItem]:
    """Scope-check findings (kind "scope") or term flags (kind "term").

    `company_ids` maps company names to ids (findings name the company only);
    `already_due` holds agreement ids that a deletion-due item already covers.
    """
    covered = set(already_due)
    items = []
    for f in findings:
        if f.kind == "held-past-deletion" and f.agreement_id in covered:
            continue  # the deletion-due item says the same, with the action
        title = ("Check what " + f.company + " does" if kind == "scope"
                 else f"Risky term with {f.company}")
        company_id = company_ids.get(f.company)
        if f.agreement_id is not None:
            action = OPEN_AGREEMENT
        elif company_id is not None:
            action = OPEN_COMPANY
        else:
            continue  # nothing to open: the finding names no record we know
        items.append(AttentionItem(kind, title, f.message, action, company_id=company_id,
                                   agreement_id=f.agreement_id))
    return items


def clause_items(clauses: Iterable[ClauseFinding], company_ids: Mapping[str, str]
                 ) -> list[AttentionItem]:
    """Risky clauses found in the text of agreement documents."""
    return [AttentionItem(
        "clause", f"{c.flag.title} in '{c.agreement_title}'",
        f"{c.flag.explanation} ({c.document_name}: \u201c{c.flag.sentence}\u201d)",
        OPEN_AGREEMENT, company_id=company_ids.get(c.company), agreement_id=c.agreement_id)
        for c in clauses]


def sort_items(items: Iterable[AttentionItem]) -> list[AttentionItem]:
    return sorted(items, key=lambda i: URGENCY[i.kind])  # stable: keeps each source's order


def attention_items(*, on: date, holdings: Sequence[HoldingEntry],
                    requests: Sequence[RequestInfo], agreements: Sequence[AgreementInfo],
                    scope: Sequence[Finding], terms: Sequence[Finding],
                    company_ids: Mapping[str, str],
                    events: Mapping[str, DeletionEvents] | None = None
                    ) -> list[AttentionItem]:
    """Everything but the risky clauses (those come later, from a background job)."""
    due = deletion_due_items(holdings, on)
    return sort_items([
        *overdue_request_items(requests, on), *due,
        *ending_soon_items(agreements, on, events),
        *finding_items(scope, "scope", company_ids, (i.agreement_id or "" for i in due)),
        *finding_items(terms, "term", company_ids),
    ])


def days_between(on: date, day: date) -> str:
    """'today', 'tomorrow', 'in 5 days', '3 days ago': for dates near `on`."""
    delta = (day - on).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {_plural(delta, 'day')}" if delta > 0 else f"{_plural(-delta, 'day')} ago"

