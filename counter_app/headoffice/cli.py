"""``counter-app headoffice ...``: run head office and manage its stores' tokens.

IT teams script these, so the output is stable: a new token is always the
last word of the last line.
"""

import argparse
from pathlib import Path
from typing import Any

from counter_app.headoffice.stores import (
    StoreRegistryError,
    add_store,
    revoke_token,
    rotate_token,
)
from db.headoffice.database import sqlite_url

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8470
HEADOFFICE_FOLDER = "headoffice"


def default_database_url(data_dir: Path) -> str:
    """The embedded default: a SQLite file in the data folder."""
    folder = data_dir / HEADOFFICE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return sqlite_url(folder / "headoffice.sqlite")


def add_parser(commands: "argparse._SubParsersAction[Any]") -> None:
    """Add ``headoffice`` and its actions to the command line."""
    parser = commands.add_parser("headoffice", help="run head office and manage stores' tokens")
    actions = parser.add_subparsers(dest="headoffice_command", metavar="ACTION", required=True)

    def with_database(action: argparse.ArgumentParser) -> argparse.ArgumentParser:
        action.add_argument(
            "--database-url",
            metavar="URL",
            help="postgresql://user@host/db for production "
            f"(default: a SQLite file in DATA_DIR/{HEADOFFICE_FOLDER}/)",
        )
        return action

    serve = with_database(actions.add_parser("serve", help="serve the head-office API"))
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"default {DEFAULT_HOST}")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"default {DEFAULT_PORT}")

    add = with_database(actions.add_parser("add-store", help="register a store; prints its token"))
    add.add_argument("code", metavar="CODE")
    add.add_argument("--name", default="", help="the store's name (default: its code)")
    add.add_argument(
        "--timezone", default="UTC", help="the store's time zone, for its business days"
    )
    for name, words in (
        ("rotate-token", "revoke the store's tokens and print a new one"),
        ("revoke-token", "revoke every token of the store"),
    ):
        with_database(actions.add_parser(name, help=words)).add_argument("code", metavar="CODE")


def run(arguments: argparse.Namespace, data_dir: Path) -> int:
    """Carry out a ``headoffice`` action; returns the exit code."""
    from counter_app.headoffice.server import open_database, serve

    url = arguments.database_url or default_database_url(data_dir)
    if arguments.headoffice_command == "serve":
        serve(url, host=arguments.host, port=arguments.port)
        return 0
    database = open_database(url)
    try:
        if arguments.headoffice_command == "add-store":
            issued = add_store(
                database, arguments.code, name=arguments.name, timezone=arguments.timezone
            )
            print(f"Store {issued.store_code} registered (id {issued.store_id}).")
            print(f"Its token, shown only now: {issued.token}")
        elif arguments.headoffice_command == "rotate-token":
            issued = rotate_token(database, arguments.code)
            print(f"Earlier tokens of store {issued.store_code} no longer work.")
            print(f"Its new token, shown only now: {issued.token}")
        else:
            revoked = revoke_token(database, arguments.code)
            print(f"Revoked {revoked} token(s) of store {arguments.code.upper()}.")
    finally:
        database.dispose()
    return 0


__all__ = ["StoreRegistryError", "add_parser", "run"]
