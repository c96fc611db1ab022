"""Search across a framework's content and the comments the user may read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from lpsa.models import Comment
from lpsa.search import MAX_QUERY, PER_KIND
from priorities.models import AgreementTarget, Indicator, Target, TargetArea
from tests.factories import add, make_framework, make_tree


def search(client, framework, q):
    return client.get(reverse("lpsa:search", args=[framework.slug]), {"q": q})


def test_it_finds_each_kind_and_links_to_the_item(framework, tree, login, cast):
    tree.evidence = "The Community Strategy names graffiti as a worry."
    tree.save()
    area = tree.target_areas.get()
    area.description = "Graffiti removal"
    area.save()
    indicator = Indicator.objects.get()
    indicator.definition = "Reports of graffiti per 1,000 people"
    indicator.save()
    target = Target.objects.get()
    target.title = "Graffiti hotspots"
    target.save()
    numbered = AgreementTarget.objects.get()
    numbered.title = "Clean up graffiti"
    numbered.save()
    comment = Comment.objects.create(
        framework=framework, indicator=indicator, author=cast["wglead"].user, text="Is GRAFFITI a crime?"
    )
    response = search(login(cast["officer"]), framework, "graffiti")
    assert response.status_code == 200
    for heading in ["Priorities (1)", "Target areas (1)", "Indicators (1)", "Numbered targets (1)", "Target lines (1)"]:
        assertContains(response, heading)
    assertContains(response, "Comments (1)")
    assertContains(response, f'href="{reverse("priorities:priority", args=[tree.pk])}"')
    assertContains(response, f'href="{reverse("priorities:priority", args=[tree.pk])}#area-{area.pk}"')
    assertContains(response, f'href="{reverse("priorities:indicator", args=[indicator.pk])}"')
    assertContains(response, f'href="{reverse("priorities:target", args=[target.pk])}"')
    assertContains(
        response,
        f'href="{reverse("priorities:agreement_targets", args=[framework.slug])}#agreementtarget-{numbered.pk}"',
    )
    assertContains(response, f'href="{reverse("priorities:indicator", args=[indicator.pk])}#comment-{comment.pk}"')
    # The match is marked as the text has it, whatever the case searched for.
    assertContains(response, "Evidence: The Community Strategy names <mark>graffiti</mark> as a worry.", html=True)
    assertContains(response, "<mark>GRAFFITI</mark>")


def test_a_miss_says_so(framework, tree, login, cast):
    response = search(login(cast["officer"]), framework, "zeppelin")
    assertContains(response, "Nothing in this framework matches “<bdi>zeppelin</bdi>”")


def test_another_councils_content_never_appears(framework, tree, login, cast):
    kent = make_framework(cast["otherofficer"].organisation, slug="kent")
    priority = make_tree(kent)[0]
    priority.title = "Kentish orchards"
    priority.save()
    Comment.objects.create(framework=kent, priority=priority, author=cast["otherofficer"].user, text="Orchards")
    response = search(login(cast["officer"]), framework, "orchard")
    assertNotContains(response, "Kentish")
    assertContains(response, "Nothing in this framework matches")
    # Nor can Hampshire search Kent's framework.
    assert search(login(cast["officer"]), kent, "orchard").status_code == 404


def test_reviewers_do_not_search_live_frameworks(framework, tree, login, cast):
    assert search(login(cast["reviewer"]), framework, "Priority").status_code == 404


def test_a_search_too_long_gets_a_message_next_to_the_box(framework, tree, login, cast):
    response = search(login(cast["officer"]), framework, "x" * (MAX_QUERY + 1))
    assert response.status_code == 400
    assertContains(response, f"Search for {MAX_QUERY} characters or fewer", status_code=400)
    assertContains(response, 'class="govuk-error-message"', status_code=400)
    assertContains(response, 'aria-describedby="search-q-hint search-q-error"', status_code=400)


def test_matches_and_words_are_escaped(framework, tree, login, cast):
    tree.outcome = "Fewer <script>alert(1)</script> incidents"
    tree.save()
    response = search(login(cast["officer"]), framework, "<script>")
    assertNotContains(response, "<script>alert")
    assertContains(response, "<mark>&lt;script&gt;</mark>alert(1)&lt;/script&gt;")


def test_wildcards_are_searched_for_as_themselves(framework, tree, login, cast):
    tree.outcome = "Up by 5% a year"
    tree.save()
    client = login(cast["officer"])
    assertContains(search(client, framework, "5%"), "Priorities (1)")
    assertContains(search(client, framework, "%"), "Priorities (1)")
    assertContains(search(client, framework, "_"), "Nothing in this framework matches")


def test_each_kind_shows_at_most_its_share(framework, tree, login, cast):
    area = tree.target_areas.get()
    for n in range(PER_KIND + 2):
        add(Indicator, target_area=area, title=f"Crime indicator {n}")
    response = search(login(cast["officer"]), framework, "crime indicator")
    assertContains(response, f"Indicators ({PER_KIND} or more)")
    assertContains(response, 'href="/indicators/', count=PER_KIND)
    assertContains(response, f"More than {PER_KIND} results")


def test_an_empty_search_shows_only_the_box(framework, tree, login, cast):
    response = search(login(cast["officer"]), framework, "   ")
    assert response.status_code == 200
    assertNotContains(response, "Nothing in this framework matches")


@pytest.mark.parametrize("role", ["officer", "wglead"])
def test_the_search_takes_as_many_queries_however_big_the_framework(
    role, framework, group, login, cast, django_assert_max_num_queries
):
    make_tree(framework, group=group)
    client = login(cast[role])
    with CaptureQueriesContext(connection) as small:
        search(client, framework, "1")
    make_tree(framework, priorities=3, areas=3, indicators=2, targets=2, group=group)
    for area in TargetArea.objects.all():
        Comment.objects.create(framework=framework, priority=area.priority, author=cast["officer"].user, text="1 more")
    # Session, user, person, framework (4); one query per kind of item (7); the co-signatories
    # (1); the open comments of the header's frameworks (at most 1).
    with django_assert_max_num_queries(13):
        search(client, framework, "1")
    with CaptureQueriesContext(connection) as big:
        search(client, framework, "1")
    assert len(big) == len(small)
