from decimal import Decimal

from priorities.gaps import framework_gaps
from priorities.models import Indicator, Target, TargetArea
from tests.factories import add


def test_a_complete_framework_has_no_gaps(framework, tree):
    assert framework_gaps([framework.pk]) == {framework.pk: []}


def test_gaps_are_counted_in_plain_words(framework, tree):
    area = add(TargetArea, priority=tree, title="Empty area")
    add(Indicator, target_area=area, title="Bare")
    add(Indicator, target_area=area, title="Bare too", definition="x", data_source="y")
    indicator = Indicator.objects.get(title="Indicator 1.1.1")
    add(Target, indicator=indicator, period="2006/07", without_lpsa=Decimal("5"), with_lpsa=Decimal("5"))
    # A line weighted 0% is shown for information: no enhancement is asked of it.
    numbered = indicator.targets.first().agreement_target
    add(Target, indicator=indicator, agreement_target=numbered, title="Info", period="2007/08", weight=Decimal(0))
    tree.evidence = ""
    tree.save()
    assert framework_gaps([framework.pk])[framework.pk] == [
        "1 priority has no evidence",
        "1 indicator has no definition",
        "1 indicator has no data source",
        "2 indicators have no baseline",
        "2 indicators have no target line",
        "1 target line has no enhancement",
        "1 target line is not in a numbered target",
    ]


def test_gaps_of_several_frameworks_take_a_fixed_number_of_queries(
    framework, tree, django_assert_num_queries, hampshire
):
    from tests.factories import make_framework, make_tree

    other = make_framework(hampshire, slug="second")
    make_tree(other, priorities=3, areas=2)
    # One query per kind of item checked: priorities, target areas, indicators, targets.
    with django_assert_num_queries(4):
        gaps = framework_gaps([framework.pk, other.pk])
    assert "3 priorities have no leading working group" in gaps[other.pk]
