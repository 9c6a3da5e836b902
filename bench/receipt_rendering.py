"""Rendering a receipt and a return label, against a bare reportlab canvas drawing the same content.

Run it as ``python -m bench.receipt_rendering [--rounds N] [--check]``.

The demo store is seeded once into a temporary folder and the return case with
the most lines is read back as the documents' data, as the counter does before
printing. Each document is rendered once, untimed, with reportlab's canvas
watched, to learn every string it prints (in its font and size), each Code 128
symbol it draws and its page size. The baseline then draws exactly that on a
bare canvas: one ``drawString`` per string, the same Code 128 through
reportlab's own widget (and for the label the QR code from reportlab's own
encoder, one square per dark module), with the same output settings
(invariant, compressed, fonts embedded).
What is left between the two is the documents' own work: wrapping, measuring,
laying out and sizing barcodes.

Both sides are timed round by round, in alternating order, so whatever else the
machine does hits both alike; the ratio of the medians is what is held to the
target. It is a measurement: the exit code is 0 whatever the ratio, unless
``--check`` asks for 1 when a ratio is over the target.
"""

import argparse
import gc
import io
import platform
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest import mock

import reportlab
from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.pdfgen.canvas import Canvas

from bench.statistics import median, p99
from counter_app.documents.fonts import MONO, register_fonts
from counter_app.documents.receipt import render_receipt
from counter_app.documents.return_label import BAND, render_return_label
from counter_app.services.case_documents import label_data, receipt_data
from counter_app.services.database import open_store_database
from counter_app.services.demo import seed_demo_store

TARGET = 1.5  # issue 5: a receipt renders within 1.5x the bare canvas
DEMO_NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # the demo store is the same every run
WARM_UP_ROUNDS = 3
TEXT_METHODS = ("drawString", "drawCentredString", "drawRightString")

# The return case whose documents say the most: the most lines, then the most payments.
BUSIEST_RETURN = """
    SELECT c.number FROM service_case c
    JOIN caseline l ON l.case_id = c.id
    WHERE c.case_type = 'return'
    GROUP BY c.id
    ORDER BY COUNT(l.id) DESC,
        (SELECT COUNT(*) FROM payment p WHERE p.case_id = c.id) DESC,
        c.number
    LIMIT 1
"""


@dataclass(frozen=True)
class DrawnText:
    """One string a document printed, in the font and size it was printed in."""

    font: str
    size: float
    text: str


@dataclass(frozen=True)
class DrawnCode128:
    """One Code 128 symbol a document drew, with the widget settings that size it."""

    value: str
    bar_width: float
    bar_height: float
    quiet: bool
    left_quiet: float
    right_quiet: float


@dataclass
class Drawn:
    """Everything one rendering put on its canvas that the bare canvas draws again."""

    page_size: tuple[float, float] = (0.0, 0.0)
    texts: list[DrawnText] = field(default_factory=list)
    codes: list[DrawnCode128] = field(default_factory=list)


@contextmanager
def watching_canvas() -> Iterator[Drawn]:
    """Note every string and Code 128 drawn on any reportlab canvas while the block runs."""
    drawn = Drawn()

    def text_spy(original: Callable[..., None]) -> Callable[..., None]:
        def record(canvas: Canvas, x: float, y: float, text: str, *args: Any, **kw: Any) -> None:
            state: Any = canvas  # the current font lives in reportlab's private attributes
            drawn.texts.append(DrawnText(state._fontname, float(state._fontsize), text))
            width, height = state._pagesize
            drawn.page_size = (float(width), float(height))
            original(canvas, x, y, text, *args, **kw)

        return record

    original_draw_on: Any = Code128.drawOn  # its stubs leave out the flowable's scale argument

    def code_spy(symbol: Code128, canvas: Canvas, x: float, y: float, *rest: Any) -> None:
        widget: Any = symbol
        drawn.codes.append(
            DrawnCode128(
                widget.value,
                float(widget.barWidth),
                float(widget.barHeight),
                bool(widget.quiet),
                float(widget.lquiet),
                float(widget.rquiet),
            )
        )
        original_draw_on(symbol, canvas, x, y, *rest)

    with ExitStack() as stack:
        for name in TEXT_METHODS:
            spy = text_spy(getattr(Canvas, name))
            stack.enter_context(mock.patch.object(Canvas, name, spy))
        stack.enter_context(mock.patch.object(Code128, "drawOn", code_spy))
        yield drawn


def bare_canvas(drawn: Drawn, *, qr_value: str | None = None) -> bytes:
    """The same strings and codes on a plain canvas: no wrapping, measuring or layout."""
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=drawn.page_size,
        invariant=True,
        pageCompression=1,
        initialFontName=MONO,  # type: ignore[arg-type]  # the stubs say a number; it is a name
    )
    width, height = drawn.page_size
    y = height
    font: tuple[str, float] | None = None
    for line in drawn.texts:
        if font != (line.font, line.size):
            font = (line.font, line.size)
            canvas.setFont(line.font, line.size)
        y -= line.size * 1.2
        canvas.drawString(6, y, line.text)
    for code in drawn.codes:
        symbol = Code128(
            code.value,
            barWidth=code.bar_width,
            barHeight=code.bar_height,
            humanReadable=0,
            quiet=code.quiet,
            lquiet=code.left_quiet,
            rquiet=code.right_quiet,
        )
        symbol.drawOn(canvas, 6, 6)
    if qr_value is not None:
        widget: Any = QrCodeWidget(qr_value, barLevel="M")  # its encoder is not in the stubs
        encoder = widget.qr  # reportlab's own QR encoder
        encoder.make()
        rows = encoder.modules
        module = BAND / (len(rows) + 8)  # four modules of quiet border on each side
        bars = max(code.bar_height for code in drawn.codes) if drawn.codes else 0.0
        top = 12 + bars + (len(rows) + 4) * module  # above the Code 128, quiet border kept
        for row_index, row in enumerate(rows):
            for column_index, dark in enumerate(row):
                if dark:
                    x = width - BAND + (4 + column_index) * module
                    y = top - (row_index + 1) * module
                    canvas.rect(x, y, module, module, stroke=0, fill=1)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@dataclass
