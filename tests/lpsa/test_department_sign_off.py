"""Each numbered target's lead department signs it off, recorded by a reviewer, and the
agreement is settled only once every target is agreed and signed off."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from lpsa.models import DepartmentSignOff
from lpsa.readiness import settlement_blockers
from lpsa.services import department_sign_off_record
from lpsa.workflow import MoveRefused, framework_move
from priorities.models import Stage, Target
from tests.factories import settle_every_target, submit_stage_two


@pytest.fixture
def negotiating(ready, cast):
    submission = submit_stage_two(ready, cast["chiefexec"])
    return ready, submission, submission.snapshot["agreement_targets"][0]


def sign_off_url(submission, numbered) -> str:
    return reverse("lpsa:department_sign_off", args=[submission.pk, numbered["id"]])


def test_a_reviewer_records_the_lead_departments_sign_off(negotiating, cast, login):
    _framework, submission, numbered = negotiating
    client = login(cast["reviewer"])
    page = client.get(reverse("lpsa:review", args=[submission.pk]))
    assertContains(page, "Numbered targets and their departments")
    assertContains(page, f'action="{sign_off_url(submission, numbered)}"')
    response = client.post(sign_off_url(submission, numbered))
    back = reverse("lpsa:review", args=[submission.pk]) + f"#agreementtarget-{numbered['id']}"
    assertRedirects(response, back, fetch_redirect_response=False)
    sign_off = DepartmentSignOff.objects.get()
    assert (sign_off.submission, sign_off.agreement_target_id, sign_off.department, sign_off.signed_by) == (
        submission,
        numbered["id"],
        "Home Office",
        cast["reviewer"].user,
    )
    page = client.get(reverse("lpsa:review", args=[submission.pk]))
    assertContains(page, "Recorded: Home Office signed off this target.")
    assertContains(page, "Signed off</strong> by Reviewer")
    assertNotContains(page, f'action="{sign_off_url(submission, numbered)}"')


@pytest.mark.parametrize("role", ["officer", "chiefexec", "admin", "cosignofficer"])
def test_only_a_reviewer_records_a_sign_off(role, negotiating, cast, login, portsmouth):
    framework, submission, numbered = negotiating
    framework.co_signatories.add(portsmouth)
    client = login(cast[role])
    assert client.post(sign_off_url(submission, numbered)).status_code == 403
    assert client.get(sign_off_url(submission, numbered)).status_code == 405
    assertNotContains(client.get(reverse("lpsa:review", args=[submission.pk])), "Record the sign-off")
    assert not DepartmentSignOff.objects.exists()


@pytest.mark.parametrize("stage", [Stage.TWO_DRAFTING, Stage.TWO_AGREED])
def test_a_sign_off_is_recorded_only_while_the_version_is_negotiated(stage, negotiating, cast, login):
    framework, submission, numbered = negotiating
    framework.stage = stage
    framework.save(update_fields=["stage"])
    assert login(cast["reviewer"]).post(sign_off_url(submission, numbered)).status_code == 403
    assert not DepartmentSignOff.objects.exists()


def test_a_target_the_submission_does_not_hold_cannot_be_signed_off(negotiating, cast):
    _framework, submission, _numbered = negotiating
    with pytest.raises(ValidationError, match="no such numbered target"):
        department_sign_off_record(submission=submission, agreement_target_id=999_999, user=cast["reviewer"].user)


def test_a_target_naming_no_department_cannot_be_signed_off(ready, cast, login):
    submission = submit_stage_two(ready, cast["chiefexec"], department="")
    numbered = submission.snapshot["agreement_targets"][0]
    client = login(cast["reviewer"])
    response = client.post(sign_off_url(submission, numbered), follow=True)
    assertContains(response, "names no lead government department, so no department can sign it off.")
    assert not DepartmentSignOff.objects.exists()


def test_a_target_is_signed_off_once(negotiating, cast, login):
    _framework, submission, numbered = negotiating
    client = login(cast["reviewer"])
    client.post(sign_off_url(submission, numbered))
    response = client.post(sign_off_url(submission, numbered), follow=True)
    assertContains(response, "is already signed off by Home Office.")
    assert DepartmentSignOff.objects.count() == 1


def test_the_agreement_is_not_settled_until_every_target_is_agreed_and_signed_off(negotiating, cast):
    framework, submission, numbered = negotiating
    name = f"Target {numbered['number']} “{numbered['title']}”"
    line = Target.objects.get(pk=numbered["lines"][0])
    line_name = f"{line.indicator.title}: Target to {line.period}"
    assert settlement_blockers(framework) == [
        f"{name}: “{line_name}” is not agreed yet.",
        f"{name} is not yet signed off by its lead department, Home Office.",
    ]
    with pytest.raises(MoveRefused):
        framework_move(framework=framework, move_name="agree_two", user=cast["reviewer"].user)
    Target.objects.filter(pk=line.pk).update(status="agreed")
    assert settlement_blockers(framework) == [f"{name} is not yet signed off by its lead department, Home Office."]
    department_sign_off_record(submission=submission, agreement_target_id=numbered["id"], user=cast["reviewer"].user)
    assert settlement_blockers(framework) == []
    framework_move(framework=framework, move_name="agree_two", user=cast["reviewer"].user)
    framework.refresh_from_db()
    assert framework.stage == Stage.TWO_AGREED


def test_a_sign_off_of_an_older_version_does_not_count(negotiating, cast):
    framework, submission, numbered = negotiating
    settle_every_target(framework, submission, cast["reviewer"])
    newer = submit_stage_two(framework, cast["chiefexec"])
    assert newer.version == 2
    assert settlement_blockers(framework) == [
        f"Target {numbered['number']} “{numbered['title']}” is not yet signed off by its lead department, Home Office."
    ]


def test_a_target_naming_no_department_blocks_settling(ready, cast):
    submission = submit_stage_two(ready, cast["chiefexec"], department="")
    Target.objects.update(status="agreed")
    numbered = submission.snapshot["agreement_targets"][0]
    assert settlement_blockers(ready) == [
        f"Target {numbered['number']} “{numbered['title']}” names no lead government department to sign it off."
    ]


def test_the_reviewer_sees_what_still_blocks_settling(negotiating, cast, login):
    _framework, submission, _numbered = negotiating
    page = login(cast["reviewer"]).get(reverse("lpsa:review", args=[submission.pk]))
    assertContains(page, "“Record that the agreement is settled” waits until:")
    assertContains(page, "is not yet signed off by its lead department, Home Office.")


def test_an_officer_recording_the_settlement_on_governments_behalf_is_refused_too(negotiating, cast, login):
    framework, _submission, _numbered = negotiating
    response = login(cast["officer"]).post(
        reverse("lpsa:move", args=[framework.slug, "agree_two"]), {"reason": "Letter of 3 March 2005"}
    )
    assertContains(response, "is not yet signed off by its lead department, Home Office.", status_code=400)
    framework.refresh_from_db()
    assert framework.stage == Stage.TWO_NEGOTIATION
