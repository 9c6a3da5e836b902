"""The daily summary's two charts, drawn on a matplotlib Figure the caller owns.

The PDF draws them on an off-screen Agg figure and places the PNG; the manager's
screen draws them on the figure of its Qt canvas. Neither uses pyplot, whose
global state is not safe beside a running desktop.
"""

from collections.abc import Mapping, Sequence

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
