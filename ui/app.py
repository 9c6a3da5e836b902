"""Starting the desktop app: the Qt application, the stylesheet, the store database, a window."""

import gc
import logging
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDir, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMainWindow

from assets import asset_path
from counter_app.config import APP_AUTHOR, APP_NAME, Settings
from counter_app.diagnostics.build_info import build_info
from counter_app.diagnostics.crash_reports import (
    disable_fatal_error_log,
    enable_fatal_error_log,
)
from counter_app.diagnostics.log_files import start_log_file, stop_log_file
from counter_app.services import backups
from counter_app.services.database import (
    DatabaseDamagedError,
    OpenedStore,
    StorageError,
    StoreDatabase,
    open_store_database,
)
from counter_app.services.errors import ServiceError
from counter_app.services.store_setup import current_store
from ui import screens
from ui.crash_handler import EXIT_CRASHED, CrashHandler
from ui.dialogs.damaged_database import DamagedDatabaseDialog
from ui.dialogs.storage_problem import StorageProblemDialog
from ui.main_window import MainWindow
from ui.opening_window import application
from ui.screens.no_store import NoStoreScreen
from ui.window_size import DEFAULT_SIZE, MINIMUM_SIZE

log = logging.getLogger("counter.ui")

EXIT_STORAGE_PROBLEM = 1
# How long after the window shows the desktop loads the case screens (a fifth of a second's
# work): long enough for the window to be painted, short of a clerk's first key.
START_UP_SETTLE_MS = 300
# The English title; shown through QCoreApplication.translate.
NO_STORE_TITLE = str(QT_TRANSLATE_NOOP("App", "Counter — no store set up"))
NO_GOOD_BACKUP = str(
    QT_TRANSLATE_NOOP(
        "App",
        "No good backup was found in {folder}, so IT must bring one from elsewhere; "
        "the damaged file is left as it is.",
    )
)


def create_application(argv: list[str]) -> QApplication:
    """The QApplication, named and styled; reuses one that already exists (tests, scripts).

    The names set here decide where Qt keeps per-user settings, so they match
    the names :mod:`counter_app.config` uses for the data folder.
    """
    app = application(argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_AUTHOR)
    app.setWindowIcon(QIcon(str(asset_path("counter.svg"))))
    apply_style(app)
    return app


def apply_style(app: QApplication, *, high_contrast: bool = False) -> None:
    """Apply assets/style.qss to every widget of ``app``, and the high-contrast look on top.

    The high-contrast sheet overrides colours and borders only, so it comes
    after the ordinary one (of two rules as specific, the later wins) and the
    layout stays the same in both looks, give or take a thicker border.
    """
    sheets = ["style.qss", "style-high-contrast.qss"] if high_contrast else ["style.qss"]
    # The sheets name their images "assets:arrow-down.svg", found wherever Counter is installed.
    QDir.setSearchPaths("assets", [str(asset_path("style.qss").parent)])
    app.setStyleSheet("\n".join(asset_path(name).read_text(encoding="utf-8") for name in sheets))


def create_window(
    *, settings: Settings, database: StoreDatabase, idle_interval_ms: int | None = None
) -> QMainWindow:
    """The window for this database: the counter, or an empty state when no store is set up."""
    store = current_store(database=database)
    if store is None:
        return _no_store_window(settings.data_dir)
    return MainWindow(
        database=database, store=store, settings=settings, idle_interval_ms=idle_interval_ms
    )


def _no_store_window(data_dir: Path) -> QMainWindow:
    window = QMainWindow()
    window.setWindowTitle(QCoreApplication.translate("App", NO_STORE_TITLE))
    window.setMinimumSize(MINIMUM_SIZE)
    window.resize(DEFAULT_SIZE)
    screen = NoStoreScreen(data_dir=data_dir)
    screen.close_requested.connect(window.close)
    window.setCentralWidget(screen)
    return window


def _open_and_read(data_dir: Path) -> OpenedStore:
    """Open the store database and read it once, so a damaged file shows now, not mid-case."""
    opened = open_store_database(data_dir)
    try:
        current_store(database=opened.database)
    except BaseException:
        opened.database.dispose()
        raise
    return opened


