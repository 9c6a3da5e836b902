"""``counter-app customers``: erase personal data past the retention, export one customer's data.

Both are a manager's, so both ask for a manager by name and read their PIN
(hidden when typed at a terminal, one line of standard input otherwise); a
wrong PIN counts towards the lockout like any sign-in. The export is written
whole or not at all, readable by its owner only (it holds personal data).
"""

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from counter_app.services.errors import NotFoundError
from counter_app.services.personal_data import (
    ERASE_PERSONAL_DATA,
    EXPORT_CUSTOMER_DATA,
    PurgeReport,
    export_customer,
    purge_personal_data,
)
from counter_app.services.staff import SignedIn, confirm_manager, list_staff
from db.store.database import StoreDatabase

PROG = "counter-app customers"


def add_parser(commands: "argparse._SubParsersAction[Any]") -> None:
    """Add ``customers purge`` and ``customers export`` to the command line."""
    parser = commands.add_parser("customers", help="customers' personal data: purge, export")
    actions = parser.add_subparsers(dest="customers_command", metavar="ACTION", required=True)
    purge = actions.add_parser(
        "purge",
        help="erase the personal data of customers past the store's retention "
        "(closing a day does this too)",
    )
    purge.add_argument(
        "--dry-run", action="store_true", help="count what would be erased, erase nothing"
    )
    export = actions.add_parser("export", help="write one customer's data as JSON, on request")
    export.add_argument(
        "customer", metavar="CUSTOMER", help="the customer's phone number, email address or id"
    )
    export.add_argument("--to", type=Path, required=True, metavar="FILE", help="the JSON file")
    for action in (purge, export):
        action.add_argument(
            "--manager", required=True, metavar="NAME", help="the manager doing it (PIN asked)"
        )


def _read_pin(name: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(f"PIN of {name}: ")
    return sys.stdin.readline().strip()


def _manager(database: StoreDatabase, name: str, doing: str) -> SignedIn:
    """The manager named, once their PIN is right.

    Raises:
        NotFoundError: no active staff member has that name.
        PermissionDeniedError, SignInRefusedError: not a manager, or a wrong PIN.
    """
    wanted = name.strip().casefold()
    person = next(
        (member for member in list_staff(database=database) if member.name.casefold() == wanted),
        None,
    )
    if person is None:
        raise NotFoundError(f"No active staff member is called {name!r}.")
    return confirm_manager(
        database=database, staff_id=person.id, pin=_read_pin(person.name), doing=doing
    )


def purge_lines(report: PurgeReport) -> list[str]:
    """What a purge did (or would do), in a few lines."""
    if report.months is None:
        return ["The store keeps customers' details until a manager erases them: nothing erased."]
    cutoff = report.cutoff.date().isoformat() if report.cutoff else ""
    verb = "Would erase" if report.dry_run else "Erased"
    lines = [
        f"Retention: {report.months} months (cases closed before {cutoff}).",
        f"{verb}: {report.customers} customers, {report.cases} cases, {report.notes} notes, "
        f"{report.attachments} attachments.",
    ]
    if not report.dry_run and report.customers:
        lines.append(
            f"Head office is told with the next sync ({report.events} earlier events erased); "
            f"{report.files_removed} attachment files deleted."
        )
    if report.more_waiting:
        lines.append("More customers are due: run it again (or close the day) for the next ones.")
    return lines


def run(arguments: argparse.Namespace, database: StoreDatabase) -> int:
    """Run ``customers purge`` or ``customers export``; returns the exit code.

    The database is disposed of before returning.
    """
    try:
        if arguments.customers_command == "purge":
            manager = _manager(database, arguments.manager, ERASE_PERSONAL_DATA)
            report = purge_personal_data(
                database=database, staff=manager, dry_run=arguments.dry_run
            )
            for line in purge_lines(report):
                print(line)
            return 0
        manager = _manager(database, arguments.manager, EXPORT_CUSTOMER_DATA)
        path = arguments.to.expanduser().absolute()
        data = export_customer(
            database=database, staff=manager, customer=arguments.customer, to=path
        )
    finally:
        database.dispose()
    print(f"Written: {path} ({len(data['cases'])} cases)")
    return 0
