"""What the window shows before any store is set up: what happened and what to run."""

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from assets import asset_path
from ui.widgets.styling import styled_label

DEMO_COMMAND = "counter-app demo"
_CARD_MAX_WIDTH = 760


class _NoStoreLayout:
    """The empty-state panel's widgets and where they sit; no behaviour here."""

    def __init__(self, screen: QWidget, data_dir: Path) -> None:
        self.icon = QLabel()
        self.icon.setPixmap(QIcon(str(asset_path("counter.svg"))).pixmap(QSize(72, 72)))
        self.title = styled_label(
            QCoreApplication.translate("NoStoreScreen", "This counter has no store set up yet"),
            "title",
            wrap=True,
        )
        self.explanation = styled_label(
            QCoreApplication.translate(
                "NoStoreScreen",
                "Counter keeps one store's cases on this PC. The database here is ready but "
                "empty, so there is nobody to sign in yet.",
            ),
            "subtitle",
            wrap=True,
        )
        self.try_demo = styled_label(
            QCoreApplication.translate(
                "NoStoreScreen",
                "To try Counter with a demo store and staff, close this window and run:",
            ),
            "subtitle",
            wrap=True,
        )
        self.command = styled_label(DEMO_COMMAND, "command")
        self.command.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.then = styled_label(
            QCoreApplication.translate(
                "NoStoreScreen",
                "Then start Counter again. To set up a real store, ask head office.",
            ),
            "subtitle",
            wrap=True,
        )
        self.data_folder = styled_label(
            QCoreApplication.translate("NoStoreScreen", "Data folder: {folder}").format(
                folder=data_dir
            ),
            "hint",
            wrap=True,
        )
        self.data_folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QPushButton(
            QCoreApplication.translate("NoStoreScreen", "Close Counter")
        )
        self.close_button.setProperty("primary", "true")

        command_row = QHBoxLayout()
        command_row.addWidget(self.command)
        command_row.addStretch(1)
        button_row = QHBoxLayout()
        button_row.addWidget(self.data_folder, 1)
        button_row.addSpacing(16)
        button_row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignBottom)

        card = QFrame()
        card.setObjectName("Card")
        card.setMaximumWidth(_CARD_MAX_WIDTH)
        card.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        column = QVBoxLayout(card)
        column.setContentsMargins(36, 32, 36, 28)
        column.setSpacing(14)
        column.addWidget(self.icon)
        column.addWidget(self.title)
        column.addWidget(self.explanation)
        column.addSpacing(6)
        column.addWidget(self.try_demo)
        column.addLayout(command_row)
        column.addWidget(self.then)
        column.addSpacing(10)
        column.addLayout(button_row)

        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(card, 100)
        centred.addStretch(1)
        outer = QVBoxLayout(screen)
        outer.setContentsMargins(32, 32, 32, 32)
        outer.addStretch(1)
        outer.addLayout(centred)
        outer.addStretch(2)


class NoStoreScreen(QWidget):
    """The empty state shown instead of a blank window when no store is set up.

    Without a store there is no staff list and nothing to sign in to; an
    empty window would look like a crash. This says what is missing and the
    one command that fixes it for a demo.

    Signals:
        close_requested: the person pressed Close; the window should close.
    """

    close_requested = Signal()

    def __init__(self, *, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NoStoreScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._ui = _NoStoreLayout(self, data_dir)
        self.close_button = self._ui.close_button
        self.close_button.clicked.connect(self.close_requested)
        self.setFocusProxy(self.close_button)

    def text(self) -> str:
        """Everything the panel says, in reading order (for tests and screen readers)."""
        labels = (
            self._ui.title,
            self._ui.explanation,
            self._ui.try_demo,
            self._ui.command,
            self._ui.then,
            self._ui.data_folder,
        )
        return "\n".join(label.text() for label in labels)
