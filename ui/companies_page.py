"""The companies page: a searchable list of the companies the vault knows on the left, and
everything about the selected one on the right. New, edit and remove; start a request."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.company_detail import CompanyDetail, CompanyFacts
from ui.company_dialog import CompanyDialog, country_name
from ui.navigation import RequestTarget, Today
from vault.errors import VaultError
from vault.services.agreements import AgreementService
from vault.services.companies import CompanyInfo, CompanyService
from vault.services.insights import InsightService
from vault.services.requests import RequestService

EMPTY_HINT = ("No companies yet. Use New company… to add each company or platform you "
              "gave data to.")
NO_MATCH_HINT = "No company matches the search."
NO_SELECTION_HINT = "Select a company to see what it holds and how to reach it."
ID_ROLE = Qt.ItemDataRole.UserRole


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class CompaniesPage(QWidget):
    open_agreement = Signal(str)
    open_request = Signal(str)
    new_request = Signal(object)  # a ui.navigation.RequestTarget
    data_changed = Signal()

    def __init__(self, companies: CompanyService, agreements: AgreementService,
                 insights: InsightService, requests: RequestService,
                 today: Today = date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._companies = companies
        self._agreements = agreements
        self._insights = insights
        self._requests = requests
        self._today = today
        self._shown: list[CompanyInfo] = []

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search companies")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._apply_search)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Name", "Country"])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _: self.edit_selected())
        self.list_hint = QLabel(EMPTY_HINT)
        self.list_hint.setWordWrap(True)
        self.list_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.new_button = QPushButton("New company…")
        self.edit_button = QPushButton("Edit…")
        self.remove_button = QPushButton("Remove…")
        self.new_button.clicked.connect(self.create_company)
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.search_edit)
        left_column.addWidget(self.table, 1)
        left_column.addWidget(self.list_hint, 1)
        left_column.addLayout(buttons)

        self.detail = CompanyDetail()
        self.detail.open_agreement.connect(self.open_agreement)
        self.detail.open_request.connect(self.open_request)
        self.erasure_button = QPushButton("Request deletion…")
        self.access_button = QPushButton("Ask for a copy of my data…")
        self.erasure_button.clicked.connect(lambda: self._start_request("erasure"))
        self.access_button.clicked.connect(lambda: self._start_request("access"))
        actions = QHBoxLayout()
        actions.addWidget(self.erasure_button)
        actions.addWidget(self.access_button)
        actions.addStretch(1)
        detail_page = QWidget()
        detail_column = QVBoxLayout(detail_page)
        detail_column.setContentsMargins(0, 0, 0, 0)
        detail_column.addLayout(actions)
        detail_column.addWidget(self.detail, 1)
        self.no_selection_label = QLabel(NO_SELECTION_HINT)
        self.no_selection_label.setWordWrap(True)
        self.no_selection_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.right = QStackedWidget()
        self.right.addWidget(self.no_selection_label)
        self.right.addWidget(detail_page)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([320, 780])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.refresh()

    # -- list -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the list from the vault, keeping the selection if that company remains."""
        keep = self.selected_id()
        self._shown = self._companies.list()
        self.table.blockSignals(True)
        self.table.setRowCount(len(self._shown))
        for row, company in enumerate(self._shown):
            name = QTableWidgetItem(company.name)
            name.setData(ID_ROLE, company.id)
            code = company.country or ""
            country = QTableWidgetItem(code)
            country.setToolTip(country_name(code) or "" if code else "")
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, country)
        self.table.blockSignals(False)
        self._apply_search()
        if not keep or not self.show_company(keep):
            self.table.clearSelection()
            self._selection_changed()

    def clear(self) -> None:
        """Before the vault locks: hold nothing decrypted."""
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        self.table.blockSignals(False)
        self._shown = []
        self.search_edit.clear()
        self.detail.clear()
        self.right.setCurrentIndex(0)
        self._update_buttons()

    def _apply_search(self) -> None:
        needle = self.search_edit.text().strip().casefold()
        visible = 0
        for row, company in enumerate(self._shown):
            haystack = " ".join(filter(None, (company.name, company.legal_name,
                                              company.country, company.privacy_email,
                                              company.website))).casefold()
            hidden = bool(needle) and needle not in haystack
            self.table.setRowHidden(row, hidden)
            visible += not hidden
        self.list_hint.setText(EMPTY_HINT if not self._shown else NO_MATCH_HINT)
        self.list_hint.setVisible(visible == 0)
        self.table.setVisible(visible > 0)

    def selected_id(self) -> str:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return ""
        item = self.table.item(rows[0].row(), 0)
        return str(item.data(ID_ROLE)) if item is not None else ""

    def show_company(self, company_id: str) -> bool:
        """Select a company by id (from another page); False if it is not in the list."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(ID_ROLE) == company_id:
                if self.table.isRowHidden(row):
                    self.search_edit.clear()
                self.table.blockSignals(True)
                self.table.selectRow(row)
                self.table.blockSignals(False)
                self._selection_changed()
                return True
        return False

    def _selection_changed(self) -> None:
        company_id = self.selected_id()
        if company_id:
            try:
                self.detail.show_facts(self._facts(company_id), self._today())
            except VaultError as error:  # e.g. removed meanwhile from the command line
                self.detail.clear()
                self.no_selection_label.setText(str(error))
                self.right.setCurrentIndex(0)
            else:
                self.right.setCurrentIndex(1)
        else:
            self.detail.clear()
            self.no_selection_label.setText(NO_SELECTION_HINT)
            self.right.setCurrentIndex(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = bool(self.selected_id())
        for button in (self.edit_button, self.remove_button, self.erasure_button,
                       self.access_button):
            button.setEnabled(chosen)

    def _facts(self, company_id: str) -> CompanyFacts:
        company = self._companies.get(company_id)
        agreements = self._agreements.list()
        requests = [r for r in self._requests.list() if r.company_id == company_id]
        return CompanyFacts(
            company=company,
            agreements=[a for a in agreements if a.company_id == company_id],
            brokered=[a for a in agreements if a.via_company_id == company_id],
            holdings=self._insights.holdings(self._today(), company=company_id),
            requests=requests,
            earnings=self._insights.earnings().by_company.get(company.name),
            deletion_events=self._requests.deletion_events())

    # -- actions ----------------------------------------------------------------------------

    def create_company(self) -> None:
        saved = CompanyDialog.launch(self._companies, None, self)
        if saved is not None:
            self.refresh()
            self.show_company(saved.id)
            self.data_changed.emit()

    def edit_selected(self) -> None:
        company_id = self.selected_id()
        if not company_id:
            return
        saved = CompanyDialog.launch(self._companies, self._companies.get(company_id), self)
        if saved is not None:
            self.refresh()
            self.show_company(saved.id)
            self.data_changed.emit()

    def removal_blockers(self, company_id: str) -> list[str]:
        """What keeps a company in the vault: agreements with it and requests sent to it
        (the vault keeps those as the user's record, so it refuses to orphan them)."""
        agreements = [a for a in self._agreements.list() if a.company_id == company_id]
        requests = [r for r in self._requests.list() if r.company_id == company_id]
        blockers = []
        if agreements:
            blockers.append(_plural(len(agreements), "agreement") + " ("
                            + ", ".join(a.terms.title for a in agreements) + ")")
        if requests:
            blockers.append(_plural(len(requests), "request") + " ("
                            + ", ".join(r.reference for r in requests) + ")")
        return blockers

    def remove_selected(self) -> None:
        company_id = self.selected_id()
        if not company_id:
            return
        company = self._companies.get(company_id)
        blockers = self.removal_blockers(company_id)
        if blockers:
            QMessageBox.information(
                self, "Company kept",
                f"{company.name} cannot be removed while the vault keeps "
                f"{' and '.join(blockers)} about it. Remove the agreements first; requests "
                "stay as your record, so a company you wrote to stays too.")
            return
        brokered = [a for a in self._agreements.list() if a.via_company_id == company_id]
        observed = [u for u in self._insights.observed_uses() if u.company == company.name]
        also = []
        if brokered:
            also.append(f"{_plural(len(brokered), 'agreement')} made through it ("
                        + ", ".join(f"{a.terms.title} with {a.company_name}" for a in brokered)
                        + ") will be kept but will no longer name it as the platform.")
        if observed:
            also.append(f"The {_plural(len(observed), 'use')} of your data you noted about it "
                        "will be removed too.")
        answer = QMessageBox.question(
            self, "Remove company",
            f"Remove {company.name} from the vault? " + (" ".join(also) or
                                                           "Nothing else refers to it."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self._companies.remove(company_id)
        except VaultError as error:
            QMessageBox.warning(self, "Company not removed", str(error))
            return
        self.refresh()
        self.data_changed.emit()

    def _start_request(self, request_type: str) -> None:
        company_id = self.selected_id()
        if company_id:
            self.new_request.emit(RequestTarget(company_id, request_type))
