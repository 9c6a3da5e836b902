"""The UI thread's longest stall while sync and a search run in the background, against idle.

Run it as ``python -m bench.ui_stall [--store FOLDER] [--rounds N] [--events N] [--pg-url URL]
[--check] [--trace-stalls] [--without-freeze]``.

What runs where:

- this process (the parent) prepares everything untimed: the big store (``--store``,
  ``build/big-store`` by default, generated there first if missing, see
  ``bench.store_option``; it is opened in place, not copied), what the clerk types
  (``bench.search``'s common word and phone), a PostgreSQL database of the run's own and
  the real ``counter-app headoffice serve`` (uvicorn, one process) on loopback, and one
  small store per round with ``--events`` waiting events, registered at head office
  under its own code (all of it ``bench.sync``'s own functions: the demo store's outbox,
  topped up through ``record_change``);
- a child process (a fresh interpreter, Qt's offscreen platform unless
  ``QT_QPA_PLATFORM`` says otherwise) is the desktop: the real ``MainWindow`` built by
  ``ui.app.create_window`` on the big store, shown at 1366x768, a clerk signed in on its
  sign-in screen (the PIN checked by the service, which audits the sign-in in the big
  store, as every sign-in does), the Find-case screen opened (its first page of the
  newest cases listed). It runs the event loop (nested ``QEventLoop``s: the child's own
  ``app.exec()`` is never needed) and measures.

The measure: a ``QTimer`` of :data:`HEARTBEAT_MS` (``Qt.PreciseTimer``) on the UI thread
notes ``perf_counter`` at every tick; a gap is the time between two ticks, a stall a gap
minus the interval. Each round has two phases of the same window:

- loaded: the desktop's own sync, a ``ui.sync.sync_runner.SyncRunner`` (the class the
  window owns, on its thread, its status read on its worker), started on the round's
  small store with head office's address and the store's token as Settings would save
  them, so its first pass starts at once, as at a counter's start; it pushes batches of
  200 until nothing waits. Meanwhile the Find-case screen searches the big store through
  its own model and worker pool (``search_now``: the first page and the count, on two
  worker threads), the common word, then the phone, and again, each as soon as the last
  one answered, until the drain has ended (its status read says nothing waits after a
  successful pass) and both were searched at least once. (The window's own runner
  serves the big store, which has no head office configured and whose outbox the
  benchmark leaves alone: the small store's runner lives in the same process, on the
  same UI thread and the same interpreter lock, which is what a stall is made of.)
- idle (the baseline): the same heartbeat in the same window, nothing started, for as
  long as the last loaded phase took.

The phases alternate which goes first each round (the first round starts loaded, so
the idle phase knows how long to last), after one warm-up search of each text. The
target is the issue's: the loaded phase's longest stall under :data:`TARGET_MS`.

To see what a stall is made of, ``--trace-stalls`` adds a thread that samples the UI
thread's Python stack (and the other threads' innermost frames) whenever a heartbeat is
over 20 ms late, splits each such gap by the UI thread's ``/proc`` schedstat into time
on a CPU, time runnable but waiting for one, and time asleep (the interpreter lock),
and times every garbage collection; it prints the longest. The window's start-up
objects are frozen out of the garbage collector once it is up, as the desktop does
(``ui.app.freeze_start_up_objects``); ``--without-freeze`` leaves them in, as the
desktop did before, for comparison. It exits
0 whatever it finds, unless ``--check`` asks for 1 when that is over the target; 2 when
PostgreSQL cannot be reached.
"""

import argparse
import gc
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from bench.search import pick_queries
from bench.statistics import median, p99
from bench.store_option import STORE_FILE, add_store_option, ensure_store, refuse_missing_store
from bench.sync import (
    DEFAULT_EVENTS,
    DEFAULT_PG_URL,
    PG_URL_ENV,
    HeadOffice,
    bench_database,
    copy_store,
    prepare_template,
    reachable,
    waiting,
)

TARGET_MS = 50.0  # the issue: the UI thread's longest stall under 50 ms while sync and search run
HEARTBEAT_MS = 5
ROOT = Path(__file__).resolve().parents[1]
RESULT = "ui-stall-result "
CHILD = "import sys; from bench.ui_stall import child; sys.exit(child(sys.argv[1]))"


# ----------------------------------------------------------------------- the child: the desktop


