"""``counter-app summary --pdf``: the day's report written as an A4 PDF, read back with poppler.

Runs the real command over a copy of the demo store, on the store-local day
with the most cases, and compares the text of the PDF with the summary the
service computes for that day.
"""

import subprocess
from collections import Counter
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from counter_app import cli
from counter_app.documents.formats import Formats
from counter_app.documents.summary_report import headline_rows
from counter_app.services.database import open_store_database
from counter_app.services.store_setup import current_store
from counter_app.services.summary import daily_summary

DUBLIN = ZoneInfo("Europe/Dublin")  # the demo store's time zone


def _busiest_day(folder, query) -> date:
    days = [
        datetime.fromisoformat(created).replace(tzinfo=UTC).astimezone(DUBLIN).date()
        for (created,) in query(folder, "SELECT created_at FROM service_case")
    ]
    return Counter(days).most_common(1)[0][0]


def test_summary_writes_the_days_report_as_pdf(demo_dir, query, capsys, tmp_path):
    day = _busiest_day(demo_dir, query)
    report = tmp_path / "summary.pdf"
    code = cli.main(
        ["--data-dir", str(demo_dir), "summary", "--date", day.isoformat(), "--pdf", str(report)]
    )
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert "Written: " in out
    assert report.read_bytes().startswith(b"%PDF-")

    database = open_store_database(demo_dir).database
    try:
        store = current_store(database=database)
        summary = daily_summary(database=database, first_day=day)
    finally:
        database.dispose()
    assert store is not None
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(report), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.replace("\N{NO-BREAK SPACE}", " ")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    # A long title may wrap; its words are all there, in order.
    assert f"Daily summary: {store.name}" in " ".join(" ".join(lines).split())
    formats = Formats(summary.currency, store.locale)
    for _, label, value in headline_rows(summary, formats):
        value = value.replace("\N{NO-BREAK SPACE}", " ")
        assert any(line.startswith(f"{label} {value}") for line in lines), (label, value)
