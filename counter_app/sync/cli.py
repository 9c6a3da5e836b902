"""``counter-app sync``: one push-and-pull pass, for scripts and IT.

Prints what went up and came down; a failure is one line and a non-zero
exit (2 when head office cannot be reached, 3 when it refused the token).
"""

import argparse
from pathlib import Path
from typing import Any

from counter_app.services.counter_settings import load_counter_settings
from counter_app.sync.errors import HeadOfficeRefusedError, HeadOfficeUnavailableError
from counter_app.sync.runner import SyncTarget, sync_once
from db.store.database import StoreDatabase

EXIT_UNREACHABLE = 2
EXIT_REFUSED = 3


def add_parser(commands: "argparse._SubParsersAction[Any]") -> None:
    """Add ``sync`` to the command line."""
    parser = commands.add_parser(
        "sync", help="send waiting changes to head office and fetch its updates (one pass)"
    )
    parser.add_argument("--url", help="head office's address (default: from Settings)")
    parser.add_argument(
        "--token-file",
        type=Path,
        metavar="FILE",
        help="a file holding the store token (default: the token kept by Settings)",
    )


def target_for(arguments: argparse.Namespace, data_dir: Path) -> SyncTarget:
    """The URL and token: from the command line where given, else from Settings."""
    saved = load_counter_settings(data_dir).settings
    url = arguments.url or saved.head_office_url
    if arguments.token_file is not None:
        token = arguments.token_file.expanduser().read_text(encoding="utf-8").strip()
    else:
        token = saved.head_office_token.get_secret_value()
    return SyncTarget(url=url, token=token)


def run(arguments: argparse.Namespace, database: StoreDatabase, data_dir: Path) -> int:
    """One pass; prints its outcome; returns the exit code."""
    try:
        target = target_for(arguments, data_dir)
    except OSError as error:
        print(f"counter-app sync: the token file was not read: {error.strerror or error}")
        return 1
    try:
        report = sync_once(database, target, data_dir=data_dir)
    except HeadOfficeUnavailableError as error:
        print(f"counter-app sync: {error} Nothing is lost; the changes wait for the next try.")
        return EXIT_UNREACHABLE
    except HeadOfficeRefusedError as error:
        print(f"counter-app sync: {error}")
        return EXIT_REFUSED
    pushed = report.pushed
    print(
        f"Sent {pushed.sent:,} change(s) to head office "
        f"({pushed.duplicates:,} it already had, {pushed.set_aside:,} set aside, "
        f"{pushed.attachments_uploaded:,} file(s) uploaded)."
    )
    received = ", ".join(f"{feed} {count:,}" for feed, count in report.pulled.applied.items())
    print(f"Received: {received or 'nothing'}.")
    return 0
