"""Who holds what: companies (rows) by data kind (columns), each cell the most pressing
status at a date and how many recordings it covers. A thin model over
`InsightService.holdings(on)`; the holdings behind each cell are kept for the detail list."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from vault.services.insights import HoldingEntry
from vault.vocabulary import DATA_KINDS

# Most pressing first: what the user should act on comes before what is settled.
STATUS_PRIORITY = ("ended", "revoked", "expiring", "deletion-requested", "active",
                   "not-started", "deletion-confirmed")

# Plain words for agreement statuses, as the overview shows them.
STATUS_LABELS = {
    "ended": "deletion due",
    "revoked": "revoked, deletion due",
    "expiring": "expiring",
    "deletion-requested": "deletion requested",
    "active": "active",
    "not-started": "not started",
    "deletion-confirmed": "deleted",
}

# Soft tints, readable in light and dark themes: red-ish needs action, amber soon, green ok.
STATUS_TINTS = {
    "ended": QColor(220, 60, 60, 70),
    "revoked": QColor(220, 60, 60, 70),
    "expiring": QColor(230, 160, 30, 70),
    "deletion-requested": QColor(70, 130, 220, 60),
    "active": QColor(60, 170, 90, 55),
    "not-started": QColor(150, 150, 150, 40),
    "deletion-confirmed": QColor(150, 150, 150, 40),
}

STATUS_ROLE = Qt.ItemDataRole.UserRole  # the most pressing status of a cell (or None)
COUNT_ROLE = Qt.ItemDataRole.UserRole + 1  # how many holdings a cell covers
COMPANY_ID_ROLE = Qt.ItemDataRole.UserRole + 2  # on the vertical header and every cell
AnyIndex = QModelIndex | QPersistentModelIndex


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def most_pressing(statuses: Sequence[str]) -> str:
    ranked = sorted(statuses, key=lambda s: STATUS_PRIORITY.index(s)
                    if s in STATUS_PRIORITY else len(STATUS_PRIORITY))
    return ranked[0]


def kind_label(kind: str) -> str:
    return kind.capitalize()


class HoldingsMatrixModel(QAbstractTableModel):
    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._companies: list[tuple[str, str]] = []  # (company id, name)
        self._kinds: list[str] = []
        self._cells: dict[tuple[int, int], list[HoldingEntry]] = {}

    # -- loading -----------------------------------------------------------------------------

    def set_holdings(self, holdings: Sequence[HoldingEntry]) -> None:
        self.beginResetModel()
        names: dict[str, str] = {}
        kinds: set[str] = set()
        for entry in holdings:
            names.setdefault(entry.company_id, entry.company)
            kinds.add(entry.recording_kind)
        self._companies = sorted(names.items(), key=lambda item: item[1].casefold())
        order = list(DATA_KINDS)
        self._kinds = sorted(kinds, key=lambda k: order.index(k) if k in order else len(order))
        rows = {company_id: row for row, (company_id, _) in enumerate(self._companies)}
        columns = {kind: column for column, kind in enumerate(self._kinds)}
        self._cells = {}
        for entry in holdings:
            key = (rows[entry.company_id], columns[entry.recording_kind])
            self._cells.setdefault(key, []).append(entry)
        self.endResetModel()

    def clear(self) -> None:
        self.set_holdings([])

    # -- what a cell stands for ---------------------------------------------------------------

    def holdings_at(self, index: AnyIndex) -> list[HoldingEntry]:
        """The holdings behind a cell, in recording order."""
        if not index.isValid():
            return []
        return list(self._cells.get((index.row(), index.column()), []))

    def company_at(self, row: int) -> tuple[str, str]:
        """(company id, company name) of a row."""
        return self._companies[row]

    def kind_at(self, column: int) -> str:
        return self._kinds[column]

    def cell_of(self, company_id: str, kind: str) -> QModelIndex:
        """The index of a company and a data kind (invalid if it holds none of that kind)."""
        for row, (cid, _) in enumerate(self._companies):
            if cid == company_id and kind in self._kinds:
                return self.index(row, self._kinds.index(kind))
        return QModelIndex()

    def cell_status(self, row: int, column: int) -> str | None:
        entries = self._cells.get((row, column))
        return most_pressing([e.status for e in entries]) if entries else None

    # -- Qt model interface -------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self._companies)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._kinds)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._kinds):
                return kind_label(self._kinds[section])
            return None
        if not 0 <= section < len(self._companies):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._companies[section][1]
        if role == COMPANY_ID_ROLE:
            return self._companies[section][0]
        return None

    def data(self, index: AnyIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        entries = self._cells.get((index.row(), index.column()), [])
        if role == COMPANY_ID_ROLE:
            return self._companies[index.row()][0]
        if role == COUNT_ROLE:
            return len(entries)
        if not entries:
            if role == Qt.ItemDataRole.DisplayRole:
                return "\u2014"  # an em dash: holds nothing of this kind
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignCenter
            return None
        status = most_pressing([e.status for e in entries])
        if role == STATUS_ROLE:
            return status
        if role == Qt.ItemDataRole.DisplayRole:
            same = sum(1 for e in entries if e.status == status)
            count = f"{same}" if same == len(entries) else f"{same} of {len(entries)}"
            return f"{status_label(status)} ({count})"
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._breakdown(index.row(), entries)
        if role == Qt.ItemDataRole.BackgroundRole:
            return STATUS_TINTS.get(status)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def _breakdown(self, row: int, entries: Sequence[HoldingEntry]) -> str:
        counts: dict[str, int] = {}
        for e in entries:
            counts[e.status] = counts.get(e.status, 0) + 1
        parts = [f"{n} {status_label(s)}" for s, n in
                 sorted(counts.items(), key=lambda item: STATUS_PRIORITY.index(item[0])
                        if item[0] in STATUS_PRIORITY else len(STATUS_PRIORITY))]
        name = self._companies[row][1]
        recordings = "recording" if len(entries) == 1 else "recordings"
        return (f"{name} holds {len(entries)} {recordings} of this kind: {', '.join(parts)}."
                " Click to see them.")
