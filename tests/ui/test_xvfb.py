"""The main window on a real X server (Xvfb) with Qt's xcb platform, not offscreen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.app.cli_runner import REPO
from tests.conftest import PASSWORD, skip_or_fail
from vault.vault import Vault


def test_main_window_on_xvfb(open_vault: Vault, vault_dir: Path, tmp_path: Path) -> None:
    xvfb_run = shutil.which("xvfb-run")
    if xvfb_run is None:
        skip_or_fail("XVFB", "xvfb-run is not installed (Debian package: xvfb)")
    assert xvfb_run is not None
    open_vault.companies.add("Voicebank AI", country="DE")
    open_vault.close()
    shot = tmp_path / "main-window.png"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env["QT_QPA_PLATFORM"] = "xcb"
    result = subprocess.run(
        [xvfb_run, "-a", "-s", "-screen 0 1280x800x24", sys.executable, "-m",
         "tests.ui.xvfb_screenshot", str(vault_dir), PASSWORD, str(shot)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert image.width() >= 900 and image.height() >= 600
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37)
               for y in range(0, image.height(), 29)}
    assert len(colours) > 3, "the screenshot is blank"
