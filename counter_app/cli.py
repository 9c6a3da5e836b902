"""The ``counter-app`` command: the desktop by default, and tools for set-up and IT.

The desktop itself lives in ``ui``, above this layer, so the launcher is
handed in by the entry point (``ui.main``) instead of imported here; the
commands below never load Qt. Every failure prints one line and exits
non-zero: a traceback is for bugs only.
"""

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Never, NoReturn

from pydantic import ValidationError
from tqdm import tqdm

from counter_app import __version__, customers_cli, printers_cli, summary_cli
from counter_app.config import Settings, load_settings, settings_problem
from counter_app.devices.base import DocumentKind
from counter_app.domain.validation import InputError
from counter_app.headoffice import cli as headoffice_cli
from counter_app.headoffice.stores import StoreRegistryError
from counter_app.services import audit, backups, demo, printing
from counter_app.services.database import (
    BACKUP_FOLDER,
    DatabaseDamagedError,
    StorageError,
    StoreDatabase,
    head_revision,
    open_store_database,
)
from counter_app.services.errors import ServiceError
from counter_app.services.health import database_health
from counter_app.sync import cli as sync_cli
from counter_app.sync.errors import SyncError

DesktopLauncher = Callable[[Settings], int]
PROG = "counter-app"


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, pointing at --help."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see '{PROG} --help')\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Counter: complaints, returns and exchanges at the service desk. "
        "With no command, opens the desktop.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="folder holding the store database and backups "
        "(default: COUNTER_DATA_DIR, else this user's data folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    demo_parser = commands.add_parser(
        "demo", help="set up the demo store (for training and trials)"
    )
    demo_parser.add_argument(
        "--if-empty",
        action="store_true",
        help="do nothing if a store is already set up, instead of refusing",
    )

    db_parser = commands.add_parser("db", help="database tools")
    db_commands = db_parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_commands.add_parser("check", help="integrity check and schema version")

    backup_parser = commands.add_parser("backup", help="copy the live database to a backup file")
    backup_parser.add_argument(
        "--to",
        type=Path,
        metavar="FILE",
        help=f"where to write it (default: DATA_DIR/{BACKUP_FOLDER}/)",
    )
    backup_parser.add_argument(
        "--list", action="store_true", help="list the backups in the data folder, newest first"
    )

    restore_parser = commands.add_parser(
        "restore", help="check a backup file and put it in place of the live database"
    )
    restore_parser.add_argument("file", type=Path, metavar="FILE", help="the backup to restore")
    restore_parser.add_argument(
        "--force",
        action="store_true",
        help="restore even if the backup holds another store's database",
    )

    audit_parser = commands.add_parser("audit", help="audit trail tools")
    audit_commands = audit_parser.add_subparsers(
        dest="audit_command", metavar="ACTION", required=True
    )
    audit_commands.add_parser(
        "verify", help="recompute the hash chain and report the first broken link"
    )
    _add_print_parser(commands)
    sync_cli.add_parser(commands)
    headoffice_cli.add_parser(commands)
    summary_cli.add_parser(commands)
    customers_cli.add_parser(commands)
    printers_cli.add_parser(commands)
    return parser


# The print command's documents: (name typed, document kind, what identifies it, help).
PRINTABLE: tuple[tuple[str, DocumentKind, str, str], ...] = (
    ("receipt", "receipt", "CASE_NUMBER", "a case's customer receipt"),
    ("label", "return_label", "CASE_NUMBER", "a case's 4x6 in return label"),
    ("voucher", "voucher", "CODE", "a store-credit voucher"),
    ("z-report", "z_report", "DAY", "a closed day's Z report (the day as YYYY-MM-DD)"),
)


def _add_print_parser(commands: "argparse._SubParsersAction[_Parser]") -> None:
    print_parser = commands.add_parser(
        "print", help="write a receipt, return label, voucher or Z report as a PDF file"
    )
    documents = print_parser.add_subparsers(
        dest="print_document", metavar="DOCUMENT", required=True
    )
    for name, _kind, reference, words in PRINTABLE:
        document = documents.add_parser(name, help=f"write {words} as a PDF")
        document.add_argument("reference", metavar=reference)
        document.add_argument(
            "--to", type=Path, metavar="FILE", required=True, help="the PDF file to write"
        )
        if name != "label":
            document.add_argument(
                "--paper",
                choices=("roll80", "a4"),
                default="roll80",
                help="80 mm receipt roll (default) or an A4 page",
            )