class Contest:
    """A document's renderer and its bare-canvas baseline, timed side by side."""

    name: str
    document: Callable[[], bytes]
    baseline: Callable[[], bytes]
    described: str
    document_ms: list[float] = field(default_factory=list)
    baseline_ms: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        """The document's median over the baseline's median."""
        return median(self.document_ms) / median(self.baseline_ms)


def timed(render: Callable[[], bytes]) -> float:
    """One rendering's wall time in milliseconds, each starting from a collected heap."""
    gc.collect()
    start = time.perf_counter()
    render()
    return (time.perf_counter() - start) * 1000


def run_rounds(contests: Sequence[Contest], rounds: int) -> None:
    """Time every contest's two sides in each round, swapping which goes first every round."""
    for number in range(WARM_UP_ROUNDS + rounds):
        for contest in contests:
            sides = [("document", contest.document), ("baseline", contest.baseline)]
            if number % 2:
                sides.reverse()
            for side, render in sides:
                elapsed = timed(render)
                if number >= WARM_UP_ROUNDS:
                    getattr(contest, f"{side}_ms").append(elapsed)


def busiest_return(database_path: Path) -> str:
    """The demo return case with the most lines: the longest receipt a return prints."""
    with closing(sqlite3.connect(database_path)) as raw:
        row = raw.execute(BUSIEST_RETURN).fetchone()
    if row is None:
        raise SystemExit("The demo store has no return case to print.")
    return str(row[0])


def prepare(folder: Path) -> list[Contest]:
    """Seed the demo store, read a return case's documents, learn what each one draws."""
    register_fonts()
    database = open_store_database(folder).database
    try:
        seed_demo_store(database=database, now=DEMO_NOW)
        number = busiest_return(Path(database.path))
        receipt = receipt_data(database=database, case_ref=number)
        label = label_data(database=database, case_ref=number)
    finally:
        database.dispose()

    with watching_canvas() as on_receipt:
        render_receipt(receipt, paper="roll80")
    with watching_canvas() as on_label:
        render_return_label(label)
    for name, drawn in (("receipt", on_receipt), ("return label", on_label)):
        if not drawn.texts or not drawn.codes:
            raise SystemExit(f"The {name} drew no text or no Code 128: nothing to compare.")

    def describe(drawn: Drawn, extra: str = "") -> str:
        width, height = drawn.page_size
        return (
            f"case {number}: {len(drawn.texts)} strings, {len(drawn.codes)} Code 128{extra}, "
            f"page {width:.0f} x {height:.0f} pt"
        )

    return [
        Contest(
            "receipt",
            lambda: render_receipt(receipt, paper="roll80"),
            lambda: bare_canvas(on_receipt),
            describe(on_receipt),
        ),
        Contest(
            "return label",
            lambda: render_return_label(label),
            lambda: bare_canvas(on_label, qr_value=label.case_number),
            describe(on_label, ", 1 QR"),
        ),
    ]


def report(contests: Sequence[Contest], rounds: int) -> str:
    """The results as a Markdown table, with what was measured and where."""
    lines = [
        f"Document rendering, {rounds} rounds interleaved after {WARM_UP_ROUNDS} warm-up rounds",
        f"Python {platform.python_version()}, reportlab {reportlab.Version}, {platform.machine()}",
        *(f"{contest.name}: {contest.described}" for contest in contests),
        "",
        "| document | render median | render p99 | bare canvas median | bare canvas p99 "
        "| ratio of medians | target | result |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for contest in contests:
        verdict = "PASS" if contest.ratio <= TARGET else "FAIL"
        lines.append(
            f"| {contest.name} "
            f"| {median(contest.document_ms):.2f} ms | {p99(contest.document_ms):.2f} ms "
            f"| {median(contest.baseline_ms):.2f} ms | {p99(contest.baseline_ms):.2f} ms "
            f"| {contest.ratio:.2f}x | {TARGET:.2f}x | {verdict} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print the table; with ``--check``, 1 when a ratio is over the target."""
    parser = argparse.ArgumentParser(prog="python -m bench.receipt_rendering", description=__doc__)
    parser.add_argument("--rounds", type=int, default=200, help="timed rounds (default 200)")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a ratio is over the target"
    )
    options = parser.parse_args(argv)
    if options.rounds < 1:
        parser.error("--rounds must be at least 1")
    with tempfile.TemporaryDirectory(prefix="counter-bench-") as scratch:
        contests = prepare(Path(scratch) / "data")
    gc.collect()
    gc.freeze()  # the seeding's objects stay put: each timed call's collection walks only its own
    run_rounds(contests, options.rounds)
    print(report(contests, options.rounds))
    over = [contest.name for contest in contests if contest.ratio > TARGET]
    return 1 if options.check and over else 0


if __name__ == "__main__":
    sys.exit(main())
