"""Negotiation is offer and response: figures become the target's only when the other side accepts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from lpsa.models import NegotiationEntry, Submission
from lpsa.workflow import framework_move
from priorities.models import Indicator, Stage, Target


@pytest.fixture
def submitted(cast, at_stage):
    framework = at_stage(Stage.TWO_AWAITING_APPROVAL)
    framework_move(framework=framework, move_name="approve_two", user=cast["chiefexec"].user, declared=True)
    return Submission.objects.get()


@pytest.fixture
def emails(cast):
    for role in ("officer", "reviewer", "admin"):
        user = cast[role].user
        user.email = f"{role}@example.org"
        user.save()


def offer(client, target, follow=False, **data):
    return client.post(reverse("lpsa:negotiate", args=[target.pk]), {"note": "", **data}, follow=follow)


def accept(client, entry):
    return client.post(reverse("lpsa:negotiation_accept", args=[entry.pk]))


def test_the_reviewer_sees_the_submitted_version_not_later_edits(login, cast, submitted):
    Target.objects.update(with_lpsa=777)
    client = login(cast["reviewer"])
    assertContains(client.get(reverse("lpsa:review_list")), "Stage Two, version 1")
    page = client.get(reverse("lpsa:review", args=[submitted.pk]))
    assertContains(page, "as submitted 51 without, 55 with LPSA2 (+4)")
    assertNotContains(page, "777")


def test_a_reviewers_figures_wait_for_the_council_and_change_nothing_until_accepted(
    login, cast, submitted, emails, mailoutbox, django_capture_on_commit_callbacks
):
    target = Target.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = offer(login(cast["reviewer"]), target, without_lpsa="51", with_lpsa="57", note="Stretch more")
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.with_lpsa, target.status) == (Decimal("55"), "proposed")
    entry = NegotiationEntry.objects.get()
    assert (entry.kind, entry.state) == ("government", "open")
    # The council hears of it by e-mail and on the target's page, where it can answer.
    assert sorted(m.to[0] for m in mailoutbox) == ["admin@example.org", "officer@example.org"]
    page = login(cast["officer"]).get(target.get_absolute_url())
    assertContains(page, "Stretch more")
    assertContains(page, "Accept these figures")
    assertContains(page, "Make a counter-offer")


def test_offer_counter_offer_and_acceptance_agree_the_target_and_its_indicator(
    login, cast, submitted, emails, mailoutbox, django_capture_on_commit_callbacks
):
    target = Target.objects.get()
    officer = login(cast["officer"])
    assert offer(officer, target, without_lpsa="51", with_lpsa="55").status_code == 302
    reviewer = login(cast["reviewer"])
    assert offer(reviewer, target, without_lpsa="51", with_lpsa="57").status_code == 302
    council_offer, counter = NegotiationEntry.objects.order_by("pk")
    council_offer.refresh_from_db()
    assert council_offer.state == "countered"
    officer = login(cast["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        assert accept(officer, counter).status_code == 302
    target.refresh_from_db()
    assert (target.with_lpsa, target.status) == (Decimal("57"), "agreed")
    assert "accepted by Officer" in target.history.latest().history_change_reason
    assert Indicator.objects.get().status == Indicator.Status.AGREED
    counter.refresh_from_db()
    assert (counter.state, counter.answered_by) == ("accepted", cast["officer"].user)
    assert [m.to for m in mailoutbox] == [["reviewer@example.org"]]
    assert "accepted" in mailoutbox[0].subject
    assertContains(login(cast["reviewer"]).get(reverse("lpsa:review", args=[submitted.pk])), "Agreed")


def test_interim_figures_are_negotiated_like_final_ones(login, cast, submitted):
    target = Target.objects.get()
    Target.objects.filter(pk=target.pk).update(
        interim_period="2005/06", interim_without_lpsa=Decimal("50"), interim_with_lpsa=Decimal("52")
    )
    Submission.objects.filter(pk=submitted.pk).delete()
    framework = target.framework
    framework.stage = Stage.TWO_AWAITING_APPROVAL
    framework.save(update_fields=["stage"])
    framework_move(framework=framework, move_name="approve_two", user=cast["chiefexec"].user, declared=True)
    response = offer(
        login(cast["reviewer"]),
        target,
        without_lpsa="51",
        with_lpsa="56",
        interim_without_lpsa="50",
        interim_with_lpsa="53",
    )
    assert response.status_code == 302
    accept(login(cast["officer"]), NegotiationEntry.objects.get())
    target.refresh_from_db()
    assert (target.interim_with_lpsa, target.with_lpsa) == (Decimal("53"), Decimal("56"))


def test_a_side_cannot_accept_its_own_offer(login, cast, submitted):
    target = Target.objects.get()
    offer(login(cast["reviewer"]), target, without_lpsa="51", with_lpsa="57")
    response = accept(login(cast["reviewer"]), NegotiationEntry.objects.get())
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.status == "proposed"
    assert NegotiationEntry.objects.get().state == "open"


def test_an_answered_offer_cannot_be_accepted_later(login, cast, submitted):
    target = Target.objects.get()
    offer(login(cast["reviewer"]), target, without_lpsa="51", with_lpsa="57")
    first = NegotiationEntry.objects.get()
    offer(login(cast["reviewer"]), target, without_lpsa="51", with_lpsa="58")
    accept(login(cast["officer"]), first)
    target.refresh_from_db()
    assert (target.with_lpsa, target.status) == (Decimal("55"), "proposed")


def test_figures_against_the_direction_are_refused(login, cast, submitted):
    target = Target.objects.get()
    response = offer(login(cast["reviewer"]), target, without_lpsa="51", with_lpsa="40")
    assertContains(response, "higher is better", status_code=400)
    assert not NegotiationEntry.objects.exists()


def test_words_in_the_figures_are_refused_next_to_the_field(login, cast, submitted):
    target = Target.objects.get()
    response = offer(login(cast["reviewer"]), target, without_lpsa="fifty", with_lpsa="")
    assertContains(response, "Enter a number, like 42 or 12.5", status_code=400)
    assertContains(response, "Enter the target with LPSA2.", status_code=400)
    assert not NegotiationEntry.objects.exists()


def test_a_refused_offer_names_the_target_as_submitted_not_as_edited_since(login, cast, submitted):
    target = Target.objects.get()
    Indicator.objects.update(title="Renamed after submission")
    response = offer(login(cast["reviewer"]), target, without_lpsa="51", with_lpsa="")
    assertContains(response, "Indicator 1.1.1", status_code=400)
    assertNotContains(response, "Renamed after submission", status_code=400)


@pytest.mark.parametrize("role", ["wglead", "chiefexec"])
def test_council_roles_that_do_not_negotiate_are_refused(login, cast, submitted, role):
    target = Target.objects.get()
    response = offer(login(cast[role]), target, without_lpsa="51", with_lpsa="56")
    assert response.status_code == 404
    assert not NegotiationEntry.objects.exists()


def test_nobody_negotiates_before_stage_two_is_submitted(login, cast, at_stage):
    at_stage(Stage.TWO_DRAFTING)
    target = Target.objects.get()
    for role in ("reviewer", "officer"):
        assert offer(login(cast[role]), target, without_lpsa="1", with_lpsa="2").status_code == 404


def test_a_target_added_after_the_submission_cannot_be_negotiated(login, cast, submitted):
    """Reviewers cannot reach a live target that government was never sent, nor overwrite it."""
    later = Target.objects.create(indicator=Indicator.objects.get(), period="2007/08", without_lpsa=1, with_lpsa=2)
    response = offer(login(cast["reviewer"]), later, without_lpsa="1", with_lpsa="9")
    assert response.status_code == 404
    later.refresh_from_db()
    assert later.with_lpsa == 2
    assert not NegotiationEntry.objects.exists()


def test_the_reviewer_never_compares_with_the_councils_draft(login, cast, submitted):
    client = login(cast["reviewer"])
    assert client.get(reverse("lpsa:compare", args=[submitted.pk])).status_code == 404


def test_the_reviewers_menu_leaves_out_council_only_pages(login, cast, submitted):
    page = login(cast["reviewer"]).get(reverse("lpsa:review_list"))
    assertNotContains(page, 'href="/partners/"')
    assertContains(page, 'href="/review/"')
    assertContains(login(cast["officer"]).get(reverse("lpsa:review_list")), 'href="/partners/"')


def test_each_side_finds_offers_waiting_for_it_on_its_home_page(login, cast, submitted):
    target = Target.objects.get()
    offer(login(cast["reviewer"]), target, without_lpsa="51", with_lpsa="57")
    home = login(cast["officer"]).get(reverse("priorities:dashboard"))
    assertContains(home, "Waiting for your answer")
    assertContains(home, f'href="{target.get_absolute_url()}#negotiation"')
    assertNotContains(login(cast["reviewer"]).get(reverse("priorities:dashboard")), "Waiting for your answer")
    offer(login(cast["officer"]), target, without_lpsa="51", with_lpsa="56")
    home = login(cast["reviewer"]).get(reverse("priorities:dashboard"))
    assertContains(home, "1 offer from Hampshire County Council")
    assertContains(home, reverse("lpsa:review", args=[submitted.pk]))
    assertNotContains(login(cast["officer"]).get(reverse("priorities:dashboard")), "Waiting for your answer")
    assertNotContains(login(cast["otherofficer"]).get(reverse("priorities:dashboard")), "Waiting for your answer")


@pytest.mark.parametrize("role", ["reviewer", "officer"])
def test_the_negotiation_pages_take_as_many_queries_however_many_targets(
    role, login, cast, submitted, group, django_assert_max_num_queries
):
    from tests.factories import make_tree

    client = login(cast[role])
    target = Target.objects.get()
    url = reverse("lpsa:review", args=[submitted.pk]) if role == "reviewer" else target.get_absolute_url()
    offer(login(cast["reviewer"]), target, without_lpsa="51", with_lpsa="57")
    client = login(cast[role])
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    small = len(captured)
    framework = submitted.framework
    make_tree(framework, priorities=3, areas=2, indicators=2, targets=2, group=group)
    Submission.objects.all().delete()
    framework.stage = Stage.TWO_AWAITING_APPROVAL
    framework.save(update_fields=["stage"])
    framework_move(framework=framework, move_name="approve_two", user=cast["chiefexec"].user, declared=True)
    bigger = Submission.objects.get()
    for other in Target.objects.exclude(pk=target.pk)[:6]:
        offer(login(cast["reviewer"]), other, without_lpsa="51", with_lpsa="60")
    url = reverse("lpsa:review", args=[bigger.pk]) if role == "reviewer" else url
    client = login(cast[role])
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200


def test_an_agreed_target_takes_no_more_offers_until_the_council_changes_it(login, cast, submitted):
    target = Target.objects.get()
    offer(login(cast["reviewer"]), target, without_lpsa="51", with_lpsa="57")
    accept(login(cast["officer"]), NegotiationEntry.objects.get())
    reviewer = login(cast["reviewer"])
    assertNotContains(reviewer.get(reverse("lpsa:review", args=[submitted.pk])), "Make an offer")
    response = offer(reviewer, target, without_lpsa="51", with_lpsa="60", follow=True)
    assertContains(response, "These figures are agreed")
    assert NegotiationEntry.objects.count() == 1
    target.refresh_from_db()
    assert (target.with_lpsa, target.status) == (Decimal("57"), "agreed")


@pytest.mark.parametrize("role", ["wglead", "chiefexec"])
def test_people_who_do_not_answer_offers_are_not_asked_to(login, cast, submitted, role):
    offer(login(cast["reviewer"]), Target.objects.get(), without_lpsa="51", with_lpsa="57")
    assertNotContains(login(cast[role]).get(reverse("priorities:dashboard")), "Waiting for your answer")
