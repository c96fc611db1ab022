"""The reward grant's arithmetic, by hand-worked cases and as properties."""

from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from pytest_django.asserts import assertContains

from priorities import reward
from priorities.agreement import framework_agreement
from priorities.models import AgreementTarget, Indicator, Target
from tests.factories import add

D = Decimal
SHARE = D("2500000")


@pytest.mark.parametrize(
    ("without", "with_lpsa", "achieved", "fraction", "earned"),
    [
        (50, 60, 58, "0.8", "2000000"),  # four fifths of the stretch
        (50, 60, 55, "0.5", "0"),  # below 60%: nothing
        (50, 60, 56, "0.6", "1500000"),  # exactly 60% counts
        (50, 60, 65, "1.5", "2500000"),  # beyond the target: capped at the share
        (40, 30, 34, "0.6", "1500000"),  # lower is better: 6 of the 10 points of reduction
        (40, 30, 45, "-0.5", "0"),  # worse than without LPSA2
    ],
)
def test_hand_worked_cases(without, with_lpsa, achieved, fraction, earned):
    got = reward.fraction_of_stretch(D(without), D(with_lpsa), D(achieved))
    assert got == D(fraction)
    assert reward.earned(SHARE, got) == D(earned)


def test_the_potential_reward_is_two_and_a_half_percent():
    assert reward.potential_reward(D("1000000000")) == D("25000000")


def test_a_target_with_no_stretch_earns_only_when_met():
    assert reward.fraction_of_stretch(D(5), D(5), D(5)) == 1
    assert reward.fraction_of_stretch(D(5), D(5), D(4)) == 0


figures = st.decimals(min_value=-10_000, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)
shares = st.decimals(min_value=0, max_value=50_000_000, places=2, allow_nan=False, allow_infinity=False)


@given(share=shares, without=figures, stretch=figures, achieved=figures)
def test_earned_is_never_negative_nor_above_the_share(share, without, stretch, achieved):
    fraction = reward.fraction_of_stretch(without, without + stretch, achieved)
    gained = reward.earned(share, fraction)
    assert D(0) <= gained <= share


@given(share=shares, fraction=st.decimals(min_value=-5, max_value=D("0.5999"), places=4))
def test_nothing_is_earned_below_sixty_percent(share, fraction):
    assert reward.earned(share, fraction) == 0


@given(
    share=shares, a=st.decimals(min_value=-5, max_value=5, places=4), b=st.decimals(min_value=-5, max_value=5, places=4)
)
def test_earning_never_falls_as_achievement_rises(share, a, b):
    low, high = sorted([a, b])
    assert reward.earned(share, low) <= reward.earned(share, high)


@given(without=figures, stretch=figures.filter(lambda s: s != 0), a=figures, b=figures)
def test_more_progress_in_the_right_direction_never_earns_less(without, stretch, a, b):
    """Achievements ordered along the direction of improvement earn in the same order."""
    with_lpsa = without + stretch
    worse, better = sorted([a, b]) if stretch > 0 else sorted([a, b], reverse=True)
    fraction_worse = reward.fraction_of_stretch(without, with_lpsa, worse)
    fraction_better = reward.fraction_of_stretch(without, with_lpsa, better)
    assert reward.earned(SHARE, fraction_worse) <= reward.earned(SHARE, fraction_better)


@pytest.fixture
def money_framework(framework, tree):
    """Ten numbered targets of one line each on a £1bn budget: £25m potential, £2.5m a target."""
    framework.net_budget_requirement = D("1000000000")
    framework.save()
    indicator = Indicator.objects.get()
    for n in range(9):
        numbered = add(AgreementTarget, framework=framework, priority=indicator.priority, title=f"Target {n + 2}")
        add(
            Target,
            indicator=indicator,
            agreement_target=numbered,
            title=f"Line {n + 2}",
            period="2007/08",
            without_lpsa=D(50),
            with_lpsa=D(60 + n),
        )
    return framework


class Line:
    def __init__(self, pk, weight=None):
        self.pk, self.weight = pk, weight


def test_the_reward_is_split_equally_across_numbered_targets_whatever_their_lines():
    """A target bundling three indicators counts once, like a target of one: £25m over 2 is £12.5m each."""
    split = reward.shares({1: [Line(11), Line(12), Line(13)], 2: [Line(21)]}, D("25000000"))
    assert split == {11: D("4166666.67"), 12: D("4166666.67"), 13: D("4166666.67"), 21: D("12500000")}


def test_weighted_lines_take_their_weights_of_the_targets_share():
    """The Isle of Wight's reward as computed, £3,324,825, over twelve targets is £277,068.75 a target;
    lines weighted 60% and 40% take £166,241.25 and £110,827.50 of it."""
    numbered = {1: [Line(11, D(60)), Line(12, D(40))], **{n: [Line(n * 10 + 1)] for n in range(2, 13)}}
    split = reward.shares(numbered, D("3324825"))
    assert reward.target_share(D("3324825"), 12) == D("277068.75")
    assert split[11] == D("166241.25")
    assert split[12] == D("110827.50")
    assert split[21] == D("277068.75")


