"""The companies the vault knows, in a read-only table (editing comes with the next release)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vault.services.companies import CompanyService


class CompaniesPage(QWidget):
    def __init__(self, companies: CompanyService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._companies = companies
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Name", "Country", "Privacy e-mail", "Website"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.empty = QLabel("No companies yet. Add one with: holdfast-cli company add NAME")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        self.refresh()

    def refresh(self) -> None:
        companies = self._companies.list()
        self.table.setRowCount(len(companies))
        for row, company in enumerate(companies):
            for column, value in enumerate((company.name, company.country or "",
                                            company.privacy_email or "", company.website or "")):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.empty.setVisible(not companies)
        self.table.setVisible(bool(companies))
