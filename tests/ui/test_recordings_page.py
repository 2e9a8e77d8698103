"""The recordings page against a real (populated) vault, offscreen."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from tests.vault.realistic_vault import Ids, populate
from ui.recordings_model import COMPANIES, SIZE, TITLE
from ui.recordings_page import EMPTY_HINT, NOT_HELD, RecordingsPage
from vault.vault import Vault

SCREENSHOT = Path("/tmp/holdfast-recordings-page.png")


@pytest.fixture
def ids(open_vault: Vault, tmp_path: Path) -> Ids:
    return populate(open_vault, tmp_path / "sources")


@pytest.fixture
def page(qtbot: QtBot, open_vault: Vault, ids: Ids) -> RecordingsPage:
    page = RecordingsPage(open_vault.recordings, open_vault.agreements)
    qtbot.addWidget(page)
    return page


def select(qtbot: QtBot, page: RecordingsPage, recording_id: str) -> None:
    with qtbot.waitSignal(page.recording_selected) as blocker:
        assert page.select_recording(recording_id)
    assert blocker.args == [recording_id]


def titles(page: RecordingsPage) -> list[str]:
    return [page.proxy.index(row, TITLE).data() for row in range(page.proxy.rowCount())]


@pytest.fixture(autouse=True)
def _sources(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()


def test_shows_the_vault_and_saves_a_screenshot(qtbot: QtBot, open_vault: Vault, ids: Ids,
                                                tmp_path: Path) -> None:
    open_vault.recordings.update(ids.face, captured_on=date(2025, 2, 28),
                                 tags=["biometric", "3d"],
                                 notes="Scanned at the FaceForge booth, about 20 minutes.")
    page = RecordingsPage(open_vault.recordings, open_vault.agreements)
    qtbot.addWidget(page)
    assert page.model.rowCount() == page.proxy.rowCount() == 5
    assert titles(page) == ["day-in-life", "face-scan", "take-1", "take-2", "take-3"]
    assert page.proxy.index(1, COMPANIES).data() == "VoiceBank AI, FaceForge Studios"
    assert page.proxy.index(0, COMPANIES).data() == "Old Data Co"
    assert page.proxy.index(0, SIZE).data() == "1.5 kB"  # "day-in-life.mp4" * 100
    assert page.count_label.text() == "5 recordings"
    assert page.stack.currentIndex() == 0
    assert page.selected_id() == ""
    select(qtbot, page, ids.face)

    page.resize(1100, 650)
    page.show()
    qtbot.waitExposed(page)
    assert page.table.isVisible() and not page.empty_label.isVisible()
    assert page.detail_form.isVisible() and page.sha_view.isVisible()
    # The hash is shown whole (wrapped, not clipped), and nothing overlaps it.
    sha, held = page.sha_view, page.held_label
    qtbot.waitUntil(lambda: sha.height() >= sha.document().size().height()
                    and sha.geometry().bottom() < held.geometry().top())
    shot = tmp_path / "recordings.png"
    assert page.grab().save(str(shot))
    shutil.copyfile(shot, SCREENSHOT)


def test_clicking_a_row_fills_the_detail_pane(qtbot: QtBot, page: RecordingsPage,
                                              open_vault: Vault, ids: Ids) -> None:
    page.resize(1000, 600)
    page.show()
    qtbot.waitExposed(page)
    assert page.no_selection_label.isVisible()
    row = titles(page).index("face-scan")
    rect = page.table.visualRect(page.proxy.index(row, TITLE))
    with qtbot.waitSignal(page.recording_selected) as blocker:
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [ids.face]
    face = open_vault.recordings.get(ids.face)
    assert page.detail_form.isVisible()
    assert page.title_edit.text() == "face-scan"
    assert page.kind_edit.currentText() == "face"
    assert not page.captured_check.isChecked() and not page.captured_edit.isEnabled()
    assert page.captured_edit.text() == "Not set"
    assert page.tags_edit.text() == "" and page.notes_edit.toPlainText() == ""
    assert page.sha_view.toPlainText() == face.sha256
    assert page.sha_view.isReadOnly()
    assert page.size_label.text() == "1.3 kB (1,300 bytes)"
    assert page.original_view.toPlainText() == "face-scan.obj"
    assert page.media_label.text() == face.media_type
    assert page.held_label.text().splitlines() == [
        "VoiceBank AI (via Gigly): Voice data licence", "FaceForge Studios: Likeness release"]
    assert not page.save_button.isEnabled()


def test_search_filters_rows(qtbot: QtBot, page: RecordingsPage) -> None:
    qtbot.keyClicks(page.search_edit, "take")
    assert page.proxy.rowCount() == 3
    assert page.count_label.text() == "3 of 5 recordings"
    page.search_edit.setText("FACEFORGE")  # a company holding it, any case
    assert titles(page) == ["face-scan"]
    page.search_edit.setText("day-in-life.mp4")  # the original name
    assert titles(page) == ["day-in-life"]
    page.search_edit.setText("nothing like it")
    assert page.proxy.rowCount() == 0
    assert page.count_label.text() == "No recordings match."
    page.search_edit.clear()
    assert page.proxy.rowCount() == 5


def test_kind_filter(qtbot: QtBot, page: RecordingsPage) -> None:
    combo = page.kind_filter
    assert combo.itemText(0) == "All kinds" and combo.count() == 11
    combo.setCurrentIndex(combo.findData("voice"))
    assert titles(page) == ["take-1", "take-2", "take-3"]
    combo.setCurrentIndex(combo.findData("video"))
    assert titles(page) == ["day-in-life"]
    page.search_edit.setText("take")
    assert page.proxy.rowCount() == 0
    combo.setCurrentIndex(0)
    assert page.proxy.rowCount() == 3


def test_edit_and_save_persists(qtbot: QtBot, page: RecordingsPage, open_vault: Vault,
                                ids: Ids) -> None:
    select(qtbot, page, ids.voice2)
    page.title_edit.clear()
    qtbot.keyClicks(page.title_edit, "Second take, studio B")
    assert page.save_button.isEnabled()
    page.kind_edit.setCurrentText("other")
    page.captured_check.setChecked(True)
    page.captured_edit.setDate(QDate(2025, 1, 9))
    page.tags_edit.setText("studio, english , studio")
    page.notes_edit.setPlainText("Paid per minute.")
    with qtbot.assertNotEmitted(page.recording_selected):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    stored = open_vault.recordings.get(ids.voice2)
    assert stored.title == "Second take, studio B"
    assert stored.kind == "other"
    assert stored.captured_on == date(2025, 1, 9)
    assert stored.tags == ("studio", "english")
    assert stored.notes == "Paid per minute."
    assert not page.error_label.isVisibleTo(page)
    assert page.saved_label.isVisibleTo(page)
    assert page.selected_id() == ids.voice2  # still selected after the reload
    assert "Second take, studio B" in titles(page)
    assert page.tags_edit.text() == "studio, english"
    assert not page.save_button.isEnabled()
    # Clearing the date stores "unknown" again.
    page.captured_check.setChecked(False)
    page.save()
    assert open_vault.recordings.get(ids.voice2).captured_on is None


def test_invalid_title_shows_an_inline_error_and_changes_nothing(
        qtbot: QtBot, page: RecordingsPage, open_vault: Vault, ids: Ids) -> None:
    before = open_vault.recordings.get(ids.video)
    select(qtbot, page, ids.video)
    page.title_edit.setText("   ")
    page.notes_edit.setPlainText("should not be stored")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.error_label.isVisibleTo(page)
    assert page.error_label.text() == "A recording needs a title."
    assert open_vault.recordings.get(ids.video) == before
    assert page.title_edit.text() == "   "  # the edit is kept for the person to fix
    page.title_edit.setText("Day in the life")
    page.save()
    assert not page.error_label.isVisibleTo(page)
    assert open_vault.recordings.get(ids.video).title == "Day in the life"
    assert open_vault.recordings.get(ids.video).notes == "should not be stored"


def test_revert_restores_the_stored_values(qtbot: QtBot, page: RecordingsPage,
                                           ids: Ids) -> None:
    select(qtbot, page, ids.voice1)
    page.title_edit.setText("changed")
    qtbot.mouseClick(page.revert_button, Qt.MouseButton.LeftButton)
    assert page.title_edit.text() == "take-1"
    assert not page.save_button.isEnabled()


def test_empty_state(qtbot: QtBot, open_vault: Vault, tmp_path: Path) -> None:
    page = RecordingsPage(open_vault.recordings, open_vault.agreements)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert page.empty_label.isVisible()
    assert page.empty_label.text() == EMPTY_HINT
    assert not page.table.isVisible()
    source = tmp_path / "sources" / "hello.wav"
    source.write_bytes(b"RIFF" * 10)
    open_vault.recordings.import_file(source)
    page.refresh()
    assert page.table.isVisible() and not page.empty_label.isVisible()
    assert titles(page) == ["hello"]
    with qtbot.waitSignal(page.recording_selected):
        page.select_recording(page.model.recording(0)[0])
    assert page.held_label.text() == NOT_HELD


def test_action_buttons_emit_the_selected_id(qtbot: QtBot, page: RecordingsPage,
                                             ids: Ids) -> None:
    select(qtbot, page, ids.video)
    for button, signal in ((page.preview_button, page.preview_requested),
                           (page.export_button, page.export_requested),
                           (page.remove_button, page.remove_requested)):
        with qtbot.waitSignal(signal) as blocker:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert blocker.args == [ids.video]
    assert page.export_button.text() == "Export decrypted copy…"
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    with qtbot.waitSignal(page.remove_requested) as blocker:
        qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert blocker.args == [ids.video]


def test_selection_follows_filter_and_refresh(qtbot: QtBot, page: RecordingsPage,
                                              open_vault: Vault, ids: Ids) -> None:
    select(qtbot, page, ids.face)
    open_vault.recordings.update(ids.face, title="Face scan (3D)")
    with qtbot.assertNotEmitted(page.recording_selected):
        page.refresh()
    assert page.selected_id() == ids.face
    assert page.title_edit.text() == "Face scan (3D)"
    # A reload keeps edits not saved yet, and the read-only facts are fresh.
    page.title_edit.setText("Edited, not saved")
    page.refresh()
    assert page.title_edit.text() == "Edited, not saved" and page.save_button.isEnabled()
    # The kind filter keeps the selection while the recording is still shown.
    with qtbot.assertNotEmitted(page.recording_selected):
        page.kind_filter.setCurrentIndex(page.kind_filter.findData("face"))
    assert page.selected_id() == ids.face
    page.kind_filter.setCurrentIndex(0)
    # Filtering the selected recording out clears the selection and the pane.
    with qtbot.waitSignal(page.recording_selected) as blocker:
        page.search_edit.setText("take")
    assert blocker.args == [""]
    assert page.detail.currentWidget() is page.no_selection_label
    # Removing a recording elsewhere: it disappears and nothing is selected.
    page.search_edit.clear()
    select(qtbot, page, ids.voice3)
    open_vault.recordings.remove(ids.voice3)
    with qtbot.waitSignal(page.recording_selected) as blocker:
        page.refresh()
    assert blocker.args == [""]
    assert page.model.rowCount() == 4
    assert not page.select_recording(ids.voice3)


def test_focus_search(qtbot: QtBot, page: RecordingsPage) -> None:
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    page.search_edit.setText("take")
    page.focus_search()
    qtbot.waitUntil(page.search_edit.hasFocus)
    assert page.search_edit.selectedText() == "take"
