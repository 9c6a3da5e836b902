"""The Find case screen: one search box, a few filters, the results, and the chosen case.

Keyboard first: the search box has the focus when the screen opens, results
follow the typing (a quarter of a second after the last key), Down moves into
the results, Enter opens the chosen case, Up from the first row goes back to
the search box, and Esc leaves the screen. A scanned case number (the scanner
types it and presses Enter) opens the case at once when it is the only match.
"""

import dataclasses
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from itertools import pairwise
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.case_state import (
    ALLOWED_MOVES,
    CaseStatus,
    CaseType,
    IllegalTransitionError,
)
from counter_app.domain.local_time import local_moment
from counter_app.services import case_notes, cases
from counter_app.services.case_notes import NOTE_MAX_LENGTH
from counter_app.services.database import StorageError, StoreDatabase
from counter_app.services.errors import InputError, ServiceError
from counter_app.services.staff import SignedIn
from counter_app.services.store_setup import StoreInfo
from ui.dialogs.case_detail import CaseDetailDialog
from ui.dialogs.document_preview import PREVIEW_KEYS, PRINT_KEYS, DocumentPreviewDialog
from ui.models.case_results import (
    CREATED,
    CUSTOMER,
    FOUND_IN,
    NUMBER,
    STATUS,
    SUMMARY,
    TYPE,
    CaseResultsModel,
    case_moment,
    count_text,
    type_label,
)
from ui.screens.base import CounterScreen
from ui.widgets.styling import set_style_property, styled_label, vertical_scroll
from ui.widgets.todays_cases import case_status_label
from ui.wording import condition_words
from ui.workers import BackgroundTasks

SEARCH_DELAY_MS = 250
# Labels below are English, marked for translation and shown translated (context FindCaseScreen).
BACK_SHORTCUT = QKeySequence(Qt.Key.Key_Escape)
STATUS_FILTERS: tuple[tuple[object, tuple[CaseStatus, ...]], ...] = (
    (QT_TRANSLATE_NOOP("FindCaseScreen", "Any status"), ()),
    (
        QT_TRANSLATE_NOOP("FindCaseScreen", "Open or in progress"),
        (CaseStatus.OPEN, CaseStatus.IN_PROGRESS),
    ),
    (QT_TRANSLATE_NOOP("FindCaseScreen", "Open"), (CaseStatus.OPEN,)),
    (QT_TRANSLATE_NOOP("FindCaseScreen", "In progress"), (CaseStatus.IN_PROGRESS,)),
    (QT_TRANSLATE_NOOP("FindCaseScreen", "Resolved"), (CaseStatus.RESOLVED,)),
    (QT_TRANSLATE_NOOP("FindCaseScreen", "Closed"), (CaseStatus.CLOSED,)),
)
ANY_TYPE = QT_TRANSLATE_NOOP("FindCaseScreen", "Any type")
# (label, days back from today, both included); None: no date limit.
DATE_FILTERS: tuple[tuple[object, int | None], ...] = (
    (QT_TRANSLATE_NOOP("FindCaseScreen", "All dates"), None),
    (QT_TRANSLATE_NOOP("FindCaseScreen", "Today"), 0),
    (QT_TRANSLATE_NOOP("FindCaseScreen", "Last 7 days"), 6),
    (QT_TRANSLATE_NOOP("FindCaseScreen", "Last 30 days"), 29),
)
# (button, its accessible name, where it takes a case); a reopen brings a finished case back.
STATUS_ACTIONS: tuple[tuple[object, object, CaseStatus], ...] = (
    (
        QT_TRANSLATE_NOOP("FindCaseScreen", "Resolve"),
        QT_TRANSLATE_NOOP("FindCaseScreen", "Resolve case"),
        CaseStatus.RESOLVED,
    ),
    (
        QT_TRANSLATE_NOOP("FindCaseScreen", "Close"),
        QT_TRANSLATE_NOOP("FindCaseScreen", "Close case"),
        CaseStatus.CLOSED,
    ),
    (
        QT_TRANSLATE_NOOP("FindCaseScreen", "Reopen"),
        QT_TRANSLATE_NOOP("FindCaseScreen", "Reopen case"),
        CaseStatus.IN_PROGRESS,
    ),
)
# What the clerk reads after a status change, by the status the case is now in.
STATUS_NOW = {
    CaseStatus.OPEN: QT_TRANSLATE_NOOP("FindCaseScreen", "The case is now open."),
    CaseStatus.IN_PROGRESS: QT_TRANSLATE_NOOP("FindCaseScreen", "The case is now in progress."),
    CaseStatus.RESOLVED: QT_TRANSLATE_NOOP("FindCaseScreen", "The case is now resolved."),
    CaseStatus.CLOSED: QT_TRANSLATE_NOOP("FindCaseScreen", "The case is now closed."),
}
_FINISHED = frozenset({CaseStatus.RESOLVED, CaseStatus.CLOSED})
NOTES_SHOWN = 3
_PANEL_WIDTH = 320
_PANEL_MARGIN = 20
# Column widths as the text they must show at the stylesheet's size; Summary takes the rest.
_NUMBER_SAMPLE = "S012-20260614-0000"
_CREATED_SAMPLE = datetime(2026, 9, 30, 23, 59, tzinfo=UTC)
_COLUMN_WIDTHS = {CUSTOMER: 130}


