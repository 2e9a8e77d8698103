"""Run under Xvfb with the real xcb platform: open the main window and save a screenshot.

Usage: python -m tests.ui.xvfb_screenshot VAULT_DIR PASSWORD OUT.png
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ui.main_window import MainWindow
from vault.vault import unlock_vault


def main() -> int:
    vault_dir, password, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    app = QApplication(sys.argv[:1])
    assert app.platformName() == "xcb", app.platformName()
    settings = QSettings(str(out.with_suffix(".ini")), QSettings.Format.IniFormat)
    with unlock_vault(vault_dir, password) as vault:
        window = MainWindow(vault, settings)
        window.sidebar.setCurrentRow(int(sys.argv[4]) if len(sys.argv) > 4 else 2)
        window.show()

        # Wait for the X server to map the window (an event, not a fixed delay).
        if not QTest.qWaitForWindowExposed(window, 10_000):
            return 4
        app.processEvents()
        ok = window.screen().grabWindow(window.winId()).save(str(out), "PNG")
        return 0 if ok else 3


if __name__ == "__main__":
    sys.exit(main())
