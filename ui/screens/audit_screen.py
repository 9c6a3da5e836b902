"""The audit trail for the store manager: who did what, filtered, and whether it is intact.

The events are read a page at a time on a worker (newest first, filtered in
SQL by the service), so a trail of millions of events opens as fast as a
short one. "Verify the chain" recomputes every link on a worker too; when a
link is broken the screen says which event and why, clears the filters and
pages to that event, so the manager sees it among its neighbours.
Only a manager reaches it: the tile is in the Manager area, the window
refuses anyone else, and the service checks the role again.

Keys: Esc goes back, Ctrl+Shift+V verifies the chain, Enter in the case
field applies the filters, Alt+Left and Alt+Right page to newer and older events.
"""

import json
from datetime import date
from itertools import pairwise

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont, QFontDatabase, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.documents.formats import Formats
from counter_app.domain.local_time import local_moment, store_today
from counter_app.domain.validation import InputError
from counter_app.services.audit import ChainReport, verify_audit_chain
from counter_app.services.audit_log import (
    PAGE_SIZE,
    SYSTEM,
    AuditFilterChoices,
    AuditPage,
    AuditRow,
    Who,
    audit_events,
    audit_filter_choices,
)
from counter_app.services.database import StorageError, StoreDatabase
from counter_app.services.errors import ServiceError
from counter_app.services.staff import SignedIn
from counter_app.services.store_setup import StoreInfo
from ui.screens.base import CounterScreen
from ui.widgets.day_edit import DayEdit
from ui.widgets.styling import set_style_property, styled_label, vertical_scroll
from ui.workers import BackgroundTasks, TaskHandle

Failures = (InputError, ServiceError, StorageError)
VERIFY_KEYS = "Ctrl+Shift+V"
NEWER_KEYS = "Alt+Left"
OLDER_KEYS = "Alt+Right"
TARGET_HEIGHT = 44
HASH_SHOWN = 12
ID_SHOWN = 13
WHAT_WIDTH = 200
RAW_MIN_HEIGHT = 80
COLUMNS = ("seq", "when", "who", "what", "case", "details")
SEQ_ROLE = Qt.ItemDataRole.UserRole


def _index_of(combo: QComboBox, value: object) -> int:
    """The item holding ``value`` (compared by value: ``findData`` compares a UUID by identity)."""
    return next((i for i in range(combo.count()) if combo.itemData(i) == value), -1)


