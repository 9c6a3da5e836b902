"""Hooks between widgets and assets/style.qss: names the stylesheet selects on."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QWidget


def set_style_property(widget: QWidget, name: str, value: str) -> None:
    """Set a dynamic property the stylesheet selects on, and restyle the widget now.

    Qt evaluates ``[property="value"]`` selectors only when a widget is polished,
    so changing the property later (a message turning into a warning) needs an
    explicit unpolish/polish or the old look stays.
    """
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def styled_label(text: str, text_style: str, *, wrap: bool = False) -> QLabel:
    """A label in one of the stylesheet's text styles (``title``, ``hint``, ...).

    Wrapping is opt-in: a wrapped label asks its layout for height-for-width,
    which is what keeps long sentences from clipping at narrow widths. Text is
    plain: names come from the database, and a "<" in one must not turn into markup.
    """
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setProperty("textStyle", text_style)
    label.setWordWrap(wrap)
    return label


def vertical_scroll(name: str, content: QWidget) -> QScrollArea:
    """A frameless area that scrolls ``content`` up and down, never sideways.

    Screens put their forms in one so a short window scrolls rather than squeezes
    or clips; ``name`` is the object name the stylesheet gives a background.
    """
    area = QScrollArea()
    area.setObjectName(name)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(content)
    # Not a tab stop of its own: the focus goes to the fields inside, and the area
    # scrolls each one into view as Tab reaches it.
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return area
