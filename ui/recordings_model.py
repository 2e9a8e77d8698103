"""The recordings table: a thin item model over RecordingRow tuples, and the proxy that searches it.

The caller (the recordings page) asks the services and hands the results in with
`set_rows(recordings, holders)` (`holdings(agreements)` computes the holders); nothing here
talks to the vault.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from vault.services.agreements import AgreementInfo
from vault.services.recordings import (
    ROW_CAPTURED_ON,
    ROW_ID,
    ROW_KIND,
    ROW_NOTES,
    ROW_ORIGINAL_NAME,
    ROW_SIZE,
    ROW_TAGS,
    ROW_TITLE,
    RecordingRow,
)

COLUMNS = ("Title", "Kind", "Captured", "Size", "Companies")
TITLE, KIND, CAPTURED, SIZE, COMPANIES = range(len(COLUMNS))

ID_ROLE = Qt.ItemDataRole.UserRole  # the recording id, on every column
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # what the column sorts by (bytes for Size)
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2  # folded text the search box looks through
KIND_ROLE = Qt.ItemDataRole.UserRole + 3  # the data kind, for the kind filter

_UNITS = ("kB", "MB", "GB", "TB")

AnyIndex = QModelIndex | QPersistentModelIndex


def human_size(size: int) -> str:
    """Sizes the way file managers show them: 999 bytes, 1.5 kB, 12 MB, 2.1 GB."""
    if size < 1000:
        return "1 byte" if size == 1 else f"{size} bytes"
    value = float(size)
    for unit in _UNITS:
        value /= 1000
        if value < 999.5 or unit == _UNITS[-1]:
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
    raise AssertionError("unreachable")


def search_text(row: RecordingRow, companies: Sequence[str]) -> str:
    """The folded text the search box looks through: title, file name, tags, notes, holders."""
    return (f"{row[ROW_TITLE]}\n{row[ROW_ORIGINAL_NAME] or ''}\n{row[ROW_TAGS] or ''}\n"
            f"{row[ROW_NOTES] or ''}\n{' '.join(companies)}").casefold()


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags as typed in one comma-separated line."""
    return tuple(tag.strip() for tag in text.split(",") if tag.strip())


def holdings(agreements: Iterable[AgreementInfo],
             ) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """From agreements: recording id -> companies holding it (for `set_rows`), and
    recording id -> one line per agreement covering it ("Company (via X): title")."""
    holders: dict[str, list[str]] = {}
    lines: dict[str, list[str]] = {}
    for agreement in agreements:
        company = agreement.company_name
        via = f" (via {agreement.via_company_name})" if agreement.via_company_name else ""
        for held in agreement.recordings:
            lines.setdefault(held.recording_id, []).append(
                f"{company}{via}: {agreement.terms.title}")
            names = holders.setdefault(held.recording_id, [])
            if company not in names:
                names.append(company)
    return ({rid: tuple(names) for rid, names in holders.items()},
            {rid: tuple(text) for rid, text in lines.items()})


class RecordingsTableModel(QAbstractTableModel):
    """One row per recording (a RecordingRow tuple from `RecordingService.table_rows`);
    `holders` maps a recording id to the companies holding it.

    Everything searching and sorting need is worked out once in `set_rows` (a folded search
    text per row, the kind, the row of each id) or once per column (sort keys), so that
    RecordingsFilterProxy never has to go through `data()` row by row."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RecordingRow] = []
        self._holders: dict[str, tuple[str, ...]] = {}
        self._search: list[str] = []
        self._kinds: list[str] = []
        self._row_of: dict[str, int] = {}
        self._sort_keys: dict[int, list[Any]] = {}

    # -- feeding --------------------------------------------------------------------------

    def set_rows(self, recordings: Sequence[RecordingRow],
                 holders: Mapping[str, Sequence[str]]) -> None:
        self.beginResetModel()
        self._rows = list(recordings)
        self._holders = {rid: tuple(names) for rid, names in holders.items()}
        held = self._holders.get
        # search_text() written out inline: this runs for every recording in the vault.
        self._search = [f"{title}\n{name or ''}\n{tags or ''}\n{notes or ''}\n"
                        f"{' '.join(held(rid, ()))}".casefold()
                        for rid, title, _, name, _, _, notes, tags in self._rows]
        self._kinds = [r[ROW_KIND] for r in self._rows]
        self._row_of = {r[ROW_ID]: row for row, r in enumerate(self._rows)}
        self._sort_keys = {}
        self.endResetModel()

    def recording(self, row: int) -> RecordingRow:
        return self._rows[row]

    def recordings(self) -> list[RecordingRow]:
        return list(self._rows)

    def companies_of(self, recording_id: str) -> tuple[str, ...]:
        return self._holders.get(recording_id, ())

    def row_of(self, recording_id: str) -> int:
        """The row of a recording id, or -1."""
        return self._row_of.get(recording_id, -1)

    # -- for the proxy: per-row values, computed once -------------------------------------

    def search_texts(self) -> Sequence[str]:
        """The folded text the search looks through, one per row."""
        return self._search

    def kinds(self) -> Sequence[str]:
        return self._kinds

    def sort_keys(self, column: int) -> Sequence[Any]:
        """What each row sorts by in a column (the SORT_ROLE values), computed once."""
        keys = self._sort_keys.get(column)
        if keys is None:
            rows = self._rows
            if column == TITLE:
                keys = [info[ROW_TITLE].casefold() for info in rows]
            elif column == KIND:
                keys = [info[ROW_KIND].casefold() for info in rows]
            elif column == SIZE:
                keys = [info[ROW_SIZE] for info in rows]
            else:
                keys = [self._sort_key(info, column) for info in rows]
            self._sort_keys[column] = keys
        return keys

    # -- QAbstractTableModel --------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section == SIZE:
                return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self.cell(index.row(), index.column(), role)

    def cell(self, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """`data()` by row and column (the proxy asks this way, without making an index)."""
        if not 0 <= row < len(self._rows):
            return None
        info = self._rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(info, column)
        if role == ID_ROLE:
            return info[ROW_ID]
        if role == SORT_ROLE:
            return self._sort_key(info, column)
        if role == SEARCH_ROLE:
            return self._search[row]
        if role == KIND_ROLE:
            return info[ROW_KIND]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(info, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == SIZE:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def _display(self, info: RecordingRow, column: int) -> str:
        if column == TITLE:
            return info[ROW_TITLE]
        if column == KIND:
            return info[ROW_KIND]
        if column == CAPTURED:
            return info[ROW_CAPTURED_ON] or ""
        if column == SIZE:
            return human_size(info[ROW_SIZE])
        return ", ".join(self.companies_of(info[ROW_ID]))

    def _sort_key(self, info: RecordingRow, column: int) -> Any:
        if column == SIZE:
            return info[ROW_SIZE]
        if column == CAPTURED:
            return info[ROW_CAPTURED_ON] or ""
        return self._display(info, column).casefold()

    def _tooltip(self, info: RecordingRow, column: int) -> str | None:
        if column == TITLE and info[ROW_ORIGINAL_NAME]:
            return info[ROW_ORIGINAL_NAME]
        if column == SIZE:
            return f"{info[ROW_SIZE]:,} bytes"
        if column == COMPANIES:
            return "\n".join(self.companies_of(info[ROW_ID])) or "No agreement covers it."
        return None
