"""``counter-app summary``: a range's headline figures, and the exports for accounting.

Prints a few lines for whoever runs it and writes the files asked for: the
summary's figures as CSV and as an A4 PDF, the cases as CSV and as XLSX. Every file is built
before the first is written, so bad input leaves no file behind; a file that
cannot be written is one line and exit 1.
"""

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from counter_app.services import exports, printing
from counter_app.services.exports.spreadsheets import decimal_amount, table_csv, table_xlsx
from counter_app.services.store_setup import current_store
from counter_app.services.summary import DailySummary, daily_summary
from db.store.database import StoreDatabase

PROG = "counter-app summary"


def calendar_day(text: str) -> date:
    """A ``YYYY-MM-DD`` argument as a date; argparse turns the refusal into one line."""
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a calendar day; write it as YYYY-MM-DD, e.g. 2026-06-14"
        ) from None


def add_parser(commands: "argparse._SubParsersAction[Any]") -> None:
    """Add ``summary`` to the command line."""
    parser = commands.add_parser(
        "summary", help="print a day's (or a range's) figures and export them as CSV or XLSX"
    )
    parser.add_argument(
        "--date", type=calendar_day, required=True, metavar="YYYY-MM-DD", help="the (first) day"
    )
    parser.add_argument(
        "--to", type=calendar_day, metavar="YYYY-MM-DD", help="the last day (default: --date)"
    )
    parser.add_argument("--csv", type=Path, metavar="FILE", help="write the figures as CSV")
    parser.add_argument(
        "--cases-csv", type=Path, metavar="FILE", help="write the range's cases as CSV"
    )
    parser.add_argument(
        "--cases-xlsx", type=Path, metavar="FILE", help="write the range's cases as XLSX"
    )
    parser.add_argument(
        "--pdf", type=Path, metavar="FILE", help="write the summary as an A4 PDF with charts"
    )


def _amount(cents: int, currency: str) -> str:
    return f"{decimal_amount(cents, currency)} {currency}"


def _seconds(value: int | None) -> str:
    return "-" if value is None else f"{value // 60}:{value % 60:02d}"


def headline_lines(summary: DailySummary) -> list[str]:
    """The few figures worth a glance, as plain English lines."""
    days = summary.first_day.isoformat()
    if summary.last_day != summary.first_day:
        days += f" to {summary.last_day.isoformat()}"
    currency = summary.currency
    kinds = ", ".join(f"{count} {kind}" for kind, count in summary.cases_by_type.items())
    tenders = ", ".join(
        f"{tender} {_amount(cents, currency)}"
        for tender, cents in summary.refunds_by_tender.items()
        if cents
    )
    issued, redeemed = summary.credit_issued, summary.credit_redeemed
    return [
        f"Summary for {days} ({summary.timezone})",
        f"Cases:         {summary.cases} ({kinds})",
        f"Refunds:       {_amount(summary.refunds_cents, currency)}"
        + (f" ({tenders})" if tenders else ""),
        f"Cash out:      {_amount(summary.cash_out_cents, currency)}",
        f"Vouchers:      {issued.count} issued ({_amount(issued.cents, currency)}), "
        f"{redeemed.count} redeemed ({_amount(redeemed.cents, currency)})",
        f"Waiting p90:   {_seconds(summary.waiting.p90_seconds)} (min:s)",
        f"Still open:    {summary.open_cases.total} "
        f"({summary.open_cases.overdue} follow-ups overdue)",
    ]


def run(arguments: argparse.Namespace, database: StoreDatabase) -> int:
    """Print the figures and write the files asked for; returns the exit code.

    The database is disposed of before returning.
    """
    try:
        summary = daily_summary(database=database, first_day=arguments.date, last_day=arguments.to)
        files: list[tuple[Path, bytes]] = []
        if arguments.csv is not None:
            files.append((arguments.csv, exports.summary_csv(summary)))
        if arguments.pdf is not None:
            # Here, not at the top: matplotlib takes a second to load, and every
            # counter-app command (the desktop too) loads this module.
            from counter_app.documents.summary_report import render_summary_report

            store = current_store(database=database)
            report = render_summary_report(
                summary,
                store_name=store.name if store else "",
                locale=store.locale if store else "en",
            )
            files.append((arguments.pdf, report))
        if arguments.cases_csv is not None or arguments.cases_xlsx is not None:
            table = exports.case_table(
                database=database, first_day=summary.first_day, last_day=summary.last_day
            )
            if arguments.cases_csv is not None:
                files.append((arguments.cases_csv, table_csv(table)))
            if arguments.cases_xlsx is not None:
                files.append((arguments.cases_xlsx, table_xlsx(table)))
    finally:
        database.dispose()
    for line in headline_lines(summary):
        print(line)
    for target, content in files:
        path = target.expanduser()
        try:
            written = printing.write_pdf_file(path, content)
        except OSError as error:
            print(f"{PROG}: {path} was not written: {error.strerror or error}", file=sys.stderr)
            return 1
        print(f"Written: {written}")
    return 0
