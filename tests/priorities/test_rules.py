"""Rules that live with the models: stretch direction, paired figures, ordering, versions."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from priorities.charts import chart_points
from priorities.models import EditConflict, Indicator, Priority, Stage, Target
from tests.factories import add, make_framework, make_tree


@pytest.fixture
def indicator(tree):
    return Indicator.objects.get(target_area__priority=tree)


def target_for(indicator, **fields) -> Target:
    # The fixture's indicator has a line to 2007/08 already, so another to that year has a label.
    values = {"title": "Another line", "period": "2007/08", "without_lpsa": Decimal("50"), "with_lpsa": Decimal("55")}
    values.update(fields)
    return Target(indicator=indicator, **values)


def test_stretch_is_the_target_with_lpsa2_minus_performance_without(indicator):
    assert target_for(indicator, without_lpsa=Decimal("50.5"), with_lpsa=Decimal("55")).stretch == Decimal("4.5")


def test_stretch_is_unknown_until_both_figures_are_given(indicator):
    assert target_for(indicator, with_lpsa=None).stretch is None


def test_it_refuses_a_stretch_below_without_when_higher_is_better(indicator):
    target = target_for(indicator, without_lpsa=Decimal("50"), with_lpsa=Decimal("45"))
    with pytest.raises(ValidationError) as caught:
        target.full_clean()
    assert caught.value.message_dict["with_lpsa"] == [
        "For this indicator higher is better, so the target with LPSA2 must be higher "
        "than the performance expected without it."
    ]


def test_it_refuses_a_stretch_above_without_when_lower_is_better(indicator):
    indicator.direction = Indicator.Direction.LOWER
    indicator.save()
    target = target_for(indicator, without_lpsa=Decimal("40"), with_lpsa=Decimal("41"))
    with pytest.raises(ValidationError) as caught:
        target.full_clean()
    assert "lower is better" in caught.value.message_dict["with_lpsa"][0]


def test_it_accepts_a_reduction_when_lower_is_better(indicator):
    indicator.direction = Indicator.Direction.LOWER
    indicator.save()
    target_for(indicator, without_lpsa=Decimal("40"), with_lpsa=Decimal("36")).full_clean()


def test_it_checks_the_interim_stretch_direction_too(indicator):
    target = target_for(
        indicator, interim_period="2005/06", interim_without_lpsa=Decimal("52"), interim_with_lpsa=Decimal("51")
    )
    with pytest.raises(ValidationError) as caught:
        target.full_clean()
    assert "interim_with_lpsa" in caught.value.message_dict


def test_it_wants_all_three_interim_values_or_none(indicator):
    target = target_for(indicator, interim_period="2005/06")
    with pytest.raises(ValidationError) as caught:
        target.full_clean()
    assert set(caught.value.message_dict) == {"interim_without_lpsa", "interim_with_lpsa"}


def test_it_wants_a_baseline_year_with_a_baseline_value(indicator):
    indicator.baseline_year = ""
    with pytest.raises(ValidationError) as caught:
        indicator.full_clean()
    assert caught.value.message_dict["baseline_year"] == [
        "Enter both the baseline year and the baseline value, or neither."
    ]


def test_it_refuses_a_year_that_is_not_a_year(indicator):
    target = target_for(indicator, period="next year")
    with pytest.raises(ValidationError) as caught:
        target.full_clean()
    assert caught.value.message_dict["period"] == ["Enter a year like 2004 or a financial year like 2004/05."]


def test_a_second_line_to_the_same_year_needs_a_label(indicator):
    second = target_for(indicator, title="")
    with pytest.raises(ValidationError) as caught:
        second.full_clean()
    assert "title" in caught.value.message_dict
    target_for(indicator, title="Women returners").full_clean()
    target_for(indicator, title="", period="2006/07").full_clean()


def test_a_lines_own_baseline_needs_its_year_and_value(indicator):
    with pytest.raises(ValidationError) as caught:
        target_for(indicator, period="2006/07", baseline_value=Decimal("58")).full_clean()
    assert "baseline_year" in caught.value.message_dict
    line = target_for(indicator, period="2006/07", baseline_year="2003/04", baseline_value=Decimal("58"))
    line.full_clean()
    assert (line.effective_baseline_year, line.effective_baseline_value) == ("2003/04", Decimal("58"))
    plain = target_for(indicator, period="2006/07")
    assert (plain.effective_baseline_year, plain.effective_baseline_value) == ("2003/04", Decimal("50"))


def test_a_line_counts_only_towards_a_numbered_target_of_its_own_framework(indicator, cast):
    elsewhere = make_tree(make_framework(cast["otherofficer"].organisation, slug="kent"))[0]
    foreign = elsewhere.agreement_targets.get()
    with pytest.raises(ValidationError) as caught:
        target_for(indicator, period="2006/07", agreement_target=foreign).full_clean()
    assert caught.value.message_dict["agreement_target"] == ["Choose a numbered target of this framework."]


def test_weights_must_all_be_given_and_add_up_to_a_hundred(indicator):
    line = indicator.targets.get()
    numbered = line.agreement_target
    add(Target, indicator=indicator, agreement_target=numbered, title="Women", period="2007/08", weight=Decimal(40))
    assert "weights some of its lines and not others" in numbered.weight_problem()
    line.weight = Decimal(50)
    line.save()
    assert numbered.weight_problem() == f"The weights of {numbered}'s lines add up to 90%. They must add up to 100%."
    line.weight = Decimal(60)
    line.save()
    assert numbered.weight_problem() is None


def test_an_indicator_cannot_turn_against_the_stretch_of_its_targets(indicator):
    indicator.direction = Indicator.Direction.LOWER
    with pytest.raises(ValidationError) as caught:
        indicator.full_clean()
    assert caught.value.message_dict["direction"] == [
        "The targets of this indicator stretch the other way. Change their figures first."
    ]


def test_an_indicator_may_turn_once_no_target_stretches_either_way(indicator):
    indicator.targets.update(with_lpsa=Decimal("51"))
    indicator.direction = Indicator.Direction.LOWER
    indicator.full_clean()


def test_the_stage_two_deadline_cannot_come_before_stage_one(framework):
    framework.stage_two_deadline = datetime.date(2004, 6, 30)
    with pytest.raises(ValidationError) as caught:
        framework.full_clean()
    assert caught.value.message_dict["stage_two_deadline"] == [
        "The Stage Two deadline must come after the Stage One deadline."
    ]


@pytest.fixture
def seen_target(framework, indicator):
    framework.stage = Stage.ONE_SUBMITTED
    framework.save(update_fields=["stage"])
    return Target.objects.get()


def test_changed_figures_need_a_reason_once_government_has_seen_a_version(seen_target):
    seen_target.interim_period, seen_target.interim_without_lpsa, seen_target.interim_with_lpsa = "2005/06", 50, 52
    with pytest.raises(ValidationError) as caught:
        seen_target.full_clean()
    assert caught.value.message_dict == {
        "change_reason": ["Say why the figures are changing. Government has seen them."]
    }
    seen_target._change_reason = "An interim level was agreed in principle."
    seen_target.full_clean()


def test_a_change_other_than_the_figures_needs_no_reason(seen_target):
    seen_target.title = "All residents"
    seen_target.full_clean()


def test_a_reason_longer_than_its_history_can_keep_is_refused(seen_target):
    seen_target.with_lpsa = Decimal("57")
    seen_target._change_reason = "x" * 101
    with pytest.raises(ValidationError) as caught:
        seen_target.full_clean()
    assert caught.value.message_dict == {
        "change_reason": ["This must be 100 characters or fewer. You entered 101 characters."]
    }


def test_new_items_go_to_the_end_and_moving_swaps_neighbours(framework, tree):
    second = add(Priority, framework=framework, title="Second")
    third = add(Priority, framework=framework, title="Third")
    assert [p.position for p in (tree, second, third)] == [1, 2, 3]
    third.move(by=-1)
    assert list(framework.priorities.values_list("title", flat=True)) == ["Priority 1", "Third", "Second"]
    tree.move(by=-1)  # already first: nothing changes
    assert list(framework.priorities.values_list("position", flat=True)) == [1, 2, 3]


def test_deleting_an_item_renumbers_the_rest(framework, tree):
    second = add(Priority, framework=framework, title="Second")
    tree.delete_and_renumber()
    second.refresh_from_db()
    assert second.position == 1


def test_a_save_from_a_stale_version_is_refused(tree):
    mine = Priority.objects.get(pk=tree.pk)
    theirs = Priority.objects.get(pk=tree.pk)
    theirs.title = "Theirs"
    theirs.save_checked(expected_version=1)
    mine.title = "Mine"
    with pytest.raises(EditConflict) as caught:
        mine.save_checked(expected_version=1)
    assert caught.value.current.title == "Theirs"
    tree.refresh_from_db()
    assert (tree.title, tree.version) == ("Theirs", 2)


def test_every_save_is_kept_in_the_history(tree):
    tree.title = "Renamed"
    tree.save_checked(expected_version=1)
    titles = list(tree.history.order_by("history_date").values_list("title", flat=True))
    assert titles == ["Priority 1", "Renamed"]


def test_the_potential_reward_is_two_and_a_half_percent_of_the_net_budget(framework):
    framework.net_budget_requirement = Decimal("1250000000")
    assert framework.potential_reward == Decimal("31250000")


def test_a_line_with_its_own_baseline_is_charted_from_it(indicator):
    line = target_for(indicator, baseline_year="2002/03", baseline_value=Decimal("41"))
    assert chart_points(line, indicator)[0] == ("2002/03 baseline", Decimal("41"))
    plain = target_for(indicator)
    assert chart_points(plain, indicator)[0] == ("2003/04 baseline", Decimal("50"))
