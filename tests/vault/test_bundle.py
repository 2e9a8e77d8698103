"""Records bundles: export, verify, restore into a new vault, and export again."""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, skip_or_fail
from tests.vault.realistic_vault import TODAY, Ids, populate
from vault.bundle.export import BundleOptions, export_bundle
from vault.bundle.importer import import_bundle
from vault.bundle.safe_zip import open_bundle
from vault.crypto.keys import KdfParams
from vault.errors import InvalidInputError, WrongPasswordError
from vault.vault import Vault, create_vault


@pytest.fixture
def ids(open_vault: Vault, tmp_path: Path) -> Ids:
    found = populate(open_vault, tmp_path)
    (tmp_path / "contract.txt").write_text("The licence is perpetual.")
    open_vault.documents.attach(found.faceforge, tmp_path / "contract.txt")
    open_vault.profile.update(name="Ana Lima", email="ana@example.org")
    req = open_vault.requests.new("VoiceBank AI", "erasure", recordings=[found.voice1],
                                  sent_on=date(2026, 10, 1), channel="email")
    letter = open_vault.letters.render(req.id, TODAY)
    open_vault.requests.store_letter(req.id, "letter.txt", letter.body.encode(), "text/plain")
    return found


def data_files(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.startswith("data/")}


def test_round_trip_keeps_everything(open_vault: Vault, ids: Ids, tmp_path: Path,
                                     fast_kdf: KdfParams) -> None:
    first = tmp_path / "first.zip"
    result = export_bundle(open_vault, first, BundleOptions(include_media=True), today=TODAY)
    assert result.files > 30
    with open_bundle(first, None) as archive:
        assert archive.verify_all() == []
    restored, _ = create_vault(tmp_path / "restored", PASSWORD, kdf=fast_kdf)
    with restored:
        outcome = import_bundle(restored, first, None)
        assert outcome.counts["recordings"] == 5
        assert restored.verify().ok
        second = tmp_path / "second.zip"
        export_bundle(restored, second, BundleOptions(include_media=True), today=TODAY)
    assert data_files(first) == data_files(second)  # same ids, hashes, terms, requests, letters
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        media = [n for n in a.namelist() if n.startswith("media/")]
        assert len(media) == 5 and all(a.read(n) == b.read(n) for n in media)


def test_company_file_holds_only_that_company(open_vault: Vault, ids: Ids,
                                             tmp_path: Path) -> None:
    out = tmp_path / "faceforge.zip"
    export_bundle(open_vault, out, BundleOptions(company="FaceForge Studios"), today=TODAY)
    with zipfile.ZipFile(out) as archive:
        companies = json.loads(archive.read("data/companies.json"))
        agreements = json.loads(archive.read("data/agreements.json"))
        recordings = json.loads(archive.read("data/recordings.json"))
        report = archive.read("report.html").decode()
        manifest = json.loads(archive.read("manifest.json"))
    assert [c["name"] for c in companies] == ["FaceForge Studios"]
    assert [a["id"] for a in agreements] == [ids.faceforge]
    assert [r["id"] for r in recordings] == [ids.face]
    assert "VoiceBank" not in report and "FaceForge Studios" in report
    assert manifest["scope"]["company"]["name"] == "FaceForge Studios"


def test_passphrase_bundle(open_vault: Vault, ids: Ids, tmp_path: Path) -> None:
    out = tmp_path / "records.zip.age"
    export_bundle(open_vault, out, BundleOptions(passphrase="long passphrase here",
                                                 scrypt_work_factor=10), today=TODAY)
    assert out.read_bytes().startswith(b"age-encryption.org/v1\n")
    assert b"FaceForge" not in out.read_bytes()
    with open_bundle(out, "long passphrase here") as archive:
        assert archive.verify_all() == []
    with pytest.raises(WrongPasswordError), open_bundle(out, "not it"):
        pass
    with pytest.raises(InvalidInputError, match="passphrase"), open_bundle(out, None):
        pass
    age = shutil.which("age")
    if age is None:
        skip_or_fail("AGE", "the age command is not installed (Debian package: age)")
    assert age is not None
    from tests.vault.test_age_cli import run_with_passphrase

    plain = tmp_path / "records.zip"
    assert run_with_passphrase([age, "-d", "-o", str(plain), str(out)],
                               "long passphrase here", 1) == 0
    with zipfile.ZipFile(plain) as archive:
        assert "manifest.json" in archive.namelist()


def test_import_without_media_is_refused(open_vault: Vault, ids: Ids, tmp_path: Path,
                                         fast_kdf: KdfParams) -> None:
    out = tmp_path / "no-media.zip"
    export_bundle(open_vault, out, BundleOptions(), today=TODAY)
    target, _ = create_vault(tmp_path / "t", PASSWORD, kdf=fast_kdf)
    with target, pytest.raises(InvalidInputError, match="include-media"):
        import_bundle(target, out, None)


def test_import_into_the_same_vault_is_refused(open_vault: Vault, ids: Ids,
                                               tmp_path: Path) -> None:
    out = tmp_path / "all.zip"
    export_bundle(open_vault, out, BundleOptions(include_media=True), today=TODAY)
    blobs_before = open_vault.blobs.stored_ids()
    with pytest.raises(InvalidInputError, match="already holds"):
        import_bundle(open_vault, out, None)
    assert open_vault.blobs.stored_ids() == blobs_before


def test_tampered_media_leaves_the_vault_unchanged(open_vault: Vault, ids: Ids,
                                                   tmp_path: Path, fast_kdf: KdfParams) -> None:
    good = tmp_path / "good.zip"
    export_bundle(open_vault, good, BundleOptions(include_media=True), today=TODAY)
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("media/") and "day-in-life" in info.filename:
                data = data[:-1] + bytes([data[-1] ^ 1])
            dst.writestr(info, data)
    target, _ = create_vault(tmp_path / "t", PASSWORD, kdf=fast_kdf)
    with target:
        with pytest.raises(Exception, match="SHA-256"):
            import_bundle(target, bad, None)
        assert target.recordings.list() == [] and target.companies.list() == []
        assert target.blobs.stored_ids() == set()
        incoming = target.location.blobs_dir / ".incoming"
        assert not incoming.exists() or not any(incoming.iterdir())


def test_export_refuses_to_overwrite(open_vault: Vault, ids: Ids, tmp_path: Path) -> None:
    (tmp_path / "exists.zip").write_bytes(b"keep me")
    with pytest.raises(InvalidInputError, match="already exists"):
        export_bundle(open_vault, tmp_path / "exists.zip", BundleOptions())
    assert (tmp_path / "exists.zip").read_bytes() == b"keep me"
