"""The daily summary's PDF, read back with poppler: the figures printed are the summary's.

The day is written through the real services (tests/services/summary_day.py) and
summed by the real summary; the PDF is then turned back into text with
``pdftotext -layout`` and its images listed with ``pdfimages -list``, so what is
checked is what a printer would put on paper.
"""

import subprocess
from datetime import date
from pathlib import Path

import pytest
from summary_day import DAY, Seeded, generate

from counter_app.documents.formats import Formats
from counter_app.documents.summary_report import (
    duration,
    headline_rows,
    kind_word,
    render_summary_report,
)
from counter_app.services.summary import DailySummary, daily_summary

STORE = "Test Store, Grafton Street"
LOCALE = "en_IE"


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def _lines(text: str) -> list[str]:
    """The text's lines with runs of spaces made one, so cells read ``label value``."""
    text = text.replace("\N{NO-BREAK SPACE}", " ")
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _has_row(lines: list[str], *cells: str) -> bool:
    """Some line shows every cell, in order."""
    for line in lines:
        position = 0
        for cell in cells:
            found = line.find(cell, position)
            if found < 0:
                break
            position = found + len(cell)
        else:
            return True
    return False


def _images(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    path = tmp_path / "images.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["pdfimages", "-list", str(path)], check=True, capture_output=True, text=True
    )
    rows = [line.split() for line in done.stdout.splitlines()[2:] if line.strip()]
    return [row for row in rows if row[2] == "image"]


@pytest.fixture
def busy_day(seeded: Seeded) -> DailySummary:
    generate(seeded, 7)
    summary = daily_summary(database=seeded.database, first_day=DAY)
    assert summary.cases > 0
    assert summary.refunds_cents > 0
    assert summary.complaints_by_category
    return summary


def test_the_printed_figures_are_the_summarys(busy_day: DailySummary, tmp_path: Path) -> None:
    summary = busy_day
    formats = Formats(summary.currency, LOCALE)
    pdf = render_summary_report(summary, store_name=STORE, locale=LOCALE)
    assert pdf.startswith(b"%PDF-")
    lines = _lines(_pdf_text(pdf, tmp_path))

    assert _has_row(lines, f"Daily summary: {STORE}")
    assert _has_row(lines, formats.day(DAY))
    for _, label, value in headline_rows(summary, formats):
        assert _has_row(lines, label, value), (label, value)
    # The headline's own figures, formatted independently of headline_rows.
    assert _has_row(lines, "Refunds total", formats.money(summary.refunds_cents))
    assert _has_row(lines, "Cash out of the drawer", formats.money(summary.cash_out_cents))
    assert _has_row(lines, "Waiting, 90th percentile", duration(summary.waiting.p90_seconds))
    assert summary.earlier is not None
    assert _has_row(lines, f"vs. {formats.short_day(summary.earlier.last_week.day)}")
    assert any("▲" in line or "▼" in line for line in lines)

    refunds = {
        "return": summary.returns.refunds_cents,
        "exchange": summary.exchanges.refunds_cents,
        "complaint": summary.complaints_money.refunds_cents,
    }
    for kind, cases in summary.cases_by_type.items():
        assert _has_row(lines, kind_word(kind), str(cases), formats.money(refunds[kind]))
    for status, cases in summary.cases_by_status.items():
        assert _has_row(lines, kind_word(status), str(cases))
    for tender, cents in summary.refunds_by_tender.items():
        assert _has_row(lines, kind_word(tender), formats.money(cents))
    for category, cases in summary.complaints_by_category.items():
        assert _has_row(lines, category, str(cases))
    for severity, cases in summary.complaints_by_severity.items():
        assert _has_row(lines, kind_word(severity), str(cases))
    for product in summary.top_returned:
        assert _has_row(lines, product.name, str(product.quantity), str(product.cases))
    for override in summary.overrides:
        assert _has_row(lines, override.case_number, formats.money(override.amount_cents))
    if summary.overrides:
        assert _has_row(lines, "Total", formats.money(summary.overrides_cents))
    for age, cases in summary.open_cases.by_age.items():
        assert _has_row(lines, kind_word(age), str(cases))
    assert _has_row(lines, "Total still open", str(summary.open_cases.total))

    charts = _images(pdf, tmp_path)
    assert len(charts) == 3, charts


def test_the_busiest_hour_is_printed_in_words(busy_day: DailySummary, tmp_path: Path) -> None:
    summary = busy_day
    pdf = render_summary_report(summary, store_name=STORE, locale=LOCALE)
    lines = _lines(_pdf_text(pdf, tmp_path))

    assert summary.busiest_hour is not None
    hour, cases = summary.busiest_hour
    assert cases == max(summary.cases_by_hour) > 1
    plural = "case" if cases == 1 else "cases"
    assert _has_row(
        lines, f"Busiest hour: {hour:02d}:00\N{EN DASH}{hour + 1:02d}:00, {cases} {plural}"
    )
    charts = _images(pdf, tmp_path)
    # The hourly chart runs across the page: wider than the two charts side by side.
    widths = sorted(int(chart[3]) for chart in charts)
    assert widths[-1] > 1.8 * widths[0], charts


def test_the_first_page_renders_to_an_image(busy_day: DailySummary, tmp_path: Path) -> None:
    pdf = render_summary_report(busy_day, store_name=STORE, locale=LOCALE)
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)
    target = tmp_path / "summary-report"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "60",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(path),
            str(target),
        ],
        check=True,
    )
    # A4 at 60 dpi: 8.27 x 11.69 inches is about 496 x 702 pixels; portrait.
    header = (tmp_path / "summary-report.png").read_bytes()[:24]
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert abs(width - 496) <= 1
    assert abs(height - 702) <= 1


def test_money_follows_the_stores_locale(busy_day: DailySummary, tmp_path: Path) -> None:
    pdf = render_summary_report(busy_day, store_name=STORE, locale="de_DE")
    lines = _lines(_pdf_text(pdf, tmp_path))
    german = Formats(busy_day.currency, "de_DE").money(busy_day.refunds_cents)
    assert german.endswith("€")
    assert "," in german
    assert _has_row(lines, "Refunds total", german.replace("\N{NO-BREAK SPACE}", " "))


def test_an_empty_day_prints_without_charts(seeded: Seeded, tmp_path: Path) -> None:
    summary = daily_summary(database=seeded.database, first_day=date(2026, 1, 5))
    pdf = render_summary_report(summary, store_name="Филиал Ζωή", locale=LOCALE)
    lines = _lines(_pdf_text(pdf, tmp_path))
    assert _has_row(lines, "Daily summary: Филиал Ζωή")
    assert _has_row(lines, "Cases", "0")
    assert _has_row(lines, "Waiting, average", "\N{EN DASH}")
    assert _has_row(lines, "No complaints on these days.")
    assert _has_row(lines, "No refunds on these days.")
    assert not any("Busiest hour" in line for line in lines)
    assert _images(pdf, tmp_path) == []
