"""The reminders page on a real vault: list, snooze, done, add, open, export to .ics."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from tests.vault.realistic_vault import TODAY, Ids, populate
from ui.reminder_dialog import ReminderDialog
from ui.reminders_model import SOURCE, STATE, TITLE
from ui.reminders_page import EMPTY_HINT, NOTHING_OPEN_HINT, RemindersPage
from ui.snooze_dialog import SnoozeDialog
from vault.services.calendar_export import reminder_uid
from vault.vault import Vault

OLD_DELETION = "Ask Old Data Co to delete your data"
VOICE_30 = "'Voice data licence' with VoiceBank AI ends in 30 days"
SHOTS = Path("/tmp/reminders")


class Clock:
    """A "today" the test can move forward."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


@pytest.fixture
def ids(open_vault: Vault, tmp_path: Path) -> Ids:
    return populate(open_vault, tmp_path)


@pytest.fixture
def clock() -> Clock:
    return Clock(TODAY)


@pytest.fixture
def page(qtbot: QtBot, open_vault: Vault, ids: Ids, clock: Clock) -> RemindersPage:
    page = RemindersPage(open_vault.reminders, open_vault.id, today=clock)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    return page


def titles(page: RemindersPage) -> list[str]:
    return [str(page.model.index(row, TITLE).data()) for row in range(page.model.rowCount())]


def select(page: RemindersPage, title: str) -> None:
    page.table.selectRow(titles(page).index(title))


def state_of(page: RemindersPage, title: str) -> str:
    return str(page.model.index(titles(page).index(title), STATE).data())


def test_lists_the_derived_reminders(page: RemindersPage, open_vault: Vault) -> None:
    assert titles(page) == [r.title for r in open_vault.reminders.all(TODAY)]
    assert len(titles(page)) == 8 and VOICE_30 in titles(page)
    assert page.count_label.text() == "4 need attention"
    assert page.table.isVisibleTo(page) and not page.empty_label.isVisibleTo(page)
    assert not page.snooze_button.isEnabled()  # nothing selected yet
    select(page, VOICE_30)
    assert "Decide whether to renew" in page.detail_label.text()
    assert page.open_button.isEnabled() and page.done_button.isEnabled()
    page.grab().save(str(SHOTS / "page_open.png"))


