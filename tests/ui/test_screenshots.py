"""``python -m ui.screenshots`` as ``make screenshots`` runs it: a process of its own.

Each run starts and quits its own Qt event loop, so it runs apart from the
test session's application, as it does for a person.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from ui import screenshots

pytestmark = pytest.mark.gui


def _run(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui.screenshots", *arguments],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=300,
    )


def test_screenshots_of_login_and_home_are_saved(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "shots"

    done = _run(str(out), "--data-dir", str(data_dir), "--staff", "Maeve Byrne", "--pin", "2468")

    assert done.returncode == screenshots.EXIT_OK, done.stderr
    for name in ("login.png", "home.png"):
        image = QImage(str(out / name))
        assert (image.width(), image.height()) == (1366, 768)


def test_screenshots_refuse_a_wrong_pin(data_dir: Path, tmp_path: Path) -> None:
    done = _run(
        str(tmp_path / "shots"),
        "--data-dir",
        str(data_dir),
        "--staff",
        "Sam Okafor",
        "--pin",
        "0000",
    )

    assert done.returncode == screenshots.EXIT_PROBLEM
    assert "Wrong PIN" in done.stderr


def test_screenshots_need_a_store(tmp_path: Path) -> None:
    done = _run(
        str(tmp_path / "shots"),
        "--data-dir",
        str(tmp_path / "empty"),
        "--staff",
        "x",
        "--pin",
        "1234",
    )

    assert done.returncode == screenshots.EXIT_PROBLEM
    assert "counter-app demo" in done.stderr
