"""Progress and cancel of export, verify and import: counts reach the total, and a cancel
leaves no partial bundle on disk and the target vault unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from tests.vault.realistic_vault import TODAY, populate
from vault.bundle.export import BundleOptions, export_bundle
from vault.bundle.importer import import_bundle
from vault.bundle.safe_zip import open_bundle
from vault.crypto.keys import KdfParams
from vault.errors import OperationCancelled
from vault.vault import Vault, create_vault

BIG = 3_000_000


@pytest.fixture
def full_vault(open_vault: Vault, tmp_path: Path) -> Vault:
    populate(open_vault, tmp_path)
    big = tmp_path / "long-take.wav"
    big.write_bytes(b"\3" * BIG)
    open_vault.recordings.import_file(big, kind="voice")
    return open_vault


def test_export_progress_counts_media_up_to_the_total(full_vault: Vault,
                                                      tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    out = tmp_path / "all.zip"
    export_bundle(full_vault, out, BundleOptions(include_media=True),
                  on_progress=lambda d, t: calls.append((d, t)), today=TODAY)
    media = sum(r.size for r in full_vault.recordings.list())
    assert calls[-1] == (media, media)
    assert len(calls) > len(full_vault.recordings.list())  # chunks, not one per recording
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    with open_bundle(out, None) as archive:
        assert archive.verify_all() == []


def test_cancelled_export_leaves_no_file(full_vault: Vault, tmp_path: Path) -> None:
    out = tmp_path / "all.zip"
    seen: list[int] = []
    with pytest.raises(OperationCancelled, match="no bundle was written"):
        export_bundle(full_vault, out, BundleOptions(include_media=True,
                                                     passphrase="long passphrase here",
                                                     scrypt_work_factor=10),
                      on_progress=lambda d, t: seen.append(d),
                      cancelled=lambda: len(seen) >= 3, today=TODAY)
    assert len(seen) == 3
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()
                  and (p.name.startswith(".all") or p.name.startswith("all"))) == []


def test_cancel_before_start_writes_nothing(full_vault: Vault, tmp_path: Path) -> None:
    with pytest.raises(OperationCancelled):
        export_bundle(full_vault, tmp_path / "x.zip", BundleOptions(), cancelled=lambda: True,
                      today=TODAY)
    assert not any(p.name.startswith((".x.zip", "x.zip")) for p in tmp_path.iterdir())


def test_verify_progress_and_cancel(full_vault: Vault, tmp_path: Path) -> None:
    out = tmp_path / "all.zip"
    export_bundle(full_vault, out, BundleOptions(include_media=True), today=TODAY)
    calls: list[tuple[int, int]] = []
    with open_bundle(out, None) as archive:
        assert archive.verify_all(on_progress=lambda d, t: calls.append((d, t))) == []
        total = sum(f.size for f in archive.files.values())
        assert calls[-1] == (total, total)
        with pytest.raises(OperationCancelled):
            archive.verify_all(cancelled=lambda: True)


def test_cancelled_import_leaves_the_vault_unchanged(full_vault: Vault, tmp_path: Path,
                                                     fast_kdf: KdfParams) -> None:
    out = tmp_path / "all.zip"
    export_bundle(full_vault, out, BundleOptions(include_media=True), today=TODAY)
    target, _ = create_vault(tmp_path / "target", PASSWORD, kdf=fast_kdf)
    with target:
        seen: list[int] = []
        with pytest.raises(OperationCancelled, match="nothing was added"):
            import_bundle(target, out, None, on_progress=lambda d, t: seen.append(d),
                          cancelled=lambda: len(seen) >= 2)
        assert target.recordings.list() == [] and target.companies.list() == []
        assert target.blobs.stored_ids() == set()
        outcome = import_bundle(target, out, None)  # and it still goes in afterwards
        assert outcome.counts["recordings"] == 6
        assert len(target.recordings.list()) == 6
