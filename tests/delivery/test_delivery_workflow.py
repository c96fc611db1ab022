"""The delivery stages: each move, who makes it, and what stops it, in words."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied

from delivery.models import Claim, Payment, PerformanceReturn
from lpsa.models import StageChange
from lpsa.workflow import MoveRefused, framework_move, stage_blockers
from priorities.models import Stage
from tests.delivery.conftest import make_return, put_at


def problems_of(framework, move, user):
    with pytest.raises(MoveRefused) as refused:
        framework_move(framework=framework, move_name=move, user=user)
    return refused.value.problems


def test_signing_needs_the_date_it_was_signed(agreement, cast):
    framework = put_at(agreement, Stage.TWO_AGREED)
    framework.signed_on = None
    framework.save(update_fields=["signed_on"])
    assert [str(p) for p in stage_blockers(framework)] == ["Record the date the agreement was signed."]
    assert problems_of(framework, "sign", cast["officer"].user) == ["Record the date the agreement was signed."]
    framework.signed_on = datetime.date(2005, 3, 10)
    framework.save(update_fields=["signed_on"])
    framework_move(framework=framework, move_name="sign", user=cast["officer"].user)
    assert framework.stage == Stage.SIGNED
    assert StageChange.objects.filter(framework=framework, to_stage=Stage.SIGNED).exists()


def test_only_the_councils_officers_sign_and_start_delivery(agreement, cast):
    framework = put_at(agreement, Stage.SIGNED)
    for role in ("wglead", "chiefexec", "reviewer", "otherofficer"):
        with pytest.raises(PermissionDenied):
            framework_move(framework=framework, move_name="start_delivery", user=cast[role].user)
    framework_move(framework=framework, move_name="start_delivery", user=cast["cosignofficer"].user)
    assert framework.stage == Stage.IN_DELIVERY


def test_the_final_claim_starts_once_the_agreement_has_ended_and_every_line_has_its_final_figure(
    agreement, lines, cast
):
    annual, quarterly = lines
    problems = problems_of(agreement, "start_claiming", cast["officer"].user)
    assert problems == [
        "Return the final figure for 2007/08 of “Indicator 1.1.1”.",
        "Return the final figure for Q4 2007/08 (January to March 2008) of “Domestic burglaries”.",
    ]
    make_return(annual, "2007/08", "55", status=PerformanceReturn.Status.FINAL)
    # An estimate is not enough: the claim is made on final figures.
    make_return(quarterly, "2007/08 Q4", "170")
    assert len(problems_of(agreement, "start_claiming", cast["officer"].user)) == 1
    PerformanceReturn.objects.filter(line=quarterly).update(status=PerformanceReturn.Status.FINAL)
    framework_move(framework=agreement, move_name="start_claiming", user=cast["officer"].user)
    assert agreement.stage == Stage.CLAIMING


def test_the_agreement_is_complete_once_government_accepted_the_final_claim_and_paid_it(agreement, cast):
    framework = put_at(agreement, Stage.CLAIMING)
    reviewer = cast["reviewer"].user
    assert problems_of(framework, "complete", reviewer) == ["Submit the final claim to government."]
    claim = Claim.objects.create(
        framework=framework,
        kind=Claim.Kind.FINAL,
        status=Claim.Status.ACCEPTED,
        total=D("20000000"),
        figures={"payable": "20000000.00", "due_back": "0"},
        submitted_at=datetime.datetime(2008, 9, 1, tzinfo=datetime.UTC),
    )
    assert problems_of(framework, "complete", reviewer) == [
        "Record the first instalment once it is made.",
        "Record the second instalment once it is made.",
    ]
    for what, day in (
        (Payment.What.FIRST, datetime.date(2008, 10, 1)),
        (Payment.What.SECOND, datetime.date(2009, 10, 1)),
    ):
        Payment.objects.create(
            claim=claim, what=what, year="2008/09", capital=5_000_000, revenue=5_000_000, paid_on=day
        )
    framework_move(framework=framework, move_name="complete", user=reviewer)
    assert framework.stage == Stage.COMPLETE


def test_an_officer_records_completion_for_government_saying_how_they_were_told(agreement, cast):
    framework = put_at(agreement, Stage.CLAIMING)
    Claim.objects.create(
        framework=framework,
        kind=Claim.Kind.FINAL,
        status=Claim.Status.ACCEPTED,
        total=D("0"),
        figures={"payable": "0", "due_back": "0"},
        submitted_at=datetime.datetime(2008, 9, 1, tzinfo=datetime.UTC),
    )
    assert problems_of(framework, "complete", cast["officer"].user) == [
        "Say how government told the council of its decision, such as a letter and its date."
    ]
    framework_move(framework=framework, move_name="complete", user=cast["officer"].user, reason="Letter of 3 May 2009")
    assert framework.stage == Stage.COMPLETE


def test_the_task_list_follows_the_agreement_from_signing_to_the_settled_claim(agreement, cast):
    from lpsa.task_list import CANNOT_START, COMPLETED, IN_PROGRESS, framework_tasks

    framework = put_at(agreement, Stage.IN_DELIVERY)
    section = framework_tasks(framework)[-1]
    assert section.heading == "Sign, deliver and claim the reward"
    assert [(t.name, t.status) for t in section.tasks] == [
        ("Record that the agreement is signed", COMPLETED),
        ("Start delivery", COMPLETED),
        ("Start the final reward claim", IN_PROGRESS),
        ("Record that the reward claim is settled", CANNOT_START),
    ]
    assert "Return the final figure for 2007/08" in str(section.tasks[2].blockers[0])
