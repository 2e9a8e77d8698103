"""Verify a records bundle (signature, sizes, hashes) and, when it holds recordings,
restore it into this vault: all or nothing, off the GUI thread, with the outcome in words."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.background import error_line, small_note
from ui.bundle_worker import (
    BundleCheck,
    BundleJob,
    describe_counts,
    import_job,
    vault_fingerprint,
    verify_job,
)
from ui.import_progress_dialog import human_bytes
from vault.bundle.importer import ImportResult
from vault.bundle.safe_zip import is_encrypted_bundle
from vault.vault import Vault

_GOOD = "color: #1e8449; font-size: 15px; font-weight: bold;"
_BAD = "color: #c0392b; font-size: 15px; font-weight: bold;"


class BundleCheckDialog(QDialog):
    """Pick a bundle, check it, and offer "Import into this vault…" when it can be restored."""

    data_changed = Signal()  # after an import added records to the vault

    def __init__(self, vault: Vault, pool: QThreadPool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault, self._pool = vault, pool
        self._own_key = vault_fingerprint(vault)
        self.job: BundleJob | None = None
        self.path: Path | None = None
        self.check: BundleCheck | None = None
        self.imported: ImportResult | None = None
        self.setWindowTitle("Verify or import a bundle")
        self.setMinimumWidth(620)
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("No bundle chosen yet")
        self.choose_button = QPushButton("&Choose bundle…")
        self.choose_button.clicked.connect(self.choose_file)
        self.passphrase_label = QLabel("This bundle is encrypted. &Passphrase:")
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_label.setBuddy(self.passphrase_edit)
        self.passphrase_edit.returnPressed.connect(self.start_check)
        self.check_button = QPushButton("C&heck bundle")
        self.check_button.clicked.connect(self.start_check)
        self.status_label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel_work)
        self.verdict_label = QLabel()
        self.verdict_label.setWordWrap(True)
        self.details_label = QLabel()
        self.details_label.setWordWrap(True)
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.import_button = QPushButton("&Import into this vault…")
        self.import_button.clicked.connect(self.start_import)
        self.import_note = small_note()
        self.error_label = error_line()
        self.outcome_label = QLabel()
        self.outcome_label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self._layout(buttons)
        self._show_running(False)
        self._clear_result()

    def _layout(self, buttons: QDialogButtonBox) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(small_note(
            "Check that a records bundle is complete and unchanged since it was signed. A "
            "bundle made with your recordings can also be restored into this vault."))
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.choose_button)
        layout.addLayout(row)
        secret = QHBoxLayout()
        secret.addWidget(self.passphrase_label)
        secret.addWidget(self.passphrase_edit, 1)
        layout.addLayout(secret)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.check_button)
        layout.addLayout(actions)
        progress = QHBoxLayout()
        progress.addWidget(self.bar, 1)
        progress.addWidget(self.cancel_button)
        layout.addWidget(self.status_label)
        layout.addLayout(progress)
        for widget in (self.verdict_label, self.details_label, self.problems_label):
            layout.addWidget(widget)
        importing = QHBoxLayout()
        importing.addWidget(self.import_note, 1)
        importing.addWidget(self.import_button)
        layout.addLayout(importing)
        layout.addWidget(self.error_label)
        layout.addWidget(self.outcome_label)
        layout.addStretch(1)
        layout.addWidget(buttons)

    @staticmethod
    def launch(parent: QWidget | None, vault: Vault,
               pool: QThreadPool | None = None) -> ImportResult | None:
        """Show the dialog; what an import restored, or None if nothing was imported."""
        dialog = BundleCheckDialog(vault, pool or QThreadPool.globalInstance(), parent)
        try:
            dialog.exec()
            return dialog.imported
        finally:
            dialog.deleteLater()

    # -- choosing ------------------------------------------------------------

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose a records bundle", "", "Records bundles (*.zip *.age);;All files (*)")
        if name:
            self.set_path(Path(name))

    def set_path(self, path: Path) -> None:
        self.path = path
        self.path_edit.setText(str(path))
        encrypted = is_encrypted_bundle(path)
        self.passphrase_label.setVisible(encrypted)
        self.passphrase_edit.setVisible(encrypted)
        self.passphrase_edit.clear()
        self.check_button.setEnabled(True)
        self._clear_result()

    def passphrase(self) -> str | None:
        return self.passphrase_edit.text() if self.passphrase_edit.isVisibleTo(self) else None

    # -- running -------------------------------------------------------------

    def _show_running(self, running: bool, text: str = "") -> None:
        shown: list[QWidget] = [self.status_label, self.bar, self.cancel_button]
        for widget in shown:
            widget.setVisible(running)
        self.cancel_button.setEnabled(True)
        self.status_label.setText(text)
        self.bar.setValue(0)
        inputs: list[QWidget] = [self.choose_button, self.check_button,
                                 self.passphrase_edit, self.import_button]
        for widget in inputs:
            widget.setEnabled(not running)
        self.check_button.setEnabled(not running and self.path is not None)

    def _clear_result(self) -> None:
        self.check = None
        for label in (self.verdict_label, self.details_label, self.problems_label,
                      self.outcome_label, self.import_note):
            label.clear()
            label.hide()
        self.error_label.hide()
        self.import_button.hide()

    def _start(self, job: BundleJob) -> None:
        self.job = job
        job.signals.progress.connect(self._progress)
        job.signals.failed.connect(self._failed)
        job.signals.cancelled.connect(self._cancelled)
        self._show_running(True, f"{job.what}…")
        self._pool.start(job)

    def _progress(self, done: int, total: int, what: str) -> None:
        self.bar.setValue(int(1000 * done / total) if total else 0)
        self.status_label.setText(f"{what}… {human_bytes(done)} of {human_bytes(total)}")

    def cancel_work(self) -> None:
        if self.job is not None:
            self.status_label.setText("Cancelling…")
            self.cancel_button.setEnabled(False)
            self.job.cancel()

    def reject(self) -> None:  # closing while working cancels first
        if self.job is not None:
            self.cancel_work()
            return
        super().reject()

    def _failed(self, message: str) -> None:
        importing = self.check is not None
        self.job = None
        self._show_running(False)
        self.error_label.setText(message + (" Nothing in this vault was changed."
                                            if importing else ""))
        self.error_label.show()
        self.import_button.setVisible(importing and self.imported is None)

    def _cancelled(self) -> None:
        importing = self.check is not None
        self.job = None
        self._show_running(False)
        self.outcome_label.setText("Import cancelled; nothing in this vault was changed."
                                   if importing else "Check cancelled.")
        self.outcome_label.show()
        self.import_button.setVisible(importing and self.imported is None)

    # -- verify --------------------------------------------------------------

    def start_check(self) -> None:
        if self.job is not None or self.path is None:
            return
        self._clear_result()
        job = verify_job(self.path, self.passphrase(), self._own_key)
        job.signals.finished.connect(self._checked)
        self._start(job)

    def _checked(self, check: BundleCheck) -> None:
        self.job = None
        self._show_running(False)
        self.check = check
        if check.intact:
            self.verdict_label.setText("✔ This bundle is intact: the signature is valid and "
                                       "every file matches its record.")
            self.verdict_label.setStyleSheet(_GOOD)
        else:
            self.verdict_label.setText("✘ This bundle was changed or damaged; do not rely on "
                                       "it.")
            self.verdict_label.setStyleSheet(_BAD)
        signer = ("It was signed by this vault." if check.signed_by_this_vault else
                  f"It was signed by key {check.signed_by}, which is not this vault's key: "
                  "compare it with the key shown by the vault that made it.")
        about = f"what concerns {check.company}" if check.company else "a whole vault"
        media = "with copies of the recordings" if check.has_media else \
            "without the recordings (only their descriptions)"
        made = f" Made {check.created_at.replace('T', ' at ').rstrip('Z')} UTC." \
            if check.created_at else ""
        self.details_label.setText(f"{signer}{made} It holds {about}, {media}: "
                                   f"{describe_counts(check.counts)}.")
        self.problems_label.setText("\n".join(f"• {p}" for p in check.problems))
        for label in (self.verdict_label, self.details_label):
            label.show()
        self.problems_label.setVisible(bool(check.problems))
        if check.intact and check.has_media:
            self.import_button.show()
            self.import_note.setText("Restoring adds everything in it to this vault; it works "
                                     "in a vault that does not hold these records yet.")
        elif check.intact:
            self.import_note.setText("It cannot be restored: it was made without the "
                                     "recordings. Export again with recordings included.")
        self.import_note.setVisible(check.intact)

    # -- import --------------------------------------------------------------

    def start_import(self) -> None:
        check = self.check
        if check is None or self.job is not None:
            return
        answer = QMessageBox.question(
            self, "Import bundle",
            f"Add {describe_counts(check.counts)} from {check.path.name} to this vault?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.error_label.hide()
        self.outcome_label.hide()
        job = import_job(self._vault, check.path, self.passphrase())
        job.signals.finished.connect(self._imported)
        self._start(job)

    def _imported(self, result: ImportResult) -> None:
        self.job = None
        self._show_running(False)
        self.imported = result
        self.import_button.hide()
        self.import_note.hide()
        self.passphrase_edit.clear()
        self.outcome_label.setText(f"✔ Restored {describe_counts(result.counts)} into this "
                                   "vault.")
        self.outcome_label.setStyleSheet("font-weight: bold;")
        self.outcome_label.show()
        self.data_changed.emit()
