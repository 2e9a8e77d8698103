"""import, recordings, recording show|edit, export-recording, remove-recording, export-identity."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from app.cli.common import Handler, info, open_vault, print_json, print_table, warn
from vault.errors import InvalidInputError
from vault.media import DATA_KINDS
from vault.services.recordings import RecordingInfo, open_source


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(f"{text!r} is not a date; write it as YYYY-MM-DD.") from None


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{size} B"


def cmd_import(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.files]
    captured = parse_date(args.captured_on) if args.captured_on else None
    if args.title and len(paths) > 1:
        raise InvalidInputError("--title names one recording; import the files one at a time.")
    for path in paths:  # every file must be readable before the first is stored
        open_source(path).close()
    with open_vault(args) as vault:
        imported = []
        for path in paths:
            recording = vault.recordings.import_file(path, kind=args.kind, title=args.title,
                                                     captured_on=captured)
            imported.append(recording)
            if not args.json:
                print(recording.id, flush=True)
    if args.json:
        print_json([r.to_json() for r in imported])
    return 0


def cmd_recordings(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        recordings = vault.recordings.list()
    if args.json:
        print_json([r.to_json() for r in recordings])
    elif not recordings:
        info("No recordings yet. Add one with: holdfast-cli import FILE")
    else:
        print_table([[r.id[:8], r.title, r.kind, human_size(r.size),
                      r.captured_on.isoformat() if r.captured_on else "", r.original_name or ""]
                     for r in recordings],
                    ["ID", "TITLE", "KIND", "SIZE", "CAPTURED", "ORIGINAL NAME"])
    return 0


def _show(recording: RecordingInfo) -> None:
    for key, value in recording.to_json().items():
        if value not in (None, [], ""):
            shown = ", ".join(value) if isinstance(value, list) else value
            print(f"{key.replace('_', ' ')}: {shown}")


def cmd_recording_show(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        recording = vault.recordings.get(args.recording)
    if args.json:
        print_json(recording.to_json())
    else:
        _show(recording)
    return 0


def cmd_recording_edit(args: argparse.Namespace) -> int:
    captured = parse_date(args.captured_on) if args.captured_on else None
    tags = [t for t in args.tags.split(",")] if args.tags is not None else None
    with open_vault(args) as vault:
        recording = vault.recordings.update(args.recording, title=args.title, kind=args.kind,
                                            captured_on=captured, notes=args.notes, tags=tags)
    info(f"Saved {recording.title}.")
    return 0


def cmd_export_recording(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        if args.output == "-":
            vault.recordings.export_to_stream(args.recording, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            recording = vault.recordings.export_to_file(args.recording, Path(args.output),
                                                        overwrite=args.force)
            warn(f"{args.output} is a decrypted copy of {recording.title!r}: anyone who can "
                 "read that file can read the recording.")
    return 0


def cmd_remove_recording(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        recording = vault.recordings.remove(args.recording)
    info(f"Removed {recording.title!r} and its encrypted file.")
    return 0


def cmd_export_identity(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        warn("this key decrypts every recording in your vault. Do not share it; "
             "delete any file you save it to once you are done.")
        print(vault.age_identity().to_string())
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> dict[str, Handler]:
    kinds = "|".join(DATA_KINDS)
    p = sub.add_parser("import", help="encrypt files into the vault; prints one id per line")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--kind", choices=DATA_KINDS, metavar=kinds,
                   help="data kind (default: from the file type)")
    p.add_argument("--title", help="title (default: the file name)")
    p.add_argument("--captured-on", metavar="YYYY-MM-DD", help="when it was recorded")
    p.add_argument("--json", action="store_true", help="print the new recordings as JSON")
    p = sub.add_parser("recordings", help="list recordings")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    rec = sub.add_parser("recording", help="show or edit one recording")
    rec_sub = rec.add_subparsers(dest="recording_command", metavar="ACTION", required=True)
    p = rec_sub.add_parser("show", help="show one recording")
    p.add_argument("recording", help="id or unique id prefix")
    p.add_argument("--json", action="store_true")
    p = rec_sub.add_parser("edit", help="change title, kind, date, notes or tags")
    p.add_argument("recording", help="id or unique id prefix")
    p.add_argument("--title")
    p.add_argument("--kind", choices=DATA_KINDS, metavar=kinds)
    p.add_argument("--captured-on", metavar="YYYY-MM-DD")
    p.add_argument("--notes")
    p.add_argument("--tags", help="comma-separated tags (replaces the old ones)")
    p = sub.add_parser("export-recording", help="write a decrypted copy of a recording")
    p.add_argument("recording", help="id or unique id prefix")
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="where to write it; - for standard output")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p = sub.add_parser("remove-recording", help="delete a recording and its encrypted file")
    p.add_argument("recording", help="id or unique id prefix")
    sub.add_parser("export-identity",
                   help="print the vault's age identity, for `age -d -i` (keep it secret)")
    return {"import": cmd_import, "recordings": cmd_recordings,
            "recording show": cmd_recording_show, "recording edit": cmd_recording_edit,
            "export-recording": cmd_export_recording, "remove-recording": cmd_remove_recording,
            "export-identity": cmd_export_identity}
