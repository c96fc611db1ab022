"""The six-monthly monitoring report: one template for the browser preview and the PDF.

For a chosen half-year it shows each numbered target's lines as they stood at the half's
end (the figures returned up to then, the latest rating with its rule, the trajectory and a
chart), the actions and commentary, the pump-priming spend and the freedoms' progress.
It is built only from the returns the reader may see (``permissions.returns_for``): a
government reviewer's report has only the figures sent to government, and a council's
says which of its figures are not yet sent.

Everything comes in a fixed number of queries whatever the agreement's size; the PDF is laid
out in a child process under the limits of a submission PDF (``lpsa.pdf``).
"""

import base64
import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

import pygal
from django.db.models import Prefetch
from django.template.loader import render_to_string

from delivery import permissions, trajectory
from delivery.models import FreedomProgress, PerformanceReturn, Spend
from delivery.numbers import figure, money
from delivery.periods import Period, half_years_between
from delivery.progress import LineProgress, counts, framework_progress
from delivery.rag import Rating
from lpsa.pdf import STATIC_PREFIX, render_html_pdf_in_child
from priorities import content
from priorities.charts import CHART_CSS, STYLE, axis_title, nice_ticks
from priorities.models import Framework, Freedom, Indicator, IndicatorActivity, PumpPriming

HALF_SLUG = re.compile(r"^(\d{4})-(\d{2})-H([12])\Z")


def half_slug(half: Period) -> str:
    """The half-year as it goes in an address: “2006-07-H1” for 2006/07 H1."""
    return half.key.replace("/", "-").replace(" ", "-")


def half_from_slug(text: str) -> Period | None:
    match = HALF_SLUG.match(text or "")
    if not match:
        return None
    try:
        return Period.from_key(f"{match.group(1)}/{match.group(2)} H{match.group(3)}")
    except ValueError:
        return None


def report_halves(framework: Framework, today: datetime.date | None = None) -> list[Period]:
    """The half-years of the agreement that have started, once the agreement itself has."""
    if framework.agreement_start is None or framework.agreement_end is None:
        return []
    today = today or datetime.date.today()
    start, end = framework.agreement_start, framework.agreement_end
    return [
        half
        for half in half_years_between(start, end)
        if half.last_day >= start and half.first_day <= end and max(half.first_day, start) <= today
    ]


def default_half(halves: list[Period], today: datetime.date | None = None) -> Period | None:
    """The latest half-year that has finished, or the one under way if none has."""
    today = today or datetime.date.today()
    finished = [half for half in halves if half.last_day < today]
    if finished:
        return finished[-1]
    return halves[-1] if halves else None


# --- the chart -----------------------------------------------------------------------------


# Grey dashes for without the agreement, green for with it, blue dots for what was returned.
COLOURS = ("#505a5f", "#0f7a52", "#1d70b8")
LINE_CSS = (
    CHART_CSS
    + ".series .line{fill:none;stroke-width:2}"
    + "".join(
        f".color-{n} .line{{stroke:{colour}}}.color-{n} .dot{{fill:{colour};stroke:{colour}}}"
        f".legend .color-{n}{{fill:{colour};stroke:{colour}}}"
        for n, colour in enumerate(COLOURS)
    )
    + ".color-2 .line{stroke:none}"
)


def line_chart_svg(progress: LineProgress) -> str | None:
    """Baseline, both trajectories and the figures returned, over time; None with nothing to draw."""
    baseline = progress.baseline
    trajectory = [point for point in ([baseline] if baseline else []) + progress.points if point.without is not None]
    actuals = [(item.period_end, item.actual) for item in progress.returns if item.actual is not None]
    if not trajectory and not actuals:
        return None
    unit = progress.line.indicator.unit
    chart = pygal.XY(
        js=[],  # no scripts: the chart is a static picture in the page and the PDF
        css=[LINE_CSS],
        style=STYLE,
        width=640,
        height=320,
        show_legend=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        y_title=axis_title(unit) or None,
        x_value_formatter=lambda x: f"{datetime.date.fromordinal(round(x)):%b %Y}",
        value_formatter=lambda value: figure(Decimal(str(value))),
        disable_xml_declaration=True,
        margin=12,
        margin_right=36,
        truncate_label=-1,
        truncate_legend=-1,
        show_y_guides=False,
        show_x_guides=False,
        dots_size=3,
    )
    values = (
        [point.without for point in trajectory] + [point.with_lpsa for point in trajectory] + [v for _, v in actuals]
    )
    chart.y_labels = [float(tick) for tick in nice_ticks(min(values), max(values))]
    chart.x_labels = [point.day.toordinal() for point in trajectory] or [day.toordinal() for day, _ in actuals]
    chart.add(
        "Without the agreement",
        [(point.day.toordinal(), float(point.without)) for point in trajectory],
        stroke_style={"dasharray": "6, 4"},
    )
    chart.add("With the agreement", [(point.day.toordinal(), float(point.with_lpsa)) for point in trajectory])
    chart.add("Returned", [(day.toordinal(), float(value)) for day, value in actuals], dots_size=5)
    return chart.render(is_unicode=True)


