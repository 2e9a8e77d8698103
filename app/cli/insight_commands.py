"""holdings, flags, earnings, observed add, floor set."""

from __future__ import annotations

import argparse
import csv
import sys
from datetime import date

from app.cli.common import Handler, info, open_vault, print_json, print_table
from app.cli.recording_commands import parse_date
from vault.services.insights import EarningsTotals
from vault.vocabulary import DATA_KINDS, PERMITTED_USES


def cmd_holdings(args: argparse.Namespace) -> int:
    on = parse_date(args.on) if args.on else date.today()
    with open_vault(args) as vault:
        entries = vault.insights.holdings(on, args.company)
    if args.json:
        grouped: dict[str, dict[str, object]] = {}
        for e in entries:
            company = grouped.setdefault(e.company_id, {"company": e.company,
                                                        "company_id": e.company_id,
                                                        "holdings": []})
            company["holdings"].append(e.to_json())  # type: ignore[attr-defined]
        print_json({"on": on.isoformat(), "companies": list(grouped.values())})
        return 0
    if not entries:
        info("No company holds any of your recordings according to your agreements.")
        return 0
    rows = [[e.company, e.recording_id[:8], e.recording_title, e.recording_kind,
             e.agreement_title, ", ".join(e.permitted_uses) or "not stated",
             e.until.isoformat() if e.until else "perpetual",
             e.status + (f" (delete by {e.deletion_due})" if e.deletion_due else "")]
            for e in entries]
    print_table(rows, ["COMPANY", "ID", "RECORDING", "KIND", "AGREEMENT", "USES", "UNTIL",
                       f"STATUS ON {on}"])
    return 0


def cmd_flags(args: argparse.Namespace) -> int:
    on = parse_date(args.on) if args.on else date.today()
    with open_vault(args) as vault:
        agreement_id = vault.agreements.get(args.agreement).id if args.agreement else None
        scope = [f for f in vault.insights.scope_findings(on)
                 if agreement_id is None or f.agreement_id == agreement_id]
        terms = vault.insights.term_flags(agreement_id)
        clauses = vault.insights.clause_flags(agreement_id)
    if args.json:
        print_json({"on": on.isoformat(), "scope": [f.to_json() for f in scope],
                    "terms": [f.to_json() for f in terms],
                    "clauses": [c.to_json() for c in clauses]})
        return 0
    if not (scope or terms or clauses):
        info("Nothing to flag.")
        return 0
    for title, items in (("Scope checks", [f.message for f in scope]),
                         ("Risky terms", [f.message for f in terms])):
        if items:
            print(f"{title}:")
            for message in items:
                print(f"  - {message}")
    if clauses:
        print("Risky clauses in documents:")
        for c in clauses:
            print(f"  - {c.agreement_title!r} ({c.document_name}): {c.flag.title}")
            print(f"      \"{c.flag.sentence}\"")
            print(f"      {c.flag.explanation}")
    return 0


def _totals_rows(label: str, groups: dict[str, EarningsTotals]) -> list[list[str]]:
    rows = []
    for key, totals in sorted(groups.items()):
        for currency in sorted(set(totals.received) | set(totals.expected)):
            rows.append([label, key, currency, str(totals.received.get(currency, "0.00")),
                         str(totals.expected.get(currency, "0.00"))])
    return rows


def cmd_earnings(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        earnings = vault.insights.earnings()
    if args.json:
        print_json(earnings.to_json())
        return 0
    rows = (_totals_rows("company", earnings.by_company)
            + _totals_rows("kind", earnings.by_kind)
            + _totals_rows("year", {str(k): v for k, v in earnings.by_year.items()})
            + _totals_rows("total", {"all": earnings.overall}))
    headers = ["BY", "GROUP", "CURRENCY", "RECEIVED", "EXPECTED"]
    if args.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow([h.lower() for h in headers])
        writer.writerows(rows)
    elif not rows:
        info("No payments recorded yet. Add one with: holdfast-cli payment add AGREEMENT ...")
    else:
        print_table(rows, headers)
    return 0


def cmd_observed_add(args: argparse.Namespace) -> int:
    on = parse_date(args.on) if args.on else date.today()
    with open_vault(args) as vault:
        vault.insights.observe_use(args.company, args.use, on, recording=args.recording,
                                   note=args.note)
    info("Noted. `holdfast-cli flags` shows whether an agreement permits it.")
    return 0


def cmd_floor_set(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        vault.insights.set_floor(args.kind, args.amount, args.currency)
    info(f"Agreements paying less than {args.amount} {args.currency.upper()} per {args.kind} "
         "recording will be flagged.")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> dict[str, Handler]:
    p = sub.add_parser("holdings", help="who holds which recording, under which terms, until when")
    p.add_argument("--company", metavar="ID|NAME")
    p.add_argument("--on", metavar="DATE", help="status on this date (default: today)")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("flags", help="scope checks, risky terms and risky clauses")
    p.add_argument("--agreement", metavar="ID")
    p.add_argument("--on", metavar="DATE", help="judge on this date (default: today)")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("earnings", help="money received and expected")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true")
    fmt.add_argument("--csv", action="store_true")
    observed = sub.add_parser("observed", help="note a use of your data you saw")
    o_sub = observed.add_subparsers(dest="observed_command", metavar="ACTION", required=True)
    p = o_sub.add_parser("add", help="e.g. your face in an advert")
    p.add_argument("--company", required=True, metavar="ID|NAME")
    p.add_argument("--use", required=True, choices=PERMITTED_USES, metavar="USE")
    p.add_argument("--recording", metavar="ID")
    p.add_argument("--on", metavar="DATE")
    p.add_argument("--note")
    floor = sub.add_parser("floor", help="the least you accept per recording of a kind")
    f_sub = floor.add_subparsers(dest="floor_command", metavar="ACTION", required=True)
    p = f_sub.add_parser("set", help="set the floor for one data kind")
    p.add_argument("kind", choices=DATA_KINDS)
    p.add_argument("amount")
    p.add_argument("currency")
    return {"holdings": cmd_holdings, "flags": cmd_flags, "earnings": cmd_earnings,
            "observed add": cmd_observed_add, "floor set": cmd_floor_set}
