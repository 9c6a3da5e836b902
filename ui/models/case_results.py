"""The results of a case search as a Qt table model that reads one page at a time.

A store may hold a million cases, so the model never asks for them all: it
shows the first page, and the view asks for the next (``canFetchMore`` and
``fetchMore``) only when the clerk scrolls to the bottom. Pages and the count
are read by :mod:`counter_app.services.search` on a worker thread; the model
hears back on the UI thread and ignores answers to a query it no longer shows.
"""

import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from counter_app.domain.case_state import CaseType
from counter_app.domain.local_time import FALLBACK_LOCALE, local_clock, local_day
from counter_app.services.database import StoreDatabase
from counter_app.services.search import COUNT_CAP, CaseRow, SearchPage, count_cases, search_cases
from ui.widgets.todays_cases import case_status_label, case_type_label
from ui.workers import BackgroundTasks, TaskHandle

PAGE_SIZE = 50
# Column titles in English; the header shows them translated.
COLUMNS = (
    QT_TRANSLATE_NOOP("CaseResultsModel", "Number"),
    QT_TRANSLATE_NOOP("CaseResultsModel", "Type"),
    QT_TRANSLATE_NOOP("CaseResultsModel", "Status"),
    QT_TRANSLATE_NOOP("CaseResultsModel", "Created"),
    QT_TRANSLATE_NOOP("CaseResultsModel", "Customer"),
    QT_TRANSLATE_NOOP("CaseResultsModel", "Summary"),
    QT_TRANSLATE_NOOP("CaseResultsModel", "Found in"),
)
NUMBER, TYPE, STATUS, CREATED, CUSTOMER, SUMMARY, FOUND_IN = range(len(COLUMNS))
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


def type_label(case_type: CaseType) -> str:
    """The case type as a person reads it ("Return"), in the language in force."""
    return case_type_label(case_type)


def case_moment(moment: datetime, zone: ZoneInfo, locale: str) -> str:
    """A case's time as the lists show it: "14 Jun 2026 13:00", in the store's zone and locale."""
    local = moment.astimezone(zone)
    return f"{local_day(local.date(), locale)} {local_clock(local, zone, locale)}"


def count_text(count: int) -> str:
    """The count as the screen says it: "No cases", "1 case", "2,345 cases", "10,000+ cases".

    The number is grouped as the language in force groups it (2,345 or 2.345).
    """
    if count > COUNT_CAP:
        return QCoreApplication.translate("CaseResultsModel", "{count}+ cases").format(
            count=QLocale().toString(COUNT_CAP)
        )
    if count == 0:
        return QCoreApplication.translate("CaseResultsModel", "No cases")
    if count == 1:
        return QCoreApplication.translate("CaseResultsModel", "1 case")
    return QCoreApplication.translate("CaseResultsModel", "{count} cases").format(
        count=QLocale().toString(count)
    )


