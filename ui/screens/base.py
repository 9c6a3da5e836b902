"""What every screen opened from home shares: the store, its database, who opened it, Back."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from counter_app.services.database import StoreDatabase
from counter_app.services.staff import SignedIn
from counter_app.services.store_setup import StoreInfo


class CounterScreen(QWidget):
    """A screen of the counter, made for the person who opened it (the next person gets a new one).

    Signals:
        back_requested: Esc or Back; the window goes home.
    """

    back_requested = Signal()

    def __init__(
        self,
        *,
        name: str,
        database: StoreDatabase,
        store: StoreInfo,
        staff: SignedIn,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)  # what the stylesheet selects the screen's background by
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._database = database
        self._store = store
        self._staff = staff
