"""The main window: sidebar of pages, menus, toolbar, shortcuts, drag and drop, lock."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, Qt, QThreadPool, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from ui.agreements_page import AgreementsPage
from ui.bundle_check_dialog import BundleCheckDialog
from ui.bundle_export_wizard import BundleExportWizard
from ui.companies_page import CompaniesPage
from ui.icons import IconSet
from ui.import_progress_dialog import ImportProgressDialog
from ui.import_worker import ImportJob, expand_paths
from ui.library_page import LibraryPage
from ui.navigation import RequestTarget, Today
from ui.overview_page import OverviewPage
from ui.reminders_page import RemindersPage
from ui.request_flow_dialog import RequestFlowDialog
from ui.requests_page import RequestsPage
from vault.vault import Vault

PAGES = ("Overview", "Recordings", "Companies", "Agreements", "Requests", "Reminders")
IDLE_CHOICES = ((5, "After 5 minutes"), (10, "After 10 minutes"), (15, "After 15 minutes"),
                (30, "After 30 minutes"), (0, "Never"))


class MainWindow(QMainWindow):
    lock_requested = Signal()
    idle_minutes_changed = Signal(int)

    def __init__(self, vault: Vault, settings: QSettings,
                 pool: QThreadPool | None = None, today: Today = date.today) -> None:
        super().__init__()
        self._vault = vault
        self._settings = settings
        self._pool = pool or QThreadPool.globalInstance()
        self._job: ImportJob | None = None
        self._today = today
        self.icons = IconSet()
        self.setWindowTitle("Holdfast")
        self.setAcceptDrops(True)
        self.sidebar = QListWidget()
        for name in PAGES:
            item = QListWidgetItem(name)
            self.sidebar.addItem(item)
            self.icons.use(name.lower(), item.setIcon, self.palette())
        self.sidebar.setFixedWidth(170)
        self.pages = QStackedWidget()
        self.overview = OverviewPage(vault.companies, vault.agreements, vault.insights,
                                     vault.requests, vault.reminders, today=today,
                                     pool=self._pool)
        self.library = LibraryPage(vault.recordings, vault.agreements, vault.insights, today)
        self.companies_page = CompaniesPage(vault.companies, vault.agreements, vault.insights,
                                            vault.requests, today=today)
        self.agreements_page = AgreementsPage(
            vault.agreements, vault.companies, vault.recordings, vault.documents,
            vault.insights, today=today, pool=self._pool,
            remove_agreement=vault.remove_agreement,
            deletion_events=vault.requests.deletion_events)
        self.requests_page = RequestsPage(vault.requests, today=today)
        self.reminders_page = RemindersPage(vault.reminders, vault.id, today=today)
        for page in (self.overview, self.library, self.companies_page, self.agreements_page,
                     self.requests_page, self.reminders_page):
            self.pages.addWidget(page)
        self.sidebar.currentRowChanged.connect(self.pages.setCurrentIndex)
        self._route()
        central = QWidget()
        row = QHBoxLayout(central)
        row.addWidget(self.sidebar)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._build_actions()
        self.library.remove_confirmed.connect(self._after_change)
        self.sidebar.setCurrentRow(PAGES.index("Overview"))
        self.resize(1100, 700)
        geometry = settings.value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.statusBar().showMessage(f"Vault unlocked: {vault.location.root}")

    def _build_actions(self) -> None:
        self.import_action = QAction("&Import…", self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.choose_and_import)
        self.lock_action = QAction("&Lock", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock_requested.emit)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        find_action = QAction("&Find", self)
        find_action.setShortcut(QKeySequence("Ctrl+F"))
        find_action.triggered.connect(self._find)
        help_action = QAction("Holdfast &Help", self)
        help_action.setShortcut(QKeySequence("F1"))
        help_action.triggered.connect(self._help)
        about_action = QAction("&About Holdfast", self)
        about_action.triggered.connect(self._about)
        self.export_bundle_action = QAction("&Export records bundle…", self)
        self.export_bundle_action.triggered.connect(self.export_bundle)
        self.check_bundle_action = QAction("&Verify or import a bundle…", self)
        self.check_bundle_action.triggered.connect(self.check_bundle)
        for name, action in (("import", self.import_action), ("lock", self.lock_action),
                             ("bundle", self.export_bundle_action),
                             ("verify", self.check_bundle_action), ("search", find_action),
                             ("help", help_action)):
            self.icons.use(name, action.setIcon, self.palette())
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        file_menu.addActions([self.export_bundle_action, self.check_bundle_action])
        file_menu.addSeparator()
        file_menu.addAction(self.lock_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        self.menuBar().addMenu("&Edit").addAction(find_action)
        lock_menu = self.menuBar().addMenu("&Settings").addMenu("Lock when idle")
        self.idle_actions = QActionGroup(self)
        for minutes, label in IDLE_CHOICES:
            action = QAction(label, self, checkable=True)
            action.setData(minutes)
            action.triggered.connect(lambda _=False, m=minutes: self.idle_minutes_changed.emit(m))
            self.idle_actions.addAction(action)
            lock_menu.addAction(action)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addActions([help_action, about_action])
        toolbar = QToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.import_action, self.export_bundle_action, self.lock_action])
        self.addToolBar(toolbar)

    def _route(self) -> None:
        """Pages ask for each other only by signal; this is where those asks are answered."""
        for page in (self.overview, self.companies_page, self.agreements_page,
                     self.requests_page, self.reminders_page):
            for name, slot in (("open_company", self.show_company),
                               ("open_agreement", self.show_agreement),
                               ("open_request", self.show_request),
                               ("new_request", self.start_request),
                               ("data_changed", self._after_change)):
                signal = getattr(page, name, None)
                if signal is not None:
                    signal.connect(slot)
        self.agreements_page.open_recording.connect(self.show_recording)
        self.requests_page.continue_draft.connect(self.finish_draft)
        self.requests_page.choose_company_for_request.connect(self._new_request_from_list)

    def show_company(self, company_id: str) -> None:
        self.sidebar.setCurrentRow(PAGES.index("Companies"))
        self.companies_page.show_company(company_id)

    def show_agreement(self, agreement_id: str) -> None:
        self.sidebar.setCurrentRow(PAGES.index("Agreements"))
        self.agreements_page.show_agreement(agreement_id)

    def show_recording(self, recording_id: str) -> None:
        self.sidebar.setCurrentRow(PAGES.index("Recordings"))
        self.library.table_page.select_recording(recording_id)

    def show_request(self, request_id: str) -> None:
        self.sidebar.setCurrentRow(PAGES.index("Requests"))
        self.requests_page.show_request(request_id)

    def start_request(self, target: object) -> None:
        """The guided flow: what to ask, the letter and how to send it, marked as sent."""
        assert isinstance(target, RequestTarget)
        outcome = RequestFlowDialog.launch(self, self._vault, target, self._today)
        self._after_request(outcome.request_id, outcome.message)

    def finish_draft(self, request_id: str) -> None:
        outcome = RequestFlowDialog.launch_draft(self, self._vault, request_id, self._today)
        self._after_request(outcome.request_id, outcome.message)

    def _after_request(self, request_id: str | None, message: str) -> None:
        self._after_change()
        if request_id is not None:
            self.show_request(request_id)
        self.statusBar().showMessage(message)

    def _new_request_from_list(self) -> None:
        """A request starts from its company: the Companies page offers it there."""
        self.sidebar.setCurrentRow(PAGES.index("Companies"))
        self.statusBar().showMessage(
            "Choose the company, then “Request deletion…” or another request.")

    def export_bundle(self) -> None:
        BundleExportWizard.launch(self, self._vault, self._pool)

    def check_bundle(self) -> None:
        if BundleCheckDialog.launch(self, self._vault, self._pool) is not None:
            self._after_change()

    def changeEvent(self, event: QEvent) -> None:  # Qt's name
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ThemeChange):
            self.icons.apply(self.palette())  # the system switched light/dark
        super().changeEvent(event)

    def set_idle_minutes(self, minutes: int) -> None:
        """Tick the idle-lock choice that is in force."""
        for action in self.idle_actions.actions():
            action.setChecked(action.data() == minutes)

    # -- import ---------------------------------------------------------------------------

    def choose_and_import(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Import recordings")
        if names:
            self.import_paths([Path(n) for n in names])

    def import_paths(self, paths: list[Path]) -> ImportJob | None:
        files = expand_paths(paths)
        if not files:
            self.statusBar().showMessage("There were no files to import there.")
            return None
        recordings = self._vault.recordings

        def import_one(path: Path, progress: object) -> str:
            return recordings.import_file(path, on_progress=progress).id  # type: ignore[arg-type]

        job = ImportJob(files, import_one)
        dialog = ImportProgressDialog(self)
        job.signals.progress.connect(dialog.update_progress)
        dialog.cancel_requested.connect(job.cancel)
        job.signals.finished.connect(lambda ids, errors: self._imported(dialog, ids, errors))
        job.signals.cancelled.connect(lambda ids: self._imported(dialog, ids, [], True))
        self._job = job
        dialog.show()
        self._pool.start(job)
        return job

    def _imported(self, dialog: ImportProgressDialog, ids: list[str], errors: list[str],
                  cancelled: bool = False) -> None:
        dialog.accept()
        self._job = None
        self._after_change()
        done = f"Imported {len(ids)} file{'s' if len(ids) != 1 else ''}"
        if cancelled:
            self.statusBar().showMessage(f"{done}; the import was cancelled and nothing "
                                         "partial was kept.")
        elif errors:
            QMessageBox.warning(self, "Some files were not imported",
                                f"{done}. These could not be imported:\n\n" + "\n".join(errors))
        else:
            self.statusBar().showMessage(f"{done} into the vault.")

    def _after_change(self) -> None:
        for page in (self.overview, self.library, self.companies_page, self.agreements_page,
                     self.requests_page, self.reminders_page):
            page.refresh()

    # -- drag and drop ----------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- other actions ----------------------------------------------------------------------

    def _find(self) -> None:
        self.sidebar.setCurrentRow(PAGES.index("Recordings"))
        self.library.focus_search()

    def _help(self) -> None:
        QMessageBox.information(
            self, "Holdfast Help",
            "Import recordings with Ctrl+I or by dropping files or folders on this window. "
            "Select a recording to see its details, preview it, or export a decrypted copy.\n\n"
            "Ctrl+F searches, Ctrl+L locks the vault, Ctrl+Q quits.\n\n"
            "The Overview shows who holds what until when and what needs your attention. "
            "Request deletion… on a company, an agreement or a holding writes the letter "
            "and follows the request on the Requests page. File > Export records bundle "
            "saves everything in one file; holdfast-cli --help lists the command line.")

    def _about(self) -> None:
        QMessageBox.about(self, "About Holdfast",
                          "Holdfast keeps your recordings and the agreements attached to them "
                          "in an encrypted vault on this computer. Nothing leaves it.")

    def clear_sensitive(self) -> None:
        """Before locking: stop playback and drop every decrypted thing the views hold."""
        for page in (self.overview, self.library, self.companies_page, self.agreements_page,
                     self.requests_page, self.reminders_page):
            page.clear()

    def shut_down(self) -> None:
        """Remember the geometry, cancel an import, drop decrypted views (lock or quit)."""
        self._settings.setValue("main_window/geometry", self.saveGeometry())
        if self._job is not None:
            self._job.cancel()
        self.clear_sensitive()

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt's name
        self.shut_down()
        super().closeEvent(event)