def open_database_for_desktop(settings: Settings) -> OpenedStore | None:
    """The store database for the window, or None after telling the person why not.

    A damaged database gets the offer of the newest good backup: restored, the
    counter starts on it; declined (or none found), the counter quits.
    """
    try:
        return _open_and_read(settings.data_dir)
    except DatabaseDamagedError as problem:
        log.warning("damaged store database in %s: %s", settings.data_dir, problem)
        latest = backups.latest_good_backup(settings.data_dir)
        if latest is None or latest.modified is None:
            folder = backups.backup_folder(settings.data_dir)
            no_backup = QCoreApplication.translate("App", NO_GOOD_BACKUP).format(folder=folder)
            StorageProblemDialog.tell(f"{problem} {no_backup}")
            return None
        dialog = DamagedDatabaseDialog(str(problem), made=latest.modified, cases=latest.cases)
        if not dialog.wants_restore():
            return None
        try:
            backups.restore_backup(settings.data_dir, latest.path)
            return _open_and_read(settings.data_dir)
        except (StorageError, ServiceError) as failed:
            StorageProblemDialog.tell(str(failed))
            return None
    except StorageError as problem:
        log.warning("cannot open the store database in %s: %s", settings.data_dir, problem)
        StorageProblemDialog.tell(str(problem))
        return None


def freeze_start_up_objects() -> int:
    """Leave what start-up made out of every later garbage collection; how many objects.

    The modules, Qt wrappers and screens made at start-up live until the window
    closes, and a full collection scanned all of them: 90-170 ms, held by whichever
    thread ran it (the sync's, while it built a batch), with the window unable to
    repaint meanwhile. Frozen once the window is up, they are never scanned again
    (``python -m bench.ui_stall`` measures the window's longest stall).
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def finish_start_up() -> None:
    """Once the sign-in screen is up: load the case screens, then freeze what start-up made."""
    screens.load_counter_screens()
    freeze_start_up_objects()


def run_desktop(settings: Settings, *, argv: list[str], opening: QMainWindow | None = None) -> int:
    """Run the counter's window until it is closed; returns the process exit code.

    ``opening`` is the placeholder the entry point showed the moment Counter
    started (:mod:`ui.opening_window`); the counter's window takes its place,
    and it closes whatever way the start ends.

    A data folder or database Counter cannot use is the environment's fault:
    the person gets the storage layer's own explanation in a calm dialog and
    the exit code is 1, with no traceback; a damaged database gets the offer
    of the newest good backup. Anything else is a bug and is left to crash
    loudly. A few seconds after the window shows, the day's automatic backup
    is made in the background.

    The session logs to the data folder's rotated ``logs/counter.log``; an
    error nothing caught writes a crash report there and tells the clerk where
    (:mod:`ui.crash_handler`); a native crash leaves every thread's stack in
    ``logs/fatal.log``.
    """
    app = create_application(argv)
    start_log_file(settings.data_dir)
    enable_fatal_error_log(settings.data_dir)
    crashes = CrashHandler(settings.data_dir, parent=app)
    crashes.install()
    info = build_info()
    log.info(
        "Counter %s (%s) starting on %s with the data folder %s",
        info.version,
        info.commit or "from source",
        info.platform,
        settings.data_dir,
    )
    try:
        opened = open_database_for_desktop(settings)
        if opened is None:
            return EXIT_STORAGE_PROBLEM
        try:
            window = create_window(settings=settings, database=opened.database)
            window.showMaximized()
            if opening is not None:
                opening.close()
            # Once the window has shown: a window system's expose can take a few event-loop turns.
            QTimer.singleShot(START_UP_SETTLE_MS, finish_start_up)
            if isinstance(window, MainWindow):
                window.housekeeping.daily_backup_soon()
            code = app.exec()
            if isinstance(window, MainWindow):
                window.housekeeping.wait_for_done()
            log.info("Counter closed (exit code %d)", code)
            return code
        finally:
            opened.database.dispose()
    except Exception as error:  # every error nothing else caught gets its report
        # No event loop runs yet: tell the clerk here, and leave by returning, not by quitting.
        crashes.tell_now(crashes.report(type(error), error, error.__traceback__))
        return EXIT_CRASHED
    finally:
        if opening is not None:
            opening.close()
        crashes.uninstall()
        disable_fatal_error_log()
        stop_log_file(settings.data_dir)
