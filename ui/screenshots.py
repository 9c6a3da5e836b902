"""Screenshots of the real window for the docs: ``python -m ui.screenshots OUTDIR``.

Usage::

    python -m ui.screenshots docs/screenshots --data-dir DIR --staff "Maeve Byrne" --pin 2468

It opens the real main window offscreen over an existing store database,
saves ``login.png``, signs in through the real sign-in screen (choosing the
name, typing the PIN, pressing Sign in) and saves ``home.png``. Then it opens
each case screen the way a clerk does (F3, F4, Ctrl+F, F2) over a receipt of
three days ago and saves ``return.png``, ``exchange.png``, ``find_case.png``
and ``complaint.png``; then ``policy.png``, ``settings.png``, ``summary.png``
and ``day_close.png`` (a manager's only, the day left open), ``audit.png`` (the audit
trail, its chain verified), one case in full
(``case_detail.png``), and the home screen in German and in high contrast (``home_de.png``,
``home_high_contrast.png``), switched in the Settings screen
as a clerk would (those two settings are saved in the data folder, then set
back). No case is saved and nothing is faked, so a screenshot that looks wrong
is a window that looks wrong.
"""

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.main_window import MainWindow

EXIT_OK = 0
EXIT_PROBLEM = 2


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m ui.screenshots",
        description="Save PNG screenshots of Counter's login and home screens.",
    )
    parser.add_argument("outdir", type=Path, help="folder to write login.png and home.png into")
    parser.add_argument(
        "--data-dir", type=Path, help="data folder holding a store (default: the usual one)"
    )
    parser.add_argument("--staff", required=True, help="name of the person to sign in as")
    parser.add_argument("--pin", required=True, help="that person's PIN")
    parser.add_argument(
        "--size", default="1366x768", help="window size as WIDTHxHEIGHT (default 1366x768)"
    )
    return parser.parse_args(argv)


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    return int(width), int(height)


def _recent_receipt(window: "MainWindow") -> str | None:
    """A receipt of three days ago with something returnable on it, as the screens load it."""
    from datetime import UTC, datetime, timedelta

    from counter_app.services.errors import ServiceError
    from counter_app.services.sales import find_receipt

    store = window.store
    day = (datetime.now(UTC).astimezone(store.zone) - timedelta(days=3)).strftime("%Y%m%d")
    for number in range(1, 50):
        try:
            receipt = find_receipt(database=window.database, receipt_number=f"R-{day}-{number:04d}")
        except ServiceError:
            continue
        if len(receipt.lines) >= 2 and all(line.returnable for line in receipt.lines):
            return receipt.receipt_number
    return None


def _shoot_case_screens(window: "MainWindow", outdir: Path, problems: list[str]) -> None:
    """The return and exchange screens over a recent receipt, one line chosen."""
    from PySide6.QtCore import QCoreApplication

    from counter_app.services.demo import demo_barcode
    from ui.screens.exchange_screen import ExchangeScreen
    from ui.screens.return_screen import ReturnScreen

    receipt = _recent_receipt(window)
    if receipt is None:
        print(
            "screenshots: no receipt of three days ago here, so the case screens were left out "
            "(the demo store has them)",
            file=sys.stderr,
        )
        return
    for name, open_screen in (("return", window.open_return), ("exchange", window.open_exchange)):
        open_screen()
        screen = window.case_screen
        if not isinstance(screen, ReturnScreen):
            problems.append(f"the {name} screen did not open")
            return
        screen.receipt_field.setText(receipt)
        screen.load_receipt()
        screen.choose_quantity(0, 1)
        if isinstance(screen, ExchangeScreen):
            screen.out_field.setText(demo_barcode(5))
            screen.add_item_out()
        screen.refresh_decision()
        QCoreApplication.processEvents()  # let the layouts take in the new text
        window.grab().save(str(outdir / f"{name}.png"))
        window.go_home()
    _shoot_find_case(window, outdir)
    window.open_complaint()
    QCoreApplication.processEvents()
    window.grab().save(str(outdir / "complaint.png"))
    window.go_home()
    _shoot_more(window, outdir, problems)


