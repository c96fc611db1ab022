"""The claims' figures read from the database: final returns of each line's year-end period of
its final and interim years; estimates, and other periods' figures, are ignored."""

from decimal import Decimal

from delivery.claims import expected_payments, line_figures, on_account_paid, payments_outstanding, work_out_final
from delivery.models import Claim, Payment, PerformanceReturn
from priorities.models import Stage
from tests.delivery.conftest import make_return, put_at

D = Decimal
FINAL = PerformanceReturn.Status.FINAL


def test_the_figures_come_from_the_final_returns_of_the_year_end_periods(agreement, lines):
    annual, quarterly = lines
    make_return(annual, "2007/08", "54", status=FINAL)
    make_return(annual, "2006/07", "53.5", status=FINAL)  # the interim year's
    make_return(quarterly, "2007/08 Q3", "150", status=FINAL)  # not the year's last quarter
    make_return(quarterly, "2007/08 Q4", "180", status=FINAL)
    first, second = line_figures(agreement)
    assert (first.achieved, first.interim_achieved) == (D("54"), D("53.5"))
    assert second.achieved == D("180")
    assert second.interim_achieved is None  # it has no interim year
    assert [first.share, second.share] == [D("12500000.00")] * 2


def test_estimates_are_ignored(agreement, lines):
    annual, quarterly = lines
    make_return(annual, "2007/08", "55")  # an estimate
    make_return(quarterly, "2007/08 Q4", "170")
    assert [line.achieved for line in line_figures(agreement)] == [None, None]
    assert work_out_final(agreement).earned == 0


def test_the_final_claim_takes_off_what_was_accepted_on_account(delivery_world):
    framework = delivery_world["framework"]
    interim = delivery_world["interim_claim"]
    # Submitted, not yet accepted: nothing counts as paid on account.
    assert on_account_paid(framework) == 0
    Claim.objects.filter(pk=interim.pk).update(status=Claim.Status.ACCEPTED)
    assert on_account_paid(framework) == D("2500000")
    Payment.objects.create(
        claim=interim, what=Payment.What.ON_ACCOUNT, capital=1_000_000, revenue=1_000_000, paid_on="2008-01-10"
    )
    # What government actually paid counts once it is recorded.
    assert on_account_paid(framework) == D("2000000")


def test_the_payments_expected_follow_the_frozen_figures(delivery_world):
    interim, final = delivery_world["interim_claim"], delivery_world["final_claim"]
    assert expected_payments(interim) == [Payment.What.ON_ACCOUNT]
    assert payments_outstanding(interim) == ["payment on account"]
    final.figures = {"payable": "0.01", "due_back": "0.00", "instalments": [{"total": "0.01"}, {"total": "0.00"}]}
    assert expected_payments(final) == [Payment.What.FIRST]  # a second instalment of nothing is not paid
    final.figures = {"payable": "0.00", "due_back": "500.00", "instalments": [{"total": "0.00"}, {"total": "0.00"}]}
    assert payments_outstanding(final) == ["council's repayment of what is due back"]


def test_a_line_weighted_nothing_is_not_claimed_for(agreement, lines):
    annual, quarterly = lines
    put_at(agreement, Stage.CLAIMING)
    type(quarterly).objects.filter(pk=quarterly.pk).update(weight=0)
    assert [line.line_id for line in line_figures(agreement)] == [annual.pk]
