"""The overview, the landing page after unlock: who holds what until when, what needs
attention today (each with its action one click away), the dates coming up, and what the
data earned. Risky clauses are read from documents off the GUI thread and join the list
when they arrive."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.attention_items import (
    FOLLOW_UP,
    OPEN_AGREEMENT,
    OPEN_COMPANY,
    OPEN_REQUEST,
    REQUEST_DELETION,
    AttentionItem,
    attention_items,
    clause_items,
)
from ui.attention_list import AttentionList
from ui.background import describe_error, error_line, small_note
from ui.earnings_chart import EarningsChart
from ui.holdings_matrix_model import HoldingsMatrixModel, status_label
from ui.navigation import RequestTarget, Today
from ui.timeline_view import TimelineView, upcoming_dates
from vault.errors import VaultError
from vault.services.agreements import AgreementService
from vault.services.companies import CompanyService
from vault.services.insights import ClauseFinding, HoldingEntry, InsightService
from vault.services.reminders import ReminderService
from vault.services.requests import RequestService

FIRST_STEPS = (
    "<h2>Welcome to Holdfast</h2>"
    "<p>Your vault is empty. Three steps and this page shows who holds your data, "
    "under which terms and until when:</p>"
    "<ol>"
    "<li><b>Import your recordings</b> on the Library page: the voice takes, videos or "
    "scans you sold or plan to sell.</li>"
    "<li><b>Add the companies</b> you gave data to on the Companies page.</li>"
    "<li><b>Add the agreement</b> you signed with each one, and tick the recordings it "
    "covers.</li>"
    "</ol>"
    "<p>Holdfast then reminds you when an agreement ends, when a company must delete your "
    "data, and writes the letter to ask for it.</p>")
NO_HOLDINGS_HINT = ("No company holds any of your recordings yet. Add an agreement and tick "
                    "the recordings it covers.")
PICK_CELL_HINT = "Click a cell to see the recordings behind it."
# Statuses for which asking for deletion again makes no sense.
ALREADY_ASKED = ("deletion-requested", "deletion-confirmed")
DETAIL_COLUMNS = ["Recording", "Agreement", "Until", "Status", "Deletion due"]
ENTRY_ROLE = Qt.ItemDataRole.UserRole


def _day(value: date | None, missing: str = "") -> str:
    return f"{value.day} {value:%b %Y}" if value else missing


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold; font-size: 13pt;")
    return label


class ClauseSignals(QObject):
    finished = Signal(int, list)  # generation, clause findings
    failed = Signal(int, object)  # generation, the exception


class ClauseJob(QRunnable):
    """Reads the risky clauses of every document (text extraction can be slow)."""

    def __init__(self, insights: InsightService, generation: int) -> None:
        super().__init__()
        self.signals = ClauseSignals()
        self._insights = insights
        self._generation = generation

    def run(self) -> None:
        try:
            found = self._insights.clause_flags()
        except Exception as error:  # shown on the GUI thread as one sentence
            self.signals.failed.emit(self._generation, error)
            return
        self.signals.finished.emit(self._generation, found)


class OverviewPage(QWidget):
    open_agreement = Signal(str)
    open_company = Signal(str)
    open_request = Signal(str)
    new_request = Signal(object)  # a ui.navigation.RequestTarget
    clauses_checked = Signal(int)  # the risky-clause items that joined the list

    def __init__(self, companies: CompanyService, agreements: AgreementService,
                 insights: InsightService, requests: RequestService,
                 reminders: ReminderService, today: Today = date.today,
                 pool: QThreadPool | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._companies = companies
        self._agreements = agreements
        self._insights = insights
        self._requests = requests
        self._reminders = reminders
        self._today = today
        self._pool = pool or QThreadPool.globalInstance()
        self._generation = 0  # results of a job started before the last refresh are dropped
        self._jobs: dict[int, ClauseJob] = {}
        self._company_ids: dict[str, str] = {}

        self.title = _heading("Overview")
        self.date_note = small_note()
        self.error = error_line()
        self.first_steps = QLabel(FIRST_STEPS)
        self.first_steps.setWordWrap(True)
        self.first_steps.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.first_steps.setTextFormat(Qt.TextFormat.RichText)
        self.first_steps.setMargin(16)

        self.matrix_model = HoldingsMatrixModel(self)
        self.matrix = QTableView()
        self.matrix.setModel(self.matrix_model)
        self.matrix.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.matrix.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.matrix.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.matrix.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.matrix.verticalHeader().setToolTip("Double-click a company to open it.")
        self.matrix.verticalHeader().sectionDoubleClicked.connect(self._company_header_clicked)
        self.matrix.selectionModel().currentChanged.connect(
            lambda current, _previous: self.show_cell(current))
        self.matrix.clicked.connect(self.show_cell)
        self.matrix_hint = QLabel(NO_HOLDINGS_HINT)
        self.matrix_hint.setWordWrap(True)

        self.detail_title = small_note(PICK_CELL_HINT)
        self.detail = QTableWidget(0, len(DETAIL_COLUMNS))
        self.detail.setHorizontalHeaderLabels(DETAIL_COLUMNS)
        self.detail.verticalHeader().hide()
        self.detail.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.detail.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        detail_header = self.detail.horizontalHeader()
        detail_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        detail_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.detail.itemSelectionChanged.connect(self._update_detail_buttons)
        self.detail.cellDoubleClicked.connect(lambda *_: self.open_selected_agreement())
        self.open_agreement_button = QPushButton("Open agreement")
        self.request_deletion_button = QPushButton("Request deletion…")
        self.open_agreement_button.clicked.connect(self.open_selected_agreement)
        self.request_deletion_button.clicked.connect(self.request_deletion_of_selected)
        detail_buttons = QHBoxLayout()
        detail_buttons.addWidget(self.detail_title, 1)
        detail_buttons.addWidget(self.open_agreement_button)
        detail_buttons.addWidget(self.request_deletion_button)

        self.attention = AttentionList()
        self.attention.action_requested.connect(self._act_on)
        self.timeline = TimelineView()
        self.timeline.open_agreement.connect(self.open_agreement)
        self.timeline.open_request.connect(self.open_request)
        self.earnings = EarningsChart()

        holdings_box = QWidget()
        holdings_column = QVBoxLayout(holdings_box)
        holdings_column.setContentsMargins(0, 0, 0, 0)
        holdings_column.addWidget(_heading("Who holds what"))
        holdings_column.addWidget(self.matrix_hint)
        holdings_column.addWidget(self.matrix)
        holdings_column.addLayout(detail_buttons)
        holdings_column.addWidget(self.detail, 10)
        holdings_column.addStretch(1)  # keeps the matrix at the top while no cell is picked
        top_row = QSplitter(Qt.Orientation.Horizontal)
        top_row.addWidget(holdings_box)
        top_row.addWidget(self._section("Needs attention", self.attention))
        bottom_row = QSplitter(Qt.Orientation.Horizontal)
        bottom_row.addWidget(self._section("Coming up", self.timeline))
        bottom_row.addWidget(self._section("Earnings", self.earnings))
        for row in (top_row, bottom_row):
            row.setStretchFactor(0, 1)
            row.setStretchFactor(1, 1)
            row.setChildrenCollapsible(False)
        columns = QSplitter(Qt.Orientation.Vertical)
        columns.addWidget(top_row)
        columns.addWidget(bottom_row)
        columns.setStretchFactor(0, 3)
        columns.setStretchFactor(1, 2)
        columns.setChildrenCollapsible(False)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.first_steps)
        self.stack.addWidget(columns)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.date_note, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(self.stack, 1)
        self.clear()

    @staticmethod
    def _section(title: str, body: QWidget) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 6, 0, 0)
        column.addWidget(_heading(title))
        column.addWidget(body, 1)
        return box

    # -- loading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        on = self._today()
        self._generation += 1
        self.error.hide()
        try:
            companies = self._companies.list()
            agreements = self._agreements.list()
            holdings = self._insights.holdings(on)
            requests = self._requests.list()
            events = self._requests.deletion_events()
            scope = self._insights.scope_findings(on)
            terms = self._insights.term_flags()
            reminders = self._reminders.all(on)
            earned = self._insights.earnings()
        except VaultError as error:
            self.clear()
            self.error.setText(describe_error(error))
            self.error.show()
            return
        if not (companies or agreements or holdings):
            self.clear()  # shows the first steps
            return
        self.date_note.setText(f"Status on {on.day} {on:%B %Y}")
        self._company_ids = {c.name: c.id for c in companies}
        self.stack.setCurrentIndex(1)
        self.matrix_model.set_holdings(holdings)
        self._fit_matrix()
        self.matrix_hint.setVisible(not holdings)
        self.matrix.setVisible(bool(holdings))
        self._show_holdings([], "")
        self.attention.set_items(attention_items(
            on=on, holdings=holdings, requests=requests, agreements=agreements, scope=scope,
            terms=terms, company_ids=self._company_ids, events=events))
        self.timeline.show_entries(upcoming_dates(
            on, agreements=agreements, holdings=holdings, requests=requests,
            reminders=reminders, events=events), on)
        self.earnings.show_earnings(earned)
        if any(a.documents for a in agreements):
            self._start_clause_check()

    def clear(self) -> None:
        """Drop every displayed value (before the vault locks)."""
        self._generation += 1  # a clause check still running is ignored when it ends
        self._company_ids = {}
        self.matrix_model.clear()
        self._show_holdings([], "")
        self.attention.clear()
        self.timeline.clear()
        self.earnings.clear()
        self.date_note.clear()
        self.error.hide()
        self.stack.setCurrentIndex(0)

    # -- risky clauses, off the GUI thread -------------------------------------------------------

    def clause_check_running(self) -> bool:
        """True while a clause check started by this page has not answered yet."""
        return bool(self._jobs)

    def _start_clause_check(self) -> None:
        job = ClauseJob(self._insights, self._generation)
        job.signals.finished.connect(self._clauses_found)
        job.signals.failed.connect(self._clause_check_failed)
        self._jobs[self._generation] = job  # its signals object lives until the answer
        self.attention.set_checking(True)
        self._pool.start(job)

    def _clauses_found(self, generation: int, found: list[ClauseFinding]) -> None:
        self._jobs.pop(generation, None)
        if generation != self._generation:
            return
        self.attention.set_checking(False)
        items = clause_items(found, self._company_ids)
        self.attention.add_items(items)
        self.clauses_checked.emit(len(items))

    def _clause_check_failed(self, generation: int, error: Exception) -> None:
        self._jobs.pop(generation, None)
        if generation != self._generation:
            return
        self.attention.set_checking(False)
        self.error.setText("The agreement documents could not be checked for risky clauses: "
                           + describe_error(error))
        self.error.show()

    # -- the matrix and the holdings behind a cell -----------------------------------------------

    def _fit_matrix(self) -> None:
        """As tall as its rows (a few companies), so the holdings list below gets the room."""
        self.matrix.resizeRowsToContents()
        rows = sum(self.matrix.rowHeight(r) for r in range(self.matrix_model.rowCount()))
        height = rows + self.matrix.horizontalHeader().sizeHint().height() \
            + 2 * self.matrix.frameWidth() + 2
        self.matrix.setFixedHeight(min(max(height, 60), 240))

    def show_cell(self, index: QModelIndex) -> None:
        entries = self.matrix_model.holdings_at(index)
        if not entries:
            self._show_holdings([], "")
            return
        company = self.matrix_model.company_at(index.row())[1]
        kind = self.matrix_model.kind_at(index.column())
        count = f"{len(entries)} {kind} recording{'' if len(entries) == 1 else 's'}"
        self._show_holdings(entries, f"{company} holds {count}:")

    def shown_holdings(self) -> list[HoldingEntry]:
        found = []
        for row in range(self.detail.rowCount()):
            cell = self.detail.item(row, 0)
            if cell is not None:
                found.append(cell.data(ENTRY_ROLE))
        return found

    def _show_holdings(self, entries: list[HoldingEntry], title: str) -> None:
        self.detail.setRowCount(0)
        self.detail.setRowCount(len(entries))
        for row, e in enumerate(entries):
            values = [e.recording_title, e.agreement_title, _day(e.until, "forever"),
                      status_label(e.status), _day(e.deletion_due, "\u2014")]
            for column, text in enumerate(values):
                cell = QTableWidgetItem(text)
                if column == 0:
                    cell.setData(ENTRY_ROLE, e)
                self.detail.setItem(row, column, cell)
        self.detail_title.setText(title or PICK_CELL_HINT)
        self.detail.setVisible(bool(entries))
        if entries:
            self.detail.selectRow(0)
        self._update_detail_buttons()

    def _selected_holdings(self) -> list[HoldingEntry]:
        shown = self.shown_holdings()
        return [shown[r] for r in sorted({i.row() for i in self.detail.selectedIndexes()})]

    def _update_detail_buttons(self) -> None:
        chosen = self._selected_holdings()
        self.open_agreement_button.setVisible(bool(chosen))
        self.request_deletion_button.setVisible(bool(chosen))
        self.open_agreement_button.setEnabled(len({e.agreement_id for e in chosen}) == 1)
        can_ask = any(e.status not in ALREADY_ASKED for e in chosen)
        self.request_deletion_button.setEnabled(can_ask)
        self.request_deletion_button.setToolTip(
            "" if can_ask or not chosen else "Deletion has already been asked for.")

    def open_selected_agreement(self) -> None:
        chosen = self._selected_holdings()
        if chosen and len({e.agreement_id for e in chosen}) == 1:
            self.open_agreement.emit(chosen[0].agreement_id)

    def request_deletion_of_selected(self) -> None:
        chosen = [e for e in self._selected_holdings() if e.status not in ALREADY_ASKED]
        if not chosen:
            return
        agreements = {e.agreement_id for e in chosen}
        self.new_request.emit(RequestTarget(
            chosen[0].company_id, "erasure",
            agreement_id=chosen[0].agreement_id if len(agreements) == 1 else None,
            recording_ids=tuple(e.recording_id for e in chosen)))

    def _company_header_clicked(self, row: int) -> None:
        if 0 <= row < self.matrix_model.rowCount():
            self.open_company.emit(self.matrix_model.company_at(row)[0])

    # -- the needs-attention actions --------------------------------------------------------------

    def _act_on(self, item: AttentionItem) -> None:
        if item.action in (REQUEST_DELETION, FOLLOW_UP):
            target = item.request_target()
            if target is not None:
                self.new_request.emit(target)
        elif item.action == OPEN_AGREEMENT and item.agreement_id:
            self.open_agreement.emit(item.agreement_id)
        elif item.action == OPEN_REQUEST and item.request_id:
            self.open_request.emit(item.request_id)
        elif item.action == OPEN_COMPANY and item.company_id:
            self.open_company.emit(item.company_id)