def test_weights_that_do_not_add_up_to_100_split_the_share_equally():
    split = reward.shares({1: [Line(11, D(70)), Line(12, D(20))]}, D("1000"))
    assert split == {11: D("500"), 12: D("500")}
    split = reward.shares({1: [Line(11, D(70)), Line(12)]}, D("1000"))
    assert split == {11: D("500"), 12: D("500")}


def test_a_line_weighted_nothing_earns_nothing_and_the_others_take_the_share():
    split = reward.shares({1: [Line(11, D(0)), Line(12, D(50)), Line(13, D(50))]}, D("1000"))
    assert split == {11: D("0"), 12: D("500"), 13: D("500")}


def test_a_numbered_target_with_no_lines_still_counts_in_the_split():
    """Its share is not handed to the others: the agreement promised it to that target."""
    split = reward.shares({1: [Line(11)], 2: []}, D("1000"))
    assert split == {11: D("500")}


def test_the_payment_on_account_is_a_fifth_of_a_weighted_lines_share():
    """On £277,068.75 weighted 60%: a £166,241.25 share, of which a fifth, £33,248.25, comes early when the
    interim level is met; reaching 80% of the enhancement earns £132,993.00, so the instalments pay the rest."""
    line = reward.Expected(
        line=None,
        share=D("166241.25"),
        without=D(60),
        with_lpsa=D(63),
        final=D("62.4"),
        higher_is_better=True,
        interim_with=D(61),
        interim=D("61.5"),
    )
    result = reward.calculate([line])
    assert result.on_account == D("33248.25")
    assert result.earned == D("132993.00")
    assert result.instalment == D("49872.38")  # (132,993.00 − 33,248.25) / 2, to the penny


def test_numbered_targets_and_weights_decide_the_shares_on_the_money_page(login, cast, money_framework):
    first = Target.objects.order_by("pk").first()
    add(
        Target,
        indicator=first.indicator,
        agreement_target=first.agreement_target,
        title="Women",
        period="2007/08",
        without_lpsa=D(50),
        with_lpsa=D(60),
        weight=D(70),
    )
    first.weight = D(30)
    first.save()
    agreement = framework_agreement(money_framework)
    shares_by_label = {line.target.title: line.share for line in agreement.lines}
    assert shares_by_label["Women"] == D("1750000")
    assert shares_by_label[first.title] == D("750000")
    assert sum(shares_by_label.values()) == D("25000000")
    response = login(cast["officer"]).get(reverse("priorities:money", args=[money_framework.slug]))
    assertContains(response, "£1,750,000")
    assertContains(response, "split equally across the agreement's 10 numbered targets")


def test_the_calculator_works_out_a_hand_worked_case(login, cast, money_framework):
    first, second, *_ = Target.objects.order_by("pk")
    first.without_lpsa, first.with_lpsa = D(50), D(60)
    first.interim_period, first.interim_without_lpsa, first.interim_with_lpsa = "2005/06", D(51), D(53)
    first.save()
    params = {f"final_{first.pk}": "58", f"interim_{first.pk}": "54", f"final_{second.pk}": "55"}
    response = login(cast["officer"]).get(reverse("priorities:calculator", args=[money_framework.slug]), params)
    # First: 8 of 10 points = 80% of £2.5m = £2m, interim met: £500,000 on account.
    # Second: 5 of 10 points = 50%, below 60%: nothing. Others: no result entered.
    assertContains(response, "80%")
    assertContains(response, '<dd class="govuk-summary-list__value" id="total-earned">£2,000,000</dd>', html=True)
    assertContains(response, "£500,000 on account")
    # (£2,000,000 − £500,000) in two equal instalments.
    assertContains(response, '<dd class="govuk-summary-list__value" id="instalment">£750,000</dd>', html=True)


def test_the_calculator_refuses_words_next_to_the_field(login, cast, money_framework):
    first = Target.objects.order_by("pk").first()
    response = login(cast["officer"]).get(
        reverse("priorities:calculator", args=[money_framework.slug]), {f"final_{first.pk}": "most of it"}
    )
    assertContains(response, "Enter a number, like 42 or 12.5", status_code=400)
    assertContains(response, f'href="#id_final_{first.pk}"', status_code=400)


def test_the_framework_warns_when_far_from_twelve_targets(login, cast, money_framework):
    AgreementTarget.objects.exclude(pk=Target.objects.order_by("pk").first().agreement_target_id).delete()
    response = login(cast["officer"]).get(money_framework.get_absolute_url())
    assertContains(response, "There is 1 numbered target. Agreements usually carry about twelve")


def test_a_share_of_stretch_is_shown_rounded_down_so_it_never_reads_as_sixty():
    from priorities.templatetags.figures import percent

    assert percent(D("0.5967")) == "59.6%"
    assert percent(D("0.6")) == "60%"
    assert percent(D("2.25")) == "225%"
