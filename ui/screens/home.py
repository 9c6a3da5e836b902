"""The home screen after signing in: what a clerk can start, and a manager's extra area."""

from PySide6.QtCore import Qt, Signal
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
from ui.wording import role_label

# (title, what it does); titles in AVAILABLE_ACTIONS open their screen, the rest are planned.
CASE_ACTIONS = (
    ("New complaint", "Log a fault or a service problem.  (F2)"),
    ("New return", "Take an item back, with or without its receipt.  (F3)"),
    ("New exchange", "Swap for another size, colour or item.  (F4)"),
    ("Find case", "Look up a case, a customer or a receipt.  (Ctrl+F)"),
)
MANAGER_ACTIONS = (
    ("Today at a glance", "Today's cases, refunds and waits."),
    ("Close the day", "Check the day's refunds, then close."),
    ("Staff and PINs", "Add staff, reset or unlock a PIN."),
    ("Return policy", "The return rules this store applies."),
)
AVAILABLE_ACTIONS = frozenset(
    {"New complaint", "New return", "New exchange", "Find case", "Return policy"}
)
_COLUMNS = 4


def _tile_grid(
    actions: tuple[tuple[str, str], ...], *, prominent: bool
) -> tuple[QGridLayout, list[ActionTile]]:
    grid = QGridLayout()
    grid.setHorizontalSpacing(16)
    grid.setVerticalSpacing(16)
    tiles = []
    for position, (title, description) in enumerate(actions):
        tile = ActionTile(
            title, description, available=title in AVAILABLE_ACTIONS, prominent=prominent
        )
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
        self.who = styled_label("", "subtitle")
        self.settings_button = QPushButton("Settings  (Ctrl+,)")
        self.settings_button.setToolTip(
            "Language and high contrast; for a manager also the store, printers and head office."
        )
        self.settings_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.lock_button = QPushButton("Lock  (Ctrl+L)")
        self.lock_button.setToolTip(
            "Go back to the sign-in screen. The next person signs in with their own PIN."
        )
        self.lock_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)

        heading_text = QVBoxLayout()
        heading_text.setSpacing(4)
        heading_text.addWidget(self.greeting)
        heading_text.addWidget(self.who)
        header = QHBoxLayout()
        header.addLayout(heading_text, 1)
        self.settings_button.setVisible(False)  # shown once the Settings screen is wired in
        header.addWidget(self.lock_button, 0, Qt.AlignmentFlag.AlignTop)

        self.case_area = QFrame()
        self.case_area.setObjectName("CaseArea")
        self.cases_heading = styled_label("Serve a customer", "section")
        cases_grid, self.case_tiles = _tile_grid(CASE_ACTIONS, prominent=True)
        _section(self.case_area, self.cases_heading, None, cases_grid)

        self.manager_area = QFrame()
        self.manager_area.setObjectName("ManagerArea")
        self.manager_area.setAccessibleName("Manager area")
        self.manager_heading = styled_label("Manager", "section")
        self.manager_note = styled_label("Only managers see this area.", "hint")
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
        queue.setMinimumHeight(300)
        today.setMinimumHeight(300)
        panels.addWidget(queue, 1)
        panels.addWidget(today, 1)
        outer.addLayout(panels)
        outer.addSpacing(6)
        outer.addWidget(self.manager_area)
        outer.addStretch(1)
        self.lock_hint = styled_label(
            "Leaving the counter? Press Lock or Ctrl+L. Counter also locks itself after "
            f"{idle_lock_minutes} {'minute' if idle_lock_minutes == 1 else 'minutes'} "
            "without use.",
            "hint",
            wrap=True,
        )
        outer.addWidget(self.lock_hint)


class HomeScreen(QWidget):
    """Where a signed-in person starts: the case actions, and for managers their own area.

    Screens not built yet have their tiles here already, disabled and labelled
    "Next release", so the layout the staff learn now is the one they keep.
    Who sees the Manager area is a convenience only: every manager service checks the role
    again itself.

    Signals:
        lock_requested: the person pressed Lock; the window goes back to sign-in.
        action_requested(str): the person chose a tile that has a screen; carries its title.
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
                title = tile.title_label.text()
                tile.clicked.connect(lambda _=False, title=title: self.action_requested.emit(title))
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
        self._ui.greeting.setText(f"Welcome, {person.name}")
        self._ui.who.setText(
            f"Signed in as {role_label(person.role).lower()} at "
            f"{self._store.name} ({self._store.code})"
        )
        self.manager_area.setVisible(person.is_manager)

    def refresh(self) -> None:
        """Read the queue and today's cases again (coming back from a case screen)."""
        self.queue.refresh()
        self.today.refresh()
