"""Where each line of an agreement stands: its trajectory, its returns and its rating.

Everything for a framework comes in a fixed number of queries, whatever its size: the
agreement's numbered targets and lines (two), their entered trajectory points (one) and the
returns the reader may see (one).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from delivery import trajectory
from delivery.models import PerformanceReturn, TrajectoryPoint
from delivery.periods import Frequency, Period, frequency_of, periods_between, year_start
from delivery.rag import Rated, Rating, rate
from priorities.agreement import framework_agreement
from priorities.models import AgreementTarget, Framework, Indicator, Target


@dataclass
class LineProgress:
    line: Target
    share: Decimal | None
    points: list[trajectory.Point]
    returns: list[PerformanceReturn]  # in period order
    rated: Rated
    expected_without: Decimal | None = None
    expected_with: Decimal | None = None

    @property
    def latest(self) -> PerformanceReturn | None:
        return self.returns[-1] if self.returns else None

    @property
    def higher_is_better(self) -> bool:
        return self.line.indicator.direction == Indicator.Direction.HIGHER

    @property
    def frequency(self) -> Frequency:
        return frequency_of(self.line.indicator.collection_frequency)

    @property
    def baseline(self) -> trajectory.Point | None:
        return trajectory.baseline_point(self.line)

    def rating_of(self, item: PerformanceReturn) -> Rated:
        return rate_return(self.line, item, self.points)


@dataclass
class NumberedProgress:
    item: AgreementTarget
    share: Decimal | None
    lines: list[LineProgress] = field(default_factory=list)


def rate_return(line: Target, item: PerformanceReturn | None, points: list[trajectory.Point]) -> Rated:
    higher = line.indicator.direction == Indicator.Direction.HIGHER
    if item is None:
        return rate(None, None, None, higher_is_better=higher, when="")
    without, with_lpsa = trajectory.expected_on(line, item.period_end, points)
    return rate(item.actual, without, with_lpsa, higher_is_better=higher, when=f"{item.period_end:%-d %B %Y}")


def framework_progress(
    framework: Framework, returns=None, until: datetime.date | None = None
) -> list[NumberedProgress]:
    """Every numbered target with its lines' progress. ``returns``: the returns the reader may
    see (all of them by default); ``until``: rate as at that day, ignoring later returns."""
    agreement = framework_agreement(framework)
    lines = [line.target for line in agreement.lines]
    ids = [line.pk for line in lines]
    entered: dict[int, list] = {pk: [] for pk in ids}
    for point in TrajectoryPoint.objects.filter(line_id__in=ids):
        entered[point.line_id].append(point)
    returns = PerformanceReturn.objects.filter(line_id__in=ids) if returns is None else returns.filter(line_id__in=ids)
    if until is not None:
        returns = returns.filter(period_end__lte=until)
    by_line: dict[int, list] = {pk: [] for pk in ids}
    for item in returns.order_by("period_end", "pk"):
        by_line[item.line_id].append(item)
    result = []
    for numbered in agreement.numbered:
        progress = NumberedProgress(numbered.item, numbered.share)
        for line in numbered.lines:
            target = line.target
            points = trajectory.points(target, entered[target.pk])
            own = by_line[target.pk]
            latest = own[-1] if own else None
            without, with_lpsa = trajectory.expected_on(target, latest.period_end, points) if latest else (None, None)
            progress.lines.append(
                LineProgress(target, line.share, points, own, rate_return(target, latest, points), without, with_lpsa)
            )
        result.append(progress)
    return result


def line_progress(line: Target, returns) -> LineProgress:
    """One line's progress, for its own page."""
    points = trajectory.points(line)
    own = list(returns.filter(line=line).order_by("period_end", "pk"))
    latest = own[-1] if own else None
    without, with_lpsa = trajectory.expected_on(line, latest.period_end, points) if latest else (None, None)
    return LineProgress(line, None, points, own, rate_return(line, latest, points), without, with_lpsa)


def counts(progress: list[NumberedProgress]) -> dict[Rating, int]:
    """How many lines are at each rating."""
    tally = dict.fromkeys(Rating, 0)
    for numbered in progress:
        for line in numbered.lines:
            tally[line.rated.rating] += 1
    return tally


def year_end_period(line: Target, year_label: str) -> Period | None:
    """The period whose figure is the line's figure for a year: the year's last quarter, half or the year."""
    start = year_start(year_label)
    if start is None:
        return None
    frequency = frequency_of(line.indicator.collection_frequency)
    return Period(start, frequency, frequency.parts)


def periods_of(line: Target, framework: Framework) -> list[Period]:
    """The periods a line's returns are due for, through the agreement, up to today."""
    if framework.agreement_start is None or framework.agreement_end is None:
        return []
    frequency = frequency_of(line.indicator.collection_frequency)
    today = datetime.date.today()
    return [
        p
        for p in periods_between(framework.agreement_start, framework.agreement_end, frequency)
        if p.first_day <= today
    ]


def missing_final_figures(framework: Framework) -> list[tuple[Target, Period]]:
    """Scored lines without a final figure for their final year, which the final claim needs."""
    agreement = framework_agreement(framework)
    lines = [line.target for line in agreement.lines if line.target.is_scored]
    finals = set(
        PerformanceReturn.objects.filter(
            line_id__in=[line.pk for line in lines], status=PerformanceReturn.Status.FINAL
        ).values_list("line_id", "period")
    )
    missing = []
    for line in lines:
        period = year_end_period(line, line.period)
        if period is not None and (line.pk, period.key) not in finals:
            missing.append((line, period))
    return missing
