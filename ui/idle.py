"""Noticing that nobody has touched the counter for a while, so it can lock itself."""

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal

# What counts as someone at the counter. Paint, timer and focus events do not:
# they happen on their own and would keep an abandoned counter unlocked.
_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
    }
)


class IdleWatcher(QObject):
    """Emits ``idle`` once after ``interval_ms`` without keyboard, mouse or touch input.

    It filters the whole application's events rather than one window's, so
    typing in a dialog or a pop-up list also counts as activity. The timer
    runs only between :meth:`start` and :meth:`stop` (while someone is
    signed in); the filter then only restarts it, so the cost per event is a
    set lookup.

    Signals:
        idle: nobody has touched the keyboard, mouse or screen for the interval.
    """

    idle = Signal()

    def __init__(self, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if interval_ms <= 0:
            raise ValueError(f"idle interval must be positive, got {interval_ms} ms")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        # Precise, so a restart really moves the deadline (coarse timers may slip 5%).
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.idle)
        self._application = QCoreApplication.instance()
        if self._application is not None:
            self._application.installEventFilter(self)

    @property
    def interval_ms(self) -> int:
        """How long without input before ``idle`` is emitted."""
        return self._timer.interval()

    def set_interval_ms(self, interval_ms: int) -> None:
        """Change how long without input locks; a running countdown starts again."""
        if interval_ms <= 0:
            raise ValueError(f"idle interval must be positive, got {interval_ms} ms")
        self._timer.setInterval(interval_ms)
        if self._timer.isActive():
            self._timer.start()

    @property
    def is_running(self) -> bool:
        """Whether the countdown is on (someone is signed in)."""
        return self._timer.isActive()

    def remaining_ms(self) -> int:
        """Milliseconds until ``idle`` fires, or -1 when the countdown is off."""
        return self._timer.remainingTime()

    def start(self) -> None:
        """Start (or restart) the countdown."""
        self._timer.start()

    def stop(self) -> None:
        """Stop counting: nobody is signed in, so there is nothing to lock."""
        self._timer.stop()

    def detach(self) -> None:
        """Stop and stop watching the application's events (the window is closing)."""
        self._timer.stop()
        if self._application is not None:
            self._application.removeEventFilter(self)
            self._application = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Restart the countdown on input; never consumes the event."""
        if event.type() in _INPUT_EVENTS and self._timer.isActive():
            self._timer.start()
        return False
