"""A large action tile: a title, one sentence of what it does, and an honest badge."""

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ui.widgets.styling import styled_label
from ui.wording import coming_next_release

_PADDING = 18
_MIN_HEIGHT = 120
_PROMINENT_MIN_HEIGHT = 150


class ActionTile(QPushButton):
    """A push button laid out as a tile, for the main things a clerk or manager does.

    The text lives in child labels rather than the button's own text so the
    title and the description can have their own type sizes and the
    description can wrap. The tile reports its layout's size, so the
    stylesheet's fonts can never make its text clip.

    ``prominent`` tiles (the case actions, a clerk's everyday work) are
    taller with larger titles than the manager's occasional ones.

    A tile whose screen is not built yet is made with ``available=False``:
    it is disabled, carries a "Next release" badge and a tooltip saying so,
    so it reads as planned rather than broken.

    Signals:
        Only QPushButton's own (``clicked``).
    """

    def __init__(
        self,
        title: str,
        description: str,
        *,
        available: bool = True,
        prominent: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ActionTile")
        self.setProperty("prominent", "true" if prominent else "false")
        self._min_height = _PROMINENT_MIN_HEIGHT if prominent else _MIN_HEIGHT
        self.setAccessibleName(title)
        self.setAccessibleDescription(description)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.title_label = styled_label(title, "tileTitle", wrap=True)
        self.description_label = styled_label(description, "tileText", wrap=True)
        self.badge_label: QLabel | None = None

        layout = QVBoxLayout(self)
        self._layout = layout
        layout.setContentsMargins(_PADDING, _PADDING, _PADDING, _PADDING)
        layout.setSpacing(6)
        layout.addWidget(self.title_label)
        layout.addWidget(self.description_label)
        layout.addStretch(1)
        if not available:
            self.badge_label = styled_label(self.tr("Next release"), "badge")
            badge_row = QHBoxLayout()
            badge_row.addWidget(self.badge_label)
            badge_row.addStretch(1)
            layout.addLayout(badge_row)
            self.setEnabled(False)
            self.setToolTip(coming_next_release())
        for label in self.findChildren(QLabel):
            # Clicks on the words belong to the tile.
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """The layout's preferred size, at least a comfortable touch target."""
        hint = self._layout.sizeHint()
        return QSize(hint.width(), max(hint.height(), self._min_height))

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        """Tall enough for the wrapped description at ``width``, never below the minimum."""
        return max(self._layout.totalHeightForWidth(width), self._min_height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """The layout's minimum: what the labels need so nothing is cut off."""
        hint = self._layout.minimumSize()
        return QSize(hint.width(), max(hint.height(), self._min_height))