class _StallTracer:
    """A thread that samples the UI thread's Python stack while a heartbeat is late.

    Only with ``--trace-stalls``: it wakes every millisecond or two, so it costs the UI
    thread a little of the interpreter lock itself.
    """

    def __init__(self, ticks: list[float], late_ms: float = 20.0) -> None:
        self.ticks = ticks
        self.late = late_ms / 1000
        self.recording = False
        self.samples: dict[float, tuple[float, str]] = {}  # last tick: (how late, stack)
        # The UI thread's /proc schedstat at each tick: nanoseconds on a CPU, and waiting
        # for one (runnable, not run); the rest of a gap it slept (the interpreter lock).
        self.sched: list[tuple[int, int]] = []
        self.split: dict[float, tuple[float, float]] = {}  # last tick: (on CPU, runnable) ms
        self._schedstat = Path(f"/proc/self/task/{threading.get_native_id()}/schedstat")
        # Every garbage collection while recording: (milliseconds, generation, thread).
        self.collections: list[tuple[float, int, str]] = []
        self._collecting = 0.0
        gc.callbacks.append(self._on_gc)
        self._ui = threading.get_ident()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="stall-tracer", daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(0.002):
            if not self.recording or not self.ticks:
                continue
            last = self.ticks[-1]
            late = time.perf_counter() - last
            if late < self.late:
                continue
            frames = sys._current_frames()
            frame = frames.get(self._ui)
            stack = "".join(traceback.format_stack(frame, limit=14)) if frame else "?"
            names = {thread.ident: thread.name for thread in threading.enumerate()}
            for ident, other in frames.items():
                if ident not in (self._ui, threading.get_ident()):
                    where = traceback.extract_stack(other, limit=3)
                    stack += (
                        f"  meanwhile {names.get(ident, ident)}: "
                        + " < ".join(
                            f"{Path(step.filename).name}:{step.lineno} {step.name}"
                            for step in reversed(where)
                        )
                        + "\n"
                    )
            seen = self.samples.get(last)
            if seen is None or late > seen[0]:
                self.samples[last] = (late, stack)

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._collecting = time.perf_counter()
        elif self.recording and self._collecting:
            took = (time.perf_counter() - self._collecting) * 1000
            self.collections.append((took, info["generation"], threading.current_thread().name))

    def tick(self) -> None:
        """Called by the heartbeat after noting the tick: the UI thread's scheduling so far."""
        try:
            on_cpu, runnable, _ = self._schedstat.read_text().split()
        except (OSError, ValueError):
            on_cpu, runnable = "0", "0"
        self.sched.append((int(on_cpu), int(runnable)))

    def end_phase(self) -> None:
        """Split the phase's gaps over 20 ms into the UI thread's CPU, runnable and asleep."""
        for index in range(1, min(len(self.ticks), len(self.sched))):
            if self.ticks[index] - self.ticks[index - 1] >= self.late:
                before, after = self.sched[index - 1], self.sched[index]
                self.split[self.ticks[index - 1]] = (
                    (after[0] - before[0]) / 1e6,
                    (after[1] - before[1]) / 1e6,
                )
        self.sched.clear()

    def stop(self) -> None:
        gc.callbacks.remove(self._on_gc)
        self._stop.set()
        self._thread.join(1)

    def worst(self, count: int = 6) -> list[dict[str, Any]]:
        """The longest stalls seen, each with the UI thread's stack late in it."""
        ordered = sorted(self.samples.items(), key=lambda sample: -sample[1][0])[:count]
        return [
            {"late_ms": late * 1000, "stack": stack, "split": self.split.get(last)}
            for last, (late, stack) in ordered
        ]


