"""init, passwd, recover, unlock --remember, forget, export-db-key, verify."""

from __future__ import annotations

import argparse
import os

from app.cli.common import (
    Handler,
    UsageError,
    info,
    new_password,
    open_vault,
    password,
    print_json,
    prompt_secret,
    read_secret_file,
    vault_dir,
    warn,
)
from vault.crypto.keys import normalize_recovery_code
from vault.device_keystore import DeviceKeystore
from vault.vault import (
    change_password,
    check_can_create,
    check_new_password,
    create_vault,
    read_vault_header,
    reset_password_with_recovery_code,
    unlock_vault,
)

RECOVERY_CODE_ENV = "HOLDFAST_RECOVERY_CODE"


def cmd_init(args: argparse.Namespace) -> int:
    root = vault_dir(args)
    check_can_create(root)
    secret = new_password(args)
    check_new_password(secret)
    info("Creating the vault (deriving the key takes about a second)...")
    vault, recovery_code = create_vault(root, secret)
    vault.close()
    info(f"Created a new vault at {root}.")
    info("")
    info("Your recovery code is shown only this once. Write it down and keep it somewhere")
    info("safe: it is the only way back in if you forget your password.")
    print(recovery_code)
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    root = vault_dir(args)
    old = password(args, "Current password: ")
    new = new_password(args)
    change_password(root, old, new)
    info("Password changed. Your recovery code is unchanged.")
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    """Forgotten password: the recovery code sets a new one."""
    root = vault_dir(args)
    read_vault_header(root)  # say "no vault here" before asking for anything
    if args.recovery_code_file:
        code = read_secret_file(args.recovery_code_file, "recovery code")
    elif os.environ.get(RECOVERY_CODE_ENV):
        code = os.environ[RECOVERY_CODE_ENV]
    else:
        code = prompt_secret("Recovery code: ")
    normalize_recovery_code(code)  # a typo is reported before the new password is asked
    new = new_password(args)
    reset_password_with_recovery_code(root, code, new)
    info("Your new password is set. The recovery code stays the same; keep it safe.")
    return 0


def cmd_unlock(args: argparse.Namespace) -> int:
    root = vault_dir(args)
    if not args.remember:
        with unlock_vault(root, password(args)):
            info("The password is correct.")
        return 0
    keystore = DeviceKeystore()
    status = keystore.status()
    if not status.available:
        raise UsageError(status.reason)
    with unlock_vault(root, password(args)) as vault:
        keystore.store(vault.id, vault.keys.master_key)
    info(f"This vault now opens without a password on this device. {status.reason}")
    return 0


def cmd_forget(args: argparse.Namespace) -> int:
    header = read_vault_header(vault_dir(args))
    if DeviceKeystore().forget(header.vault_id):
        info("This device no longer remembers the vault's key.")
    else:
        info("This device did not remember the vault's key.")
    return 0


def cmd_export_db_key(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        warn("this key decrypts your whole database. Do not share it or keep it in a file.")
        print(f"x'{vault.keys.database_key.hex()}'")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        report = vault.verify()
    if args.json:
        print_json(report.to_json())
    else:
        for problem in report.problems:
            print(problem)
        info(report.summary())
    return 0 if report.ok else 1


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> dict[str, Handler]:
    new_pw_help = "file holding the new password (else HOLDFAST_NEW_PASSWORD, else a prompt)"
    p = sub.add_parser("init", help="create a new vault and print its recovery code")
    p.add_argument("--new-password-file", metavar="FILE", help=new_pw_help)
    p = sub.add_parser("passwd", help="change the vault password")
    p.add_argument("--new-password-file", metavar="FILE", help=new_pw_help)
    p = sub.add_parser("recover", help="forgot the password: set a new one with the recovery code")
    p.add_argument("--recovery-code-file", metavar="FILE",
                   help="file holding the recovery code "
                        "(else HOLDFAST_RECOVERY_CODE, else a prompt)")
    p.add_argument("--new-password-file", metavar="FILE", help=new_pw_help)
    p = sub.add_parser("unlock", help="check the password; --remember keeps the key on this device")
    p.add_argument("--remember", action="store_true",
                   help="store the key in the system keyring so the vault opens without asking")
    sub.add_parser("forget", help="remove the key remembered on this device")
    sub.add_parser("export-db-key", help="print the SQLCipher key of vault.db (keep it secret)")
    p = sub.add_parser("verify", help="check the database and every stored file")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    return {"init": cmd_init, "passwd": cmd_passwd, "recover": cmd_recover,
            "unlock": cmd_unlock,
            "forget": cmd_forget, "export-db-key": cmd_export_db_key, "verify": cmd_verify}



