"""Line icons drawn in the palette's text colour, so they read well in light and dark themes.

The SVGs in resources/icons draw with `currentColor`; each icon is rendered again whenever the
palette changes (the system switched between light and dark), by `IconSet.apply`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import resources

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 20, 24, 32, 48)


@cache
def icon_svg(name: str) -> str:
    """The SVG source of one of our icons (packaged data, not a user's file)."""
    return (resources.files("resources") / "icons" / f"{name}.svg").read_text("utf-8")


def tinted_icon(name: str, color: QColor, disabled: QColor | None = None) -> QIcon:
    """`name` drawn in `color` at the usual sizes (and in `disabled` for the disabled state)."""
    icon = QIcon()
    states = [(QIcon.Mode.Normal, color)]
    if disabled is not None:
        states.append((QIcon.Mode.Disabled, disabled))
    for mode, shade in states:
        svg = icon_svg(name).replace("currentColor", shade.name())
        renderer = QSvgRenderer(QByteArray(svg.encode()))
        for size in SIZES:
            for ratio in (1, 2):
                pixmap = QPixmap(size * ratio, size * ratio)
                pixmap.fill(Qt.GlobalColor.transparent)
                painter = QPainter(pixmap)
                renderer.render(painter, QRectF(0, 0, size * ratio, size * ratio))
                painter.end()
                pixmap.setDevicePixelRatio(ratio)
                icon.addPixmap(pixmap, mode)
    return icon


def icon_for(name: str, palette: QPalette) -> QIcon:
    return tinted_icon(name, palette.color(QPalette.ColorRole.ButtonText),
                       palette.color(QPalette.ColorGroup.Disabled,
                                     QPalette.ColorRole.ButtonText))


class IconSet:
    """Remembers which widget or action wears which icon, to paint them again on a theme
    change (call `apply(palette)` from the window's PaletteChange event)."""

    def __init__(self) -> None:
        self._users: list[tuple[str, Callable[[QIcon], None]]] = []

    def use(self, name: str, set_icon: Callable[[QIcon], None], palette: QPalette) -> None:
        self._users.append((name, set_icon))
        set_icon(icon_for(name, palette))

    def apply(self, palette: QPalette) -> None:
        made: dict[str, QIcon] = {}
        for name, set_icon in self._users:
            if name not in made:
                made[name] = icon_for(name, palette)
            set_icon(made[name])
