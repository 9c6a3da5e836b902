"""Running a service call off the UI thread and getting its answer back on the UI thread.

A screen hands :meth:`BackgroundTasks.start` a plain callable (a service call
with its keywords bound); it runs on a worker thread of the screen's own
pool, and the result or the exception comes back through a queued signal, so
the callbacks always run on the UI thread and may touch widgets. The call
itself must never touch a widget.

A task that is no longer wanted (the clerk typed another letter) is
cancelled: if it has not started it never runs, and if it has, its answer is
dropped instead of delivered.
"""

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

# Readers run side by side (SQLite in WAL mode lets them); more would only queue on the disk.
DEFAULT_THREADS = 2


class _Delivery(QObject):
    """Made on the UI thread; what the worker emits on it reaches the UI thread queued.

    Each signal carries the task's handle first, then the result or the exception
    (None for a call cancelled before it ran).
    """

    succeeded = Signal(object, object)
    failed = Signal(object, object)


class TaskHandle:
    """One call on its way: cancel it, or ask whether it has answered."""

    def __init__(
        self,
        call: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[Exception], None],
    ) -> None:
        self.call = call
        self.on_success = on_success
        self.on_failure = on_failure
        self.delivery = _Delivery()
        self._cancelled = threading.Event()
        self.done = False

    def cancel(self) -> None:
        """Do not run the call if it has not started; drop its answer if it has."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        """Whether :meth:`cancel` was called."""
        return self._cancelled.is_set()


class _Runnable(QRunnable):
    """Runs one call on a pool thread and emits its answer; touches no widget."""

    def __init__(self, handle: TaskHandle) -> None:
        super().__init__()
        self._handle = handle

    def run(self) -> None:
        """Make the call, unless it was cancelled while waiting for a thread."""
        handle = self._handle
        if handle.cancelled:
            handle.delivery.failed.emit(handle, None)
            return
        try:
            result = handle.call()
        except Exception as problem:  # every failure goes back to the UI thread to be judged
            handle.delivery.failed.emit(handle, problem)
        else:
            handle.delivery.succeeded.emit(handle, result)


class BackgroundTasks(QObject):
    """A screen's worker pool: start calls, get answers on the UI thread, know when busy.

    Owned by the screen (its Qt parent), so answers to a screen that is gone
    are never delivered: the connections end with this object, and its pool
    waits for running calls when it is destroyed.

    Signals:
        busy_changed(bool): True when the first call starts, False when the
            last one has answered (or was cancelled); for a progress indicator.
    """

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, threads: int = DEFAULT_THREADS) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._pending: set[TaskHandle] = set()

    @property
    def busy(self) -> bool:
        """Whether any call has not answered yet."""
        return bool(self._pending)

    def start(
        self,
        call: Callable[[], Any],
        *,
        on_success: Callable[[Any], None],
        on_failure: Callable[[Exception], None],
    ) -> TaskHandle:
        """Run ``call`` on a worker thread; then ``on_success(result)`` or ``on_failure(error)``.

        Both callbacks run on the UI thread. Neither runs if the task is
        cancelled first.
        """
        handle = TaskHandle(call, on_success, on_failure)
        # Bound methods of this QObject: queued to the UI thread, and cut when it is destroyed.
        handle.delivery.succeeded.connect(self._on_succeeded)
        handle.delivery.failed.connect(self._on_failed)
        was_busy = self.busy
        self._pending.add(handle)
        self.pool.start(_Runnable(handle))
        if not was_busy:
            self.busy_changed.emit(True)
        return handle

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until every running call has returned (for shutting down and tests)."""
        return self.pool.waitForDone(msecs)

    def _on_succeeded(self, handle: TaskHandle, result: object) -> None:
        self._deliver(handle, lambda: handle.on_success(result))

    def _on_failed(self, handle: TaskHandle, problem: Exception | None) -> None:
        self._deliver(handle, None if problem is None else (lambda: handle.on_failure(problem)))

    def _deliver(self, handle: TaskHandle, callback: Callable[[], None] | None) -> None:
        if handle.done:
            return
        handle.done = True
        self._pending.discard(handle)
        try:
            if callback is not None and not handle.cancelled:
                callback()
        finally:
            if not self._pending:
                self.busy_changed.emit(False)
