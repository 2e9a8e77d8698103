"""The reminders item model and its plain-word helpers, tested without any widget."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt

from tests.vault.realistic_vault import TODAY, populate
from ui.reminders_model import (
    COLUMNS,
    DUE,
    KEY_ROLE,
    REMINDER_ROLE,
    SOURCE,
    STATE,
    TITLE,
    RemindersTableModel,
    day_words,
    is_due,
    is_open,
    link_of,
    source_words,
    state_words,
)
from vault.services.reminders import Reminder
from vault.vault import Vault


def reminder(key: str, due_on: date, **changes: object) -> Reminder:
    values: dict[str, object] = {"title": f"About {key}", "detail": "What to do",
                                 "action": "open", "record_id": "rec-1"}
    values.update(changes)
    return Reminder(key, due_on, **values)  # type: ignore[arg-type]


def column(model: RemindersTableModel, col: int,
           role: int = Qt.ItemDataRole.DisplayRole) -> list[object]:
    return [model.index(row, col).data(role) for row in range(model.rowCount())]


def test_empty_model() -> None:
    model = RemindersTableModel()
    assert model.rowCount() == 0 and model.columnCount() == len(COLUMNS) == 4
    assert model.data(model.index(0, 0)) is None
    assert model.reminder_at(0) is None and model.row_of("nope") == -1
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == list(COLUMNS)
    assert model.rowCount(model.index(0, 0)) == 0


def test_rows_from_a_realistic_vault(open_vault: Vault, tmp_path: Path) -> None:
    ids = populate(open_vault, tmp_path)
    everything = open_vault.reminders.all(TODAY)
    model = RemindersTableModel()
    model.set_reminders(everything, TODAY)
    assert model.rowCount() == len(everything) == 8
    titles = column(model, TITLE)
    assert "Ask VoiceBank AI to delete your data" in titles
    assert "'Voice data licence' with VoiceBank AI ends in 30 days" in titles
    row = titles.index("'Voice data licence' with VoiceBank AI ends in 30 days")
    assert model.index(row, DUE).data() == "1 December 2026"
    assert model.index(row, SOURCE).data() == "Agreement ending"
    assert model.index(row, STATE).data() == "In 9 days"
    old = titles.index("Ask Old Data Co to delete your data")
    assert model.index(old, STATE).data() == f"Overdue by {(TODAY - date(2025, 7, 1)).days} days"
    assert model.index(old, SOURCE).data() == "Deletion due"
    assert model.index(old, STATE).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(row, STATE).data(Qt.ItemDataRole.FontRole) is None
    found = model.index(row, TITLE).data(REMINDER_ROLE)
    assert isinstance(found, Reminder) and link_of(found) == ("agreement", ids.voicebank)
    assert model.index(row, DUE).data(KEY_ROLE) == found.key
    assert model.row_of(found.key) == row
    assert "Decide whether to renew" in str(model.index(row, TITLE).data(
        Qt.ItemDataRole.ToolTipRole))
    model.clear()
    assert model.rowCount() == 0 and model.data(model.index(0, TITLE)) is None


def test_state_words_on_each_state() -> None:
    day = TODAY
    assert state_words(reminder("user:1", day), day) == "Due today"
    assert state_words(reminder("user:1", day + timedelta(days=1)), day) == "Due tomorrow"
    assert state_words(reminder("user:1", day - timedelta(days=1)), day) == "Overdue by 1 day"
    snoozed = reminder("user:1", day - timedelta(days=3), snoozed_until=day + timedelta(days=7))
    assert state_words(snoozed, day) == "Snoozed until 29 November 2026"
    assert not is_open(snoozed, day) and not is_due(snoozed, day)
    assert is_due(snoozed, day + timedelta(days=7))  # the snooze ended
    done = reminder("user:1", day, done_on=day)
    assert state_words(done, day) == "Done on 22 November 2026"
    assert not is_open(done, day)
    assert day_words(date(2027, 1, 1)) == "1 January 2027"


def test_sources_and_links() -> None:
    day = TODAY
    assert link_of(reminder("request-due:r9:2026-12-01:7", day, record_id="r9")) == (
        "request", "r9")
    assert source_words(reminder("overdue:r9", day)) == "Overdue request"
    assert link_of(reminder("access-check:c1:2026-11-22", day, record_id="c1")) == (
        "company", "c1")
    own = reminder("user:4", day, record_id=None, user_made=True)
    assert link_of(own) is None and source_words(own) == "Your own"
    assert source_words(reminder("something-new:x", day)) == "Other"
    assert link_of(reminder("something-new:x", day)) is None
    assert RemindersTableModel().data(QModelIndex()) is None
