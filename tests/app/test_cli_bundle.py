"""export-bundle, verify-bundle and import-bundle as real processes."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.app.cli_runner import Result, run_cli
from tests.conftest import PASSWORD
from tests.vault.realistic_vault import populate
from vault.crypto.keys import new_kdf_params
from vault.vault import create_vault


def ok(result: Result) -> str:
    assert result.code == 0, result.err
    return result.out


def cli(vault: Path, *args: str) -> Result:
    return run_cli(vault, *args, password=PASSWORD)


def new_vault(path: Path) -> None:
    create_vault(path, PASSWORD, kdf=new_kdf_params(memory_kib=8192, iterations=1,
                                                    lanes=1))[0].close()


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("bundle")
    vault_dir = tmp / "vault"
    vault, _ = create_vault(vault_dir, PASSWORD, kdf=new_kdf_params(memory_kib=8192,
                                                                   iterations=1, lanes=1))
    with vault:
        populate(vault, tmp)
        vault.profile.update(name="Ana Lima", email="ana@example.org")
        request = vault.requests.new("VoiceBank AI", "access", sent_on=date(2026, 11, 1))
        letter = vault.letters.render(request.id, date(2026, 11, 1))
        vault.requests.store_letter(request.id, "access.txt", letter.body.encode(),
                                    "text/plain")
    return vault_dir


def test_export_verify_import(source: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "records.zip"
    exported = cli(source, "export-bundle", str(bundle), "--include-media")
    assert exported.code == 0, exported.err
    assert "not encrypted" in exported.err
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        pdf = archive.read("report.pdf")
    assert "report.html" in names and "signature" in names
    (letter_pdf,) = [n for n in names if n.startswith("documents/requests/")
                     and n.endswith(".txt.pdf")]
    (tmp_path / "report.pdf").write_bytes(pdf)
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in
                                        PdfReader(tmp_path / "report.pdf").pages))
    assert "Who holds what" in text and "FaceForge Studios" in text
    with zipfile.ZipFile(bundle) as archive:
        (tmp_path / "letter.pdf").write_bytes(archive.read(letter_pdf))
    letter_text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "letter.pdf").pages)
    assert "Article 15" in re.sub(r"\s+", " ", letter_text)
    verified = cli(source, "verify-bundle", str(bundle))
    assert verified.code == 0 and "intact" in verified.err
    target = tmp_path / "new-vault"
    new_vault(target)
    restored = cli(target, "import-bundle", str(bundle))
    assert restored.code == 0, restored.err
    before = json.loads(ok(cli(source, "holdings", "--json", "--on", "2026-11-22")))
    after = json.loads(ok(cli(target, "holdings", "--json", "--on", "2026-11-22")))
    assert before == after
    assert cli(target, "verify").code == 0


def test_tampered_bundle_fails_verify(source: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "records.zip"
    ok(cli(source, "export-bundle", str(bundle)))
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(bundle) as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "data/payments.json":
                data = data.replace(b"20.00", b"2000.00")
            dst.writestr(info, data)
    result = cli(source, "verify-bundle", str(tampered))
    assert result.code == 1
    assert "data/payments.json" in result.out


def test_passphrase_file(source: Path, tmp_path: Path) -> None:
    secret = tmp_path / "pass.txt"
    secret.write_text("a passphrase for the bundle\n")
    bundle = tmp_path / "records.zip.age"
    ok(cli(source, "export-bundle", str(bundle), "--passphrase-file", str(secret)))
    assert bundle.read_bytes().startswith(b"age-encryption.org/v1")
    assert cli(source, "verify-bundle", str(bundle), "--passphrase-file", str(secret)).code == 0
    (tmp_path / "wrong.txt").write_text("wrong")
    wrong = cli(source, "verify-bundle", str(bundle), "--passphrase-file",
                str(tmp_path / "wrong.txt"))
    assert wrong.code == 2 and "passphrase" in wrong.err.lower()