def _open(settings: Settings) -> StoreDatabase:
    opened = open_store_database(settings.data_dir)
    if opened.upgrade.backup is not None:
        print(
            f"Database upgraded to schema {opened.upgrade.to_revision}; "
            f"the previous version is kept at {opened.upgrade.backup}"
        )
    return opened.database


def _run_demo(settings: Settings, *, if_empty: bool) -> int:
    bars: dict[str, tqdm[Never]] = {}

    def progress(step: str, done: int, total: int) -> None:
        if step not in bars:
            bars[step] = tqdm(
                total=total, desc=f"{step:<15}", unit=" rows", file=sys.stderr, disable=None
            )
        bar = bars[step]
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    try:
        store = demo.install_demo_store(data_dir=settings.data_dir, progress=progress)
    except demo.DemoAlreadySetUpError:
        if not if_empty:
            raise
        print(f"A store is already set up in {settings.data_dir}; the demo was not added.")
        return 0
    print(f"Demo store {store.code} ({store.name}) is ready in {settings.data_dir}.")
    print(
        "Sign in as: "
        + ", ".join(
            f"{person.name} ({person.role.value}, PIN {person.pin})" for person in demo.DEMO_STAFF
        )
    )
    return 0


def _run_db_check(settings: Settings, arguments: argparse.Namespace) -> int:
    database = _open(settings)
    try:
        health = database_health(database=database)
    finally:
        database.dispose()
    print(f"Database:        {health.path}")
    print(f"Schema version:  {health.schema_revision} (this program expects {head_revision()})")
    print(f"Store:           {health.store or 'not set up yet'}")
    print(f"Cases:           {health.cases:,}")
    print(f"Waiting to sync: {health.outbox_pending:,} changes")
    print(f"Audit events:    {health.audit_events:,}")
    if health.problems:
        print("Integrity check: FAILED")
        for problem in health.problems[:20]:
            print(f"  - {problem}")
        print(_restore_hint(arguments, settings.data_dir))
        return 1
    print("Integrity check: ok")
    return 0


def _run_backup(settings: Settings, target: Path | None) -> int:
    database = _open(settings)
    try:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        name = f"counter-{stamp}.sqlite"
        destination = (target or settings.data_dir / BACKUP_FOLDER / name).expanduser().resolve()
        if destination.is_dir():  # a folder such as a USB stick: the backup goes inside it
            destination = destination / name
        written = database.backup_to(destination)
    finally:
        database.dispose()
    print(f"Backup written to {written}")
    return 0


def _run_backup_list(settings: Settings) -> int:
    found = backups.list_backups(settings.data_dir)
    if not found:
        print(f"No backups in {backups.backup_folder(settings.data_dir)}.")
        return 0
    for backup in found:
        when = backup.modified.strftime("%Y-%m-%d %H:%M UTC")
        print(f"{when}  {backup.size / 1_000_000:8.1f} MB  {backup.path}")
    return 0


def _run_restore(settings: Settings, arguments: argparse.Namespace) -> int:
    outcome = backups.restore_backup(settings.data_dir, arguments.file, force=arguments.force)
    database = _open(settings)  # upgrades a backup from an older version, as any start would
    database.dispose()
    restored = outcome.restored
    print(
        f"Restored store {restored.store_code} ({restored.cases:,} cases) from {restored.path}."
        + (
            f" The replaced database is kept at {outcome.before_restore}."
            if outcome.before_restore
            else ""
        )
    )
    return 0


