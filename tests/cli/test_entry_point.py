"""The ``counter-app`` entry point: the desktop opens without the command line's tools.

Only no arguments, or ``--data-dir`` alone, open the desktop directly; every
other form (a command, ``--help``, ``--version``, a mistake) goes to the command
line, which answers as before.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app.config import Settings
from ui import main as entry_point


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ([], (True, None)),
        (["--data-dir", "/srv/counter"], (True, Path("/srv/counter"))),
        (["--data-dir=/srv/counter"], (True, Path("/srv/counter"))),
        (["--data-dir"], (False, None)),
        (["--data-dir="], (False, None)),
        (["--data-dir", ""], (False, None)),
        (["--version"], (False, None)),
        (["--help"], (False, None)),
        (["demo"], (False, None)),
        (["--data-dir", "/srv/counter", "demo"], (False, None)),
        (["--data-directory=/srv/counter"], (False, None)),
    ],
)
def test_only_the_bare_desktop_forms_skip_the_command_line(
    arguments: list[str], expected: tuple[bool, Path | None]
) -> None:
    assert entry_point.desktop_only(arguments) == expected


def test_the_desktop_gets_the_data_folder_it_was_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Settings] = []

    def open_desktop(settings: Settings, opening: object = None) -> int:
        opened.append(settings)
        return 0

    monkeypatch.setattr(entry_point, "_open_desktop", open_desktop)

    assert entry_point.main(["--data-dir", str(tmp_path)]) == 0
    assert [settings.data_dir for settings in opened] == [tmp_path]


def _run(*arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``counter-app`` in a process of its own, with ``env`` added to this one's environment."""
    return subprocess.run(
        [sys.executable, "-m", "ui.main", *arguments],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_a_bad_setting_stops_the_desktop_with_one_line(tmp_path: Path) -> None:
    result = _run("--data-dir", str(tmp_path), env={"COUNTER_LOCKOUT_MINUTES": "0"})

    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "counter-app: setting COUNTER_LOCKOUT_MINUTES is not valid: "
        "Input should be greater than or equal to 1"
    ]
    assert not list(tmp_path.iterdir())  # nothing was opened or written


def test_the_desktop_path_does_not_load_the_command_line_tools(tmp_path: Path) -> None:
    script = (
        "import sys; from ui import main as entry; "
        "entry._open_desktop = lambda settings, opening=None: 0; "
        f"entry.main(['--data-dir', {str(tmp_path)!r}]); "
        "print(sorted(name for name in ('counter_app.cli', 'counter_app.headoffice.cli', "
        "'counter_app.sync.cli', 'tqdm') if name in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def test_other_forms_still_reach_the_command_line() -> None:
    result = _run("--version")

    assert result.returncode == 0
    assert result.stdout.startswith("counter-app ")


def test_a_bad_setting_is_shown_in_a_dialog_when_no_terminal_would_show_it(
    tmp_path: Path,
) -> None:
    # As the windowed starter runs: no standard error. The dialog is replaced by a recorder
    # (it would wait for a click); what it was told is written to a file.
    told = tmp_path / "told.txt"
    script = (
        "import sys; from pathlib import Path; "
        "from ui.dialogs.settings_problem import SettingsProblemDialog; "
        f"SettingsProblemDialog.tell = lambda problem: Path({str(told)!r}).write_text(problem); "
        "from ui import main as entry; sys.stderr = None; "
        f"code = entry.main(['--data-dir', {str(tmp_path / 'data')!r}]); "
        "sys.stderr = sys.__stderr__; sys.exit(code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "COUNTER_LOCKOUT_MINUTES": "0"},
    )

    assert result.returncode == 1, result.stderr
    assert told.read_text() == (
        "Setting COUNTER_LOCKOUT_MINUTES is not valid: Input should be greater than or equal to 1"
    )
    assert not (tmp_path / "data").exists()
