"""The home screen after signing in: what a clerk can start, and a manager's extra area."""

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.services.database import StoreDatabase
from counter_app.services.staff import SignedIn
from counter_app.services.store_setup import StoreInfo
from ui.widgets.action_tile import ActionTile
from ui.widgets.styling import styled_label, vertical_scroll
from ui.widgets.todays_cases import TodaysCases
from ui.widgets.walk_in_queue import WalkInQueue

# (title, what it does); the English title is the action's key, shown translated.
# Titles in AVAILABLE_ACTIONS open their screen, the rest are planned.
CASE_ACTIONS = (
    (
        QT_TRANSLATE_NOOP("HomeScreen", "New complaint"),
        QT_TRANSLATE_NOOP("HomeScreen", "Log a fault or a service problem.  (F2)"),
    ),
    (
        QT_TRANSLATE_NOOP("HomeScreen", "New return"),
        QT_TRANSLATE_NOOP("HomeScreen", "Take an item back, with or without its receipt.  (F3)"),
    ),
    (
        QT_TRANSLATE_NOOP("HomeScreen", "New exchange"),
        QT_TRANSLATE_NOOP("HomeScreen", "Swap for another size, colour or item.  (F4)"),
    ),
    (
        QT_TRANSLATE_NOOP("HomeScreen", "Find case"),
        QT_TRANSLATE_NOOP("HomeScreen", "Look up a case, a customer or a receipt.  (Ctrl+F)"),
    ),
)
MANAGER_ACTIONS = (
    (
        QT_TRANSLATE_NOOP("HomeScreen", "Today at a glance"),
        QT_TRANSLATE_NOOP("HomeScreen", "Today's cases, refunds and waits.  (Ctrl+Shift+G)"),
    ),
    (
        QT_TRANSLATE_NOOP("HomeScreen", "Close the day"),
        QT_TRANSLATE_NOOP("HomeScreen", "Check the day's refunds, then close.  (Ctrl+Shift+D)"),
    ),
    (
        QT_TRANSLATE_NOOP("HomeScreen", "Staff and PINs"),
        QT_TRANSLATE_NOOP("HomeScreen", "Add staff, reset or unlock a PIN."),
    ),
    (
        QT_TRANSLATE_NOOP("HomeScreen", "Return policy"),
        QT_TRANSLATE_NOOP("HomeScreen", "The return rules this store applies.  (Ctrl+Shift+P)"),
    ),
    (
        QT_TRANSLATE_NOOP("HomeScreen", "Audit trail"),
        QT_TRANSLATE_NOOP(
            "HomeScreen", "Who did what, and proof nothing was changed.  (Ctrl+Shift+A)"
        ),
    ),
)
AVAILABLE_ACTIONS = frozenset(
    {
        "New complaint",
        "New return",
        "New exchange",
        "Find case",
        "Return policy",
        "Close the day",
        "Today at a glance",
        "Audit trail",
    }
)
_COLUMNS = 4


class HomePlurals(QObject):
    """Home's words that change with a number (lupdate marks only self.tr(..., n) plural)."""

    def lock_hint(self, minutes: int) -> str:
        """How to lock, and when the counter locks itself."""
        return self.tr(
            "Leaving the counter? Press Lock or Ctrl+L. Counter also locks itself after "
            "%n minute(s) without use.",
            "",
            minutes,
        )


def lock_hint_text(minutes: int) -> str:
    """How to lock, and when the counter locks itself."""
    return HomePlurals().lock_hint(minutes)


