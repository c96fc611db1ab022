"""Government's reviewer reads the submitted version and negotiates each target to agreement."""

from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from lpsa.models import NegotiationEntry, Submission
from lpsa.workflow import framework_move
from priorities.models import Indicator, Stage, Target


@pytest.fixture
def submitted(cast, at_stage):
    framework = at_stage(Stage.TWO_AWAITING_APPROVAL)
    framework_move(framework=framework, move_name="approve_two", user=cast["chiefexec"].user)
    return Submission.objects.get()


def record(client, target, submission, **data):
    payload = {"next": reverse("lpsa:review", args=[submission.pk]), "note": "", **data}
    return client.post(reverse("lpsa:negotiate", args=[target.pk]), payload)


def test_the_reviewer_sees_the_submitted_version_not_later_edits(login, cast, submitted):
    Target.objects.update(with_lpsa=777)
    client = login(cast["reviewer"])
    assertContains(client.get(reverse("lpsa:review_list")), "Stage Two, version 1")
    page = client.get(reverse("lpsa:review", args=[submitted.pk]))
    assertContains(page, "as submitted 51 without, 55 with LPSA2 (+4)")
    assertNotContains(page, "777")


def test_a_target_is_negotiated_to_agreement(login, cast, submitted):
    target = Target.objects.get()
    client = login(cast["reviewer"])
    offer = record(client, target, submitted, kind="council", without_lpsa="51", with_lpsa="55")
    assert offer.status_code == 302
    counter = record(client, target, submitted, kind="government", without_lpsa="51", with_lpsa="57")
    assert counter.status_code == 302
    agreed = record(client, target, submitted, kind="agreed", without_lpsa="51", with_lpsa="56", note="Split it")
    assert agreed.status_code == 302
    target.refresh_from_db()
    assert (target.with_lpsa, target.status) == (Decimal("56"), "agreed")
    assert target.history.latest().history_change_reason == "Agreed with government in negotiation"
    assert Indicator.objects.get().status == Indicator.Status.AGREED
    assert list(NegotiationEntry.objects.values_list("kind", flat=True)) == ["council", "government", "agreed"]

    council = login(cast["officer"]).get(reverse("priorities:target", args=[target.pk]))
    assertContains(council, "Government&#x27;s counter-offer")
    assertContains(council, "Split it")
    assertContains(council, "Agreed with government")


def test_agreed_figures_against_the_direction_are_refused(login, cast, submitted):
    target = Target.objects.get()
    response = record(login(cast["reviewer"]), target, submitted, kind="agreed", without_lpsa="51", with_lpsa="40")
    assertContains(response, "higher is better", status_code=400)
    assert not NegotiationEntry.objects.exists()


def test_words_in_the_figures_are_refused_next_to_the_field(login, cast, submitted):
    target = Target.objects.get()
    response = record(login(cast["reviewer"]), target, submitted, kind="council", without_lpsa="fifty", with_lpsa="")
    assertContains(response, "Enter a number, like 42 or 12.5", status_code=400)
    assertContains(response, "Enter the target with LPSA2.", status_code=400)
    assert not NegotiationEntry.objects.exists()


@pytest.mark.parametrize("role", ["officer", "wglead", "chiefexec", "admin"])
def test_only_the_reviewer_records_negotiation(login, cast, submitted, role):
    target = Target.objects.get()
    response = record(login(cast[role]), target, submitted, kind="agreed", without_lpsa="51", with_lpsa="56")
    assert response.status_code == 403
    assert not NegotiationEntry.objects.exists()


def test_the_reviewer_cannot_negotiate_before_stage_two_is_submitted(login, cast, at_stage):
    at_stage(Stage.TWO_DRAFTING)
    target = Target.objects.get()
    response = login(cast["reviewer"]).post(
        reverse("lpsa:negotiate", args=[target.pk]), {"kind": "agreed", "without_lpsa": "1", "with_lpsa": "2"}
    )
    assert response.status_code == 404


def test_the_reviewer_comments_on_a_submitted_indicator(login, cast, submitted):
    indicator = Indicator.objects.get()
    client = login(cast["reviewer"])
    back = reverse("lpsa:review", args=[submitted.pk])
    response = client.post(
        reverse("lpsa:comment_create", args=["indicator", indicator.pk]), {"text": "Source?", "next": back}
    )
    assert response.url == back
    assertContains(login(cast["officer"]).get(indicator.get_absolute_url()), "Source?")


def test_the_reviewer_never_compares_with_the_councils_draft(login, cast, submitted):
    client = login(cast["reviewer"])
    assert client.get(reverse("lpsa:compare", args=[submitted.pk])).status_code == 404


def test_the_reviewers_menu_leaves_out_council_only_pages(login, cast, submitted):
    page = login(cast["reviewer"]).get(reverse("lpsa:review_list"))
    assertNotContains(page, 'href="/partners/"')
    assertContains(page, 'href="/review/"')
    assertContains(login(cast["officer"]).get(reverse("lpsa:review_list")), 'href="/partners/"')
