"""A line's trajectory, drawn straight by default or entered, and its rating against it."""

import datetime
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from delivery import trajectory
from delivery.rag import Rating, rate


def line(**figures):
    defaults = {
        "period": "2007/08",
        "effective_baseline_year": "2004/05",
        "effective_baseline_value": D("100"),
        "interim_period": "",
        "interim_without_lpsa": None,
        "interim_with_lpsa": None,
        "without_lpsa": D("106"),
        "with_lpsa": D("112"),
    }
    return SimpleNamespace(**{**defaults, **figures})


def test_the_default_trajectory_is_straight_from_the_baseline_to_the_final_year():
    points = trajectory.default_points(line())
    assert [(p.year, p.without, p.with_lpsa) for p in points] == [
        ("2005/06", D("102"), D("104")),
        ("2006/07", D("104"), D("108")),
        ("2007/08", D("106"), D("112")),
    ]
    assert points[0].day == datetime.date(2006, 3, 31)


def test_the_default_trajectory_passes_through_the_interim_levels():
    points = trajectory.default_points(
        line(interim_period="2006/07", interim_without_lpsa=D("101"), interim_with_lpsa=D("110"))
    )
    assert [(p.year, p.without, p.with_lpsa) for p in points] == [
        ("2005/06", D("100.5"), D("105")),
        ("2006/07", D("101"), D("110")),
        ("2007/08", D("106"), D("112")),
    ]


def test_entered_points_replace_the_straight_line_in_their_years_only():
    entered = [SimpleNamespace(year="2005/06", without_lpsa=D("100"), with_lpsa=D("101"))]
    points = trajectory.points(line(), entered)
    assert [(p.year, p.with_lpsa, p.entered) for p in points] == [
        ("2005/06", D("101"), True),
        ("2006/07", D("108"), False),
        ("2007/08", D("112"), False),
    ]


def test_a_half_year_is_expected_to_be_part_of_the_way_through_its_year():
    subject = line()
    points = trajectory.default_points(subject)
    without, with_lpsa = trajectory.expected_on(subject, datetime.date(2005, 9, 30), points)
    # 183 of the 365 days from 31 March 2005 to 31 March 2006: just over halfway from 100 to 102 and 104.
    assert without == D(100) + D(2) * D(183) / D(365)
    assert with_lpsa == D(100) + D(4) * D(183) / D(365)


def test_without_a_baseline_there_is_no_expectation_before_the_first_point():
    subject = line(effective_baseline_year="", effective_baseline_value=None)
    points = trajectory.default_points(subject)
    assert [p.year for p in points] == ["2007/08"]
    assert trajectory.expected_on(subject, datetime.date(2006, 3, 31), points) == (None, None)


@pytest.mark.parametrize(
    ("actual", "higher", "rating"),
    [
        ("112", True, Rating.GREEN),
        ("115", True, Rating.GREEN),
        ("110", True, Rating.AMBER),
        ("106", True, Rating.RED),
        ("90", True, Rating.RED),
        ("106", False, Rating.GREEN),
        ("109", False, Rating.AMBER),
        ("112", False, Rating.RED),
    ],
)
def test_a_figure_is_green_beyond_the_with_trajectory_red_short_of_the_without_one_and_amber_between(
    actual, higher, rating
):
    without, with_lpsa = (D("106"), D("112")) if higher else (D("112"), D("106"))
    assert rate(D(actual), without, with_lpsa, higher_is_better=higher, when="31 March 2008").rating == rating


def test_the_rule_is_given_in_words_with_the_figures_it_compares():
    rated = rate(D("110"), D("106"), D("112"), higher_is_better=True, when="31 March 2008")
    assert rated.rule == (
        "Green at or above the with-agreement trajectory (112 by 31 March 2008), "
        "red at or below the without-agreement trajectory (106), amber between the two."
    )


def test_a_line_with_no_figure_or_no_trajectory_is_not_rated_and_says_why():
    assert "No figure" in rate(None, D(1), D(2), higher_is_better=True, when="").rule
    unrated = rate(D(5), None, None, higher_is_better=True, when="")
    assert unrated.rating == Rating.NONE
    assert "no trajectory" in unrated.rule
