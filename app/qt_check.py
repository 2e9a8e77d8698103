"""Before Qt starts: find missing system libraries and name the package to install.

Qt's own message for a missing xcb library ("could not load the Qt platform
plugin xcb ... libxcb-cursor0 is needed") often names the wrong library, so we
ask the dynamic linker (ldd) what the plugin really cannot find.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

# Debian/Ubuntu package for each library Qt's xcb platform and QtMultimedia need.
DEBIAN_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-util.so.1": "libxcb-util1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libpulse.so.0": "libpulse0",
}


def parse_ldd_missing(ldd_output: str) -> list[str]:
    """The sonames ldd reports as "=> not found", in order, without repeats."""
    missing: list[str] = []
    for line in ldd_output.splitlines():
        if "=> not found" in line:
            name = line.split("=>", 1)[0].strip()
            if name and name not in missing:
                missing.append(name)
    return missing


def missing_libraries(binaries: list[Path]) -> list[str]:
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    missing: list[str] = []
    for binary in binaries:
        if not binary.exists():
            continue
        result = subprocess.run([ldd, str(binary)], capture_output=True, text=True, check=False)
        for name in parse_ldd_missing(result.stdout):
            if name not in missing:
                missing.append(name)
    return missing


def qt_binaries_to_check(qt_dir: Path, platform: str) -> list[Path]:
    binaries = [qt_dir / "lib" / "libQt6Gui.so.6", qt_dir / "lib" / "libQt6Multimedia.so.6"]
    if platform == "xcb":
        binaries += [qt_dir / "plugins" / "platforms" / "libqxcb.so",
                     qt_dir / "lib" / "libQt6XcbQpa.so.6"]
    return binaries


def install_hint(missing: list[str]) -> str:
    packages = [DEBIAN_PACKAGES.get(name, name) for name in missing]
    listed = ", ".join(missing)
    return (f"Holdfast cannot start its window because these system libraries are missing: "
            f"{listed}. On Debian or Ubuntu install them with:\n"
            f"    sudo apt-get install {' '.join(packages)}")


def platform_in_use() -> str:
    explicit = os.environ.get("QT_QPA_PLATFORM", "")
    if explicit:
        return explicit.split(":", 1)[0]
    if os.environ.get("WAYLAND_DISPLAY"):
        return "wayland"
    return "xcb"


def check_qt_libraries() -> str | None:
    """A message naming what to install, or None when nothing is missing (or not Linux)."""
    if not sys.platform.startswith("linux"):
        return None
    if platform_in_use() == "xcb" and not os.environ.get("DISPLAY"):
        return ("Holdfast cannot open its window: there is no graphical desktop here "
                "(DISPLAY is not set). Use holdfast-cli, or start it with xvfb-run.")
    import PySide6

    qt_dir = Path(PySide6.__file__).parent / "Qt"
    missing = missing_libraries(qt_binaries_to_check(qt_dir, platform_in_use()))
    return install_hint(missing) if missing else None
