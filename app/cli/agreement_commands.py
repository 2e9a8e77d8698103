"""agreement add|attach|show|edit|remove, agreements, payment add."""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date
from pathlib import Path

from app.cli.common import Handler, info, open_vault, print_fields, print_json, print_table, warn
from app.cli.recording_commands import parse_date
from vault.services.agreement_terms import AgreementTerms, parse_list, parse_revocable
from vault.services.agreements import AgreementInfo
from vault.services.recordings import open_source
from vault.vocabulary import DATA_KINDS, DOCUMENT_KINDS, PAY_MODELS, PERMITTED_USES


def _split(text: str | None) -> list[str]:
    return [t.strip() for t in (text or "").split(",") if t.strip()]


def _term_changes(args: argparse.Namespace) -> dict[str, object]:
    """The terms given on the command line, as AgreementTerms field names."""
    changes: dict[str, object] = {}
    for option in ("title", "reference", "territory", "governing_law", "notes", "via"):
        value = getattr(args, option, None)
        if value is not None:
            changes[option] = value
    for option in ("signed_on", "effective_on", "ends_on", "revoked_on"):
        value = getattr(args, option, None)
        if value is not None:
            changes[option] = parse_date(value)
    if args.perpetual:
        changes["perpetual"] = True
    if args.kinds is not None:
        changes["data_kinds"] = parse_list(args.kinds, DATA_KINDS, "data kind")
    if args.uses is not None:
        changes["permitted_uses"] = parse_list(args.uses, PERMITTED_USES, "permitted use")
    if args.revocable is not None:
        changes["revocable"], changes["revocation_notice_days"] = parse_revocable(args.revocable)
    if args.deletion_days is not None:
        changes["deletion_clause"], changes["deletion_days"] = "days-after-end", args.deletion_days
    if args.deletion_on_request:
        changes["deletion_clause"], changes["deletion_days"] = "on-request", None
    if args.renews_every is not None:
        changes["auto_renews"], changes["renewal_months"] = True, args.renews_every
    if args.exclusive is not None:
        changes["exclusive"] = args.exclusive == "yes"
    for option in ("amount", "currency", "pay_model"):
        value = getattr(args, option)
        if value is not None:
            changes[option] = value
    return changes


def _show(agreement: AgreementInfo, on: date) -> None:
    t = agreement.terms
    state = agreement.status(on)
    until = state.until.isoformat() if state.until else "perpetual"
    lines = [
        ("id", agreement.id), ("company", agreement.company_name),
        ("through", agreement.via_company_name), ("title", t.title),
        ("reference", t.reference), ("signed", t.signed_on.isoformat()),
        ("effective", t.effective_on.isoformat() if t.effective_on else None),
        ("until", until + (f" (renews every {t.renewal_months} months)" if t.auto_renews
                           else "")),
        ("status today", state.status + (f", deletion due by {state.deletion_due}"
                                         if state.deletion_due else "")),
        ("revocable", {"yes": "yes", "no": "no",
                       "notice": f"with {t.revocation_notice_days} days notice"}[t.revocable]),
        ("deletion", {"days-after-end": f"{t.deletion_days} days after the end",
                      "on-request": "on request",
                      "not-stated": "not stated"}[t.deletion_clause]),
        ("data kinds", ", ".join(t.data_kinds) or "not stated"),
        ("permitted uses", ", ".join(t.permitted_uses) or "not stated"),
        ("exclusive", "yes" if t.exclusive else "no"), ("territory", t.territory),
        ("pay", " ".join(x for x in (t.amount, t.currency, t.pay_model) if x) or None),
        ("governing law", t.governing_law), ("notes", t.notes),
    ]
    print_fields(lines)
    for rec in agreement.recordings:
        delivered = f", delivered {rec.delivered_on}" if rec.delivered_on else ""
        print(f"recording: {rec.recording_id[:8]} {rec.title} ({rec.kind}{delivered})")
    for doc in agreement.documents:
        notice = f" — {doc.text_notice}" if doc.text_notice else ""
        print(f"document: {doc.id[:8]} {doc.original_name} ({doc.kind}, captured "
              f"{doc.captured_on}, sha256 {doc.sha256[:16]}…){notice}")
    for pay in agreement.payments:
        print(f"payment: {pay.on} {pay.amount} {pay.currency} {pay.status}"
              + (f" — {pay.note}" if pay.note else ""))


