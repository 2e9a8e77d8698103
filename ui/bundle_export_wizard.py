"""Export records bundle: what to include, a passphrase, where to save, progress, result.

The bundle is written off the GUI thread into a private temporary file beside the
chosen name and renamed into place only when complete; Cancel deletes it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ui.background import error_line, small_note
from ui.bundle_worker import BundleJob, export_job, pdf_renderers
from ui.import_progress_dialog import human_bytes
from ui.navigation import Today
from ui.password_fields import NewPasswordFields
from vault.bundle.export import BundleOptions, ExportResult
from vault.vault import Vault

MEDIA_WARNING = ("The bundle will then hold decrypted copies of your recordings: anyone who "
                 "gets the file can watch and listen to them, unless you set a passphrase on "
                 "the next page.")


class ScopePage(QWizardPage):
    def __init__(self, companies: list[tuple[str, str]]) -> None:
        super().__init__()
        self.setTitle("What to export")
        self.setSubTitle("A records bundle is one file with your agreements, payments, "
                         "requests and letters, a readable report, and a signature that "
                         "shows it is unchanged.")
        self.everything = QRadioButton("&Everything in this vault")
        self.one_company = QRadioButton("Only what concerns &one company:")
        group = QButtonGroup(self)
        group.addButton(self.everything)
        group.addButton(self.one_company)
        self.everything.setChecked(True)
        self.company_combo = QComboBox()
        for company_id, name in companies:
            self.company_combo.addItem(name, company_id)
        self.company_combo.setEnabled(False)
        self.one_company.toggled.connect(self.company_combo.setEnabled)
        self.media_check = QCheckBox("Include copies of my &recordings")
        self.media_warning = small_note(MEDIA_WARNING)
        self.media_warning.setVisible(False)
        self.media_check.toggled.connect(self.media_warning.setVisible)
        row = QHBoxLayout()
        row.addWidget(self.one_company)
        row.addWidget(self.company_combo, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.everything)
        layout.addLayout(row)
        if not companies:
            self.one_company.setEnabled(False)
            layout.addWidget(small_note("No companies yet: add one on the Companies page to "
                                        "export only what concerns it."))
        layout.addSpacing(12)
        layout.addWidget(self.media_check)
        layout.addWidget(self.media_warning)
        layout.addStretch(1)

    def company_id(self) -> str | None:
        return str(self.company_combo.currentData()) if self.one_company.isChecked() else None


class PassphrasePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Protect the bundle")
        self.setSubTitle("With a passphrase the bundle becomes one encrypted file (.zip.age). "
                         "Without one it is an ordinary ZIP file that anyone can open.")
        self.protect_check = QCheckBox("Protect it with a &passphrase")
        self.fields = NewPasswordFields(label="&Passphrase:")
        self.fields.show_check.setText("Show passphrase")
        self.fields.on_change(self._say_passphrase)  # runs after the fields' own update
        self.fields.setEnabled(False)
        self.protect_check.toggled.connect(self.fields.setEnabled)
        self.protect_check.toggled.connect(self.completeChanged)
        self.fields.on_change(self.completeChanged)
        self.plain_warning = small_note()
        self.protect_check.toggled.connect(self.plain_warning.setHidden)
        layout = QVBoxLayout(self)
        layout.addWidget(self.protect_check)
        layout.addWidget(self.fields)
        layout.addWidget(self.plain_warning)
        layout.addStretch(1)

    def _say_passphrase(self) -> None:
        self.fields.mismatch_label.setText("The two passphrases do not match.")

    def initializePage(self) -> None:
        media = self.field_media()
        self.plain_warning.setText(
            "Without a passphrase the ZIP file holds your recordings decrypted." if media else
            "Without a passphrase anyone who gets the file can read your agreements and "
            "letters.")

    def field_media(self) -> bool:
        wizard = self.wizard()
        return isinstance(wizard, BundleExportWizard) and wizard.scope_page.media_check.isChecked()

    def passphrase(self) -> str | None:
        return self.fields.password() if self.protect_check.isChecked() else None

    def isComplete(self) -> bool:
        return not self.protect_check.isChecked() or self.fields.is_acceptable()


class SavePage(QWizardPage):
    def __init__(self, today: Today) -> None:
        super().__init__()
        self._today = today
        self.setTitle("Where to save it")
        self.setSubTitle("Choose a folder you can find again, such as a USB stick for a "
                         "backup or a folder to send from.")
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("No file chosen yet")
        self.choose_button = QPushButton("&Choose…")
        self.choose_button.clicked.connect(self.choose_file)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(small_note("Holdfast writes it under a temporary name first, so an "
                                    "interrupted export never leaves half a file."))
        layout.addStretch(1)
        self.chosen: Path | None = None

    def suffix(self) -> str:
        wizard = self.wizard()
        encrypted = isinstance(wizard, BundleExportWizard) and \
            wizard.passphrase_page.passphrase() is not None
        return ".zip.age" if encrypted else ".zip"

    def initializePage(self) -> None:
        if self.chosen is not None and not self.chosen.name.endswith(self.suffix()):
            self.chosen = None  # the passphrase choice changed what kind of file it is
            self.path_edit.clear()
            self.completeChanged.emit()

    def choose_file(self) -> None:
        suffix = self.suffix()
        default = str(Path.home() / f"holdfast-records-{self._today().isoformat()}{suffix}")
        kind = "Encrypted bundle (*.age)" if suffix == ".zip.age" else "ZIP bundle (*.zip)"
        name, _ = QFileDialog.getSaveFileName(self, "Save records bundle", default, kind)
        if not name:
            return
        if not name.endswith(suffix):
            name = name.removesuffix(".zip") + suffix
        self.chosen = Path(name)
        self.path_edit.setText(name)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.chosen is not None


class ProgressPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Writing the bundle")
        self.setSubTitle("This can take a while with many recordings.")
        self.status_label = QLabel("Starting…")
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bytes_label = QLabel()
        self.error_label = error_line()
        self.cancel_button = QPushButton("Cancel e&xport")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        for widget in (self.status_label, self.bar, self.bytes_label, self.error_label):
            layout.addWidget(widget)
        layout.addLayout(row)
        layout.addStretch(1)
        self.done = False
        self.stopped = False  # failed or cancelled: this is then the last page

    def show_progress(self, done: int, total: int, what: str) -> None:
        self.bar.setValue(int(1000 * done / total) if total else 0)
        self.status_label.setText(f"{what}…")
        self.bytes_label.setText(f"{human_bytes(done)} of {human_bytes(total)} of documents "
                                 "and recordings written" if total else "")

    def isComplete(self) -> bool:
        return self.done

    def nextId(self) -> int:
        return -1 if self.stopped else super().nextId()


class ResultPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Bundle saved")
        self.setSubTitle("Your records bundle is ready.")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.how_to_open = QLabel()
        self.how_to_open.setWordWrap(True)
        self.warnings = small_note()
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.how_to_open, self.warnings):
            layout.addWidget(widget)
        layout.addStretch(1)


class BundleExportWizard(QWizard):
    """Asks what to export, then writes it with `export_job` on `pool`."""

    def __init__(self, vault: Vault, pool: QThreadPool, parent: QWidget | None = None, *,
                 today: Today = date.today) -> None:
        super().__init__(parent)
        self._vault, self._pool, self._today = vault, pool, today
        self.job: BundleJob | None = None
        self.export_result: ExportResult | None = None
        self.setWindowTitle("Export records bundle")
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        companies = [(c.id, c.name) for c in vault.companies.list()]
        self.scope_page = ScopePage(companies)
        self.passphrase_page = PassphrasePage()
        self.save_page = SavePage(today)
        self.save_page.setCommitPage(True)
        self.save_page.setButtonText(QWizard.WizardButton.CommitButton, "&Export")
        self.progress_page = ProgressPage()
        self.result_page = ResultPage()
        for page in (self.scope_page, self.passphrase_page, self.save_page,
                     self.progress_page, self.result_page):
            self.addPage(page)
        self.progress_page.cancel_button.clicked.connect(self.cancel_export)
        self.currentIdChanged.connect(self._page_changed)
        self.setMinimumSize(640, 460)

    @staticmethod
    def launch(parent: QWidget | None, vault: Vault, pool: QThreadPool | None = None, *,
               today: Today = date.today) -> ExportResult | None:
        """Run the wizard; what was written, or None if nothing was."""
        wizard = BundleExportWizard(vault, pool or QThreadPool.globalInstance(), parent,
                                    today=today)
        try:
            wizard.exec()
            return wizard.export_result
        finally:
            wizard.deleteLater()

    def bundle_options(self) -> BundleOptions:
        report_pdf, letter_pdf = pdf_renderers()
        return BundleOptions(company=self.scope_page.company_id(),
                             include_media=self.scope_page.media_check.isChecked(),
                             passphrase=self.passphrase_page.passphrase(),
                             pdf_renderer=report_pdf, letter_pdf_renderer=letter_pdf)

    def _page_changed(self, page_id: int) -> None:
        if self.page(page_id) is self.progress_page and self.job is None:
            self.start_export()

    def start_export(self) -> None:
        out = self.save_page.chosen
        assert out is not None  # the save page is complete only with a file
        options = self.bundle_options()
        self.passphrase_page.fields.clear()  # the job holds it; the form need not
        self.job = job = export_job(self._vault, out, options, self._today)
        job.signals.progress.connect(self.progress_page.show_progress)
        job.signals.finished.connect(self._finished)
        job.signals.failed.connect(self._failed)
        job.signals.cancelled.connect(self._cancelled)
        self.button(QWizard.WizardButton.CancelButton).setEnabled(False)
        self._pool.start(job)

    def cancel_export(self) -> None:
        if self.job is not None:
            self.progress_page.status_label.setText("Cancelling… the unfinished file will be "
                                                    "deleted.")
            self.progress_page.cancel_button.setEnabled(False)
            self.job.cancel()

    def reject(self) -> None:  # Esc or the close button while writing cancels first
        if self.job is not None and not self.progress_page.done:
            self.cancel_export()
            return
        super().reject()

    def _stopped(self, message: str) -> None:
        page = self.progress_page
        page.done = page.stopped = True
        for widget in (page.cancel_button, page.bar, page.bytes_label):
            widget.hide()
        page.setSubTitle("Nothing was written.")
        page.error_label.setText(message)
        page.error_label.show()
        page.setFinalPage(True)  # with nextId() now -1: Finish, and no Next
        self.job = None
        self.button(QWizard.WizardButton.CancelButton).setEnabled(True)
        page.completeChanged.emit()

    def _failed(self, message: str) -> None:
        self.progress_page.setTitle("The bundle was not saved")
        self.progress_page.status_label.setText("Holdfast could not write the bundle:")
        self._stopped(message)

    def _cancelled(self) -> None:
        self.progress_page.setTitle("Export cancelled")
        self.progress_page.status_label.setText("You cancelled the export.")
        self._stopped("No file was written; start again whenever you like.")

    def _finished(self, result: ExportResult) -> None:
        self.export_result = result
        self.progress_page.done = True
        self.progress_page.bar.setValue(1000)
        self.job = None
        self.result_page.summary.setText(describe_export(result, self.options_summary()))
        self.result_page.how_to_open.setText(how_to_open(result.path))
        warnings = list(result.warnings)
        if self.passphrase_page.protect_check.isChecked() is False and (
                self.scope_page.media_check.isChecked() or result.has_documents):
            what = "recordings" if self.scope_page.media_check.isChecked() else \
                "documents and letters"
            warnings.insert(0, f"It is not encrypted: anyone who gets the file can open your "
                               f"{what}, so keep it somewhere only you can reach.")
        self.result_page.warnings.setText(" ".join(warnings))
        self.next()

    def options_summary(self) -> str:
        company = self.scope_page.company_id()
        scope = (f"what concerns {self.scope_page.company_combo.currentText()}" if company
                 else "everything in this vault")
        media = "with copies of your recordings" if self.scope_page.media_check.isChecked() \
            else "without your recordings (only their descriptions)"
        return f"It holds {scope}, {media}."


def describe_export(result: ExportResult, scope: str) -> str:
    encrypted = result.path.name.endswith(".age")
    what = "an encrypted bundle" if encrypted else "a ZIP bundle"
    return (f"Holdfast wrote {what} of {result.files} files to {result.path} "
            f"({human_bytes(result.bytes)}). {scope}")


def how_to_open(path: Path) -> str:
    if path.name.endswith(".age"):
        return ("To open it, use File → Verify or import a bundle… in Holdfast and give the "
                "passphrase, or decrypt it with the age tool: age -d -o records.zip "
                f"{path.name}. Keep the passphrase somewhere safe: without it nobody, not "
                "even Holdfast, can open the file.")
    return ("Open it with any ZIP tool and start with report.html (or report.pdf); the "
            "data folder has the same records as spreadsheets (CSV) and JSON. To check it "
            "is unchanged, use File → Verify or import a bundle… in Holdfast.")
