"""Creating, editing, deleting and moving framework items through the pages."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from priorities.models import AgreementTarget, Indicator, Priority, Target, TargetArea
from tests.factories import add, make_framework, make_tree

PRIORITY_FORM = {"title": "Helping People Feel Safe", "outcome": "Reduce anti social behaviour", "version": ""}


def target_form(**changes):
    data = {"title": "", "period": "2007/08", "without_lpsa": "50", "with_lpsa": "55", "version": ""}
    data.update(changes)
    return data


@pytest.fixture
def indicator(tree):
    return Indicator.objects.get(target_area__priority=tree)


def test_an_officer_adds_a_priority(login, cast, framework, tree):
    client = login(cast["officer"])
    response = client.post(reverse("priorities:priority_create", args=[framework.slug]), PRIORITY_FORM)
    priority = Priority.objects.get(title="Helping People Feel Safe")
    assertRedirects(response, reverse("priorities:priority", args=[priority.pk]))
    assert (priority.framework, priority.position, priority.outcome) == (framework, 2, "Reduce anti social behaviour")
    assert priority.history.get().history_user == cast["officer"].user


def test_a_new_priority_needs_a_title(login, cast, framework):
    client = login(cast["officer"])
    response = client.post(reverse("priorities:priority_create", args=[framework.slug]), {"title": "", "version": ""})
    assertContains(response, "Enter the title.")
    assertContains(response, 'href="#id_title"')
    assert not Priority.objects.exists()


def test_a_hundred_thousand_character_title_is_refused(login, cast, framework):
    client = login(cast["officer"])
    response = client.post(
        reverse("priorities:priority_create", args=[framework.slug]), {"title": "x" * 100_000, "version": ""}
    )
    assertContains(response, "This must be 200 characters or fewer. You entered 100000 characters.")
    assert not Priority.objects.exists()


def test_a_working_group_lead_may_not_add_a_priority(login, cast, framework):
    client = login(cast["wglead"])
    response = client.post(reverse("priorities:priority_create", args=[framework.slug]), PRIORITY_FORM)
    assert response.status_code == 403
    assert not Priority.objects.exists()


def test_another_councils_officer_gets_404(login, cast, framework):
    client = login(cast["otherofficer"])
    response = client.post(reverse("priorities:priority_create", args=[framework.slug]), PRIORITY_FORM)
    assert response.status_code == 404
    assert not Priority.objects.exists()


def test_an_officer_adds_a_target_and_sees_its_stretch(login, cast, indicator):
    client = login(cast["officer"])
    new_line = target_form(title="Older people", with_lpsa="58.5")
    response = client.post(reverse("priorities:target_create", args=[indicator.pk]), new_line)
    target = indicator.targets.latest("pk")
    assertRedirects(response, reverse("priorities:target", args=[target.pk]))
    assert target.stretch == Decimal("8.5")
    assertContains(client.get(indicator.get_absolute_url()), "+8.5")
    assertContains(client.get(response.url), "+8.5 (+17%)")


def test_text_in_a_number_field_is_refused_next_to_the_field(login, cast, indicator):
    client = login(cast["officer"])
    response = client.post(reverse("priorities:target_create", args=[indicator.pk]), target_form(with_lpsa="lots"))
    assertContains(response, "Enter a number, like 42 or 12.5, without commas, units or words.", count=2)
    assert indicator.targets.count() == 1


def test_a_stretch_against_the_direction_of_improvement_is_refused(login, cast, indicator):
    client = login(cast["officer"])
    response = client.post(reverse("priorities:target_create", args=[indicator.pk]), target_form(with_lpsa="45"))
    assertContains(response, "For this indicator higher is better")
    assertContains(response, 'href="#id_with_lpsa"')
    assert indicator.targets.count() == 1


def test_the_lead_of_the_priority_group_edits_its_indicator(login, cast, indicator):
    client = login(cast["wglead"])
    data = {
        "title": "Renamed",
        "direction": "higher",
        "measures": "outcome",
        "status": "proposed",
        "baseline_year": "2003/04",
        "baseline_value": "50",
        "version": "1",
    }
    response = client.post(reverse("priorities:indicator_edit", args=[indicator.pk]), data)
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.title, indicator.version) == ("Renamed", 2)


def test_the_indicator_form_refuses_a_direction_against_its_targets(login, cast, indicator):
    data = {"title": "Renamed", "direction": "lower", "measures": "outcome", "status": "proposed", "version": "1"}
    response = login(cast["officer"]).post(reverse("priorities:indicator_edit", args=[indicator.pk]), data)
    assertContains(response, "The targets of this indicator stretch the other way. Change their figures first.")
    indicator.refresh_from_db()
    assert (indicator.title, indicator.direction) == ("Indicator 1.1.1", "higher")


def test_a_lead_may_not_edit_indicators_of_another_groups_priority(login, cast, framework, indicator):
    other = add(Priority, framework=framework, title="Not theirs")
    area = add(TargetArea, priority=other, title="Area")
    theirs_not = add(Indicator, target_area=area, title="Other indicator")
    client = login(cast["wglead"])
    response = client.post(reverse("priorities:indicator_edit", args=[theirs_not.pk]), {"title": "Mine now"})
    assert response.status_code == 403
    theirs_not.refresh_from_db()
    assert theirs_not.title == "Other indicator"


def test_a_stale_save_is_refused_and_both_versions_are_shown(login, cast, indicator):
    target = indicator.targets.get()
    url = reverse("priorities:target_edit", args=[target.pk])
    first = login(cast["officer"])
    assert first.post(url, target_form(with_lpsa="60", version="1")).status_code == 302

    second = login(cast["admin"])
    response = second.post(url, target_form(with_lpsa="70", version="1"))
    assert response.status_code == 409
    assertContains(response, "Someone else saved this target line while you were editing it", status_code=409)
    assertContains(response, '<td class="govuk-table__cell app-pre-line">60</td>', status_code=409, html=False)
    assertContains(response, 'value="70"', status_code=409)
    target.refresh_from_db()
    assert target.with_lpsa == Decimal("60")

    # Saving again from the conflict page keeps the second editor's figures on purpose.
    assertContains(response, 'name="version" value="2"', status_code=409)
    assert second.post(url, target_form(with_lpsa="70", version="2")).status_code == 302
    target.refresh_from_db()
    assert (target.with_lpsa, target.version) == (Decimal("70"), 3)


def conflict_rows(response) -> list[tuple[str, str, str]]:
    """The rows of the conflict table: (field label, their value, my value)."""
    table = response.content.decode().split('id="conflict"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<th scope="row"[^>]*>(.*?)</th>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>', table)


def test_a_conflict_lists_only_the_fields_people_edit_by_their_labels(login, cast, indicator):
    target = indicator.targets.get()
    url = reverse("priorities:target_edit", args=[target.pk])
    assert login(cast["officer"]).post(url, target_form(with_lpsa="60", version="1")).status_code == 302

    response = login(cast["admin"]).post(url, target_form(with_lpsa="70", version="1"))

    assert response.status_code == 409
    assert conflict_rows(response) == [("Target with LPSA2", "60", "70")]


def test_deleting_asks_first_and_says_what_else_goes(login, cast, tree):
    client = login(cast["officer"])
    url = reverse("priorities:priority_delete", args=[tree.pk])
    response = client.get(url)
    assertContains(
        response,
        "This also deletes 1 target area, 1 indicator activity, 1 indicator, 1 target line, 1 numbered target.",
    )
    assert Priority.objects.exists()
    response = client.post(url)
    assertRedirects(response, tree.framework.get_absolute_url())
    assert not Priority.objects.exists()
    assert not Target.objects.exists()


def test_moving_rejects_get(login, cast, tree):
    client = login(cast["officer"])
    assert client.get(reverse("priorities:priority_move", args=[tree.pk])).status_code == 405


def test_moving_a_priority_down_reorders_the_framework(login, cast, framework, tree):
    second = add(Priority, framework=framework, title="Second")
    client = login(cast["officer"])
    response = client.post(reverse("priorities:priority_move", args=[tree.pk]), {"direction": "down"})
    assertRedirects(response, framework.get_absolute_url() + f"#priority-{tree.pk}", fetch_redirect_response=False)
    assert list(framework.priorities.values_list("pk", flat=True)) == [second.pk, tree.pk]


def test_a_chief_executive_may_not_move_items(login, cast, framework, tree):
    add(Priority, framework=framework, title="Second")
    client = login(cast["chiefexec"])
    response = client.post(reverse("priorities:priority_move", args=[tree.pk]), {"direction": "down"})
    assert response.status_code == 403
    tree.refresh_from_db()
    assert tree.position == 1


def test_an_officer_groups_two_indicators_into_one_numbered_target(login, cast, framework, tree, indicator):
    client = login(cast["officer"])
    second = add(Indicator, target_area=indicator.target_area, title="Repeat incidents")
    response = client.post(
        reverse("priorities:agreementtarget_create", args=[framework.slug]),
        {"title": "Reduce anti-social behaviour", "priority": tree.pk, "lead_department": "Home Office"},
    )
    assertRedirects(
        response, reverse("priorities:agreement_targets", args=[framework.slug]), fetch_redirect_response=False
    )
    numbered = AgreementTarget.objects.get(title="Reduce anti-social behaviour")
    first_line = indicator.targets.get()
    edit = target_form(agreement_target=numbered.pk, version=first_line.version)
    assert client.post(reverse("priorities:target_edit", args=[first_line.pk]), edit).status_code == 302
    new_line = target_form(agreement_target=numbered.pk)
    assert client.post(reverse("priorities:target_create", args=[second.pk]), new_line).status_code == 302

    assert [line.indicator for line in numbered.lines_in_order()] == [indicator, second]
    page = client.get(reverse("priorities:agreement_targets", args=[framework.slug]))
    assertContains(page, f"Target {numbered.number}: <bdi>Reduce anti-social behaviour</bdi>", html=True)
    assertContains(page, "Repeat incidents")


def test_a_second_line_of_an_indicator_needs_a_label(login, cast, indicator):
    client = login(cast["officer"])
    url = reverse("priorities:target_create", args=[indicator.pk])
    response = client.post(url, target_form())
    assertContains(response, "Enter a label for this line", status_code=200)
    assert indicator.targets.count() == 1
    assert client.post(url, target_form(title="Women returners")).status_code == 302
    assert indicator.targets.filter(title="Women returners").exists()


def test_a_numbered_target_serves_only_a_priority_of_its_own_framework(login, cast, framework, tree):
    other = make_framework(cast["otherofficer"].organisation, slug="kent")
    elsewhere = make_tree(other)[0]
    response = login(cast["officer"]).post(
        reverse("priorities:agreementtarget_create", args=[framework.slug]),
        {"title": "Sneaky", "priority": elsewhere.pk},
    )
    assertContains(response, "Select a valid choice", status_code=200)
    assert not AgreementTarget.objects.filter(title="Sneaky").exists()


def test_deleting_a_numbered_target_keeps_its_lines_outside_any_target(login, cast, framework, indicator):
    line = indicator.targets.get()
    numbered = line.agreement_target
    client = login(cast["officer"])
    url = reverse("priorities:agreementtarget_delete", args=[numbered.pk])
    assertContains(client.get(url), "1 target line taken out of it (kept)")
    client.post(url)
    line.refresh_from_db()
    assert line.agreement_target is None
    page = client.get(reverse("priorities:agreement_targets", args=[framework.slug]))
    assertContains(page, "Target lines not in a numbered target")


def test_the_framework_details_are_edited_but_not_its_stage(login, cast, framework):
    client = login(cast["officer"])
    data = {
        "title": "Hampshire LPSA2",
        "stage_one_deadline": "2004-07-31",
        "stage_two_deadline": "2004-11-30",
        "net_budget_requirement": "1250000000",
        "stage": "two_agreed",
        "version": "1",
    }
    response = client.post(reverse("priorities:framework_edit", args=[framework.slug]), data)
    assertRedirects(response, framework.get_absolute_url())
    framework.refresh_from_db()
    assert (framework.title, framework.stage) == ("Hampshire LPSA2", "one_drafting")
    assertContains(client.get(framework.get_absolute_url()), "£31,250,000")


def test_a_stage_two_deadline_before_stage_one_is_refused(login, cast, framework):
    client = login(cast["officer"])
    data = {"title": "T", "stage_one_deadline": "2004-07-31", "stage_two_deadline": "2004-06-30", "version": "1"}
    response = client.post(reverse("priorities:framework_edit", args=[framework.slug]), data)
    assertContains(response, "The Stage Two deadline must come after the Stage One deadline.")
    framework.refresh_from_db()
    assert framework.title != "T"


def test_an_officer_records_a_district_that_declined(login, cast, framework, district):
    client = login(cast["officer"])
    data = {"organisation": district.pk, "role": "district", "status": "declined", "version": ""}
    response = client.post(reverse("priorities:involvement_create", args=[framework.slug]), data)
    assertRedirects(response, reverse("priorities:framework_partners", args=[framework.slug]))
    assertContains(client.get(response.url), "Declined")
    again = client.post(reverse("priorities:involvement_create", args=[framework.slug]), data)
    assertContains(again, "This partner is already listed")
    assert framework.involvements.count() == 1


def test_markup_typed_into_a_field_is_shown_as_text(login, cast, framework):
    client = login(cast["officer"])
    payload = '<script>alert("x")</script><b>bold</b>'
    client.post(reverse("priorities:priority_create", args=[framework.slug]), {**PRIORITY_FORM, "outcome": payload})
    page = client.get(framework.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in page
    assert "<script>alert" not in page


def test_a_rates_enhancement_is_shown_in_percentage_points_not_as_a_share(login, cast, indicator):
    Indicator.objects.filter(pk=indicator.pk).update(unit="%")
    target = indicator.targets.get()
    page = login(cast["officer"]).get(reverse("priorities:target", args=[target.pk]))
    assertContains(page, "+4 percentage points")
    assertNotContains(page, "(+7.8%)")
