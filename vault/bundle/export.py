"""export-bundle: everything (or one company's file) as one verifiable ZIP, streamed.

Entries are written one at a time straight into the ZIP (or into the age
writer around it), hashing as they go; media is decrypted chunk by chunk from
the vault into its entry, so memory stays flat whatever the size.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any, BinaryIO

from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from vault.bundle.report import render_report_html
from vault.bundle.tables import TABLES, TableSpec, dump_rows, to_csv_bytes, to_json_bytes
from vault.crypto.age import AgeWriter, ScryptRecipient
from vault.errors import InvalidInputError, OperationCancelled, StorageError
from vault.fsutil import fsync_dir, open_private_new
from vault.vault import Vault

BUNDLE_FORMAT = "holdfast-bundle"
BUNDLE_VERSION = 1
APP_VERSION = "0.1.0"
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]  # polled between entries and media chunks; True stops the export
PdfRenderer = Callable[[str], bytes]  # HTML in, PDF bytes out (the app draws it with Qt)


def safe_name(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", name).strip("._") or "file"
    return cleaned[:120]


@dataclass
class BundleOptions:
    company: str | None = None
    include_media: bool = False
    passphrase: str | None = None
    pdf_renderer: PdfRenderer | None = None
    # Plain-text letter in, PDF out: text letters also go into the bundle as PDF.
    letter_pdf_renderer: Callable[[str], bytes] | None = None
    scrypt_work_factor: int = 18


@dataclass
class ExportResult:
    path: Path
    files: int = 0
    bytes: int = 0
    warnings: list[str] = field(default_factory=list)
    has_documents: bool = False  # contracts, letters or replies are in it


def _cancel_sentence() -> OperationCancelled:
    return OperationCancelled("Export cancelled; no bundle was written.")


class _Hashing:
    """Wraps a ZIP entry: hashes and counts what is written through it."""

    def __init__(self, entry: IO[bytes], on_write: Callable[[int], None] | None = None) -> None:
        self._entry = entry
        self._on_write = on_write
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes | memoryview) -> int:
        self.digest.update(data)
        self.size += len(data)
        written = self._entry.write(data)
        if self._on_write is not None:
            self._on_write(len(data))
        return written

    def flush(self) -> None:
        self._entry.flush()


class _BundleWriter:
    def __init__(self, archive: zipfile.ZipFile, cancelled: Cancelled | None = None) -> None:
        self.archive = archive
        self.files: list[dict[str, object]] = []
        self._cancelled = cancelled

    def check_cancelled(self, _: int = 0) -> None:
        if self._cancelled is not None and self._cancelled():
            raise _cancel_sentence()

    @contextlib.contextmanager
    def entry(self, path: str, *, compress: bool = True,
              on_write: Callable[[int], None] | None = None) -> Iterator[_Hashing]:
        self.check_cancelled()
        info = zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        info.external_attr = 0o600 << 16
        with self.archive.open(info, "w", force_zip64=True) as raw:
            sink = _Hashing(raw, on_write)
            yield sink
        self.files.append({"path": path, "size": sink.size,
                           "sha256": sink.digest.hexdigest()})

    def add_bytes(self, path: str, data: bytes) -> None:
        with self.entry(path) as sink:
            sink.write(data)


@dataclass
class _Scope:
    company_id: str | None
    agreement_ids: set[str] = field(default_factory=set)
    recording_ids: set[str] = field(default_factory=set)
    request_ids: set[str] = field(default_factory=set)
    via_ids: set[str] = field(default_factory=set)  # the platforms it was made through

    def keeps(self, spec: TableSpec, row: dict[str, Any]) -> bool:
        if self.company_id is None:
            return True
        name = spec.name
        if name == "companies":
            return row["id"] == self.company_id or row["id"] in self.via_ids
        if name == "recordings":
            return row["id"] in self.recording_ids
        if name == "agreements":
            return row["id"] in self.agreement_ids
        if name in ("agreement_documents", "holdings", "payments"):
            return row["agreement_id"] in self.agreement_ids
        if name == "observed_uses":
            return bool(row["company_id"] == self.company_id)
        if name == "requests":
            return row["id"] in self.request_ids
        if name in ("request_recordings", "letters", "request_history"):
            return row["request_id"] in self.request_ids
        # Reminder states, the user's own reminders and settings are not about one company.
        return name == "settings" and row["key"] == "profile"


def _scope(vault: Vault, company: str | None) -> tuple[_Scope, dict[str, object] | None]:
    if company is None:
        return _Scope(None), None
    holder = vault.companies.get(company)
    scope = _Scope(holder.id)
    for a in vault.agreements.list():
        if a.company_id == holder.id:
            scope.agreement_ids.add(a.id)
            scope.recording_ids.update(r.recording_id for r in a.recordings)
            if a.via_company_id:
                scope.via_ids.add(a.via_company_id)
    for r in vault.requests.list():
        if r.company_id == holder.id:
            scope.request_ids.add(r.id)
            scope.recording_ids.update(r.recording_ids)
    return scope, {"id": holder.id, "name": holder.name}


def export_bundle(vault: Vault, out: Path, options: BundleOptions,
                  on_progress: Progress | None = None, today: date | None = None, *,
                  cancelled: Cancelled | None = None) -> ExportResult:
    """Write the bundle to a private temp file beside `out`, then rename it into place.

    on_progress(done, total) counts the bytes of documents and media written so far;
    when cancelled() turns True the export stops with OperationCancelled and the
    partial file is deleted, so nothing is left at or beside `out`.
    """
    out = Path(out)
    if out.exists():
        raise InvalidInputError(f"{out} already exists; choose another name.")
    if not out.parent.is_dir():
        raise InvalidInputError(f"The folder {out.parent} does not exist.")
    today = today or date.today()
    scope, scope_json = _scope(vault, options.company)
    result = ExportResult(out)
    tmp = out.with_name(f".{out.name}.holdfast-partial-{os.getpid()}")
    try:
        with open_private_new(tmp) as raw:
            target: BinaryIO = raw
            age_writer = None
            if options.passphrase is not None:
                age_writer = AgeWriter(raw, [ScryptRecipient(options.passphrase,
                                                             options.scrypt_work_factor)])
                target = age_writer  # type: ignore[assignment]
            with zipfile.ZipFile(target, "w", allowZip64=True) as archive:
                _write_contents(vault, _BundleWriter(archive, cancelled), scope, scope_json,
                                options, today, result, on_progress)
            if age_writer is not None:
                age_writer.close()
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, out)
        fsync_dir(out.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StorageError(f"Could not write {out}: {exc.strerror or exc}.") from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    result.bytes = out.stat().st_size
    return result


def _write_contents(vault: Vault, writer: _BundleWriter, scope: _Scope,
                    scope_json: dict[str, object] | None, options: BundleOptions, today: date,
                    result: ExportResult, on_progress: Progress | None) -> None:
    counts: dict[str, int] = {}
    with vault.session() as session:
        tables = {spec.name: [r for r in dump_rows(session, spec) if scope.keeps(spec, r)]
                  for spec in TABLES}
    media_paths = {r["id"]: f"media/{r['id']}-{safe_name(str(r['original_name'] or r['title']))}"
                   for r in tables["recordings"]}
    for row in tables["recordings"]:
        blob = row.pop("blob_id")
        row["media_path"] = media_paths[row["id"]] if options.include_media else None
        row["_blob"] = blob
    for name, owner in (("agreement_documents", "agreement_id"), ("letters", "request_id")):
        folder = "agreements" if name == "agreement_documents" else "requests"
        for row in tables[name]:
            row["_blob"] = row.pop("blob_id")
            row["path"] = (f"documents/{folder}/{row[owner]}/{row['id']}-"
                           f"{safe_name(str(row['original_name']))}")
    for spec in TABLES:
        rows = [{k: v for k, v in r.items() if not k.startswith("_")} for r in tables[spec.name]]
        counts[spec.name] = len(rows)
        writer.add_bytes(f"data/{spec.name}.json", to_json_bytes(rows))
        columns = [c.name for c in spec.table.columns if c.name != "blob_id"]
        columns += [k for k in ("media_path", "path") if rows and k in rows[0]]
        writer.add_bytes(f"data/{spec.name}.csv", to_csv_bytes(rows, columns))
    reminders = [r.to_json() for r in vault.reminders.all(today)
                 if scope.company_id is None or r.record_id in scope.agreement_ids
                 or r.record_id in scope.request_ids]
    writer.add_bytes("data/reminders.json", to_json_bytes(reminders))
    writer.add_bytes("data/reminders.csv", to_csv_bytes(
        reminders, ["key", "due_on", "title", "detail", "action", "record_id",
                    "snoozed_until", "done_on", "user_made"]))
    result.has_documents = bool(tables["agreement_documents"] or tables["letters"])
    documents = [(name, row) for name in ("agreement_documents", "letters")
                 for row in tables[name]]
    media_total = sum(int(str(r["size"])) for r in tables["recordings"]) \
        if options.include_media else 0
    total = sum(int(str(row["size"])) for _, row in documents) + media_total
    done = 0

    def count(n: int) -> None:
        nonlocal done
        done += n
        writer.check_cancelled()
        if on_progress is not None:
            on_progress(min(done, total), total)

    for name, row in documents:
        data = vault.blobs.read_checked(str(row["_blob"]), str(row["sha256"]),
                                        str(row["original_name"]))
        with writer.entry(str(row["path"]), on_write=count) as sink:
            sink.write(data)
        if name == "letters" and row["media_type"] == "text/plain" \
                and options.letter_pdf_renderer is not None:
            writer.add_bytes(f"{row['path']}.pdf",
                             options.letter_pdf_renderer(data.decode("utf-8", "replace")))
    if options.include_media:
        for row in tables["recordings"]:
            with writer.entry(media_paths[str(row["id"])], compress=False,
                              on_write=count) as sink:
                vault.recordings.export_to_stream(str(row["id"]), sink)  # type: ignore[arg-type]
    writer.check_cancelled()
    if on_progress is not None:
        on_progress(total, total)
    html = render_report_html(vault, today, scope.company_id, tables)
    writer.add_bytes("report.html", html.encode("utf-8"))
    if options.pdf_renderer is not None:
        writer.add_bytes("report.pdf", options.pdf_renderer(html))
    else:
        result.warnings.append("No PDF report: it needs the desktop libraries (Qt).")
    manifest = {
        "format": BUNDLE_FORMAT, "version": BUNDLE_VERSION,
        "created_at": datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00",
                                                                                    "Z"),
        "app_version": APP_VERSION, "vault_id": vault.id,
        "scope": {"company": scope_json, "include_media": options.include_media},
        "counts": counts, "files": writer.files,
    }
    manifest_bytes = json.dumps(manifest, indent=2, ensure_ascii=False).encode() + b"\n"
    key = vault.keys.signing_key()
    signature = {
        "algorithm": "ed25519",
        "public_key": base64.b64encode(key.public_key().public_bytes(
            Encoding.Raw, PublicFormat.Raw)).decode(),
        "signature": base64.b64encode(key.sign(manifest_bytes)).decode(),
    }
    writer.archive.writestr(_plain_info("manifest.json"), manifest_bytes)
    writer.archive.writestr(_plain_info("signature"),
                            json.dumps(signature, indent=2).encode() + b"\n")
    result.files = len(writer.files) + 2


def _plain_info(path: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info
