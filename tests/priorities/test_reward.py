"""The reward grant's arithmetic, by hand-worked cases and as properties."""

from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from pytest_django.asserts import assertContains

from priorities import reward
from priorities.models import Indicator, Target
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
    """Ten targets on a £1bn budget: £25m potential, £2.5m a target."""
    framework.net_budget_requirement = D("1000000000")
    framework.save()
    indicator = Indicator.objects.get()
    for n in range(9):
        add(Target, indicator=indicator, period="2007/08", without_lpsa=D(50), with_lpsa=D(60 + n))
    return framework


def test_shares_split_equally_and_sub_targets_by_their_percentages(money_framework):
    first = Target.objects.order_by("pk").first()
    add(Target, indicator=first.indicator, parent=first, title="Women", period="2007/08", reward_share=70)
    add(Target, indicator=first.indicator, parent=first, title="Men", period="2007/08", reward_share=30)
    split = reward.shares(list(Target.objects.all()), money_framework.potential_reward)
    by_title = {t.title: split.get(t.pk) for t in Target.objects.all()}
    assert by_title["Women"] == D("1750000")
    assert by_title["Men"] == D("750000")
    assert first.pk not in split  # its share passes to its sub-targets
    assert sum(split.values()) == D("25000000")


def test_sub_target_shares_not_adding_to_100_split_equally(money_framework):
    first = Target.objects.order_by("pk").first()
    add(Target, indicator=first.indicator, parent=first, title="A", period="2007/08", reward_share=70)
    add(Target, indicator=first.indicator, parent=first, title="B", period="2007/08")
    split = reward.shares(list(Target.objects.all()), money_framework.potential_reward)
    assert {split[t.pk] for t in first.sub_targets.all()} == {D("1250000")}


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
    Target.objects.exclude(pk=Target.objects.order_by("pk").first().pk).delete()
    response = login(cast["officer"]).get(money_framework.get_absolute_url())
    assertContains(response, "There are 1 targets. Agreements usually carry about twelve")


def test_a_share_of_stretch_is_shown_rounded_down_so_it_never_reads_as_sixty():
    from priorities.templatetags.figures import percent

    assert percent(D("0.5967")) == "59.6%"
    assert percent(D("0.6")) == "60%"
    assert percent(D("2.25")) == "225%"
