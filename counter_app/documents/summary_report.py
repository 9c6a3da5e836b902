"""The store manager's daily summary as an A4 PDF: headline figures, tables and charts.

A document is pure: the summary's figures in, PDF bytes out. Money, dates and
shares are formatted with Babel in the store's locale, the words through
``say()``, and the text is set in the shipped DejaVu faces so any script prints.
The charts are drawn off-screen with matplotlib's Agg canvas (never pyplot's
global state, which is not safe beside a running desktop) and placed as PNG.
"""

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import BaseDocTemplate

from counter_app.documents.fonts import SANS, SANS_BOLD, register_fonts
from counter_app.documents.formats import DASH, Formats
from counter_app.documents.summary_charts import (
    draw_cases_by_hour,
    draw_complaints,
    draw_tender_donut,
)
from counter_app.i18n import say, say_later, say_plural
from counter_app.services.summary.figures import DailySummary

MARGIN = 15 * mm
MINUS = "\N{MINUS SIGN}"
WIDTH = A4[0] - 2 * MARGIN
CHART_WIDTH = (WIDTH - 6 * mm) / 2
CHART_HEIGHT = 62 * mm
HOURS_CHART_HEIGHT = 52 * mm
CHART_DPI = 200
BETTER = colors.HexColor("#1b7a3a")
WORSE = colors.HexColor("#b3261e")
GRID = colors.HexColor("#c8c8c8")
HEADER_FILL = colors.HexColor("#eef1f5")

# The kinds the summary counts, as the manager reads them.
KIND_WORDS: Mapping[str, str] = {
    "complaint": say_later("Complaints"),
    "return": say_later("Returns"),
    "exchange": say_later("Exchanges"),
    "open": say_later("Open"),
    "in_progress": say_later("In progress"),
    "resolved": say_later("Resolved"),
    "closed": say_later("Closed"),
    "cash": say_later("Cash"),
    "card": say_later("Card"),
    "store_credit": say_later("Store credit"),
    "original": say_later("Original payment"),
    "low": say_later("Low"),
    "medium": say_later("Medium"),
    "high": say_later("High"),
    "critical": say_later("Critical"),
    "today": say_later("Opened today"),
    "1-2 days": say_later("1-2 days"),
    "3-7 days": say_later("3-7 days"),
    "older": say_later("Older than a week"),
    "approval": say_later("Approval"),
    "goodwill": say_later("Goodwill"),
}


def kind_word(kind: str) -> str:
    """A kind's name in the language in force; an unknown kind as it is stored."""
    return say(KIND_WORDS[kind]) if kind in KIND_WORDS else kind


def hour_lines(summary: DailySummary) -> dict[str, tuple[int, ...]]:
    """The hourly chart's lines, named: cases, and the customers who came when any did."""
    lines = {say("Cases opened"): summary.cases_by_hour}
    if any(summary.arrivals_by_hour):
        lines[say("Customers arrived")] = summary.arrivals_by_hour
    return lines


def busiest_hour_sentence(summary: DailySummary, formats: Formats) -> str | None:
    """The hour of day with most cases, in words; ``None`` on days without cases."""
    busiest = summary.busiest_hour
    if busiest is None:
        return None
    hour, cases = busiest
    words = say_plural(
        "Busiest hour: {start}\N{EN DASH}{end}, {count} case",
        "Busiest hour: {start}\N{EN DASH}{end}, {count} cases",
        cases,
    )
    text = words.format(start=formats.hour(hour), end=formats.hour(hour + 1), count=cases)
    if summary.first_day != summary.last_day:
        text += " " + say("(all the days together)")
    return text


def coverage_sentence(summary: DailySummary, formats: Formats) -> str | None:
    """What a day close moved, in words; ``None`` when the days are counted whole.

    A day closed early stops at its close, and what came later counts toward
    the next day; the reader should know why a figure seems to start or stop
    mid-evening.
    """
    zone = ZoneInfo(summary.timezone)
    start = datetime.combine(summary.first_day, time(0), tzinfo=zone)
    end = datetime.combine(summary.last_day + timedelta(days=1), time(0), tzinfo=zone)
    parts: list[str] = []
    if summary.covers_from < start:
        moment = summary.covers_from.astimezone(zone)
        parts.append(
            say("Counted from {time} on {day}, when that day was closed.").format(
                time=formats.clock(moment), day=formats.short_day(moment.date())
            )
        )
    if summary.covers_until < end:
        moment = summary.covers_until.astimezone(zone)
        parts.append(
            say(
                "Counted until the close at {time}; what came later counts toward the next day."
            ).format(time=formats.clock(moment))
        )
    return " ".join(parts) or None


