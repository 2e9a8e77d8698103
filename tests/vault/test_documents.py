"""Agreement documents: stored encrypted with their hash and date, text read for flags."""

from __future__ import annotations

import hashlib
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.vault.pdf_maker import encrypt, make_pdf
from tests.vault.realistic_vault import Ids, populate
from vault.errors import DamagedFileError, InvalidInputError
from vault.vault import Vault

CLAUSES = ["4.2 The Contributor grants an irrevocable, worldwide licence to the Recordings.",
           "4.3 The Company may sublicense the Recordings to its affiliates.",
           "4.4 Deletion of the Recordings does not extend to models already trained."]


@pytest.fixture
def ids(open_vault: Vault, tmp_path: Path) -> Ids:
    return populate(open_vault, tmp_path)


def test_pdf_is_stored_encrypted_and_read_back(open_vault: Vault, ids: Ids,
                                               tmp_path: Path) -> None:
    pdf = make_pdf([CLAUSES])
    path = tmp_path / "voice-licence.pdf"
    path.write_bytes(pdf)
    doc = open_vault.documents.attach(ids.voicebank, path, captured_on=date(2025, 1, 10))
    assert (doc.kind, doc.media_type, doc.size) == ("contract", "application/pdf", len(pdf))
    assert doc.sha256 == hashlib.sha256(pdf).hexdigest() and doc.text_notice is None
    assert open_vault.documents.read(doc.id) == pdf
    for blob in open_vault.location.blobs_dir.iterdir():
        if blob.is_file():
            assert b"irrevocable" not in blob.read_bytes()
    kinds = {(c.document_name, c.flag.kind) for c in
             open_vault.insights.clause_flags(ids.voicebank)}
    assert kinds == {("voice-licence.pdf", k) for k in
                     ("irrevocable", "worldwide", "sublicense-transfer",
                      "deletion-excludes-models")}
    assert open_vault.verify().ok


@pytest.mark.parametrize(("content", "notice"), [
    (encrypt(make_pdf([CLAUSES]), "secret"), "password-protected"),
    (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "could not be read"),
    (make_pdf([None]), "no text"),
])
def test_unreadable_pdf_is_stored_with_a_notice(open_vault: Vault, ids: Ids, tmp_path: Path,
                                                content: bytes, notice: str) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(content)
    doc = open_vault.documents.attach(ids.faceforge, path)
    assert doc.text_notice is not None and notice in doc.text_notice
    assert open_vault.documents.read(doc.id) == content
    assert open_vault.insights.clause_flags(ids.faceforge) == []


def test_email_and_html_documents(open_vault: Vault, ids: Ids, tmp_path: Path) -> None:
    message = EmailMessage()
    message["Subject"] = "Your updated terms"
    message.set_content("We may change these terms at any time without notice.")
    (tmp_path / "update.eml").write_bytes(bytes(message))
    doc = open_vault.documents.attach(ids.olddata, tmp_path / "update.eml")
    assert doc.kind == "email"
    (tmp_path / "tos.html").write_text("<p>Any dispute shall be resolved by binding "
                                       "arbitration.</p><script>var perpetual = 1;</script>")
    open_vault.documents.attach(ids.olddata, tmp_path / "tos.html", kind="terms-snapshot")
    kinds = sorted(c.flag.kind for c in open_vault.insights.clause_flags(ids.olddata))
    assert kinds == ["arbitration", "unilateral-changes"]


def test_bad_document_input(open_vault: Vault, ids: Ids, tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="no file"):
        open_vault.documents.attach(ids.voicebank, tmp_path / "missing.pdf")
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(InvalidInputError, match="not a document kind"):
        open_vault.documents.attach(ids.voicebank, tmp_path / "a.txt", kind="invoice")
    assert open_vault.agreements.get(ids.voicebank).documents == ()


def test_tampered_document_is_found(open_vault: Vault, ids: Ids, tmp_path: Path) -> None:
    (tmp_path / "terms.txt").write_text("The licence is perpetual.\n" * 50)
    doc = open_vault.documents.attach(ids.faceforge, tmp_path / "terms.txt")
    known_recordings = open_vault.recordings.blob_ids()
    (blob,) = [p for p in open_vault.location.blobs_dir.iterdir()
               if p.is_file() and p.name not in known_recordings]
    data = bytearray(blob.read_bytes())
    data[-20] ^= 0x01
    blob.write_bytes(bytes(data))
    with pytest.raises(DamagedFileError, match=r"terms\.txt"):
        open_vault.documents.read(doc.id)
    problems = open_vault.verify().problems
    assert problems == [f"Document {doc.id[:8]} (terms.txt) is damaged, missing or has been "
                        "tampered with."]


def test_removing_an_agreement_removes_its_documents(open_vault: Vault, ids: Ids,
                                                     tmp_path: Path) -> None:
    (tmp_path / "terms.txt").write_text("Terms.")
    open_vault.documents.attach(ids.olddata, tmp_path / "terms.txt")
    before = len(open_vault.blobs.stored_ids())
    open_vault.remove_agreement(ids.olddata)
    assert len(open_vault.blobs.stored_ids()) == before - 1
    assert open_vault.verify().ok
