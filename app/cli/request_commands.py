"""request new|show|update, requests."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from app.cli.common import Handler, info, open_vault, print_fields, print_json, print_table
from app.cli.recording_commands import parse_date
from vault.services.requests import RequestInfo
from vault.vocabulary import CHANNELS, REQUEST_STATUSES, REQUEST_TYPES


def _split(text: str | None) -> list[str]:
    return [t.strip() for t in (text or "").split(",") if t.strip()]


def _show(request: RequestInfo, on: date) -> None:
    d = request.deadlines
    lines = [
        ("id", request.id), ("reference", request.reference), ("company", request.company),
        ("law", request.regime), ("type", request.type),
        ("status", request.status_on(on)),
        ("sent", f"{request.sent_on} by {request.channel or 'an unknown channel'}"
         if request.sent_on else "not yet"),
        ("received", (f"{request.received_on}" + (" (estimated: sent by post)"
                                                   if request.received_estimated else ""))
         if request.received_on else None),
        ("acknowledge by", d.acknowledge_by.isoformat() if d and d.acknowledge_by else None),
        ("answer due", f"{d.due} (nominal {d.due_nominal})" if d else None),
        ("latest with an extension", d.due_extended_max.isoformat()
         if d and d.due_extended_max else None),
        ("how the date was worked out", d.rule_text if d else None),
        ("their reference", request.company_reference),
    ]
    print_fields(lines)
    for rec in request.recording_ids:
        print(f"recording: {rec}")
    for entry in request.history:
        note = f" — {entry.note}" if entry.note else ""
        print(f"history: {entry.on} {entry.event}{note}")
    for doc_id, kind, name in request.documents:
        print(f"document: {doc_id[:8]} {name} ({kind})")


def cmd_request_new(args: argparse.Namespace) -> int:
    sent = parse_date(args.sent_on) if args.sent_on else None
    received = parse_date(args.received_on) if args.received_on else None
    with open_vault(args) as vault:
        request = vault.requests.new(
            args.company, args.type, regime_id=args.regime, recordings=_split(args.recordings),
            agreement=args.agreement, sent_on=sent, received_on=received, channel=args.channel,
            parent=args.follows, notes=args.notes)
    print(request.id)
    return 0


def cmd_request_show(args: argparse.Namespace) -> int:
    on = parse_date(args.on) if args.on else date.today()
    with open_vault(args) as vault:
        request = vault.requests.get(args.request)
    if args.json:
        print_json(request.to_json(on))
    else:
        _show(request, on)
    return 0


def cmd_request_update(args: argparse.Namespace) -> int:
    on = parse_date(args.on) if args.on else date.today()
    received = parse_date(args.received_on) if args.received_on else None
    with open_vault(args) as vault:
        request = vault.requests.update(
            args.request, args.status, on, note=args.note,
            attach=Path(args.attach) if args.attach else None, received_on=received,
            company_reference=args.their_reference)
    info(f"{request.reference} is now {request.status_on(date.today())}.")
    return 0


def cmd_requests(args: argparse.Namespace) -> int:
    on = date.today()
    with open_vault(args) as vault:
        requests = vault.requests.list()
    if args.json:
        print_json([r.to_json(on) for r in requests])
    elif not requests:
        info("No requests yet. Start one with: holdfast-cli request new --company NAME "
             "--type erasure")
    else:
        print_table([[r.id[:8], r.reference, r.company, r.regime, r.type, r.status_on(on),
                      r.deadlines.due.isoformat() if r.deadlines else ""] for r in requests],
                    ["ID", "REFERENCE", "COMPANY", "LAW", "TYPE", "STATUS", "DUE"])
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> dict[str, Handler]:
    request = sub.add_parser("request", help="start, show or update a privacy request")
    r_sub = request.add_subparsers(dest="request_command", metavar="ACTION", required=True)
    p = r_sub.add_parser("new", help="start a request and print its id")
    p.add_argument("--company", required=True, metavar="ID|NAME")
    p.add_argument("--type", required=True, choices=REQUEST_TYPES, metavar="TYPE",
                   help=", ".join(REQUEST_TYPES))
    p.add_argument("--regime", metavar="LAW",
                   help="gdpr, uk-gdpr, ccpa, lgpd, pipeda, fadp, us-state, bipa, cubi "
                        "(default: from the company's country)")
    p.add_argument("--recordings", metavar="ID,..")
    p.add_argument("--agreement", metavar="ID")
    p.add_argument("--sent-on", metavar="DATE", help="leave out to keep it as a draft")
    p.add_argument("--received-on", metavar="DATE", help="default: the sending date")
    p.add_argument("--channel", choices=CHANNELS)
    p.add_argument("--follows", metavar="REQUEST", help="the request this follows up")
    p.add_argument("--notes")
    p = r_sub.add_parser("show", help="show a request with its deadlines and history")
    p.add_argument("request")
    p.add_argument("--on", metavar="DATE", help="judge overdue on this date")
    p.add_argument("--json", action="store_true")
    p = r_sub.add_parser("update", help="record what happened (acknowledged, answered, ...)")
    p.add_argument("request")
    p.add_argument("--status", required=True, choices=REQUEST_STATUSES, metavar="STATUS",
                   help=", ".join(REQUEST_STATUSES))
    p.add_argument("--on", metavar="DATE", help="when it happened (default: today)")
    p.add_argument("--note")
    p.add_argument("--attach", metavar="FILE", help="their reply, stored encrypted")
    p.add_argument("--received-on", metavar="DATE")
    p.add_argument("--their-reference", metavar="REF", help="the company's ticket number")
    p = sub.add_parser("requests", help="list requests")
    p.add_argument("--json", action="store_true")
    return {"request new": cmd_request_new, "request show": cmd_request_show,
            "request update": cmd_request_update, "requests": cmd_requests}
