"""A searchable list of the library's recordings with a checkbox each."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from vault.services.recordings import RecordingInfo


class RecordingPicker(QWidget):
    """Pick recordings covered by an agreement; the search only hides rows, never unticks."""

    def __init__(self, recordings: Sequence[RecordingInfo],
                 checked: Iterable[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        chosen = set(checked)
        self._search = QLineEdit()
        self._search.setPlaceholderText("Search recordings by title or kind")
        self._search.textChanged.connect(self._filter)
        self._list = QListWidget()
        for info in recordings:
            row = QListWidgetItem(f"{info.title}  ({info.kind})")
            row.setData(Qt.ItemDataRole.UserRole, info.id)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Checked if info.id in chosen
                              else Qt.CheckState.Unchecked)
            self._list.addItem(row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._search)
        layout.addWidget(self._list)
        if not recordings:
            layout.addWidget(QLabel("Your library is empty. Import recordings first "
                                    "from the Library page."))

    def selected_ids(self) -> list[str]:
        return [str(self._list.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(self._list.count())
                if self._list.item(i).checkState() == Qt.CheckState.Checked]

    def set_checked(self, recording_id: str, checked: bool) -> None:
        for i in range(self._list.count()):
            row = self._list.item(i)
            if row.data(Qt.ItemDataRole.UserRole) == recording_id:
                row.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def set_search(self, text: str) -> None:
        self._search.setText(text)

    def visible_ids(self) -> list[str]:
        return [str(self._list.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(self._list.count()) if not self._list.item(i).isHidden()]

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for i in range(self._list.count()):
            row = self._list.item(i)
            row.setHidden(bool(needle) and needle not in row.text().casefold())
