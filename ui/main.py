"""The ``counter-app`` entry point: the command line, with the desktop plugged in.

This is the composition root. ``counter_app.cli`` cannot import the UI (the
layers point down), so the desktop launcher is handed to it from here. Qt is
imported only when the desktop actually opens, so the tools start fast and
run on machines without a display; and the desktop, asked for with no command
(and at most ``--data-dir``), opens without loading the command line's tools.
"""

import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from counter_app.config import Settings

PROG = "counter-app"
DATA_DIR_OPTION = "--data-dir"


def _open_desktop(settings: "Settings", opening: "QMainWindow | None" = None) -> int:
    from ui.app import run_desktop  # Qt loads only here, when the window is wanted

    return run_desktop(settings, argv=sys.argv, opening=opening)


def desktop_only(arguments: Sequence[str]) -> tuple[bool, Path | None]:
    """Whether ``arguments`` only open the desktop, and the data folder they name if any.

    Anything else (a command, ``--help``, ``--version``, a mistake) is the command
    line's to read and answer.
    """
    if not arguments:
        return True, None
    if len(arguments) == 2 and arguments[0] == DATA_DIR_OPTION and arguments[1]:
        return True, Path(arguments[1])
    option, equals, value = arguments[0].partition("=")
    if len(arguments) == 1 and option == DATA_DIR_OPTION and equals and value:
        return True, Path(value)
    return False, None


def _desktop(data_dir: Path | None) -> int:
    """The desktop on the settings, as the command line would open it.

    A window shows first, before the settings, the database layer and the
    screens load (:mod:`ui.opening_window`), so the person who started Counter
    sees it answer at once.
    """
    from ui.opening_window import show_opening_window

    opening = show_opening_window(sys.argv)
    from pydantic import ValidationError

    from counter_app.config import load_settings, settings_problem

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = load_settings(data_dir)
    except ValidationError as error:
        opening.close()
        problem = settings_problem(error)
        print(f"{PROG}: {problem}", file=sys.stderr)
        if sys.stderr is None:  # the windowed starter (Counter.exe): no terminal shows that line
            from ui.dialogs.settings_problem import SettingsProblemDialog

            SettingsProblemDialog.tell(problem[:1].upper() + problem[1:])
        return 1
    return _open_desktop(settings, opening)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; with no command, open the desktop."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    only_desktop, data_dir = desktop_only(arguments)
    if only_desktop:
        return _desktop(data_dir)
    from counter_app import cli  # the tools, and what they load, only when one is asked for

    return cli.main(arguments, desktop=_open_desktop)


if __name__ == "__main__":
    sys.exit(main())
