"""The financial years an agreement's period covers, and the reward's payment years, worked by hand."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from priorities.period import AgreementPeriod, financial_year_label, financial_year_of, length_problem

D = datetime.date


def test_an_april_to_march_agreement_covers_three_financial_years():
    # Hampshire, Herefordshire and most others: 1 April 2005 to 31 March 2008.
    period = AgreementPeriod(D(2005, 4, 1), D(2008, 3, 31))
    assert period.financial_years == ["2005/06", "2006/07", "2007/08"]
    assert period.financial_years_in_words == "2005/06, 2006/07 and 2007/08"


def test_the_reward_is_paid_in_the_two_years_after_the_agreement_ends_with_the_payment_on_account_before():
    period = AgreementPeriod(D(2005, 4, 1), D(2008, 3, 31))
    assert period.payment_years == ["2008/09", "2009/10"]
    assert period.on_account_year == "2007/08"


def test_an_agreement_ending_in_december_touches_four_financial_years():
    # York's ran from January 2005 to December 2007: its last nine months fall in 2007/08,
    # whose end the reward waits for.
    period = AgreementPeriod(D(2005, 1, 1), D(2007, 12, 31))
    assert period.financial_years == ["2004/05", "2005/06", "2006/07", "2007/08"]
    assert period.payment_years == ["2008/09", "2009/10"]
    assert period.on_account_year == "2007/08"


@pytest.mark.parametrize(
    ("day", "year"),
    [(D(2005, 3, 31), 2004), (D(2005, 4, 1), 2005), (D(2005, 12, 31), 2005), (D(2006, 1, 1), 2005)],
)
def test_the_financial_year_starts_on_the_first_of_april(day, year):
    assert financial_year_of(day) == year


def test_a_financial_year_across_the_century_is_written_with_two_digits():
    assert financial_year_label(1999) == "1999/00"
    assert financial_year_label(2005) == "2005/06"


def test_a_period_of_two_to_four_years_is_accepted():
    assert length_problem(D(2005, 4, 1), D(2007, 3, 31)) is None
    assert length_problem(D(2005, 4, 1), D(2009, 3, 31)) is None


def test_a_period_shorter_than_two_years_or_longer_than_four_is_questioned():
    assert "less than 2" in length_problem(D(2005, 4, 1), D(2007, 3, 30))
    assert "more than 4" in length_problem(D(2005, 4, 1), D(2009, 4, 1))


def test_a_period_ending_before_it_starts_is_refused():
    assert length_problem(D(2008, 3, 31), D(2005, 4, 1)) == "The agreement must end after it starts."


def test_a_period_starting_on_the_29th_of_february_can_be_measured():
    assert length_problem(D(2004, 2, 29), D(2007, 2, 27)) is None


def test_the_framework_refuses_a_period_of_one_year_next_to_its_end(framework):
    framework.agreement_start, framework.agreement_end = D(2005, 4, 1), D(2006, 3, 31)
    with pytest.raises(ValidationError) as refused:
        framework.full_clean()
    assert refused.value.message_dict["agreement_end"] == [
        "An agreement runs about three years, but this one runs less than 2: check the start and end dates."
    ]


def test_the_framework_asks_for_both_dates_or_neither(framework):
    framework.agreement_start = D(2005, 4, 1)
    with pytest.raises(ValidationError) as refused:
        framework.full_clean()
    assert refused.value.message_dict["agreement_end"] == [
        "Enter both the start and the end of the agreement, or neither."
    ]


def test_the_framework_gives_its_period_once_both_dates_are_known(framework):
    assert framework.agreement_period is None
    framework.agreement_start, framework.agreement_end = D(2005, 4, 1), D(2008, 3, 31)
    framework.full_clean()
    assert framework.agreement_period.payment_years == ["2008/09", "2009/10"]