def cmd_agreement_add(args: argparse.Namespace) -> int:
    changes = _term_changes(args)
    terms = replace(AgreementTerms(title=args.title, signed_on=parse_date(args.signed_on)),
                    **changes)  # type: ignore[arg-type]
    delivered = parse_date(args.delivered_on) if args.delivered_on else None
    for document in args.document or []:  # a bad path must not leave half an agreement
        open_source(Path(document)).close()
    with open_vault(args) as vault:
        agreement = vault.agreements.add(args.company, terms, recordings=_split(args.recordings),
                                         delivered_on=delivered, channel=args.channel)
        for document in args.document or []:
            attached = vault.documents.attach(agreement.id, Path(document))
            if attached.text_notice:
                warn(attached.text_notice)
    print(agreement.id)
    return 0


def cmd_agreement_edit(args: argparse.Namespace) -> int:
    delivered = parse_date(args.delivered_on) if args.delivered_on else None
    with open_vault(args) as vault:
        agreement = vault.agreements.edit(
            args.agreement, company=args.company, recordings=_split(args.recordings),
            drop_recordings=_split(args.remove_recordings), delivered_on=delivered,
            channel=args.channel, **_term_changes(args))
    info(f"Saved {agreement.terms.title!r}.")
    return 0


def cmd_agreement_attach(args: argparse.Namespace) -> int:
    captured = parse_date(args.captured_on) if args.captured_on else None
    with open_vault(args) as vault:
        document = vault.documents.attach(args.agreement, Path(args.file), kind=args.kind,
                                          captured_on=captured)
    if document.text_notice:
        warn(document.text_notice)
    print(document.id)
    return 0


def cmd_agreement_show(args: argparse.Namespace) -> int:
    on = parse_date(args.on) if args.on else date.today()
    with open_vault(args) as vault:
        agreement = vault.agreements.get(args.agreement)
    if args.json:
        print_json(agreement.to_json(on))
    else:
        _show(agreement, on)
    return 0


