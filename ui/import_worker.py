"""Importing files off the GUI thread, with progress and a cancel that stores nothing partial."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from vault.errors import OperationCancelled, VaultError

# (path, on_progress(done, total)) -> recording id; on_progress may raise to cancel.
ImportOne = Callable[[Path, Callable[[int, int], None]], str]


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the files inside given folders (hidden ones left out), sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(Path(root) / f for f in sorted(files) if not f.startswith("."))
        else:
            found.append(path)
    return found


class ImportSignals(QObject):
    # files done, files in all, bytes done, bytes in all, bytes per second, current name
    progress = Signal(int, int, int, int, float, str)
    finished = Signal(list, list)  # new recording ids, error sentences
    cancelled = Signal(list)  # ids imported before the cancel


class ImportJob(QRunnable):
    """Runs on a QThreadPool thread; talks back only through signals."""

    def __init__(self, paths: list[Path], import_one: ImportOne) -> None:
        super().__init__()
        self.signals = ImportSignals()
        self._paths = paths
        self._import_one = import_one
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        sizes = [p.stat().st_size if p.is_file() else 0 for p in self._paths]
        total = sum(sizes)
        done_before = 0
        started = time.monotonic()
        ids: list[str] = []
        errors: list[str] = []
        for index, (path, size) in enumerate(zip(self._paths, sizes, strict=True)):
            if self._cancel.is_set():
                self.signals.cancelled.emit(ids)
                return

            def progress(done: int, _: int, base: int = done_before, name: str = path.name,
                         number: int = index) -> None:
                if self._cancel.is_set():
                    raise OperationCancelled("Import cancelled; the file being read was not "
                                             "stored.")
                elapsed = max(time.monotonic() - started, 1e-6)
                self.signals.progress.emit(number, len(self._paths), base + done, total,
                                           (base + done) / elapsed, name)

            try:
                ids.append(self._import_one(path, progress))
            except OperationCancelled:
                self.signals.cancelled.emit(ids)
                return
            except VaultError as error:
                errors.append(str(error))
            done_before += size
            elapsed = max(time.monotonic() - started, 1e-6)
            self.signals.progress.emit(index + 1, len(self._paths), done_before, total,
                                       done_before / elapsed, path.name)
        self.signals.finished.emit(ids, errors)