def line_chart_data_uri(progress: LineProgress) -> str | None:
    svg = line_chart_svg(progress)
    if svg is None:
        return None
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def chart_description(progress: LineProgress) -> str:
    """The chart in words, for its text alternative; the table beside it has every figure."""
    line = progress.line
    parts = []
    if progress.points:
        last = progress.points[-1]
        parts.append(
            f"by {last.year} {figure(last.without)} without the agreement and {figure(last.with_lpsa)} with it"
        )
    if progress.returns:
        latest = progress.returns[-1]
        parts.append(
            f"{len(progress.returns)} figure{'s' if len(progress.returns) != 1 else ''} returned, the latest {figure(latest.actual)} for {latest.period_label}"
        )
    return (
        f"Line chart of {line.label} over time: "
        + "; ".join(parts or ["nothing to show yet"])
        + ". The figures are in the table below."
    )


# --- what the report shows -----------------------------------------------------------------


@dataclass
class ReportRow:
    period: str
    actual: str
    status: str
    expected_without: str
    expected_with: str
    rating: Rating
    sent: bool


@dataclass
class ReportLine:
    number: str
    label: str
    unit: str
    direction: str
    progress: LineProgress
    rows: list[ReportRow]
    trajectory: list[dict]
    chart: str | None
    chart_alt: str
    actions: list[str]
    commentary: list[dict]


@dataclass
class ReportTarget:
    number: int
    title: str
    lines: list[ReportLine] = field(default_factory=list)


def _report_line(number: str, progress: LineProgress, actions: list[str]) -> ReportLine:
    line = progress.line
    rows = []
    for item in progress.returns:
        without, with_lpsa = _expected(progress, item)
        rows.append(
            ReportRow(
                period=item.period_label,
                actual=figure(item.actual),
                status=item.get_status_display(),
                expected_without=figure(without),
                expected_with=figure(with_lpsa),
                rating=progress.rating_of(item).rating,
                sent=item.is_sent,
            )
        )
    baseline = progress.baseline
    trajectory = (
        [
            {
                "year": f"{baseline.year} (baseline)",
                "without": figure(baseline.without),
                "with": figure(baseline.with_lpsa),
                "how": "Baseline",
            }
        ]
        if baseline
        else []
    )
    trajectory += [
        {
            "year": point.year,
            "without": figure(point.without),
            "with": figure(point.with_lpsa),
            "how": "Entered" if point.entered else "Straight line",
        }
        for point in progress.points
    ]
    commentary = [
        {"period": item.period_label, "note": item.note, "sent": item.is_sent}
        for item in progress.returns
        if item.note.strip()
    ]
    direction = "Higher is better" if line.indicator.direction == Indicator.Direction.HIGHER else "Lower is better"
    return ReportLine(
        number=number,
        label=line.label,
        unit=line.indicator.unit,
        direction=direction,
        progress=progress,
        rows=rows,
        trajectory=trajectory,
        chart=line_chart_data_uri(progress),
        chart_alt=chart_description(progress),
        actions=actions,
        commentary=commentary,
    )


def _expected(progress: LineProgress, item: PerformanceReturn):
    return trajectory.expected_on(progress.line, item.period_end, progress.points)


def _actions_by_line(framework: Framework) -> dict[tuple[int, int | None], list[str]]:
    """The priorities' activities by (priority, target area); None for the priority as a whole."""
    found: dict[tuple[int, int | None], list[str]] = {}
    for activity in IndicatorActivity.objects.filter(priority__framework=framework).order_by("position", "pk"):
        found.setdefault((activity.priority_id, activity.target_area_id), []).append(activity.title)
    return found


