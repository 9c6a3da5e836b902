"""``counter-app headoffice ...``: run head office and manage its stores' tokens.

IT teams script these, so the output is stable: a new token is always the
last word of the last line.
"""

import argparse
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from counter_app.headoffice.stores import (
    StoreRegistryError,
    add_store,
    revoke_token,
    rotate_token,
)
from db.headoffice.database import HeadOfficeDatabase, sqlite_url

if TYPE_CHECKING:
    from counter_app.headoffice.app import ServerLimits
    from counter_app.headoffice.reports import DailyReport

RATE_LIMIT_ENV = "COUNTER_HEADOFFICE_RATE_LIMIT"
DEFAULT_RATE_LIMIT = "1200/minute"
REPORT_ACTIONS = ("add-reporter", "revoke-reporter", "report")
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
    _add_rate_limit_option(serve)

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
    _add_import_parser(with_database(actions.add_parser("import", help=IMPORT_HELP)))
    _add_report_parsers(actions, with_database)


def run(arguments: argparse.Namespace, data_dir: Path) -> int:
    """Carry out a ``headoffice`` action; returns the exit code."""
    from counter_app.headoffice.server import open_database, serve

    url = arguments.database_url or default_database_url(data_dir)
    if arguments.headoffice_command == "serve":
        serve(url, host=arguments.host, port=arguments.port, limits=_server_limits(arguments))
        return 0
    if arguments.headoffice_command in REPORT_ACTIONS:
        return _run_report_action(arguments, url)
    database = open_database(url)
    try:
        if arguments.headoffice_command == "import":
            return _run_import(database, arguments)
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


def _rate(text: str) -> str:
    """A rate such as ``5/second`` (argparse type; also checks the environment's value)."""
    from limits import parse

    try:
        item = parse(text)
    except ValueError:
        item = None
    if item is None or item.amount < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a rate limit; write it as '1200/minute' or '5/second'"
        )
    return text


def _add_rate_limit_option(serve: argparse.ArgumentParser) -> None:
    serve.add_argument(
        "--rate-limit",
        metavar="RATE",
        type=_rate,
        default=os.environ.get(RATE_LIMIT_ENV) or DEFAULT_RATE_LIMIT,
        help="requests one token may send, as N/second, N/minute or N/hour, "
        "in a moving window; more get HTTP 429 with Retry-After "
        f"(default: ${RATE_LIMIT_ENV}, else {DEFAULT_RATE_LIMIT})",
    )


def _server_limits(arguments: argparse.Namespace) -> "ServerLimits":
    from counter_app.headoffice.app import ServerLimits

    return ServerLimits(rate=arguments.rate_limit)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day; write it as YYYY-MM-DD") from None


def _add_report_parsers(
    actions: "argparse._SubParsersAction[Any]",
    with_database: Callable[[argparse.ArgumentParser], argparse.ArgumentParser],
) -> None:
    """``add-reporter``, ``revoke-reporter`` and ``report``: the reports across stores."""
    add = with_database(
        actions.add_parser(
            "add-reporter", help="make a head-office reporting token (reads every store's report)"
        )
    )
    add.add_argument("name", metavar="NAME", help="who or what reads the reports, e.g. finance")
    revoke = with_database(
        actions.add_parser("revoke-reporter", help="revoke a reporter's reporting token")
    )
    revoke.add_argument("name", metavar="NAME")
    report = with_database(
        actions.add_parser(
            "report",
            help="daily figures per store: cases by type, refunds by tender, complaints",
        )
    )
    report.add_argument("--from", dest="first", type=_day, required=True, metavar="YYYY-MM-DD")
    report.add_argument(
        "--to", dest="last", type=_day, required=True, metavar="YYYY-MM-DD", help="included"
    )
    report.add_argument(
        "--store",
        action="append",
        metavar="CODE",
        help="a store's code; repeat for several (default: every store)",
    )
    report.add_argument(
        "--csv", type=Path, metavar="FILE", help="write the figures as CSV instead of a table"
    )


