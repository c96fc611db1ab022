"""The help page and glossary, and the words every page uses: “(optional)” on optional fields,
“an indicator”, a line's label only where it is needed, “Not given” for an empty answer, and
“Not assessed” for an unticked cross-cutting impact, on the pages and in the agreement PDF."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from priorities.glossary import TERMS
from priorities.models import Indicator, Priority, Target
from tests.factories import add
from tests.lpsa.test_agreement_document import draft_of, words

GLOSSARY = "/help/glossary/"


def html_text(response) -> str:
    """The page's words without its markup, spaces squeezed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_help_and_the_glossary_need_signing_in(client):
    for name in ("priorities:help", "priorities:glossary"):
        url = reverse(name)
        assertRedirects(client.get(url), f"{reverse('login')}?next={url}")


def test_the_help_page_says_what_the_tool_is_for_and_who_does_what(login, cast):
    response = login(cast["reviewer"]).get(reverse("priorities:help"))
    text = html_text(response)
    for words_ in [
        "Local Public Service Agreement",
        "Stage One",
        "Stage Two",
        "Chief executive",
        "Government reviewer",
    ]:
        assert words_ in text
    assertContains(response, f'href="{GLOSSARY}#stretch"')


def test_every_glossary_term_has_an_anchor_and_an_entry(login, cast):
    response = login(cast["officer"]).get(reverse("priorities:glossary"))
    for term in TERMS:
        assertContains(response, f'id="{term.slug}"', count=1)
        assertContains(response, f'href="#{term.slug}"', count=1)
    slugs = {term.slug for term in TERMS}
    for needed in [
        "stretch",
        "enhancement",
        "performance-without",
        "performance-with",
        "pump-priming-grant",
        "reward-grant",
        "numbered-target",
        "line",
        "payment-on-account",
        "explorer-partnership",
        "freedoms-and-flexibilities",
        "stage-one",
        "stage-two",
        "wider-area-agreement",
    ]:
        assert needed in slugs


def test_every_page_links_to_help_from_its_footer(login, cast):
    response = login(cast["officer"]).get(reverse("priorities:dashboard"))
    assertContains(response, f'href="{reverse("priorities:help")}"')


@pytest.mark.parametrize(
    ("page", "terms"),
    [
        ("money", ["reward-grant", "pump-priming-grant"]),
        ("calculator", ["reward-grant", "stretch", "payment-on-account"]),
        ("agreement_targets", ["numbered-target", "line", "reward-grant"]),
        ("freedoms", ["freedoms-and-flexibilities"]),
        ("framework", ["reward-grant"]),
        ("target", ["stretch", "enhancement", "performance-without"]),
        ("priority", ["explorer-partnership"]),
    ],
)
def test_pages_link_their_words_to_the_glossary_once(login, cast, ready, page, terms):
    priority = ready.priorities.get()
    target = Target.objects.get()
    args = {"target": [target.pk], "priority": [priority.pk]}.get(page, [ready.slug])
    response = login(cast["officer"]).get(reverse(f"priorities:{page}", args=args))
    for slug in terms:
        # The first use links; later uses on the same page stay plain words.
        assertContains(response, f'href="{GLOSSARY}#{slug}"', count=1)


def test_optional_fields_say_so_and_required_ones_do_not(login, cast, tree):
    response = login(cast["officer"]).get(reverse("priorities:priority_edit", args=[tree.pk]))
    text = html_text(response)
    assert "Target groups (optional)" in text
    assert "Geography (optional)" in text
    assert "Title (optional)" not in text
    # A cross-cutting impact offers "Not assessed yet" as an answer: it is not marked.
    assert "Accessibility (optional)" not in text
    assert "Not assessed yet" in text


def test_a_pump_priming_line_for_the_whole_agreement_asks_for_its_purpose(login, cast, framework):
    framework.pump_priming_grant = 1_000_000
    framework.save()
    response = login(cast["officer"]).get(reverse("priorities:untiedpumppriming_create", args=[framework.slug]))
    text = html_text(response)
    assert "Purpose (optional)" not in text
    assert "Amount" in text


def test_adding_an_indicator_or_an_activity_says_an(login, cast, tree):
    client = login(cast["officer"])
    area = tree.target_areas.get()
    assertContains(client.get(reverse("priorities:indicator_create", args=[area.pk])), "Add an indicator to")
    assertContains(client.get(reverse("priorities:activity_create", args=[tree.pk])), "Add an indicator activity to")
    assertContains(client.get(reverse("priorities:area_create", args=[tree.pk])), "Add a target area to")


def test_the_first_line_of_an_indicator_is_not_asked_for_a_label(login, cast, tree):
    indicator = Indicator.objects.get()
    Target.objects.all().delete()
    response = login(cast["officer"]).get(reverse("priorities:target_create", args=[indicator.pk]))
    assertNotContains(response, 'name="title"')


def test_a_second_line_may_be_labelled(login, cast, tree):
    indicator = Indicator.objects.get()
    response = login(cast["officer"]).get(reverse("priorities:target_create", args=[indicator.pk]))
    assertContains(response, 'name="title"')
    assertContains(response, "Label (optional)")


