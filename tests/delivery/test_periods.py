"""Periods of return: their keys, their days, their labels, and how often an indicator is returned."""

import datetime

import pytest

from delivery.periods import Frequency, Period, frequency_of, half_years_between, periods_between


@pytest.mark.parametrize(
    ("key", "first", "last", "label"),
    [
        ("2006/07", datetime.date(2006, 4, 1), datetime.date(2007, 3, 31), "2006/07"),
        ("2006/07 H1", datetime.date(2006, 4, 1), datetime.date(2006, 9, 30), "H1 2006/07 (April to September 2006)"),
        (
            "2006/07 H2",
            datetime.date(2006, 10, 1),
            datetime.date(2007, 3, 31),
            "H2 2006/07 (October 2006 to March 2007)",
        ),
        ("2006/07 Q1", datetime.date(2006, 4, 1), datetime.date(2006, 6, 30), "Q1 2006/07 (April to June 2006)"),
        (
            "2006/07 Q3",
            datetime.date(2006, 10, 1),
            datetime.date(2006, 12, 31),
            "Q3 2006/07 (October to December 2006)",
        ),
        ("2006/07 Q4", datetime.date(2007, 1, 1), datetime.date(2007, 3, 31), "Q4 2006/07 (January to March 2007)"),
        ("1999/00 Q4", datetime.date(2000, 1, 1), datetime.date(2000, 3, 31), "Q4 1999/00 (January to March 2000)"),
    ],
)
def test_a_period_key_names_its_days_and_its_label(key, first, last, label):
    period = Period.from_key(key)
    assert (period.first_day, period.last_day, period.label, period.key) == (first, last, label, key)


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("2006", "is not a period"),
        ("2006/08", "is not a financial year"),
        ("2006/07 H3", "only two halves"),
        ("2006/07 Q5", "is not a period"),
        ("Q1 2006/07", "is not a period"),
    ],
)
def test_a_key_that_names_no_period_is_refused_in_words(key, message):
    with pytest.raises(ValueError, match=message):
        Period.from_key(key)


def test_only_the_last_part_of_a_year_ends_it():
    assert [
        p.is_year_end for p in periods_between(datetime.date(2005, 4, 1), datetime.date(2006, 3, 31), Frequency.QUARTER)
    ] == [
        False,
        False,
        False,
        True,
    ]


def test_the_half_years_of_an_agreement_run_from_its_first_year_to_its_last():
    halves = half_years_between(datetime.date(2005, 4, 1), datetime.date(2008, 3, 31))
    assert [h.key for h in halves] == [
        "2005/06 H1",
        "2005/06 H2",
        "2006/07 H1",
        "2006/07 H2",
        "2007/08 H1",
        "2007/08 H2",
    ]


@pytest.mark.parametrize(
    ("text", "frequency"),
    [
        ("Quarterly", Frequency.QUARTER),
        ("Monthly, reported each quarter", Frequency.QUARTER),
        ("Six-monthly", Frequency.HALF),
        ("Half-yearly", Frequency.HALF),
        ("Annual", Frequency.YEAR),
        ("Every three years (survey)", Frequency.YEAR),
        ("", Frequency.YEAR),
    ],
)
def test_an_indicators_collection_frequency_says_how_often_it_is_returned(text, frequency):
    assert frequency_of(text) == frequency
