"""The export wizard writes a real bundle off the GUI thread, with progress and a cancel that
leaves no file behind; the bundles it writes verify with our own reader."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from tests.vault.realistic_vault import TODAY, populate
from ui.bundle_export_wizard import MEDIA_WARNING, BundleExportWizard
from ui.bundle_worker import BundleJob
from vault.bundle.safe_zip import open_bundle
from vault.vault import Vault

PASSPHRASE = "violet harbour kettle 42"


@pytest.fixture
def vault(open_vault: Vault, tmp_path: Path) -> Vault:
    populate(open_vault, tmp_path)
    big = tmp_path / "long-take.wav"
    big.write_bytes(b"\5" * 4_000_000)
    open_vault.recordings.import_file(big, kind="voice")
    return open_vault


def make_wizard(qtbot: QtBot, vault: Vault) -> BundleExportWizard:
    wizard = BundleExportWizard(vault, QThreadPool.globalInstance(), today=lambda: TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def choose(monkeypatch: pytest.MonkeyPatch, wizard: BundleExportWizard, path: Path) -> None:
    asked: list[str] = []

    def fake_save(parent: object, caption: str, default: str, kinds: str) -> tuple[str, str]:
        asked.append(default)
        return str(path), kinds

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    wizard.save_page.choose_file()
    assert asked and asked[0].endswith(f"holdfast-records-{TODAY.isoformat()}"
                                       + wizard.save_page.suffix())


def run_to_save_page(wizard: BundleExportWizard) -> None:
    wizard.next()  # scope -> passphrase
    wizard.next()  # passphrase -> save
    assert wizard.currentPage() is wizard.save_page


def test_export_with_media_reaches_the_total_and_verifies(
        qtbot: QtBot, vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wizard = make_wizard(qtbot, vault)
    wizard.scope_page.media_check.setChecked(True)
    assert wizard.scope_page.media_warning.isVisibleTo(wizard)
    assert wizard.scope_page.media_warning.text() == MEDIA_WARNING
    run_to_save_page(wizard)
    assert not wizard.save_page.isComplete()  # no file chosen yet
    out = tmp_path / "out" / "records"
    out.parent.mkdir()
    choose(monkeypatch, wizard, out)
    assert wizard.save_page.chosen == out.with_name("records.zip")  # the suffix is added
    seen: list[tuple[int, int]] = []
    pool = QThreadPool.globalInstance()
    monkeypatch.setattr(pool, "start", _on_progress(
        lambda d, t, _: seen.append((d, t)), pool.start))
    wizard.next()  # Export: the job starts on the progress page
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.result_page, timeout=30_000)
    media = sum(r.size for r in vault.recordings.list())
    assert len(seen) > 6 and seen[-1] == (media, media)
    assert wizard.progress_page.bar.value() == 1000
    assert wizard.progress_page.bytes_label.text() == "4.0 MB of 4.0 MB of documents and " \
        "recordings written"
    written = out.with_name("records.zip")
    assert wizard.export_result is not None and wizard.export_result.path == written
    summary = wizard.result_page.summary.text()
    assert str(written) in summary and "everything in this vault" in summary
    assert "with copies of your recordings" in summary
    assert "report.html" in wizard.result_page.how_to_open.text()
    with open_bundle(written, None) as archive:
        assert archive.verify_all() == []
        assert sum(1 for p in archive.files if p.startswith("media/")) == 6
        assert "report.pdf" in archive.files
    assert sorted(p.name for p in written.parent.iterdir()) == ["records.zip"]


def test_cancel_leaves_no_file(qtbot: QtBot, vault: Vault, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    wizard = make_wizard(qtbot, vault)
    wizard.scope_page.media_check.setChecked(True)
    run_to_save_page(wizard)
    folder = tmp_path / "out"
    folder.mkdir()
    choose(monkeypatch, wizard, folder / "records.zip")
    pool = QThreadPool.globalInstance()
    # Cancel as soon as the first bytes are reported (a queued call on the GUI thread).
    monkeypatch.setattr(pool, "start", _on_progress(lambda *_: wizard.cancel_export(),
                                                    pool.start))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.progress_page.done, timeout=30_000)
    assert wizard.progress_page.title() == "Export cancelled"
    assert "No file was written" in wizard.progress_page.error_label.text()
    assert wizard.export_result is None
    assert list(folder.iterdir()) == []


def _on_progress(receiver: Callable[..., object],
                 start: Callable[[BundleJob], None]) -> Callable[[BundleJob], None]:
    """The pool's start, connecting `receiver` to the job's progress before it runs."""
    def start_connected(job: BundleJob) -> None:
        job.signals.progress.connect(receiver)
        start(job)
    return start_connected


def test_company_scope(qtbot: QtBot, vault: Vault, tmp_path: Path,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    wizard = make_wizard(qtbot, vault)
    combo = wizard.scope_page.company_combo
    assert not combo.isEnabled()
    wizard.scope_page.one_company.setChecked(True)
    combo.setCurrentIndex(combo.findText("FaceForge Studios"))
    run_to_save_page(wizard)
    out = tmp_path / "faceforge.zip"
    choose(monkeypatch, wizard, out)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.result_page, timeout=30_000)
    assert "what concerns FaceForge Studios" in wizard.result_page.summary.text()
    with zipfile.ZipFile(out) as archive:
        companies = json.loads(archive.read("data/companies.json"))
        manifest = json.loads(archive.read("manifest.json"))
        assert not any(n.startswith("media/") for n in archive.namelist())
    assert [c["name"] for c in companies] == ["FaceForge Studios"]
    assert manifest["scope"]["company"]["name"] == "FaceForge Studios"


def test_passphrase_makes_an_age_file_our_reader_opens(
        qtbot: QtBot, vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wizard = make_wizard(qtbot, vault)
    wizard.scope_page.media_check.setChecked(True)
    wizard.next()
    page = wizard.passphrase_page
    assert "decrypted" in page.plain_warning.text()
    page.protect_check.setChecked(True)
    page.fields.password_edit.setText(PASSPHRASE)
    page.fields.confirm_edit.setText(PASSPHRASE + "x")
    assert not page.isComplete()  # the two do not match
    assert page.fields.mismatch_label.isVisibleTo(wizard)
    page.fields.confirm_edit.setText(PASSPHRASE)
    assert page.isComplete()
    wizard.next()
    out = tmp_path / "secret.zip"
    choose(monkeypatch, wizard, out)
    written = tmp_path / "secret.zip.age"
    assert wizard.save_page.chosen == written
    wizard.next()
    assert page.fields.password() == ""  # not kept in the form once the job has it
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.result_page, timeout=60_000)
    assert written.read_bytes().startswith(b"age-encryption.org/v1\n")
    assert b"FaceForge" not in written.read_bytes()
    assert "age -d" in wizard.result_page.how_to_open.text()
    assert "encrypted bundle" in wizard.result_page.summary.text()
    with open_bundle(written, PASSPHRASE) as archive:
        assert archive.verify_all() == []
        assert sum(1 for p in archive.files if p.startswith("media/")) == 6


def test_existing_file_is_refused_with_one_sentence(
        qtbot: QtBot, vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "taken.zip"
    out.write_bytes(b"something the person keeps")
    wizard = make_wizard(qtbot, vault)
    run_to_save_page(wizard)
    choose(monkeypatch, wizard, out)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.progress_page.done, timeout=30_000)
    assert wizard.progress_page.title() == "The bundle was not saved"
    assert wizard.progress_page.error_label.text() == \
        f"{out} already exists; choose another name."
    assert out.read_bytes() == b"something the person keeps"
