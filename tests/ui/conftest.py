"""GUI tests run offscreen by default (as dangerzone's tests/gui/conftest.py does)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _empty_clipboard_after_each_test(qapp: object) -> Iterator[None]:
    """Leave the clipboard empty: Qt (6.12) crashes at exit if Python-made clipboard data
    outlives the application, and a test must not leak a secret to the next one."""
    yield
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().clear()
