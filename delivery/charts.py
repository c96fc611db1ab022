"""A line's chart over time: its baseline, both trajectories and the figures returned, drawn by pygal.

The same figures are given as rows for the table beside the chart and in words for its text
alternative, so nothing is only in the picture.
"""

import base64
import datetime
from dataclasses import dataclass
from decimal import Decimal

import pygal
from pygal.style import Style

from delivery.numbers import figure
from priorities.charts import CHART_CSS, STYLE, axis_title

GREY, GREEN, BLUE, BLACK = "#505a5f", "#0f7a52", "#1d70b8", "#0b0c0c"

LINE_STYLE = Style(**{**STYLE.to_dict(), "colors": (GREY, GREEN, BLUE, BLACK)})

# The series' colours, which pygal's own stylesheet (left out, as in priorities.charts) would give:
# without the agreement dashed grey, with it green, the figures returned blue, the baseline black.
SERIES_CSS = (
    "inline:"
    + "".join(
        f".color-{n},.color-{n} .dot{{fill:{colour};stroke:{colour}}}"
        f".color-{n} .line{{fill:none;stroke:{colour};stroke-width:3}}"
        for n, colour in enumerate((GREY, GREEN, BLUE, BLACK))
    )
    + ".color-0 .line{stroke-dasharray:8,5}"
)


@dataclass
class ChartRow:
    when: str
    day: datetime.date
    without: Decimal | None
    with_lpsa: Decimal | None
    actual: Decimal | None
    note: str = ""


def line_chart_rows(progress) -> list[ChartRow]:
    """Baseline, each year's trajectory point, and each return, in date order."""
    rows = []
    baseline = progress.baseline
    if baseline is not None:
        rows.append(ChartRow(f"{baseline.year} (baseline)", baseline.day, baseline.without, baseline.with_lpsa, None))
    for point in progress.points:
        rows.append(
            ChartRow(
                point.year,
                point.day,
                point.without,
                point.with_lpsa,
                None,
                "entered" if point.entered else "straight line",
            )
        )
    for item in progress.returns:
        status = "final" if item.is_final else "estimate"
        rows.append(ChartRow(item.period_label, item.period_end, None, None, item.actual, status))
    rows.sort(key=lambda row: (row.day, row.actual is not None))
    return rows


def _x(day: datetime.date) -> float:
    return day.toordinal()


def line_chart_svg(progress) -> str:
    indicator = progress.line.indicator
    chart = pygal.XY(
        js=[],  # a static picture: no scripts in the page
        css=[CHART_CSS, SERIES_CSS],
        style=LINE_STYLE,
        width=640,
        height=320,
        show_legend=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        y_title=axis_title(indicator.unit) or None,
        disable_xml_declaration=True,
        margin=12,
        truncate_label=-1,
        truncate_legend=-1,
        margin_right=36,
        show_y_guides=False,
        show_x_guides=False,
        dots_size=4,
        value_formatter=lambda value: figure(Decimal(str(value))),
        x_value_formatter=lambda value: f"{datetime.date.fromordinal(int(value)):%b %Y}",
    )
    trajectory = [p for p in [progress.baseline, *progress.points] if p is not None and p.without is not None]
    chart.x_labels = [_x(p.day) for p in trajectory] or None
    chart.x_labels_major_count = 6
    chart.add("Expected without the agreement", [(_x(p.day), float(p.without)) for p in trajectory])
    chart.add("Expected with the agreement", [(_x(p.day), float(p.with_lpsa)) for p in trajectory])
    chart.add("Returned figure", [(_x(item.period_end), float(item.actual)) for item in progress.returns])
    if progress.baseline is not None:
        chart.add("Baseline", [(_x(progress.baseline.day), float(progress.baseline.without))], stroke=False)
    return chart.render(is_unicode=True)


def line_chart_data_uri(progress) -> str:
    """The chart as an image address usable in the page under a strict CSP."""
    svg = line_chart_svg(progress).encode()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def line_chart_description(progress) -> str:
    """The chart in words, for its text alternative."""
    indicator = progress.line.indicator
    parts = []
    baseline = progress.baseline
    if baseline is not None:
        parts.append(f"baseline {figure(baseline.without)} in {baseline.year}")
    if progress.points:
        last = progress.points[-1]
        parts.append(
            f"by {last.year} expected {figure(last.without)} without the agreement and {figure(last.with_lpsa)} with it"
        )
    if progress.returns:
        figures = ", ".join(f"{figure(item.actual)} for {item.period_label}" for item in progress.returns)
        parts.append(f"returned figures: {figures}")
    else:
        parts.append("no figures returned yet")
    return (
        f"Line chart of {indicator.title} over time: " + "; ".join(parts) + ". The table beside it gives every figure."
    )
