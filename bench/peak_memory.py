"""Peak memory with the 1,000,000-case store open and the case list shown, against a bare window.

Run it as ``python -m bench.peak_memory [--store FOLDER] [--rounds N] [--check]``.

Each round starts two fresh Python processes (Qt's offscreen platform unless
``QT_QPA_PLATFORM`` says otherwise), each printing, once it is where it should be, its
peak resident set (``getrusage(RUSAGE_SELF).ru_maxrss``) and its resident set at that
moment (``/proc/self/statm``):

- Counter: imports what the ``counter-app`` entry point imports, opens the big store
  through the desktop's path (``open_store_database`` on the data folder, upgrading it
  if needed, then ``ui.app.create_window``), shows the main window at 1366x768, signs a
  clerk in on its sign-in screen (the PIN checked by the service, which audits the
  sign-in in the store, as every sign-in does), opens Find case, whose list shows the
  newest cases, and scrolls to its end :data:`PAGES` times, so that many pages of
  :data:`PAGE_ROWS` rows are read (on the screen's workers) and shown, with the count;
- the baseline: imports PySide6, makes a QApplication, shows an empty QMainWindow at
  the same size, and lets its event loop paint it.

Both measure after their event loop has laid out and painted the window. The
difference is what Counter and its data cost: its imports, its stylesheet, the
database's connections and caches, the screens and the rows read. The store
(``--store``, ``build/big-store`` by default, generated there first if missing, see
``bench.store_option``) is opened in place, not copied; its file's size is printed for
scale (SQLite maps none of it: its page cache is bounded by the connection's
``cache_size``). Sides alternate which goes first. The issue gives no target, so
none is judged; it exits 0 (``--check`` is accepted, for the ``make bench`` habit, and
changes nothing).
"""

import argparse
import os
import platform
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

from bench.statistics import median
from bench.store_option import STORE_FILE, add_store_option, ensure_store, refuse_missing_store

WARM_UP_ROUNDS = 1
PAGES = 3  # the list's first three pages: what a clerk scrolls through before searching
PAGE_ROWS = 50  # ui.models.case_results reads 50 rows a page
ROOT = Path(__file__).resolve().parents[1]
MEASURED = "measured"

# Both sides end the same way: shown, laid out and painted by their own event loop, measured.
MEASURE = f"""
import resource
from PySide6.QtCore import QEventLoop, QTimer


def settle(ms):
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


settle(100)
window.repaint()
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
with open("/proc/self/statm") as statm:
    now_kib = int(statm.read().split()[1]) * resource.getpagesize() // 1024
print("{MEASURED}", peak_kib, now_kib, rows, flush=True)
"""

BARE = (
    """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1366, 768)
window.show()
rows = 0
"""
    + MEASURE
)

COUNTER = (
    """
import sys
from pathlib import Path
import ui.main  # what the counter-app entry point loads before the desktop: the command line
from PySide6.QtCore import QEventLoop, QTimer
from counter_app.config import Settings
from counter_app.services.database import open_store_database
from counter_app.services.demo import DEMO_STAFF
from ui.app import create_application, create_window
from ui.screens.find_case import FindCaseScreen

PAGES = int(sys.argv[2])
app = create_application(sys.argv[:1])
data_dir = Path(sys.argv[1])
opened = open_store_database(data_dir)
window = create_window(settings=Settings(data_dir=data_dir), database=opened.database)
window.resize(1366, 768)
window.show()
clerk = next(person for person in DEMO_STAFF if person.role.value == "clerk")
if not window.login_screen.select_staff(clerk.name):
    raise SystemExit(f"{clerk.name} is not on the store's staff")
window.login_screen.pin_field.setText(clerk.pin)
window.login_screen.submit()
window.open_find_case()
screen = window.case_screen
if not isinstance(screen, FindCaseScreen):
    raise SystemExit("the clerk could not open Find case")
model = screen.model


def wait_until(ready, seconds=300):
    loop = QEventLoop()
    check = QTimer()
    check.timeout.connect(lambda: ready() and loop.quit())
    check.start(10)
    QTimer.singleShot(seconds * 1000, loop.quit)
    loop.exec()
    check.stop()
    if not ready():
        raise SystemExit("the case list did not answer in time")


wait_until(lambda: not model.loading and model.count is not None)
for page in range(1, PAGES):
    screen.table.scrollToBottom()  # the view asks the model for more: the next page
    wait_until(lambda page=page: not model.loading and model.rowCount() >= min(
        (page + 1) * 50, model.count))
rows = model.rowCount()
"""
    + MEASURE
)


