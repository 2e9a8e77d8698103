"""The recordings page: a searchable table of the vault's recordings and a detail pane to edit
one and see who holds it. Preview, export and removal are asked of the main window by signal."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from PySide6.QtCore import QDate, QItemSelectionModel, Qt, Signal, SignalInstance
from PySide6.QtGui import QKeySequence, QShortcut, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.form_parts import button, hbox, hint, separator, wrapping_view
from ui.recordings_model import (
    CAPTURED,
    COMPANIES,
    ID_ROLE,
    KIND,
    SIZE,
    TITLE,
    RecordingsTableModel,
    holdings,
    human_size,
    parse_tags,
)
from ui.recordings_proxy import RecordingsFilterProxy
from vault.errors import VaultError
from vault.media import DATA_KINDS
from vault.services.agreements import AgreementService
from vault.services.recordings import RecordingInfo, RecordingService

EMPTY_HINT = "No recordings yet. Import files with Ctrl+I or drag them onto this window."
NO_SELECTION_HINT = "Select a recording to see and edit its details."
NOT_HELD = "No agreement covers this recording."
ERROR_STYLE = "color: palette(highlight); font-weight: bold;"
MIN_DATE = QDate(1900, 1, 1)

class RecordingsPage(QWidget):
    recording_selected = Signal(str)  # the selected recording's id, "" when none
    remove_requested = Signal(str)
    export_requested = Signal(str)
    preview_requested = Signal(str)

    def __init__(self, recordings: RecordingService, agreements: AgreementService,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._recordings = recordings
        self._agreements = agreements
        self._held_by: dict[str, tuple[str, ...]] = {}
        self._current: RecordingInfo | None = None
        self._selected_id = ""
        self._refreshing = False
        self.model = RecordingsTableModel(self)
        self.proxy = RecordingsFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search recordings")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._apply_filters)
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("All kinds", None)
        for kind in DATA_KINDS:
            self.kind_filter.addItem(kind, kind)
        self.kind_filter.currentIndexChanged.connect(self._apply_filters)
        self.count_label = QLabel()
        bar = hbox(self.search_edit, self.kind_filter, self.count_label)
        bar.setStretch(0, 1)

        self.table = self._build_table()
        self.detail = QStackedWidget()
        self.no_selection_label = hint(NO_SELECTION_HINT)
        self.detail.addWidget(self.no_selection_label)
        self.detail_form = self._build_detail()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.detail_form)
        self.detail.addWidget(scroll)
        scrollbar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        self.detail.setMinimumWidth(self.detail_form.minimumSizeHint().width() + scrollbar)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([640, 420])

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(bar)
        column.addWidget(self.splitter, 1)
        self.empty_label = hint(EMPTY_HINT)
        self.stack = QStackedWidget()
        self.stack.addWidget(content)
        self.stack.addWidget(self.empty_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self.refresh()

    # -- building -------------------------------------------------------------------------

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(TITLE, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        # Nothing is measured row by row (a library can hold 100,000 recordings): rows have
        # one fixed height, and the columns widths worked out from the texts they can hold.
        rows = table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column, samples in ((KIND, DATA_KINDS), (CAPTURED, ("0000-00-00",)),
                                (SIZE, ("999 bytes", "999 MB", "9.9 GB"))):
            table.setColumnWidth(column, self._column_width(table, column, samples))
        table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        table.activated.connect(lambda _index: self._request(self.preview_requested))
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(lambda: self._request(self.remove_requested))
        return table

    @staticmethod
    def _column_width(table: QTableView, column: int, samples: Iterable[str]) -> int:
        """Wide enough for the header and for each sample text."""
        header = table.horizontalHeader()
        metrics = table.fontMetrics()
        margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
        widest = max((metrics.horizontalAdvance(text) for text in samples), default=0)
        return max(header.sectionSizeFromContents(column).width(), widest + margin + 8)

    def _build_detail(self) -> QWidget:
        pane = QWidget()
        self.title_edit = QLineEdit()
        self.title_edit.returnPressed.connect(self.save)
        self.kind_edit = QComboBox()
        self.kind_edit.addItems(list(DATA_KINDS))
        self.captured_check = QCheckBox("Captured on")
        self.captured_check.setToolTip("Untick if you do not know when it was recorded.")
        self.captured_edit = QDateEdit()
        self.captured_edit.setCalendarPopup(True)
        self.captured_edit.setDisplayFormat("yyyy-MM-dd")
        self.captured_edit.setMinimumDate(MIN_DATE)
        self.captured_edit.setSpecialValueText("Not set")
        self.captured_check.toggled.connect(self._on_captured_toggled)
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText("Comma-separated, e.g. studio, english")
        self.tags_edit.returnPressed.connect(self.save)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText("Anything worth remembering about this recording")
        self.notes_edit.setFixedHeight(self.notes_edit.fontMetrics().lineSpacing() * 4 + 12)
        self.notes_edit.setTabChangesFocus(True)
        for signal in (self.title_edit.textChanged, self.kind_edit.currentIndexChanged,
                       self.captured_check.toggled, self.captured_edit.dateChanged,
                       self.tags_edit.textChanged, self.notes_edit.textChanged):
            signal.connect(self._update_buttons)

        self.revert_button = button("Revert", lambda: self._fill(self._current))
        self.save_button = button("Save", self.save)
        self.error_label = QLabel()
        self.error_label.setObjectName("error")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.saved_label = QLabel("Saved.")
        self.saved_label.hide()

        self.size_label = QLabel()
        self.media_label = QLabel()
        self.original_view = wrapping_view(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.sha_view = wrapping_view(QTextOption.WrapMode.WrapAnywhere, monospace=True)
        self.held_label = QLabel()
        self.held_label.setWordWrap(True)
        for label in (self.size_label, self.media_label, self.held_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.preview_button = button("Preview", lambda: self._request(self.preview_requested))
        self.export_button = button("Export decrypted copy…",
                                     lambda: self._request(self.export_requested))
        self.remove_button = button("Remove…", lambda: self._request(self.remove_requested))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Title", self.title_edit)
        form.addRow("Kind", self.kind_edit)
        form.addRow(self.captured_check, self.captured_edit)
        form.addRow("Tags", self.tags_edit)
        form.addRow("Notes", self.notes_edit)
        form.addRow(hbox(self.saved_label, None, self.revert_button, self.save_button))
        form.addRow(self.error_label)
        form.addRow(separator())
        form.addRow("Size", self.size_label)
        form.addRow("Media type", self.media_label)
        form.addRow("Original name", self.original_view)
        form.addRow("SHA-256", self.sha_view)
        form.addRow("Held by", self.held_label)
        self.extra_rows = form  # the library adds what looks wrong with this recording here
        form.addRow(separator())
        form.addRow(hbox(self.preview_button, self.export_button, None, self.remove_button))
        layout = QVBoxLayout(pane)
        layout.addLayout(form)
        layout.addStretch(1)
        return pane

    # -- public ---------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def selected_id(self) -> str:
        rows = self.table.selectionModel().selectedRows()
        return str(rows[0].data(ID_ROLE)) if rows else ""

    def select_recording(self, recording_id: str) -> bool:
        """Select a recording if it is shown (not filtered out); True when it is."""
        index = self.proxy.mapFromSource(self.model.index(self.model.row_of(recording_id), 0))
        if not index.isValid():
            return False
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)
        return True

    def refresh(self) -> None:
        """Reload recordings and who holds them; the selection stays where it was."""
        keep = self.selected_id()
        try:
            recordings = self._recordings.table_rows()
            agreements = self._agreements.list()
        except VaultError as error:
            self.count_label.setText(str(error))
            return
        holders, self._held_by = holdings(agreements)
        self._keeping_selection(keep, lambda: self.model.set_rows(recordings, holders))
        self.stack.setCurrentIndex(1 if not recordings else 0)
        companies = {", ".join(names) for names in holders.values()}
        self.table.setColumnWidth(COMPANIES, min(
            self._column_width(self.table, COMPANIES, sorted(companies, key=len)[-50:]), 260))
        self._show_selected(force_fill=True)

    def save(self) -> None:
        """Write the detail pane's edits through RecordingService.update, then reload."""
        info = self._current
        if info is None or not self._is_dirty():
            return
        title, kind, captured_on, notes, tags = self._form_values()
        try:
            saved = self._recordings.update(
                info.id, title=title, kind=kind, captured_on=captured_on,
                clear_captured_on=captured_on is None, notes=notes, tags=tags)
        except VaultError as error:
            self.error_label.setText(str(error))
            self.error_label.show()
            return
        self._fill(saved)  # as stored (trimmed, tags deduplicated), so not "edited" any more
        self.refresh()
        self.saved_label.setVisible(self._current is not None)

    # -- reacting -------------------------------------------------------------------------

    def _apply_filters(self) -> None:
        def change() -> None:
            self.proxy.set_search(self.search_edit.text())
            self.proxy.set_kind(self.kind_filter.currentData())

        self._keeping_selection(self.selected_id(), change)
        self._show_selected()

    def _keeping_selection(self, keep: str, change: Callable[[], None]) -> None:
        """Change the rows; select `keep` again, or nothing (not a neighbour) when it is gone."""
        self._refreshing = True
        try:
            change()
            if not (keep and self.select_recording(keep)):
                self.table.selectionModel().clear()
        finally:
            self._refreshing = False
        self.count_label.setText(self.proxy.summary())

    def _on_selection_changed(self) -> None:
        if not self._refreshing:
            self._show_selected()

    def _show_selected(self, force_fill: bool = False) -> None:
        """Fill the pane for the selection; a reload keeps edits not yet saved."""
        selected = self.selected_id()
        if selected != self._selected_id or (force_fill and not self._is_dirty()):
            # The table holds only what it shows; the whole recording is read on selection.
            self._fill(self._details_of(selected) if selected else None)
        if selected != self._selected_id:
            self._selected_id = selected
            self.recording_selected.emit(selected)

    def _details_of(self, recording_id: str) -> RecordingInfo | None:
        try:
            return self._recordings.get(recording_id)
        except VaultError as error:
            self.count_label.setText(str(error))
            return None

    def _on_captured_toggled(self, checked: bool) -> None:
        self.captured_edit.setEnabled(checked)
        if checked and self.captured_edit.date() == MIN_DATE:
            known = self._current.captured_on if self._current else None
            self.captured_edit.setDate(
                QDate(known.year, known.month, known.day) if known else QDate.currentDate())
        elif not checked:
            self.captured_edit.setDate(MIN_DATE)

    def _request(self, signal: SignalInstance) -> None:
        selected = self.selected_id()
        if selected:
            signal.emit(selected)

    # -- the detail pane ------------------------------------------------------------------

    def _fill(self, info: RecordingInfo | None) -> None:
        self._current = info
        self.error_label.hide()
        self.saved_label.hide()
        if info is None:
            self.detail.setCurrentIndex(0)
            return
        self.detail.setCurrentIndex(1)
        self.title_edit.setText(info.title)
        self.title_edit.setCursorPosition(0)
        if self.kind_edit.findText(info.kind) < 0:
            self.kind_edit.addItem(info.kind)
        self.kind_edit.setCurrentText(info.kind)
        day = info.captured_on
        self.captured_edit.setDate(QDate(day.year, day.month, day.day) if day else MIN_DATE)
        self.captured_check.setChecked(info.captured_on is not None)
        self.captured_edit.setEnabled(info.captured_on is not None)
        self.tags_edit.setText(", ".join(info.tags))
        self.tags_edit.setCursorPosition(0)
        self.notes_edit.setPlainText(info.notes or "")
        self.size_label.setText(f"{human_size(info.size)} ({info.size:,} bytes)")
        self.media_label.setText(info.media_type or "unknown")
        self.original_view.setPlainText(info.original_name or "(not recorded)")
        self.sha_view.setPlainText(info.sha256)
        self.held_label.setText("\n".join(self._held_by.get(info.id, ())) or NOT_HELD)
        self._update_buttons()

    def _form_values(self) -> tuple[str, str, date | None, str, tuple[str, ...]]:
        day = self.captured_edit.date()
        captured = (date(day.year(), day.month(), day.day()) if self.captured_check.isChecked()
                    else None)
        return (self.title_edit.text(), self.kind_edit.currentText(), captured,
                self.notes_edit.toPlainText(), parse_tags(self.tags_edit.text()))

    def _is_dirty(self) -> bool:
        info = self._current
        if info is None:
            return False
        stored = (info.title, info.kind, info.captured_on, info.notes or "", info.tags)
        return self._form_values() != stored

    def _update_buttons(self) -> None:
        dirty = self._is_dirty()
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        if dirty:
            self.saved_label.hide()