def _tile_grid(
    actions: tuple[tuple[object, object], ...], *, prominent: bool
) -> tuple[QGridLayout, list[ActionTile]]:
    grid = QGridLayout()
    grid.setHorizontalSpacing(16)
    grid.setVerticalSpacing(16)
    tiles = []
    for position, (key, about) in enumerate(actions):
        title, description = str(key), str(about)
        tile = ActionTile(
            QCoreApplication.translate("HomeScreen", title),
            QCoreApplication.translate("HomeScreen", description),
            available=title in AVAILABLE_ACTIONS,
            prominent=prominent,
        )
        tile.setProperty("actionKey", title)
        grid.addWidget(tile, position // _COLUMNS, position % _COLUMNS)
        tiles.append(tile)
    for column in range(_COLUMNS):
        grid.setColumnStretch(column, 1)
    return grid, tiles


def _section(frame: QFrame, heading: QLabel, note: QLabel | None, grid: QGridLayout) -> None:
    """Lay out a titled panel of tiles; both panels share it so their columns line up."""
    title_row = QHBoxLayout()
    title_row.setSpacing(14)
    title_row.addWidget(heading)
    if note is not None:
        title_row.addWidget(note, 0, Qt.AlignmentFlag.AlignBottom)
    title_row.addStretch(1)
    column = QVBoxLayout(frame)
    column.setContentsMargins(20, 14, 20, 20)
    column.setSpacing(12)
    column.addLayout(title_row)
    column.addLayout(grid)


class _HomeLayout:
    """The home screen's widgets and where they sit; no behaviour here."""

    def __init__(
        self, screen: QWidget, idle_lock_minutes: int, queue: WalkInQueue, today: TodaysCases
    ) -> None:
        self.greeting = styled_label("", "title")
        self.who = styled_label("", "subtitle", wrap=True)
        self.settings_button = QPushButton(
            QCoreApplication.translate("HomeScreen", "Settings  (Ctrl+,)")
        )
        self.settings_button.setToolTip(
            QCoreApplication.translate(
                "HomeScreen",
                "Language and high contrast; for a manager also the store, printers "
                "and head office.",
            )
        )
        self.settings_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.lock_button = QPushButton(QCoreApplication.translate("HomeScreen", "Lock  (Ctrl+L)"))
        self.lock_button.setToolTip(
            QCoreApplication.translate(
                "HomeScreen",
                "Go back to the sign-in screen. The next person signs in with their own PIN.",
            )
        )
        self.lock_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)

        heading_text = QVBoxLayout()
        heading_text.setSpacing(4)
        heading_text.addWidget(self.greeting)
        heading_text.addWidget(self.who)
        header = QHBoxLayout()
        header.addLayout(heading_text, 1)
        header.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.lock_button, 0, Qt.AlignmentFlag.AlignTop)

        self.case_area = QFrame()
        self.case_area.setObjectName("CaseArea")
        self.cases_heading = styled_label(
            QCoreApplication.translate("HomeScreen", "Serve a customer"), "section"
        )
        cases_grid, self.case_tiles = _tile_grid(CASE_ACTIONS, prominent=True)
        _section(self.case_area, self.cases_heading, None, cases_grid)

        self.manager_area = QFrame()
        self.manager_area.setObjectName("ManagerArea")
        self.manager_area.setAccessibleName(
            QCoreApplication.translate("HomeScreen", "Manager area")
        )
        self.manager_heading = styled_label(
            QCoreApplication.translate("HomeScreen", "Manager"), "section"
        )
        self.manager_note = styled_label(
            QCoreApplication.translate("HomeScreen", "Only managers see this area."), "hint"
        )
        manager_grid, self.manager_tiles = _tile_grid(MANAGER_ACTIONS, prominent=False)
        _section(self.manager_area, self.manager_heading, self.manager_note, manager_grid)

        # Everything scrolls rather than clips if the window is ever smaller than planned.
        self.content = QWidget()
        self.content.setObjectName("HomeContent")
        self.scroll = vertical_scroll("HomeScroll", self.content)
        screen_layout = QVBoxLayout(screen)
        screen_layout.setContentsMargins(0, 0, 0, 0)
        screen_layout.addWidget(self.scroll)

        outer = QVBoxLayout(self.content)
        outer.setContentsMargins(32, 24, 32, 24)
        outer.setSpacing(14)
        outer.addLayout(header)
        outer.addSpacing(10)
        outer.addWidget(self.case_area)
        outer.addSpacing(6)
        panels = QHBoxLayout()
        panels.setSpacing(16)
        queue.setMinimumHeight(340)
        today.setMinimumHeight(340)
        panels.addWidget(queue, 1)
        panels.addWidget(today, 1)
        outer.addLayout(panels)
        outer.addSpacing(6)
        outer.addWidget(self.manager_area)
        outer.addStretch(1)
        self.lock_hint = styled_label(lock_hint_text(idle_lock_minutes), "hint", wrap=True)
        outer.addWidget(self.lock_hint)


class HomeScreen(QWidget):
    """Where a signed-in person starts: the case actions, and for managers their own area.

    Screens not built yet have their tiles here already, disabled and labelled
    "Next release", so the layout the staff learn now is the one they keep.
    Who sees the Manager area is a convenience only: every manager service checks the role
    again itself.

    Signals:
        lock_requested: the person pressed Lock; the window goes back to sign-in.
        action_requested(str): the person chose a tile that has a screen, or Settings;
            carries the action's English title, whatever the language on screen.
    """

    lock_requested = Signal()
    action_requested = Signal(str)

    def __init__(
        self,
        *,
        database: StoreDatabase,
        store: StoreInfo,
        idle_lock_minutes: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("HomeScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._store = store
        self.queue = WalkInQueue(database=database, store=store)
        self.today = TodaysCases(database=database, store=store)
        self._ui = _HomeLayout(self, idle_lock_minutes, self.queue, self.today)
        self.settings_button = self._ui.settings_button
        self.greeting_label = self._ui.greeting
        self.who_label = self._ui.who
        self.lock_button = self._ui.lock_button
        self.manager_area = self._ui.manager_area
        self.case_tiles = self._ui.case_tiles
        self.manager_tiles = self._ui.manager_tiles
        self.lock_button.clicked.connect(self.lock_requested)
        self.settings_button.clicked.connect(lambda: self.action_requested.emit("Settings"))
        self.today.find_requested.connect(lambda: self.action_requested.emit("Find case"))
        for tile in (*self.case_tiles, *self.manager_tiles):
            if tile.isEnabled():
                key = str(tile.property("actionKey"))
                tile.clicked.connect(lambda _=False, key=key: self.action_requested.emit(key))
        self.show_person(None)

    def show_person(self, person: SignedIn | None) -> None:
        """Greet ``person`` and show the Manager area only to a manager."""
        self.queue.set_person(person)
        if person is None:
            self._ui.greeting.setText("")
            self._ui.who.setText("")
            self.manager_area.setVisible(False)
            return
        self.today.refresh()
        self._ui.greeting.setText(self.tr("Welcome, {name}").format(name=person.name))
        signed_in_as = (
            self.tr("Signed in as a manager at {store} ({code})")
            if person.is_manager
            else self.tr("Signed in as a clerk at {store} ({code})")
        )
        self._ui.who.setText(signed_in_as.format(store=self._store.name, code=self._store.code))
        self.manager_area.setVisible(person.is_manager)

    def show_idle_minutes(self, minutes: int) -> None:
        """Say the auto-lock time anew after it was changed in Settings."""
        self._ui.lock_hint.setText(lock_hint_text(minutes))

    def refresh(self) -> None:
        """Read the queue and today's cases again (coming back from a case screen)."""
        self.queue.refresh()
        self.today.refresh()
