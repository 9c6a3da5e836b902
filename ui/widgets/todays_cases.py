"""Today's cases on the home screen: the newest first, read in the background."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.case_state import CaseStatus, CaseType
from counter_app.domain.local_time import local_clock, store_today
from counter_app.services.database import StoreDatabase
from counter_app.services.search import CaseRow, count_cases, search_cases
from counter_app.services.store_setup import StoreInfo
from ui.widgets.styling import styled_label
from ui.workers import BackgroundTasks

SHOWN_CASES = 50


def case_type_label(case_type: CaseType) -> str:
    """A case type in the clerk's language."""
    labels = {
        CaseType.COMPLAINT: QCoreApplication.translate("CaseWords", "Complaint"),
        CaseType.RETURN: QCoreApplication.translate("CaseWords", "Return"),
        CaseType.EXCHANGE: QCoreApplication.translate("CaseWords", "Exchange"),
    }
    return labels[case_type]


def case_status_label(status: CaseStatus) -> str:
    """A case status in the clerk's language."""
    labels = {
        CaseStatus.OPEN: QCoreApplication.translate("CaseWords", "Open"),
        CaseStatus.IN_PROGRESS: QCoreApplication.translate("CaseWords", "In progress"),
        CaseStatus.RESOLVED: QCoreApplication.translate("CaseWords", "Resolved"),
        CaseStatus.CLOSED: QCoreApplication.translate("CaseWords", "Closed"),
    }
    return labels[status]


@dataclass(frozen=True)
class _Today:
    rows: tuple[CaseRow, ...]
    total: int
    still_open: int


def _read_today(database: StoreDatabase, store: StoreInfo, now: datetime) -> _Today:
    """The store day's newest cases and its counts; runs on a worker thread."""
    day = store_today(store.zone, now)
    query = {"date_from": day, "date_to": day}
    page = search_cases(database=database, query=query, limit=SHOWN_CASES)
    total = count_cases(database=database, query=query)
    still_open = count_cases(
        database=database,
        query={**query, "status": (CaseStatus.OPEN, CaseStatus.IN_PROGRESS)},
    )
    return _Today(page.rows, total, still_open)


class TodaysCases(QFrame):
    """The cases opened today at this store; Enter or a double click opens one.

    Signals:
        open_requested(str): the clerk chose a case; carries its number.
        find_requested(): the clerk wants the full search.
    """

    open_requested = Signal(str)
    find_requested = Signal()

    def __init__(
        self,
        *,
        database: StoreDatabase,
        store: StoreInfo,
        clock: Callable[[], datetime] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("TodayPanel")
        self._database = database
        self._store = store
        self._clock = clock or (lambda: datetime.now(UTC))
        self._rows: tuple[CaseRow, ...] = ()
        self.tasks = BackgroundTasks(self)

        self.heading = styled_label(self.tr("Today's cases"), "section")
        self.summary = styled_label("", "hint")
        self.table = QTableWidget(0, 5)
        self.table.setAccessibleName(self.tr("Today's cases"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Case"),
                self.tr("Type"),
                self.tr("Status"),
                self.tr("Customer"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; the arrows move in it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        for column in (0, 1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.empty_note = styled_label(self.tr("No cases yet today."), "hint", wrap=True)
        self.find_button = QPushButton(self.tr("All cases  (Ctrl+F)"))
        self.find_button.setToolTip(self.tr("Search every case, of any day."))
        self.open_button = QPushButton(self.tr("Open case"))
        self.open_button.setToolTip(self.tr("Open the chosen case (Enter)."))

        title_row = QHBoxLayout()
        title_row.addWidget(self.heading)
        title_row.addWidget(self.summary, 1, Qt.AlignmentFlag.AlignBottom)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.find_button)
        panel = QVBoxLayout(self)
        panel.setContentsMargins(20, 14, 20, 16)
        panel.setSpacing(10)
        panel.addLayout(title_row)
        panel.addWidget(self.table, 1)
        panel.addWidget(self.empty_note)
        panel.addLayout(buttons)

        self.table.itemActivated.connect(lambda _item: self._open_chosen())
        self.table.itemSelectionChanged.connect(self._enable_open)
        self.open_button.clicked.connect(self._open_chosen)
        self.find_button.clicked.connect(self.find_requested)
        self._show(_Today((), 0, 0))

    @property
    def rows(self) -> tuple[CaseRow, ...]:
        """The cases on show."""
        return self._rows

    def refresh(self) -> None:
        """Read today's cases again, off the UI thread (a big store's day is many rows)."""
        self.summary.setText(self.tr("Reading…"))
        self.tasks.start(
            lambda: _read_today(self._database, self._store, self._clock()),
            on_success=self._show,
            on_failure=self._failed,
        )

    def _failed(self, problem: Exception) -> None:
        self.summary.setText(
            self.tr("Could not read today's cases: {problem}").format(problem=problem)
        )

    def _show(self, today: _Today) -> None:
        self._rows = today.rows
        self.table.setRowCount(len(today.rows))
        for row, case in enumerate(today.rows):
            cells = (
                local_clock(case.created_at, self._store.zone, self._store.locale),
                case.number,
                case_type_label(case.case_type),
                case_status_label(case.status),
                case.customer_name or "",
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.summary.setText(
            self.tr("{total} today, {still_open} still open").format(
                total=today.total, still_open=today.still_open
            )
        )
        self.table.setVisible(bool(today.rows))
        self.empty_note.setVisible(not today.rows)
        self._enable_open()

    def _chosen_number(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._rows):
            return None
        return self._rows[rows[0].row()].number

    def _enable_open(self) -> None:
        self.open_button.setEnabled(self._chosen_number() is not None)

    def _open_chosen(self) -> None:
        number = self._chosen_number()
        if number is not None:
            self.open_requested.emit(number)
