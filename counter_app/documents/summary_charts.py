"""The daily summary's charts, drawn on a matplotlib Figure the caller owns.

The PDF draws them on an off-screen Agg figure and places the PNG; the manager's
screen draws them on the figure of its Qt canvas. Neither uses pyplot, whose
global state is not safe beside a running desktop.
"""

from collections.abc import Callable, Mapping, Sequence

from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

CHART_COLOURS = ("#2f5d8a", "#e08a2e", "#5a9e5a", "#9c5aa8", "#c44e52", "#8c8c8c")


def draw_complaints(
    figure: Figure, counts: Mapping[str, int], title: str, *, text_size: float = 7
) -> None:
    """Horizontal bars of complaints by category on ``figure``, the largest on top."""
    axes = figure.add_subplot()
    ordered = sorted(counts.items(), key=lambda item: (item[1], item[0]))
    names = [name if len(name) <= 22 else name[:21] + "…" for name, _ in ordered]
    values = [value for _, value in ordered]
    bars = axes.barh(names, values, height=0.6, color=CHART_COLOURS[0])
    axes.set_ylim(-0.6, max(len(values), 4) - 0.4)  # one category is a bar, not a block
    axes.bar_label(bars, padding=2, fontsize=text_size)
    axes.set_title(title, fontsize=text_size + 2, loc="left")
    axes.tick_params(labelsize=text_size)
    axes.set_xlim(0, max(values) * 1.18 + 0.5)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout(pad=0.6)


def draw_tender_donut(
    figure: Figure,
    amounts: Mapping[str, str | int],
    legend: Sequence[str],
    title: str,
    *,
    text_size: float = 7,
) -> None:
    """A donut of refunds by tender on ``figure``, the amounts in the legend beside it.

    The donut takes the left of the picture and the legend the right, each
    entry on two lines (tender, amount), so a long amount is never cut off.
    """
    axes = figure.add_axes((0.0, 0.02, 0.55, 0.84))
    values = [int(value) for value in amounts.values()]
    wedges, _ = axes.pie(
        values,
        colors=CHART_COLOURS[: len(values)],
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.38, "edgecolor": "white"},
    )
    axes.set_aspect("equal")
    figure.text(0.03, 0.97, title, fontsize=text_size + 2, va="top")
    figure.legend(
        wedges,
        legend,
        loc="center left",
        bbox_to_anchor=(0.57, 0.45),
        fontsize=text_size,
        frameon=False,
        labelspacing=0.9,
    )


# The hours a counter is plausibly open: always shown, even with no case in them.
OPENING_HOURS = (8, 20)


def shown_hours(series: Sequence[Sequence[int]]) -> range:
    """The hours of day to draw: 08:00 to 20:00, widened to every hour with anything in it."""
    busy = [hour for counts in series for hour, count in enumerate(counts) if count]
    first = min([OPENING_HOURS[0], *busy])
    last = max([OPENING_HOURS[1], *busy])
    return range(first, last + 1)


def draw_cases_by_hour(
    figure: Figure,
    lines: Mapping[str, Sequence[int]],
    title: str,
    *,
    text_size: float = 7,
    hour_label: Callable[[int], str] = lambda hour: f"{hour:02d}:00",
) -> None:
    """Counts by local hour of day (24 each) on ``figure``, the first as a line with dots.

    The others are shaded areas under it, so a series equal to the first still shows.
    Each count sits at the start of its hour (``14:00`` is 14:00-15:00); only the
    opening span is drawn (:func:`shown_hours`), labelled every hour, or every
    second hour past sixteen of them so the labels never run together.
    """
    hours = shown_hours(list(lines.values()))
    axes = figure.add_subplot()
    handles: list[Artist] = []
    for position, (label, counts) in enumerate(lines.items()):
        values = [counts[hour] for hour in hours]
        colour = CHART_COLOURS[position % len(CHART_COLOURS)]
        if position == 0:
            (line,) = axes.plot(
                list(hours), values, color=colour, linewidth=2, marker="o", markersize=3.5
            )
            line.set_zorder(3)
            line.set_label(label)
            handles.append(line)
            continue
        area = axes.fill_between(list(hours), values, color=colour, alpha=0.22, linewidth=0)
        area.set_label(label)
        axes.plot(list(hours), values, color=colour, linewidth=0.8)
        handles.append(area)
    step = 1 if len(hours) <= 16 else 2
    ticks = [hour for hour in hours if hour % step == 0]
    axes.set_xticks(ticks, [hour_label(hour) for hour in ticks])
    axes.set_xlim(hours.start - 0.4, hours.stop - 0.6)
    top = max((max(counts) for counts in lines.values()), default=0)
    axes.set_ylim(0, max(top, 1) * 1.15 + 0.2)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.set_title(title, fontsize=text_size + 2, loc="left")
    axes.tick_params(labelsize=text_size)
    if len(lines) > 1:  # above the drawing, right of the title, so it never hides a line
        axes.legend(
            handles=handles,
            fontsize=text_size,
            frameon=False,
            loc="lower right",
            bbox_to_anchor=(1.0, 1.0),
            ncols=len(lines),
            borderaxespad=0.1,
        )
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout(pad=0.6)
