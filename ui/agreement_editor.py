"""Enter or change an agreement: every term, the company holding the data, and the
recordings it covers. The vault checks the terms; a problem is shown here in one sentence
and the dialog stays open with nothing stored."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.background import error_line, small_note
from ui.form_parts import hbox, to_qdate
from ui.recording_picker import RecordingPicker
from vault.errors import InvalidInputError, VaultError
from vault.services.agreement_terms import AgreementTerms, check_terms
from vault.services.agreements import AgreementInfo
from vault.services.companies import CompanyInfo
from vault.services.recordings import RecordingInfo
from vault.vocabulary import DATA_KINDS, PAY_MODELS, PERMITTED_USES

REVOCABLE_CHOICES = (("yes", "Yes, I can take my permission back at any time"),
                     ("notice", "Yes, with notice"),
                     ("no", "No, it cannot be revoked"))
DELETION_CHOICES = (("days-after-end", "Deleted within some days after it ends"),
                    ("on-request", "Deleted when I ask"),
                    ("not-stated", "The agreement does not say"))


def plain(term: str) -> str:
    """A vocabulary term as words: "synthetic-replica" -> "Synthetic replica"."""
    return term.replace("-", " ").capitalize()


@dataclass(frozen=True)
class AgreementChoice:
    """What the person entered: the terms, who holds the data, the recordings covered."""

    company_id: str
    terms: AgreementTerms
    recording_ids: tuple[str, ...]


SaveAgreement = Callable[[AgreementChoice], object]  # raises VaultError on bad input


def _date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(to_qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _days(maximum: int = 36500, suffix: str = " days") -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, maximum)
    spin.setSuffix(suffix)
    return spin


class AgreementEditor(QDialog):
    def __init__(self, companies: Sequence[CompanyInfo], recordings: Sequence[RecordingInfo],
                 existing: AgreementInfo | None = None, save: SaveAgreement | None = None,
                 today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self.choice: AgreementChoice | None = None
        day = today or date.today()
        self.setWindowTitle(f"Edit {existing.terms.title}" if existing else "New agreement")
        self.setMinimumSize(720, 560)

        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("e.g. Voice data licence")
        self.company_combo = QComboBox()
        self.via_combo = QComboBox()
        self.via_combo.addItem("Directly, not through a platform", None)
        for company in companies:
            self.company_combo.addItem(company.name, company.id)
            self.via_combo.addItem(company.name, company.id)
        self.signed_edit = _date_edit(day)
        self.starts_later = QCheckBox("Starts on another day:")
        self.effective_edit = _date_edit(day)
        self.ends_radio = QRadioButton("Ends on")
        self.perpetual_radio = QRadioButton("Perpetual (never ends)")
        self.ends_radio.setChecked(True)
        self.ends_edit = _date_edit(date(day.year + 1, day.month, min(day.day, 28)))
        self.auto_renews = QCheckBox("Renews itself every")
        self.renewal_months = _days(1200, " months")
        self.renewal_notice = _days()
        self.revocable_combo = QComboBox()
        for value, label in REVOCABLE_CHOICES:
            self.revocable_combo.addItem(label, value)
        self.revocation_days = _days()
        self.revoked = QCheckBox("I revoked it on")
        self.revoked_edit = _date_edit(day)
        self.deletion_combo = QComboBox()
        for value, label in DELETION_CHOICES:
            self.deletion_combo.addItem(label, value)
        self.deletion_days = _days()
        self.deletion_days.setValue(30)
        # Start from "does not say": a guessed promise would hide a missing deletion clause.
        self.deletion_combo.setCurrentIndex(self.deletion_combo.findData("not-stated"))

        terms_tab = QWidget()
        form = QFormLayout(terms_tab)
        form.addRow("Title", self.title_edit)
        form.addRow("Company holding the data", self.company_combo)
        form.addRow("Reached through", self.via_combo)
        form.addRow("Signed on", self.signed_edit)
        form.addRow("", hbox(self.starts_later, self.effective_edit, None))
        form.addRow("How long", hbox(self.ends_radio, self.ends_edit, self.perpetual_radio, None))
        form.addRow("", hbox(self.auto_renews, self.renewal_months,
                             QLabel("cancel at least"), self.renewal_notice,
                             QLabel("before"), None))
        form.addRow("Can I revoke it?", hbox(self.revocable_combo, self.revocation_days, None))
        form.addRow("", hbox(self.revoked, self.revoked_edit, None))
        form.addRow("Deleting my data", hbox(self.deletion_combo, self.deletion_days, None))
        form.addRow("", small_note("Holdfast works out the status and the day your data "
                                   "must be deleted from these dates."))

        self.use_boxes = {use: QCheckBox(plain(use)) for use in PERMITTED_USES}
        self.kind_boxes = {kind: QCheckBox(plain(kind)) for kind in DATA_KINDS}
        self.exclusive = QCheckBox("Exclusive: I may not license this data to anyone else")
        self.territory_edit = QLineEdit()
        self.territory_edit.setPlaceholderText("e.g. worldwide, EU")
        self.law_edit = QLineEdit()
        self.law_edit.setPlaceholderText("e.g. Laws of Germany")
        uses_tab = QWidget()
        uses = QVBoxLayout(uses_tab)
        uses.addWidget(QLabel("What the company may do with the data:"))
        uses.addLayout(self._grid(list(self.use_boxes.values()), 2))
        uses.addWidget(QLabel("Which kinds of data it covers:"))
        uses.addLayout(self._grid(list(self.kind_boxes.values()), 3))
        uses.addWidget(self.exclusive)
        other = QFormLayout()
        other.addRow("Territory", self.territory_edit)
        other.addRow("Governing law", self.law_edit)
        uses.addLayout(other)
        uses.addStretch(1)

        self.pay_combo = QComboBox()
        self.pay_combo.addItem("Not stated", None)
        for model in PAY_MODELS:
            self.pay_combo.addItem(plain(model), model)
        self.amount_edit = QLineEdit()
        self.amount_edit.setPlaceholderText("e.g. 150.00")
        self.currency_edit = QLineEdit()
        self.currency_edit.setPlaceholderText("e.g. EUR")
        self.currency_edit.setMaxLength(3)
        self.reference_edit = QLineEdit()
        self.reference_edit.setPlaceholderText("The contract or job number, if any")
        self.notes_edit = QPlainTextEdit()
        pay_tab = QWidget()
        pay = QFormLayout(pay_tab)
        pay.addRow("How I am paid", self.pay_combo)
        pay.addRow("Amount", hbox(self.amount_edit, self.currency_edit))
        pay.addRow("Reference", self.reference_edit)
        pay.addRow("Notes", self.notes_edit)
        pay.addRow("", small_note("Payments received or still expected are added on the "
                                  "agreement's page, under Payments."))

        covered = {r.recording_id for r in existing.recordings} if existing else set()
        self.picker = RecordingPicker(recordings, covered)
        picker_tab = QWidget()
        picker_column = QVBoxLayout(picker_tab)
        picker_column.addWidget(QLabel("Tick the recordings this agreement covers:"))
        picker_column.addWidget(self.picker, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(terms_tab, "Dates and rights")
        self.tabs.addTab(uses_tab, "Uses and data")
        self.tabs.addTab(pay_tab, "Pay and notes")
        self.tabs.addTab(picker_tab, "Recordings covered")
        self.error_label = error_line()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(small_note(
            "Enter what the agreement says; the title, the company and the dates are enough "
            "to start. Holdfast points out risky terms once it is saved."))
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        for signal in (self.starts_later.toggled, self.ends_radio.toggled,
                       self.auto_renews.toggled, self.revoked.toggled):
            signal.connect(self._update_enabled)
        self.revocable_combo.currentIndexChanged.connect(self._update_enabled)
        self.deletion_combo.currentIndexChanged.connect(self._update_enabled)
        if existing is not None:
            self._fill(existing)
        self._update_enabled()

    @staticmethod
    def _grid(boxes: list[QCheckBox], columns: int) -> QGridLayout:
        grid = QGridLayout()
        for index, box in enumerate(boxes):
            grid.addWidget(box, index // columns, index % columns)
        return grid

    def _fill(self, info: AgreementInfo) -> None:
        t = info.terms
        self.title_edit.setText(t.title)
        self.company_combo.setCurrentIndex(max(0, self.company_combo.findData(info.company_id)))
        self.via_combo.setCurrentIndex(max(0, self.via_combo.findData(info.via_company_id)))
        self.signed_edit.setDate(to_qdate(t.signed_on))
        if t.effective_on and t.effective_on != t.signed_on:
            self.starts_later.setChecked(True)
            self.effective_edit.setDate(to_qdate(t.effective_on))
        self.perpetual_radio.setChecked(t.perpetual)
        self.ends_radio.setChecked(not t.perpetual)
        if t.ends_on:
            self.ends_edit.setDate(to_qdate(t.ends_on))
        self.auto_renews.setChecked(t.auto_renews)
        self.renewal_months.setValue(t.renewal_months or 0)
        self.renewal_notice.setValue(t.renewal_notice_days or 0)
        self.revocable_combo.setCurrentIndex(self.revocable_combo.findData(t.revocable))
        self.revocation_days.setValue(t.revocation_notice_days or 0)
        if t.revoked_on:
            self.revoked.setChecked(True)
            self.revoked_edit.setDate(to_qdate(t.revoked_on))
        self.deletion_combo.setCurrentIndex(self.deletion_combo.findData(t.deletion_clause))
        self.deletion_days.setValue(t.deletion_days or 0)
        for use, box in self.use_boxes.items():
            box.setChecked(use in t.permitted_uses)
        for kind, box in self.kind_boxes.items():
            box.setChecked(kind in t.data_kinds)
        self.exclusive.setChecked(t.exclusive)
        self.territory_edit.setText(t.territory or "")
        self.law_edit.setText(t.governing_law or "")
        self.pay_combo.setCurrentIndex(max(0, self.pay_combo.findData(t.pay_model)))
        self.amount_edit.setText(t.amount or "")
        self.currency_edit.setText(t.currency or "")
        self.reference_edit.setText(t.reference or "")
        self.notes_edit.setPlainText(t.notes or "")

    def _update_enabled(self) -> None:
        self.effective_edit.setEnabled(self.starts_later.isChecked())
        self.ends_edit.setEnabled(self.ends_radio.isChecked())
        self.renewal_months.setEnabled(self.auto_renews.isChecked())
        self.renewal_notice.setEnabled(self.auto_renews.isChecked())
        self.revocation_days.setVisible(self.revocable_combo.currentData() == "notice")
        self.revoked_edit.setEnabled(self.revoked.isChecked())
        self.deletion_days.setVisible(self.deletion_combo.currentData() == "days-after-end")

    def terms(self) -> AgreementTerms:
        """The terms as entered (not yet checked: the vault checks them)."""
        def day(edit: QDateEdit) -> date:
            value = edit.date().toPython()
            assert isinstance(value, date)
            return value

        revocable = str(self.revocable_combo.currentData())
        deletion = str(self.deletion_combo.currentData())
        renews = self.auto_renews.isChecked()
        amount = self.amount_edit.text().strip()
        return AgreementTerms(
            title=self.title_edit.text(), signed_on=day(self.signed_edit),
            effective_on=day(self.effective_edit) if self.starts_later.isChecked() else None,
            ends_on=None if self.perpetual_radio.isChecked() else day(self.ends_edit),
            perpetual=self.perpetual_radio.isChecked(), auto_renews=renews,
            renewal_months=self.renewal_months.value() if renews else None,
            renewal_notice_days=self.renewal_notice.value() if renews else None,
            revocable=revocable,
            revocation_notice_days=self.revocation_days.value() if revocable == "notice"
            else None,
            revoked_on=day(self.revoked_edit) if self.revoked.isChecked() else None,
            deletion_clause=deletion,
            deletion_days=self.deletion_days.value() if deletion == "days-after-end" else None,
            permitted_uses=tuple(u for u, box in self.use_boxes.items() if box.isChecked()),
            data_kinds=tuple(k for k, box in self.kind_boxes.items() if box.isChecked()),
            exclusive=self.exclusive.isChecked(), territory=self.territory_edit.text(),
            pay_model=self.pay_combo.currentData(), amount=amount or None,
            currency=self.currency_edit.text().strip() or None,
            governing_law=self.law_edit.text(), reference=self.reference_edit.text(),
            notes=self.notes_edit.toPlainText(), via=self.via_combo.currentData())

    def current_choice(self) -> AgreementChoice:
        return AgreementChoice(str(self.company_combo.currentData() or ""), self.terms(),
                               tuple(self.picker.selected_ids()))

    def show_error(self, sentence: str) -> None:
        self.error_label.setText(sentence)
        self.error_label.show()

    def accept(self) -> None:
        """Save (or only check, without a save callable); on a problem say it and stay open."""
        choice = self.current_choice()
        try:
            if not choice.company_id:
                raise InvalidInputError("Choose the company holding the data; add it on the "
                                 "Companies page first if it is missing.")
            if self._save is not None:
                self._save(choice)
            else:
                check_terms(choice.terms)
        except VaultError as error:
            self.show_error(str(error))
            return
        self.choice = choice
        super().accept()

    @classmethod
    def launch(cls, parent: QWidget | None, companies: Sequence[CompanyInfo],
               recordings: Sequence[RecordingInfo], existing: AgreementInfo | None = None,
               save: SaveAgreement | None = None,
               today: date | None = None) -> AgreementChoice | None:
        """Show the dialog; what was saved, or None if the person cancelled."""
        dialog = cls(companies, recordings, existing, save, today, parent)
        dialog.exec()
        dialog.deleteLater()  # not kept as a child of the page once closed
        return dialog.choice