def test_a_single_line_is_edited_without_a_label(login, cast, tree):
    target = Target.objects.get()
    response = login(cast["officer"]).get(reverse("priorities:target_edit", args=[target.pk]))
    assertNotContains(response, 'name="title"')


def test_a_lines_figures_are_asked_for_and_its_interim_year_is_optional_once(login, cast, tree):
    target = Target.objects.get()
    text = html_text(login(cast["officer"]).get(reverse("priorities:target_edit", args=[target.pk])))
    assert "Performance expected without LPSA2 (optional)" not in text
    assert "Target with LPSA2 (optional)" not in text
    assert "Numbered target (optional)" in text
    # The fieldset's legend says it; its fields need not say it again.
    assert "Interim year (optional)" in text
    assert "Interim performance without LPSA2 (optional)" not in text


def test_a_line_to_the_same_year_as_another_is_asked_for_its_label(login, cast, tree):
    indicator = Indicator.objects.get()
    other = add(Target, indicator=indicator, period="2006/07", without_lpsa=50, with_lpsa=52)
    client = login(cast["officer"])
    assertNotContains(client.get(reverse("priorities:target_edit", args=[other.pk])), 'name="title"')

    data = {"period": "2007/08", "without_lpsa": "50", "with_lpsa": "52", "version": other.version}
    response = client.post(reverse("priorities:target_edit", args=[other.pk]), data)
    assert response.status_code == 200
    assertContains(response, "Enter a label for this line")
    assertContains(response, 'name="title"')
    assertNotContains(response, "Label (optional)")
    other.refresh_from_db()
    assert other.period == "2006/07"


def test_empty_answers_read_not_given(login, cast, tree):
    Indicator.objects.update(data_source="", collection_frequency="", definition="")
    Priority.objects.update(geography="", target_groups="", outcome="")
    client = login(cast["officer"])
    indicator_text = html_text(client.get(reverse("priorities:indicator", args=[Indicator.objects.get().pk])))
    assert "Data source Not given" in indicator_text
    assert "Collection frequency Not given" in indicator_text
    assert "Definition Not given" in indicator_text
    priority_text = html_text(client.get(reverse("priorities:priority", args=[tree.pk])))
    assert "Outcome Not given" in priority_text
    assert "Geography Not given" in priority_text
    for other_way in ["Not written yet", "None recorded", "Not set"]:
        assert other_way not in indicator_text + priority_text


def test_an_unassessed_impact_reads_not_assessed_and_an_assessed_none_reads_no(login, cast, tree):
    Priority.objects.update(affects_accessibility=True, affects_equalities=False)
    text = html_text(login(cast["officer"]).get(reverse("priorities:priority", args=[tree.pk])))
    assert "Accessibility: Yes" in text
    assert "Equalities: No" in text
    assert "Sustainability: Not assessed" in text


def test_each_impact_is_answered_yes_no_or_not_assessed_on_the_form(login, cast, tree):
    client = login(cast["officer"])
    url = reverse("priorities:priority_edit", args=[tree.pk])
    answers = {"affects_accessibility": "no", "affects_equalities": "yes", "affects_sustainability": "unknown"}
    data = {"title": tree.title, "outcome": tree.outcome, "evidence": tree.evidence, "version": tree.version}
    assert client.post(url, {**data, **answers}).status_code == 302
    tree.refresh_from_db()
    assert (tree.affects_accessibility, tree.affects_equalities, tree.affects_sustainability) == (False, True, None)
    # The form opens again on the answers given.
    page = client.get(url).content.decode()
    assert re.search(r'value="no"[^>]*checked', page.replace("\n", " "))
    refused = client.post(url, {**data, "version": tree.version, "affects_accessibility": "maybe"})
    assertContains(refused, "Choose whether it has an impact, has none, or is not assessed yet.")
    tree.refresh_from_db()
    assert tree.affects_accessibility is False


def test_the_agreement_says_not_assessed_and_not_given(ready):
    Priority.objects.update(affects_accessibility=True, outcome="")
    text, _ = words(draft_of(ready))
    assert "Yes Not assessed Not assessed" in text
    assert "Outcome Not given" in text
    assert "Not yet written" not in text


def test_a_term_is_linked_on_its_first_use_only():
    from django.template import engines

    page = engines["django"].from_string(
        '{% load glossary %}{% term "stretch" %}, {% term "stretch" "stretches" %}, {% term "line" %}'
    )
    html = page.render({})
    assert html.count(f'href="{GLOSSARY}#stretch"') == 1
    assert html.count(f'href="{GLOSSARY}#line"') == 1
    assert "</a>, stretches, <a" in html


def test_a_line_whose_year_is_not_a_year_asks_nothing_of_the_database_and_says_why(login, cast, tree):
    """The label is asked for only on a clash of years; a year that is not one (here with a NUL,
    which PostgreSQL refuses in a query) is never looked up, only refused beside its field."""
    indicator = Indicator.objects.get()
    client = login(cast["officer"])
    before = Target.objects.count()
    response = client.post(
        reverse("priorities:target_create", args=[indicator.pk]),
        {"period": "2007\x00", "without_lpsa": "1", "with_lpsa": "2", "version": ""},
    )
    assert response.status_code == 200
    assertContains(response, "Enter a year like 2004 or a financial year like 2004/05.")
    assert Target.objects.count() == before
