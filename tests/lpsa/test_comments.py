"""Leads and officers discuss indicators: comment, reply, resolve, reopen, and e-mail."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from lpsa.models import Comment
from priorities.models import Indicator


@pytest.fixture
def indicator(ready):
    return Indicator.objects.get()


@pytest.fixture
def emails(cast):
    for role in ("officer", "wglead", "chiefexec"):
        user = cast[role].user
        user.email = f"{role}@example.org"
        user.save()


def test_a_lead_comments_and_the_officers_and_lead_hear_of_it(
    login, cast, indicator, emails, mailoutbox, django_capture_on_commit_callbacks
):
    client = login(cast["wglead"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("lpsa:comment_create", args=["indicator", indicator.pk]), {"text": "Is 55 realistic?"}
        )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.author, comment.indicator, comment.framework) == (
        cast["wglead"].user,
        indicator,
        indicator.framework,
    )
    assert [m.to for m in mailoutbox] == [["officer@example.org"]]
    assert "Is 55 realistic?" in mailoutbox[0].body
    page = client.get(indicator.get_absolute_url())
    assertContains(page, "Is 55 realistic?")
    assertContains(page, "1 not resolved")


def test_an_officer_replies_and_the_lead_is_told(
    login, cast, indicator, emails, mailoutbox, django_capture_on_commit_callbacks
):
    thread = Comment.objects.create(
        framework=indicator.framework, indicator=indicator, author=cast["chiefexec"].user, text="Check this"
    )
    client = login(cast["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("lpsa:comment_reply", args=[thread.pk]), {"text": "Checked with the police."})
    reply = thread.replies.get()
    assert reply.text == "Checked with the police."
    assert sorted(m.to[0] for m in mailoutbox) == ["wglead@example.org"]


def test_an_empty_comment_is_refused_and_saves_nothing(login, cast, indicator):
    client = login(cast["officer"])
    response = client.post(reverse("lpsa:comment_create", args=["indicator", indicator.pk]), {"text": ""})
    assertContains(response, "Enter your comment.", status_code=400)
    assert not Comment.objects.exists()


def test_comment_text_is_shown_as_plain_text(login, cast, indicator):
    client = login(cast["wglead"])
    client.post(
        reverse("lpsa:comment_create", args=["indicator", indicator.pk]), {"text": "<img src=x onerror=alert(1)>"}
    )
    page = client.get(indicator.get_absolute_url()).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img src=x" not in page


def test_an_officer_resolves_and_reopens_a_thread(login, cast, indicator):
    thread = Comment.objects.create(
        framework=indicator.framework, indicator=indicator, author=cast["wglead"].user, text="Why?"
    )
    client = login(cast["officer"])
    client.post(reverse("lpsa:comment_resolve", args=[thread.pk]))
    thread.refresh_from_db()
    assert thread.resolved_by == cast["officer"].user
    client.post(reverse("lpsa:comment_resolve", args=[thread.pk]), {"reopen": "1"})
    thread.refresh_from_db()
    assert thread.resolved_at is None


def test_a_lead_resolves_only_their_own_comments(login, cast, indicator):
    own = Comment.objects.create(
        framework=indicator.framework, indicator=indicator, author=cast["wglead"].user, text="a"
    )
    other = Comment.objects.create(
        framework=indicator.framework, indicator=indicator, author=cast["officer"].user, text="b"
    )
    client = login(cast["wglead"])
    assert client.post(reverse("lpsa:comment_resolve", args=[own.pk])).status_code == 302
    assert client.post(reverse("lpsa:comment_resolve", args=[other.pk])).status_code == 403
    other.refresh_from_db()
    assert other.resolved_at is None


def test_comments_can_be_made_on_priorities_too(login, cast, ready):
    priority = ready.priorities.get()
    client = login(cast["chiefexec"])
    client.post(reverse("lpsa:comment_create", args=["priority", priority.pk]), {"text": "Good outcome."})
    assertContains(client.get(priority.get_absolute_url()), "Good outcome.")


def test_the_dashboard_shows_open_comments_as_needing_attention(login, cast, indicator):
    Comment.objects.create(framework=indicator.framework, indicator=indicator, author=cast["wglead"].user, text="?")
    response = login(cast["officer"]).get(reverse("priorities:dashboard"))
    assertContains(response, "Needs your attention")
    assertContains(response, "1 comment not resolved")


def test_a_reviewer_cannot_comment_on_a_draft(login, cast, indicator):
    response = login(cast["reviewer"]).post(
        reverse("lpsa:comment_create", args=["indicator", indicator.pk]), {"text": "x"}
    )
    assert response.status_code == 404
    assert not Comment.objects.exists()