def duration(seconds: int | None) -> str:
    """Seconds as ``m:ss`` (``h:mm:ss`` past an hour); a dash without samples."""
    if seconds is None:
        return DASH
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@dataclass(frozen=True)
class _Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    head: ParagraphStyle
    head_right: ParagraphStyle
    note: ParagraphStyle


def _styles() -> _Styles:
    base = ParagraphStyle("cell", fontName=SANS, fontSize=8.5, leading=10.5)
    return _Styles(
        title=ParagraphStyle("title", fontName=SANS_BOLD, fontSize=15, leading=19),
        subtitle=ParagraphStyle("subtitle", fontName=SANS, fontSize=10.5, leading=14),
        heading=ParagraphStyle(
            "heading", fontName=SANS_BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4
        ),
        cell=base,
        cell_right=ParagraphStyle("right", parent=base, alignment=2),
        head=ParagraphStyle("head", parent=base, fontName=SANS_BOLD),
        head_right=ParagraphStyle("head_right", parent=base, fontName=SANS_BOLD, alignment=2),
        note=ParagraphStyle("note", parent=base, textColor=colors.HexColor("#555555")),
    )


def _table(
    header: Sequence[str],
    rows: Sequence[Sequence[str | Flowable]],
    widths: Sequence[float],
    styles: _Styles,
    *,
    right: Sequence[int] = (),
) -> Table:
    """A ruled table; text wraps within its column, figures (``right``) align right."""

    def cell(text: str | Flowable, column: int) -> Flowable:
        if not isinstance(text, str):
            return text
        style = styles.cell_right if column in right else styles.cell
        return Paragraph(escape(text), style)

    data: list[list[Flowable]] = [
        [
            Paragraph(escape(text), styles.head_right if column in right else styles.head)
            for column, text in enumerate(header)
        ],
        *[[cell(text, column) for column, text in enumerate(row)] for row in rows],
    ]
    table = Table(data, colWidths=list(widths), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


@dataclass(frozen=True)
class Comparison:
    """A figure against an earlier one: the arrow, the difference and the verdict."""

    text: str
    better: bool | None


def compare(
    now: float | None,
    before: float | None,
    *,
    more_is_good: bool,
    shown: str,
) -> Comparison:
    """``now`` against ``before``: ``▲ +2 (worse)``; ``shown`` is the difference, formatted.

    The verdict depends on the figure: more refunds are worse, more first-contact
    resolutions better. Equal figures have no arrow and no verdict.
    """
    if now is None or before is None:
        return Comparison(DASH, None)
    if now == before:
        return Comparison(say("= no change"), None)
    up = now > before
    better = up == more_is_good
    verdict = say("better") if better else say("worse")
    return Comparison(f"{'▲' if up else '▼'} {shown} ({verdict})", better)


def _signed(text: str, up: bool) -> str:
    return f"+{text}" if up else f"{MINUS}{text}"


def comparisons(
    summary: DailySummary, formats: Formats
) -> dict[str, tuple[Comparison, Comparison]]:
    """The figures compared with the same weekday last week and the four-week average."""
    earlier = summary.earlier
    if earlier is None:
        return {}
    week = earlier.last_week

    def counts(now: int, before: float) -> Comparison:
        return compare(
            now,
            before,
            more_is_good=False,
            shown=_signed(formats.number(abs(now - before)), now > before),
        )

    def cents(now: int, before: int) -> Comparison:
        return compare(
            now,
            before,
            more_is_good=False,
            shown=_signed(formats.money(abs(now - before)), now > before),
        )

    def seconds(now: int | None, before: int | None) -> Comparison:
        if now is None or before is None:
            return Comparison(DASH, None)
        return compare(
            now,
            before,
            more_is_good=False,
            shown=_signed(duration(abs(now - before)), now > before),
        )

    p90 = summary.waiting.p90_seconds
    return {
        "cases": (counts(summary.cases, week.cases), counts(summary.cases, earlier.average_cases)),
        "refunds": (
            cents(summary.refunds_cents, week.refunds_cents),
            cents(summary.refunds_cents, earlier.average_refunds_cents),
        ),
        "waiting_p90": (
            seconds(p90, week.waiting_p90_seconds),
            seconds(p90, earlier.average_waiting_p90_seconds),
        ),
    }


def headline_rows(summary: DailySummary, formats: Formats) -> list[tuple[str, str, str]]:
    """The headline figures as (key, label, value), in the order printed."""
    issued, redeemed = summary.credit_issued, summary.credit_redeemed

    def vouchers(count: int, cents: int) -> str:
        words = say_plural("{count} voucher, {amount}", "{count} vouchers, {amount}", count)
        return words.format(count=count, amount=formats.money(cents))

    return [
        ("cases", say("Cases"), formats.number(summary.cases)),
        ("refunds", say("Refunds total"), formats.money(summary.refunds_cents)),
        ("cash_out", say("Cash out of the drawer"), formats.money(summary.cash_out_cents)),
        (
            "credit_issued",
            say("Store credit issued"),
            vouchers(issued.count, issued.cents),
        ),
        (
            "credit_redeemed",
            say("Store credit redeemed"),
            vouchers(redeemed.count, redeemed.cents),
        ),
        ("fees", say("Restocking fees"), formats.money(summary.restocking_fees_cents)),
        ("waiting_average", say("Waiting, average"), duration(summary.waiting.average_seconds)),
        ("waiting_p90", say("Waiting, 90th percentile"), duration(summary.waiting.p90_seconds)),
        (
            "first_contact",
            say("Resolved at first contact"),
            formats.share(summary.first_contact_share),
        ),
    ]


def _verdict(comparison: Comparison, styles: _Styles) -> Flowable:
    """A comparison in green when better, red when worse, plain when neither."""
    text = escape(comparison.text)
    if comparison.better is not None:
        colour = (BETTER if comparison.better else WORSE).hexval()[2:]
        text = f'<font color="#{colour}">{text}</font>'
    return Paragraph(text, styles.cell)


def _headline(summary: DailySummary, formats: Formats, styles: _Styles) -> list[Flowable]:
    compared = comparisons(summary, formats)
    header = [say("Figure"), say("Value")]
    if summary.earlier is not None:
        header += [
            say("vs. {day}").format(day=formats.short_day(summary.earlier.last_week.day)),
            say("vs. 4-week average"),
        ]
        widths = [WIDTH * 0.28, WIDTH * 0.22, WIDTH * 0.25, WIDTH * 0.25]
    else:
        widths = [WIDTH * 0.5, WIDTH * 0.5]
    rows: list[list[str | Flowable]] = []
    for key, label, value in headline_rows(summary, formats):
        row: list[str | Flowable] = [label, value]
        if summary.earlier is not None:
            pair = compared.get(key)
            row += [_verdict(comparison, styles) for comparison in pair] if pair else ["", ""]
        rows.append(row)
    table = _table(header, rows, widths, styles, right=(1,))
    return [Paragraph(escape(say("Headline figures")), styles.heading), table]


def _png(figure: Figure) -> io.BytesIO:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure)  # the off-screen canvas, attached to the figure
    figure.savefig(buffer, format="png", dpi=CHART_DPI)
    buffer.seek(0)
    return buffer


