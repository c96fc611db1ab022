"""Closing a framework makes it read-only for everyone, on every write path, until it is reopened."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from lpsa.models import Comment, StageChange
from lpsa.services import comment_create
from lpsa.workflow import framework_move
from priorities.models import Framework, FrameworkClosed, Priority, Stage
from tests.factories import add


@pytest.fixture
def closed(framework, tree, cast):
    framework.close(by=cast["admin"].user, reason="Replaced by the 2005 framework.")
    return framework


def test_an_administrator_closes_a_framework_with_a_reason(login, cast, framework):
    client = login(cast["admin"])
    url = reverse("priorities:framework_close", args=[framework.slug])
    assertContains(client.get(url), "Close this framework?")
    response = client.post(url, {"reason": "Replaced by the 2005 framework."})
    assertRedirects(response, framework.get_absolute_url())
    framework.refresh_from_db()
    assert framework.is_closed
    assert (framework.closed_by, framework.closed_reason) == (cast["admin"].user, "Replaced by the 2005 framework.")
    assert framework.history.first().history_user == cast["admin"].user


def test_closing_without_a_reason_is_refused_next_to_the_field(login, cast, framework):
    url = reverse("priorities:framework_close", args=[framework.slug])
    response = login(cast["admin"]).post(url, {"reason": "  "})
    assertContains(response, "Enter why you are closing the framework.", status_code=400)
    assertContains(response, 'href="#id_reason"', status_code=400)
    framework.refresh_from_db()
    assert not framework.is_closed


@pytest.mark.parametrize("role", ["officer", "wglead", "chiefexec", "cosignofficer"])
def test_only_the_lead_councils_administrator_closes_it(role, login, cast, framework, portsmouth):
    framework.co_signatories.add(portsmouth)
    url = reverse("priorities:framework_close", args=[framework.slug])
    assert login(cast[role]).post(url, {"reason": "Because"}).status_code == 403
    framework.refresh_from_db()
    assert not framework.is_closed


@pytest.mark.parametrize("role", ["otherofficer", "reviewer"])
def test_another_council_finds_no_framework_to_close(role, login, cast, framework):
    url = reverse("priorities:framework_close", args=[framework.slug])
    assert login(cast[role]).post(url, {"reason": "Because"}).status_code == 404


def test_the_reopen_url_takes_only_posts(login, cast, closed):
    assert login(cast["admin"]).get(reverse("priorities:framework_reopen", args=[closed.slug])).status_code == 405


def test_a_closed_framework_says_so_and_offers_its_administrator_to_reopen_it(login, cast, closed):
    page = login(cast["admin"]).get(closed.get_absolute_url())
    assertContains(page, "This framework was closed on")
    assertContains(page, "Why: Replaced by the 2005 framework.")
    assertContains(page, "Reopen the framework")
    assertNotContains(page, "Edit the framework&#x27;s details")
    officer_page = login(cast["officer"]).get(closed.get_absolute_url())
    assertContains(officer_page, "This framework was closed on")
    assertNotContains(officer_page, "Reopen the framework")


def test_the_administrator_reopens_it(login, cast, closed):
    response = login(cast["admin"]).post(reverse("priorities:framework_reopen", args=[closed.slug]))
    assertRedirects(response, closed.get_absolute_url())
    closed.refresh_from_db()
    assert not closed.is_closed
    # The history keeps why it was closed.
    assert closed.history.filter(closed_reason="Replaced by the 2005 framework.").exists()
    assert login(cast["officer"]).get(reverse("priorities:framework_edit", args=[closed.slug])).status_code == 200


def test_an_officer_cannot_reopen_it(login, cast, closed):
    assert login(cast["officer"]).post(reverse("priorities:framework_reopen", args=[closed.slug])).status_code == 403
    closed.refresh_from_db()
    assert closed.is_closed


def test_closing_twice_is_refused(cast, closed):
    with pytest.raises(ValidationError):
        closed.close(by=cast["admin"].user, reason="Again")


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("priorities:framework_edit", lambda w: [w.slug]),
        ("priorities:priority_create", lambda w: [w.slug]),
        ("priorities:involvement_create", lambda w: [w.slug]),
        ("priorities:import", lambda w: [w.slug]),
        ("priorities:priority_edit", lambda w: [w.priorities.get().pk]),
        ("priorities:target_edit", lambda w: [w.priorities.get().target_areas.get().indicators.get().targets.get().pk]),
    ],
)
@pytest.mark.parametrize("role", ["officer", "admin", "wglead"])
def test_every_edit_page_refuses_everyone_and_says_why(role, name, args, login, cast, closed):
    response = login(cast[role]).get(reverse(name, args=args(closed)))
    assertContains(response, "This framework is closed", status_code=403)


def test_a_posted_edit_changes_nothing(login, cast, closed):
    priority = closed.priorities.get()
    response = login(cast["officer"]).post(
        reverse("priorities:priority_edit", args=[priority.pk]), {"title": "Changed", "version": priority.version}
    )
    assert response.status_code == 403
    priority.refresh_from_db()
    assert priority.title == "Priority 1"
    move = login(cast["officer"]).post(reverse("priorities:priority_move", args=[priority.pk]), {"direction": "down"})
    assert move.status_code == 403


def test_the_model_refuses_any_save_on_a_closed_framework(closed):
    with pytest.raises(FrameworkClosed):
        add(Priority, framework=closed, title="Sneaked in")
    with pytest.raises(FrameworkClosed):
        closed.priorities.get().delete_and_renumber()
    assert closed.priorities.count() == 1


def test_nobody_moves_a_closed_framework_on(login, cast, closed):
    response = login(cast["officer"]).post(reverse("lpsa:move", args=[closed.slug, "start_consultation"]))
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        framework_move(framework=closed, move_name="start_consultation", user=cast["officer"].user)
    assert Framework.objects.get(pk=closed.pk).stage == Stage.ONE_DRAFTING
    assert not StageChange.objects.exists()
    assertContains(login(cast["officer"]).get(reverse("lpsa:workflow", args=[closed.slug])), "The framework is closed")


def test_nobody_comments_on_a_closed_framework(login, cast, closed):
    indicator = closed.priorities.get().target_areas.get().indicators.get()
    response = login(cast["officer"]).post(
        reverse("lpsa:comment_create", args=["indicator", indicator.pk]), {"text": "Still here?"}
    )
    assert response.status_code == 403
    with pytest.raises(ValidationError):
        comment_create(author=cast["officer"].user, text="Through the service", subject=indicator)
    assert not Comment.objects.exists()
    assertNotContains(login(cast["wglead"]).get(indicator.get_absolute_url()), "Add a comment")


def test_nobody_resolves_a_comment_on_a_closed_framework(login, cast, framework, tree):
    indicator = tree.target_areas.get().indicators.get()
    comment = Comment.objects.create(framework=framework, indicator=indicator, author=cast["officer"].user, text="?")
    framework.close(by=cast["admin"].user, reason="Done")
    response = login(cast["officer"]).post(reverse("lpsa:comment_resolve", args=[comment.pk]))
    assert response.status_code == 403
    comment.refresh_from_db()
    assert not comment.is_resolved


def test_the_dashboard_lists_closed_frameworks_apart(login, cast, closed, hampshire):
    from tests.factories import make_framework

    make_framework(hampshire, slug="current", title="The current one")
    page = login(cast["officer"]).get(reverse("priorities:dashboard")).content.decode()
    heading = page.index("Closed frameworks")
    assert page.index("The current one") < heading < page.index(closed.title)


def test_the_dashboard_takes_as_many_queries_however_many_are_closed(
    login, cast, hampshire, closed, django_assert_max_num_queries
):
    from tests.factories import make_framework
    from tests.priorities.test_query_counts import DASHBOARD_QUERIES

    make_framework(hampshire, slug="current")
    client = login(cast["admin"])
    with django_assert_max_num_queries(DASHBOARD_QUERIES) as few:
        client.get(reverse("priorities:dashboard"))
    for n in range(8):
        make_framework(hampshire, slug=f"old-{n}").close(by=cast["admin"].user, reason="Old")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("priorities:dashboard"))
    assert page.content.decode().count("closed on") == 9


def test_a_framework_closed_while_awaiting_approval_asks_the_chief_executive_for_nothing(login, cast, framework):
    """Closed in the middle of a request for approval, it leaves the chief executive's list of
    what waits, and its check page sends them to the stages page saying why."""
    framework.stage = Stage.ONE_AWAITING_APPROVAL
    framework.save(update_fields=["stage"])
    client = login(cast["chiefexec"])
    assertContains(client.get(reverse("priorities:dashboard")), "Review and approve")
    framework.close(by=cast["admin"].user, reason="Replaced")
    assertNotContains(client.get(reverse("priorities:dashboard")), "Review and approve")
    response = client.get(reverse("lpsa:approval_check", args=[framework.slug]), follow=True)
    assertRedirects(response, reverse("lpsa:workflow", args=[framework.slug]))
    assertContains(response, "This framework is closed, so nothing can be approved until it is reopened.")
