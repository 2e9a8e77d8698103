"""Tray notifications for reminders that fall due while Holdfast runs, and the tray menu.

A QTimer asks `reminders_source(today())` (what is due on that day) now and then. A reminder
that was not due at the previous check (its day came, or its snooze ended) gets one tray
message, at most once per reminder per day; what was already due when `start()` ran is taken
as known (the due-summary dialog and the reminders page show it). Everything is kept in
memory only and forgotten by `stop()`.

Where the desktop has no system tray, nothing is shown and `unavailable_reason` says why;
the check still runs and emits `notified`, so the logic can be tested offscreen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from ui.navigation import Today
from vault.services.reminders import Reminder

log = logging.getLogger(__name__)
RemindersSource = Callable[[date], list[Reminder]]
NO_TRAY_REASON = ("This desktop has no system tray, so Holdfast cannot show reminder "
                  "notifications; the reminders page still lists what is due.")
TRAY_BLUE = QColor("#2f6f9f")


def tray_pixmap(size: int = 64) -> QPixmap:
    """Holdfast's tray icon, drawn in code: a white padlock on a rounded blue square."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 64
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(TRAY_BLUE)
    painter.drawRoundedRect(QRectF(2 * s, 2 * s, 60 * s, 60 * s), 14 * s, 14 * s)
    white = QColor("white")
    painter.setPen(QPen(white, 6 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    shackle = QPainterPath(QPointF(22 * s, 30 * s))
    shackle.lineTo(22 * s, 23 * s)
    shackle.arcTo(QRectF(22 * s, 13 * s, 20 * s, 20 * s), 180, -180)
    shackle.lineTo(42 * s, 30 * s)
    painter.drawPath(shackle)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(white)
    painter.drawRoundedRect(QRectF(16 * s, 29 * s, 32 * s, 23 * s), 4 * s, 4 * s)
    painter.setBrush(TRAY_BLUE)  # the keyhole
    painter.drawEllipse(QPointF(32 * s, 38 * s), 3.5 * s, 3.5 * s)
    painter.drawRect(QRectF(30.5 * s, 39 * s, 3 * s, 8 * s))
    painter.end()
    return pixmap


class ReminderNotifier(QObject):
    show_requested = Signal()  # "Show Holdfast", or a click on a message
    lock_requested = Signal()
    quit_requested = Signal()
    notified = Signal(str, str)  # title, message: each time a reminder is announced

    def __init__(self, reminders_source: RemindersSource, today: Today = date.today,
                 interval_ms: int = 60_000, parent: QObject | None = None, *,
                 tray_available: bool | None = None) -> None:
        super().__init__(parent)
        self._source = reminders_source
        self._today = today
        self._announced: set[tuple[str, date]] = set()
        self._due_last_check: set[str] = set()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check_now)
        self.show_action = QAction("Show Holdfast", self)
        self.show_action.triggered.connect(self.show_requested)
        self.lock_action = QAction("Lock", self)
        self.lock_action.triggered.connect(self.lock_requested)
        self.lock_action.setEnabled(False)  # nothing to lock until start()
        self.quit_action = QAction("Quit", self)
        self.quit_action.triggered.connect(self.quit_requested)
        available = (QSystemTrayIcon.isSystemTrayAvailable() if tray_available is None
                     else tray_available)
        self._reason = "" if available else NO_TRAY_REASON
        self.tray: QSystemTrayIcon | None = None
        self.menu: QMenu | None = None
        if available:
            self.menu = QMenu()
            self.menu.addActions([self.show_action, self.lock_action])
            self.menu.addSeparator()
            self.menu.addAction(self.quit_action)
            self.tray = QSystemTrayIcon(QIcon(tray_pixmap()), self)
            self.tray.setToolTip("Holdfast")
            self.tray.setContextMenu(self.menu)
            self.tray.messageClicked.connect(self.show_requested)
            self.tray.activated.connect(self._activated)

    @property
    def available(self) -> bool:
        return self.tray is not None

    @property
    def unavailable_reason(self) -> str:
        """Why nothing shows in the tray ("" when the tray works)."""
        return self._reason

    @property
    def running(self) -> bool:
        return self.timer.isActive()

    def start(self) -> None:
        """Start watching (after unlocking); what is due right now counts as already known."""
        self._announced.clear()
        today = self._today()
        self._due_last_check = {r.key for r in self._due(today)}
        self._announced = {(key, today) for key in self._due_last_check}
        self.lock_action.setEnabled(True)
        if self.tray is not None:
            self.tray.show()
        self.timer.start()

    def stop(self) -> None:
        """Stop watching and forget what was announced (before the vault locks). The tray
        icon stays, so Show Holdfast and Quit keep working."""
        self.timer.stop()
        self._announced.clear()
        self._due_last_check.clear()
        self.lock_action.setEnabled(False)

    def hide(self) -> None:
        """Remove the tray icon (when quitting)."""
        self.stop()
        if self.tray is not None:
            self.tray.hide()

    def check_now(self) -> list[Reminder]:
        """Announce the reminders that became due since the last check; returns them."""
        today = self._today()
        due = self._due(today)
        fresh = [r for r in due if r.key not in self._due_last_check
                 and (r.key, today) not in self._announced]
        self._due_last_check = {r.key for r in due}
        self._announced = {(key, day) for key, day in self._announced if day == today}
        for reminder in fresh:
            self._announced.add((reminder.key, today))
            self._announce(reminder)
        return fresh

    def _due(self, today: date) -> list[Reminder]:
        try:
            return list(self._source(today))
        except Exception:  # locked or closed between two checks: nothing to say now
            log.warning("could not check reminders", exc_info=True)
            return []

    def _announce(self, reminder: Reminder) -> None:
        title = f"Reminder: {reminder.title}"
        message = reminder.detail or "Open Holdfast to see the reminder."
        if self.tray is not None:
            self.tray.showMessage(title, message, QIcon(tray_pixmap()), 15_000)
        self.notified.emit(title, message)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            self.show_requested.emit()
