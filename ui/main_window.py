"""The counter's main window: sign-in and home screens, status bar, locking."""

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QWidget

from counter_app.config import Settings
from counter_app.domain.scan_codes import Scan, ScanKind
from counter_app.services.counter_settings import (
    CounterSettings,
    load_counter_settings,
    settings_path,
)
from counter_app.services.database import StoreDatabase
from counter_app.services.staff import LockoutRules, LockReason, SignedIn, record_lock
from counter_app.services.store_setup import StoreInfo
from counter_app.services.walk_ins import WalkInReason, WalkInView
from ui import screens
from ui.dialogs.about import AboutDialog
from ui.housekeeping import Housekeeping
from ui.i18n import application_language
from ui.idle import IdleWatcher
from ui.printing.print_runner import PrintingStatus, PrintRunner
from ui.scanner import ScannerListener
from ui.screens.home import HomeScreen
from ui.screens.login import LoginScreen
from ui.sync.set_aside_dialog import SetAsideDialog
from ui.sync.sync_runner import SyncRunner, SyncView
from ui.sync.sync_status_bar import SYNC_NOW_KEYS, SyncStatusControls
from ui.widgets.status_bar import RETRY_PRINTING_KEYS, CounterStatusBar
from ui.window_size import DEFAULT_SIZE, MINIMUM_SIZE

LOCK_SHORTCUT = QKeySequence("Ctrl+L")
COMPLAINT_SHORTCUT = QKeySequence("F2")
RETURN_SHORTCUT = QKeySequence("F3")
EXCHANGE_SHORTCUT = QKeySequence("F4")
FIND_SHORTCUT = QKeySequence("Ctrl+F")
SETTINGS_SHORTCUT = QKeySequence("Ctrl+,")
POLICY_SHORTCUT = QKeySequence("Ctrl+Shift+P")
SUMMARY_SHORTCUT = QKeySequence("Ctrl+Shift+G")
DAY_CLOSE_SHORTCUT = QKeySequence("Ctrl+Shift+D")
AUDIT_SHORTCUT = QKeySequence("Ctrl+Shift+A")
ABOUT_SHORTCUT = QKeySequence("F1")
RETRY_PRINTING_SHORTCUT = QKeySequence(RETRY_PRINTING_KEYS)
SYNC_NOW_SHORTCUT = QKeySequence(SYNC_NOW_KEYS)
if TYPE_CHECKING:
    # The screens opened from home load when first opened (ui.screens), so a counter
    # reaches sign-in without them; the two chart screens alone would take a second.
    CaseScreen = (
        screens.ReturnScreen
        | screens.ExchangeScreen
        | screens.FindCaseScreen
        | screens.ComplaintScreen
        | screens.PolicyScreen
        | screens.SettingsScreen
        | screens.DayCloseScreen
        | screens.SummaryScreen
        | screens.AuditScreen
    )


def window_title(store: StoreInfo) -> str:
    """The title bar text, naming the store so two windows are never confused."""
    return f"Counter — {store.name}"


