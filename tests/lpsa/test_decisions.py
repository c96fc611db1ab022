"""Government's decisions are government's, and the chief executive approves exactly what was asked for."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from lpsa.models import StageChange
from lpsa.workflow import MoveRefused, framework_move
from priorities.models import Indicator, Stage


def test_council_users_cannot_set_an_indicators_status_with_government(login, cast, ready):
    indicator = Indicator.objects.get()
    client = login(cast["officer"])
    data = {
        "title": indicator.title,
        "definition": indicator.definition,
        "direction": "higher",
        "measures": "outcome",
        "data_source": "Census",
        "baseline_year": "2003/04",
        "baseline_value": "50",
        "status": "agreed",
        "version": indicator.version,
    }
    response = client.post(reverse("priorities:indicator_edit", args=[indicator.pk]), data)
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.status == Indicator.Status.PROPOSED
    form = client.get(reverse("priorities:indicator_edit", args=[indicator.pk]))
    assert "Status with government" not in form.content.decode()


def test_an_officer_records_governments_agreement_only_on_its_behalf_with_how_it_was_told(login, cast, at_stage):
    framework = at_stage(Stage.ONE_SUBMITTED)
    client = login(cast["officer"])
    url = reverse("lpsa:move", args=[framework.slug, "agree_one"])
    refused = client.post(url, {"reason": ""})
    assertContains(refused, "Say how government told the council", status_code=400)
    framework.refresh_from_db()
    assert framework.stage == Stage.ONE_SUBMITTED
    assert client.post(url, {"reason": "Letter from ODPM, 28 July"}).status_code == 302
    change = StageChange.objects.get(action="agree_one")
    assert change.on_behalf_of_government
    page = client.get(reverse("lpsa:workflow", args=[framework.slug]))
    assertContains(page, "recorded by the council on government's behalf")
    assertContains(page, "Letter from ODPM, 28 July")


def test_the_service_refuses_an_on_behalf_decision_without_how_government_told(cast, at_stage):
    framework = at_stage(Stage.TWO_NEGOTIATION)
    with pytest.raises(MoveRefused):
        framework_move(framework=framework, move_name="agree_two", user=cast["officer"].user)
    framework.refresh_from_db()
    assert framework.stage == Stage.TWO_NEGOTIATION


@pytest.mark.parametrize(
    ("stage", "move", "back_to"),
    [
        (Stage.ONE_AWAITING_APPROVAL, "withdraw_one", Stage.ONE_CONSULTATION),
        (Stage.TWO_AWAITING_APPROVAL, "withdraw_two", Stage.TWO_DRAFTING),
    ],
)
def test_officers_withdraw_a_request_for_approval_to_edit_again(login, cast, at_stage, stage, move, back_to):
    framework = at_stage(stage)
    client = login(cast["officer"])
    indicator = Indicator.objects.get()
    assert client.get(reverse("priorities:indicator_edit", args=[indicator.pk])).status_code == 403
    assertContains(client.get(reverse("lpsa:workflow", args=[framework.slug])), "Withdraw the request for approval")
    assert client.post(reverse("lpsa:move", args=[framework.slug, move])).status_code == 302
    framework.refresh_from_db()
    assert framework.stage == back_to
    assert client.get(reverse("priorities:indicator_edit", args=[indicator.pk])).status_code == 200


def test_the_chief_executive_is_told_when_a_request_for_approval_is_withdrawn(
    login, cast, at_stage, mailoutbox, django_capture_on_commit_callbacks
):
    cast["chiefexec"].user.email = "chiefexec@example.org"
    cast["chiefexec"].user.save()
    framework = at_stage(Stage.ONE_AWAITING_APPROVAL)
    with django_capture_on_commit_callbacks(execute=True):
        login(cast["officer"]).post(reverse("lpsa:move", args=[framework.slug, "withdraw_one"]))
    assert [m.to for m in mailoutbox] == [["chiefexec@example.org"]]
    assert mailoutbox[0].subject.startswith("No longer asked to approve")
