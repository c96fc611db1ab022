"""Government's reviewers reach framework content only through what was submitted to them."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from lpsa.models import Comment, StageChange, Submission
from lpsa.workflow import framework_move
from priorities.models import Indicator, Stage


@pytest.fixture
def stage_one_submitted(cast, at_stage):
    framework = at_stage(Stage.ONE_AWAITING_APPROVAL)
    framework_move(framework=framework, move_name="approve_one", user=cast["chiefexec"].user, declared=True)
    return Submission.objects.get()


@pytest.fixture
def internal_thread(cast, stage_one_submitted):
    indicator = Indicator.objects.get()
    return Comment.objects.create(
        framework=indicator.framework, indicator=indicator, author=cast["officer"].user, text="Only between us"
    )


def test_a_reviewer_cannot_open_the_comment_page_of_a_live_item(login, cast, stage_one_submitted):
    indicator = Indicator.objects.get()
    Indicator.objects.update(title="Edited after submission")
    client = login(cast["reviewer"])
    url = reverse("lpsa:comment_create", args=["indicator", indicator.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "Seen it"}).status_code == 404
    assert not Comment.objects.exists()


def test_a_reviewer_cannot_read_or_answer_the_councils_internal_thread(login, cast, internal_thread):
    client = login(cast["reviewer"])
    url = reverse("lpsa:comment_reply", args=[internal_thread.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "I read this"}).status_code == 404
    assert not internal_thread.replies.exists()
    page = client.get(reverse("lpsa:review", args=[internal_thread.framework.submissions.get().pk]))
    assertNotContains(page, "Only between us")


def test_a_council_thread_with_government_reaches_the_reviewer(login, cast, stage_one_submitted):
    indicator = Indicator.objects.get()
    officer = login(cast["officer"])
    response = officer.post(
        reverse("lpsa:comment_create", args=["indicator", indicator.pk]),
        {"text": "Our source is the census", "visibility": "government"},
    )
    assert response.status_code == 302
    thread = Comment.objects.get()
    assert (thread.visibility, thread.submission) == ("government", stage_one_submitted)
    assertContains(officer.get(indicator.get_absolute_url()), "Seen by government")
    page = login(cast["reviewer"]).get(reverse("lpsa:review", args=[stage_one_submitted.pk]))
    assertContains(page, "Our source is the census")


def test_a_council_cannot_open_a_thread_with_government_on_an_item_it_never_sent(login, cast, stage_one_submitted):
    indicator = Indicator.objects.get()
    later = Indicator.objects.create(target_area=indicator.target_area, title="Added later")
    response = login(cast["officer"]).post(
        reverse("lpsa:comment_create", args=["indicator", later.pk]), {"text": "For ODPM", "visibility": "government"}
    )
    assertContains(response, "Government has not been sent this item yet", status_code=400)
    assert not Comment.objects.exists()


def test_a_reviewer_comments_on_a_submitted_item_and_answers_with_its_submitted_name(login, cast, stage_one_submitted):
    indicator = Indicator.objects.get()
    reviewer = login(cast["reviewer"])
    url = reverse("lpsa:review_comment", args=[stage_one_submitted.pk, "indicator", indicator.pk])
    assert reviewer.post(url, {"text": "What is the source?"}).status_code == 302
    thread = Comment.objects.get()
    assert (thread.visibility, thread.submission) == ("government", stage_one_submitted)
    Indicator.objects.update(title="Secret new title")
    reply_page = reviewer.get(reverse("lpsa:comment_reply", args=[thread.pk]))
    assertContains(reply_page, "Indicator 1.1.1")
    assertNotContains(reply_page, "Secret new title")
    assert reviewer.post(reverse("lpsa:comment_reply", args=[thread.pk]), {"text": "Any news?"}).status_code == 302
    council = login(cast["officer"]).get(indicator.get_absolute_url())
    assertContains(council, "What is the source?")
    assertContains(council, "Any news?")


def test_a_reviewer_cannot_comment_on_an_item_that_was_not_submitted(login, cast, stage_one_submitted):
    indicator = Indicator.objects.get()
    later = Indicator.objects.create(target_area=indicator.target_area, title="Added later")
    url = reverse("lpsa:review_comment", args=[stage_one_submitted.pk, "indicator", later.pk])
    assert login(cast["reviewer"]).post(url, {"text": "x"}).status_code == 404
    assert not Comment.objects.exists()


def test_the_stage_one_submission_stays_with_government_through_stage_two(login, cast, stage_one_submitted):
    framework = stage_one_submitted.framework
    reviewer_user = cast["reviewer"].user
    framework_move(framework=framework, move_name="agree_one", user=reviewer_user)
    framework_move(framework=framework, move_name="start_two", user=cast["officer"].user)
    framework.refresh_from_db()
    assert framework.stage == Stage.TWO_DRAFTING
    client = login(cast["reviewer"])
    assertContains(client.get(reverse("lpsa:review_list")), "Stage One, version 1")
    assert client.get(reverse("lpsa:review", args=[stage_one_submitted.pk])).status_code == 200
    assert client.get(reverse("lpsa:submission_pdf", args=[stage_one_submitted.pk])).status_code == 200


def test_a_reviewers_open_comment_stays_in_reach_while_it_blocks_the_council(login, cast, stage_one_submitted):
    indicator = Indicator.objects.get()
    reviewer = login(cast["reviewer"])
    reviewer.post(
        reverse("lpsa:review_comment", args=[stage_one_submitted.pk, "indicator", indicator.pk]), {"text": "Fix it"}
    )
    framework = stage_one_submitted.framework
    framework_move(framework=framework, move_name="agree_one", user=cast["reviewer"].user)
    framework_move(framework=framework, move_name="start_two", user=cast["officer"].user)
    thread = Comment.objects.get()
    page = reviewer.get(reverse("lpsa:review", args=[stage_one_submitted.pk]))
    assertContains(page, "Fix it")
    assert reviewer.post(reverse("lpsa:comment_resolve", args=[thread.pk])).status_code == 302
    thread.refresh_from_db()
    assert thread.is_resolved


def test_the_chief_executives_reasons_for_a_return_stay_inside_the_council(login, cast, at_stage):
    framework = at_stage(Stage.ONE_AWAITING_APPROVAL)
    framework_move(framework=framework, move_name="return_one", user=cast["chiefexec"].user, reason="Weak evidence")
    framework_move(
        framework=framework, move_name="ask_approval_one", user=cast["officer"].user, reason="Please approve."
    )
    framework_move(framework=framework, move_name="approve_one", user=cast["chiefexec"].user, declared=True)
    assert StageChange.objects.filter(reason="Weak evidence").exists()
    client = login(cast["reviewer"])
    submission = Submission.objects.get()
    assert client.get(reverse("lpsa:workflow", args=[framework.slug])).status_code == 404
    for url in (reverse("lpsa:review_list"), reverse("lpsa:review", args=[submission.pk])):
        assertNotContains(client.get(url), "Weak evidence")
    assertContains(login(cast["officer"]).get(reverse("lpsa:workflow", args=[framework.slug])), "Weak evidence")


def test_the_reviewer_records_governments_decision_from_the_submission(login, cast, stage_one_submitted):
    client = login(cast["reviewer"])
    page = reverse("lpsa:review", args=[stage_one_submitted.pk])
    assertContains(client.get(page), "Record that government agreed the framework")
    framework = stage_one_submitted.framework
    response = client.post(reverse("lpsa:move", args=[framework.slug, "agree_one"]), {"next": page})
    assert response.status_code == 302 and response.url == page
    change = StageChange.objects.get(action="agree_one")
    assert (change.by, change.on_behalf_of_government) == (cast["reviewer"].user, False)
