"""Verifying and importing bundles from the GUI: real bundles, real vaults, real damage."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from tests.conftest import PASSWORD
from tests.vault.realistic_vault import TODAY, populate
from ui.bundle_check_dialog import BundleCheckDialog
from vault.bundle.export import BundleOptions, export_bundle
from vault.crypto.keys import KdfParams
from vault.vault import Vault, create_vault

PASSPHRASE = "violet harbour kettle 42"
BIG = 2_000_000


@pytest.fixture
def source(open_vault: Vault, tmp_path: Path) -> Vault:
    populate(open_vault, tmp_path)
    big = tmp_path / "long-take.wav"
    big.write_bytes(b"\7" * BIG)
    open_vault.recordings.import_file(big, kind="voice")
    return open_vault


@pytest.fixture
def bundle(source: Vault, tmp_path: Path) -> Path:
    out = tmp_path / "records.zip"
    export_bundle(source, out, BundleOptions(include_media=True), today=TODAY)
    return out


@pytest.fixture
def target(tmp_path: Path, fast_kdf: KdfParams):  # type: ignore[no-untyped-def]
    vault, _ = create_vault(tmp_path / "target", PASSWORD, kdf=fast_kdf)
    yield vault
    vault.close()


def make_dialog(qtbot: QtBot, vault: Vault) -> BundleCheckDialog:
    dialog = BundleCheckDialog(vault, QThreadPool.globalInstance())
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def pick(monkeypatch: pytest.MonkeyPatch, dialog: BundleCheckDialog, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *args: (str(path), "Records bundles (*.zip *.age)"))
    dialog.choose_file()
    assert dialog.path_edit.text() == str(path)


def check(qtbot: QtBot, dialog: BundleCheckDialog) -> None:
    with qtbot.waitSignal(dialog.check_button.clicked, timeout=1000):
        dialog.check_button.click()
    qtbot.waitUntil(lambda: dialog.job is None and (dialog.verdict_label.isVisibleTo(dialog)
                                                    or dialog.error_label.isVisibleTo(dialog)),
                    timeout=30_000)


def answer_yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def question(parent: object, title: str, text: str, *args: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_good_bundle_is_verified(qtbot: QtBot, source: Vault, bundle: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = make_dialog(qtbot, source)
    assert not dialog.check_button.isEnabled()  # nothing chosen yet
    pick(monkeypatch, dialog, bundle)
    assert not dialog.passphrase_edit.isVisibleTo(dialog)  # a plain ZIP needs none
    check(qtbot, dialog)
    assert dialog.check is not None and dialog.check.intact
    assert dialog.verdict_label.text().startswith("✔ This bundle is intact")
    details = dialog.details_label.text()
    assert "signed by this vault" in details and "6 recordings, 4 companies" in details
    assert not dialog.problems_label.isVisibleTo(dialog)
    assert dialog.import_button.isVisibleTo(dialog)


def test_tampered_bundle_shows_the_failure(qtbot: QtBot, source: Vault, bundle: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    data = bytearray(bundle.read_bytes())
    where = data.find(b"\7" * 10_000) + 5_000  # inside the long take, stored as it is
    data[where] ^= 0x01
    bundle.write_bytes(bytes(data))
    dialog = make_dialog(qtbot, source)
    pick(monkeypatch, dialog, bundle)
    check(qtbot, dialog)
    assert dialog.check is not None and not dialog.check.intact
    assert dialog.verdict_label.text().startswith("✘ This bundle was changed or damaged")
    problems = dialog.problems_label.text()
    assert "long-take.wav\" cannot be read because its stored data is damaged." in problems
    assert problems.count("•") == 1  # only that file failed; the signature is still valid
    assert not dialog.import_button.isVisibleTo(dialog)


def test_import_into_a_fresh_vault(qtbot: QtBot, source: Vault, target: Vault, bundle: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = make_dialog(qtbot, target)
    pick(monkeypatch, dialog, bundle)
    check(qtbot, dialog)
    assert "not this vault's key" in dialog.details_label.text()
    asked = answer_yes(monkeypatch)
    with qtbot.waitSignal(dialog.data_changed, timeout=30_000):
        dialog.import_button.click()
    assert asked == ["Add 6 recordings, 4 companies, 3 agreements, 4 payments from "
                     "records.zip to this vault?"]
    assert dialog.outcome_label.text().startswith("✔ Restored 6 recordings, 4 companies")
    restored = {(r.id, r.sha256) for r in target.recordings.list()}
    assert restored == {(r.id, r.sha256) for r in source.recordings.list()}
    assert target.verify().ok
    assert dialog.imported is not None and dialog.imported.counts["recordings"] == 6


def test_failing_import_leaves_the_vault_unchanged(qtbot: QtBot, source: Vault, bundle: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    before = (sorted(r.id for r in source.recordings.list()), source.blobs.stored_ids(),
              len(source.companies.list()))
    dialog = make_dialog(qtbot, source)  # the bundle's own vault: its records clash
    pick(monkeypatch, dialog, bundle)
    check(qtbot, dialog)
    answer_yes(monkeypatch)
    changed: list[bool] = []
    dialog.data_changed.connect(lambda: changed.append(True))
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.error_label.isVisibleTo(dialog), timeout=30_000)
    assert dialog.error_label.text() == (
        "This vault already holds some of the bundle's records (companies); import it into "
        "a new vault instead. Nothing in this vault was changed.")
    assert (sorted(r.id for r in source.recordings.list()), source.blobs.stored_ids(),
            len(source.companies.list())) == before
    assert changed == [] and dialog.imported is None


def test_encrypted_bundle_asks_for_its_passphrase(qtbot: QtBot, source: Vault, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "records.zip.age"
    export_bundle(source, out, BundleOptions(passphrase=PASSPHRASE, scrypt_work_factor=10),
                  today=TODAY)
    dialog = make_dialog(qtbot, source)
    pick(monkeypatch, dialog, out)
    assert dialog.passphrase_edit.isVisibleTo(dialog)
    dialog.passphrase_edit.setText("not the passphrase")
    check(qtbot, dialog)
    assert dialog.error_label.text() == "Wrong passphrase."
    dialog.passphrase_edit.setText(PASSPHRASE)
    check(qtbot, dialog)
    assert dialog.check is not None and dialog.check.intact
    assert "without the recordings" in dialog.details_label.text()
    assert not dialog.import_button.isVisibleTo(dialog)
    assert "cannot be restored" in dialog.import_note.text()
