"""``python -m counter_app``: the command-line tools, without the desktop."""

import sys

from counter_app.cli import main

sys.exit(main())
