"""Icons take the palette's text colour, so they read in light and dark themes alike."""

from __future__ import annotations

from importlib import resources

import pytest
from PySide6.QtGui import QColor, QIcon, QPalette

from ui.icons import IconSet, icon_for, tinted_icon

NAMES = sorted(p.name.removesuffix(".svg")
               for p in (resources.files("resources") / "icons").iterdir()
               if p.name.endswith(".svg"))


def ink(icon: QIcon, mode: QIcon.Mode = QIcon.Mode.Normal) -> set[str]:
    """The colours an icon is drawn in at 24 px (pixels mostly covered by a stroke; their
    colour rounded to a step of 16, as edge pixels carry a little rounding)."""
    image = icon.pixmap(24, 24, mode).toImage()
    colours = set()
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            if pixel.alpha() >= 160:
                colours.add(rounded(pixel.name()))
    return colours


def rounded(colour: str) -> str:
    return QColor(*(min(255, round(c / 16) * 16) for c in QColor(colour).getRgb()[:3])).name()


@pytest.mark.parametrize("name", NAMES)
def test_every_icon_is_drawn_in_the_colour_asked(qapp: object, name: str) -> None:
    icon = tinted_icon(name, QColor("#204080"))
    assert ink(icon) == {rounded("#204080")}, name


def test_there_is_an_icon_for_each_page_and_main_action() -> None:
    assert {"overview", "recordings", "companies", "agreements", "requests", "reminders",
            "import", "lock", "export", "bundle"} <= set(NAMES)


def test_dark_palette_gives_light_icons_and_a_dimmer_disabled_state(qapp: object) -> None:
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.ButtonText, QColor("#eeeeee"))
    dark.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText,
                  QColor("#777777"))
    icon = icon_for("lock", dark)
    assert ink(icon) == {rounded("#eeeeee")}
    assert ink(icon, QIcon.Mode.Disabled) == {rounded("#777777")}


def test_icon_set_paints_again_on_a_theme_change(qapp: object) -> None:
    worn: dict[str, QIcon] = {}
    light, dark = QPalette(), QPalette()
    light.setColor(QPalette.ColorRole.ButtonText, QColor("#111111"))
    dark.setColor(QPalette.ColorRole.ButtonText, QColor("#f0f0f0"))
    icons = IconSet()
    icons.use("import", lambda icon: worn.__setitem__("import", icon), light)
    assert ink(worn["import"]) == {rounded("#111111")}
    icons.apply(dark)
    assert ink(worn["import"]) == {rounded("#f0f0f0")}
