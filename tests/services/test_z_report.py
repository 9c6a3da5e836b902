"""The Z report: a generated day closed through the real services, printed, read back.

The day is written by the daily summary's generator (tests/services/summary_day.py),
closed with a counted cash that is short, and its Z report queued through the
print queue. The PDF is read back with pdftotext and compared with the frozen
snapshot, figure by figure; the expected lines are built here from the snapshot
with the store's money format, not by the code under test. Later activity must
not change a reprint, a printer that fails must not undo the close, and a day
that is not closed has no Z report.
"""

import json
import random
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from summary_day import DAY, DayWriter, Seeded, generate, local

from counter_app.devices.escpos_printer import z_report_ticket
from counter_app.domain.money import Money
from counter_app.services import cases, printing
from counter_app.services.day_close import ClosedDay, close_day, day_close, snapshot
from counter_app.services.summary import daily_summary
from counter_app.services.z_report import DayNotClosedError, z_report_data

CLOSE_AT = local(DAY + timedelta(days=1), 0, 20)
NEXT_DAY = DAY + timedelta(days=1)
SHORT_BY_CENTS = 1234
CASE_TYPES = {"return": "Returns", "exchange": "Exchanges", "complaint": "Complaints"}
TENDERS = {
    "cash": "Cash",
    "card": "Card",
    "store_credit": "Store credit",
    "original": "Original payment",
}


def euros(cents: int) -> str:
    return Money.from_minor(cents, "EUR").format("en_IE")


