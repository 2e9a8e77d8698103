"""holdfast-cli: the command line. Exit codes: 0 ok, 1 failure, 2 usage or authentication."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence

from app.cli import (
    agreement_commands,
    bundle_commands,
    company_commands,
    insight_commands,
    letter_commands,
    recording_commands,
    reminder_commands,
    request_commands,
    vault_commands,
)
from app.cli.common import Handler, UsageError
from vault.errors import InvalidInputError, VaultError, WrongPasswordError

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
_MODULES = (vault_commands, company_commands, recording_commands, agreement_commands,
            insight_commands, request_commands, reminder_commands, letter_commands,
            bundle_commands)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, Handler]]:
    parser = _Parser(prog="holdfast-cli",
                     description="Holdfast: your recordings and agreements, in an encrypted vault.")
    parser.add_argument("--vault", metavar="DIR",
                        help="vault folder (default: HOLDFAST_VAULT or your user data folder)")
    parser.add_argument("--password-file", metavar="FILE",
                        help="file holding the vault password "
                             "(else HOLDFAST_PASSWORD, else a prompt)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True,
                                parser_class=_Parser)
    handlers: dict[str, Handler] = {}
    for module in _MODULES:
        handlers.update(module.register(sub))
    return parser, handlers


def _exit_code(error: VaultError) -> int:
    if isinstance(error, UsageError | InvalidInputError | WrongPasswordError):
        return EXIT_USAGE
    return EXIT_FAILURE


def main(argv: Sequence[str] | None = None) -> int:
    parser, handlers = build_parser()
    args = parser.parse_args(argv)
    key = args.command
    sub_action = getattr(args, f"{key}_command", None)
    if sub_action:
        key = f"{key} {sub_action}"
    try:
        return handlers[key](args)
    except VaultError as error:
        if args.debug:
            traceback.print_exc()
        print(f"error: {error}", file=sys.stderr)
        return _exit_code(error)
    except KeyboardInterrupt:
        print("error: interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_FAILURE
    except OSError as error:
        if args.debug:
            traceback.print_exc()
        where = f" ({error.filename})" if error.filename else ""
        print(f"error: {error.strerror or error}{where}.", file=sys.stderr)
        return EXIT_FAILURE


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
