"""holdfast: the desktop app's entry point (composition root)."""

from __future__ import annotations

import sys

from app.paths import default_vault_dir
from app.qt_check import check_qt_libraries


def main() -> int:
    problem = check_qt_libraries()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from app.controller import AppController
    from vault.device_keystore import DeviceKeystore

    app = QApplication(sys.argv)
    app.setApplicationName("Holdfast")
    app.setOrganizationName("Holdfast")
    app.setQuitOnLastWindowClosed(True)
    controller = AppController(app, QSettings(), default_vault_dir(), DeviceKeystore())
    if not controller.start():
        return 0
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
