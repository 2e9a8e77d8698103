"""Work off the GUI thread (key derivation, keyring calls) and the small status widgets
the dialogs share: busy bar, error line, note, one-sentence error text."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QMetaObject, QRunnable, Qt, QThreadPool
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QProgressBar,
)

from vault.errors import VaultError

log = logging.getLogger(__name__)
T = TypeVar("T")


# -- work off the GUI thread ---------------------------------------------------


class _Task:
    """What a pool thread runs. Holds no Qt object once done, so either thread may free it."""

    def __init__(self, work: Callable[[], object], loop: QEventLoop) -> None:
        self.work: Callable[[], object] | None = work
        self.loop: QEventLoop | None = loop
        self.result: object = None
        self.error: Exception | None = None
        self.finished = threading.Event()

    def __call__(self) -> None:
        try:
            if self.work is not None:
                self.result = self.work()
        except Exception as error:  # handed to the GUI thread, raised there
            self.error = error
        finally:
            # Let go of the widgets the work refers to and of the loop before saying
            # "finished": the GUI thread must hold the last reference to every Qt object.
            self.work = None
            loop, self.loop = self.loop, None
            if loop is not None:
                QMetaObject.invokeMethod(loop, "quit", Qt.ConnectionType.QueuedConnection)
            del loop
            self.finished.set()


def run_in_background(work: Callable[[], T]) -> T:
    """Run ``work`` (a key derivation, a keyring call) on a QThreadPool thread.

    Meanwhile the GUI thread keeps painting under a busy cursor, but user input
    waits until the work is done (callers also disable their buttons). Returns
    the result or raises the exception of ``work`` here, on the GUI thread.
    """
    loop = QEventLoop()
    task = _Task(work, loop)
    pool = QThreadPool.globalInstance()
    pool.reserveThread()  # starts now, even while imports keep the pool's threads busy
    QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    try:
        pool.startOnReservedThread(QRunnable.create(task))  # owned and freed by the pool
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        task.finished.wait()  # at once, unless the application is quitting
    finally:
        QApplication.restoreOverrideCursor()
    result, error = task.result, task.error
    task.result = task.error = None
    if error is not None:
        raise error
    return result  # type: ignore[return-value]


def busy_bar() -> QProgressBar:
    """An indeterminate bar for work whose length nobody knows (a key derivation)."""
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setFixedHeight(8)
    bar.hide()
    return bar


def describe_error(error: Exception) -> str:
    """One sentence for a person; our own errors already are one."""
    if isinstance(error, VaultError):
        return str(error)
    if isinstance(error, OSError):
        where = f" ({error.filename})" if error.filename else ""
        reason = error.strerror or str(error)
        return f"Holdfast could not finish because of a file error: {reason}{where}."
    log.error("unexpected error", exc_info=error)
    return f"Something unexpected went wrong ({type(error).__name__}); nothing more was done."


def small_note(text: str = "") -> QLabel:
    """A quiet, wrapped explanatory line (follows the light or dark palette)."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def error_line() -> QLabel:
    """An inline message for what went wrong; hidden until used."""
    label = QLabel()
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(highlight); font-weight: bold;")
    label.hide()
    return label
