"""A small chart for each target: baseline, then without and with LPSA2, drawn by pygal."""

import base64
import math
from decimal import Decimal

import pygal
from pygal.style import Style

from priorities.templatetags.figures import figure

# GOV.UK colours: grey for where we start and would be anyway, green for the stretch.
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#0b0c0c",
    foreground_strong="#0b0c0c",
    foreground_subtle="#505a5f",
    colors=("#505a5f", "#1d70b8", "#0f7a52"),
    font_family="Liberation Sans, DejaVu Sans, Arial, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
    title_font_size=15,
)


# The few rules these charts need, instead of pygal's full stylesheet: each chart carries
# its own copy into the PDF, where WeasyPrint parses it again for every image.
CHART_CSS = (
    "inline:"
    "text{font-family:'Liberation Sans','DejaVu Sans',Arial,sans-serif;font-size:13px;fill:#0b0c0c}"
    ".background{fill:#ffffff}"
    ".axis .line{stroke:#0b0c0c}"
    ".axis .guide.line{stroke:none}"
    ".axis.x text,.text-overlay text.value{text-anchor:middle}"
    ".axis.y text{text-anchor:end}"
    ".tooltip-overlay{display:none}"
)


def nice_ticks(low: Decimal, high: Decimal, count: int = 5) -> list[Decimal]:
    """Round, evenly spaced axis labels from ``low`` to at least ``high``: 0, 400, 800, …"""
    span = float(high - low) or 1.0
    raw = span / (count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(float(low) / step) * step
    ticks = []
    value = start
    while value < float(high) + step:
        ticks.append(Decimal(str(round(value, 10))))
        value += step
    return ticks


def chart_points(target, indicator) -> list[tuple[str, Decimal]]:
    """The bars in order: baseline, interim pair (if any), final pair."""
    points = []
    # A line with a baseline of its own (a group of people within the indicator) starts from it.
    own = getattr(target, "baseline_value", None)
    year, baseline = (
        (target.baseline_year, own) if own is not None else (indicator.baseline_year, indicator.baseline_value)
    )
    if baseline is not None:
        points.append((f"{year} baseline", baseline))
    if target.interim_period and target.interim_without_lpsa is not None:
        points.append((f"{target.interim_period} without", target.interim_without_lpsa))
        points.append((f"{target.interim_period} with", target.interim_with_lpsa))
    if target.without_lpsa is not None:
        points.append((f"{target.period} without", target.without_lpsa))
    if target.with_lpsa is not None:
        points.append((f"{target.period} with", target.with_lpsa))
    return points


def axis_title(unit: str) -> str:
    """The value axis's title: the indicator's unit, as a reader would say it."""
    unit = (unit or "").strip()
    if unit == "%":
        return "Per cent (%)"
    return unit[:1].upper() + unit[1:]


def chart_description(target, indicator) -> str:
    """The chart in words, for its text alternative."""
    unit = f" {indicator.unit}" if indicator.unit and indicator.unit != "%" else indicator.unit or ""
    parts = [f"{label}: {figure(value)}{unit}" for label, value in chart_points(target, indicator)]
    return f"Bar chart of {indicator.title}, without and with LPSA2. " + "; ".join(parts) + "."


def target_chart_svg(target, indicator) -> str:
    points = chart_points(target, indicator)
    chart = pygal.Bar(
        js=[],  # no scripts: the chart is a static picture in the page and the PDF
        css=[CHART_CSS],
        style=STYLE,
        width=640,
        height=300,
        show_legend=False,
        y_title=axis_title(indicator.unit) or None,
        print_values=True,
        print_values_position="top",
        value_formatter=lambda value: figure(Decimal(str(value))),
        disable_xml_declaration=True,
        margin=12,
        truncate_label=-1,
        include_x_axis=True,
        show_y_guides=False,
        show_x_guides=False,
    )
    top = max((value for _, value in points), default=Decimal(0))
    bottom = min((value for _, value in points), default=Decimal(0))
    chart.y_labels = [float(tick) for tick in nice_ticks(min(bottom, Decimal(0)), top)]
    chart.x_labels = [label for label, _ in points]
    colours = []
    for label, _ in points:
        colours.append("#0f7a52" if label.endswith(" with") else "#505a5f" if label.endswith("baseline") else "#1d70b8")
    chart.add(
        indicator.title,
        [{"value": float(value), "color": colour} for (_, value), colour in zip(points, colours, strict=True)],
    )
    return chart.render(is_unicode=True)


def target_chart_data_uri(target, indicator) -> str:
    """The chart as an image address usable in the page (under a strict CSP) and in the PDF."""
    svg = target_chart_svg(target, indicator).encode()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
