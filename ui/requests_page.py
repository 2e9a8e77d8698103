"""The requests page: every privacy request on the left (search and filter), everything
about the selected one on the right, and the next thing to do."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.background import describe_error, error_line
from ui.document_view_dialog import DocumentViewDialog
from ui.form_parts import hbox, hint
from ui.navigation import Today
from ui.request_detail import RequestDetail
from ui.request_update_dialog import RequestUpdateDialog
from ui.requests_model import (
    COMPANY,
    KEY_ROLE,
    REQUEST_ROLE,
    SENT,
    SORT_ROLE,
    RequestsTableModel,
    is_open,
    needs_action,
)
from vault.errors import VaultError
from vault.media import guess_media_type
from vault.services.requests import RequestInfo, RequestService

EMPTY_HINT = ("No requests yet. Start one from a company or an agreement with "
              "“Request deletion…”, or with New request…")
NO_MATCH_HINT = "No request matches the search or filter."
NO_SELECTION_HINT = "Select a request to see its deadlines, what happened and what to do next."
FILTERS = ("All", "Open", "Needs action", "Closed")


class RequestsProxy(QSortFilterProxyModel):
    """Search by company or reference, and the All / Open / Needs action / Closed filter."""

    def __init__(self, today: Today) -> None:
        super().__init__()
        self._today = today
        self._search = ""
        self._filter = "All"
        self.setSortRole(SORT_ROLE)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._search = text.strip().casefold()
        self.endFilterChange()

    def set_filter(self, name: str) -> None:
        self.beginFilterChange()
        self._filter = name
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        request = self.sourceModel().index(row, 0, parent).data(REQUEST_ROLE)
        if not isinstance(request, RequestInfo):
            return False
        if self._search and self._search not in request.company.casefold() \
                and self._search not in request.reference.casefold():
            return False
        today = self._today()
        if self._filter == "Open":
            return is_open(request, today)
        if self._filter == "Needs action":
            return needs_action(request, today)
        if self._filter == "Closed":
            return not is_open(request, today)
        return True


class RequestsPage(QWidget):
    open_company = Signal(str)
    open_agreement = Signal(str)
    new_request = Signal(object)  # a ui.navigation.RequestTarget: a follow-up or complaint
    continue_draft = Signal(str)  # a draft request id: the guided flow writes its letter
    choose_company_for_request = Signal()
    data_changed = Signal()

    def __init__(self, requests: RequestService, today: Today = date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._requests = requests
        self._today = today
        self.model = RequestsTableModel(self)
        self.proxy = RequestsProxy(today)
        self.proxy.setSourceModel(self.model)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search by company or reference")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._search_changed)
        self.filter_box = QComboBox()
        self.filter_box.addItems(FILTERS)
        self.filter_box.currentTextChanged.connect(self._filter_changed)
        self.new_button = QPushButton("New request…")
        self.new_button.clicked.connect(self.choose_company_for_request.emit)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        # Newest first; drafts (not sent) sort as the latest, so they are on top.
        self.table.sortByColumn(SENT, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COMPANY, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.list_hint = hint(EMPTY_HINT)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.list_hint)
        self.error_label = error_line()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(hbox(self.search_edit, self.filter_box, self.new_button))
        left_layout.addWidget(self.list_stack, 1)
        left_layout.addWidget(self.error_label)
        self.detail = RequestDetail()
        self.detail.open_company.connect(self.open_company)
        self.detail.open_agreement.connect(self.open_agreement)
        self.detail.open_request.connect(self.show_request)
        self.detail.open_document.connect(self._open_document)
        self.detail.new_request.connect(self.new_request)
        self.detail.continue_draft.connect(self.continue_draft)
        self.detail.record_reply.connect(self._record_reply)
        self.detail_hint = hint(NO_SELECTION_HINT)
        self.detail_stack = QStackedWidget()
        self.detail_stack.addWidget(self.detail_hint)
        self.detail_stack.addWidget(self.detail)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.detail_stack)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([620, 480])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._by_id: dict[str, RequestInfo] = {}

    # -- loading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        selected = self.selected_id()
        try:
            requests = self._requests.list()
        except VaultError as error:
            self.error_label.setText(describe_error(error))
            self.error_label.show()
            return
        self.error_label.hide()
        self._by_id = {r.id: r for r in requests}
        self.model.set_requests(requests, self._today())
        self._update_hints()
        if selected and selected in self._by_id:
            self._select(selected)
        else:
            self._show_detail(None)

    def clear(self) -> None:
        """Drop every shown value (the vault is about to lock)."""
        self._by_id = {}
        self.model.clear()
        self.detail.clear()
        self.search_edit.clear()
        self.error_label.clear()
        self.error_label.hide()
        self.detail_stack.setCurrentWidget(self.detail_hint)

    def show_request(self, request_id: str) -> None:
        if self.model.row_of(request_id) < 0:
            self.refresh()
        if self.model.row_of(request_id) < 0:
            return
        if not self._proxy_row(request_id) >= 0:  # hidden by search or filter: show all
            self.search_edit.clear()
            self.filter_box.setCurrentText("All")
        self._select(request_id)

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        value = rows[0].data(KEY_ROLE) if rows else None
        return value if isinstance(value, str) else None

    # -- internals ---------------------------------------------------------------------------

    def _proxy_row(self, request_id: str) -> int:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(KEY_ROLE) == request_id:
                return row
        return -1

    def _select(self, request_id: str) -> None:
        row = self._proxy_row(request_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.proxy.index(row, 0))
            self._show_detail(request_id)  # also when the selection did not change

    def _update_hints(self) -> None:
        if self.proxy.rowCount() > 0:
            self.list_stack.setCurrentWidget(self.table)
            return
        self.list_hint.setText(EMPTY_HINT if self.model.rowCount() == 0 else NO_MATCH_HINT)
        self.list_stack.setCurrentWidget(self.list_hint)

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_hints()

    def _filter_changed(self, name: str) -> None:
        self.proxy.set_filter(name)
        self._update_hints()

    def _selection_changed(self) -> None:
        self._show_detail(self.selected_id())

    def _show_detail(self, request_id: str | None) -> None:
        request = self._by_id.get(request_id or "")
        if request is None:
            self.detail.clear()
            self.detail_stack.setCurrentWidget(self.detail_hint)
            return
        parent = self._by_id.get(request.parent_id or "")
        self.detail.show_request(request, self._today(), parent.reference if parent else None)
        self.detail_stack.setCurrentWidget(self.detail)

    def _record_reply(self, request_id: str) -> None:
        request = self._by_id.get(request_id)
        if request is None:
            return
        updated = RequestUpdateDialog.launch(self, self._requests, request, self._today())
        if updated is None:
            return
        self.refresh()
        self._select(updated.id)
        self.data_changed.emit()

    def _open_document(self, document_id: str) -> None:
        try:
            name, data = self._requests.read_document(document_id)
        except VaultError as error:
            self.error_label.setText(describe_error(error))
            self.error_label.show()
            return
        DocumentViewDialog.launch(self, name, data, guess_media_type(name))


__all__ = ["RequestsPage"]
