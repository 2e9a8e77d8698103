"""The recordings item model and its search/kind proxy, tested without any widget."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt

from tests.vault.realistic_vault import populate
from ui.recordings_model import (
    CAPTURED,
    COLUMNS,
    COMPANIES,
    ID_ROLE,
    KIND,
    SIZE,
    SORT_ROLE,
    TITLE,
    RecordingsTableModel,
    holdings,
    human_size,
    parse_tags,
)
from ui.recordings_proxy import RecordingsFilterProxy
from vault.services.recordings import RecordingRow
from vault.vault import Vault


def info(rid: str, title: str, kind: str, size: int, *, captured_on: date | None = None,
         original_name: str | None = None, notes: str | None = None,
         tags: tuple[str, ...] = ()) -> RecordingRow:
    """A row as RecordingService.table_rows gives it."""
    return (rid, title, kind, original_name, size,
            captured_on.isoformat() if captured_on else None, notes, ",".join(tags) or None)


ROWS = [
    info("r1", "Morning take", "voice", 900, captured_on=date(2025, 1, 15),
         original_name="take-1.wav", tags=("studio", "english")),
    info("r2", "Face scan", "face", 3_500_000_000, original_name="scan.obj",
         notes="Done at the Leeds booth"),
    info("r3", "Commute video", "video", 12_000_000, captured_on=date(2024, 6, 2),
         original_name="day.mp4"),
    info("r4", "evening take", "voice", 45_000, original_name="take-2.wav"),
]
HOLDERS = {"r1": ("VoiceBank AI",), "r2": ("VoiceBank AI", "FaceForge Studios")}


@pytest.fixture
def model() -> RecordingsTableModel:
    model = RecordingsTableModel()
    model.set_rows(ROWS, HOLDERS)
    return model


@pytest.fixture
def proxy(model: RecordingsTableModel) -> RecordingsFilterProxy:
    proxy = RecordingsFilterProxy()
    proxy.setSourceModel(model)
    return proxy


def column_of(proxy: RecordingsFilterProxy, column: int,
              role: int = Qt.ItemDataRole.DisplayRole) -> list[object]:
    return [proxy.index(row, column).data(role) for row in range(proxy.rowCount())]


def ids_of(proxy: RecordingsFilterProxy) -> list[str]:
    return [str(value) for value in column_of(proxy, TITLE, ID_ROLE)]


def test_empty_model() -> None:
    model = RecordingsTableModel()
    proxy = RecordingsFilterProxy()
    proxy.setSourceModel(model)
    assert model.rowCount() == 0 and proxy.rowCount() == 0
    assert model.columnCount() == len(COLUMNS) == 5
    assert model.data(model.index(0, 0)) is None
    assert model.row_of("r1") == -1
    proxy.set_search("anything")
    assert proxy.rowCount() == 0


def test_counts_and_headers(model: RecordingsTableModel) -> None:
    assert model.rowCount() == 4
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no children
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))]
    assert headers == ["Title", "Kind", "Captured", "Size", "Companies"]


def test_data_for_each_column_and_role(model: RecordingsTableModel) -> None:
    def cell(row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return model.index(row, column).data(role)

    assert [cell(0, c) for c in range(5)] == ["Morning take", "voice", "2025-01-15",
                                              "900 bytes", "VoiceBank AI"]
    assert [cell(1, c) for c in range(5)] == ["Face scan", "face", "", "3.5 GB",
                                              "VoiceBank AI, FaceForge Studios"]
    assert cell(3, COMPANIES) == ""  # nobody holds it
    assert {cell(2, c, ID_ROLE) for c in range(5)} == {"r3"}
    assert cell(1, SIZE, SORT_ROLE) == 3_500_000_000
    assert cell(0, CAPTURED, SORT_ROLE) == "2025-01-15"
    assert cell(1, CAPTURED, SORT_ROLE) == ""
    assert cell(0, SIZE, Qt.ItemDataRole.ToolTipRole) == "900 bytes"
    assert cell(1, SIZE, Qt.ItemDataRole.ToolTipRole) == "3,500,000,000 bytes"
    assert cell(3, COMPANIES, Qt.ItemDataRole.ToolTipRole) == "No agreement covers it."
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    assert cell(0, SIZE, Qt.ItemDataRole.TextAlignmentRole) == right
    assert cell(0, KIND, Qt.ItemDataRole.TextAlignmentRole) is None
    assert model.data(QModelIndex()) is None
    assert model.recording(2) is ROWS[2]
    assert model.row_of("r4") == 3
    assert model.companies_of("r2") == ("VoiceBank AI", "FaceForge Studios")


@pytest.mark.parametrize(("size", "text"), [
    (0, "0 bytes"), (1, "1 byte"), (999, "999 bytes"), (1000, "1.0 kB"), (1500, "1.5 kB"),
    (45_000, "45 kB"), (999_499, "999 kB"), (999_600, "1.0 MB"), (12_000_000, "12 MB"),
    (3_500_000_000, "3.5 GB"), (2 * 10**15, "2000 TB")])
def test_human_size(size: int, text: str) -> None:
    assert human_size(size) == text


def test_sorting_by_size_is_numeric(proxy: RecordingsFilterProxy) -> None:
    proxy.sort(SIZE, Qt.SortOrder.AscendingOrder)
    assert ids_of(proxy) == ["r1", "r4", "r3", "r2"]  # 900 B, 45 kB, 12 MB, 3.5 GB
    proxy.sort(SIZE, Qt.SortOrder.DescendingOrder)
    assert ids_of(proxy) == ["r2", "r3", "r4", "r1"]


def test_sorting_by_title_ignores_case_and_by_date(proxy: RecordingsFilterProxy) -> None:
    proxy.sort(TITLE, Qt.SortOrder.AscendingOrder)
    assert column_of(proxy, TITLE) == ["Commute video", "evening take", "Face scan",
                                       "Morning take"]
    proxy.sort(CAPTURED, Qt.SortOrder.AscendingOrder)
    assert ids_of(proxy)[2:] == ["r3", "r1"]  # the two unknown dates first, then by date


def test_search_filters_as_the_text_changes(proxy: RecordingsFilterProxy) -> None:
    proxy.sort(TITLE, Qt.SortOrder.AscendingOrder)
    expectations = [
        ("take", ["r4", "r1"]),            # titles
        ("TAKE-2", ["r4"]),                # original name, any case
        ("studio", ["r2", "r1"]),          # a tag, and a company ("FaceForge Studios")
        ("leeds", ["r2"]),                 # notes
        ("faceforge", ["r2"]),             # companies
        ("voicebank morning", ["r1"]),     # every word must appear
        ("zzz", []),
        ("", ["r3", "r4", "r2", "r1"]),
        ("   ", ["r3", "r4", "r2", "r1"]),
    ]
    for text, expected in expectations:
        proxy.set_search(text)
        assert ids_of(proxy) == expected, text
        assert proxy.rowCount() == len(expected)


def test_kind_filter_combines_with_search(proxy: RecordingsFilterProxy) -> None:
    proxy.set_kind("voice")
    assert sorted(ids_of(proxy)) == ["r1", "r4"]
    proxy.set_search("evening")
    assert ids_of(proxy) == ["r4"]
    proxy.set_kind("face")
    assert proxy.rowCount() == 0
    proxy.set_kind(None)
    proxy.set_search("")
    assert proxy.rowCount() == 4
    proxy.set_kind("location")
    assert proxy.rowCount() == 0


def test_set_rows_replaces_everything(model: RecordingsTableModel,
                                      proxy: RecordingsFilterProxy) -> None:
    proxy.set_search("faceforge")
    assert proxy.rowCount() == 1
    model.set_rows(ROWS[:1], {"r1": ("FaceForge Studios",)})
    assert ids_of(proxy) == ["r1"]  # the filter applies to the new rows
    model.set_rows([], {})
    assert proxy.rowCount() == 0 and model.rowCount() == 0


def test_summary_follows_the_filter(proxy: RecordingsFilterProxy) -> None:
    assert proxy.summary() == "4 recordings"
    proxy.set_kind("voice")
    assert proxy.summary() == "2 of 4 recordings"
    proxy.set_search("nothing like it")
    assert proxy.summary() == "No recordings match."
    empty = RecordingsFilterProxy()
    empty.setSourceModel(RecordingsTableModel())
    assert empty.summary() == ""
    one = RecordingsTableModel()
    one.set_rows(ROWS[:1], {})
    empty.setSourceModel(one)
    assert empty.summary() == "1 recording"


def test_parse_tags() -> None:
    assert parse_tags(" studio, english ,, ") == ("studio", "english")
    assert parse_tags("") == ()


def test_holdings_from_real_agreements(open_vault: Vault, tmp_path: Path) -> None:
    ids = populate(open_vault, tmp_path)
    holders, lines = holdings(open_vault.agreements.list())
    assert holders[ids.face] == ("VoiceBank AI", "FaceForge Studios")
    assert holders[ids.voice3] == ("VoiceBank AI",)
    assert holders[ids.video] == ("Old Data Co",)
    assert lines[ids.face] == ("VoiceBank AI (via Gigly): Voice data licence",
                               "FaceForge Studios: Likeness release")
    model = RecordingsTableModel()
    model.set_rows(open_vault.recordings.table_rows(), holders)
    proxy = RecordingsFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_search("old data")
    assert ids_of(proxy) == [ids.video]
