"""The window Counter shows at once, before the store opens behind it."""

import subprocess
import sys
from pathlib import Path

import pytest

from counter_app.config import Settings
from ui.app import run_desktop
from ui.dialogs.storage_problem import StorageProblemDialog
from ui.opening_window import opening_window, show_opening_window

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]


def test_the_opening_window_shows_counters_mark_and_no_words(qtbot) -> None:
    window = opening_window()
    qtbot.addWidget(window)
    window.show()

    mark = window.centralWidget()
    assert window.windowTitle() == "Counter"
    assert not mark.pixmap().isNull()
    assert mark.text() == ""  # nothing to translate before the store's language is known
    image = window.grab().toImage()
    corner = image.pixelColor(5, 5).name()
    centre = image.pixelColor(image.width() // 2, image.height() // 2).name()
    assert corner == "#f3f5f8"  # the counter's own background, so the swap does not flash
    assert centre != corner  # and the mark is drawn in the middle


def test_the_window_shows_before_the_database_layer_or_the_settings_load(tmp_path) -> None:
    probe = (
        "import sys\n"
        "import ui.opening_window as opening\n"
        "seen = {}\n"
        "paint = opening.paint_now\n"
        "def paint_now(window):\n"
        "    paint(window)\n"
        "    seen['visible'] = window.isVisible()\n"
        "    seen['icon'] = not window.windowIcon().isNull()\n"
        "    seen['loaded'] = sorted(name for name in ('sqlalchemy', 'sqlmodel', 'pydantic',\n"
        "        'counter_app.config', 'ui.app') if name in sys.modules)\n"
        "opening.paint_now = paint_now\n"
        "from ui import main as entry\n"
        "def open_desktop(settings, opening=None):\n"
        "    print(seen['visible'], seen['icon'], seen['loaded'], opening.isVisible(),\n"
        "          settings.data_dir)\n"
        "    return 0\n"
        "entry._open_desktop = open_desktop\n"
        f"sys.exit(entry.main(['--data-dir', {str(tmp_path)!r}]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    # Shown, with Counter's mark in the taskbar, before any of the heavy layers loaded.
    assert result.stdout.strip() == f"True True [] True {tmp_path}"


def test_a_start_that_fails_closes_the_opening_window(qtbot, monkeypatch, tmp_path) -> None:
    told: list[str] = []
    monkeypatch.setattr(
        StorageProblemDialog,
        "tell",
        classmethod(lambda cls, message, parent=None: told.append(message)),
    )
    not_a_folder = tmp_path / "counter-data"
    not_a_folder.write_text("not a folder", encoding="utf-8")
    opening = show_opening_window(["counter"])
    qtbot.addWidget(opening)
    assert opening.isVisible()

    code = run_desktop(Settings(data_dir=not_a_folder), argv=["counter"], opening=opening)

    assert code == 1
    assert told  # the clerk was told why, over the opening window
    assert not opening.isVisible()
