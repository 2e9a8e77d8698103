"""The recordings table: a thin item model over RecordingRow tuples, and the proxy that searches it.

The caller (the recordings page) asks the services and hands the results in with
`set_rows(recordings, holders)` (`holdings(agreements)` computes the holders); nothing here
talks to the vault.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
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


class RecordingsFilterProxy(QAbstractProxyModel):
    """Case-insensitive search (every word must appear), a kind filter (None = all) and
    sorting, over a RecordingsTableModel.

    Not a QSortFilterProxyModel: that one asks `data()` for every row on each sort and filter
    change, which is seconds for 100,000 recordings. This one works on the source's
    precomputed lists and keeps the shown source rows, in order, in one Python list. The
    source model only ever resets (`set_rows`); the rows are worked out again then."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self._kind: str | None = None
        self._sort_column = -1  # -1: source order
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._order: list[int] | None = None  # all source rows, sorted; None = to work out
        self._shown: list[int] = []  # proxy row -> source row
        self._proxy_row: list[int] | None = None  # source row -> proxy row (-1), lazily
        self._source: RecordingsTableModel | None = None

    # -- the source -----------------------------------------------------------------------

    def setSourceModel(self, source: QAbstractItemModel | None) -> None:
        if source is not None and not isinstance(source, RecordingsTableModel):
            raise TypeError("RecordingsFilterProxy works over a RecordingsTableModel")
        self.beginResetModel()
        if self._source is not None:
            for signal, slot in self._connections():
                signal.disconnect(slot)
        super().setSourceModel(source)  # type: ignore[arg-type]  # None is allowed
        self._source = source
        if source is not None:
            for signal, slot in self._connections():
                signal.connect(slot)
        self._order = None
        self._refilter()
        self.endResetModel()

    def _connections(self) -> list[tuple[Any, Callable[..., None]]]:
        source = self._source
        assert source is not None
        # Anything but a reset is not expected; treated as one so the rows stay right.
        return [(source.modelAboutToBeReset, self._source_about_to_change),
                (source.modelReset, self._source_changed),
                (source.rowsAboutToBeInserted, self._source_about_to_change),
                (source.rowsInserted, self._source_changed),
                (source.rowsAboutToBeRemoved, self._source_about_to_change),
                (source.rowsRemoved, self._source_changed),
                (source.layoutAboutToBeChanged, self._source_about_to_change),
                (source.layoutChanged, self._source_changed),
                (source.dataChanged, self._source_data_changed)]

    def _source_about_to_change(self, *_args: object) -> None:
        self.beginResetModel()

    def _source_changed(self, *_args: object) -> None:
        self._order = None
        self._refilter()
        self.endResetModel()

    def _source_data_changed(self, *_args: object) -> None:
        self.beginResetModel()
        self._source_changed()

    # -- searching, filtering, sorting ----------------------------------------------------

    @property
    def search(self) -> str:
        return " ".join(self._words)

    @property
    def kind(self) -> str | None:
        return self._kind

    def set_search(self, text: str) -> None:
        words = tuple(text.casefold().split())
        if words != self._words:
            # Typing on narrows the search: only the rows shown now can still match.
            narrower = all(any(old in new for new in words) for old in self._words)
            self._words = words
            self._change_filter(narrower)

    def set_kind(self, kind: str | None) -> None:
        if kind != self._kind:
            narrower = self._kind is None
            self._kind = kind
            self._change_filter(narrower)

    def summary(self) -> str:
        """"5 recordings", "2 of 5 recordings", "No recordings match." ("" when empty)."""
        source = self.sourceModel()
        total = source.rowCount() if source is not None else 0
        shown = self.rowCount()
        if shown == total:
            return "" if not total else "1 recording" if total == 1 else f"{total} recordings"
        return f"{shown} of {total} recordings" if shown else "No recordings match."

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column >= len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        sources = [self.mapToSource(index) for index in persistent]
        self._sort_column, self._sort_order = column, order
        self._order = None
        self._refilter()
        self.changePersistentIndexList(persistent,
                                       [self.mapFromSource(index) for index in sources])
        self.layoutChanged.emit()

    def sortColumn(self) -> int:
        return self._sort_column

    def sortOrder(self) -> Qt.SortOrder:
        return self._sort_order

    def _change_filter(self, narrower: bool) -> None:
        self.beginResetModel()
        self._refilter(self._shown if narrower else None)
        self.endResetModel()

    def _sorted_rows(self) -> list[int]:
        if self._order is None:
            source = self._source
            count = source.rowCount() if source is not None else 0
            if source is None or not 0 <= self._sort_column < len(COLUMNS):
                self._order = list(range(count))
            else:
                keys = source.sort_keys(self._sort_column)
                self._order = sorted(range(count), key=keys.__getitem__,
                                     reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        return self._order

    def _refilter(self, among: list[int] | None = None) -> None:
        """Work out the shown rows, from `among` (already in order) or from all of them."""
        rows = self._sorted_rows() if among is None else among
        source = self._source
        if source is not None and self._kind is not None:
            kinds, kind = source.kinds(), self._kind
            rows = [row for row in rows if kinds[row] == kind]
        if source is not None and self._words:
            texts = source.search_texts()
            for word in self._words:
                rows = [row for row in rows if word in texts[row]]
        self._shown = rows  # never changed in place, so it may be the sorted list itself
        self._proxy_row = None

    # -- QAbstractProxyModel --------------------------------------------------------------

    def mapToSource(self, proxy_index: AnyIndex) -> QModelIndex:
        source = self._source
        if source is None or not proxy_index.isValid():
            return QModelIndex()
        row = proxy_index.row()
        if not 0 <= row < len(self._shown):
            return QModelIndex()
        return source.index(self._shown[row], proxy_index.column())

    def mapFromSource(self, source_index: AnyIndex) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        if self._proxy_row is None:
            source = self._source
            lookup = [-1] * (source.rowCount() if source is not None else 0)
            for proxy_row, source_row in enumerate(self._shown):
                lookup[source_row] = proxy_row
            self._proxy_row = lookup
        row = source_index.row()
        if not 0 <= row < len(self._proxy_row) or self._proxy_row[row] < 0:
            return QModelIndex()
        return self.index(self._proxy_row[row], source_index.column())

    def index(self, row: int, column: int,
              parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < len(self._shown) and 0 <= column < len(COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._source is None else len(COLUMNS)

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._shown)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        source = self._source
        if source is None or not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        return source.cell(self._shown[index.row()], index.column(), role)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._source is None or orientation != Qt.Orientation.Horizontal:
            return None
        return self._source.headerData(section, orientation, role)