def test_snooze_moves_it_out_of_open_until_then(page: RemindersPage, open_vault: Vault,
                                                clock: Clock, qtbot: QtBot,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    until = TODAY + timedelta(days=7)
    asked: list[str] = []

    def fake_launch(title: str, today: date, parent: object) -> date:
        asked.append(title)
        return until

    monkeypatch.setattr(SnoozeDialog, "launch", staticmethod(fake_launch))
    select(page, OLD_DELETION)
    with qtbot.waitSignal(page.data_changed):
        page.snooze_button.click()
    assert asked == [OLD_DELETION]
    stored = next(r for r in open_vault.reminders.all(TODAY) if r.title == OLD_DELETION)
    assert stored.snoozed_until == until
    assert OLD_DELETION not in titles(page)
    assert page.status_label.text() == (f"Snoozed until 29 November 2026: "
                                        f"\u201c{OLD_DELETION}\u201d.")
    assert page.count_label.text() == "3 need attention"
    page.filter_box.setCurrentText("All")
    assert state_of(page, OLD_DELETION) == "Snoozed until 29 November 2026"
    page.filter_box.setCurrentText("Open")
    clock.day = until  # the snooze ends: it is back
    page.refresh()
    assert OLD_DELETION in titles(page)
    assert state_of(page, OLD_DELETION).startswith("Overdue by")


def test_a_snooze_into_the_past_is_refused(page: RemindersPage, open_vault: Vault,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SnoozeDialog, "launch", staticmethod(lambda *args: TODAY))
    select(page, OLD_DELETION)
    page.snooze_button.click()
    assert page.error_label.text() == ("Choose a day after today (22 November 2026) "
                                       "to snooze until.")
    assert all(r.snoozed_until is None for r in open_vault.reminders.all(TODAY))


def test_cancelled_snooze_changes_nothing(page: RemindersPage, open_vault: Vault,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SnoozeDialog, "launch", staticmethod(lambda *args: None))
    select(page, OLD_DELETION)
    page.snooze_button.click()
    assert OLD_DELETION in titles(page) and page.status_label.text() == ""
    assert all(r.snoozed_until is None for r in open_vault.reminders.all(TODAY))


def test_done(page: RemindersPage, open_vault: Vault, qtbot: QtBot) -> None:
    select(page, VOICE_30)
    with qtbot.waitSignal(page.data_changed):
        page.done_button.click()
    stored = next(r for r in open_vault.reminders.all(TODAY) if r.title == VOICE_30)
    assert stored.done_on == TODAY
    assert VOICE_30 not in titles(page)
    assert page.status_label.text() == f"Marked as done: \u201c{VOICE_30}\u201d."
    page.filter_box.setCurrentText("All")
    assert state_of(page, VOICE_30) == "Done on 22 November 2026"
    select(page, VOICE_30)
    assert not page.done_button.isEnabled() and not page.snooze_button.isEnabled()
    page.grab().save(str(SHOTS / "page_all.png"))


def test_add_reminder(page: RemindersPage, open_vault: Vault, qtbot: QtBot,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_launch(reminders: object, today: date, parent: object) -> str:
        return open_vault.reminders.add("Call Gigly about the May pay", today + timedelta(3),
                                        "Ask for the invoice")

    monkeypatch.setattr(ReminderDialog, "launch", staticmethod(fake_launch))
    with qtbot.waitSignal(page.data_changed):
        page.add_button.click()
    assert "Call Gigly about the May pay" in titles(page)
    selected = page.selected()
    assert selected is not None and selected.title == "Call Gigly about the May pay"
    assert page.status_label.text() == ("Added \u201cCall Gigly about the May pay\u201d for "
                                        "25 November 2026.")
    assert not page.open_button.isEnabled()  # one's own reminder has nothing to open
    assert state_of(page, "Call Gigly about the May pay") == "In 3 days"


def test_reminder_dialog_saves_and_refuses_an_empty_title(qtbot: QtBot,
                                                           open_vault: Vault) -> None:
    dialog = ReminderDialog(open_vault.reminders, TODAY)
    qtbot.addWidget(dialog)
    dialog.grab().save(str(SHOTS / "reminder_dialog.png"))
    dialog.title_edit.setText("   ")
    dialog.accept()
    assert dialog.error_label.text() == "A reminder needs a title."
    assert dialog.saved_key is None and open_vault.reminders.all(TODAY) == []
    dialog.title_edit.setText("Renew the passport scan")
    dialog.date_edit.setDate(dialog.date_edit.date().addDays(10))
    dialog.note_edit.setPlainText("Before the FaceForge shoot")
    dialog.accept()
    [stored] = open_vault.reminders.all(TODAY)
    assert dialog.saved_key == stored.key and stored.user_made
    assert (stored.title, stored.due_on, stored.detail) == (
        "Renew the passport scan", date(2026, 12, 2), "Before the FaceForge shoot")


def test_snooze_dialog_choices(qtbot: QtBot) -> None:
    dialog = SnoozeDialog("Ask Old Data Co to delete your data", TODAY)
    qtbot.addWidget(dialog)
    dialog.grab().save(str(SHOTS / "snooze_dialog.png"))
    assert dialog.chosen_day() == date(2026, 11, 23)
    dialog.week_button.setChecked(True)
    assert dialog.chosen_day() == date(2026, 11, 29)
    dialog.pick_button.setChecked(True)
    assert dialog.date_edit.isEnabled()
    dialog.date_edit.setDate(dialog.date_edit.date().addDays(30))
    dialog.accept()
    assert dialog.until == date(2026, 12, 29)
    # The date field cannot go back to today or earlier.
    dialog.date_edit.setDate(dialog.date_edit.minimumDate().addDays(-5))
    assert dialog.chosen_day() == date(2026, 11, 23)


def test_open_emits_the_agreement(page: RemindersPage, ids: Ids, qtbot: QtBot) -> None:
    select(page, VOICE_30)
    with qtbot.waitSignal(page.open_agreement) as opened:
        page.open_button.click()
    assert opened.args == [ids.voicebank]
    select(page, OLD_DELETION)
    with qtbot.waitSignal(page.open_agreement) as opened:
        page.table.doubleClicked.emit(page.table.currentIndex())
    assert opened.args == [ids.olddata]


def test_export_to_calendar(page: RemindersPage, open_vault: Vault, tmp_path: Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    select(page, VOICE_30)
    page.done_button.click()  # done reminders are left out of the calendar
    target = tmp_path / "holdfast"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kw: (str(target), "")))
    page.export_button.click()
    written = tmp_path / "holdfast.ics"
    assert page.error_label.isHidden()
    assert page.status_label.text().startswith(f"Saved 7 reminders to {written}.")
    calendar = Calendar.from_ical(written.read_bytes())
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    expected = [r for r in open_vault.reminders.all(TODAY) if r.done_on is None]
    assert sorted(events) == sorted(r.title for r in expected) and VOICE_30 not in events
    for reminder in expected:
        event = events[reminder.title]
        assert str(event["uid"]) == reminder_uid(open_vault.id, reminder.key)
        assert event.decoded("dtstart") == reminder.due_on
    assert events[OLD_DELETION].decoded("dtstart") == date(2025, 7, 1)


def test_export_into_a_missing_folder_says_so(page: RemindersPage, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "no-such-folder" / "reminders.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kw: (str(target), "")))
    page.export_button.click()
    assert page.error_label.text().startswith("The calendar file was not saved. Holdfast "
                                              "could not finish because of a file error")
    assert not target.parent.exists()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kw: ("", "")))
    page.export_button.click()  # cancelled: nothing happens
    assert not list(tmp_path.glob("*.ics"))


