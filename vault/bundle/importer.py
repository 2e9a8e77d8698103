"""import-bundle: restore a bundle into a vault, all or nothing.

Every entry is read through the safe reader (names, sizes, hashes checked
against the signed manifest); recordings and documents are re-encrypted into
the vault's blob store as pending blobs, then all rows go in one transaction.
Only after it commits do the blobs move into place; any failure discards them,
so the vault stays exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from vault.bundle.safe_zip import open_bundle
from vault.bundle.tables import TABLES, load_row
from vault.errors import DamagedFileError, InvalidInputError, OperationCancelled
from vault.models import Setting
from vault.storage.blobs import PendingBlob
from vault.vault import Vault

MAX_TABLE_BYTES = 256 * 1024 * 1024
Progress = Callable[[int, int], None]


@dataclass
class ImportResult:
    counts: dict[str, int] = field(default_factory=dict)
    signed_by: str = ""


def _rows(archive: Any, name: str) -> list[dict[str, Any]]:
    path = f"data/{name}.json"
    try:
        rows = json.loads(archive.read_bytes(path, MAX_TABLE_BYTES))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise DamagedFileError(f"{path} in the bundle is not valid JSON.") from None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise DamagedFileError(f"{path} in the bundle is not a list of records.")
    return rows


def import_bundle(vault: Vault, path: Path, passphrase: str | None,
                  on_progress: Progress | None = None, *,
                  cancelled: Callable[[], bool] | None = None) -> ImportResult:
    """All or nothing; cancelled() turning True stops it with OperationCancelled and the
    vault unchanged (checked before each file is restored and before the rows go in)."""
    result = ImportResult()
    pending: list[PendingBlob] = []
    with open_bundle(Path(path), passphrase) as archive:
        valid, why = archive.verify_signature()
        if not valid:
            raise DamagedFileError(why)
        result.signed_by = archive.public_key_fingerprint()
        manifest = archive.manifest
        tables = {spec.name: _rows(archive, spec.name) for spec in TABLES}
        if tables["recordings"] and not manifest.get("scope", {}).get("include_media"):
            raise InvalidInputError(
                "This bundle has no recordings in it (made without --include-media), so "
                "Holdfast cannot restore them; export again with --include-media.")
        try:
            values = {spec.name: [load_row(spec, {k: v for k, v in row.items()
                                                  if k not in ("media_path", "path")})
                                  for row in tables[spec.name]] for spec in TABLES}
        except (ValueError, TypeError) as exc:
            raise DamagedFileError(f"The bundle's data is not valid: {exc}.") from None
        _check_no_clash(vault, values)
        try:
            _restore_blobs(vault, archive, tables, values, pending, on_progress, cancelled)
            _check_cancelled(cancelled)
            with vault.session() as session, session.begin():
                for spec in TABLES:
                    rows = values[spec.name]
                    if spec.name == "settings":
                        for row in rows:
                            session.merge(Setting(key=row["key"], value=row["value"]))
                    elif rows:
                        session.execute(insert(spec.table), rows)
                    result.counts[spec.name] = len(rows)
        except BaseException:
            for blob in pending:
                vault.blobs.discard(blob)
            raise
    for blob in pending:
        vault.blobs.commit(blob)
    return result


def _check_no_clash(vault: Vault, values: dict[str, list[dict[str, object]]]) -> None:
    with vault.session() as session:
        for spec in TABLES:
            if spec.name == "settings" or "id" not in spec.table.c:
                continue
            ids = [row["id"] for row in values[spec.name]]
            if not ids:
                continue
            clash = session.execute(select(spec.table.c.id).where(
                spec.table.c.id.in_(ids)).limit(1)).first()
            if clash is not None:
                raise InvalidInputError(
                    "This vault already holds some of the bundle's records "
                    f"({spec.name}); import it into a new vault instead.")


def _check_cancelled(cancelled: Callable[[], bool] | None) -> None:
    if cancelled is not None and cancelled():
        raise OperationCancelled("Import cancelled; nothing was added to the vault.")


def _restore_blobs(vault: Vault, archive: Any, tables: dict[str, list[dict[str, Any]]],
                   values: dict[str, list[dict[str, object]]], pending: list[PendingBlob],
                   on_progress: Progress | None,
                   cancelled: Callable[[], bool] | None = None) -> None:
    total = sum(int(r.get("size", 0)) for r in tables["recordings"])
    done = 0
    jobs = [("recordings", "media_path"), ("agreement_documents", "path"), ("letters", "path")]
    for name, path_key in jobs:
        for raw, row in zip(tables[name], values[name], strict=True):
            _check_cancelled(cancelled)
            entry_path = raw.get(path_key)
            if not isinstance(entry_path, str):
                raise DamagedFileError(f"A record in data/{name}.json names no file.")
            digest = hashlib.sha256()
            with archive.open_entry(entry_path) as entry:
                blob = vault.blobs.write(entry, digest.update)
            pending.append(blob)
            if blob.plaintext_size != row.get("size") or digest.hexdigest() != row.get("sha256"):
                raise DamagedFileError(
                    f"{entry_path} does not match the size and SHA-256 its record gives.")
            row["blob_id"] = blob.blob_id
            if name == "recordings":
                done += blob.plaintext_size
                if on_progress is not None:
                    on_progress(done, total)
