"""A line's trajectory: the value expected each year, without and with the agreement.

Each year's point is at the year's end (31 March). A point the council entered is used as
entered; every other year lies on a straight line from the baseline through the interim
levels (when the agreement has them) to the final year's. Between year ends the expected
value moves in a straight line by the day, so a half-year or a quarter is rated against
the part of the year it has run.
"""

import datetime
import itertools
from dataclasses import dataclass
from decimal import Decimal

from delivery.periods import year_start
from priorities.period import financial_year_label


@dataclass(frozen=True)
class Point:
    year: str
    day: datetime.date
    without: Decimal | None
    with_lpsa: Decimal | None
    entered: bool = False


def year_end(start_year: int) -> datetime.date:
    return datetime.date(start_year + 1, 3, 31)


def _along(anchors: list[tuple[int, Decimal]], year: int) -> Decimal | None:
    """The value at ``year`` on the straight lines between the anchors (year, value), in order."""
    for (y0, v0), (y1, v1) in itertools.pairwise(anchors):
        if y0 <= year <= y1:
            if y1 == y0:
                return v1
            return v0 + (v1 - v0) * Decimal(year - y0) / Decimal(y1 - y0)
    return None


def default_points(line) -> list[Point]:
    """The straight trajectory of a line, every year from the one after its baseline to its final year."""
    final = year_start(line.period)
    if final is None:
        return []
    baseline_year = year_start(line.effective_baseline_year)
    baseline = line.effective_baseline_value
    interim_year = year_start(line.interim_period)
    anchors = {"without": [], "with": []}
    if baseline_year is not None and baseline is not None and baseline_year < final:
        anchors["without"].append((baseline_year, Decimal(baseline)))
        anchors["with"].append((baseline_year, Decimal(baseline)))
    if interim_year is not None and line.interim_with_lpsa is not None and interim_year < final:
        anchors["without"].append((interim_year, Decimal(line.interim_without_lpsa)))
        anchors["with"].append((interim_year, Decimal(line.interim_with_lpsa)))
    if line.without_lpsa is not None and line.with_lpsa is not None:
        anchors["without"].append((final, Decimal(line.without_lpsa)))
        anchors["with"].append((final, Decimal(line.with_lpsa)))
    first = anchors["with"][0][0] + 1 if len(anchors["with"]) > 1 else final
    if baseline_year is None or baseline is None:
        first = min([y for y, _ in anchors["with"]], default=final)
    return [
        Point(
            financial_year_label(year),
            year_end(year),
            _along(anchors["without"], year),
            _along(anchors["with"], year),
        )
        for year in range(first, final + 1)
    ]


def points(line, entered: list | None = None) -> list[Point]:
    """The line's trajectory: entered points (TrajectoryPoint rows) where there are any, else the straight one."""
    entered = list(line.trajectory.all()) if entered is None else entered
    by_year = {point.year: point for point in entered}
    result = []
    for point in default_points(line):
        own = by_year.get(point.year)
        if own is not None:
            point = Point(point.year, point.day, own.without_lpsa, own.with_lpsa, entered=True)
        result.append(point)
    return result


def baseline_point(line) -> Point | None:
    year = year_start(line.effective_baseline_year)
    value = line.effective_baseline_value
    if year is None or value is None:
        return None
    return Point(line.effective_baseline_year, year_end(year), Decimal(value), Decimal(value))


def expected_on(line, day: datetime.date, trajectory: list[Point]) -> tuple[Decimal | None, Decimal | None]:
    """What the line was expected to be on ``day``, without and with the agreement."""
    known = [p for p in [baseline_point(line), *trajectory] if p is not None and p.without is not None]
    known.sort(key=lambda p: p.day)
    for before, after in itertools.pairwise(known):
        if before.day <= day <= after.day:
            span = Decimal((after.day - before.day).days)
            gone = Decimal((day - before.day).days)
            share = gone / span if span else Decimal(1)
            return (
                before.without + (after.without - before.without) * share,
                before.with_lpsa + (after.with_lpsa - before.with_lpsa) * share,
            )
    if known and day == known[-1].day:
        return known[-1].without, known[-1].with_lpsa
    if known and day > known[-1].day:
        return known[-1].without, known[-1].with_lpsa
    return None, None
