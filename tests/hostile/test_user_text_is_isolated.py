"""A title holding a right-to-left override cannot turn round the sentence it sits in.

U+202E reverses the text after it up to the end of its paragraph, so "The priority
“abc‮def” was saved." would show "saved was". User text inside a sentence is isolated:
in a <bdi> element on pages and banners, between U+2068 and U+2069 in e-mail.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from lpsa.workflow import framework_move
from priorities.models import Indicator, Priority, Stage, Target, TargetArea
from tests.priorities.test_spreadsheets import as_xlsx, exported_rows, upload

REVERSED = "abc\u202edef"


def banner(response) -> str:
    return response.content.decode().split('class="govuk-notification-banner__heading">')[1].split("</p>")[0]


def test_a_saved_priority_title_is_isolated_in_the_banner(login, cast, tree):
    response = login(cast["officer"]).post(
        reverse("priorities:priority_edit", args=[tree.pk]),
        {"title": REVERSED, "outcome": tree.outcome, "evidence": tree.evidence, "version": tree.version},
        follow=True,
    )
    assert banner(response) == f"The priority “<bdi>Main Priority 1: {REVERSED}</bdi>” was saved."


def test_a_deleted_items_title_is_isolated_in_the_banner(login, cast, tree):
    area = TargetArea.objects.get()
    TargetArea.objects.filter(pk=area.pk).update(title=REVERSED)
    response = login(cast["officer"]).post(reverse("priorities:area_delete", args=[area.pk]), follow=True)
    assert banner(response) == f"The target area “<bdi>{REVERSED}</bdi>” was deleted."


def test_an_imported_files_name_is_isolated_in_the_banner(login, cast, tree):
    # Django drops controls from uploaded file names, but right-to-left letters are kept.
    client = login(cast["officer"])
    rows = exported_rows(client, tree.framework)
    rows[1][11] = 57
    upload(client, tree.framework, as_xlsx(rows, name="דוח 2.xlsx"))
    response = client.post(reverse("priorities:import", args=[tree.framework.slug]), {"action": "confirm"}, follow=True)
    assert banner(response) == "Imported 1 change from “<bdi>דוח 2.xlsx</bdi>”."


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("priorities:area_create", "Add a target area to “<bdi>{}</bdi>”"),
        ("priorities:area_delete", "Are you sure you want to delete the target area “<bdi>{}</bdi>”?"),
    ],
)
def test_a_title_inside_a_heading_is_isolated(login, cast, tree, url, heading):
    Priority.objects.update(title=REVERSED)
    TargetArea.objects.update(title=REVERSED)
    pk = tree.pk if url == "priorities:area_create" else TargetArea.objects.get().pk
    page = login(cast["officer"]).get(reverse(url, args=[pk]))
    assertContains(page, f'<h1 class="govuk-heading-l">{heading.format(REVERSED)}</h1>', html=False)


def test_the_page_title_of_a_form_holds_no_markup(login, cast, tree):
    Priority.objects.update(title="Fish & <chips>")
    page = login(cast["officer"]).get(reverse("priorities:area_create", args=[tree.pk]))
    assertContains(page, "<title>Add a target area to “Fish &amp; &lt;chips&gt;” – ")


def test_an_items_title_is_isolated_in_its_history_heading(login, cast, tree):
    Indicator.objects.update(title=REVERSED)
    page = login(cast["officer"]).get(reverse("lpsa:history", args=["indicator", Indicator.objects.get().pk]))
    assertContains(page, f'<h1 class="govuk-heading-l">History of “<bdi>{REVERSED}</bdi>”</h1>')


def test_an_indicators_title_is_isolated_in_the_negotiation_banner(login, cast, at_stage):
    framework = at_stage(Stage.TWO_AWAITING_APPROVAL)
    Indicator.objects.update(title=REVERSED)
    framework_move(framework=framework, move_name="approve_two", user=cast["chiefexec"].user, declared=True)
    target = Target.objects.get()
    response = login(cast["reviewer"]).post(
        reverse("lpsa:negotiate", args=[target.pk]),
        {"note": "", "without_lpsa": "51", "with_lpsa": "56"},
        follow=True,
    )
    assert banner(response) == (
        f"Your figures for “<bdi>{REVERSED}: Target to 2007/08</bdi>” were sent. They wait for the other side's answer."
    )
    assert Target.objects.get().with_lpsa == Decimal("55")


def test_titles_and_names_are_isolated_in_email_subjects(
    login, cast, tree, mailoutbox, django_capture_on_commit_callbacks
):
    cast["officer"].user.email = "officer@example.org"
    cast["officer"].user.save()
    lead = cast["wglead"].user
    lead.first_name = "Ann\u202e"
    lead.save()
    Indicator.objects.update(title=REVERSED)
    client = login(cast["wglead"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("lpsa:comment_create", args=["indicator", Indicator.objects.get().pk]), {"text": "Hm"})
    [mail] = mailoutbox
    assert mail.subject == f"\u2068Ann\u202e\u2069 commented on “\u2068{REVERSED}\u2069”"
    assert mail.body.startswith(f"\u2068Ann\u202e\u2069 commented on “\u2068{REVERSED}\u2069” in \u2068")
