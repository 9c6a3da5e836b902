"""The queue panel of the home screen: who waits, who is at the counter, for how long."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.local_time import elapsed, local_clock
from counter_app.domain.validation import InputError
from counter_app.services.database import StoreDatabase
from counter_app.services.errors import NotFoundError, PermissionDeniedError
from counter_app.services.staff import SignedIn
from counter_app.services.store_setup import StoreInfo
from counter_app.services.walk_ins import (
    WalkInReason,
    WalkInStatus,
    WalkInView,
    add_walk_in,
    call_walk_in,
    finish_walk_in,
    walk_in_queue,
)
from ui.widgets.styling import set_style_property, styled_label

ADD_SHORTCUT = QKeySequence("Ctrl+N")
CALL_SHORTCUT = QKeySequence("F5")
TICK_MS = 1000
# Another clerk on this PC may have changed the queue; read it again now and then.
REFRESH_MS = 20_000


def reason_label(reason: WalkInReason) -> str:
    """What the customer came for, in the clerk's language."""
    labels = {
        WalkInReason.RETURN: QCoreApplication.translate("WalkInQueue", "Return"),
        WalkInReason.EXCHANGE: QCoreApplication.translate("WalkInQueue", "Exchange"),
        WalkInReason.COMPLAINT: QCoreApplication.translate("WalkInQueue", "Complaint"),
        WalkInReason.OTHER: QCoreApplication.translate("WalkInQueue", "Other"),
    }
    return labels[reason]


