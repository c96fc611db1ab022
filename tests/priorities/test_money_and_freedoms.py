from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from priorities.models import Freedom, PumpPriming, Stage, Target


@pytest.fixture
def target(framework, tree):
    framework.pump_priming_grant = Decimal("1000000")
    framework.save()
    return Target.objects.get()


def allocate(client, target, amount, spend_on="Youth workers", kind="revenue"):
    url = reverse("priorities:pumppriming_create", args=[target.pk])
    return client.post(url, {"amount": amount, "spend_on": spend_on, "kind": kind, "version": ""})


def test_pump_priming_is_allocated_to_a_target(login, cast, target):
    client = login(cast["officer"])
    response = allocate(client, target, "600000")
    assert response.status_code == 302
    page = client.get(reverse("priorities:money", args=[target.framework.slug]))
    assertContains(page, "£600,000")
    assertContains(page, "Left to allocate")
    assertContains(page, "£400,000")


def test_over_allocation_is_refused_with_what_is_left(login, cast, target):
    client = login(cast["officer"])
    allocate(client, target, "600000")
    response = allocate(client, target, "500000")
    assertContains(response, "Only £400,000 of the £1,000,000 grant is left to allocate. Enter £400,000 or less.")
    assert PumpPriming.objects.count() == 1


def test_allocation_needs_a_grant_and_what_it_is_for(login, cast, target):
    framework = target.framework
    framework.pump_priming_grant = None
    framework.save()
    response = allocate(login(cast["officer"]), target, "1000", spend_on="")
    assertContains(response, "Enter the framework&#x27;s pump-priming grant first")
    assertContains(response, "Enter what it will be spent on.")
    assert not PumpPriming.objects.exists()


def test_a_freedom_is_asked_for_and_listed_in_the_register(login, cast, target):
    client = login(cast["wglead"])
    data = {
        "request": "Let us pool the youth budgets of the districts",
        "kind": "administrative",
        "department": "Home Office",
        "status": "requested",
        "review_date": "2005-04-01",
        "version": "",
    }
    assert client.post(reverse("priorities:freedom_create", args=[target.pk]), data).status_code == 302
    freedom = Freedom.objects.get()
    assert (freedom.target, freedom.kind) == (target, Freedom.Kind.ADMINISTRATIVE)
    register = client.get(reverse("priorities:freedoms", args=[target.framework.slug]))
    assertContains(register, "Let us pool the youth budgets of the districts")
    assertContains(register, "An administrative requirement")
    assertContains(register, "1 Apr 2005")


def test_a_freedom_needs_what_is_asked_and_what_it_concerns(login, cast, target):
    response = login(cast["officer"]).post(
        reverse("priorities:freedom_create", args=[target.pk]), {"request": "", "status": "requested", "version": ""}
    )
    assertContains(response, "Enter what is asked.")
    assertContains(response, "Choose what it concerns.")
    assert not Freedom.objects.exists()


def test_the_target_page_shows_a_chart_with_a_text_alternative(login, cast, target):
    response = login(cast["chiefexec"]).get(reverse("priorities:target", args=[target.pk]))
    assertContains(response, 'src="data:image/svg+xml;base64,')
    assertContains(response, "Bar chart of Indicator 1.1.1, without and with LPSA2. 2003/04 baseline: 50;")
    assertContains(response, "+4 (+7.8%)")


def target_data(**changes):
    data = {"period": "2007/08", "without_lpsa": "51", "with_lpsa": "58", "version": "1", "title": ""}
    data.update(changes)
    return data


def test_changed_figures_need_a_reason_once_government_has_seen_a_version(login, cast, target):
    framework = target.framework
    framework.stage = Stage.TWO_DRAFTING
    framework.save()
    client = login(cast["officer"])
    url = reverse("priorities:target_edit", args=[target.pk])
    response = client.post(url, target_data())
    assertContains(response, "Say why the figures are changing. Government has seen them.")
    target.refresh_from_db()
    assert target.with_lpsa == Decimal("55")
    response = client.post(url, target_data(change_reason="The police data was revised."))
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.with_lpsa == Decimal("58")
    assert target.history.latest().history_change_reason == "The police data was revised."


def test_a_reason_too_long_to_keep_in_the_history_is_refused(login, cast, target):
    framework = target.framework
    framework.stage = Stage.TWO_DRAFTING
    framework.save()
    url = reverse("priorities:target_edit", args=[target.pk])
    response = login(cast["officer"]).post(url, target_data(change_reason="Revised. " * 20))
    assertContains(response, "This must be 100 characters or fewer. You entered 179 characters.")
    target.refresh_from_db()
    assert target.with_lpsa == Decimal("55")


def test_no_reason_is_asked_before_government_has_seen_anything(login, cast, target):
    response = login(cast["officer"]).post(reverse("priorities:target_edit", args=[target.pk]), target_data())
    assert response.status_code == 302


def test_an_edit_form_shows_a_saved_date_in_its_day_month_and_year_boxes(login, cast, target):
    freedom = Freedom.objects.create(target=target, request="r", kind=Freedom.Kind.STATUTORY, review_date="2005-03-31")
    response = login(cast["officer"]).get(reverse("priorities:freedom_edit", args=[freedom.pk]))
    assertContains(response, 'name="review_date_0" value="31"')
    assertContains(response, 'name="review_date_1" value="3"')
    assertContains(response, 'name="review_date_2" value="2005"')


def test_a_conflicting_save_after_government_has_seen_it_shows_both_versions(login, cast, target):
    framework = target.framework
    framework.stage = Stage.TWO_DRAFTING
    framework.save()
    url = reverse("priorities:target_edit", args=[target.pk])
    first = login(cast["officer"])
    assert first.post(url, target_data(change_reason="Revised")).status_code == 302
    second = login(cast["admin"])
    response = second.post(url, target_data(with_lpsa="59", change_reason="Mine"))
    assertContains(response, "Someone else saved this target", status_code=409)
    target.refresh_from_db()
    assert target.with_lpsa == Decimal("58")
