"""The reusable findings list and the recording picker, over a realistic vault."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.vault.realistic_vault import TODAY, populate
from ui.findings_list import EMPTY_HINT, FindingsList
from ui.recording_picker import RecordingPicker
from vault.vault import Vault


def test_findings_list_shows_real_findings_then_clears(qtbot: QtBot, open_vault: Vault,
                                                       tmp_path: Path) -> None:
    ids = populate(open_vault, tmp_path)
    findings = open_vault.insights.term_flags(ids.faceforge)
    assert findings
    widget = FindingsList()
    qtbot.addWidget(widget)
    widget.show_findings(findings)
    assert widget.texts() == [f.message for f in findings]
    widget.resize(600, 300)
    widget.grab().save("/tmp/agreements/findings_list.png")
    widget.clear()
    assert widget.texts() == []
    assert widget._hint.text() == EMPTY_HINT
    assert open_vault.insights.scope_findings(TODAY)  # realistic data does have findings


def test_picker_search_hides_but_keeps_ticks(qtbot: QtBot, open_vault: Vault,
                                             tmp_path: Path) -> None:
    ids = populate(open_vault, tmp_path)
    picker = RecordingPicker(open_vault.recordings.list(), checked=[ids.voice1])
    qtbot.addWidget(picker)
    picker.set_checked(ids.face, True)
    picker.set_search("take-2")
    assert picker.visible_ids() == [ids.voice2]
    assert set(picker.selected_ids()) == {ids.voice1, ids.face}
    picker.set_search("")
    assert len(picker.visible_ids()) == len(open_vault.recordings.list())
