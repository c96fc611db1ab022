"""The shared delivery world builds, and its agreement reads as the module says."""

from decimal import Decimal

from priorities.agreement import framework_agreement
from priorities.models import Stage


def test_the_delivery_world_is_an_agreement_in_delivery_with_two_targets(delivery_world):
    framework = delivery_world["framework"]
    assert framework.stage == Stage.IN_DELIVERY
    assert framework.is_signed
    agreement = framework_agreement(framework)
    assert [numbered.share for numbered in agreement.numbered] == [Decimal("12500000.00")] * 2
    assert [line.target.indicator.collection_frequency for line in agreement.lines] == ["Annual", "Quarterly"]
