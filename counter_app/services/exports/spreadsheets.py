"""The cases of a range of days as CSV (for accounting) and XLSX (for the store manager).

Every text cell that a spreadsheet would read as a formula (``=``, ``+``, ``-``,
``@``, tab, carriage return) is defused with a leading apostrophe: a summary
typed at the counter must never run in the office. The CSV keeps stable English
column names and integer cents beside a plain decimal amount, so scripts and
every locale read it alike; the XLSX has real numbers with the currency's
format, real dates, a bold frozen header and sized columns.
"""

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import xlsxwriter  # type: ignore[import-untyped]

from counter_app.domain.money import Money, minor_unit_digits
from counter_app.domain.spreadsheet_cells import safe_cell
from counter_app.i18n import say, say_later
from counter_app.services.exports.cases import CaseRow, CaseTable, case_table
from db.store.database import StoreDatabase

CASES_CSV_HEADER = (
    "number",
    "type",
    "status",
    "opened_local",
    "resolved_local",
    "staff",
    "customer",
    "summary",
    "refunds_cents",
    "refunds",
    "charges_cents",
    "charges",
    "tenders",
    "complaint_category",
    "complaint_severity",
)
LOCAL_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
# The XLSX columns: heading (translated when written), kind of cell, width in characters.
XLSX_COLUMNS: tuple[tuple[str, str, int], ...] = (
    (say_later("Case number"), "text", 22),
    (say_later("Type"), "text", 11),
    (say_later("Status"), "text", 12),
    (say_later("Opened"), "time", 17),
    (say_later("Resolved"), "time", 17),
    (say_later("Staff"), "text", 18),
    (say_later("Customer"), "text", 22),
    (say_later("Summary"), "text", 48),
    (say_later("Refunds"), "money", 13),
    (say_later("Charges"), "money", 13),
    (say_later("Tenders"), "text", 18),
    (say_later("Complaint category"), "text", 20),
    (say_later("Severity"), "text", 10),
)


def decimal_amount(cents: int, currency: str) -> Decimal:
    """Integer minor units as the currency's decimal amount (``1250`` EUR is ``12.50``)."""
    return Money.from_minor(cents, currency).amount


def _local(moment: datetime | None) -> str:
    return "" if moment is None else moment.strftime(LOCAL_TIME_FORMAT)


def _csv_row(row: CaseRow, currency: str) -> tuple[str, ...]:
    return (
        safe_cell(row.number),
        row.case_type,
        row.status,
        _local(row.opened_at),
        _local(row.resolved_at),
        safe_cell(row.staff),
        safe_cell(row.customer or ""),
        safe_cell(row.summary),
        str(row.refunds_cents),
        str(decimal_amount(row.refunds_cents, currency)),
        str(row.charges_cents),
        str(decimal_amount(row.charges_cents, currency)),
        ",".join(row.tenders),
        safe_cell(row.complaint_category or ""),
        row.complaint_severity or "",
    )


def csv_bytes(rows: Sequence[Sequence[str]]) -> bytes:
    """Rows as CSV in UTF-8 with a byte-order mark, which Excel needs to read it as UTF-8."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def table_csv(table: CaseTable) -> bytes:
    """A case table as CSV bytes, under :data:`CASES_CSV_HEADER`."""
    return csv_bytes([CASES_CSV_HEADER, *(_csv_row(row, table.currency) for row in table.rows)])


def cases_csv(*, database: StoreDatabase, first_day: date, last_day: date | None = None) -> bytes:
    """The cases created within the store's local days, as CSV bytes (see :func:`case_table`)."""
    return table_csv(case_table(database=database, first_day=first_day, last_day=last_day))


def _xlsx_cells(row: CaseRow, currency: str) -> tuple[Any, ...]:
    """The row's cell values, in :data:`XLSX_COLUMNS` order (times naive, in store time)."""
    return (
        row.number,
        row.case_type,
        row.status,
        row.opened_at.replace(tzinfo=None),
        None if row.resolved_at is None else row.resolved_at.replace(tzinfo=None),
        row.staff,
        row.customer or "",
        row.summary,
        float(decimal_amount(row.refunds_cents, currency)),
        float(decimal_amount(row.charges_cents, currency)),
        ", ".join(row.tenders),
        row.complaint_category or "",
        row.complaint_severity or "",
    )


def money_format(currency: str) -> str:
    """A number format showing the currency's decimals and its code: ``#,##0.00 "EUR"``."""
    digits = minor_unit_digits(currency)
    decimals = "." + "0" * digits if digits else ""
    return f'#,##0{decimals} "{currency}"'


def table_xlsx(table: CaseTable) -> bytes:
    """A case table as an XLSX workbook of one sheet."""
    buffer = io.BytesIO()
    # Text is only ever written as text: no cell turns into a formula or a link.
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    bold = workbook.add_format({"bold": True})
    formats = {
        "money": workbook.add_format({"num_format": money_format(table.currency)}),
        "time": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
    }
    sheet = workbook.add_worksheet(say("Cases")[:31])
    for index, (heading, kind, width) in enumerate(XLSX_COLUMNS):
        sheet.write_string(0, index, say(heading), bold)
        sheet.set_column(index, index, width, formats.get(kind))

    def write(line: int, index: int, kind: str, value: Any) -> None:
        if value is None or value == "":
            return  # an empty cell, not one holding ""; the column's format still applies
        if kind == "text":
            sheet.write_string(line, index, safe_cell(value))
        elif kind == "money":
            sheet.write_number(line, index, value, formats["money"])
        else:
            sheet.write_datetime(line, index, value, formats["time"])

    for line, row in enumerate(table.rows, start=1):
        for index, value in enumerate(_xlsx_cells(row, table.currency)):
            write(line, index, XLSX_COLUMNS[index][1], value)
    sheet.freeze_panes(1, 0)
    if table.rows:
        sheet.autofilter(0, 0, len(table.rows), len(XLSX_COLUMNS) - 1)
    workbook.close()
    return buffer.getvalue()


def cases_xlsx(*, database: StoreDatabase, first_day: date, last_day: date | None = None) -> bytes:
    """The cases created within the store's local days, as XLSX bytes (see :func:`case_table`)."""
    return table_xlsx(case_table(database=database, first_day=first_day, last_day=last_day))
