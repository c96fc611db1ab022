"""Every move of the workflow, who may make it, and what blocks it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pytest_django.asserts import assertContains

from delivery.models import Claim, PerformanceReturn
from lpsa.models import Comment, StageChange, Submission
from lpsa.workflow import MOVES, MoveRefused, framework_move
from priorities.models import DELIVERY_STAGES, AgreementTarget, Indicator, Involvement, Stage, Target
from tests.factories import add, settle_every_target, submit_stage_two

ROLES = ["officer", "wglead", "chiefexec", "reviewer", "admin", "otherofficer"]


@pytest.mark.parametrize("move", MOVES, ids=lambda m: m.name)
@pytest.mark.parametrize("role", ROLES)
def test_each_move_is_made_only_by_its_roles(move, role, cast, at_stage, mailoutbox):
    framework = at_stage(move.source)
    if move.name == "agree_two":  # settled only once every target is agreed and signed off
        submission = submit_stage_two(framework, cast["chiefexec"])
        settle_every_target(framework, submission, cast["reviewer"])
    if move.source in DELIVERY_STAGES or move.name == "sign":
        ready_for_delivery_move(framework, move.name)
    person = cast[role]
    allowed = person.role in move.roles and role != "otherofficer"
    if allowed:
        change = framework_move(
            framework=framework, move_name=move.name, user=person.user, reason="Because", declared=True
        )
        framework.refresh_from_db()
        assert framework.stage == move.target
        assert (change.from_stage, change.to_stage, change.by) == (move.source, move.target, person.user)
        assert Submission.objects.filter(framework=framework).exists() == bool(
            move.approves or move.name == "agree_two"
        )
    else:
        with pytest.raises(PermissionDenied):
            framework_move(framework=framework, move_name=move.name, user=person.user, reason="Because")
        framework.refresh_from_db()
        assert framework.stage == move.source
        assert not StageChange.objects.exclude(action="approve_two").exists()


def ready_for_delivery_move(framework, name: str) -> None:
    """What each move after agreement needs: the period and the signing, final figures to
    claim on, and an accepted final claim with nothing left to pay."""
    framework.agreement_start = datetime.date(2005, 4, 1)
    framework.agreement_end = datetime.date(2008, 3, 31)
    framework.signed_on = datetime.date(2005, 3, 10)
    framework.save(update_fields=["agreement_start", "agreement_end", "signed_on"])
    if name == "start_claiming":
        for line in Target.objects.filter(indicator__target_area__priority__framework=framework):
            PerformanceReturn.objects.create(
                line=line,
                period=line.period,
                period_end=datetime.date(2008, 3, 31),
                actual=55,
                status="final",
                source="x",
            )
    if name == "complete":
        Claim.objects.create(
            framework=framework,
            kind=Claim.Kind.FINAL,
            status=Claim.Status.ACCEPTED,
            figures={"payable": "0", "due_back": "0"},
        )


def test_a_move_from_the_wrong_stage_is_refused(cast, at_stage):
    framework = at_stage(Stage.ONE_DRAFTING)
    with pytest.raises(MoveRefused) as refused:
        framework_move(framework=framework, move_name="approve_one", user=cast["chiefexec"].user, declared=True)
    assert "already moved on" in refused.value.problems[0]


def test_returning_needs_reasons(cast, at_stage):
    framework = at_stage(Stage.ONE_AWAITING_APPROVAL)
    with pytest.raises(MoveRefused) as refused:
        framework_move(framework=framework, move_name="return_one", user=cast["chiefexec"].user, reason="  ")
    assert refused.value.problems == ["Enter the reasons, so the officers know what to change."]


def problems_for(framework, user, name):
    with pytest.raises(MoveRefused) as refused:
        framework_move(framework=framework, move_name=name, user=user, reason="Please approve.")
    return refused.value.problems


def test_stage_one_is_blocked_by_a_priority_without_outcome_or_evidence(cast, at_stage):
    framework = at_stage(Stage.ONE_CONSULTATION)
    framework.priorities.update(outcome="", evidence="")
    assert problems_for(framework, cast["officer"].user, "ask_approval_one") == [
        "Main Priority 1 “Priority 1” has no outcome statement.",
        "Main Priority 1 “Priority 1” has no evidence. Government asks for every priority to be evidenced.",
    ]


def test_stage_one_is_blocked_by_a_willing_district_left_out(cast, at_stage, district):
    framework = at_stage(Stage.ONE_CONSULTATION)
    framework.involvements.update(status=Involvement.Status.INVITED)
    assert problems_for(framework, cast["officer"].user, "ask_approval_one") == [
        "Rushmoor Borough Council has not yet said whether it will take part."
    ]
    framework.involvements.all().delete()
    assert problems_for(framework, cast["officer"].user, "ask_approval_one") == [
        "Rushmoor Borough Council has not been asked to take part."
    ]
    Involvement.objects.create(
        framework=framework, organisation=district, role=Involvement.Role.DISTRICT, status="declined"
    )
    framework_move(
        framework=framework, move_name="ask_approval_one", user=cast["officer"].user, reason="Please approve."
    )


def test_unresolved_comments_block_asking_for_approval(cast, at_stage):
    framework = at_stage(Stage.ONE_CONSULTATION)
    indicator = Indicator.objects.get()
    Comment.objects.create(framework=framework, indicator=indicator, author=cast["wglead"].user, text="Why 55?")
    assert problems_for(framework, cast["officer"].user, "ask_approval_one") == ["1 comment is not resolved yet."]


def test_stage_two_is_blocked_by_incomplete_indicators_and_targets(cast, at_stage):
    framework = at_stage(Stage.TWO_DRAFTING)
    Indicator.objects.update(definition="", data_source="", baseline_value=None, baseline_year="")
    Target.objects.update(with_lpsa=51)
    assert problems_for(framework, cast["officer"].user, "ask_approval_two") == [
        "Indicator “Indicator 1.1.1” has no definition.",
        "Indicator “Indicator 1.1.1” has no data source.",
        "Indicator “Indicator 1.1.1” has no baseline.",
        "Indicator “Indicator 1.1.1”: the target line “Target to 2007/08” has no enhancement (stretch).",
    ]


def test_stage_two_is_blocked_by_a_target_area_with_no_indicator(cast, at_stage):
    framework = at_stage(Stage.TWO_DRAFTING)
    Indicator.objects.all().delete()
    assert problems_for(framework, cast["officer"].user, "ask_approval_two") == [
        "Target area “Area 1.1” has no indicator.",
        "Target 1: Indicator 1.1.1 has no target lines.",
    ]


def test_the_workflow_page_shows_what_blocks_a_step(login, cast, at_stage):
    framework = at_stage(Stage.ONE_CONSULTATION)
    framework.priorities.update(evidence="")
    response = login(cast["officer"]).get(reverse("lpsa:workflow", args=[framework.slug]))
    assertContains(response, "This step is blocked until:")
    assertContains(response, "has no evidence")


def test_a_refused_move_shows_the_problems_and_changes_nothing(login, cast, at_stage):
    framework = at_stage(Stage.ONE_AWAITING_APPROVAL)
    client = login(cast["chiefexec"])
    response = client.post(reverse("lpsa:move", args=[framework.slug, "return_one"]), {"reason": ""})
    assertContains(response, "Enter the reasons, so the officers know what to change.", status_code=400)
    framework.refresh_from_db()
    assert framework.stage == Stage.ONE_AWAITING_APPROVAL


def test_the_chief_executive_returns_the_framework_with_reasons(
    login, cast, at_stage, mailoutbox, django_capture_on_commit_callbacks
):
    framework = at_stage(Stage.ONE_AWAITING_APPROVAL)
    cast["officer"].user.email = "officer@example.org"
    cast["officer"].user.save()
    client = login(cast["chiefexec"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("lpsa:move", args=[framework.slug, "return_one"]), {"reason": "Evidence is thin."}
        )
    assert response.status_code == 302
    page = client.get(reverse("lpsa:workflow", args=[framework.slug]))
    assertContains(page, "Reasons: Evidence is thin.")
    assert [m.to for m in mailoutbox] == [["officer@example.org"]]
    assert "Evidence is thin." in mailoutbox[0].body


def test_asking_for_approval_emails_the_chief_executive(
    login, cast, at_stage, mailoutbox, django_capture_on_commit_callbacks
):
    framework = at_stage(Stage.ONE_CONSULTATION)
    cast["chiefexec"].user.email = "chief@example.org"
    cast["chiefexec"].user.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(cast["officer"]).post(
            reverse("lpsa:move", args=[framework.slug, "ask_approval_one"]), {"reason": "Please approve."}
        )
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["chief@example.org"]]
    assert mailoutbox[0].subject.startswith("Please approve")


def test_the_stage_cannot_be_set_by_posting_a_field(login, cast, ready):
    client = login(cast["admin"])
    data = {"title": "T", "stage_one_deadline": "2004-07-31", "stage_two_deadline": "2004-11-30", "version": "1"}
    client.post(reverse("priorities:framework_edit", args=[ready.slug]), {**data, "stage": "two_agreed"})
    ready.refresh_from_db()
    assert ready.stage == Stage.ONE_DRAFTING


def test_the_timeline_records_every_step(login, cast, at_stage):
    framework = at_stage(Stage.ONE_DRAFTING)
    officer, chief = cast["officer"].user, cast["chiefexec"].user
    for name, user in [("start_consultation", officer), ("ask_approval_one", officer), ("approve_one", chief)]:
        framework_move(framework=framework, move_name=name, user=user, reason="Please approve.", declared=True)
    steps = list(framework.stage_changes.values_list("to_stage", flat=True))
    assert steps == [Stage.ONE_CONSULTATION, Stage.ONE_AWAITING_APPROVAL, Stage.ONE_SUBMITTED]
    page = login(cast["wglead"]).get(reverse("lpsa:workflow", args=[framework.slug]))
    assertContains(page, "Stage One: submitted to government")
    assertContains(page, "version 1")


def test_stage_two_is_blocked_by_a_process_indicator_and_one_with_no_target(cast, at_stage):
    framework = at_stage(Stage.TWO_DRAFTING)
    Indicator.objects.update(measures=Indicator.Measures.PROCESS)
    Target.objects.all().delete()
    assert problems_for(framework, cast["officer"].user, "ask_approval_two") == [
        "Indicator “Indicator 1.1.1” measures a process; LPSA2 indicators must measure outcomes.",
        "Indicator “Indicator 1.1.1” has no target line.",
        "Target 1: Indicator 1.1.1 has no target lines.",
    ]


def test_stage_two_is_blocked_until_every_line_is_in_a_numbered_target_with_sound_weights(cast, at_stage):
    framework = at_stage(Stage.TWO_DRAFTING)
    line = Target.objects.get()
    numbered = line.agreement_target
    add(Target, indicator=line.indicator, title="Women", period="2007/08", without_lpsa=51, with_lpsa=55)
    line.weight = 80
    line.save()
    assert problems_for(framework, cast["officer"].user, "ask_approval_two") == [
        f"The weights of {numbered}'s lines add up to 80%. They must add up to 100%.",
        "The target line “Indicator 1.1.1: Women” is not in a numbered target.",
    ]
    AgreementTarget.objects.all().delete()
    assert problems_for(framework, cast["officer"].user, "ask_approval_two")[0] == (
        "The framework has no numbered targets yet. Group its target lines into numbered targets."
    )


def test_a_framework_with_no_priorities_cannot_go_to_consultation(cast, at_stage):
    framework = at_stage(Stage.ONE_DRAFTING)
    framework.priorities.all().delete()
    assert problems_for(framework, cast["officer"].user, "start_consultation") == [
        "The framework has no headline priorities yet."
    ]


def test_a_framework_too_large_for_its_document_cannot_be_approved(cast, at_stage, settings):
    settings.DRAFT_PDF_MAX_TARGETS = 0
    framework = at_stage(Stage.ONE_AWAITING_APPROVAL)
    with pytest.raises(MoveRefused) as refused:
        framework_move(framework=framework, move_name="approve_one", user=cast["chiefexec"].user, declared=True)
    assert "more than the 0 its document can hold" in refused.value.problems[-1]
    assert not framework.submissions.exists()