def _restore_hint(arguments: argparse.Namespace, data_dir: Path) -> str:
    """The sentence offering the newest good backup, as a command to type."""
    latest = backups.latest_good_backup(data_dir)
    if latest is None:
        return f"No good backup was found in {backups.backup_folder(data_dir)}."
    folder = f" --data-dir {arguments.data_dir}" if arguments.data_dir is not None else ""
    return (
        f"The newest good backup ({latest.cases:,} cases) can be put back with: "
        f"{PROG}{folder} restore {latest.path}"
    )


def _run_audit_verify(settings: Settings) -> int:
    database = _open(settings)
    try:
        report = audit.verify_audit_chain(database=database)
    finally:
        database.dispose()
    if report.broken is None:
        print(f"Audit trail intact: {report.events_checked:,} events checked.")
        if report.events_erased:
            print(
                f"{report.events_erased:,} of them had a customer's words erased under the"
                " retention policy; their place in the chain and their recorded erasure"
                " are checked."
            )
        return 0
    print(
        f"Audit trail BROKEN: {report.broken.reason}. Events before {report.broken.seq} are intact."
    )
    return 1


def _run_print(settings: Settings, arguments: argparse.Namespace) -> int:
    kind = next(kind for name, kind, _, _ in PRINTABLE if name == arguments.print_document)
    database = _open(settings)
    try:
        content = printing.document_pdf(
            database=database,
            document=kind,
            reference=arguments.reference,
            paper=getattr(arguments, "paper", "roll80"),
        )
    finally:
        database.dispose()
    target = arguments.to.expanduser()
    try:
        written = printing.write_pdf_file(target, content)
    except OSError as error:
        print(
            f"{PROG}: the PDF was not written to {target}: {error.strerror or error}",
            file=sys.stderr,
        )
        return 1
    print(f"{kind.replace('_', ' ').capitalize()} {arguments.reference} written to {written}")
    return 0


def _run_sync(settings: Settings, arguments: argparse.Namespace) -> int:
    database = _open(settings)
    try:
        return sync_cli.run(arguments, database, settings.data_dir)
    finally:
        database.dispose()


def main(argv: Sequence[str] | None = None, *, desktop: DesktopLauncher | None = None) -> int:
    """Run ``counter-app`` with ``argv``; returns the process exit code.

    Args:
        argv: the arguments after the program name (default: ``sys.argv[1:]``).
        desktop: opens the desktop window; given by the entry point in ``ui``.
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    arguments = _parser().parse_args(argv)
    try:
        settings = load_settings(arguments.data_dir)
        if arguments.command is None:
            if desktop is None:
                print(
                    f"{PROG}: the desktop is not available in this installation.", file=sys.stderr
                )
                return 2
            return desktop(settings)
        if arguments.command == "demo":
            return _run_demo(settings, if_empty=arguments.if_empty)
        if arguments.command == "db":
            return _run_db_check(settings, arguments)
        if arguments.command == "backup":
            if arguments.list:
                return _run_backup_list(settings)
            return _run_backup(settings, arguments.to)
        if arguments.command == "restore":
            return _run_restore(settings, arguments)
        if arguments.command == "print":
            return _run_print(settings, arguments)
        if arguments.command == "headoffice":
            return headoffice_cli.run(arguments, settings.data_dir)
        if arguments.command == "sync":
            return _run_sync(settings, arguments)
        if arguments.command == "summary":
            return summary_cli.run(arguments, _open(settings))
        if arguments.command == "customers":
            return customers_cli.run(arguments, _open(settings))
        if arguments.command == "printers":
            return printers_cli.run()
        return _run_audit_verify(settings)
    except ValidationError as error:
        print(f"{PROG}: {settings_problem(error)}", file=sys.stderr)
    except DatabaseDamagedError as error:
        print(f"{PROG}: {error} {_restore_hint(arguments, settings.data_dir)}", file=sys.stderr)
    except (
        StorageError,
        ServiceError,
        InputError,
        demo.DemoAlreadySetUpError,
        StoreRegistryError,
        SyncError,
    ) as error:
        print(f"{PROG}: {error}", file=sys.stderr)
    except KeyboardInterrupt:
        print(
            f"{PROG}: interrupted; everything saved before the interruption is kept.",
            file=sys.stderr,
        )
        return 130
    return 1
