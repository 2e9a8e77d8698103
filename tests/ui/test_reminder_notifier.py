"""Tray notifications for reminders that fall due while Holdfast runs (real vault, real timer).

Offscreen there is no system tray: the notifier then shows nothing but still emits
`notified`, which is what these tests wait for."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QSystemTrayIcon
from pytestqt.qtbot import QtBot

from tests.vault.realistic_vault import TODAY, populate
from ui.reminder_notifier import NO_TRAY_REASON, ReminderNotifier, tray_pixmap
from vault.services.reminders import Reminder
from vault.vault import Vault

VOICE_30 = "'Voice data licence' with VoiceBank AI ends in 30 days"


class Clock:
    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


@pytest.fixture
def clock() -> Clock:
    return Clock(TODAY)


@pytest.fixture
def notifier(open_vault: Vault, tmp_path: Path, clock: Clock) -> Iterator[ReminderNotifier]:
    populate(open_vault, tmp_path)
    notifier = ReminderNotifier(open_vault.reminders.due, today=clock, interval_ms=10)
    yield notifier
    notifier.hide()


def test_announces_what_becomes_due_as_today_advances(notifier: ReminderNotifier,
                                                      clock: Clock, qtbot: QtBot) -> None:
    seen: list[tuple[str, str]] = []
    notifier.notified.connect(lambda title, message: seen.append((title, message)))
    notifier.start()
    assert notifier.running
    # What was due at start (four Old Data Co reminders) is not announced.
    assert notifier.check_now() == [] and not seen
    clock.day = date(2026, 12, 1)
    with qtbot.waitSignal(notifier.notified, timeout=2000) as announced:
        pass
    assert announced.args == [f"Reminder: {VOICE_30}",
                              "It ends on 31 December 2026. Decide whether to renew, "
                              "or plan to ask for deletion."]
    # Once only: later checks on the same and the next days stay quiet.
    assert notifier.check_now() == []
    clock.day = date(2026, 12, 2)
    assert notifier.check_now() == []
    assert len(seen) == 1
    clock.day = date(2027, 1, 1)  # two more fall due at once: one message each
    fresh = notifier.check_now()
    assert [r.title for r in fresh] == [
        "'Voice data licence' with VoiceBank AI ends in 7 days",
        "'Voice data licence' with VoiceBank AI ends in 1 day",
        "Ask VoiceBank AI to delete your data"]
    assert len(seen) == 4


def test_a_snooze_that_ends_is_announced(notifier: ReminderNotifier, open_vault: Vault,
                                         clock: Clock, qtbot: QtBot) -> None:
    old = next(r for r in open_vault.reminders.due(TODAY) if "delete" in r.title)
    open_vault.reminders.snooze(old.key, TODAY + timedelta(days=2))
    notifier.start()
    assert notifier.check_now() == []
    clock.day = TODAY + timedelta(days=2)
    with qtbot.waitSignal(notifier.notified, timeout=2000) as announced:
        pass
    assert announced.args[0] == "Reminder: Ask Old Data Co to delete your data"


def test_done_reminders_are_not_announced(notifier: ReminderNotifier, open_vault: Vault,
                                          clock: Clock) -> None:
    notifier.start()
    coming = next(r for r in open_vault.reminders.all(TODAY) if r.title == VOICE_30)
    open_vault.reminders.done(coming.key, TODAY)
    clock.day = date(2026, 12, 1)
    assert notifier.check_now() == []


def test_stop_forgets_and_start_takes_a_new_baseline(notifier: ReminderNotifier,
                                                     clock: Clock) -> None:
    notifier.start()
    notifier.stop()
    assert not notifier.running and not notifier.lock_action.isEnabled()
    clock.day = date(2026, 12, 1)
    notifier.start()  # unlocked again: what is due now is already known
    assert notifier.check_now() == []
    assert notifier.lock_action.isEnabled()


def test_a_failing_source_is_quiet(qtbot: QtBot, clock: Clock) -> None:
    def broken(day: date) -> list[Reminder]:
        raise RuntimeError("the vault is locked")

    notifier = ReminderNotifier(broken, today=clock, interval_ms=10)
    notifier.start()
    assert notifier.check_now() == []
    notifier.hide()


def test_without_a_tray_it_says_why(notifier: ReminderNotifier) -> None:
    if QSystemTrayIcon.isSystemTrayAvailable():
        pytest.skip("this desktop has a system tray")
    assert not notifier.available and notifier.tray is None and notifier.menu is None
    assert notifier.unavailable_reason == NO_TRAY_REASON


def test_tray_menu_actions_are_signals(qtbot: QtBot, clock: Clock) -> None:
    notifier = ReminderNotifier(lambda day: [], today=clock, tray_available=True)
    assert notifier.available and notifier.unavailable_reason == ""
    assert notifier.menu is not None
    assert [a.text() for a in notifier.menu.actions() if not a.isSeparator()] == [
        "Show Holdfast", "Lock", "Quit"]
    assert notifier.tray is not None and not notifier.tray.icon().isNull()
    notifier.start()
    for action, signal in ((notifier.show_action, notifier.show_requested),
                           (notifier.lock_action, notifier.lock_requested),
                           (notifier.quit_action, notifier.quit_requested)):
        with qtbot.waitSignal(signal, timeout=1000):
            action.trigger()
    with qtbot.waitSignal(notifier.show_requested, timeout=1000):
        notifier.tray.messageClicked.emit()
    notifier.hide()
    notifier.menu.deleteLater()


def test_tray_icon_is_drawn() -> None:
    pixmap = tray_pixmap(64)
    assert pixmap.width() == pixmap.height() == 64
    image = pixmap.toImage()
    assert image.pixelColor(0, 0).alpha() == 0  # rounded corner
    assert image.pixelColor(32, 8).name() == QColor("#2f6f9f").name()  # blue square
    assert image.pixelColor(20, 45).name() == "#ffffff"  # the padlock body
    pixmap.save("/tmp/reminders/tray_icon.png")
    tray_pixmap(256).save("/tmp/reminders/tray_icon_256.png")
