"""The case screens load after the sign-in screen is up, not before it."""

import subprocess
import sys
from pathlib import Path

import pytest

from ui import screens
from ui.screens.return_screen import ReturnScreen

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
CASE_SCREEN_MODULES = (
    "ui.screens.audit_screen",
    "ui.screens.complaint_screen",
    "ui.screens.exchange_screen",
    "ui.screens.find_case",
    "ui.screens.policy_screen",
    "ui.screens.return_screen",
    "ui.screens.settings_screen",
)
CHART_SCREEN_MODULES = ("ui.screens.day_close_screen", "ui.screens.summary_screen")

# In a fresh process: the main window built on the demo store, then the screens loaded.
PROBE = f"""
import sys
from datetime import UTC, datetime
from pathlib import Path
from counter_app.config import Settings
from counter_app.services.database import open_store_database
from counter_app.services.demo import seed_demo_store
from ui.app import create_application, create_window
from ui import screens

def loaded(names):
    return sorted(name for name in names if name in sys.modules)

case_screens = {CASE_SCREEN_MODULES!r}
charts = {CHART_SCREEN_MODULES!r} + ("matplotlib",)
app = create_application(sys.argv[:1])
folder = Path(sys.argv[1])
database = open_store_database(folder).database
seed_demo_store(database=database, now=datetime(2026, 11, 23, 15, 0, tzinfo=UTC))
window = create_window(settings=Settings(data_dir=folder), database=database)
window.show()
app.processEvents()
print(window.is_locked, loaded(case_screens), loaded(charts))
screens.load_counter_screens()
print(loaded(case_screens) == sorted(case_screens), loaded(charts))
database.dispose()
"""


def run_probe(probe: str, scratch: Path) -> str:
    """What ``probe`` printed, run in a fresh interpreter on a data folder in ``scratch``."""
    result = subprocess.run(
        [sys.executable, "-c", probe, str(scratch / "data")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "", "HOME": str(scratch)},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_sign_in_screen_shows_before_the_case_screens_load(tmp_path: Path) -> None:
    printed = run_probe(PROBE, tmp_path)

    before, after = printed.strip().splitlines()
    # Locked at sign-in, with no case screen loaded yet.
    assert before == "True [] []"
    # Loaded afterwards, all of them, and still not the charts (matplotlib takes a second).
    assert after == "True []"


def test_a_screen_asked_for_by_name_is_its_class() -> None:
    assert screens.ReturnScreen is ReturnScreen
    with pytest.raises(AttributeError, match="NoSuchScreen"):
        _ = screens.NoSuchScreen  # type: ignore[attr-defined]


# In a fresh process: the desktop as it starts, watched until the clerk's screens are loaded.
DESKTOP_PROBE = f"""
import sys
from datetime import UTC, datetime
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from counter_app.config import Settings
from counter_app.services.database import open_store_database
from counter_app.services.demo import seed_demo_store
import ui.app

case_screens = {CASE_SCREEN_MODULES!r}
charts = {CHART_SCREEN_MODULES!r} + ("matplotlib",)
folder = Path(sys.argv[1])
database = open_store_database(folder).database
seed_demo_store(database=database, now=datetime(2026, 11, 23, 15, 0, tzinfo=UTC))
database.dispose()
app = ui.app.create_application(sys.argv[:1])
seen = []

def watch():
    loaded = [name for name in case_screens if name in sys.modules]
    if len(loaded) == len(case_screens) or len(seen) > 200:
        print(len(loaded), sorted(name for name in charts if name in sys.modules), flush=True)
        QApplication.instance().quit()
    else:
        seen.append(len(loaded))
        QTimer.singleShot(100, watch)

QTimer.singleShot(0, watch)
sys.exit(ui.app.run_desktop(Settings(data_dir=folder), argv=sys.argv[:1]))
"""


def test_the_desktop_loads_the_clerks_screens_once_its_window_is_up(tmp_path: Path) -> None:
    printed = run_probe(DESKTOP_PROBE, tmp_path)

    # Every case screen loaded while the window stood at sign-in; the charts still wait.
    assert printed.strip() == f"{len(CASE_SCREEN_MODULES)} []"
