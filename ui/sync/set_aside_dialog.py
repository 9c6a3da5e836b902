"""The events head office refused, for the manager: what, when, and head office's reason.

A refused event is set aside so the rest keep flowing; it stays on this PC
until IT fixes it. The manager sees the list to know something is wrong and
to tell IT what head office said; a clerk has no business with it.
"""

from datetime import tzinfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.services.database import StoreDatabase
from counter_app.services.staff import SignedIn
from counter_app.sync.status import SetAsideEvent, set_aside_events
from ui.widgets.styling import styled_label

TARGET_HEIGHT = 44


class NotAManagerError(PermissionError):
    """Someone who is not a manager asked for the refused events."""


class SetAsideDialog(QDialog):
    """A manager's list of the events head office refused, oldest first.

    Raises:
        NotAManagerError: ``staff`` is not a manager (the window never offers it to a clerk).
    """

    def __init__(
        self,
        *,
        database: StoreDatabase,
        staff: SignedIn,
        zone: tzinfo,
        parent: QWidget | None = None,
    ) -> None:
        if not staff.is_manager:
            raise NotAManagerError("only a manager sees the events head office refused")
        super().__init__(parent)
        self.setObjectName("SetAsideDialog")
        self.setWindowTitle(self.tr("Changes head office refused"))
        self.setMinimumSize(760, 420)
        self._zone = zone
        heading = styled_label(self.tr("Changes head office refused"), "section")
        explanation = styled_label(
            self.tr(
                "Head office refused these changes, so they are set aside on this PC and "
                "everything else is still sent. Nothing is deleted. Tell IT what head office "
                "said (the last column); once they fix it, the changes can be sent."
            ),
            "hint",
            wrap=True,
        )
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("SetAsideTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("What"), self.tr("When"), self.tr("Head office said")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; the arrows move in it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.empty_label = styled_label(self.tr("Head office has refused nothing."), "hint")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Close (Esc)"))
        close.setMinimumHeight(TARGET_HEIGHT)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(buttons)
        self.events: list[SetAsideEvent] = []
        self.reload(database)

    def reload(self, database: StoreDatabase) -> None:
        """Read the refused events again and show them."""
        self.events = set_aside_events(database)
        self.table.setRowCount(len(self.events))
        for row, event in enumerate(self.events):
            when = event.created_at.astimezone(self._zone).strftime("%Y-%m-%d %H:%M")
            cells = (event.kind, when, event.error)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.empty_label.setVisible(not self.events)

    def rows(self) -> list[tuple[str, str, str]]:
        """What the table shows, row by row (kind, when, error)."""
        shown = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, column) for column in range(3)]
            kind, when, error = (cell.text() if cell is not None else "" for cell in cells)
            shown.append((kind, when, error))
        return shown
