"""The main window: a sidebar of pages. This first version shows the vault's companies."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vault.services.companies import CompanyService

PAGES = ("Overview", "Recordings", "Companies", "Agreements", "Requests", "Reminders")


def _placeholder(title: str, text: str) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    heading = QLabel(f"<h2>{title}</h2>")
    body = QLabel(text)
    body.setWordWrap(True)
    layout.addWidget(heading)
    layout.addWidget(body)
    layout.addStretch(1)
    return page


class MainWindow(QMainWindow):
    def __init__(self, companies: CompanyService, vault_location: str) -> None:
        super().__init__()
        self._companies = companies
        self.setWindowTitle("Holdfast")
        self.resize(960, 620)
        self.sidebar = QListWidget()
        self.sidebar.addItems(PAGES)
        self.sidebar.setFixedWidth(170)
        self.pages = QStackedWidget()
        self.companies_table = QTableWidget(0, 3)
        self.companies_table.setHorizontalHeaderLabels(["Name", "Country", "Privacy e-mail"])
        self.companies_table.horizontalHeader().setStretchLastSection(True)
        self.companies_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.companies_table.verticalHeader().hide()
        for name in PAGES:
            if name == "Companies":
                self.pages.addWidget(self.companies_table)
            elif name == "Overview":
                self.pages.addWidget(_placeholder(
                    "Overview", f"Your vault at {vault_location} is unlocked. Who holds what, "
                    "and until when, will be shown here in a coming version."))
            else:
                self.pages.addWidget(_placeholder(
                    name, f"The {name.lower()} page comes in a later version of Holdfast. "
                    "Until then, use holdfast-cli."))
        self.sidebar.currentRowChanged.connect(self.pages.setCurrentIndex)
        central = QWidget()
        row = QHBoxLayout(central)
        row.addWidget(self.sidebar)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self.sidebar.setCurrentRow(0)
        self.refresh()
        self.statusBar().showMessage("Vault unlocked")

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About Holdfast", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _about(self) -> None:
        QMessageBox.about(self, "About Holdfast",
                          "Holdfast keeps your recordings and the agreements attached to them "
                          "in an encrypted vault on this computer.")

    def refresh(self) -> None:
        companies = self._companies.list()
        self.companies_table.setRowCount(len(companies))
        for row, company in enumerate(companies):
            for column, value in enumerate(
                    (company.name, company.country or "", company.privacy_email or "")):
                self.companies_table.setItem(row, column, QTableWidgetItem(value))