def _allocations(framework: Framework) -> list[dict]:
    allocations = (
        PumpPriming.objects.filter(framework=framework)
        .select_related("target__indicator")
        .prefetch_related(Prefetch("spend", queryset=Spend.objects.order_by("year")))
        .order_by("pk")
    )
    result = []
    for allocation in allocations:
        spend = list(allocation.spend.all())
        spent = sum((item.amount for item in spend), Decimal(0))
        result.append(
            {
                "label": allocation.label,
                "kind": allocation.get_kind_display() or "Not said",
                "spend_on": allocation.spend_on,
                "amount": money(allocation.amount),
                "spend": [{"year": item.year, "amount": money(item.amount), "note": item.note} for item in spend],
                "spent": money(spent),
                "left": money(allocation.amount - spent),
            }
        )
    return result


def _freedoms(framework: Framework) -> list[dict]:
    freedoms = (
        Freedom.objects.filter(target__indicator__target_area__priority__framework=framework)
        .select_related("target__indicator", "progress")
        .order_by("pk")
    )
    result = []
    for freedom in freedoms:
        progress = getattr(freedom, "progress", None)
        delivered = progress.get_delivered_display() if progress else FreedomProgress.Delivered.WAITING.label
        result.append(
            {
                "label": freedom.target.label,
                "request": freedom.request,
                "kind": freedom.get_kind_display(),
                "department": freedom.department or "Not said",
                "status": freedom.get_status_display(),
                "delivered": delivered,
                "delivered_on": progress.delivered_on if progress else None,
                "answer": progress.answer if progress else "",
                "answered_on": progress.answered_on if progress else None,
            }
        )
    return result


def report_context(framework: Framework, user, half: Period, *, for_pdf: bool) -> dict:
    """What the report shows for ``half``, to ``user``: only the returns they may see."""
    reviewer = permissions.is_reviewer(user)
    progress = framework_progress(framework, permissions.returns_for(user, framework), until=half.last_day)
    actions = _actions_by_line(framework)
    targets = []
    for numbered in progress:
        item = ReportTarget(numbered.item.number, numbered.item.title)
        for position, line in enumerate(numbered.lines, start=1):
            indicator = line.line.indicator
            area = indicator.target_area
            own = actions.get((area.priority_id, area.pk), []) + actions.get((area.priority_id, None), [])
            item.lines.append(_report_line(f"{item.number}.{position}", line, own))
        targets.append(item)
    tally = counts(progress)
    unsent = sum(1 for target in targets for line in target.lines for row in line.rows if not row.sent)
    council = framework.council.name
    title = f"{council}: monitoring report, {half.label}"
    return {
        "framework": framework,
        "council": council,
        "half": half,
        "made_on": datetime.date.today(),
        "targets": targets,
        "summary": [(rating, tally[rating]) for rating in (Rating.GREEN, Rating.AMBER, Rating.RED, Rating.NONE)],
        "lines_count": sum(tally.values()),
        "allocations": _allocations(framework),
        "freedoms": _freedoms(framework),
        "reviewer": reviewer,
        "unsent": unsent,
        "for_pdf": for_pdf,
        "static_prefix": STATIC_PREFIX if for_pdf else "/static/",
        "document_title": title,
        "page_title": f"Monitoring report, {half.label} – {framework.title} – LPSA2",
    }


TEMPLATE = "delivery/report/document.html"


def render_report_html(framework: Framework, user, half: Period, *, for_pdf: bool, **extra) -> str:
    return render_to_string(TEMPLATE, {**report_context(framework, user, half, for_pdf=for_pdf), **extra})


def render_report_pdf(framework: Framework, user, half: Period) -> bytes:
    """The report as a PDF: the HTML made here, laid out by WeasyPrint in a bounded child process.

    Made once per version of the agreement's content, for each side (government reads only
    the returns sent to it), half-year and day (the report says when it was made).
    """
    side = "government" if permissions.is_reviewer(user) else "council"
    return content.derived(
        framework,
        "report-pdf",
        lambda: render_html_pdf_in_child(render_report_html(framework, user, half, for_pdf=True)),
        side,
        half_slug(half),
        datetime.date.today(),
    )
