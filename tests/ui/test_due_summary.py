"""What fell due while Holdfast was closed, and the dialog that says so."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.vault.realistic_vault import TODAY, populate
from ui.due_summary import due_day, fell_due_while_closed, last_open_key, parse_last_open
from ui.due_summary_dialog import HEADING, DueSummaryDialog
from vault.services.reminders import Reminder
from vault.vault import Vault


def own(key: str, due_on: date, snoozed_until: date | None = None,
        done_on: date | None = None) -> Reminder:
    return Reminder(key, due_on, f"Reminder {key}", "", "open", None,
                    snoozed_until=snoozed_until, done_on=done_on)


def test_lists_what_fell_due_between_two_dates(open_vault: Vault, tmp_path: Path) -> None:
    populate(open_vault, tmp_path)
    later = date(2026, 12, 26)
    found = fell_due_while_closed(open_vault.reminders.all(later), TODAY, later)
    assert [r.title for r in found] == [
        "'Voice data licence' with VoiceBank AI ends in 30 days",
        "'Voice data licence' with VoiceBank AI ends in 7 days"]
    # What was already due before the last open (Old Data Co, 2025) is not repeated.
    assert not any("Old Data Co" in r.title for r in found)
    # Nothing fell due if the app was open today or never opened before.
    assert fell_due_while_closed(open_vault.reminders.all(later), later, later) == []
    assert fell_due_while_closed(open_vault.reminders.all(later), None, later) == []


def test_done_and_snoozed_reminders() -> None:
    last, today = date(2026, 11, 1), date(2026, 11, 10)
    items = [own("user:1", date(2026, 11, 5)),
             own("user:2", date(2026, 11, 5), done_on=date(2026, 11, 6)),
             own("user:3", date(2026, 10, 20), snoozed_until=date(2026, 11, 8)),
             own("user:4", date(2026, 11, 5), snoozed_until=date(2026, 11, 20)),
             own("user:5", date(2026, 11, 1)),  # due on the last-open day: seen then
             own("user:6", date(2026, 11, 10))]
    found = fell_due_while_closed(items, last, today)
    assert [r.key for r in found] == ["user:1", "user:3", "user:6"]
    assert due_day(items[2]) == date(2026, 11, 8)
    assert due_day(own("user:7", today, snoozed_until=today - timedelta(days=3))) == today


def test_last_open_setting_values() -> None:
    assert last_open_key("abc") == "reminders/last_open/abc"
    assert parse_last_open("2026-11-22") == TODAY
    assert parse_last_open(TODAY) == TODAY
    assert parse_last_open("not a date") is None
    assert parse_last_open(None) is None and parse_last_open(42) is None


def test_dialog_lists_items_and_offers_the_reminders(qtbot: QtBot) -> None:
    items = [own("user:1", date(2026, 11, 5)), own("user:2", date(2026, 11, 8))]
    dialog = DueSummaryDialog(items)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 2
    assert dialog.list.item(0).text().startswith("Reminder user:1\n")
    assert "due 5 November 2026" in dialog.list.item(0).text()
    assert HEADING == "While Holdfast was closed, these fell due:"
    dialog.open_button.click()
    assert dialog.open_chosen and dialog.result() == DueSummaryDialog.DialogCode.Accepted


def test_launch_shows_nothing_for_an_empty_list(qtbot: QtBot,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[int] = []

    def fake_exec(self: DueSummaryDialog) -> int:
        shown.append(1)
        return 0

    monkeypatch.setattr(DueSummaryDialog, "exec", fake_exec)
    assert DueSummaryDialog.launch(None, []) is False
    assert shown == []
    assert DueSummaryDialog.launch(None, [own("user:1", TODAY)]) is False  # closed
    assert shown == [1]


def test_dialog_on_a_realistic_vault(qtbot: QtBot, open_vault: Vault, tmp_path: Path) -> None:
    populate(open_vault, tmp_path)
    later = date(2026, 12, 26)
    dialog = DueSummaryDialog(fell_due_while_closed(open_vault.reminders.all(later), TODAY,
                                                    later))
    qtbot.addWidget(dialog)
    assert [dialog.list.item(i).text().split("\n")[0] for i in range(dialog.list.count())] == [
        "'Voice data licence' with VoiceBank AI ends in 30 days",
        "'Voice data licence' with VoiceBank AI ends in 7 days"]
    dialog.resize(560, 340)
    dialog.grab().save("/tmp/reminders/due_summary.png")
    dialog.close_button.click()
    assert not dialog.open_chosen
