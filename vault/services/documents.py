"""Documents attached to agreements: stored encrypted in blobs/, text read once."""

from __future__ import annotations

import hashlib
import io
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from vault.errors import DamagedFileError, InvalidInputError, StorageError
from vault.media import guess_media_type
from vault.models import Agreement, AgreementDocument
from vault.services.agreements import DocumentInfo
from vault.services.lookup import find_one
from vault.services.recordings import open_source
from vault.storage.blobs import BlobStore
from vault.verify import VerifyReport
from vault.vocabulary import DOCUMENT_KINDS

# Documents are read whole for text extraction; a bigger file is not a contract.
MAX_DOCUMENT_BYTES = 200 * 1024 * 1024


def _kind_for(media_type: str, name: str) -> str:
    if media_type == "message/rfc822" or name.lower().endswith(".eml"):
        return "email"
    return "contract"


class DocumentService:
    def __init__(self, sessions: sessionmaker[Session], blobs: BlobStore) -> None:
        self._sessions = sessions
        self._blobs = blobs

    def attach(self, agreement: str, path: Path, *, kind: str | None = None,
               captured_on: date | None = None) -> DocumentInfo:
        """Store a copy of the file with its SHA-256 and the day it was captured."""
        path = Path(path)
        with open_source(path) as handle:
            data = handle.read(MAX_DOCUMENT_BYTES + 1)
        if len(data) > MAX_DOCUMENT_BYTES:
            raise InvalidInputError(f"{path.name} is over 200 MB, too large for a document.")
        media_type = guess_media_type(path.name)
        if path.suffix.lower() == ".eml":
            media_type = "message/rfc822"
        chosen = (kind or _kind_for(media_type, path.name)).strip().lower()
        if chosen not in DOCUMENT_KINDS:
            raise InvalidInputError(
                f"{chosen!r} is not a document kind; use one of: {', '.join(DOCUMENT_KINDS)}.")
        # pypdf and the HTML/e-mail parsers load only when a document is attached.
        from vault.analysis.text_extract import extract_text

        extracted = extract_text(data, media_type, path.name)
        with self._sessions() as session:
            agreement_id = find_one(session, Agreement, agreement, "agreement").id
        try:
            pending = self._blobs.write(io.BytesIO(data))
        except OSError as exc:
            raise StorageError(f"Could not store {path.name}: {exc.strerror or exc}. "
                               "Nothing was stored.") from None
        try:
            row = AgreementDocument(
                agreement_id=agreement_id, kind=chosen, original_name=path.name,
                media_type=media_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                blob_id=pending.blob_id, captured_on=captured_on or date.today(),
                extracted_text=extracted.text or None, text_notice=extracted.notice)
            with self._sessions.begin() as session:
                session.add(row)
                session.flush()
                info = DocumentInfo.of(row)
        except BaseException:
            self._blobs.discard(pending)
            raise
        self._blobs.commit(pending)
        return info

    def read(self, document_id: str) -> bytes:
        """The document's bytes, decrypted in memory and checked against its SHA-256."""
        with self._sessions() as session:
            row = find_one(session, AgreementDocument, document_id, "document")
            blob_id, sha, name = row.blob_id, row.sha256, row.original_name
        return self._blobs.read_checked(blob_id, sha, name)

    def texts(self, agreement_id: str) -> list[tuple[DocumentInfo, str]]:
        with self._sessions() as session:
            rows = session.scalars(select(AgreementDocument).where(
                AgreementDocument.agreement_id == agreement_id)
                .order_by(AgreementDocument.added_at)).all()
            return [(DocumentInfo.of(r), r.extracted_text or "") for r in rows]

    def blob_ids(self) -> set[str]:
        with self._sessions() as session:
            return set(session.scalars(select(AgreementDocument.blob_id)))

    def blob_ids_of(self, agreement_id: str) -> list[str]:
        with self._sessions() as session:
            return list(session.scalars(select(AgreementDocument.blob_id).where(
                AgreementDocument.agreement_id == agreement_id)))

    def verify(self, report: VerifyReport) -> None:
        with self._sessions() as session:
            rows = [(r.id, r.original_name) for r in session.scalars(select(AgreementDocument))]
        for doc_id, name in rows:
            try:
                self.read(doc_id)
            except DamagedFileError:
                report.problems.append(
                    f"Document {doc_id[:8]} ({name}) is damaged, missing or has been tampered "
                    "with.")