def cmd_agreement_remove(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        agreement = vault.remove_agreement(args.agreement)
    info(f"Removed {agreement.terms.title!r} with its documents and payments.")
    return 0


def cmd_agreements(args: argparse.Namespace) -> int:
    on = date.today()
    with open_vault(args) as vault:
        agreements = vault.agreements.list()
    if args.json:
        print_json([a.to_json(on) for a in agreements])
    elif not agreements:
        info("No agreements yet. Add one with: holdfast-cli agreement add --company NAME ...")
    else:
        rows = []
        for a in agreements:
            state = a.status(on)
            rows.append([a.id[:8], a.company_name, a.terms.title,
                         state.until.isoformat() if state.until else "perpetual",
                         state.status, str(len(a.recordings))])
        print_table(rows, ["ID", "COMPANY", "TITLE", "UNTIL", "STATUS", "RECORDINGS"])
    return 0


def cmd_payment_add(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        payment = vault.agreements.add_payment(
            args.agreement, args.amount, args.currency, parse_date(args.on),
            received=not args.expected, note=args.note)
    print(payment.id)
    return 0


def _term_options(p: argparse.ArgumentParser, adding: bool) -> None:
    p.add_argument("--title", required=adding)
    p.add_argument("--signed-on", metavar="DATE", required=adding)
    p.add_argument("--effective-on", metavar="DATE", help="default: the signing date")
    ends = p.add_mutually_exclusive_group(required=adding)
    ends.add_argument("--ends-on", metavar="DATE")
    ends.add_argument("--perpetual", action="store_true")
    p.add_argument("--renews-every", type=int, metavar="MONTHS",
                   help="renews itself by this many months unless cancelled")
    p.add_argument("--kinds", metavar="KIND,..", help=f"data kinds: {', '.join(DATA_KINDS)}")
    p.add_argument("--uses", metavar="USE,..", help=f"permitted uses: {', '.join(PERMITTED_USES)}")
    p.add_argument("--revocable", metavar="yes|no|notice:DAYS")
    p.add_argument("--revoked-on", metavar="DATE", help="the day you revoked it")
    deletion = p.add_mutually_exclusive_group()
    deletion.add_argument("--deletion-days", type=int, metavar="N",
                          help="the company deletes N days after the end")
    deletion.add_argument("--deletion-on-request", action="store_true")
    p.add_argument("--exclusive", choices=("yes", "no"))
    p.add_argument("--territory", help="e.g. worldwide, EU")
    p.add_argument("--amount")
    p.add_argument("--currency", metavar="CUR", help="e.g. USD, EUR")
    p.add_argument("--pay-model", choices=PAY_MODELS)
    p.add_argument("--governing-law", metavar="LAW", help="e.g. California, England and Wales")
    p.add_argument("--reference", help="contract number, contributor or job id")
    p.add_argument("--via", metavar="COMPANY", help="the platform it was made through")
    p.add_argument("--notes")
    p.add_argument("--recordings", metavar="ID,..", help="recordings delivered under it")
    p.add_argument("--delivered-on", metavar="DATE", help="when those recordings were delivered")
    p.add_argument("--channel", help="how they were delivered (app upload, e-mail, ...)")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> dict[str, Handler]:
    agreement = sub.add_parser("agreement", help="add, show, edit or remove an agreement")
    a_sub = agreement.add_subparsers(dest="agreement_command", metavar="ACTION", required=True)
    p = a_sub.add_parser("add", help="record an agreement and print its id")
    p.add_argument("--company", required=True, metavar="ID|NAME")
    _term_options(p, adding=True)
    p.add_argument("--document", action="append", metavar="FILE",
                   help="attach the contract or terms (may repeat)")
    p = a_sub.add_parser("edit", help="change an agreement's terms")
    p.add_argument("agreement", help="id or unique id prefix")
    p.add_argument("--company", metavar="ID|NAME")
    _term_options(p, adding=False)
    p.add_argument("--remove-recordings", metavar="ID,..")
    p = a_sub.add_parser("attach", help="attach a document (PDF, text, .eml, .html)")
    p.add_argument("agreement")
    p.add_argument("file")
    p.add_argument("--kind", choices=DOCUMENT_KINDS)
    p.add_argument("--captured-on", metavar="DATE", help="when you saved it (default: today)")
    p = a_sub.add_parser("show", help="show one agreement")
    p.add_argument("agreement")
    p.add_argument("--on", metavar="DATE", help="judge the status on this date")
    p.add_argument("--json", action="store_true")
    p = a_sub.add_parser("remove", help="delete an agreement, its documents and payments")
    p.add_argument("agreement")
    p = sub.add_parser("agreements", help="list agreements")
    p.add_argument("--json", action="store_true")
    payment = sub.add_parser("payment", help="record a payment")
    pay_sub = payment.add_subparsers(dest="payment_command", metavar="ACTION", required=True)
    p = pay_sub.add_parser("add", help="record money received (or --expected)")
    p.add_argument("agreement")
    p.add_argument("--amount", required=True)
    p.add_argument("--currency", required=True)
    p.add_argument("--on", required=True, metavar="DATE")
    p.add_argument("--expected", action="store_true", help="promised, not yet received")
    p.add_argument("--note")
    return {"agreement add": cmd_agreement_add, "agreement edit": cmd_agreement_edit,
            "agreement attach": cmd_agreement_attach, "agreement show": cmd_agreement_show,
            "agreement remove": cmd_agreement_remove, "agreements": cmd_agreements,
            "payment add": cmd_payment_add}