def problem_in_words(problem: Exception) -> str | None:
    """What a refusal or an environment fault says to the clerk; None for a bug."""
    if isinstance(problem, InputError):
        return " ".join(item.message for item in problem.problems)
    if isinstance(problem, ServiceError | StorageError | IllegalTransitionError):
        return str(problem)
    return None


def _message_label(accessible_name: str) -> QLabel:
    label = QLabel()
    # The stylesheet's message box (a warning or an info tone) is selected by this name.
    label.setObjectName("LoginMessage")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAccessibleName(accessible_name)
    label.hide()
    return label


def show_message(label: QLabel, text: str, *, tone: str = "warning") -> None:
    """Show ``text`` in a message label in the given tone, or hide it when empty."""
    label.setText(text)
    set_style_property(label, "tone", tone if text else "")
    label.setVisible(bool(text))


def _combo(choices: tuple[tuple[str, Any], ...], accessible_name: str) -> QComboBox:
    """A filter: ``choices`` are (words already translated, value)."""
    combo = QComboBox()
    for text, value in choices:
        combo.addItem(text, value)
    combo.setAccessibleName(accessible_name)
    combo.setMinimumHeight(44)
    combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return combo


class _CasePanel:
    """The chosen case: its facts, its status buttons with a note, reprint and open."""

    def __init__(self) -> None:
        self.frame = QFrame()
        self.frame.setObjectName("Card")
        self.empty = styled_label(
            QCoreApplication.translate(
                "FindCaseScreen", "Choose a case in the list to see it here."
            ),
            "hint",
            wrap=True,
        )
        self.number = styled_label("", "section")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = styled_label("", "subtitle", wrap=True)
        self.summary = styled_label("", "hint", wrap=True)
        self.lines = styled_label("", "hint", wrap=True)
        self.notes = styled_label("", "hint", wrap=True)
        self.notes.setAccessibleName(QCoreApplication.translate("FindCaseScreen", "Latest notes"))

        self.status_heading = styled_label(
            QCoreApplication.translate("FindCaseScreen", "Note or status"), "fieldLabel"
        )
        self.note = QLineEdit()
        self.note.setPlaceholderText(
            QCoreApplication.translate("FindCaseScreen", "Note (needed to reopen)")
        )
        self.note.setAccessibleName(QCoreApplication.translate("FindCaseScreen", "Note"))
        self.note.setMaxLength(NOTE_MAX_LENGTH)
        self.status_heading.setBuddy(self.note)
        self.note_message = _message_label(
            QCoreApplication.translate("FindCaseScreen", "Status message")
        )
        self.add_note_button = QPushButton(
            QCoreApplication.translate("FindCaseScreen", "Add note  (Enter)")
        )
        self.add_note_button.setToolTip(
            QCoreApplication.translate(
                "FindCaseScreen", "Keep the note with the case without changing its status."
            )
        )
        note_row = QHBoxLayout()
        note_row.addWidget(self.add_note_button)
        note_row.addStretch(1)
        self.status_buttons: dict[CaseStatus, QPushButton] = {}
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        for text, accessible_name, target in STATUS_ACTIONS:
            button = QPushButton(QCoreApplication.translate("FindCaseScreen", str(text)))
            button.setAccessibleName(
                QCoreApplication.translate("FindCaseScreen", str(accessible_name))
            )
            buttons.addWidget(button)
            self.status_buttons[target] = button
        buttons.addStretch(1)

        self.preview_button = QPushButton(
            QCoreApplication.translate("FindCaseScreen", "Preview  (F6)")
        )
        self.preview_button.setToolTip(
            QCoreApplication.translate(
                "FindCaseScreen", "See the case's receipt, label and vouchers as they print."
            )
        )
        self.reprint_button = QPushButton(
            QCoreApplication.translate("FindCaseScreen", "Reprint  (Ctrl+P)")
        )
        self.reprint_button.setToolTip(
            QCoreApplication.translate(
                "FindCaseScreen",
                "Print the case's documents again; the case itself does not change.",
            )
        )
        self.open_button = QPushButton(QCoreApplication.translate("FindCaseScreen", "Open case"))
        self.open_button.setProperty("primary", "true")
        # One above the other: side by side they would widen the panel and narrow the results.
        documents = QVBoxLayout()
        documents.setSpacing(8)
        documents.addWidget(self.preview_button, 0, Qt.AlignmentFlag.AlignLeft)
        documents.addWidget(self.reprint_button, 0, Qt.AlignmentFlag.AlignLeft)
        actions = QHBoxLayout()
        actions.setSpacing(8)
        actions.addStretch(1)
        actions.addWidget(self.open_button)
        self.print_message = _message_label(
            QCoreApplication.translate("FindCaseScreen", "Printing message")
        )

        self.details = QWidget()
        details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.setSpacing(8)
        details.addWidget(self.number)
        details.addWidget(self.facts)
        details.addWidget(self.summary)
        details.addWidget(self.lines)
        details.addWidget(self.notes)
        details.addSpacing(8)
        details.addWidget(self.status_heading)
        details.addWidget(self.note)
        details.addLayout(note_row)
        details.addLayout(buttons)
        details.addWidget(self.note_message)
        details.addStretch(1)
        details.addLayout(actions)
        # Below Open case: on the smallest window the panel scrolls to them, not to Open case.
        details.addLayout(documents)
        details.addWidget(self.print_message)

        column = QVBoxLayout(self.frame)
        column.setContentsMargins(_PANEL_MARGIN, 16, _PANEL_MARGIN, 16)
        column.setSpacing(8)
        column.addWidget(self.empty)
        column.addWidget(self.details, 1)
        self.details.hide()

        # Two status buttons share a row: the panel is wide
        # enough for them in the language in force (German words are longer).
        width = max(
            _PANEL_WIDTH,
            self._row_width([*self.status_buttons.values()], buttons.spacing()),
            self._row_width([self.open_button], actions.spacing()),
            self._row_width([self.reprint_button], documents.spacing()),
        )
        self.frame.setMinimumWidth(width)
        self.frame.setMaximumWidth(width + 60)

        # The panel scrolls rather than clips on the smallest window.
        self.scroll = vertical_scroll("HomeScroll", self.frame)
        self.scroll.setMinimumWidth(width + 16)
        self.scroll.setMaximumWidth(width + 76)

    @staticmethod
    def _row_width(buttons: list[QPushButton], spacing: int) -> int:
        """The width the two widest of ``buttons`` need side by side, with the frame's margins."""
        for button in buttons:
            button.ensurePolished()  # the stylesheet's padding, not the default one
        widths = sorted((button.sizeHint().width() for button in buttons), reverse=True)
        return sum(widths[:2]) + spacing + 2 * _PANEL_MARGIN


