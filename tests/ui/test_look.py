"""The shipped stylesheet: it parses, and no text is cut off at the sizes a counter PC uses."""

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from ui.main_window import MINIMUM_SIZE

pytestmark = pytest.mark.gui

SIZES = [(1366, 768), (1366, 700), (MINIMUM_SIZE.width(), MINIMUM_SIZE.height())]


def clipped_text(root: QWidget) -> list[str]:
    """Visible labels and buttons smaller than their text needs."""
    problems = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, QLabel | QAbstractButton):
            continue
        if not widget.text():  # tiles keep their words in child labels, checked on their own
            continue
        name = widget.text()
        needed = widget.minimumSizeHint()
        if isinstance(widget, QLabel) and widget.wordWrap():
            needed.setHeight(widget.heightForWidth(widget.width()))
        if widget.width() < needed.width() or widget.height() < needed.height():
            problems.append(
                f"{type(widget).__name__} {name!r}: {widget.width()}x{widget.height()}, "
                f"needs {needed.width()}x{needed.height()}"
            )
    return problems


def assert_nothing_clipped(root: QWidget) -> None:
    problems = clipped_text(root)
    assert not problems, "\n".join(problems)


def test_stylesheet_parses_without_qt_warnings(qtbot, qtlog, window, sign_in_as):
    sign_in_as(window, "Maeve Byrne", "2468")
    window.grab()

    messages = [record.message for record in qtlog.records]
    assert not [message for message in messages if "style" in message.lower()], messages


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_no_text_clipped_on_login(qtbot, window, width, height):
    window.resize(width, height)

    qtbot.waitUntil(lambda: assert_nothing_clipped(window))


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_no_text_clipped_on_login_with_a_long_refusal(qtbot, window, sign_in_as, width, height):
    window.resize(width, height)
    for _ in range(5):
        sign_in_as(window, "Sam Okafor", "9999")
    assert "locked out" in window.login_screen.message_text()

    qtbot.waitUntil(lambda: assert_nothing_clipped(window))


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_no_text_clipped_on_manager_home(qtbot, window, sign_in_as, width, height):
    window.resize(width, height)
    sign_in_as(window, "Maeve Byrne", "2468")

    qtbot.waitUntil(lambda: assert_nothing_clipped(window))
