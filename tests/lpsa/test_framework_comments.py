"""The comments page of a framework: open threads, mine, awaiting my reply, by priority."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from lpsa.models import Comment
from priorities.models import Indicator, Priority
from tests.factories import make_framework, make_tree


def say(framework, author, text, *, on, parent=None, minutes=0):
    field = "indicator" if isinstance(on, Indicator) else "priority"
    at = timezone.now() - datetime.timedelta(hours=1) + datetime.timedelta(minutes=minutes)
    return Comment.objects.create(
        framework=framework, **{field: on}, author=author.user, text=text, parent=parent, created_at=at
    )


@pytest.fixture
def threads(framework, group, cast):
    """Threads on two priorities; the working-group lead's group leads the first only."""
    first, second = make_tree(framework, priorities=2)
    first.leading_group = group
    first.save()
    officer, lead, chief = cast["officer"], cast["wglead"], cast["chiefexec"]
    indicator = Indicator.objects.get(target_area__priority=first)
    answered = say(framework, lead, "Lead asked, officer answered", on=indicator)
    say(framework, officer, "Here is the answer", on=indicator, parent=answered, minutes=1)
    replied_last = say(framework, officer, "Officer asked, lead answered last", on=first, minutes=2)
    say(framework, lead, "Lead's reply", on=first, parent=replied_last, minutes=3)
    say(framework, chief, "Nobody has answered the chief", on=first, minutes=4)
    say(framework, officer, "On the other priority", on=second, minutes=5)
    done = say(framework, lead, "Already settled", on=second, minutes=6)
    done.resolve(by=officer.user)
    return {"first": first, "second": second}


def page(client, framework, **query):
    return client.get(reverse("lpsa:comments", args=[framework.slug]), query)


def test_open_lists_every_unresolved_thread_by_priority(threads, framework, login, cast):
    response = page(login(cast["officer"]), framework)
    for text in ["Lead asked", "Officer asked", "Nobody has answered", "On the other priority"]:
        assertContains(response, text)
    assertNotContains(response, "Already settled")
    content = response.content.decode()
    content = content[content.index('<h2 class="govuk-heading-m">Open') :]  # after the filter's options
    assert content.index("Main Priority 1: Priority 1") < content.index("Nobody has answered")
    assert content.index("Nobody has answered") < content.index("Main Priority 2: Priority 2")
    assert content.index("Main Priority 2: Priority 2") < content.index("On the other priority")
    assertContains(response, 'aria-current="page">Open (4)</a>', html=False)


def test_mine_lists_threads_i_started_or_replied_to(threads, framework, login, cast):
    response = page(login(cast["wglead"]), framework, show="mine")
    for text in ["Lead asked", "Officer asked", "Already settled"]:
        assertContains(response, text)
    assertNotContains(response, "Nobody has answered")
    assertNotContains(response, "On the other priority")


def test_awaiting_my_reply_has_the_last_word_elsewhere_and_my_groups_unanswered_threads(
    threads, framework, login, cast
):
    response = page(login(cast["wglead"]), framework, show="awaiting")
    # The officer answered the lead's thread; the chief's thread is on the lead's group's priority.
    assertContains(response, "Lead asked, officer answered")
    assertContains(response, "Nobody has answered the chief")
    # The lead had the last word; the other priority is not the lead's group's; resolved is done.
    assertNotContains(response, "Officer asked, lead answered last")
    assertNotContains(response, "On the other priority")
    assertNotContains(response, "Already settled")


def test_awaiting_my_reply_for_the_officer(threads, framework, login, cast):
    response = page(login(cast["officer"]), framework, show="awaiting")
    assertContains(response, "Officer asked, lead answered last")
    assertNotContains(response, "Lead asked, officer answered")
    assertNotContains(response, "Nobody has answered the chief")  # the officer leads no group


