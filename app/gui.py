"""holdfast: the desktop app's entry point (composition root)."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

from app.paths import default_vault_dir
from app.qt_check import check_qt_libraries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="holdfast", description="Holdfast desktop app.")
    parser.add_argument("--demo", action="store_true",
                        help="open a demo vault of made-up data, deleted when you quit")
    args, _qt_args = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
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
    if args.demo:
        from app.demo import DEMO_NOTE, build_demo_vault

        folder = Path(tempfile.mkdtemp(prefix="holdfast-demo-"))
        # Deleted on quit, after the controller has closed the vault (connected later).
        app.aboutToQuit.connect(lambda: shutil.rmtree(folder, ignore_errors=True))
        vault, _password = build_demo_vault(folder / "vault", date.today())
        controller.start_with(vault, DEMO_NOTE)
    elif not controller.start():
        return 0
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
