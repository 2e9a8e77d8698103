"""Render the main screens into docs/screenshots/ (offscreen, with a made-up vault).

    make screenshots        # or: QT_QPA_PLATFORM=offscreen python scripts/screenshots.py
"""

from __future__ import annotations

import os
import struct
import sys
import tempfile
import wave
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtGui import QColor, QImage  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from tests.vault.realistic_vault import populate  # noqa: E402
from ui.main_window import PAGES, MainWindow  # noqa: E402
from ui.setup_wizard import SetupWizard  # noqa: E402
from ui.unlock_dialog import UnlockDialog  # noqa: E402
from vault.crypto.keys import new_kdf_params  # noqa: E402
from vault.device_keystore import DeviceKeystore  # noqa: E402
from vault.vault import create_vault, unlock_vault  # noqa: E402

OUT = REPO / "docs" / "screenshots"
PASSWORD = "screenshot password"


def shoot(widget: QWidget, name: str, app: QApplication) -> None:
    widget.show()
    for _ in range(5):
        app.processEvents()
    widget.grab().save(str(OUT / f"{name}.png"))
    print(f"wrote docs/screenshots/{name}.png")


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

    vault, _ = create_vault(work / "vault", PASSWORD, kdf=kdf)
    with vault:
        ids = populate(vault, work)
        with wave.open(str(work / "reading.wav"), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(8000)
            w.writeframes(b"".join(struct.pack("<h", (i * 37) % 2000 - 1000)
                                   for i in range(16000)))
        vault.recordings.import_file(work / "reading.wav", kind="voice",
                                     title="Reading, take 4")
        picture = QImage(480, 320, QImage.Format.Format_RGB32)
        picture.fill(QColor("#5b7fa6"))
        picture.save(str(work / "face-sample.png"))
        vault.recordings.import_file(work / "face-sample.png", kind="face",
                                     title="Face sample")
        del ids
    unlock = UnlockDialog(str(work / "vault"), lambda pw: unlock_vault(work / "vault", pw),
                          keystore=keystore)
    shoot(unlock, "unlock", app)
    unlock.close()
    settings = QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)
    with unlock_vault(work / "vault", PASSWORD) as vault:
        window = MainWindow(vault, settings)
        window.resize(1200, 760)
        page = window.library.table_page
        face = next(r for r in vault.recordings.list() if r.title == "Face sample")
        page.select_recording(face.id)
        window.library.show_preview(face.id)
        shoot(window, "recordings", app)
        window.sidebar.setCurrentRow(PAGES.index("Companies"))
        shoot(window, "companies", app)
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
