"""Render the main screens into docs/screenshots/ (offscreen, with a made-up vault).

    make screenshots        # or: QT_QPA_PLATFORM=offscreen python scripts/screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from app.demo import DEMO_PASSWORD, build_demo_vault  # noqa: E402
from ui.main_window import PAGES, MainWindow  # noqa: E402
from ui.navigation import RequestTarget  # noqa: E402
from ui.request_flow_dialog import RequestFlowDialog  # noqa: E402
from ui.request_flow_state import RequestFlowState  # noqa: E402
from ui.setup_wizard import SetupWizard  # noqa: E402
from ui.unlock_dialog import UnlockDialog  # noqa: E402
from vault.crypto.keys import new_kdf_params  # noqa: E402
from vault.device_keystore import DeviceKeystore  # noqa: E402
from vault.vault import Vault, create_vault, unlock_vault  # noqa: E402

OUT = REPO / "docs" / "screenshots"
TODAY = date(2026, 12, 4)


def shoot(widget: QWidget, name: str, app: QApplication) -> None:
    widget.show()
    for _ in range(5):
        app.processEvents()
    widget.grab().save(str(OUT / f"{name}.png"))
    print(f"wrote docs/screenshots/{name}.png")


def shoot_letter(vault: Vault, app: QApplication) -> None:
    """The request flow at its letter step, for the first company (the draft is discarded)."""
    company = vault.companies.list()[0]
    state = RequestFlowState(RequestTarget(company.id, "erasure"), company)
    flow = RequestFlowDialog(vault, state, lambda: TODAY)
    flow.show()
    flow.next()
    shoot(flow, "request-letter", app)
    flow.reject()
    flow.outcome()


def main() -> int:
    app = QApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="holdfast-shots-"))
    import keyring.backends.fail

    keystore = DeviceKeystore(backend=keyring.backends.fail.Keyring())
    kdf = new_kdf_params(memory_kib=8192, iterations=1, lanes=1)
    wizard = SetupWizard(work / "new-vault", lambda root, pw: create_vault(root, pw, kdf=kdf),
                         keystore)
    wizard.resize(640, 480)
    shoot(wizard, "first-run-wizard", app)
    wizard.close()

    # The demo vault (holdfast --demo), on a fixed day so the pictures don't change daily.
    vault, _ = build_demo_vault(work / "vault", TODAY, kdf=kdf)
    vault.close()
    unlock = UnlockDialog(str(work / "vault"), lambda pw: unlock_vault(work / "vault", pw),
                          keystore=keystore)
    shoot(unlock, "unlock", app)
    unlock.close()
    settings = QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)
    with unlock_vault(work / "vault", DEMO_PASSWORD) as vault:
        window = MainWindow(vault, settings, today=lambda: TODAY)
        window.resize(1280, 800)
        window.overview.refresh()
        shoot(window, "overview", app)
        window.sidebar.setCurrentRow(PAGES.index("Recordings"))
        page = window.library.table_page
        face = next(r for r in vault.recordings.list() if r.kind == "face")
        page.select_recording(face.id)
        window.library.show_preview(face.id)
        shoot(window, "recordings", app)
        for name in ("Companies", "Agreements", "Requests", "Reminders"):
            window.sidebar.setCurrentRow(PAGES.index(name))
            shoot(window, name.lower(), app)
        overdue = next((r for r in vault.requests.list() if r.status_on(TODAY) == "overdue"),
                       None)
        if overdue is not None:
            window.show_request(overdue.id)
            shoot(window, "requests", app)
        shoot_letter(vault, app)
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
