"""The benchmarks' national dataset carried into delivery (bench/national.py): its rows obey
the delivery rules, so the pages timed on it show what real agreements would."""

import random

import pytest

from bench.national import SEED, build_dataset, build_delivery
from delivery.models import Claim, FreedomProgress, PerformanceReturn, Spend
from delivery.periods import Period
from delivery.progress import counts, framework_progress
from delivery.rag import Rating
from priorities.models import Framework, Stage, Target


@pytest.fixture
def national(db):
    rng = random.Random(SEED)
    build_dataset(rng)
    return build_delivery(rng)


def test_every_agreement_is_in_delivery_with_twelve_quarters_for_every_line(national):
    assert Framework.objects.count() == 27
    assert not Framework.objects.exclude(stage=Stage.IN_DELIVERY).exists()
    assert not Framework.objects.filter(signed_on__isnull=True).exists()
    lines = Target.objects.count()
    assert national["performance returns"] == PerformanceReturn.objects.count() == lines * 12
    for item in PerformanceReturn.objects.order_by("?")[:200]:
        assert Period.from_key(item.period).last_day == item.period_end
        item.full_clean()
        assert item.is_sent == item.is_final
    assert set(PerformanceReturn.objects.values_list("status", flat=True)) == {"estimate", "final"}


def test_its_lines_are_rated_every_colour_and_some_claims_are_submitted(national):
    tally = dict.fromkeys(Rating, 0)
    for framework in Framework.objects.all():
        for rating, count in counts(framework_progress(framework)).items():
            tally[rating] += count
    assert tally[Rating.GREEN] and tally[Rating.AMBER] and tally[Rating.RED]
    claims = list(Claim.objects.all())
    assert 0 < len(claims) < 27
    assert {claim.status for claim in claims} == {Claim.Status.SUBMITTED}
    assert all(claim.figures["total"] == str(claim.total) for claim in claims)
    assert any(claim.total > 0 for claim in claims)
    for spend in Spend.objects.select_related("allocation__framework"):
        spend.full_clean()
    for progress in FreedomProgress.objects.all():
        progress.full_clean()
