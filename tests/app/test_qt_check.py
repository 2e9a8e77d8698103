"""The missing-library check that runs before Qt, against real ELF files and real ldd."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from app import gui, qt_check

LDD_SAMPLE = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
"""


def test_parse_ldd_missing() -> None:
    assert qt_check.parse_ldd_missing(LDD_SAMPLE) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]


def test_hint_names_the_debian_packages() -> None:
    hint = qt_check.install_hint(["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libpulse.so.0",
                                  "libunknown.so.9"])
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1 libpulse0 libunknown.so.9" in hint
    assert hint.startswith("Holdfast cannot start its window")


@pytest.fixture
def binary_with_missing_dependency(tmp_path: Path) -> Path:
    """A real shared library linked against a library that is then deleted."""
    cc = shutil.which("gcc") or shutil.which("cc")
    if cc is None or shutil.which("ldd") is None:
        pytest.skip("needs a C compiler and ldd to build a test library")
    (tmp_path / "gone.c").write_text("int gone(void) { return 1; }\n")
    (tmp_path / "uses.c").write_text("int gone(void); int uses(void) { return gone(); }\n")
    subprocess.run([cc, "-shared", "-fPIC", "-o", str(tmp_path / "libholdfastgone.so.7"),
                    "-Wl,-soname,libholdfastgone.so.7", str(tmp_path / "gone.c")], check=True)
    (tmp_path / "libholdfastgone.so").symlink_to("libholdfastgone.so.7")
    subprocess.run([cc, "-shared", "-fPIC", "-o", str(tmp_path / "libuses.so"),
                    str(tmp_path / "uses.c"), f"-L{tmp_path}", "-lholdfastgone"], check=True)
    (tmp_path / "libholdfastgone.so").unlink()
    (tmp_path / "libholdfastgone.so.7").unlink()
    return tmp_path / "libuses.so"


def test_missing_library_found_by_ldd(binary_with_missing_dependency: Path) -> None:
    assert qt_check.missing_libraries([binary_with_missing_dependency]) == [
        "libholdfastgone.so.7"]


def test_installed_qt_has_nothing_missing_offscreen() -> None:
    import PySide6

    qt_dir = Path(PySide6.__file__).parent / "Qt"
    binaries = qt_check.qt_binaries_to_check(qt_dir, "offscreen")
    assert all(b.exists() for b in binaries[:1])
    assert "libQt6Gui.so.6" not in qt_check.missing_libraries(binaries)


def test_no_display_is_said_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    message = qt_check.check_qt_libraries()
    assert message is not None and "no graphical desktop" in message


def test_gui_says_what_to_install(binary_with_missing_dependency: Path,
                                  monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setattr(qt_check, "qt_binaries_to_check",
                        lambda qt_dir, platform: [binary_with_missing_dependency])
    assert gui.main() == 1
    err = capsys.readouterr().err
    assert "libholdfastgone.so.7" in err and "apt-get install" in err