class CaseResultsModel(QAbstractTableModel):
    """Cases matching a query, newest first, read page by page in the background.

    Signals:
        page_loaded(int): a page arrived; carries the number of rows now held.
        count_changed(int): the count of matches arrived (``COUNT_CAP + 1`` means more).
        loading_changed(bool): a page is being read (True) or not (False).
        failed(object): a search was refused or failed; carries the exception.
    """

    page_loaded = Signal(int)
    count_changed = Signal(int)
    loading_changed = Signal(bool)
    failed = Signal(object)

    def __init__(
        self,
        *,
        database: StoreDatabase,
        zone: ZoneInfo,
        tasks: BackgroundTasks,
        locale: str = FALLBACK_LOCALE,
        page_size: int = PAGE_SIZE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._zone = zone
        self._locale = locale
        self._tasks = tasks
        self._page_size = page_size
        self._rows: list[CaseRow] = []
        self._query: Mapping[str, Any] | None = None
        self._has_more = False
        self._page_task: TaskHandle | None = None
        self._count_task: TaskHandle | None = None
        self._generation = 0
        self.count: int | None = None

    # ------------------------------------------------------------------ public

    @property
    def loading(self) -> bool:
        """Whether a page is being read now."""
        return self._page_task is not None

    @property
    def has_more(self) -> bool:
        """Whether the database holds more matches than the rows read so far."""
        return self._has_more

    def search(self, query: Mapping[str, Any]) -> None:
        """Show the cases matching ``query`` (a :class:`CaseQuery` mapping), from the first page.

        What is shown is cleared at once and any search still running for the
        previous query is cancelled; the first page and the count are read
        on worker threads.
        """
        self._generation += 1
        for task in (self._page_task, self._count_task):
            if task is not None:
                task.cancel()
        self._page_task = None
        self._count_task = None
        self.beginResetModel()
        self._rows = []
        self._query = dict(query)
        self._has_more = True
        self.count = None
        self.endResetModel()
        self._read_page()
        generation = self._generation
        self._count_task = self._tasks.start(
            partial(count_cases, database=self._database, query=self._query),
            on_success=partial(self._count_arrived, generation),
            on_failure=partial(self._count_failed, generation),
        )

    def clear(self) -> None:
        """Show nothing and stop any reading (the screen is being left)."""
        self._generation += 1
        for task in (self._page_task, self._count_task):
            if task is not None:
                task.cancel()
        was_loading = self.loading
        self._page_task = None
        self._count_task = None
        self.beginResetModel()
        self._rows = []
        self._query = None
        self._has_more = False
        self.count = None
        self.endResetModel()
        if was_loading:
            self.loading_changed.emit(False)

    def case_at(self, row: int) -> CaseRow | None:
        """The case shown on ``row``, or None outside the rows read."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, case_id: uuid.UUID) -> int | None:
        """The row showing the case ``case_id``, if it has been read."""
        return next((row for row, case in enumerate(self._rows) if case.id == case_id), None)

    def replace_case(self, row: int, case: CaseRow) -> None:
        """Show ``case`` on ``row`` again after it changed (a new status)."""
        if 0 <= row < len(self._rows):
            self._rows[row] = case
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt's API)
        """Rows read so far (not every match: see ``canFetchMore``)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt's API)
        """The columns in :data:`COLUMNS`."""
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: _Index) -> bool:  # noqa: N802 (Qt's name)
        """Whether another page waits in the database and none is being read."""
        return not parent.isValid() and self._has_more and not self.loading

    def fetchMore(self, parent: _Index) -> None:  # noqa: N802 (Qt's name)
        """Read the next page on a worker thread; the rows are added when it answers."""
        if self.canFetchMore(parent):
            self._read_page()

    def headerData(  # noqa: N802 (Qt's name)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles; rows have no header."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return QCoreApplication.translate("CaseResultsModel", str(COLUMNS[section]))
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A cell's text, the whole text as its tooltip, and the case id for ``CASE_ID_ROLE``."""
        case = self.case_at(index.row()) if index.isValid() else None
        if case is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._cell_text(case, index.column())
            if role == Qt.ItemDataRole.ToolTipRole:
                return text if index.column() in (SUMMARY, FOUND_IN, CUSTOMER) and text else None
            return text
        if role == CASE_ID_ROLE:
            return case.id
        return None

    # ------------------------------------------------------------------ behaviour

    def _cell_text(self, case: CaseRow, column: int) -> str:
        cells: dict[int, Callable[[], str]] = {
            NUMBER: lambda: case.number,
            TYPE: lambda: type_label(case.case_type),
            STATUS: lambda: case_status_label(case.status),
            CREATED: lambda: case_moment(case.created_at, self._zone, self._locale),
            CUSTOMER: lambda: case.customer_name or "",
            SUMMARY: lambda: " ".join(case.summary.split()),
            FOUND_IN: lambda: case.matched,
        }
        return cells[column]() if column in cells else ""

    def _read_page(self) -> None:
        if self._query is None:
            return
        generation = self._generation
        self._page_task = self._tasks.start(
            partial(
                search_cases,
                database=self._database,
                query=self._query,
                offset=len(self._rows),
                limit=self._page_size,
            ),
            on_success=partial(self._page_arrived, generation),
            on_failure=partial(self._page_failed, generation),
        )
        self.loading_changed.emit(True)

    def _page_arrived(self, generation: int, page: SearchPage) -> None:
        if generation != self._generation:
            return
        self._page_task = None
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        self._has_more = page.has_more
        self.loading_changed.emit(False)
        self.page_loaded.emit(len(self._rows))

    def _page_failed(self, generation: int, problem: Exception) -> None:
        if generation != self._generation:
            return
        self._page_task = None
        self._has_more = False
        self.loading_changed.emit(False)
        self.failed.emit(problem)

    def _count_arrived(self, generation: int, count: int) -> None:
        if generation != self._generation:
            return
        self._count_task = None
        self.count = count
        self.count_changed.emit(count)

    def _count_failed(self, generation: int, problem: Exception) -> None:
        if generation != self._generation:
            return
        self._count_task = None
        # The page reports the same refusal; a count that fails alone leaves the label blank.
        del problem