class WalkInQueue(QFrame):
    """Add customers as they arrive, call the next one, and see every wait tick.

    The waiting times count up every second on screen; the queue itself is read
    from the database after every change and every ``REFRESH_MS``.

    Signals:
        called(object): this clerk called a customer (carries the WalkInView);
            the window opens the screen for what they came for.
    """

    called = Signal(object)

    def __init__(
        self,
        *,
        database: StoreDatabase,
        store: StoreInfo,
        clock: Callable[[], datetime] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("QueuePanel")
        self._database = database
        self._store = store
        self._clock = clock or (lambda: datetime.now(UTC))
        self._staff: SignedIn | None = None
        self._queue: list[WalkInView] = []

        self.heading = styled_label(self.tr("Queue"), "section")
        self.summary = styled_label("", "hint")
        self.who_field = QLineEdit()
        self.who_field.setPlaceholderText(self.tr("Who (optional)"))
        self.who_field.setAccessibleName(self.tr("Who is waiting"))
        self.who_field.setMinimumWidth(150)
        self.reason_box = QComboBox()
        self.reason_box.setAccessibleName(self.tr("What they came for"))
        for reason in (
            WalkInReason.RETURN,
            WalkInReason.EXCHANGE,
            WalkInReason.COMPLAINT,
            WalkInReason.OTHER,
        ):
            self.reason_box.addItem(reason_label(reason), reason.value)
        self.add_button = QPushButton(self.tr("Add  (Ctrl+N)"))
        self.add_button.setToolTip(self.tr("Put the customer in the queue with the next number."))
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [self.tr("No."), self.tr("Who"), self.tr("For"), self.tr("Waited"), self.tr("Status")]
        )
        self.table.setAccessibleName(self.tr("Queue"))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the queue; the arrows move in it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.empty_note = styled_label(
            self.tr("Nobody is waiting. Add each customer as they arrive (Ctrl+N)."),
            "hint",
            wrap=True,
        )
        self.call_button = QPushButton(self.tr("Call next  (F5)"))
        self.call_button.setProperty("primary", "true")
        self.call_button.setToolTip(
            self.tr("Call the customer chosen in the list, or the one waiting longest.")
        )
        self.served_button = QPushButton(self.tr("Served"))
        self.served_button.setToolTip(self.tr("Served without a case (a question answered)."))
        self.left_button = QPushButton(self.tr("Left"))
        self.left_button.setToolTip(self.tr("The customer went away before being served."))
        self.message = styled_label("", "hint", wrap=True)
        self.message.setObjectName("QueueMessage")
        self.message.setVisible(False)

        title_row = QHBoxLayout()
        title_row.addWidget(self.heading)
        title_row.addWidget(self.summary, 1, Qt.AlignmentFlag.AlignBottom)
        # Two rows, so the queue fits half the home screen even on a 1024 px counter PC.
        add_row = QHBoxLayout()
        add_row.addWidget(self.who_field, 1)
        add_row.addWidget(self.reason_box)
        add_button_row = QHBoxLayout()
        add_button_row.addStretch(1)
        add_button_row.addWidget(self.add_button)
        action_row = QHBoxLayout()
        action_row.addWidget(self.call_button)
        action_row.addStretch(1)
        action_row.addWidget(self.served_button)
        action_row.addWidget(self.left_button)
        panel = QVBoxLayout(self)
        panel.setContentsMargins(20, 14, 20, 16)
        panel.setSpacing(10)
        panel.addLayout(title_row)
        panel.addLayout(add_row)
        panel.addLayout(add_button_row)
        panel.addWidget(self.table, 1)
        panel.addWidget(self.empty_note)
        panel.addWidget(self.message)
        panel.addLayout(action_row)

        self.add_button.clicked.connect(self.add_customer)
        self.who_field.returnPressed.connect(self.add_customer)
        self.call_button.clicked.connect(self.call_next)
        self.served_button.clicked.connect(lambda: self._finish(left=False))
        self.left_button.clicked.connect(lambda: self._finish(left=True))
        self.table.itemSelectionChanged.connect(self._enable_actions)
        self.table.itemActivated.connect(lambda _item: self.call_next())
        self.add_shortcut = QShortcut(ADD_SHORTCUT, self)
        self.add_shortcut.activated.connect(self._focus_who)
        self.call_shortcut = QShortcut(CALL_SHORTCUT, self)
        self.call_shortcut.activated.connect(self.call_next)

        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self.tick)
        self.refresher = QTimer(self)
        self.refresher.setInterval(REFRESH_MS)
        self.refresher.timeout.connect(self.refresh)

    # ------------------------------------------------------------------ public

    @property
    def queue(self) -> list[WalkInView]:
        """The queue as last read: at the counter first, then waiting, first come first."""
        return list(self._queue)

    def set_person(self, person: SignedIn | None) -> None:
        """Who is at the counter; nobody stops the clocks and clears the list."""
        self._staff = person
        if person is None:
            self.ticker.stop()
            self.refresher.stop()
            self._queue = []
            self._fill()
            return
        self.refresh()
        self.ticker.start()
        self.refresher.start()

    def serving_for(self, person: SignedIn) -> WalkInView | None:
        """The customer ``person`` called and has not finished yet, if any."""
        mine = [
            view
            for view in self._queue
            if view.status is WalkInStatus.SERVING and view.served_by == person.name
        ]
        return mine[0] if mine else None

    def refresh(self) -> None:
        """Read the queue again and show it, keeping the row the clerk had chosen."""
        chosen = self._chosen()
        self._queue = walk_in_queue(database=self._database)
        self._fill(keep=chosen.id if chosen else None)

    def add_customer(self) -> None:
        """Queue the customer typed in (the Add button, Enter in the field, Ctrl+N then Enter)."""
        if self._staff is None:
            return
        try:
            added = add_walk_in(
                database=self._database,
                staff=self._staff,
                label=self.who_field.text(),
                reason=self.reason_box.currentData(),
                now=self._clock(),
            )
        except (InputError, PermissionDeniedError) as error:
            self._say(str(error), "error")
            return
        self.who_field.clear()
        self.reason_box.setCurrentIndex(0)
        self._say(self.tr("Number {ticket} is in the queue.").format(ticket=added.ticket), "good")
        self.refresh()

    def call_next(self) -> None:
        """Call the chosen waiting customer, or the one who has waited longest."""
        if self._staff is None:
            return
        chosen = self._chosen()
        waiting = [view for view in self._queue if view.status is WalkInStatus.WAITING]
        target = chosen if chosen is not None and chosen.status is WalkInStatus.WAITING else None
        target = target or (waiting[0] if waiting else None)
        if target is None:
            self._say(self.tr("Nobody is waiting."), "info")
            return
        try:
            view = call_walk_in(
                database=self._database,
                staff=self._staff,
                walk_in_id=target.id,
                now=self._clock(),
            )
        except (InputError, NotFoundError, PermissionDeniedError) as error:
            self._say(str(error), "error")
            self.refresh()
            return
        self._say(
            self.tr("Number {ticket} to the counter, please.").format(ticket=view.ticket), "good"
        )
        self.refresh()
        self.called.emit(view)

    def finish(self, walk_in_id: uuid.UUID, *, case_ref: str | None = None) -> None:
        """Take a customer off the queue with the case they became (after a case is saved)."""
        if self._staff is None:
            return
        try:
            finish_walk_in(
                database=self._database,
                staff=self._staff,
                walk_in_id=walk_in_id,
                case_ref=case_ref,
                now=self._clock(),
            )
        except (InputError, NotFoundError, PermissionDeniedError) as error:
            self._say(str(error), "error")
        self.refresh()

    def tick(self) -> None:
        """Move every shown waiting time on by the clock; no database read."""
        now = self._clock()
        for row, view in enumerate(self._queue):
            waited = self.table.item(row, 3)
            if waited is not None:
                waited.setText(elapsed(view.waited(now)))

    # ------------------------------------------------------------------ behaviour

    def _focus_who(self) -> None:
        self.who_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.who_field.selectAll()

    def _finish(self, *, left: bool) -> None:
        chosen = self._chosen()
        if chosen is None and self._staff is not None and not left:
            chosen = self.serving_for(self._staff)
        if chosen is None:
            self._say(self.tr("Choose a customer in the list first."), "info")
            return
        if self._staff is None:
            return
        try:
            finish_walk_in(
                database=self._database,
                staff=self._staff,
                walk_in_id=chosen.id,
                left=left,
                now=self._clock(),
            )
        except (InputError, NotFoundError, PermissionDeniedError) as error:
            self._say(str(error), "error")
        else:
            self._say(
                (
                    self.tr("Number {ticket} left the queue.")
                    if left
                    else self.tr("Number {ticket} was served.")
                ).format(ticket=chosen.ticket),
                "good",
            )
        self.refresh()

    def _chosen(self) -> WalkInView | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._queue):
            return None
        return self._queue[rows[0].row()]

    def _status_text(self, view: WalkInView, now: datetime) -> str:
        if view.status is WalkInStatus.SERVING:
            return self.tr("With {name}").format(name=view.served_by or "")
        return self.tr("Arrived {time}").format(
            time=local_clock(view.arrived_at, self._store.zone, self._store.locale)
        )

    def _fill(self, keep: uuid.UUID | None = None) -> None:
        now = self._clock()
        self.table.setRowCount(len(self._queue))
        for row, view in enumerate(self._queue):
            cells = (
                str(view.ticket),
                view.label or self.tr("(no name)"),
                reason_label(view.reason),
                elapsed(view.waited(now)),
                self._status_text(view, now),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (0, 3):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
            if view.id == keep:
                self.table.selectRow(row)
        waiting = sum(view.status is WalkInStatus.WAITING for view in self._queue)
        serving = len(self._queue) - waiting
        self.summary.setText(
            self.tr("{waiting} waiting, {serving} at the counter").format(
                waiting=waiting, serving=serving
            )
        )
        self.table.setVisible(bool(self._queue))
        self.empty_note.setVisible(not self._queue)
        self._enable_actions()

    def _enable_actions(self) -> None:
        has_waiting = any(view.status is WalkInStatus.WAITING for view in self._queue)
        self.call_button.setEnabled(has_waiting)
        self.served_button.setEnabled(bool(self._queue))
        self.left_button.setEnabled(bool(self._queue))

    def _say(self, text: str, tone: str) -> None:
        self.message.setText(text)
        set_style_property(self.message, "tone", tone)
        self.message.setVisible(True)
