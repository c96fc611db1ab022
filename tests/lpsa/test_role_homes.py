"""Each role's home shows its own work, in as many queries however much of it there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from lpsa.models import Comment, StageChange
from priorities import content
from priorities.models import Indicator, Priority, Stage, Target
from tests.factories import make_framework, make_tree
from tests.test_permission_matrix import make_submission

HOME = reverse("priorities:dashboard")


def queries(client) -> int:
    """The home page's queries made afresh (with nothing taken from the cache of derived content)."""
    content.bump_all()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(HOME).status_code == 200
    return len(captured)


def test_a_lead_sees_their_groups_priorities_what_they_lack_and_open_comments(login, cast, framework, group):
    [led] = make_tree(framework, group=group)
    [other] = make_tree(framework)  # led by no group of theirs
    other.title = "Somebody else's priority"
    other.save(update_fields=["title"])
    indicator = Indicator.objects.filter(target_area__priority=led).get()
    Indicator.objects.filter(pk=indicator.pk).update(baseline_value=None, baseline_year="")
    Target.objects.filter(indicator=indicator).update(with_lpsa=None)
    Comment.objects.create(framework=framework, indicator=indicator, author=cast["officer"].user, text="Which year?")
    Comment.objects.create(
        framework=framework,
        indicator=indicator,
        author=cast["officer"].user,
        text="Settled",
        resolved_at="2004-07-01T10:00Z",
    )
    page = login(cast["wglead"]).get(HOME)
    assertContains(page, "Priorities your working group leads")
    assertContains(page, f"Main Priority {led.position}: <bdi>{led.title}</bdi>")
    assertNotContains(page, "Somebody else&#x27;s priority")
    assertContains(page, "no baseline")
    assertContains(page, "no target with LPSA2")
    assertContains(page, "Which year?")
    assertNotContains(page, "Settled")


def test_a_member_of_the_group_sees_its_priorities_too(login, cast, framework, group, district):
    from partners.models import Person
    from tests.factories import make_person

    member = make_person("member", district, Person.Role.WORKING_GROUP_LEAD)
    group.member_people.add(member)
    make_tree(framework, group=group)
    assertContains(login(member).get(HOME), "Main Priority 1: <bdi>Priority 1</bdi>")


def test_a_lead_of_no_group_is_told_so(login, cast, framework):
    make_tree(framework)
    assertContains(login(cast["wglead"]).get(HOME), "No priority is led by a working group you lead or belong to")


def test_the_chief_executive_sees_what_awaits_their_approval_with_a_link_to_act(login, cast, framework, hampshire):
    framework.stage = Stage.ONE_AWAITING_APPROVAL
    framework.save(update_fields=["stage"])
    StageChange.objects.create(
        framework=framework,
        action="ask_approval_one",
        from_stage=Stage.ONE_CONSULTATION,
        to_stage=Stage.ONE_AWAITING_APPROVAL,
        by=cast["officer"].user,
    )
    page = login(cast["chiefexec"]).get(HOME)
    assertContains(page, "Waiting for your approval")
    assertContains(page, "asked by <bdi>Officer</bdi>")
    assertContains(page, f'href="{reverse("lpsa:workflow", args=[framework.slug])}"')


def test_a_co_signatorys_chief_executive_is_not_asked(login, cast, framework, portsmouth):
    from partners.models import Person
    from tests.factories import make_person

    framework.co_signatories.add(portsmouth)
    framework.stage = Stage.TWO_AWAITING_APPROVAL
    framework.save(update_fields=["stage"])
    chief = make_person("portschief", portsmouth, Person.Role.CHIEF_EXECUTIVE)
    assertContains(login(chief).get(HOME), "Nothing waits for your approval.")


def test_nothing_waiting_is_said_plainly(login, cast, framework):
    assertContains(login(cast["chiefexec"]).get(HOME), "Nothing waits for your approval.")


def test_a_reviewer_sees_every_submission_with_its_state(login, cast, framework):
    first = make_submission(framework, cast["chiefexec"].user)
    second = make_submission(framework, cast["chiefexec"].user)
    framework.stage = Stage.ONE_SUBMITTED
    framework.save(update_fields=["stage"])
    page = login(cast["reviewer"]).get(HOME)
    assertNotContains(page, "There are no frameworks for you to see yet")
    assertContains(page, "1 submission waits for government.")
    assertContains(page, f'href="{reverse("lpsa:review", args=[second.pk])}"')
    assertContains(page, f'href="{reverse("lpsa:review", args=[first.pk])}"')
    assertContains(page, "Replaced by a later version")
    assertContains(page, "Waiting for government")


def test_an_officer_keeps_todays_home(login, cast, framework):
    page = login(cast["officer"]).get(HOME)
    assertNotContains(page, "Priorities your working group leads")
    assertNotContains(page, "Waiting for your approval")
    assertContains(page, "Still missing")


def test_the_leads_home_takes_as_many_queries_however_many_priorities(login, cast, framework, group):
    client = login(cast["wglead"])
    make_tree(framework, group=group)
    Comment.objects.create(
        framework=framework, indicator=Indicator.objects.first(), author=cast["officer"].user, text="One"
    )
    few = queries(client)
    make_tree(framework, priorities=4, areas=2, indicators=2, targets=2, group=group)
    for indicator in Indicator.objects.all():
        Comment.objects.create(framework=framework, indicator=indicator, author=cast["officer"].user, text="More")
    assert Priority.objects.count() == 5
    assert queries(client) == few


#: The readiness check a dashboard card runs: priorities and their tree (5), districts and
#: their answers (2), unresolved comments (1); Stage Two adds the numbered targets (2).
PER_FRAMEWORK_CARD = 10


def test_the_chief_executives_home_takes_as_many_queries_however_many_wait(login, cast, framework, hampshire):
    client = login(cast["chiefexec"])
    framework.stage = Stage.ONE_AWAITING_APPROVAL
    framework.save(update_fields=["stage"])
    few = queries(client)
    make_framework(hampshire, slug="more", title="More", stage=Stage.TWO_AWAITING_APPROVAL)
    each = queries(client) - few
    for n in range(4):
        make_framework(hampshire, slug=f"more-{n}", title=f"More {n}", stage=Stage.TWO_AWAITING_APPROVAL)
    # The list of what awaits approval is one query however long; each framework's card runs the
    # workflow's readiness check once (what it still misses), whatever the framework's size.
    assert each <= PER_FRAMEWORK_CARD
    assert queries(client) == few + 5 * each


@pytest.mark.parametrize("count", [1, 6])
def test_the_reviewers_home_takes_as_many_queries_however_many_submissions(count, login, cast, framework):
    for _ in range(count):
        make_submission(framework, cast["chiefexec"].user)
    kent = make_framework(cast["otherofficer"].organisation, slug="kent")
    make_submission(kent, cast["otherofficer"].user)
    # Session, user, person (3); the header's unread count (1); the reviewer's offers waiting (2);
    # the submissions with their frameworks and councils (1); the frameworks the dashboard lists
    # for a reviewer (1).
    assert queries(login(cast["reviewer"])) <= 9