class MainWindow(QMainWindow):
    """The counter: a sign-in screen and a home screen over one store's database.

    Everything it needs is handed in (the open database, the store, the
    settings), so tests build it over a temporary database and nothing
    reaches for a global application object.

    The counter locks itself (back to sign-in) on Lock, on Ctrl+L, and after
    ``settings.idle_lock_minutes`` without input: a counter PC is shared and
    often left mid-shift, and whatever is done next is recorded under the
    signed-in person's name. Switching clerk is simply signing in again.

    Signals:
        signed_in(SignedIn): someone signed in; carries who.
        locked(str): the counter went back to sign-in; "manual" (Lock or
            Ctrl+L) or "idle".
    """

    signed_in = Signal(SignedIn)
    locked = Signal(str)

    def __init__(
        self,
        *,
        database: StoreDatabase,
        store: StoreInfo,
        settings: Settings,
        idle_interval_ms: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._database = database
        self._person: SignedIn | None = None
        self.case_screen: CaseScreen | None = None
        self.setWindowTitle(window_title(store))
        self.setMinimumSize(MINIMUM_SIZE)
        self.resize(DEFAULT_SIZE)

        self._rules = LockoutRules(
            attempts=settings.pin_attempts_before_lockout, minutes=settings.lockout_minutes
        )
        # This PC's own settings (Settings screen) win over the environment's once saved.
        self._data_dir = database.path.parent
        loaded = load_counter_settings(self._data_dir)
        self.settings_problem = loaded.problem
        self.counter_settings = loaded.settings
        self._idle_minutes = (
            loaded.settings.idle_lock_minutes
            if settings_path(self._data_dir).exists()
            else settings.idle_lock_minutes
        )
        self.languages = application_language()
        self._apply_display(loaded.settings)
        self._stack = QStackedWidget()
        self.setCentralWidget(self._stack)
        # Printing and the outbox count run on workers: a printer never holds up the counter.
        self.print_runner = PrintRunner(database=database, parent=self)
        # Sync runs on a thread of its own; its status is read on a worker.
        self.sync_runner = SyncRunner(database=database, parent=self)
        # The day's backup after start (run_desktop asks for it); after a day close, the
        # retention's erasure and a backup.
        self.housekeeping = Housekeeping(
            database=database, keep=settings.backups_to_keep, zone=store.zone, parent=self
        )
        self.housekeeping.backup_failed.connect(self._on_backup_failed)
        self.housekeeping.backed_up.connect(self._on_backed_up)
        self._backup_problem: str | None = None
        self.set_aside_dialog: SetAsideDialog | None = None
        self._build_screens()

        self.lock_action = QAction(self.tr("Lock"), self)
        self.lock_action.setShortcut(LOCK_SHORTCUT)
        self.lock_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.lock_action.setEnabled(False)
        self.addAction(self.lock_action)

        self._fixed_idle_ms = idle_interval_ms
        self.idle_watcher = IdleWatcher(idle_interval_ms or self._idle_minutes * 60_000, self)

        self.complaint_action = self._screen_action(
            self.tr("New complaint"), COMPLAINT_SHORTCUT, self.open_complaint
        )
        self.return_action = self._screen_action(
            self.tr("New return"), RETURN_SHORTCUT, self.open_return
        )
        self.exchange_action = self._screen_action(
            self.tr("New exchange"), EXCHANGE_SHORTCUT, self.open_exchange
        )
        self.find_action = self._screen_action(
            self.tr("Find case"), FIND_SHORTCUT, self.open_find_case
        )
        self.policy_action = self._screen_action(
            self.tr("Return policy"), POLICY_SHORTCUT, self.open_policy
        )
        self.summary_action = self._screen_action(
            self.tr("Today at a glance"), SUMMARY_SHORTCUT, self.open_summary
        )
        self.day_close_action = self._screen_action(
            self.tr("Close the day"), DAY_CLOSE_SHORTCUT, self.open_day_close
        )
        self.audit_action = self._screen_action(
            self.tr("Audit trail"), AUDIT_SHORTCUT, self.open_audit
        )
        self.settings_action = self._screen_action(
            self.tr("Settings"), SETTINGS_SHORTCUT, self.open_settings
        )
        # Anyone may see which Counter this is, signed in or not: IT at a locked counter too.
        self.about_action = QAction(self.tr("About Counter"), self)
        self.about_action.setShortcut(ABOUT_SHORTCUT)
        self.about_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.about_action.triggered.connect(self.open_about)
        self.addAction(self.about_action)

        # A scanner types into whatever has the focus; the listener takes the burst back
        # and hands the code here, to go where that kind of code belongs.
        self.scanner = ScannerListener(self)
        application = QApplication.instance()
        if application is not None:
            application.installEventFilter(self.scanner)
        self.scanner.scanned.connect(self.route_scan)

        self.retry_printing_action = QAction(self.tr("Retry printing"), self)
        self.retry_printing_action.setShortcut(RETRY_PRINTING_SHORTCUT)
        self.retry_printing_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.retry_printing_action.triggered.connect(self.print_runner.retry_now)
        self.addAction(self.retry_printing_action)
        self.print_runner.status_changed.connect(self._on_printing_status)
        self.sync_now_action = QAction(self.tr("Sync now"), self)
        self.sync_now_action.setShortcut(SYNC_NOW_SHORTCUT)
        self.sync_now_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.sync_now_action.triggered.connect(self.sync_now)
        self.addAction(self.sync_now_action)
        self.sync_runner.view_changed.connect(self._on_sync_view)

        self.lock_action.triggered.connect(self.lock)
        self.idle_watcher.idle.connect(self._on_idle)
        self._show_login()
        self.print_runner.start()
        self.sync_runner.start(loaded.settings)

    def _build_screens(self) -> None:
        """The sign-in and home screens, in the language in force (again after a switch)."""
        old = [
            getattr(self, name, None) for name in ("login_screen", "home_screen", "counter_status")
        ]
        self.login_screen = LoginScreen(
            database=self._database, store=self._store, rules=self._rules
        )
        self.home_screen = HomeScreen(
            database=self._database, store=self._store, idle_lock_minutes=self._idle_minutes
        )
        self._stack.insertWidget(0, self.login_screen)
        self._stack.insertWidget(1, self.home_screen)
        self.counter_status = CounterStatusBar(self._store)
        self.setStatusBar(self.counter_status)
        self.counter_status.retry_printing_requested.connect(self.print_runner.retry_now)
        self.counter_status.show_backup_problem(self._backup_problem)
        shown = self.print_runner.status
        self.counter_status.show_printing(waiting=shown.waiting, problem=shown.problem)
        self.sync_controls = SyncStatusControls(self.counter_status, self._store.zone)
        self.sync_controls.sync_now_requested.connect(self.sync_now)
        self.sync_controls.set_aside_requested.connect(self.open_set_aside)
        self.sync_controls.show_view(self.sync_runner.view)
        self.login_screen.signed_in.connect(self._on_signed_in)
        self.home_screen.lock_requested.connect(self.lock)
        self.home_screen.action_requested.connect(self._on_action)
        self.home_screen.queue.called.connect(self._on_walk_in_called)
        self.home_screen.today.open_requested.connect(self.find_case_number)
        for widget in old:
            if isinstance(widget, QWidget) and widget is not self.counter_status:
                self._stack.removeWidget(widget)
                widget.deleteLater()

    def _apply_display(self, chosen: CounterSettings) -> None:
        """The language and the look this PC's settings ask for."""
        from ui.app import apply_style  # here: ui.app imports this module

        application = QApplication.instance()
        if isinstance(application, QApplication):
            apply_style(application, high_contrast=chosen.high_contrast)
        self.languages.use(chosen.language)

    def _on_display_changed(self, chosen: object) -> None:
        """Language or contrast saved in Settings: apply them, and show every screen anew."""
        if not isinstance(chosen, CounterSettings):
            return
        language_changed = chosen.language != self.counter_settings.language
        self.counter_settings = chosen
        self._apply_display(chosen)
        if language_changed:
            person = self._person
            self._build_screens()
            self.counter_status.set_person(person)
            self.sync_controls.set_person(person)
            self.home_screen.show_person(person)
            self.open_settings()

    def _on_store_changed(self, store: object) -> None:
        """The store's details were saved: the title and the status bar name it anew."""
        if isinstance(store, StoreInfo):
            self._store = store
            self.setWindowTitle(window_title(store))
            self.counter_status.show_store(store)

    @property
    def store(self) -> StoreInfo:
        """The store this window serves."""
        return self._store

    @property
    def database(self) -> StoreDatabase:
        """The store's database, for screens opened from here."""
        return self._database

    @property
    def person(self) -> SignedIn | None:
        """Who is signed in, or None while the counter is locked."""
        return self._person

    @property
    def is_locked(self) -> bool:
        """Whether the sign-in screen is showing."""
        return self._stack.currentWidget() is self.login_screen

    def current_screen(self) -> QWidget:
        """The screen on show."""
        return self._stack.currentWidget() or self.login_screen

    def lock(self) -> None:
        """Go back to sign-in now (the Lock button and Ctrl+L)."""
        self._lock("manual")

    @property
    def return_screen(self) -> "screens.ReturnScreen | None":
        """The return screen, while one is open."""
        screen = self.case_screen
        return screen if screen is not None and type(screen) is screens.ReturnScreen else None

    def open_return(self) -> None:
        """Show a new return for the person signed in (the tile and F3)."""
        self._open_case_screen(screens.ReturnScreen)

    def open_exchange(self) -> None:
        """Show a new exchange for the person signed in (the tile and F4)."""
        self._open_case_screen(screens.ExchangeScreen)

    def open_complaint(self) -> None:
        """Show a new complaint for the person signed in (the tile and F2)."""
        self._open_case_screen(screens.ComplaintScreen)

    def open_policy(self) -> None:
        """Show the return policy: a manager edits it, anyone else reads it."""
        self._open_case_screen(screens.PolicyScreen)

    def open_summary(self) -> None:
        """Show a manager the day's figures (the tile and Ctrl+Shift+G); nothing for anyone else."""
        if self._person is not None and self._person.is_manager:
            self._open_case_screen(screens.SummaryScreen)

    def open_day_close(self) -> None:
        """Show today's close to a manager; nothing for anyone else."""
        if self._person is not None and self._person.is_manager:

            def build(person: SignedIn) -> "screens.DayCloseScreen":
                # The window's own print runner: the status bar follows the Z report at once.
                screen = screens.DayCloseScreen(
                    database=self._database,
                    store=self._store,
                    staff=person,
                    print_runner=self.print_runner,
                )
                screen.closed.connect(self._after_day_close)
                return screen

            self._open_case_screen(screens.DayCloseScreen, build=build)

    def open_audit(self) -> None:
        """Show a manager the audit trail (the tile and Ctrl+Shift+A); nothing for anyone else."""
        if self._person is not None and self._person.is_manager:
            self._open_case_screen(screens.AuditScreen)

    def open_settings(self) -> None:
        """Show this counter's settings (the Settings button and Ctrl+,)."""
        self._open_case_screen(screens.SettingsScreen)

    def open_about(self) -> None:
        """Show the version, the build and the data folders (F1, or the Settings screen)."""
        AboutDialog(data_dir=self._data_dir, parent=self).exec()

    def open_find_case(self) -> None:
        """Show the case search (the tile and Ctrl+F)."""
        self._open_case_screen(screens.FindCaseScreen)

    def _open_case_screen(
        self,
        kind: type["CaseScreen"],
        *,
        build: "Callable[[SignedIn], CaseScreen] | None" = None,
    ) -> None:
        """Show a fresh screen of ``kind`` for the person signed in; ``build`` makes it if given."""
        if self._person is None:
            return
        self._close_case_screen()
        # A screen belongs to who opened it: the next person gets a fresh one.
        screen: CaseScreen
        if build is not None:
            screen = build(self._person)
        else:
            screen = kind(database=self._database, store=self._store, staff=self._person)
        screen.back_requested.connect(self.go_home)
        if isinstance(screen, screens.FindCaseScreen):
            screen.reprint_requested.connect(self.reprint_case)
        if isinstance(screen, screens.ReturnScreen | screens.ComplaintScreen):
            serving = self.home_screen.queue.serving_for(self._person)
            if serving is not None:
                screen.arrived_at = serving.arrived_at
            screen.completed.connect(self._on_case_completed)
        self.case_screen = screen
        self._stack.addWidget(screen)
        self._stack.setCurrentWidget(screen)
        if isinstance(screen, screens.SettingsScreen):
            screen.display_changed.connect(self._on_display_changed)
            screen.store_changed.connect(self._on_store_changed)
            screen.head_office_changed.connect(self.sync_runner.apply_settings)
            screen.set_aside_requested.connect(self.open_set_aside)
            screen.about_requested.connect(self.open_about)
        if isinstance(
            screen, screens.FindCaseScreen | screens.PolicyScreen | screens.SettingsScreen
        ):
            screen.reset()

    def _close_case_screen(self) -> None:
        screen = self.case_screen
        if screen is None:
            return
        if isinstance(screen, screens.FindCaseScreen):
            screen.model.clear()  # stop searches still running
        self._stack.removeWidget(screen)
        screen.deleteLater()
        self.case_screen = None

    def _screen_action(self, name: str, keys: QKeySequence, slot: Callable[[], None]) -> QAction:
        action = QAction(name, self)
        action.setShortcut(keys)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setEnabled(False)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _after_day_close(self, _closed: object) -> None:
        if self._person is not None:
            self.housekeeping.after_day_close(self._person)

    def go_home(self) -> None:
        """Back to the home screen (Esc and Back on every screen)."""
        if self._person is not None:
            if isinstance(self.case_screen, screens.SettingsScreen):
                self._reload_counter_settings()
            self._stack.setCurrentWidget(self.home_screen)
            self.home_screen.refresh()
            self.refresh_outbox_count()

    def _reload_counter_settings(self) -> None:
        """Take up what was saved in Settings that needs no restart (the auto-lock time)."""
        loaded = load_counter_settings(self._data_dir)
        self.counter_settings = loaded.settings
        if settings_path(self._data_dir).exists():
            self._idle_minutes = loaded.settings.idle_lock_minutes
            if self._fixed_idle_ms is None:
                self.idle_watcher.set_interval_ms(self._idle_minutes * 60_000)
            self.home_screen.show_idle_minutes(self._idle_minutes)
        self.print_runner.run_pass()  # a printer chosen anew gets what waits for it
        self.sync_runner.apply_settings(loaded.settings)  # no-op unless head office changed

    def find_case_number(self, number: str) -> None:
        """Show one case in Find case (a row of today's cases, a scanned case number)."""
        if not isinstance(self.case_screen, screens.FindCaseScreen):
            self.open_find_case()
        screen = self.case_screen
        if isinstance(screen, screens.FindCaseScreen):
            screen.search_box.setText(number)
            screen.search_now()

    def _on_backup_failed(self, problem: str) -> None:
        """Warn in the status bar until a backup is made: a manager must hear of it."""
        self._backup_problem = problem
        self.counter_status.show_backup_problem(problem)

    def _on_backed_up(self, _made: object) -> None:
        """Today has a backup (just made, or made earlier): stop warning."""
        self._backup_problem = None
        self.counter_status.show_backup_problem(None)

    def _on_walk_in_called(self, walk_in: WalkInView) -> None:
        """A customer called from the queue: open the screen for what they came for."""
        opening = {
            WalkInReason.RETURN: self.open_return,
            WalkInReason.EXCHANGE: self.open_exchange,
            WalkInReason.COMPLAINT: self.open_complaint,
        }.get(walk_in.reason)
        if opening is not None:
            opening()

    def _on_case_completed(self, case: object) -> None:
        """A case was saved: its documents print, and the customer leaves the queue served.

        Queuing and printing run on the print runner's worker: the case is saved
        already, and a printer that is off only shows in the status bar.
        """
        number = getattr(case, "number", None)
        if isinstance(number, str):
            self.print_runner.queue_case(number, "completed")
        self.refresh_outbox_count()
        if self._person is None:
            return
        serving = self.home_screen.queue.serving_for(self._person)
        if serving is not None and isinstance(number, str):
            self.home_screen.queue.finish(serving.id, case_ref=number)

    def reprint_case(self, case_ref: object) -> None:
        """Print a saved case's documents again (Reprint in Find case and in the case view)."""
        if isinstance(case_ref, str):
            self.print_runner.queue_case(case_ref, "reprint")

    def _on_printing_status(self, status: PrintingStatus) -> None:
        self.counter_status.show_printing(waiting=status.waiting, problem=status.problem)
        self.refresh_outbox_count()

    def refresh_outbox_count(self) -> None:
        """Read how sync stands (what waits, the last sync) on a worker, for the status bar."""
        self.sync_runner.refresh()

    def sync_now(self) -> None:
        """Send what waits to head office now ("Sync now" in the status bar, and F9)."""
        self.sync_runner.sync_now()

    def _on_sync_view(self, view: SyncView) -> None:
        self.sync_controls.show_view(view)

    def open_set_aside(self) -> SetAsideDialog | None:
        """Show a manager the changes head office refused; nothing for anyone else."""
        person = self._person
        if person is None or not person.is_manager:
            return None
        if self.set_aside_dialog is not None:
            self.set_aside_dialog.reload(self._database)
            self.set_aside_dialog.raise_()
            return self.set_aside_dialog
        dialog = SetAsideDialog(
            database=self._database, staff=person, zone=self._store.zone, parent=self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._forget_set_aside)
        self.set_aside_dialog = dialog
        dialog.open()
        return dialog

    def _forget_set_aside(self) -> None:
        self.set_aside_dialog = None

    # ------------------------------------------------------------------ behaviour

    def _on_signed_in(self, person: SignedIn) -> None:
        self._person = person
        self.counter_status.set_person(person)
        self.sync_controls.set_person(person)
        self.home_screen.show_person(person)
        self._stack.setCurrentWidget(self.home_screen)
        self.lock_action.setEnabled(True)
        self.return_action.setEnabled(True)
        self.complaint_action.setEnabled(True)
        self.exchange_action.setEnabled(True)
        self.find_action.setEnabled(True)
        self.settings_action.setEnabled(True)
        self.policy_action.setEnabled(True)
        self.summary_action.setEnabled(person.is_manager)
        self.audit_action.setEnabled(person.is_manager)
        self.day_close_action.setEnabled(True)
        self.idle_watcher.start()
        self.signed_in.emit(person)

    def route_scan(self, scan: Scan) -> None:
        """Send a scanned code to where it belongs.

        On the sign-in screen a staff badge chooses its owner, who then types their PIN.
        Once someone is signed in, from any screen: a receipt starts a return (or fills
        the open return or exchange), a product goes to the open return (without a
        receipt) or exchange (as an item out), a case number filters the open audit
        trail and is otherwise looked up in Find case (as is anything else), and a
        voucher pays an exchange.
        """
        if scan.kind is ScanKind.STAFF_BADGE and self.is_locked:
            self.login_screen.select_badge(scan.code)
            return
        if self._person is None:
            return
        screen = self.case_screen
        if scan.kind is ScanKind.RECEIPT:
            if not isinstance(screen, screens.ReturnScreen):
                self.open_return()
                screen = self.case_screen
            if isinstance(screen, screens.ReturnScreen):
                screen.use_receipt(scan.code)
        elif scan.kind is ScanKind.PRODUCT and isinstance(screen, screens.ExchangeScreen):
            screen.add_item_out(scan.code)
        elif scan.kind is ScanKind.PRODUCT and isinstance(screen, screens.ReturnScreen):
            screen.add_scanned_item(scan.code)
        elif scan.kind is ScanKind.VOUCHER and isinstance(screen, screens.ExchangeScreen):
            screen.voucher_field.setText(scan.code)
        elif scan.kind is ScanKind.CASE and isinstance(screen, screens.AuditScreen):
            screen.filter_by_case(scan.code)
        else:
            if not isinstance(screen, screens.FindCaseScreen):
                self.open_find_case()
                screen = self.case_screen
            if isinstance(screen, screens.FindCaseScreen):
                screen.search_box.setText(
                    scan.code if scan.kind is not ScanKind.UNKNOWN else scan.raw
                )
                screen.search_now()

    def _on_action(self, title: str) -> None:
        if title == "New complaint":
            self.open_complaint()
        elif title == "New return":
            self.open_return()
        elif title == "New exchange":
            self.open_exchange()
        elif title == "Find case":
            self.open_find_case()
        elif title == "Return policy":
            self.open_policy()
        elif title == "Today at a glance":
            self.open_summary()
        elif title == "Close the day":
            self.open_day_close()
        elif title == "Audit trail":
            self.open_audit()
        elif title == "Settings":
            self.open_settings()

    def _on_idle(self) -> None:
        self._lock("idle")

    def _lock(self, reason: LockReason) -> None:
        if self._person is None:
            return
        try:
            record_lock(database=self._database, person=self._person, reason=reason)
        finally:  # the counter locks even if the disk refuses the audit event
            self._show_login()
            self.locked.emit(reason)

    def _show_login(self) -> None:
        self._person = None
        self.idle_watcher.stop()
        self.lock_action.setEnabled(False)
        self.return_action.setEnabled(False)
        self.complaint_action.setEnabled(False)
        self.exchange_action.setEnabled(False)
        self.find_action.setEnabled(False)
        self.settings_action.setEnabled(False)
        self.policy_action.setEnabled(False)
        self.summary_action.setEnabled(False)
        self.audit_action.setEnabled(False)
        self.day_close_action.setEnabled(False)
        # Nothing of the last person's unfinished case is left for the next one.
        self._close_case_screen()
        self.counter_status.set_person(None)
        self.sync_controls.set_person(None)
        if self.set_aside_dialog is not None:
            self.set_aside_dialog.close()  # the next person is maybe no manager
        self.home_screen.show_person(None)
        self.login_screen.reset()
        self._stack.setCurrentWidget(self.login_screen)
        self.login_screen.setFocus(Qt.FocusReason.OtherFocusReason)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        """Stop watching the application's input and printing once this window is gone."""
        self.print_runner.stop()
        self.sync_runner.stop()
        self.idle_watcher.detach()
        application = QApplication.instance()
        if application is not None:
            application.removeEventFilter(self.scanner)
        super().closeEvent(event)
