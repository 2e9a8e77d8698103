"""What every command shares: finding the vault, getting passwords, printing results."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.paths import default_vault_dir
from vault.device_keystore import DeviceKeystore
from vault.errors import InvalidInputError, KeyringError, VaultError
from vault.vault import Vault, open_with_master_key, read_vault_header, unlock_vault

PASSWORD_ENV = "HOLDFAST_PASSWORD"
NEW_PASSWORD_ENV = "HOLDFAST_NEW_PASSWORD"


class UsageError(VaultError):
    """The command line itself is wrong (exit code 2)."""


Handler = Callable[[argparse.Namespace], int]


def vault_dir(args: argparse.Namespace) -> Path:
    return Path(args.vault).expanduser() if args.vault else default_vault_dir()


def read_secret_file(path: str, what: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as exc:
        raise UsageError(f"Cannot read the {what} file {path}: {exc.strerror}.") from None
    # Only the line ending is removed: spaces may be part of a password.
    return text[:-1] if text.endswith("\n") else text


def prompt_secret(prompt: str) -> str:
    if not sys.stdin.isatty():
        raise UsageError(
            f"No password given: set {PASSWORD_ENV}, use --password-file, or run in a terminal.")
    return getpass.getpass(prompt)


def password(args: argparse.Namespace, prompt: str = "Vault password: ") -> str:
    if getattr(args, "password_file", None):
        return read_secret_file(args.password_file, "password")
    env = os.environ.get(PASSWORD_ENV)
    if env is not None:
        return env
    return prompt_secret(prompt)


def new_password(args: argparse.Namespace) -> str:
    """The new password for init/passwd: file, environment, or typed twice."""
    if getattr(args, "new_password_file", None):
        return read_secret_file(args.new_password_file, "new password")
    env = os.environ.get(NEW_PASSWORD_ENV)
    if env is not None:
        return env
    first = prompt_secret("New password: ")
    if first != prompt_secret("Repeat the new password: "):
        raise InvalidInputError("The two passwords are not the same.")
    return first


def has_password_source(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "password_file", None)) or PASSWORD_ENV in os.environ


def open_vault(args: argparse.Namespace) -> Vault:
    """Unlock with the given password, else with a key remembered on this device, else ask."""
    root = vault_dir(args)
    if not has_password_source(args):
        header = read_vault_header(root)
        keystore = DeviceKeystore()
        try:
            remembered = keystore.load(header.vault_id) if keystore.status().available else None
        except KeyringError as exc:
            warn(f"{exc} Asking for the password instead.")
            remembered = None
        if remembered is not None:
            return open_with_master_key(root, remembered, header)
    return unlock_vault(root, password(args))


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def info(message: str) -> None:
    """Human messages go to stderr so that stdout stays clean for ids and JSON."""
    print(message, file=sys.stderr)


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def print_fields(fields: list[tuple[str, str | None]]) -> None:
    """'label: value' lines for a `show` command, leaving out empty values."""
    for label, value in fields:
        if value:
            print(f"{label}: {value}")


def print_table(rows: list[list[str]], headers: list[str]) -> None:
    if not rows:
        return
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line.rstrip())
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
