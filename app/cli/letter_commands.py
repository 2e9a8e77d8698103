"""letter REQUEST --format txt|pdf|eml [-o FILE]."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from app.cli.common import Handler, info, open_vault
from vault.errors import InvalidInputError
from vault.fsutil import atomic_write_bytes
from vault.letters.email_message import to_eml

MEDIA_TYPES = {"txt": "text/plain", "pdf": "application/pdf", "eml": "message/rfc822"}


def cmd_letter(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        context = vault.letters.context_for(args.request, date.today())
        letter = vault.letters.render(args.request, date.today(), args.language)
        request = vault.requests.get(args.request)
        if args.format == "txt":
            data = letter.body.encode("utf-8")
        elif args.format == "eml":
            data = to_eml(letter, context.sender)
        else:
            from app.letter_pdf import letter_to_pdf

            data = letter_to_pdf(letter, context.sender.country or context.company.country)
        name = f"{request.reference}-{request.type}.{args.format}"
        # The letter is kept with the request, exactly as it was produced.
        vault.requests.store_letter(request.id, name, data, MEDIA_TYPES[args.format])
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