def _settled(window: "MainWindow") -> None:
    """Let background reads (today's cases) answer and the layouts take in their text."""
    from PySide6.QtCore import QCoreApplication

    window.home_screen.today.tasks.wait_for_done(5000)
    for _ in range(3):
        QCoreApplication.processEvents()


def _shoot_more(window: "MainWindow", outdir: Path, problems: list[str]) -> None:
    """The policy, the settings and one case in full; then home in German and in high contrast.

    Both looks are set through the Settings screen as a clerk would, then set back.
    """
    from PySide6.QtCore import QCoreApplication

    from ui.screens.find_case import FindCaseScreen
    from ui.screens.settings_screen import SettingsScreen

    for name, open_screen in (("policy", window.open_policy), ("settings", window.open_settings)):
        open_screen()
        QCoreApplication.processEvents()
        window.grab().save(str(outdir / f"{name}.png"))
        window.go_home()
    _shoot_summary(window, outdir)
    _shoot_day_close(window, outdir)
    _shoot_audit(window, outdir)

    window.open_find_case()
    finder = window.case_screen
    if isinstance(finder, FindCaseScreen):
        finder.search_now()
        finder.tasks.wait_for_done(5000)
        QCoreApplication.processEvents()
        finder.table.selectRow(0)
        finder.open_current()
        if finder.detail_dialog is not None:
            QCoreApplication.processEvents()
            finder.detail_dialog.grab().save(str(outdir / "case_detail.png"))
            finder.detail_dialog.close()
    window.go_home()

    for name, language, contrast in (("home_de", "de", False), ("home_high_contrast", "en", True)):
        window.open_settings()
        settings = window.case_screen
        if not isinstance(settings, SettingsScreen):
            problems.append("the settings screen did not open")
            return
        settings.language.setCurrentIndex(settings.language.findData(language))
        settings.high_contrast.setChecked(contrast)
        if not settings.save_display():
            problems.append(f"the display settings were not saved: {name}")
            return
        window.go_home()
        _settled(window)
        window.grab().save(str(outdir / f"{name}.png"))
    window.open_settings()
    settings = window.case_screen
    if isinstance(settings, SettingsScreen):
        settings.high_contrast.setChecked(False)
        settings.save_display()
    window.go_home()


def _shoot_summary(window: "MainWindow", outdir: Path) -> None:
    """Today at a glance, once its figures are read and its charts drawn (a manager's screen)."""
    from PySide6.QtCore import QCoreApplication

    from ui.screens.summary_screen import SummaryScreen

    window.open_summary()
    screen = window.case_screen
    if isinstance(screen, SummaryScreen):
        screen.tasks.wait_for_done(5000)
        for _ in range(3):
            QCoreApplication.processEvents()
        window.grab().save(str(outdir / "summary.png"))
    window.go_home()


def _shoot_day_close(window: "MainWindow", outdir: Path) -> None:
    """Close the day with a counted amount typed (a manager's screen); the day stays open."""
    from PySide6.QtCore import QCoreApplication

    from ui.screens.day_close_screen import DayCloseScreen

    window.open_day_close()
    screen = window.case_screen
    if isinstance(screen, DayCloseScreen):
        if screen.counted_field.isEnabled():
            screen.counted_field.setText(f"{max(screen.expected_cents - 499, 0) / 100:.2f}")
        for _ in range(3):
            QCoreApplication.processEvents()
        window.grab().save(str(outdir / "day_close.png"))
    window.go_home()


def _shoot_audit(window: "MainWindow", outdir: Path) -> None:
    """The audit trail with its chain verified and the newest completed return chosen."""
    from PySide6.QtCore import QCoreApplication

    from ui.screens.audit_screen import AuditScreen

    window.open_audit()
    screen = window.case_screen
    if isinstance(screen, AuditScreen):
        screen.tasks.wait_for_done(5000)
        QCoreApplication.processEvents()
        screen.verify_chain()
        screen.tasks.wait_for_done(10000)
        for _ in range(3):
            QCoreApplication.processEvents()
        rows = screen.page.rows if screen.page is not None else ()
        chosen = next((r for r, row in enumerate(rows) if row.action == "return.completed"), 0)
        screen.table.setCurrentCell(chosen, 0)
        for _ in range(3):
            QCoreApplication.processEvents()
        window.grab().save(str(outdir / "audit.png"))
    window.go_home()


