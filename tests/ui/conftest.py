"""GUI tests run offscreen by default (as dangerzone's tests/gui/conftest.py does)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
