"""Exports for accounting and the store manager: the daily summary and the cases, as files."""

from counter_app.services.exports.cases import CaseRow, CaseTable, case_table, cases_rows
from counter_app.services.exports.spreadsheets import CASES_CSV_HEADER, cases_csv, cases_xlsx
from counter_app.services.exports.summary_table import SUMMARY_CSV_HEADER, summary_csv

__all__ = [
    "CASES_CSV_HEADER",
    "SUMMARY_CSV_HEADER",
    "CaseRow",
    "CaseTable",
    "case_table",
    "cases_csv",
    "cases_rows",
    "cases_xlsx",
    "summary_csv",
]