def test_resolved_and_all(threads, framework, login, cast):
    client = login(cast["officer"])
    resolved = page(client, framework, show="resolved")
    assertContains(resolved, "Already settled")
    assertNotContains(resolved, "On the other priority")
    everything = page(client, framework, show="all")
    assertContains(everything, "Already settled")
    assertContains(everything, "On the other priority")


def test_a_priority_filter_keeps_its_items_threads(threads, framework, login, cast):
    response = page(login(cast["officer"]), framework, priority=threads["second"].pk)
    assertContains(response, "On the other priority")
    assertNotContains(response, "Lead asked")
    # The filter links keep the priority.
    assertContains(response, f"?show=mine&amp;priority={threads['second'].pk}")


def test_an_unknown_filter_shows_the_open_threads(threads, framework, login, cast):
    response = page(login(cast["officer"]), framework, show="<script>", priority="nonsense")
    assert response.status_code == 200
    assertContains(response, "On the other priority")
    assertNotContains(response, "<script>")


def test_each_thread_links_to_its_item(threads, framework, login, cast):
    thread = Comment.objects.get(text="Lead asked, officer answered")
    url = reverse("priorities:indicator", args=[thread.indicator_id]) + f"#comment-{thread.pk}"
    assertContains(page(login(cast["officer"]), framework), f'href="{url}"')


def test_comment_text_is_escaped(framework, tree, login, cast):
    Comment.objects.create(framework=framework, priority=tree, author=cast["officer"].user, text="<b>bold</b>")
    response = page(login(cast["officer"]), framework)
    assertContains(response, "&lt;b&gt;bold&lt;/b&gt;")


def test_another_councils_comments_never_show(threads, framework, login, cast):
    kent = make_framework(cast["otherofficer"].organisation, slug="kent")
    Comment.objects.create(
        framework=kent, priority=make_tree(kent)[0], author=cast["otherofficer"].user, text="Kent's secret"
    )
    assertNotContains(page(login(cast["officer"]), framework, show="all"), "Kent's secret")
    assert page(login(cast["officer"]), kent).status_code == 404


def test_reviewers_read_threads_from_submissions_instead(threads, framework, login, cast):
    assert page(login(cast["reviewer"]), framework).status_code == 404


def test_counts_link_to_the_page(threads, framework, login, cast):
    client = login(cast["officer"])
    comments = reverse("lpsa:comments", args=[framework.slug])
    assertContains(client.get(reverse("priorities:dashboard")), f'href="{comments}?show=open">4 comments not resolved')
    assertContains(client.get(framework.get_absolute_url()), f'href="{comments}?show=open">4 comments not resolved')
    first = threads["first"]
    assertContains(
        client.get(reverse("priorities:priority", args=[first.pk])),
        f'href="{comments}?show=open&amp;priority={first.pk}"',
    )
    indicator = Indicator.objects.get(target_area__priority=first)
    assertContains(
        client.get(reverse("priorities:indicator", args=[indicator.pk])),
        f'href="{comments}?show=open&amp;priority={first.pk}"',
    )


@pytest.mark.parametrize("show", ["open", "awaiting", "mine", "all"])
def test_the_page_takes_as_many_queries_however_many_threads(
    show, threads, framework, login, cast, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(cast["wglead"])
    with CaptureQueriesContext(connection) as few:
        page(client, framework, show=show)
    for n in range(10):
        priority = Priority.objects.get(pk=threads["first" if n % 2 else "second"].pk)
        thread = say(framework, cast["officer"], f"More {n}", on=priority, minutes=10 + n)
        say(framework, cast["wglead"], "Reply", on=priority, parent=thread, minutes=11 + n)
    # Session, user, person, framework (4); the priorities (1); the count of each filter (1) and of
    # those awaiting a reply (1); the threads (1) and their replies (1); the co-signatories (1);
    # the open comments of the header's frameworks (at most 1).
    with django_assert_max_num_queries(11):
        page(client, framework, show=show)
    with CaptureQueriesContext(connection) as many:
        page(client, framework, show=show)
    assert len(many) == len(few)
