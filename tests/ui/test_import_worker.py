"""Import off the GUI thread: progress, errors and a cancel that stores nothing partial."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from ui.import_progress_dialog import ImportProgressDialog
from ui.import_worker import ImportJob, expand_paths
from vault.vault import Vault


def importer(vault: Vault):  # type: ignore[no-untyped-def]
    def import_one(path: Path, progress) -> str:  # type: ignore[no-untyped-def]
        return vault.recordings.import_file(path, on_progress=progress).id
    return import_one


def test_expand_paths_walks_folders(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.wav").write_bytes(b"1")
    (tmp_path / "a" / ".hidden").write_bytes(b"1")
    (tmp_path / "b.mp4").write_bytes(b"1")
    assert expand_paths([tmp_path / "a", tmp_path / "b.mp4"]) == [tmp_path / "a" / "x.wav",
                                                                 tmp_path / "b.mp4"]


def test_import_reports_progress_and_errors(qtbot: QtBot, open_vault: Vault,
                                            tmp_path: Path) -> None:
    good = tmp_path / "voice.wav"
    good.write_bytes(b"\1" * 3_000_000)
    job = ImportJob([good, tmp_path / "missing.wav"], importer(open_vault))
    dialog = ImportProgressDialog()
    qtbot.addWidget(dialog)
    job.signals.progress.connect(dialog.update_progress)
    with qtbot.waitSignal(job.signals.finished, timeout=20_000) as finished:
        QThreadPool.globalInstance().start(job)
    ids, errors = finished.args
    assert [r.id for r in open_vault.recordings.list()] == ids and len(ids) == 1
    assert errors == [f"There is no file {tmp_path / 'missing.wav'}."]
    assert "File 2 of 2" in dialog.files_label.text()


def test_cancel_stores_nothing_partial(qtbot: QtBot, open_vault: Vault, tmp_path: Path) -> None:
    big = tmp_path / "long.mp4"
    big.write_bytes(b"\2" * 20_000_000)
    job = ImportJob([big], importer(open_vault))
    dialog = ImportProgressDialog()
    qtbot.addWidget(dialog)
    dialog.cancel_requested.connect(job.cancel)
    # A queued connection to the dialog (it lives on the GUI thread), as in the app.
    job.signals.progress.connect(dialog.request_cancel)
    with qtbot.waitSignal(job.signals.cancelled, timeout=20_000) as cancelled:
        QThreadPool.globalInstance().start(job)
    assert cancelled.args == [[]]
    assert open_vault.recordings.list() == []
    assert open_vault.blobs.stored_ids() == set()
    assert "Cancelling" in dialog.heading.text()
