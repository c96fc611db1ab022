"""The dashboard and the framework overview take the same number of queries however big
the framework grows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from priorities import content
from tests.factories import make_tree

# Session and user (2), the user's person with organisation (1), the frameworks (1) and
# their co-signatories (1); for each framework, what still blocks the move its stage works
# towards (lpsa.workflow.stage_blockers): priorities with their groups, target areas,
# indicators, targets, activities (5), the area's districts and their answers (2), and its
# unresolved comments (1); then the unresolved comments of all the user's frameworks (1), and
# offers waiting for the user's side (1, not asked for a working-group lead), returns waiting
# for the officers (1, not for a lead), the milestones of all the user's frameworks (1) and the
# header's unread count (1).
DASHBOARD_QUERIES = 18
# A working-group lead answers no offers and sees no returns (-2), and sees their own work: the
# priorities their group leads (1), those priorities' target areas, indicators and lines (3),
# and the open comments on them (1). tests/lpsa/test_role_homes.py counts each role's home.
LEAD_DASHBOARD_QUERIES = DASHBOARD_QUERIES - 2 + 5
# Session, user, person, framework (4); priorities with their groups, target areas,
# indicators, targets, activities with their areas (5); which priorities a lead may edit (1);
# the number of numbered targets (1); its co-signatories (1); unresolved comments (1); for the
# task list, from the same priorities, the area's districts and their answers (2) and the
# framework's unresolved comments (1); its milestones (1) and the header's unread count (1).
OVERVIEW_QUERIES = 18
# Session, user, person, framework (4); numbered targets with priorities and lead partners,
# then every line with its indicator, area and priority (2); the areas each covers (1); the
# header's unread count (1).
NUMBERED_QUERIES = 8


def queries_for(client, url) -> int:
    """The queries of the page made afresh: derived content is cached per content version, so a
    new version for every framework makes each request work it out again."""
    content.bump_all()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_page_read_again_takes_fewer_queries_from_the_cache(login, cast, framework, group):
    make_tree(framework, priorities=2, group=group)
    client = login(cast["officer"])
    url = reverse("priorities:framework", args=[framework.slug])
    fresh = queries_for(client, url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    # The tree (5), the numbered targets' count (1), the co-signatories (1) and the task list's
    # districts, answers and comments (3) come from the cache.
    assert len(captured) <= fresh - 10


@pytest.mark.parametrize(
    ("page", "limit"),
    [
        ("priorities:dashboard", LEAD_DASHBOARD_QUERIES),
        ("priorities:framework", OVERVIEW_QUERIES),
        ("priorities:agreement_targets", NUMBERED_QUERIES),
        # and the pump-priming allocations (1), which priorities a lead may edit (1).
        ("priorities:money", NUMBERED_QUERIES + 2),
    ],
)
def test_query_count_does_not_grow_tenfold(page, limit, login, cast, framework, group, django_assert_max_num_queries):
    client = login(cast["wglead"])
    url = reverse(page, args=[] if page.endswith("dashboard") else [framework.slug])
    make_tree(framework, priorities=1, areas=1, indicators=1, targets=1, group=group)
    small = queries_for(client, url)
    make_tree(framework, priorities=4, areas=3, indicators=3, targets=2, group=group)
    content.bump_all()
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200
    assert queries_for(client, url) == small


def test_the_indicator_page_takes_as_many_queries_however_many_lines(login, cast, framework, group):
    from priorities.models import AgreementTarget, Indicator, Target
    from tests.factories import add

    make_tree(framework, group=group)
    indicator = Indicator.objects.get()
    client = login(cast["officer"])
    url = reverse("priorities:indicator", args=[indicator.pk])
    one = queries_for(client, url)
    for n in range(4):
        numbered = add(AgreementTarget, framework=framework, priority=indicator.priority, title=f"More {n}")
        add(Target, indicator=indicator, agreement_target=numbered, title=f"Group {n}", period="2007/08")
    assert queries_for(client, url) == one