def test_clear_drops_everything(page: RemindersPage) -> None:
    select(page, VOICE_30)
    page.clear()
    assert page.model.rowCount() == 0 and page.selected() is None
    assert "Voice" not in page.detail_label.text() and page.count_label.text() == ""
    page.refresh()
    assert len(titles(page)) == 8


def test_empty_states(qtbot: QtBot, open_vault: Vault, tmp_path: Path) -> None:
    page = RemindersPage(open_vault.reminders, open_vault.id, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    assert page.empty_label.isVisibleTo(page) and not page.table.isVisibleTo(page)
    assert page.empty_label.text() == EMPTY_HINT
    assert page.count_label.text() == "Nothing needs attention today"
    page.grab().save(str(SHOTS / "page_empty.png"))
    key = open_vault.reminders.add("Only one", TODAY)
    open_vault.reminders.done(key, TODAY)
    page.refresh()
    assert page.empty_label.text() == NOTHING_OPEN_HINT
    page.filter_box.setCurrentText("All")
    assert titles(page) == ["Only one"]


def test_open_emits_the_request(qtbot: QtBot, open_vault: Vault, ids: Ids) -> None:
    request = open_vault.requests.new("VoiceBank AI", "erasure", recordings=[ids.voice1],
                                      agreement=ids.voicebank, sent_on=date(2026, 11, 2),
                                      channel="email")
    page = RemindersPage(open_vault.reminders, open_vault.id, today=lambda: TODAY)
    qtbot.addWidget(page)
    about_request = [t for t in titles(page) if request.reference in t]
    assert about_request, titles(page)
    select(page, about_request[0])
    row = titles(page).index(about_request[0])
    assert page.model.index(row, SOURCE).data() == "Request deadline"
    with qtbot.waitSignal(page.open_request) as opened:
        page.open_button.click()
    assert opened.args == [request.id]
