"""reminders (with --ics), reminder add|snooze|done, profile set|show."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from app.cli.common import Handler, info, open_vault, print_json, print_table
from app.cli.recording_commands import parse_date
from vault.fsutil import atomic_write_bytes
from vault.services.calendar_export import reminders_to_ics
from vault.services.profile import parse_account_ids


def cmd_reminders(args: argparse.Namespace) -> int:
    on = parse_date(args.on) if args.on else date.today()
    with open_vault(args) as vault:
        everything = vault.reminders.all(on)
        if args.ics:
            atomic_write_bytes(Path(args.ics), reminders_to_ics(everything, vault.id))
            info(f"Wrote {len([r for r in everything if r.done_on is None])} reminders to "
                 f"{args.ics}; importing it again updates them instead of adding copies.")
    shown = everything if args.all else [
        r for r in everything if r.done_on is None
        and (r.snoozed_until is None or r.snoozed_until <= on)]
    if args.json:
        print_json([r.to_json() for r in shown])
    elif not args.ics:
        if not shown:
            info("Nothing to remind you of.")
        else:
            print_table([[r.due_on.isoformat(), "due" if r.due_on <= on else "", r.title, r.key]
                         for r in shown], ["DATE", "", "REMINDER", "KEY"])
    return 0


def cmd_reminder_add(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        print(vault.reminders.add(args.title, parse_date(args.on), args.note))
    return 0


def cmd_reminder_snooze(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        vault.reminders.snooze(args.key, parse_date(args.until))
    info(f"Snoozed until {args.until}.")
    return 0


def cmd_reminder_done(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        vault.reminders.done(args.key, date.today())
    info("Marked as done.")
    return 0


def cmd_reminder_yearly_access(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        name = vault.reminders.set_yearly_access_check(args.company, enabled=not args.off)
    info(f"Yearly access check for {name}: {'off' if args.off else 'on'}.")
    return 0


def cmd_profile_set(args: argparse.Namespace) -> int:
    changes: dict[str, object] = {}
    for option, field in (("name", "name"), ("email", "email"), ("address", "postal_address"),
                          ("country", "country")):
        value = getattr(args, option)
        if value is not None:
            changes[field] = value.strip()
    if args.account_ids is not None:
        changes["account_ids"] = parse_account_ids(args.account_ids)
    with open_vault(args) as vault:
        vault.profile.update(**changes)
    info("Saved. Letters will use these details.")
    return 0


def cmd_profile_show(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        profile = vault.profile.get()
    if args.json:
        print_json(profile.to_json())
    else:
        for key, value in profile.to_json().items():
            if value:
                shown = ", ".join(":".join(p) for p in value) if isinstance(value, list) \
                    else value
                print(f"{key.replace('_', ' ')}: {shown}")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> dict[str, Handler]:
    p = sub.add_parser("reminders", help="what falls due: deadlines, endings, follow-ups")
    p.add_argument("--on", metavar="DATE", help="as of this date (default: today)")
    p.add_argument("--all", action="store_true", help="include done and snoozed ones")
    p.add_argument("--json", action="store_true")
    p.add_argument("--ics", metavar="FILE", help="write them to a calendar file")
    reminder = sub.add_parser("reminder", help="add, snooze or finish a reminder")
    r_sub = reminder.add_subparsers(dest="reminder_command", metavar="ACTION", required=True)
    p = r_sub.add_parser("add", help="a reminder of your own")
    p.add_argument("title")
    p.add_argument("--on", required=True, metavar="DATE")
    p.add_argument("--note")
    p = r_sub.add_parser("snooze", help="hide a reminder until a date")
    p.add_argument("key")
    p.add_argument("--until", required=True, metavar="DATE")
    p = r_sub.add_parser("done", help="mark a reminder as done")
    p.add_argument("key")
    p = r_sub.add_parser("yearly-access", help="remind me each year to ask a company "
                                               "what it holds")
    p.add_argument("company", metavar="ID|NAME")
    p.add_argument("--off", action="store_true", help="stop these reminders")
    profile = sub.add_parser("profile", help="your details for letters")
    p_sub = profile.add_subparsers(dest="profile_command", metavar="ACTION", required=True)
    p = p_sub.add_parser("set", help="set your name, e-mail, address, account ids")
    p.add_argument("--name")
    p.add_argument("--email")
    p.add_argument("--address")
    p.add_argument("--country", metavar="CC")
    p.add_argument("--account-ids", metavar="PLATFORM:ID,..",
                   help="how companies know you, e.g. gigly:W-2291")
    p = p_sub.add_parser("show", help="show your details")
    p.add_argument("--json", action="store_true")
    return {"reminders": cmd_reminders, "reminder add": cmd_reminder_add,
            "reminder snooze": cmd_reminder_snooze, "reminder done": cmd_reminder_done,
            "reminder yearly-access": cmd_reminder_yearly_access,
            "profile set": cmd_profile_set, "profile show": cmd_profile_show}
