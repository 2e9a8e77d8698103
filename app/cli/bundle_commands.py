"""export-bundle, verify-bundle, import-bundle."""

from __future__ import annotations

import argparse
from functools import partial
from pathlib import Path

from app.cli.common import Handler, info, open_vault, read_secret_file, warn
from vault.bundle.export import BundleOptions, export_bundle


def _passphrase(args: argparse.Namespace) -> str | None:
    if not args.passphrase_file:
        return None
    secret = read_secret_file(args.passphrase_file, "passphrase")
    return secret


def _pdf_renderers() -> tuple[object, object]:
    """The app draws PDFs with Qt; without Qt the bundle has only HTML and text."""
    try:
        from app.letter_pdf import html_to_pdf, text_letter_to_pdf
    except ImportError:
        return None, None
    return partial(html_to_pdf, title="Holdfast records", country=None), text_letter_to_pdf


def cmd_export_bundle(args: argparse.Namespace) -> int:
    passphrase = _passphrase(args)
    report_pdf, letter_pdf = _pdf_renderers()
    options = BundleOptions(company=args.company, include_media=args.include_media,
                            passphrase=passphrase,
                            pdf_renderer=report_pdf,  # type: ignore[arg-type]
                            letter_pdf_renderer=letter_pdf)  # type: ignore[arg-type]
    with open_vault(args) as vault:
        result = export_bundle(vault, Path(args.out), options)
    for message in result.warnings:
        warn(message)
    if passphrase is None and (args.include_media or result.has_documents):
        what = "recordings" if args.include_media else "documents and letters"
        warn(f"{args.out} is not encrypted: anyone who gets it can read your {what}. "
             "Use --passphrase-file to encrypt it.")
    info(f"Wrote {args.out}: {result.files} files, {result.bytes} bytes.")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> dict[str, Handler]:
    p = sub.add_parser("export-bundle", help="all your records (or one company's) in one file")
    p.add_argument("out", metavar="OUT", help="the bundle file to write (.zip, or .zip.age)")
    p.add_argument("--company", metavar="ID|NAME", help="only what concerns this company")
    p.add_argument("--include-media", action="store_true",
                   help="include decrypted copies of the recordings")
    p.add_argument("--passphrase-file", metavar="FILE",
                   help="encrypt the bundle with this passphrase (age, scrypt)")
    return {"export-bundle": cmd_export_bundle, **register_verify_import(sub)}


def cmd_verify_bundle(args: argparse.Namespace) -> int:
    from vault.bundle.safe_zip import open_bundle

    with open_bundle(Path(args.bundle), _passphrase(args)) as archive:
        problems = archive.verify_all()
        fingerprint = archive.public_key_fingerprint()
    for problem in problems:
        print(problem)
    if problems:
        info(f"Found {len(problems)} problem(s) in {args.bundle}.")
        return 1
    info(f"{args.bundle} is intact: the signature verifies (key {fingerprint}) and every "
         "file matches its SHA-256 and size.")
    return 0


def cmd_import_bundle(args: argparse.Namespace) -> int:
    from vault.bundle.importer import import_bundle

    with open_vault(args) as vault:
        result = import_bundle(vault, Path(args.bundle), _passphrase(args))
    counted = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in result.counts.items()
                        if n)
    info(f"Restored {counted or 'nothing'} from {args.bundle} (signed by key "
         f"{result.signed_by}).")
    return 0


def register_verify_import(sub: argparse._SubParsersAction[argparse.ArgumentParser]
                           ) -> dict[str, Handler]:
    p = sub.add_parser("verify-bundle", help="check a bundle's signature, hashes and sizes")
    p.add_argument("bundle", metavar="IN")
    p.add_argument("--passphrase-file", metavar="FILE")
    p = sub.add_parser("import-bundle", help="restore a bundle into the vault (a new one)")
    p.add_argument("bundle", metavar="IN")
    p.add_argument("--passphrase-file", metavar="FILE")
    return {"verify-bundle": cmd_verify_bundle, "import-bundle": cmd_import_bundle}