def _run_report_action(arguments: argparse.Namespace, url: str) -> int:
    from counter_app.headoffice.reporters import add_reporter, revoke_reporter
    from counter_app.headoffice.reports import ReportRequestError, daily_report
    from counter_app.headoffice.server import open_database

    database = open_database(url)
    try:
        if arguments.headoffice_command == "add-reporter":
            issued = add_reporter(database, arguments.name)
            print(f"Reporter {issued.name} added (id {issued.reporter_id}).")
            print(f"Its reporting token, shown only now: {issued.token}")
            return 0
        if arguments.headoffice_command == "revoke-reporter":
            revoked = revoke_reporter(database, arguments.name)
            print(f"Revoked {revoked} reporting token(s) of {arguments.name.strip()}.")
            return 0
        try:
            with database.reading() as session:
                report = daily_report(session, arguments.first, arguments.last, arguments.store)
        except ReportRequestError as error:
            print(f"counter-app: {error}", file=sys.stderr)
            return 2
    finally:
        database.dispose()
    return _write_csv(report, arguments.csv) if arguments.csv else _print_report(report)


def _write_csv(report: "DailyReport", path: Path) -> int:
    from counter_app.headoffice.reports import csv_rows, daily_report_csv

    try:
        path.write_text(daily_report_csv(report), encoding="utf-8", newline="")
    except OSError as error:
        print(f"counter-app: cannot write {path}: {error.strerror or error}", file=sys.stderr)
        return 1
    rows = len(csv_rows(report)) - 1
    print(f"Wrote {rows} row(s) for {len(report.days)} store day(s) to {path}.")
    return 0


def _money(cents: int) -> str:
    return f"{cents // 100:,}.{cents % 100:02d}"


def _print_report(report: "DailyReport") -> int:
    first, last = report.first_day.isoformat(), report.last_day.isoformat()
    if not report.days:
        print(f"No cases or refunds from {first} to {last} in {len(report.stores)} store(s).")
        return 0
    header = ("Store", "Day", "Complaints", "Returns", "Exchanges", "Refunds", "Refunded")
    lines = [header]
    for day in report.days:
        refunds = day.refunds.values()
        lines.append(
            (
                day.store,
                day.business_day.isoformat(),
                str(day.cases.get("complaint", 0)),
                str(day.cases.get("return", 0)),
                str(day.cases.get("exchange", 0)),
                str(sum(total.count for total in refunds)),
                _money(sum(total.amount_cents for total in refunds)),
            )
        )
    widths = [max(len(line[index]) for line in lines) for index in range(len(header))]
    for line in lines:
        cells = [
            cell.ljust(width) if index < 2 else cell.rjust(width)
            for index, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        print("  ".join(cells))
    print(f"{len(report.days)} store day(s) from {first} to {last}.")
    return 0


IMPORT_HELP = "publish a catalog, sales, staff (CSV) or policy (JSON) file to the stores' feeds"


def _add_import_parser(action: argparse.ArgumentParser) -> None:
    """``import {catalog,sales,staff,policy} FILE [--store CODE] [--days N]``."""
    from counter_app.headoffice.imports import DEFAULT_SALES_DAYS

    action.add_argument("feed", choices=("catalog", "sales", "staff", "policy"), metavar="FEED")
    action.add_argument("file", type=Path, metavar="FILE", help="CSV (policy: JSON), UTF-8")
    action.add_argument(
        "--store", metavar="CODE", help="only this store (default: every registered store)"
    )
    action.add_argument(
        "--days",
        type=int,
        default=DEFAULT_SALES_DAYS,
        help=f"sales: receipts of the last N days go to the stores (default {DEFAULT_SALES_DAYS})",
    )


def _run_import(database: HeadOfficeDatabase, arguments: argparse.Namespace) -> int:
    """Import one file; a bad file raises ImportRefusedError (one line, exit 1)."""
    from counter_app.domain.sync_protocol import Feed
    from counter_app.headoffice.imports import IMPORTERS

    feed = Feed(arguments.feed)
    options: dict[str, Any] = {"store_code": arguments.store}
    if feed is Feed.SALES:
        options["days"] = arguments.days
    result = IMPORTERS[feed](database, arguments.file, **options)
    print(result.summary())
    return 0


__all__ = ["StoreRegistryError", "add_parser", "run"]
