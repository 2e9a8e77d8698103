"""Records bundle jobs off the GUI thread: export, verify and import, with progress and a
cancel that leaves no partial bundle behind and the vault unchanged."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from ui.background import describe_error
from vault.bundle.export import BundleOptions, ExportResult, export_bundle
from vault.bundle.importer import ImportResult, import_bundle
from vault.bundle.safe_zip import fingerprint, open_bundle
from vault.errors import OperationCancelled
from vault.vault import Vault

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]
# (on_progress, cancelled) -> result; raises OperationCancelled when cancelled() said so.
BundleWork = Callable[[Progress, IsCancelled], object]


class BundleSignals(QObject):
    # Byte counts as objects: a bundle of videos is larger than a 32-bit int.
    progress = Signal(object, object, str)  # done bytes, total bytes, what is being done
    finished = Signal(object)  # the job's result (ExportResult, BundleCheck, ImportResult)
    failed = Signal(str)  # one sentence for the person
    cancelled = Signal()


class BundleJob(QRunnable):
    """Runs one bundle operation on a QThreadPool thread; talks back only through signals."""

    def __init__(self, work: BundleWork, what: str) -> None:
        super().__init__()
        self.signals = BundleSignals()
        self.what = what
        self._work = work
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        def progress(done: int, total: int) -> None:
            self.signals.progress.emit(done, total, self.what)

        try:
            result = self._work(progress, self.is_cancelled)
        except OperationCancelled:
            self.signals.cancelled.emit()
            return
        except Exception as error:  # every failure becomes one sentence on the GUI thread
            self.signals.failed.emit(describe_error(error))
            return
        self.signals.finished.emit(result)


# -- export --------------------------------------------------------------------


def pdf_renderers() -> tuple[Callable[[str], bytes] | None, Callable[[str], bytes] | None]:
    """The report and text letters drawn as PDF with Qt, as the command line does."""
    try:
        from app.letter_pdf import html_to_pdf, text_letter_to_pdf
    except ImportError:
        return None, None
    return partial(html_to_pdf, title="Holdfast records", country=None), text_letter_to_pdf


def export_job(vault: Vault, out: Path, options: BundleOptions,
               today: Callable[[], date] = date.today) -> BundleJob:
    def work(progress: Progress, cancelled: IsCancelled) -> ExportResult:
        return export_bundle(vault, out, options, on_progress=progress, today=today(),
                             cancelled=cancelled)

    return BundleJob(work, "Writing the bundle")


# -- verify --------------------------------------------------------------------


@dataclass(frozen=True)
class BundleCheck:
    """What verifying a bundle found, and what the bundle says it holds."""

    path: Path
    problems: list[str]
    signed_by: str  # key fingerprint, or "unknown"
    signed_by_this_vault: bool
    has_media: bool
    company: str | None  # the one company it is about, None for everything
    created_at: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def intact(self) -> bool:
        return not self.problems


def vault_fingerprint(vault: Vault) -> str:
    """This vault's bundle-signing key, in the form a bundle's signer is shown."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    public = vault.keys.signing_key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return fingerprint(public)


def _mapping(value: object) -> dict[str, object]:
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else {}


def verify_job(path: Path, passphrase: str | None, own_fingerprint: str) -> BundleJob:
    def work(progress: Progress, cancelled: IsCancelled) -> BundleCheck:
        with open_bundle(path, passphrase) as archive:
            problems = archive.verify_all(on_progress=progress, cancelled=cancelled)
            signer = archive.public_key_fingerprint()
            manifest = archive.manifest
        scope = _mapping(manifest.get("scope"))
        company = _mapping(scope.get("company"))
        return BundleCheck(
            path=path, problems=problems, signed_by=signer,
            signed_by_this_vault=signer == own_fingerprint,
            has_media=bool(scope.get("include_media")),
            company=str(company["name"]) if "name" in company else None,
            created_at=str(manifest.get("created_at", "")),
            counts={str(k): v for k, v in _mapping(manifest.get("counts")).items()
                    if isinstance(v, int)})

    return BundleJob(work, "Checking the bundle")


# -- import --------------------------------------------------------------------


def import_job(vault: Vault, path: Path, passphrase: str | None) -> BundleJob:
    def work(progress: Progress, cancelled: IsCancelled) -> ImportResult:
        return import_bundle(vault, path, passphrase, on_progress=progress,
                             cancelled=cancelled)

    return BundleJob(work, "Restoring into this vault")


def describe_counts(counts: dict[str, int]) -> str:
    """"5 recordings, 4 companies, 3 agreements": the main kinds of record, plainly."""
    names = (("recordings", "recording"), ("companies", "company"),
             ("agreements", "agreement"), ("agreement_documents", "contract document"),
             ("payments", "payment"), ("requests", "request"), ("letters", "letter"))
    parts = []
    for key, one in names:
        n = counts.get(key, 0)
        if n:
            many = "companies" if one == "company" else f"{one}s"
            parts.append(f"{n} {one if n == 1 else many}")
    return ", ".join(parts) or "no records"
