"""``counter-app summary``: the headline figures printed, and the export files written.

Runs the real command over a copy of the demo store, on the store-local day
with the most cases, and reads the files back: the CSVs with the csv module,
the workbook with openpyxl, and compares them with plain sqlite3 and with the
services that build them.
"""

import csv
import io
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from counter_app import cli
from counter_app.services.database import open_store_database
from counter_app.services.exports import CASES_CSV_HEADER, SUMMARY_CSV_HEADER, cases_csv

DUBLIN = ZoneInfo("Europe/Dublin")  # the demo store's time zone


def _local_days(folder, query) -> list[date]:
    """The store-local day each case of the demo was opened on."""
    return [
        datetime.fromisoformat(created).replace(tzinfo=UTC).astimezone(DUBLIN).date()
        for (created,) in query(folder, "SELECT created_at FROM service_case")
    ]


def _busiest_day(folder, query) -> tuple[date, int]:
    """The demo's store-local day with the most cases, and how many it has."""
    return Counter(_local_days(folder, query)).most_common(1)[0]


def _csv(path) -> list[list[str]]:
    content = path.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_summary_prints_the_figures_and_writes_the_files(demo_dir, query, capsys, tmp_path):
    day, cases = _busiest_day(demo_dir, query)
    figures, table, workbook = tmp_path / "f.csv", tmp_path / "c.csv", tmp_path / "c.xlsx"
    code = cli.main(
        [
            "--data-dir",
            str(demo_dir),
            "summary",
            "--date",
            day.isoformat(),
            "--csv",
            str(figures),
            "--cases-csv",
            str(table),
            "--cases-xlsx",
            str(workbook),
        ]
    )
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert f"Summary for {day.isoformat()} (Europe/Dublin)" in out
    assert f"Cases:         {cases} (" in out
    assert out.count("Written: ") == 3

    header, *rows = _csv(figures)
    assert tuple(header) == SUMMARY_CSV_HEADER
    assert ["cases", "total", "count", str(cases), ""] in rows

    header, *case_rows = _csv(table)
    assert tuple(header) == CASES_CSV_HEADER
    numbers = [row[0] for row in case_rows]
    prefix = f"-{day.strftime('%Y%m%d')}-"
    assert len(numbers) == cases
    assert all(prefix in number for number in numbers)
    refunds = {row[0]: int(row[8]) for row in case_rows}
    stored = dict(
        query(
            demo_dir,
            "SELECT c.number, coalesce(sum(p.amount_cents), 0) FROM service_case c "
            "LEFT JOIN payment p ON p.case_id = c.id AND p.kind = 'refund' "
            "WHERE c.number LIKE ? GROUP BY c.number",
            (f"%{prefix}%",),
        )
    )
    assert refunds == stored

    database = open_store_database(demo_dir).database
    try:
        assert table.read_bytes() == cases_csv(database=database, first_day=day)
    finally:
        database.dispose()

    sheet = openpyxl.load_workbook(workbook).active
    assert sheet.max_row == cases + 1
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == numbers


def test_a_range_counts_every_day_in_it(demo_dir, query, capsys, tmp_path):
    day, _ = _busiest_day(demo_dir, query)
    first, last = day - timedelta(days=6), day
    in_range = sum(first <= opened <= last for opened in _local_days(demo_dir, query))
    table = tmp_path / "week.csv"
    code = cli.main(
        [
            "--data-dir",
            str(demo_dir),
            "summary",
            "--date",
            first.isoformat(),
            "--to",
            last.isoformat(),
            "--cases-csv",
            str(table),
        ]
    )
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert f"to {last.isoformat()}" in out
    assert len(_csv(table)) == in_range + 1


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--date", "14/06/2026"], "not a calendar day"),
        (["--date", "2026-02-30"], "not a calendar day"),
        ([], "required: --date"),
    ],
)
def test_a_bad_date_is_one_line_and_exit_2(demo_dir, argv, words, capsys, tmp_path):
    target = tmp_path / "never.csv"
    with pytest.raises(SystemExit) as finished:
        cli.main(["--data-dir", str(demo_dir), "summary", *argv, "--csv", str(target)])
    assert finished.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert words in err
    assert not target.exists()


def test_a_range_backwards_is_one_line_and_exit_1(demo_dir, capsys, tmp_path):
    target = tmp_path / "never.csv"
    code = cli.main(
        [
            "--data-dir",
            str(demo_dir),
            "summary",
            "--date",
            "2026-06-15",
            "--to",
            "2026-06-14",
            "--csv",
            str(target),
        ]
    )
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "before the first day" in err
    assert not target.exists()


def test_a_file_that_cannot_be_written_is_one_line_and_exit_1(demo_dir, capsys, tmp_path):
    target = tmp_path / "no-such-folder" / "figures.csv"
    code = cli.main(
        ["--data-dir", str(demo_dir), "summary", "--date", "2026-06-14", "--csv", str(target)]
    )
    out, err = capsys.readouterr()
    assert code == 1
    assert "Summary for 2026-06-14" in out
    assert len(err.strip().splitlines()) == 1
    assert "was not written" in err
    assert not target.exists()
