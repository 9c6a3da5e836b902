"""The window Counter shows the moment it starts, while the store opens behind it.

Before the sign-in screen can show, Python loads the database layer, the store is
read and the screens are built: about a second on a counter PC. A clerk who
double-clicks Counter should see it answer at once, not wonder whether the click
took and click again. So the desktop's first step, before any of that is loaded,
is this plain window in the counter's colours with Counter's mark, painted there
and then; the counter's own window takes its place once it is ready.

It holds no words, so it needs no translations: those load with the store's
settings, after it shows. This module imports Qt and nothing of Counter's but
its sizes and assets, so that it shows as fast as a bare window.
"""

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from assets import asset_path
from ui.window_size import DEFAULT_SIZE, MINIMUM_SIZE

PRODUCT_NAME = "Counter"  # a name, the same in every language, as in the counter's own title
MARK_SIZE = QSize(72, 72)
# The background of every counter screen (assets/style.qss), so the swap does not flash.
BACKGROUND = "#F3F5F8"


def application(argv: list[str]) -> QApplication:
    """The one QApplication of this process, made now if none exists yet."""
    existing = QCoreApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    if existing is not None:  # a QCoreApplication cannot show windows; a programming error
        raise RuntimeError("a non-GUI QCoreApplication is already running")
    return QApplication(argv)


def opening_window() -> QMainWindow:
    """The placeholder: Counter's mark, centred on the counter's background; not shown yet."""
    window = QMainWindow()
    window.setObjectName("OpeningWindow")
    window.setWindowTitle(PRODUCT_NAME)
    window.setMinimumSize(MINIMUM_SIZE)
    window.resize(DEFAULT_SIZE)
    window.setStyleSheet(f"QMainWindow#OpeningWindow {{ background: {BACKGROUND}; }}")
    icon = QIcon(str(asset_path("counter.svg")))
    window.setWindowIcon(icon)  # the taskbar shows Counter's mark from the first moment too
    mark = QLabel()
    mark.setObjectName("OpeningMark")
    mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
    mark.setPixmap(icon.pixmap(MARK_SIZE))
    window.setCentralWidget(mark)
    return window


def paint_now(window: QMainWindow) -> None:
    """Have ``window`` on screen and painted before the start goes on loading.

    What follows holds the event loop for a second, so the window is laid out
    and painted here, not left for a loop that is not running yet.
    """
    QCoreApplication.processEvents()
    window.repaint()


def show_opening_window(argv: list[str]) -> QMainWindow:
    """Make the application and show the placeholder, maximized as the counter will be."""
    application(argv)
    window = opening_window()
    window.showMaximized()
    paint_now(window)
    return window