def measure_once(script: str, *arguments: str) -> tuple[int, int, int]:
    """A fresh interpreter on ``script``: its peak and current RSS (KiB) and rows shown."""
    environment = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    finished = subprocess.run(  # noqa: S603 (this interpreter, our own script)
        [sys.executable, "-c", script, *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    for line in finished.stdout.splitlines():
        words = line.split()
        if words[:1] == [MEASURED] and len(words) == 4:
            return int(words[1]), int(words[2]), int(words[3])
    raise SystemExit(
        f"The process ended ({finished.returncode}) without measuring:\n{finished.stderr[-4000:]}"
    )


def measure(store: Path, rounds: int) -> dict[str, list[tuple[int, int, int]]]:
    """Both sides' measures, round by round, alternating which goes first."""
    results: dict[str, list[tuple[int, int, int]]] = {"counter": [], "bare": []}
    for number in range(WARM_UP_ROUNDS + rounds):
        sides = [("counter", COUNTER, (str(store), str(PAGES))), ("bare", BARE, ())]
        if number % 2:
            sides.reverse()
        for side, script, arguments in sides:
            measured = measure_once(script, *arguments)
            if number >= WARM_UP_ROUNDS:
                results[side].append(measured)
    return results


def _mib(kib: float) -> str:
    return f"{kib / 1024:.1f} MiB"


def report(store: Path, rounds: int, results: dict[str, list[tuple[int, int, int]]]) -> str:
    """The results as a Markdown table, with the machine and the store."""
    import PySide6

    path = store / STORE_FILE
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as raw:
        cases = raw.execute("SELECT count(*) FROM service_case").fetchone()[0]
    size = path.stat().st_size
    shown = f"{size / 2**30:.1f} GiB" if size >= 2**30 else f"{size / 2**20:.1f} MiB"
    counter, bare = results["counter"], results["bare"]
    peak = {side: median([float(m[0]) for m in rows]) for side, rows in results.items()}
    now = {side: median([float(m[1]) for m in rows]) for side, rows in results.items()}
    rows_shown = counter[0][2]
    lines = [
        f"Peak memory, {rounds} rounds interleaved after {WARM_UP_ROUNDS} warm-up round",
        f"Python {platform.python_version()}, PySide6 {PySide6.__version__}, "
        f"SQLite {sqlite3.sqlite_version}, {platform.machine()}, QT_QPA_PLATFORM="
        f"{os.environ.get('QT_QPA_PLATFORM', 'offscreen')}",
        f"Store: {path} ({shown} on disk), {cases:,} cases; Find case showing "
        f"{rows_shown:,} rows ({PAGES} pages of {PAGE_ROWS})",
        "Peak: getrusage(RUSAGE_SELF).ru_maxrss; now: resident pages (/proc/self/statm)",
        "",
        "| process | peak RSS median | peak RSS max | RSS now median "
        "| ratio of peak medians | target | result |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
        f"| bare PySide6 window | {_mib(peak['bare'])} | {_mib(max(m[0] for m in bare))} "
        f"| {_mib(now['bare'])} | 1.00x | - | - |",
        f"| Counter, store open, case list shown | {_mib(peak['counter'])} "
        f"| {_mib(max(m[0] for m in counter))} | {_mib(now['counter'])} "
        f"| {peak['counter'] / peak['bare']:.2f}x | - | - |",
        "",
        f"Counter's own cost over the bare window: {_mib(peak['counter'] - peak['bare'])} at "
        f"the peak, {_mib(now['counter'] - now['bare'])} now",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print the table; no target, so 0 whatever it finds."""
    parser = argparse.ArgumentParser(prog="python -m bench.peak_memory", description=__doc__)
    add_store_option(parser)
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds (default 3)")
    parser.add_argument("--check", action="store_true", help="accepted; no target to check")
    options = parser.parse_args(argv)
    if options.rounds < 1:
        parser.error("--rounds must be at least 1")
    refuse_missing_store(parser, options.store)
    store = ensure_store(options.store)
    results = measure(store.resolve(), options.rounds)
    print(report(store.resolve(), options.rounds, results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