def _new_figure() -> Figure:
    figure = Figure(figsize=(CHART_WIDTH / 72, CHART_HEIGHT / 72), dpi=CHART_DPI)
    figure.patch.set_facecolor("white")
    return figure


def complaints_chart(counts: Mapping[str, int], title: str) -> io.BytesIO:
    """Horizontal bars of complaints by category, the largest on top, as PNG."""
    figure = _new_figure()
    draw_complaints(figure, counts, title)
    return _png(figure)


def tender_donut(amounts: Mapping[str, str | int], legend: Sequence[str], title: str) -> io.BytesIO:
    """A donut of refunds by tender, the amounts in the legend beside it, as PNG."""
    figure = _new_figure()
    draw_tender_donut(figure, amounts, legend, title)
    return _png(figure)


def hours_chart(
    lines: Mapping[str, Sequence[int]], title: str, hour_label: Callable[[int], str]
) -> io.BytesIO:
    """Lines of cases (and arrivals) by hour of day across the page, as PNG."""
    figure = Figure(figsize=(WIDTH / 72, HOURS_CHART_HEIGHT / 72), dpi=CHART_DPI)
    figure.patch.set_facecolor("white")
    draw_cases_by_hour(figure, lines, title, hour_label=hour_label)
    return _png(figure)