def _shoot_sync(window: "MainWindow", outdir: Path) -> None:
    """The status bar online and offline (states shown as they come from a pass), the refusals.

    The demo store has no head office, so the two states are handed to the status bar as
    a pass would leave them; the next status read puts the real one back.
    """
    from datetime import UTC, datetime, timedelta

    from PySide6.QtCore import QCoreApplication

    from counter_app.sync.status import SyncStatus
    from ui.sync.sync_runner import SyncView

    now = datetime.now(UTC)
    states = {
        "status_bar_online": SyncStatus(True, now - timedelta(minutes=12), None, 3, 0),
        "status_bar_offline": SyncStatus(
            False,
            now - timedelta(hours=2),
            "Head office could not be reached: the connection was refused.",
            41,
            2,
        ),
    }
    for name, status in states.items():
        window.sync_controls.show_view(SyncView(configured=True, status=status))
        QCoreApplication.processEvents()
        window.counter_status.grab().save(str(outdir / f"{name}.png"))
    dialog = window.open_set_aside()
    if dialog is not None:
        QCoreApplication.processEvents()
        dialog.grab().save(str(outdir / "set_aside.png"))
        dialog.close()
    window.sync_controls.show_view(window.sync_runner.view)


def _shoot_find_case(window: "MainWindow", outdir: Path) -> None:
    """The case search with the newest cases listed and the first one chosen."""
    from PySide6.QtCore import QCoreApplication

    from ui.screens.find_case import FindCaseScreen

    window.open_find_case()
    screen = window.case_screen
    if not isinstance(screen, FindCaseScreen):
        return
    screen.search_now()
    screen.tasks.wait_for_done(5000)
    QCoreApplication.processEvents()
    screen.table.selectRow(0)
    QCoreApplication.processEvents()
    window.grab().save(str(outdir / "find_case.png"))
    window.go_home()


def main(argv: list[str] | None = None) -> int:
    """Take the screenshots; returns 0, or 2 with a message on stderr when it cannot."""
    options = _parse(sys.argv[1:] if argv is None else argv)
    # Offscreen must be chosen before Qt loads its platform plugin, so Qt is imported here.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer

    from counter_app.config import Settings
    from counter_app.services.database import StorageError, open_store_database
    from counter_app.services.store_setup import current_store
    from ui.app import create_application
    from ui.main_window import MainWindow

    settings = Settings(data_dir=options.data_dir) if options.data_dir else Settings()
    app = create_application([sys.argv[0]])
    try:
        opened = open_store_database(settings.data_dir)
    except StorageError as problem:
        print(f"screenshots: {problem}", file=sys.stderr)
        return EXIT_PROBLEM
    try:
        store = current_store(database=opened.database)
        if store is None:
            print(
                f"screenshots: no store is set up in {settings.data_dir}; "
                "run 'counter-app demo' first.",
                file=sys.stderr,
            )
            return EXIT_PROBLEM
        window = MainWindow(database=opened.database, store=store, settings=settings)
        window.setMinimumSize(0, 0)  # the shot may be smaller than a counter PC's screen
        window.resize(*_size(options.size))
        window.show()
        problems: list[str] = []

        def shoot() -> None:
            try:
                options.outdir.mkdir(parents=True, exist_ok=True)
                login = window.login_screen
                window.grab().save(str(options.outdir / "login.png"))
                if not login.select_staff(options.staff):
                    problems.append(f"nobody called {options.staff!r} is on the staff list")
                    return
                login.pin_field.setText(options.pin)
                login.sign_in_button.click()
                if window.person is None:
                    problems.append(f"signing in was refused: {login.message_text()}")
                    return
                _settled(window)
                window.grab().save(str(options.outdir / "home.png"))
                _shoot_sync(window, options.outdir)
                _shoot_case_screens(window, options.outdir, problems)
            finally:
                app.quit()

        # Shoot once the event loop has laid out and polished the window.
        QTimer.singleShot(0, shoot)
        app.exec()
        window.close()
        for text in problems:
            print(f"screenshots: {text}", file=sys.stderr)
        return EXIT_PROBLEM if problems else EXIT_OK
    finally:
        opened.database.dispose()


if __name__ == "__main__":
    sys.exit(main())
