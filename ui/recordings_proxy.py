"""Searching, filtering by kind and sorting the recordings table, over precomputed lists."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from ui.recordings_model import COLUMNS, RecordingsTableModel

AnyIndex = QModelIndex | QPersistentModelIndex


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
