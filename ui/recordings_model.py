"""The recordings table: a thin item model over RecordingInfo, and the proxy that searches it.

The caller (the recordings page) asks the services and hands the results in with
`set_rows(recordings, holders)` (`holdings(agreements)` computes the holders); nothing here
talks to the vault.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from vault.services.agreements import AgreementInfo
from vault.services.recordings import RecordingInfo

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


def search_text(info: RecordingInfo, companies: Sequence[str]) -> str:
    parts = [info.title, info.original_name or "", " ".join(info.tags), info.notes or "",
             " ".join(companies)]
    return "\n".join(parts).casefold()


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
    """One row per recording; `holders` maps a recording id to the companies holding it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RecordingInfo] = []
        self._holders: dict[str, tuple[str, ...]] = {}
        self._search: list[str] = []

    # -- feeding --------------------------------------------------------------------------

    def set_rows(self, recordings: Sequence[RecordingInfo],
                 holders: Mapping[str, Sequence[str]]) -> None:
        self.beginResetModel()
        self._rows = list(recordings)
        self._holders = {rid: tuple(names) for rid, names in holders.items()}
        self._search = [search_text(r, self.companies_of(r.id)) for r in self._rows]
        self.endResetModel()

    def recording(self, row: int) -> RecordingInfo:
        return self._rows[row]

    def recordings(self) -> list[RecordingInfo]:
        return list(self._rows)

    def companies_of(self, recording_id: str) -> tuple[str, ...]:
        return self._holders.get(recording_id, ())

    def row_of(self, recording_id: str) -> int:
        """The row of a recording id, or -1."""
        for row, info in enumerate(self._rows):
            if info.id == recording_id:
                return row
        return -1

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
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        info = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(info, column)
        if role == ID_ROLE:
            return info.id
        if role == SORT_ROLE:
            return self._sort_key(info, column)
        if role == SEARCH_ROLE:
            return self._search[index.row()]
        if role == KIND_ROLE:
            return info.kind
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(info, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == SIZE:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def _display(self, info: RecordingInfo, column: int) -> str:
        if column == TITLE:
            return info.title
        if column == KIND:
            return info.kind
        if column == CAPTURED:
            return info.captured_on.isoformat() if info.captured_on else ""
        if column == SIZE:
            return human_size(info.size)
        return ", ".join(self.companies_of(info.id))

    def _sort_key(self, info: RecordingInfo, column: int) -> Any:
        if column == SIZE:
            return info.size
        if column == CAPTURED:
            return info.captured_on.isoformat() if info.captured_on else ""
        return self._display(info, column).casefold()

    def _tooltip(self, info: RecordingInfo, column: int) -> str | None:
        if column == TITLE and info.original_name:
            return info.original_name
        if column == SIZE:
            return f"{info.size:,} bytes"
        if column == COMPANIES:
            return "\n".join(self.companies_of(info.id)) or "No agreement covers it."
        return None


class RecordingsFilterProxy(QSortFilterProxyModel):
    """Case-insensitive search (every word must appear) and a kind filter (None = all)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self._kind: str | None = None
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setDynamicSortFilter(True)

    @property
    def search(self) -> str:
        return " ".join(self._words)

    @property
    def kind(self) -> str | None:
        return self._kind

    def set_search(self, text: str) -> None:
        words = tuple(text.casefold().split())
        if words != self._words:
            self._change_filter(lambda: setattr(self, "_words", words))

    def set_kind(self, kind: str | None) -> None:
        if kind != self._kind:
            self._change_filter(lambda: setattr(self, "_kind", kind))

    def summary(self) -> str:
        """"5 recordings", "2 of 5 recordings", "No recordings match." ("" when empty)."""
        total, shown = self.sourceModel().rowCount(), self.rowCount()
        if shown == total:
            return "" if not total else "1 recording" if total == 1 else f"{total} recordings"
        return f"{shown} of {total} recordings" if shown else "No recordings match."

    def _change_filter(self, apply: Callable[[], None]) -> None:
        if hasattr(self, "endFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            apply()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            apply()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._kind is not None and model.data(index, KIND_ROLE) != self._kind:
            return False
        if not self._words:
            return True
        haystack = model.data(index, SEARCH_ROLE) or ""
        return all(word in haystack for word in self._words)