def _hours(summary: DailySummary, formats: Formats, styles: _Styles) -> list[Flowable]:
    """Cases by hour of day across the page, the busiest hour in words under it."""
    sentence = busiest_hour_sentence(summary, formats)
    if sentence is None:
        return []
    chart = Image(
        hours_chart(hour_lines(summary), say("Cases by hour of day"), formats.hour),
        width=WIDTH,
        height=HOURS_CHART_HEIGHT,
    )
    return [Spacer(1, 3 * mm), KeepTogether([chart, Paragraph(escape(sentence), styles.cell)])]


def _charts(summary: DailySummary, formats: Formats, styles: _Styles) -> list[Flowable]:
    """The two charts side by side; a sentence instead of a chart with nothing to draw."""
    cells: list[Flowable] = []
    categories = {name: count for name, count in summary.complaints_by_category.items() if count}
    title = say("Complaints by category")
    if categories:
        cells.append(
            Image(complaints_chart(categories, title), width=CHART_WIDTH, height=CHART_HEIGHT)
        )
    else:
        cells.append(Paragraph(escape(say("No complaints on these days.")), styles.note))
    tenders = {tender: cents for tender, cents in summary.refunds_by_tender.items() if cents}
    title = say("Refunds by tender")
    if tenders:
        legend = [
            f"{kind_word(tender)}\n{formats.money(cents)}" for tender, cents in tenders.items()
        ]
        cells.append(
            Image(tender_donut(tenders, legend, title), width=CHART_WIDTH, height=CHART_HEIGHT)
        )
    else:
        cells.append(Paragraph(escape(say("No refunds on these days.")), styles.note))
    table = Table([cells], colWidths=[CHART_WIDTH + 3 * mm, CHART_WIDTH + 3 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [Spacer(1, 4 * mm), table]


def _section(
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    styles: _Styles,
    *,
    right: Sequence[int] = (),
    empty: str = "",
) -> Flowable:
    heading = Paragraph(escape(title), styles.heading)
    if not rows:
        return KeepTogether([heading, Paragraph(escape(empty), styles.note)])
    table = _table(header, rows, [WIDTH * share for share in widths], styles, right=right)
    return KeepTogether([heading, table])


def _tables(summary: DailySummary, formats: Formats, styles: _Styles) -> list[Flowable]:
    count, amount = say("Count"), say("Amount")
    money_by_type = {
        "return": summary.returns,
        "exchange": summary.exchanges,
        "complaint": summary.complaints_money,
    }
    by_type = [
        [
            kind_word(kind),
            formats.number(cases),
            formats.money(money_by_type[kind].refunds_cents),
            formats.money(money_by_type[kind].charges_cents),
        ]
        for kind, cases in summary.cases_by_type.items()
    ]
    by_status = [
        [kind_word(status), formats.number(cases)]
        for status, cases in summary.cases_by_status.items()
    ]
    tenders = [
        [kind_word(tender), formats.money(cents)]
        for tender, cents in summary.refunds_by_tender.items()
    ]
    categories = [
        [name, formats.number(cases)] for name, cases in summary.complaints_by_category.items()
    ]
    severities = [
        [kind_word(severity), formats.number(cases)]
        for severity, cases in summary.complaints_by_severity.items()
    ]
    returned = [
        [product.name, formats.number(product.quantity), formats.number(product.cases)]
        for product in summary.top_returned
    ]
    overrides = [
        [
            override.case_number,
            kind_word(override.kind),
            override.manager,
            override.clerk,
            override.reason,
            formats.money(override.amount_cents),
        ]
        for override in summary.overrides
    ]
    if overrides:
        overrides.append(["", "", "", "", say("Total"), formats.money(summary.overrides_cents)])
    open_cases = summary.open_cases
    ages = [[kind_word(age), formats.number(cases)] for age, cases in open_cases.by_age.items()]
    ages += [
        [say("Follow-up due today"), formats.number(open_cases.follow_up_today)],
        [say("Follow-up overdue"), formats.number(open_cases.overdue)],
        [say("Total still open"), formats.number(open_cases.total)],
    ]
    return [
        _section(
            say("Cases by type"),
            [say("Type"), say("Cases"), say("Refunded"), say("Charged")],
            by_type,
            (0.4, 0.2, 0.2, 0.2),
            styles,
            right=(1, 2, 3),
        ),
        _section(
            say("Cases by status"),
            [say("Status"), count],
            by_status,
            (0.6, 0.4),
            styles,
            right=(1,),
        ),
        _section(
            say("Refunds by tender"),
            [say("Tender"), amount],
            tenders,
            (0.6, 0.4),
            styles,
            right=(1,),
        ),
        _section(
            say("Complaints by category"),
            [say("Category"), count],
            categories,
            (0.6, 0.4),
            styles,
            right=(1,),
            empty=say("No complaints on these days."),
        ),
        _section(
            say("Complaints by severity"),
            [say("Severity"), count],
            severities,
            (0.6, 0.4),
            styles,
            right=(1,),
        ),
        _section(
            say("Most returned products"),
            [say("Product"), say("Items"), say("Cases")],
            returned,
            (0.6, 0.2, 0.2),
            styles,
            right=(1, 2),
            empty=say("No products came back on these days."),
        ),
        _section(
            say("Manager overrides"),
            [say("Case"), say("Kind"), say("Manager"), say("Clerk"), say("Reason"), amount],
            overrides,
            (0.22, 0.1, 0.14, 0.12, 0.27, 0.15),
            styles,
            right=(5,),
            empty=say("No overrides on these days."),
        ),
        _section(
            say("Open cases by age"), [say("Opened"), count], ages, (0.6, 0.4), styles, right=(1,)
        ),
    ]


def report_title(summary: DailySummary, formats: Formats) -> str:
    """The days the report covers, in words: one day, or the first to the last."""
    if summary.first_day == summary.last_day:
        return formats.day(summary.first_day)
    return say("{first} to {last}").format(
        first=formats.day(summary.first_day), last=formats.day(summary.last_day)
    )


def _coverage(summary: DailySummary, formats: Formats, styles: _Styles) -> list[Flowable]:
    text = coverage_sentence(summary, formats)
    return [Paragraph(escape(text), styles.note)] if text else []


def render_summary_report(
    summary: DailySummary, *, store_name: str, locale: str, currency: str | None = None
) -> bytes:
    """The summary as A4 portrait PDF bytes; ``currency`` defaults to the summary's own."""
    register_fonts()
    formats = Formats(currency or summary.currency, locale)
    styles = _styles()
    days = report_title(summary, formats)
    story: list[Flowable] = [
        Paragraph(escape(say("Daily summary: {store}").format(store=store_name)), styles.title),
        Paragraph(escape(days), styles.subtitle),
        Paragraph(
            escape(say("Store time zone: {zone}").format(zone=summary.timezone)), styles.note
        ),
        *_coverage(summary, formats, styles),
        *_headline(summary, formats, styles),
        *_charts(summary, formats, styles),
        *_hours(summary, formats, styles),
        *_tables(summary, formats, styles),
    ]
    buffer = io.BytesIO()
    title = f"{store_name}, {days}"
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=title,
        author=store_name,
    )

    def footer(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(SANS, 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(MARGIN, MARGIN, title)
        canvas.drawRightString(A4[0] - MARGIN, MARGIN, say("Page {page}").format(page=doc.page))
        canvas.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
