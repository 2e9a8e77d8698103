"""holdfast: the desktop app's entry point (composition root)."""

from __future__ import annotations

import sys
from functools import partial

from app.paths import default_vault_dir
from app.qt_check import check_qt_libraries


def main() -> int:
    problem = check_qt_libraries()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ui.main_window import MainWindow
    from ui.unlock_dialog import UnlockDialog
    from vault.vault import VaultLocation, unlock_vault

    app = QApplication(sys.argv)
    app.setApplicationName("Holdfast")
    app.setOrganizationName("Holdfast")
    root = default_vault_dir()
    if not VaultLocation(root).exists():
        QMessageBox.information(
            None, "Holdfast",
            f"There is no vault at {root} yet.\n\nCreate one with:\n    holdfast-cli init\n\n"
            "The next version of the desktop app will create it for you.")
        return 0
    dialog = UnlockDialog(str(root), partial(unlock_vault, root))
    if dialog.exec() != UnlockDialog.DialogCode.Accepted or dialog.vault is None:
        return 0
    vault = dialog.vault
    window = MainWindow(vault.companies, str(root))
    window.show()
    try:
        return app.exec()
    finally:
        vault.close()


if __name__ == "__main__":
    sys.exit(main())