def pdf_text(path: Path) -> str:
    found = shutil.which("pdftotext")
    assert found, "pdftotext is missing: apt-get install -y poppler-utils"
    return subprocess.run(
        [found, "-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode()


def frozen_rows(closed: ClosedDay) -> list[tuple[str, str]]:
    """Every label and value the Z report must print, from the frozen close alone."""
    totals = closed.totals
    rows = [("Closed by", closed.closed_by_name)]
    rows += [(CASE_TYPES[kind], str(count)) for kind, count in totals["cases_by_type"].items()]
    rows.append(("All cases", str(totals["cases"])))
    rows.append(("Still open at the close", str(totals["open_cases"])))
    rows += [(TENDERS[kind], euros(cents)) for kind, cents in totals["refunds_by_tender"].items()]
    rows.append(("All refunds", euros(totals["refunds_cents"])))
    rows.append(("Expected out of the drawer", euros(closed.expected_cash_cents)))
    rows.append(("Counted", euros(closed.counted_cash_cents)))
    rows.append(("Difference", "-" + euros(-closed.difference_cents)))
    issued, redeemed = totals["credit_issued"], totals["credit_redeemed"]
    vouchers = "voucher" if issued["count"] == 1 else "vouchers"
    payments = "payment" if redeemed["count"] == 1 else "payments"
    rows.append((f"Issued ({issued['count']} {vouchers})", euros(issued["cents"])))
    rows.append((f"Redeemed ({redeemed['count']} {payments})", euros(redeemed["cents"])))
    rows.append(("Restocking fees", euros(totals["restocking_fees_cents"])))
    overrides = totals["overrides"]
    rows.append((f"Overrides ({overrides['count']})", euros(overrides["cents"])))
    rows.append(("Snapshot version", str(totals["version"])))
    return rows


def assert_shows(text: str, closed: ClosedDay) -> None:
    """Each frozen figure on one line of the report, its label left and its value right."""
    missing = [
        f"{label} ... {value}"
        for label, value in frozen_rows(closed)
        if not re.search(rf"^ *{re.escape(label)} +{re.escape(value)} *$", text, re.M)
    ]
    # The close's id is too long to share a line on the roll: it stands under its label.
    assert re.search(rf"^ *Close\s+{closed.id} *$", text, re.M)
    assert not missing, f"not on the Z report:\n{missing}\n---\n{text}"
    assert "Z REPORT" in text
    assert re.search(r"^\s*14 Jun 2026\s*$", text, re.M)
    assert re.search(r"^\s*Closed at\s+15 Jun 2026, 00:20\s*$", text, re.M)
    assert f"SHORT BY {euros(SHORT_BY_CENTS)}" in text


def close_generated_day(seeded: Seeded) -> ClosedDay:
    generate(seeded, 7)
    expected = daily_summary(database=seeded.database, first_day=DAY).cash_out_cents
    counted = Money.from_minor(expected - SHORT_BY_CENTS, "EUR").amount
    return close_day(
        database=seeded.database,
        staff=seeded.manager,
        day=DAY,
        counted_cash=str(counted),
        note="Float recounted.",
        now=CLOSE_AT,
    )


def test_the_z_report_prints_the_frozen_figures(seeded: Seeded) -> None:
    closed = close_generated_day(seeded)
    totals = closed.totals
    # The generated day has every figure the report shows, so none is printed as a zero.
    assert totals["credit_issued"]["count"]
    assert totals["credit_redeemed"]["count"]
    assert totals["overrides"]["count"]
    assert totals["restocking_fees_cents"]
    assert totals["open_cases"]
    assert len(totals["refunds_by_tender"]) >= 2
    assert closed.difference_cents == -SHORT_BY_CENTS

    job = printing.queue_z_report(database=seeded.database, day=DAY, now=CLOSE_AT)

    assert (job.document, job.reference, job.reason) == ("z_report", DAY.isoformat(), "completed")
    assert not job.open_cash_drawer
    assert [pending.job_id for pending in printing.pending_jobs(seeded.folder)] == [job.job_id]
    text = pdf_text(job.pdf)
    assert_shows(text, closed)
    assert "Float recounted." in text
    assert "REPRINT" not in text

    # The default printer saves PDFs in the data folder: the report lands there.
    run = printing.print_pending(data_dir=seeded.folder, now=CLOSE_AT)
    assert [printed.job_id for printed in run.printed] == [job.job_id]
    saved = seeded.folder / "printed" / f"{DAY.isoformat()}-z_report.pdf"
    assert saved.read_bytes() == run.printed[0].pdf.read_bytes()
    assert_shows(pdf_text(saved), closed)
    assert printing.pending_jobs(seeded.folder) == []


def test_a_reprint_after_more_activity_shows_what_was_frozen(seeded: Seeded) -> None:
    closed = close_generated_day(seeded)
    # The next day: a case of the closed day is resolved and new cases come in.
    still_open = seeded.sql(
        "SELECT number FROM service_case WHERE status = 'open' AND case_type = 'complaint' "
        "ORDER BY arrived_at DESC"
    )
    assert still_open
    for (number,) in still_open:
        cases.change_status(
            database=seeded.database,
            staff=seeded.manager,
            case_ref=number,
            target="resolved",
            now=local(NEXT_DAY, 10),
        )
    DayWriter(seeded, random.Random(3)).counter_case("return_cash", local(NEXT_DAY, 11), 60)
    recomputed = snapshot(daily_summary(database=seeded.database, first_day=DAY))
    assert recomputed["open_cases"] != closed.totals["open_cases"]

    week_later = CLOSE_AT + timedelta(days=7)
    job = printing.queue_z_report(
        database=seeded.database, day=DAY, reason="reprint", now=week_later
    )

    assert job.reason == "reprint"
    text = pdf_text(job.pdf)
    assert_shows(text, closed)
    assert "REPRINT" in text
    assert f"Still open at the close {recomputed['open_cases']}" not in " ".join(text.split())


def test_closing_then_printing_twice_queues_one_first_print(seeded: Seeded) -> None:
    close_generated_day(seeded)

    first = printing.queue_z_report(database=seeded.database, day=DAY, now=CLOSE_AT)
    again = printing.queue_z_report(database=seeded.database, day=DAY, now=CLOSE_AT)
    assert again.job_id == first.job_id
    assert len(printing.pending_jobs(seeded.folder)) == 1

    printing.print_pending(data_dir=seeded.folder, now=CLOSE_AT)
    after_printing = printing.queue_z_report(database=seeded.database, day=DAY, now=CLOSE_AT)
    assert after_printing.job_id == first.job_id
    assert printing.pending_jobs(seeded.folder) == []

    reprint = printing.queue_z_report(
        database=seeded.database, day=DAY, reason="reprint", now=CLOSE_AT
    )
    assert reprint.job_id != first.job_id
    assert [job.reason for job in printing.pending_jobs(seeded.folder)] == ["reprint"]


def test_a_failing_printer_leaves_the_report_queued_and_the_close_stands(
    seeded: Seeded, tmp_path: Path
) -> None:
    closed = close_generated_day(seeded)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    (seeded.folder / "counter-settings.json").write_text(
        json.dumps({"printers": {"receipt": {"kind": "pdf_folder", "pdf_folder": str(blocked)}}})
    )
    audit_before = seeded.count("auditevent")

    job = printing.queue_z_report(database=seeded.database, day=DAY, now=CLOSE_AT)
    run = printing.print_pending(data_dir=seeded.folder, now=CLOSE_AT)

    assert run.printed == ()
    [failed] = run.failed
    assert failed.job_id == job.job_id
    assert failed.last_error
    assert "Z report" in failed.last_error
    assert str(blocked) in failed.last_error
    [waiting] = printing.pending_jobs(seeded.folder)
    assert (waiting.job_id, waiting.attempts) == (job.job_id, 1)
    # Printing wrote nothing to the database, and the close is as it was.
    assert day_close(database=seeded.database, day=DAY) == closed
    assert seeded.count("auditevent") == audit_before


def test_a_day_not_closed_has_no_z_report(seeded: Seeded) -> None:
    generate(seeded, 7)

    for reason in ("completed", "reprint"):
        with pytest.raises(DayNotClosedError, match="not closed yet"):
            printing.queue_z_report(database=seeded.database, day=DAY, reason=reason)  # type: ignore[arg-type]
    assert printing.pending_jobs(seeded.folder) == []
    with pytest.raises(DayNotClosedError):
        printing.document_pdf(database=seeded.database, document="z_report", reference="2026-06-14")


def test_the_escpos_ticket_is_laid_out_as_the_pdf(seeded: Seeded) -> None:
    closed = close_generated_day(seeded)
    report = z_report_data(database=seeded.database, day=DAY)

    for columns in (42, 48):
        ticket = z_report_ticket(report, columns)
        lines = [text for text, _ in ticket.lines + ticket.after_barcode]
        assert all(len(line) <= columns for line in lines)
        text = "\n".join(lines)
        assert_shows(text, closed)
