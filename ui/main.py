"""The ``counter-app`` entry point: the command line, with the desktop plugged in.

This is the composition root. ``counter_app.cli`` cannot import the UI (the
layers point down), so the desktop launcher is handed to it from here. Qt is
imported only when the desktop actually opens, so the tools start fast and
run on machines without a display.
"""

import sys
from collections.abc import Sequence

from counter_app import cli
from counter_app.config import Settings


def _open_desktop(settings: Settings) -> int:
    from ui.app import run_desktop  # Qt loads only here, when the window is wanted

    return run_desktop(settings, argv=sys.argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; with no command, open the desktop."""
    return cli.main(argv, desktop=_open_desktop)


if __name__ == "__main__":
    sys.exit(main())