class AuditScreen(CounterScreen):
    """The store's audit trail, newest first, with filters, an event in full and the chain check.

    Signals:
        back_requested: Esc or Back; the window goes home.
    """

    def __init__(
        self,
        *,
        database: StoreDatabase,
        store: StoreInfo,
        staff: SignedIn,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            name="AuditScreen", database=database, store=store, staff=staff, parent=parent
        )
        # Two threads: a page can be read while the whole chain is being verified.
        self.tasks = BackgroundTasks(self, threads=2)
        self.page: AuditPage | None = None
        self.choices: AuditFilterChoices | None = None
        self.report: ChainReport | None = None
        self.broken_seq: int | None = None
        self._reading: TaskHandle | None = None
        self._verifying: TaskHandle | None = None
        self._select_seq: int | None = None
        self._formats = Formats(store.currency, store.locale)
        self._build()
        for keys, slot in (
            ("Esc", self.back_requested.emit),
            (VERIFY_KEYS, self.verify_chain),
            (NEWER_KEYS, self.newer_page),
            (OLDER_KEYS, self.older_page),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)
        if not staff.is_manager:
            self._refuse()
            return
        self._load_choices()
        self.reload()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.title = styled_label(self.tr("Audit trail"), "title")
        self.about_label = styled_label(
            self.tr(
                "Every change made at this store, newest first. Times are store time ({zone})."
            ).format(zone=self._store.zone.key),
            "subtitle",
            wrap=True,
        )
        self.verify_button = QPushButton(self.tr("Verify the chain  (Ctrl+Shift+V)"))
        self.verify_button.setObjectName("VerifyAuditChain")
        self.verify_button.setToolTip(
            self.tr("Check that no event was changed, removed or reordered since it was written.")
        )
        set_style_property(self.verify_button, "primary", "true")
        self.verify_button.clicked.connect(self.verify_chain)
        self.back_button = QPushButton(self.tr("Back  (Esc)"))
        self.back_button.clicked.connect(self.back_requested.emit)
        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(self.title)
        heading.addWidget(self.about_label)
        header = QHBoxLayout()
        header.setSpacing(10)
        header.addLayout(heading, 1)
        header.addWidget(self.verify_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)

        self.chain_label = styled_label("", "hint", wrap=True)
        self.chain_label.setObjectName("AuditChainResult")
        self.chain_label.setVisible(False)

        body = QHBoxLayout()
        body.setSpacing(16)
        body.addLayout(self._list_column(), 2)
        body.addWidget(self._detail_card(), 1)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 12, 32, 12)
        outer.setSpacing(10)
        outer.addLayout(header)
        outer.addWidget(self.chain_label)
        outer.addLayout(self._filters())
        outer.addLayout(body, 1)

        order: list[QWidget] = [
            self.verify_button,
            self.back_button,
            self.who_filter,
            self.what_filter,
            self.case_filter,
            self.days_filter,
            self.first_day,
            self.last_day,
            self.apply_button,
            self.clear_button,
            self.table,
            self.newer_button,
            self.older_button,
            self.raw_details,
        ]
        for before, after in pairwise(order):
            QWidget.setTabOrder(before, after)

    def _filters(self) -> QGridLayout:
        self.who_filter = QComboBox()
        self.who_filter.setObjectName("AuditWho")
        self.who_filter.setAccessibleName(self.tr("Who"))
        self.who_filter.setMinimumWidth(200)
        self.who_filter.activated.connect(lambda _index: self.apply_filters())
        self.what_filter = QComboBox()
        self.what_filter.setObjectName("AuditWhat")
        self.what_filter.setAccessibleName(self.tr("What"))
        self.what_filter.setMinimumWidth(280)
        self.what_filter.activated.connect(lambda _index: self.apply_filters())
        self.case_filter = QLineEdit()
        self.case_filter.setObjectName("AuditCase")
        self.case_filter.setAccessibleName(self.tr("Case number"))
        self.case_filter.setPlaceholderText(self.tr("For example S012-20261123-0042"))
        self.case_filter.setMaxLength(40)
        self.case_filter.setClearButtonEnabled(True)
        self.case_filter.returnPressed.connect(self.apply_filters)
        self.days_filter = QCheckBox(self.tr("Only the days from"))
        self.days_filter.setObjectName("AuditDays")
        self.days_filter.toggled.connect(self._on_days_toggled)
        today = store_today(self._store.zone)
        self.first_day = self._date_edit(self.tr("First day"), today)
        self.last_day = self._date_edit(self.tr("Last day"), today)
        self.first_day.dateChanged.connect(self._on_first_changed)
        self.last_day.dateChanged.connect(self._on_last_changed)
        self.apply_button = QPushButton(self.tr("Apply  (Enter)"))
        self.apply_button.setToolTip(self.tr("Enter in the case number applies the filters too."))
        self.apply_button.clicked.connect(self.apply_filters)
        self.clear_button = QPushButton(self.tr("Clear filters"))
        self.clear_button.clicked.connect(self.clear_filters)
        self.filter_error = styled_label("", "error", wrap=True)
        self.filter_error.setObjectName("AuditFilterError")
        self.filter_error.setVisible(False)

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(8)
        for column, (caption, field) in enumerate(
            (
                (self.tr("Who"), self.who_filter),
                (self.tr("What"), self.what_filter),
                (self.tr("Case number"), self.case_filter),
            )
        ):
            label = styled_label(caption, "fieldLabel")
            label.setBuddy(field)
            grid.addWidget(label, 0, 2 * column)
            grid.addWidget(field, 0, 2 * column + 1)
        days = QHBoxLayout()
        days.setSpacing(10)
        days.addWidget(self.days_filter)
        days.addWidget(self.first_day)
        days.addWidget(styled_label(self.tr("to"), "fieldLabel"))
        days.addWidget(self.last_day)
        days.addStretch(1)
        days.addWidget(self.apply_button)
        days.addWidget(self.clear_button)
        grid.addLayout(days, 1, 0, 1, 6)
        grid.addWidget(self.filter_error, 2, 0, 1, 6)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 3)
        grid.setColumnStretch(5, 2)
        return grid

    def _date_edit(self, name: str, day: date) -> DayEdit:
        edit = DayEdit(name)
        edit.set_day(day)
        edit.setEnabled(False)
        return edit

    def _list_column(self) -> QVBoxLayout:
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("AuditEvents")
        self.table.setAccessibleName(self.tr("Audit events"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("No."),
                self.tr("When"),
                self.tr("Who"),
                self.tr("What"),
                self.tr("Case"),
                self.tr("Details"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; the arrows move in it
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(36)
        for column in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # The words for an event can be long ("Return policy received from head office"):
        # the column keeps a fixed width, elides, and the event in full says all of it.
        header.setSectionResizeMode(COLUMNS.index("what"), QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COLUMNS.index("what"), WHAT_WIDTH)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(self._on_current_changed)

        self.newer_button = QPushButton(self.tr("◀ Newer"))
        self.newer_button.setToolTip(self.tr("Newer events (Alt+Left)"))
        self.newer_button.clicked.connect(self.newer_page)
        self.older_button = QPushButton(self.tr("Older ▶"))
        self.older_button.setToolTip(self.tr("Older events (Alt+Right)"))
        self.older_button.clicked.connect(self.older_page)
        self.page_label = styled_label("", "hint", wrap=True)
        self.page_label.setObjectName("AuditPageLabel")
        paging = QHBoxLayout()
        paging.setSpacing(10)
        paging.addWidget(self.newer_button)
        paging.addWidget(self.older_button)
        paging.addWidget(self.page_label, 1)

        events = QVBoxLayout()
        events.setSpacing(8)
        events.addWidget(self.table, 1)
        events.addLayout(paging)
        return events

    def _detail_card(self) -> QFrame:
        card = QFrame()
        card.setObjectName("Card")
        card.setAccessibleName(self.tr("The event in full"))
        card.setMinimumWidth(340)
        content = QWidget()
        content.setObjectName("AuditDetailContent")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.detail_title = styled_label(self.tr("Choose an event"), "section", wrap=True)
        self.detail_title.setObjectName("AuditDetailTitle")
        layout.addWidget(self.detail_title)
        self.detail_grid = QGridLayout()
        self.detail_grid.setHorizontalSpacing(12)
        self.detail_grid.setVerticalSpacing(4)
        self.detail_grid.setColumnStretch(1, 1)
        self.detail_values: dict[str, QLabel] = {}
        for row, (key, caption) in enumerate(
            (
                ("when", self.tr("When")),
                ("who", self.tr("Who")),
                ("what", self.tr("What")),
                ("case", self.tr("Case")),
                ("about", self.tr("Recorded as")),
                ("details", self.tr("Details")),
                ("hash", self.tr("Fingerprint")),
            )
        ):
            caption_label = styled_label(caption, "fieldLabel")
            caption_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            value = styled_label("", "hint", wrap=True)
            value.setObjectName(f"AuditDetail_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.detail_grid.addWidget(caption_label, row, 0)
            self.detail_grid.addWidget(value, row, 1)
            self.detail_values[key] = value
        layout.addLayout(self.detail_grid)
        raw_caption = styled_label(self.tr("As recorded"), "fieldLabel")
        self.raw_details = QPlainTextEdit()
        self.raw_details.setObjectName("AuditRawDetails")
        self.raw_details.setAccessibleName(self.tr("The event's details as recorded"))
        self.raw_details.setReadOnly(True)
        self.raw_details.setTabChangesFocus(True)
        self.raw_details.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.raw_details.setFont(mono)
        self.raw_details.setMinimumHeight(RAW_MIN_HEIGHT)
        # It takes the height left over, and asks for none beyond its minimum: so the event's
        # fields never scroll just because the recorded text would like more room.
        self.raw_details.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        raw_caption.setBuddy(self.raw_details)
        layout.addWidget(raw_caption)
        layout.addWidget(self.raw_details, 1)
        # A short window scrolls the event rather than squeezing its words.
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(18, 14, 18, 16)
        card_layout.addWidget(vertical_scroll("AuditDetailScroll", content))
        return card

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """Put the focus on the list, where a manager starts reading."""
        super().showEvent(event)
        target = self.table if self.table.isEnabled() else self.back_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ filters

    def _refuse(self) -> None:
        for widget in (
            self.verify_button,
            self.who_filter,
            self.what_filter,
            self.case_filter,
            self.days_filter,
            self.apply_button,
            self.clear_button,
            self.table,
            self.newer_button,
            self.older_button,
        ):
            widget.setEnabled(False)
        self._chain(self.tr("Only a manager can see the audit trail."), "warning")

    def _load_choices(self) -> None:
        database, staff = self._database, self._staff
        self.tasks.start(
            lambda: audit_filter_choices(database=database, staff=staff),
            on_success=self._show_choices,
            on_failure=self._on_failure,
        )

    def _show_choices(self, choices: AuditFilterChoices) -> None:
        self.choices = choices
        chosen_who, chosen_what = self.who_filter.currentData(), self.what_filter.currentData()
        self.who_filter.clear()
        self.who_filter.addItem(self.tr("Anyone"), None)
        for person in choices.people:
            left = self.tr("{name} (left)").format(name=person.name)
            self.who_filter.addItem(person.name if person.active else left, person.id)
        self.who_filter.addItem(self.tr("System (no person)"), SYSTEM)
        self.what_filter.clear()
        self.what_filter.addItem(self.tr("Anything"), None)
        for action, words in choices.actions:
            self.what_filter.addItem(words, action)
            self.what_filter.setItemData(
                self.what_filter.count() - 1, action, Qt.ItemDataRole.ToolTipRole
            )
        self.who_filter.setCurrentIndex(max(_index_of(self.who_filter, chosen_who), 0))
        self.what_filter.setCurrentIndex(max(_index_of(self.what_filter, chosen_what), 0))

    def choose_who(self, who: Who) -> bool:
        """Choose a person (or :data:`SYSTEM`) in the "who" filter; False if not offered."""
        index = _index_of(self.who_filter, who)
        if index < 0:
            return False
        self.who_filter.setCurrentIndex(index)
        return True

    def choose_what(self, action: str | None) -> bool:
        """Choose a kind of event in the "what" filter; False if the trail holds none."""
        index = _index_of(self.what_filter, action)
        if index < 0:
            return False
        self.what_filter.setCurrentIndex(index)
        return True

    def _on_days_toggled(self, on: bool) -> None:
        self.first_day.setEnabled(on)
        self.last_day.setEnabled(on)
        self.apply_filters()

    def _on_first_changed(self, _day: QDate) -> None:
        if self.last_day.date() < self.first_day.date():
            self.last_day.blockSignals(True)
            self.last_day.setDate(self.first_day.date())
            self.last_day.blockSignals(False)
        if self.days_filter.isChecked():
            self.apply_filters()

    def _on_last_changed(self, _day: QDate) -> None:
        if self.first_day.date() > self.last_day.date():
            self.first_day.blockSignals(True)
            self.first_day.setDate(self.last_day.date())
            self.first_day.blockSignals(False)
        if self.days_filter.isChecked():
            self.apply_filters()

    def apply_filters(self) -> None:
        """Read the newest page of the events the filters choose."""
        self.reload()

    def filter_by_case(self, number: str) -> None:
        """Show the events of one case (a case number scanned while the trail is open)."""
        self.case_filter.setText(number)
        self.apply_filters()

    def clear_filters(self) -> None:
        """Every event again, newest first."""
        self._clear_filter_fields()
        self.reload()

    def _clear_filter_fields(self) -> None:
        for widget in (self.who_filter, self.what_filter, self.days_filter, self.case_filter):
            widget.blockSignals(True)
        self.who_filter.setCurrentIndex(0)
        self.what_filter.setCurrentIndex(0)
        self.case_filter.clear()
        self.days_filter.setChecked(False)
        self.first_day.setEnabled(False)
        self.last_day.setEnabled(False)
        for widget in (self.who_filter, self.what_filter, self.days_filter, self.case_filter):
            widget.blockSignals(False)

    # ------------------------------------------------------------------ reading

    def reload(self, *, before_seq: int | None = None, after_seq: int | None = None) -> None:
        """Read a page of the filtered events on a worker; an older reading is dropped."""
        if not self._staff.is_manager:
            return
        if self._reading is not None:
            self._reading.cancel()
        database, staff = self._database, self._staff
        who: Who = self.who_filter.currentData()
        action = self.what_filter.currentData()
        case_number = self.case_filter.text().strip() or None
        days = self.days_filter.isChecked()
        first = self.first_day.day() if days else None
        last = self.last_day.day() if days else None
        self._say(self.tr("Reading the events…"))
        self._reading = self.tasks.start(
            lambda: audit_events(
                database=database,
                staff=staff,
                who=who,
                action=action if isinstance(action, str) else None,
                case_number=case_number,
                first_day=first,
                last_day=last,
                before_seq=before_seq,
                after_seq=after_seq,
            ),
            on_success=self._show_page,
            on_failure=self._on_failure,
        )

    def older_page(self) -> None:
        """The page of events before the last one shown."""
        if self.page is not None and self.page.has_older and self.page.rows:
            self.reload(before_seq=self.page.rows[-1].seq)

    def newer_page(self) -> None:
        """The page of events after the first one shown."""
        if self.page is not None and self.page.has_newer and self.page.rows:
            self.reload(after_seq=self.page.rows[0].seq)

    def show_event(self, seq: int) -> None:
        """Clear the filters and page to event ``seq``, then choose it in the list."""
        self._clear_filter_fields()
        self._select_seq = seq
        self.reload(before_seq=seq + 1 + PAGE_SIZE // 2)

    def _on_failure(self, error: Exception) -> None:
        if not isinstance(error, Failures):
            raise error
        if isinstance(error, InputError):
            self.filter_error.setText(str(error))
            self.filter_error.setVisible(True)
            self._say("")
            if any(problem.field == "case_number" for problem in error.problems):
                self.case_filter.setFocus(Qt.FocusReason.OtherFocusReason)
                self.case_filter.selectAll()
            return
        self._say(
            self.tr("The audit trail could not be read: {error}").format(error=error), "error"
        )

    def _show_page(self, page: AuditPage) -> None:
        self.page = page
        self.filter_error.setVisible(False)
        self.table.blockSignals(True)
        self.table.setRowCount(len(page.rows))
        for row, event in enumerate(page.rows):
            self._fill_row(row, event)
        self.table.blockSignals(False)
        self.newer_button.setEnabled(page.has_newer)
        self.older_button.setEnabled(page.has_older)
        if page.rows:
            self._say(
                self.tr("Events {newest} to {oldest} ({count} on this page)").format(
                    newest=page.rows[0].seq, oldest=page.rows[-1].seq, count=len(page.rows)
                )
            )
        else:
            self._say(self.tr("No events match these filters."))
        wanted = self._select_seq
        self._select_seq = None
        row = next((r for r, event in enumerate(page.rows) if event.seq == wanted), 0)
        if page.rows:
            self.table.setCurrentCell(row, 0)
            self.table.scrollTo(
                self.table.model().index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter
            )
            self._show_detail(page.rows[row])
            if wanted is not None:
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self._show_detail(None)

    def _fill_row(self, row: int, event: AuditRow) -> None:
        broken = event.seq == self.broken_seq
        when = (
            local_moment(event.when, self._store.zone, self._store.locale)
            if event.when is not None
            else self.tr("unreadable")
        )
        cells = [
            f"⚠ {event.seq}" if broken else str(event.seq),
            when,
            event.who,
            event.what,
            event.case_number or "",
            event.summary,
        ]
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(SEQ_ROLE, event.seq)
            if column == COLUMNS.index("what"):
                item.setToolTip(f"{text} ({event.action})")
            if column == 0:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if column == len(cells) - 1 and text:
                item.setToolTip(text)
            if broken:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                item.setToolTip(self.tr("The chain breaks here."))
            self.table.setItem(row, column, item)

    def _on_current_changed(self, row: int, _column: int, _old_row: int, _old_column: int) -> None:
        if self.page is not None and 0 <= row < len(self.page.rows):
            self._show_detail(self.page.rows[row])

    @property
    def selected_seq(self) -> int | None:
        """The ``seq`` of the event chosen in the list, if any."""
        item = self.table.item(self.table.currentRow(), 0)
        return None if item is None else int(item.data(SEQ_ROLE))

    def _show_detail(self, event: AuditRow | None) -> None:
        values = self.detail_values
        if event is None:
            self.detail_title.setText(self.tr("Choose an event"))
            for label in values.values():
                label.setText("")
            self.raw_details.setPlainText("")
            return
        self.detail_title.setText(self.tr("Event {seq}").format(seq=event.seq))
        values["when"].setText(
            local_moment(event.when, self._store.zone, self._store.locale)
            if event.when is not None
            else self.tr("The stored time cannot be read.")
        )
        values["who"].setText(event.who)
        values["what"].setText(event.what)
        values["case"].setText(event.case_number or self.tr("None"))
        values["about"].setText(f"{event.action} · {event.entity} {event.entity_id[:ID_SHOWN]}")
        values["details"].setText(event.summary or self.tr("None"))
        values["hash"].setText(
            self.tr("{hash}…, follows {previous}…").format(
                hash=event.hash[:HASH_SHOWN], previous=event.prev_hash[:HASH_SHOWN]
            )
        )
        try:
            raw = json.dumps(json.loads(event.details), indent=2, ensure_ascii=False)
        except ValueError:
            raw = event.details
        self.raw_details.setPlainText(raw)

    # ------------------------------------------------------------------ the chain

    def verify_chain(self) -> None:
        """Recompute every link on a worker, then say the outcome (and show a broken link)."""
        if not self._staff.is_manager or self._verifying is not None:
            return
        self.verify_button.setEnabled(False)
        self._chain(self.tr("Checking every event of the audit trail…"), "hint")
        database = self._database
        self._verifying = self.tasks.start(
            lambda: verify_audit_chain(database=database),
            on_success=self._show_report,
            on_failure=self._on_verify_failure,
        )

    def _on_verify_failure(self, error: Exception) -> None:
        self._verifying = None
        self.verify_button.setEnabled(True)
        if not isinstance(error, Failures):
            raise error
        self._chain(
            self.tr("The audit trail could not be checked: {error}").format(error=error), "error"
        )

    def _show_report(self, report: ChainReport) -> None:
        self._verifying = None
        self.verify_button.setEnabled(True)
        self.report = report
        if report.broken is None:
            was_marked, self.broken_seq = self.broken_seq, None
            words = self.tr(
                "All {count} events verified: nothing was changed, removed or reordered."
            ).format(count=self._formats.number(report.events_checked))
            if report.events_erased:
                words += " " + self.tr(
                    "%Ln of them had a customer's words erased under the retention policy, "
                    "each erasure recorded in the chain.",
                    "",
                    report.events_erased,
                )
            self._chain(words, "good")
            if was_marked is not None and self.page is not None:
                self._select_seq = self.selected_seq
                self._show_page(self.page)  # no row is marked broken any more
            return
        self.broken_seq = report.broken.seq
        self._chain(
            self.tr(
                "The chain is broken at event {seq}: {reason}. This event and every one "
                "after it cannot be trusted; tell head office."
            ).format(seq=report.broken.seq, reason=report.broken.reason),
            "error",
        )
        self.show_event(report.broken.seq)

    # ------------------------------------------------------------------ words

    def _chain(self, text: str, tone: str) -> None:
        self.chain_label.setText(text)
        self.chain_label.setVisible(bool(text))
        set_style_property(self.chain_label, "tone", tone)

    def _say(self, text: str, tone: str = "hint") -> None:
        self.page_label.setText(text)
        set_style_property(self.page_label, "tone", tone)
