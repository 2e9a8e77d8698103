"""letter REQUEST --format txt|pdf|eml [-o FILE]."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from app.cli.common import Handler, info, open_vault
from app.letter_output import letter_file
from vault.errors import InvalidInputError
from vault.fsutil import atomic_write_bytes


def cmd_letter(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        context = vault.letters.context_for(args.request, date.today())
        letter = vault.letters.render(args.request, date.today(), args.language)
        request = vault.requests.get(args.request)
        produced = letter_file(letter, context, request.type, args.format)
        data = produced.data
        # The letter is kept with the request, exactly as it was produced.
        vault.requests.store_letter(request.id, produced.name, data, produced.media_type)
    if args.output in (None, "-"):
        if args.format == "pdf" and sys.stdout.isatty():
            raise InvalidInputError("A PDF is not for the terminal: add -o FILE.")
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        atomic_write_bytes(Path(args.output), data)
        info(f"Wrote {args.output}. It is also kept with request {request.reference}.")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> dict[str, Handler]:
    p = sub.add_parser("letter", help="write the letter for a request (text, PDF or e-mail)")
    p.add_argument("request", help="request id or unique prefix")
    p.add_argument("--format", choices=("txt", "pdf", "eml"), default="txt")
    p.add_argument("-o", "--output", metavar="FILE", help="where to write it (default: stdout)")
    p.add_argument("--language", default="en", help="letter language, e.g. en or de")
    return {"letter": cmd_letter}