def child(spec_path: str) -> int:
    """The desktop on the big store, measured phase by phase; prints one JSON result line."""
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    from counter_app.config import Settings
    from counter_app.services.counter_settings import CounterSettings
    from counter_app.services.database import open_store_database
    from counter_app.services.demo import DEMO_STAFF
    from ui.app import create_application, create_window, freeze_start_up_objects
    from ui.main_window import MainWindow
    from ui.screens.find_case import FindCaseScreen
    from ui.sync.sync_runner import SyncRunner, SyncView

    app = create_application([sys.argv[0]])
    big = open_store_database(Path(spec["store"])).database
    window = create_window(settings=Settings(data_dir=Path(spec["store"])), database=big)
    if not isinstance(window, MainWindow):
        raise SystemExit(f"{spec['store']} has no store set up")
    window.resize(1366, 768)
    window.show()

    def spin(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    spin(200)
    clerk = next(person for person in DEMO_STAFF if person.role.value == "clerk")
    if not window.login_screen.select_staff(clerk.name):
        raise SystemExit(f"{clerk.name} is not on the big store's staff")
    window.login_screen.pin_field.setText(clerk.pin)
    window.login_screen.submit()
    window.open_find_case()
    screen = window.case_screen
    if not isinstance(screen, FindCaseScreen):
        raise SystemExit(
            f"the clerk could not open Find case: {window.login_screen.message_text()}"
        )

    ticks: list[float] = []
    stalls = _StallTracer(ticks) if spec.get("trace") else None
    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.setInterval(HEARTBEAT_MS)
    heartbeat.timeout.connect(lambda: ticks.append(time.perf_counter()))
    if stalls is not None:
        heartbeat.timeout.connect(stalls.tick)
    texts = [spec["common_word"], spec["phone"]]
    searched: list[float] = []
    typed = [0]  # how many searches were typed: each a different text from the last

    def searches(until: Callable[[], bool], loop: QEventLoop) -> Callable[[], None]:
        """Search the texts in turn, each when the last answered, until ``until()``; then quit."""
        started = [0.0]
        model = screen.model

        def next_search() -> None:
            if until() and len(searched) >= len(texts):
                loop.quit()
                return
            # Typed: the screen searches SEARCH_DELAY_MS after the last key, as for a clerk.
            started[0] = time.perf_counter()
            typed[0] += 1
            screen.search_box.setText(texts[typed[0] % len(texts)])

        def answered(*_: object) -> None:
            if not model.loading and model.count is not None and started[0]:
                searched.append((time.perf_counter() - started[0]) * 1000)
                started[0] = 0.0
                QTimer.singleShot(0, next_search)

        def failed(problem: object) -> None:
            raise SystemExit(f"the search failed: {problem}")

        model.page_loaded.connect(answered)
        model.count_changed.connect(answered)
        model.failed.connect(failed)
        # Only these: the screen's own slots on the same signals stay connected.
        connected[:] = [
            (model.page_loaded, answered),
            (model.count_changed, answered),
            (model.failed, failed),
        ]
        return next_search

    connected: list[tuple[Any, Callable[..., None]]] = []

    def disconnect_searches() -> None:
        for signal, slot in connected:
            signal.disconnect(slot)
        connected.clear()

    # Warm-up: each text searched once, untimed (the page cache, Qt's first layouts).
    warm = QEventLoop()
    searches(lambda: True, warm)()
    warm.exec()
    searched.clear()
    disconnect_searches()
    frozen = 0
    if not spec.get("without_freeze"):  # as run_desktop does once the window is up
        frozen = freeze_start_up_objects()

    def loaded(store: dict[str, str]) -> dict[str, Any]:
        """The small store's drain and the searches, under the heartbeat."""
        small = open_store_database(Path(store["folder"])).database
        runner = SyncRunner(database=small, parent=window)
        done = [False]
        loop = QEventLoop()

        def on_view(view: SyncView) -> None:
            status = view.status
            if status is not None and status.last_success_at is not None and not status.waiting:
                done[0] = True

        runner.view_changed.connect(on_view)
        begin = searches(lambda: done[0], loop)
        ticks.clear()
        searched.clear()
        heartbeat.start()
        if stalls is not None:
            stalls.sched.clear()
            stalls.recording = True
        started = time.perf_counter()
        runner.start(
            CounterSettings(head_office_url=spec["head_office"], head_office_token=store["token"])
        )
        begin()
        loop.exec()
        seconds = time.perf_counter() - started
        heartbeat.stop()
        if stalls is not None:
            stalls.recording = False
            stalls.end_phase()
        disconnect_searches()
        runner.stop()
        runner.deleteLater()
        small.dispose()
        return {"ticks": list(ticks), "seconds": seconds, "searches": list(searched)}

    def idle(seconds: float) -> dict[str, Any]:
        ticks.clear()
        if stalls is not None:
            stalls.sched.clear()
        heartbeat.start()
        spin(int(seconds * 1000))
        heartbeat.stop()
        if stalls is not None:
            stalls.end_phase()
        return {"ticks": list(ticks), "seconds": seconds, "searches": []}

    rounds: list[dict[str, Any]] = []
    last = 0.0
    for number, store in enumerate(spec["stores"]):
        if number % 2 == 0:
            under_load = loaded(store)
            last = under_load["seconds"]
            at_rest = idle(last)
        else:
            at_rest = idle(last)
            under_load = loaded(store)
            last = under_load["seconds"]
        rounds.append({"loaded": under_load, "idle": at_rest})
    window.close()
    big.dispose()
    del app
    rounds[0]["frozen"] = frozen
    if stalls is not None:
        stalls.stop()
        rounds[0]["stalls"] = stalls.worst()
        rounds[0]["collections"] = sorted(stalls.collections, reverse=True)
    print(RESULT + json.dumps(rounds), flush=True)
    return 0


# ----------------------------------------------------------------------- the parent


@dataclass
class Phase:
    """One phase over every round: the gaps between heartbeats (ms), its seconds, its searches."""

    name: str
    gaps_ms: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    searches_ms: list[float] = field(default_factory=list)

    def add(self, measured: dict[str, Any]) -> None:
        ticks = measured["ticks"]
        if len(ticks) < 2:
            raise SystemExit(f"{self.name}: the heartbeat ticked {len(ticks)} times")
        self.gaps_ms.extend((after - before) * 1000 for before, after in pairwise(ticks))
        self.seconds.append(float(measured["seconds"]))
        self.searches_ms.extend(measured["searches"])

    @property
    def longest_stall_ms(self) -> float:
        """The longest gap minus the interval: how long the UI thread could not answer."""
        return max(0.0, max(self.gaps_ms) - HEARTBEAT_MS)


def run_child(spec: dict[str, Any], scratch: Path) -> list[dict[str, Any]]:
    """Run the desktop in a child process on ``spec``; its rounds' measurements."""
    spec_path = scratch / "spec.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    environment = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    finished = subprocess.run(  # noqa: S603 (this interpreter, our own module)
        [sys.executable, "-c", CHILD, str(spec_path)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600 + 600 * len(spec["stores"]),
        check=False,
    )
    for line in finished.stdout.splitlines():
        if line.startswith(RESULT):
            rounds: list[dict[str, Any]] = json.loads(line[len(RESULT) :])
            return rounds
    raise SystemExit(
        f"the desktop's process ended ({finished.returncode}) without a result:\n"
        f"{finished.stdout[-2000:]}\n{finished.stderr[-4000:]}"
    )


def _size(size: int) -> str:
    return f"{size / 2**30:.1f} GiB" if size >= 2**30 else f"{size / 2**20:.0f} MiB"


def report(idle: Phase, loaded: Phase, rounds: int, events: int, context: dict[str, str]) -> str:
    """The phases as a Markdown table, with what ran and where."""
    import PySide6

    verdict = "PASS" if loaded.longest_stall_ms <= TARGET_MS else "FAIL"
    versus = loaded.longest_stall_ms / max(idle.longest_stall_ms, 0.01)
    lines = [
        f"UI thread stall, {rounds} rounds (loaded and idle alternating which goes first) "
        "after a warm-up search of each text",
        f"Python {platform.python_version()}, PySide6 {PySide6.__version__}, "
        f"PostgreSQL {context['pg_version']}, {os.cpu_count()} CPUs, {platform.machine()}, "
        f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', 'offscreen')}",
        f"Store: {context['store']} ({context['size']}), {context['cases']} cases; "
        f"Find case searched '{context['common_word']}' (common word) and "
        f"'{context['phone']}' (phone) in turn: {len(loaded.searches_ms)} searches, "
        f"median {median(loaded.searches_ms):.0f} ms to page and count",
        f"Sync: the desktop's SyncRunner drained {events:,} events a round to "
        "counter-app headoffice serve (uvicorn) on loopback; loaded phase median "
        f"{median(loaded.seconds):.1f} s, idle phase as long",
        f"Heartbeat: a {HEARTBEAT_MS} ms precise QTimer on the UI thread; a stall is a gap "
        f"minus {HEARTBEAT_MS} ms; {len(idle.gaps_ms):,} idle and {len(loaded.gaps_ms):,} "
        "loaded gaps",
        "",
        "| UI thread | longest stall | p99 gap | median gap | longest stall vs idle "
        "| target (longest stall) | result |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
        f"| idle (baseline) | {idle.longest_stall_ms:.2f} ms | {p99(idle.gaps_ms):.2f} ms "
        f"| {median(idle.gaps_ms):.2f} ms | 1.00x | - | - |",
        f"| sync {events:,} events + search | {loaded.longest_stall_ms:.2f} ms "
        f"| {p99(loaded.gaps_ms):.2f} ms | {median(loaded.gaps_ms):.2f} ms | {versus:.2f}x "
        f"| {TARGET_MS:.0f} ms | {verdict} |",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print the table; with ``--check``, 1 when the loaded stall is over the target."""
    parser = argparse.ArgumentParser(prog="python -m bench.ui_stall", description=__doc__)
    add_store_option(parser)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of both phases (default 3)")
    parser.add_argument(
        "--events",
        type=int,
        default=DEFAULT_EVENTS,
        help=f"events each round's sync drains ({DEFAULT_EVENTS:,})",
    )
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(PG_URL_ENV) or DEFAULT_PG_URL,
        help=f"PostgreSQL for head office (default ${PG_URL_ENV}, else {DEFAULT_PG_URL})",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when over the target")
    parser.add_argument(
        "--trace-stalls",
        action="store_true",
        help="sample the UI thread's stack in stalls over 20 ms and print the longest",
    )
    parser.add_argument(
        "--without-freeze",
        action="store_true",
        help="leave the start-up's objects to the garbage collector (no gc.freeze() once the "
        "window is up), as the desktop did before, for comparison",
    )
    options = parser.parse_args(argv)
    if options.rounds < 1:
        parser.error("--rounds must be at least 1")
    if options.events < 1:
        parser.error("--events must be at least 1")
    refuse_missing_store(parser, options.store)

    pg_version = reachable(options.pg_url)
    if pg_version is None:
        shown = make_url(options.pg_url).render_as_string(hide_password=True)
        print(
            f"PostgreSQL cannot be reached at {shown}: the UI stall benchmark needs one to run "
            f"head office on. Start it, or name another with --pg-url or ${PG_URL_ENV}.",
            file=sys.stderr,
        )
        return 2
    folder = ensure_store(options.store)
    path = folder / STORE_FILE
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as raw:
        queries = pick_queries(raw, path)

    with (
        tempfile.TemporaryDirectory(prefix="counter-bench-ui-stall-") as scratch_name,
        bench_database(options.pg_url) as database_url,
    ):
        scratch = Path(scratch_name)
        template = prepare_template(scratch / "template", options.events)
        head_office = HeadOffice(database_url, scratch / "headoffice")
        head_office.folder.mkdir()
        try:
            head_office.start()
            stores: list[dict[str, str]] = []
            for number in range(options.rounds):
                copied = copy_store(
                    template, scratch / f"round-{number}", f"STALL{number:04d}", head_office
                )
                copied.database.dispose()  # the desktop's process opens it
                stores.append({"folder": str(copied.folder), "token": copied.token})
            spec = {
                "store": str(folder.resolve()),
                "head_office": head_office.url,
                "common_word": queries.common_word,
                "phone": queries.typed_phone,
                "stores": stores,
                "trace": options.trace_stalls,
                "without_freeze": options.without_freeze,
            }
            measured = run_child(spec, scratch)
        finally:
            head_office.stop()
        for prepared in stores:
            left = waiting(Path(prepared["folder"]) / STORE_FILE)
            if left:
                raise SystemExit(f"{prepared['folder']}: {left} events still wait after the drain")

    idle, loaded = Phase("idle"), Phase("loaded")
    for round_ in measured:
        idle.add(round_["idle"])
        loaded.add(round_["loaded"])
    context = {
        "pg_version": pg_version,
        "store": str(path),
        "size": _size(path.stat().st_size),
        "cases": f"{queries.cases_total:,}",
        "common_word": queries.common_word,
        "phone": queries.typed_phone,
    }
    print(report(idle, loaded, options.rounds, options.events, context))
    if options.without_freeze:
        print("\nWithout the freeze: every garbage collection scanned the start-up's objects")
    else:
        print(f"\nThe start-up's {measured[0]['frozen']:,} objects frozen once the window was up")
    collections = measured[0].get("collections")
    if collections is not None:
        print(
            f"\nGarbage collections while loaded: {len(collections)}; the longest: "
            + ", ".join(
                f"{ms:.0f} ms (generation {gen}, {name})" for ms, gen, name in collections[:6]
            )
        )
    for stall in measured[0].get("stalls", []):
        split = stall["split"]
        if split is not None:
            on_cpu, runnable = split
            split_text = (
                f" (UI thread in that gap: {on_cpu:.0f} ms on a CPU, {runnable:.0f} ms runnable "
                "waiting for one, the rest asleep: waiting for the interpreter lock or idle)"
            )
        else:
            split_text = ""
        print(f"\nThe UI thread {stall['late_ms']:.0f} ms late{split_text}, at:\n{stall['stack']}")
    return 1 if options.check and loaded.longest_stall_ms > TARGET_MS else 0


if __name__ == "__main__":
    sys.exit(main())
