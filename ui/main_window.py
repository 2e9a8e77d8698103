"""The main window: sidebar of pages, menus, toolbar, shortcuts, drag and drop, lock."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QThreadPool, Signal
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
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from ui.companies_page import CompaniesPage
from ui.import_progress_dialog import ImportProgressDialog
from ui.import_worker import ImportJob, expand_paths
from ui.library_page import LibraryPage
from ui.placeholder_page import PlaceholderPage
from vault.vault import Vault

PAGES = ("Overview", "Recordings", "Companies", "Agreements", "Requests", "Reminders")
LATER = {
    "Overview": "Who holds what, and until when, will be shown here in the next version of "
                "the desktop app. Until then: holdfast-cli holdings and holdfast-cli flags.",
    "Agreements": "Agreements open here in the next version of the desktop app. Until then: "
                  "holdfast-cli agreements and holdfast-cli agreement add.",
    "Requests": "Deletion and access requests and their letters open here in the next "
                "version of the desktop app. Until then: holdfast-cli request new and "
                "holdfast-cli letter.",
    "Reminders": "Reminders open here in the next version of the desktop app. Until then: "
                 "holdfast-cli reminders (and --ics to add them to your calendar).",
}


IDLE_CHOICES = ((5, "After 5 minutes"), (10, "After 10 minutes"), (15, "After 15 minutes"),
                (30, "After 30 minutes"), (0, "Never"))


class MainWindow(QMainWindow):
    lock_requested = Signal()
    idle_minutes_changed = Signal(int)

    def __init__(self, vault: Vault, settings: QSettings,
                 pool: QThreadPool | None = None) -> None:
        super().__init__()
        self._vault = vault
        self._settings = settings
        self._pool = pool or QThreadPool.globalInstance()
        self._job: ImportJob | None = None
        self.setWindowTitle("Holdfast")
        self.setAcceptDrops(True)
        self.sidebar = QListWidget()
        self.sidebar.addItems(PAGES)
        self.sidebar.setFixedWidth(170)
        self.pages = QStackedWidget()
        self.library = LibraryPage(vault.recordings, vault.agreements)
        self.companies_page = CompaniesPage(vault.companies, vault.agreements, vault.insights,
                                            vault.requests)
        for name in PAGES:
            if name == "Recordings":
                self.pages.addWidget(self.library)
            elif name == "Companies":
                self.pages.addWidget(self.companies_page)
            else:
                self.pages.addWidget(PlaceholderPage(name, LATER[name]))
        self.sidebar.currentRowChanged.connect(self.pages.setCurrentIndex)
        central = QWidget()
        row = QHBoxLayout(central)
        row.addWidget(self.sidebar)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._build_actions()
        self.library.remove_confirmed.connect(self._after_change)
        self.sidebar.setCurrentRow(PAGES.index("Recordings"))
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
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addActions([self.import_action, self.lock_action])
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
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addActions([self.import_action, self.lock_action])
        self.addToolBar(toolbar)

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
        self.library.refresh()
        self.companies_page.refresh()

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
            "Agreements, requests, letters, reminders and bundles are in holdfast-cli for now; "
            "holdfast-cli --help lists everything.")

    def _about(self) -> None:
        QMessageBox.about(self, "About Holdfast",
                          "Holdfast keeps your recordings and the agreements attached to them "
                          "in an encrypted vault on this computer. Nothing leaves it.")

    def clear_sensitive(self) -> None:
        """Before locking: stop playback and drop every decrypted thing the views hold."""
        self.library.clear()
        self.companies_page.table.setRowCount(0)

    def shut_down(self) -> None:
        """Remember the geometry, cancel an import, drop decrypted views (lock or quit)."""
        self._settings.setValue("main_window/geometry", self.saveGeometry())
        if self._job is not None:
            self._job.cancel()
        self.clear_sensitive()

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt's name
        self.shut_down()
        super().closeEvent(event)