class _FindCaseLayout:
    """The Find case screen's widgets and where they sit; no behaviour here."""

    def __init__(self, screen: QWidget) -> None:
        self.back_button = QPushButton(QCoreApplication.translate("FindCaseScreen", "Back  (Esc)"))
        self.back_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.title = styled_label(
            QCoreApplication.translate("FindCaseScreen", "Find case"), "title"
        )

        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(
            QCoreApplication.translate(
                "FindCaseScreen", "Case number, customer, phone, receipt, product or any words"
            )
        )
        self.search_box.setAccessibleName(
            QCoreApplication.translate("FindCaseScreen", "Search cases")
        )
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMaxLength(200)
        self.status_filter = _combo(
            tuple(
                (QCoreApplication.translate("FindCaseScreen", str(text)), statuses)
                for text, statuses in STATUS_FILTERS
            ),
            QCoreApplication.translate("FindCaseScreen", "Status filter"),
        )
        self.type_filter = _combo(
            (
                (QCoreApplication.translate("FindCaseScreen", str(ANY_TYPE)), ()),
                *((type_label(kind), (kind,)) for kind in CaseType),
            ),
            QCoreApplication.translate("FindCaseScreen", "Type filter"),
        )
        self.date_filter = _combo(
            tuple(
                (QCoreApplication.translate("FindCaseScreen", str(text)), days)
                for text, days in DATE_FILTERS
            ),
            QCoreApplication.translate("FindCaseScreen", "Date filter"),
        )
        self.search_message = _message_label(
            QCoreApplication.translate("FindCaseScreen", "Search message")
        )

        self.count_label = styled_label("", "fieldLabel")
        self.count_label.setAccessibleName(
            QCoreApplication.translate("FindCaseScreen", "Number of cases found")
        )
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy, without a known end
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(160)
        self.progress.setMaximumHeight(10)
        self.progress.setAccessibleName(QCoreApplication.translate("FindCaseScreen", "Searching"))
        self.progress.hide()

        self.table = QTableView()
        self.table.setObjectName("CaseResults")
        self.table.setAccessibleName(QCoreApplication.translate("FindCaseScreen", "Cases found"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setSortingEnabled(False)  # newest first is the service's order
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(40)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        self.panel = _CasePanel()
        self.hint = styled_label(
            QCoreApplication.translate(
                "FindCaseScreen",
                "Type to search  ·  ↓ into the list  ·  Enter opens the case  ·  Esc goes back",
            ),
            "hint",
            wrap=True,
        )

        header = QHBoxLayout()
        header.setSpacing(16)
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignVCenter)

        search_row = QHBoxLayout()
        search_row.setSpacing(10)
        search_row.addWidget(self.search_box, 1)
        search_row.addWidget(self.status_filter)
        search_row.addWidget(self.type_filter)
        search_row.addWidget(self.date_filter)

        count_row = QHBoxLayout()
        count_row.setSpacing(12)
        count_row.addWidget(self.count_label)
        count_row.addWidget(self.progress, 0, Qt.AlignmentFlag.AlignVCenter)
        count_row.addStretch(1)

        results = QVBoxLayout()
        results.setSpacing(8)
        results.addLayout(count_row)
        results.addWidget(self.table, 1)

        body = QHBoxLayout()
        body.setSpacing(16)
        body.addLayout(results, 1)
        body.addWidget(self.panel.scroll)

        outer = QVBoxLayout(screen)
        outer.setContentsMargins(24, 16, 24, 12)
        outer.setSpacing(10)
        outer.addLayout(header)
        outer.addLayout(search_row)
        outer.addWidget(self.search_message)
        outer.addLayout(body, 1)
        outer.addWidget(self.hint)


class FindCaseScreen(CounterScreen):
    """Find a case by anything the clerk knows, see it, change its status, open it.

    Searches run on a worker thread (a page of a million cases can take longer
    than a keystroke), newest first, 50 rows at a time as the list is
    scrolled; the count runs apart and stops at 10,000. The chosen case is
    shown on the right with its latest notes and its status buttons: a note
    is added on its own (Enter) or goes with a status change; resolving and
    closing take it as optional, reopening needs one (the service says so if
    it is missing). Open case shows the whole case and its history.

    Signals:
        back_requested: Esc or Back; the window should go back to the home screen.
        case_opened(uuid.UUID): Enter, a double-click or Open case on a case.
        reprint_requested(str): Reprint (Ctrl+P) here, in the case view or the preview;
            carries the case number. The window queues its documents to print again.
    """

    case_opened = Signal(uuid.UUID)
    reprint_requested = Signal(str)

    def __init__(
        self,
        *,
        database: StoreDatabase,
        store: StoreInfo,
        staff: SignedIn,
        clock: Callable[[], datetime] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            name="FindCaseScreen", database=database, store=store, staff=staff, parent=parent
        )
        self._clock = clock or (lambda: datetime.now(UTC))
        self._ui = _FindCaseLayout(self)
        self.tasks = BackgroundTasks(self)
        self.model = CaseResultsModel(
            database=database, zone=store.zone, tasks=self.tasks, locale=store.locale, parent=self
        )

        self.search_box = self._ui.search_box
        self.status_filter = self._ui.status_filter
        self.type_filter = self._ui.type_filter
        self.date_filter = self._ui.date_filter
        self.search_message = self._ui.search_message
        self.count_label = self._ui.count_label
        self.progress = self._ui.progress
        self.table = self._ui.table
        self.back_button = self._ui.back_button
        panel = self._ui.panel
        self.case_number_label = panel.number
        self.case_facts_label = panel.facts
        self.note_field = panel.note
        self.note_message = panel.note_message
        self.status_buttons = panel.status_buttons
        self.add_note_button = panel.add_note_button
        self.detail_dialog: CaseDetailDialog | None = None
        self.reprint_button = panel.reprint_button
        self.preview_button = panel.preview_button
        self.print_message = panel.print_message
        self.open_button = panel.open_button
        self.preview_dialog: DocumentPreviewDialog | None = None

        # Reading order: Back, the search row, the results, then the chosen case's panel.
        chain = [
            self.back_button,
            self.search_box,
            self.status_filter,
            self.type_filter,
            self.date_filter,
            self.table,
            self.note_field,
            self.add_note_button,
            *self.status_buttons.values(),
            self.open_button,
            self.preview_button,
            self.reprint_button,
        ]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        self.table.ensurePolished()  # the stylesheet's font size, not the default one
        metrics = self.table.fontMetrics()
        for column, samples in self._column_samples().items():
            widest = max(metrics.horizontalAdvance(sample) for sample in samples)
            header.resizeSection(column, widest + 24)
        for column, width in _COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        # The summary and where the words were found share what the fixed columns leave, so
        # the list never scrolls sideways; "Found in" shows only while words are searched.
        header.setSectionResizeMode(SUMMARY, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(FOUND_IN, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(80)
        self.table.setColumnHidden(FOUND_IN, True)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._open_single_match = False
        self._shown_case: uuid.UUID | None = None

        self.back_action = QAction(self.tr("Back"), self)
        self.back_action.setShortcut(BACK_SHORTCUT)
        self.back_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.back_action)

        self.back_action.triggered.connect(self.back_requested)
        for keys, slot in ((PRINT_KEYS, self.reprint_shown), (PREVIEW_KEYS, self.preview_shown)):
            action = QAction(self)
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        self.reprint_button.clicked.connect(self.reprint_shown)
        self.preview_button.clicked.connect(self.preview_shown)
        self.back_button.clicked.connect(self.back_requested)
        self.search_box.textChanged.connect(self._on_text_changed)
        self._debounce.timeout.connect(self.search_now)
        for combo in (self.status_filter, self.type_filter, self.date_filter):
            combo.currentIndexChanged.connect(self.search_now)
        self.model.page_loaded.connect(self._on_page_loaded)
        self.model.count_changed.connect(self._on_count)
        self.model.loading_changed.connect(self._on_loading)
        self.model.failed.connect(self._on_search_failed)
        self.model.modelReset.connect(self._on_results_reset)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.table.activated.connect(self._on_activated)
        self.open_button.clicked.connect(self.open_current)
        self.add_note_button.clicked.connect(self.add_note)
        self.note_field.returnPressed.connect(self.add_note)
        for target, button in self.status_buttons.items():
            button.clicked.connect(partial(self.change_status, target))
        self.search_box.installEventFilter(self)
        self.table.installEventFilter(self)

    # ------------------------------------------------------------------ public

    def reset(self) -> None:
        """Start afresh: empty search, no filters, the newest cases, focus in the search box."""
        self._debounce.stop()
        for combo in (self.status_filter, self.type_filter, self.date_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search_box.blockSignals(True)
        self.search_box.clear()
        self.search_box.blockSignals(False)
        self.note_field.clear()
        show_message(self.note_message, "")
        self.search_now()
        self.search_box.setFocus(Qt.FocusReason.OtherFocusReason)

    def query(self) -> dict[str, Any]:
        """What the search box and the filters ask for, as a :class:`CaseQuery` mapping."""
        query: dict[str, Any] = {"text": self.search_box.text()}
        statuses = self.status_filter.currentData()
        if statuses:
            query["status"] = [status.value for status in statuses]
        kinds = self.type_filter.currentData()
        if kinds:
            query["case_type"] = [kind.value for kind in kinds]
        days_back = self.date_filter.currentData()
        if days_back is not None:
            today = self._clock().astimezone(self._store.zone).date()
            query["date_from"] = today - timedelta(days=days_back)
            query["date_to"] = today
        return query

    def search_now(self) -> None:
        """Search for what is typed and chosen now, without waiting for the typing to stop."""
        self._debounce.stop()
        show_message(self.search_message, "")
        self.count_label.setText(self.tr("Searching…"))
        query = self.query()
        self.table.setColumnHidden(FOUND_IN, not str(query["text"]).strip())
        self.model.search(query)

    def selected_case_id(self) -> uuid.UUID | None:
        """The case on the current row of the results, if any."""
        case = self.model.case_at(self.table.currentIndex().row())
        return case.id if case else None

    def open_current(self) -> None:
        """Show the current row's case in full, and emit ``case_opened``."""
        case_id = self.selected_case_id()
        if case_id is not None:
            self._open_detail(case_id)

    def shown_case_number(self) -> str | None:
        """The number of the case shown in the panel, if any."""
        return self.case_number_label.text() or None if self._shown_case else None

    def reprint_shown(self) -> None:
        """Print the shown case's documents again (Reprint, Ctrl+P); the case does not change."""
        number = self.shown_case_number()
        if number is not None:
            self.reprint(number)

    def reprint(self, number: str) -> None:
        """Ask the window to print a case's documents again, and tell the clerk."""
        self.reprint_requested.emit(number)
        show_message(
            self.print_message,
            self.tr("{number} prints again: the status bar shows when it has printed.").format(
                number=number
            ),
            tone="info",
        )

    def preview_shown(self) -> None:
        """Show the shown case's documents as they print (Preview, F6)."""
        number = self.shown_case_number()
        if number is not None:
            self.preview(number, parent=self)

    def preview(self, number: str, *, parent: QWidget) -> None:
        """Open the preview of a case's documents over ``parent``."""
        try:
            dialog = DocumentPreviewDialog(database=self._database, case_ref=number, parent=parent)
        except (ServiceError, StorageError) as problem:
            show_message(self.print_message, str(problem))
            return
        dialog.reprint_requested.connect(self.reprint)
        self.preview_dialog = dialog
        dialog.open()

    def _open_detail(self, case_id: uuid.UUID) -> None:
        try:
            dialog = CaseDetailDialog(
                database=self._database, store=self._store, case_id=case_id, parent=self
            )
        except (ServiceError, StorageError) as problem:
            show_message(self.note_message, str(problem))
            return
        dialog.reprint_requested.connect(self.reprint)
        dialog.preview_requested.connect(lambda number: self.preview(number, parent=dialog))
        self.detail_dialog = dialog
        dialog.finished.connect(lambda _result: self.table.setFocus())
        dialog.open()
        self.case_opened.emit(case_id)

    def add_note(self) -> None:
        """Keep the typed note with the shown case, on a worker thread."""
        case_id = self._shown_case
        if case_id is None:
            return
        show_message(self.note_message, "")
        self.add_note_button.setEnabled(False)
        self.tasks.start(
            partial(
                case_notes.add_note,
                database=self._database,
                staff=self._staff,
                case_ref=case_id,
                body=self.note_field.text(),
            ),
            on_success=partial(self._note_added, case_id),
            on_failure=self._note_refused,
        )

    def _note_added(self, case_id: uuid.UUID, added: case_notes.AddedNote) -> None:
        self.add_note_button.setEnabled(True)
        self.note_field.clear()
        if case_id == self._shown_case:
            self._show_case(case_id)
        said = [self.tr("Note added."), *added.notices]
        show_message(self.note_message, " ".join(said), tone="info")

    def _note_refused(self, problem: Exception) -> None:
        self.add_note_button.setEnabled(True)
        self._status_refused(problem)

    def change_status(self, target: CaseStatus) -> None:
        """Move the shown case to ``target`` with the typed note, on a worker thread."""
        case_id = self._shown_case
        if case_id is None:
            return
        show_message(self.note_message, "")
        self._set_status_buttons_enabled(False)
        self.tasks.start(
            partial(
                cases.change_status_noting,
                database=self._database,
                staff=self._staff,
                case_ref=case_id,
                target=target,
                note=self.note_field.text(),
            ),
            on_success=partial(self._status_changed, case_id),
            on_failure=self._status_refused,
        )

    # ------------------------------------------------------------------ keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Down from the search box into the list, Up from its first row back, Enter to open."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.search_box:
            if key == Qt.Key.Key_Down and self.model.rowCount() > 0:
                self._enter_results()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._search_box_enter()
                return True
        elif (
            watched is self.table and key == Qt.Key.Key_Up and self.table.currentIndex().row() <= 0
        ):
            self.search_box.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return super().eventFilter(watched, event)

    def _enter_results(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _search_box_enter(self) -> None:
        if self._debounce.isActive() or self.model.loading:
            # A scanned case number ends with Enter: open it as soon as it is found alone.
            self._open_single_match = True
            if self._debounce.isActive():
                self.search_now()
            return
        if self.model.rowCount() == 1 and not self.model.has_more:
            self.table.setCurrentIndex(self.model.index(0, 0))
            self.open_current()
        elif self.model.rowCount() > 0:
            self._enter_results()

    # ------------------------------------------------------------------ results

    def _on_text_changed(self) -> None:
        self._open_single_match = False
        self._debounce.start()

    def _on_results_reset(self) -> None:
        self._show_case(None)

    def _on_page_loaded(self, rows: int) -> None:
        if self._open_single_match:
            self._open_single_match = False
            if rows == 1 and not self.model.has_more:
                self.table.setCurrentIndex(self.model.index(0, 0))
                self.open_current()

    def _on_count(self, count: int) -> None:
        self.count_label.setText(count_text(count))

    def _on_loading(self, loading: bool) -> None:
        self.progress.setVisible(loading)

    def _on_search_failed(self, problem: Exception) -> None:
        self._open_single_match = False
        text = problem_in_words(problem)
        if text is None:
            raise problem  # a bug: let it crash loudly into the report, not hide as a message
        self.count_label.setText("")
        show_message(self.search_message, text)

    def _on_activated(self, index: QModelIndex) -> None:
        case = self.model.case_at(index.row())
        if case is not None:
            self._open_detail(case.id)

    # ------------------------------------------------------------------ the case panel

    def _on_current_row(self, current: QModelIndex) -> None:
        case = self.model.case_at(current.row())
        self._show_case(case.id if case else None)

    def _show_case(self, case_id: uuid.UUID | None) -> None:
        panel = self._ui.panel
        if case_id != self._shown_case:
            self.note_field.clear()
            show_message(self.note_message, "")
            show_message(self.print_message, "")
        self._shown_case = case_id
        if case_id is None:
            panel.details.hide()
            panel.empty.show()
            return
        try:
            # One case by its key: a millisecond, so it is read here rather than on a worker.
            view = cases.get_case(database=self._database, case_ref=case_id)
        except (ServiceError, StorageError) as problem:
            panel.details.hide()
            panel.empty.setText(str(problem))
            panel.empty.show()
            return
        row = self.model.row_of(case_id)
        row_case = self.model.case_at(row) if row is not None else None
        customer = row_case.customer_name if row_case else None
        zone = self._store.zone
        locale = self._store.locale
        facts = [f"{type_label(view.case_type)}  ·  {case_status_label(view.status)}"]
        if customer:
            facts.append(self.tr("Customer: {name}").format(name=customer))
        facts.append(
            self.tr("Arrived {moment}").format(moment=case_moment(view.arrived_at, zone, locale))
        )
        if view.resolved_at is not None:
            facts.append(
                self.tr("Resolved {moment}").format(
                    moment=case_moment(view.resolved_at, zone, locale)
                )
            )
        if view.closed_at is not None:
            facts.append(
                self.tr("Closed {moment}").format(moment=case_moment(view.closed_at, zone, locale))
            )
        panel.number.setText(view.number)
        panel.facts.setText("\n".join(facts))
        summary = [view.summary] if view.summary else []
        if view.complaint_category:
            summary.append(
                self.tr("Complaint: {category}").format(category=view.complaint_category)
            )
        if view.complaint_description and view.complaint_description != view.summary:
            summary.append(view.complaint_description)
        panel.summary.setText("\n".join(summary))
        panel.summary.setVisible(bool(summary))
        lines = [self._line_text(line) for line in view.lines]
        panel.lines.setText("\n".join(lines))
        panel.lines.setVisible(bool(lines))
        notes = case_notes.notes_of_case(database=self._database, case_ref=case_id)
        shown_notes = [
            f"{local_moment(note.created_at, zone, locale)}  {note.author}: {note.body}"
            for note in notes[-NOTES_SHOWN:]
        ]
        earlier = len(notes) - NOTES_SHOWN
        if earlier == 1:
            shown_notes.insert(0, self.tr("1 earlier note: Open case shows all."))
        elif earlier > 1:
            shown_notes.insert(
                0, self.tr("{count} earlier notes: Open case shows all.").format(count=earlier)
            )
        panel.notes.setText("\n".join(shown_notes))
        panel.notes.setVisible(bool(shown_notes))
        for target, button in self.status_buttons.items():
            allowed = target in ALLOWED_MOVES[view.status]
            if target is CaseStatus.IN_PROGRESS:
                allowed = allowed and view.status in _FINISHED
            button.setVisible(allowed)
        self._set_status_buttons_enabled(True)
        self.add_note_button.setEnabled(True)
        panel.empty.hide()
        panel.details.show()

    def _line_text(self, line: cases.CaseLineView) -> str:
        """One item of the case: "In: 1 x Kettle (opened)"."""
        if line.direction == "in":
            text = self.tr("In: {quantity} x {item}")
        else:
            text = self.tr("Out: {quantity} x {item}")
        text = text.format(quantity=line.quantity, item=line.description)
        if line.condition:
            text += f" ({condition_words(line.condition)})"
        return text

    def _column_samples(self) -> dict[int, list[str]]:
        """The widest texts each fixed column must show, in the language in force."""
        return {
            NUMBER: [_NUMBER_SAMPLE],
            TYPE: [type_label(kind) for kind in CaseType],
            STATUS: [case_status_label(status) for status in CaseStatus],
            CREATED: [case_moment(_CREATED_SAMPLE, self._store.zone, self._store.locale)],
        }

    def _set_status_buttons_enabled(self, enabled: bool) -> None:
        for button in self.status_buttons.values():
            button.setEnabled(enabled)

    def _status_changed(self, case_id: uuid.UUID, change: cases.StatusChange) -> None:
        row = self.model.row_of(case_id)
        shown = self.model.case_at(row) if row is not None else None
        if row is not None and shown is not None:
            self.model.replace_case(row, dataclasses.replace(shown, status=change.status))
        self.note_field.clear()
        if case_id == self._shown_case:
            self._show_case(case_id)
        said = [
            QCoreApplication.translate("FindCaseScreen", str(STATUS_NOW[change.status])),
            *change.notices,
        ]
        show_message(self.note_message, " ".join(said), tone="info")

    def _status_refused(self, problem: Exception) -> None:
        self._set_status_buttons_enabled(True)
        text = problem_in_words(problem)
        if text is None:
            raise problem
        show_message(self.note_message, text)
        self.note_field.setFocus(Qt.FocusReason.OtherFocusReason)
