"""A council administrator starts a framework from the pages, without the Django admin."""

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from priorities.admin import FrameworkAdmin
from priorities.models import Framework, Involvement
from priorities.services import framework_create, framework_slug_for
from tests.factories import make_framework

NEW = {
    "title": "Hampshire LPSA2 2005",
    "stage_one_deadline": "2005-07-31",
    "stage_two_deadline": "2005-11-30",
    "version": "",
}


@pytest.fixture
def url():
    return reverse("priorities:framework_create")


def test_an_administrator_starts_a_framework_for_their_own_council(login, cast, hampshire, url):
    response = login(cast["admin"]).post(url, NEW)
    framework = Framework.objects.get(title="Hampshire LPSA2 2005")
    assertRedirects(response, framework.get_absolute_url())
    assert framework.council == hampshire
    assert framework.slug == "hampshire-lpsa2-2005"
    assert str(framework.stage_two_deadline) == "2005-11-30"


def test_a_new_framework_lists_its_council_as_the_accountable_body(login, cast, hampshire, url):
    login(cast["admin"]).post(url, NEW)
    involvement = Involvement.objects.get(framework__title="Hampshire LPSA2 2005")
    assert (involvement.organisation, involvement.role, involvement.status) == (
        hampshire,
        Involvement.Role.ACCOUNTABLE_BODY,
        Involvement.Status.INVOLVED,
    )


def test_the_service_lists_the_accountable_body_on_every_path(hampshire):
    framework = framework_create(
        council=hampshire, title="From a script", stage_one_deadline="2005-07-31", stage_two_deadline="2005-11-30"
    )
    assert list(framework.involvements.values_list("organisation", "role")) == [
        (hampshire.pk, Involvement.Role.ACCOUNTABLE_BODY)
    ]


def test_the_django_admin_lists_the_accountable_body_too(hampshire, cast):
    framework = Framework(
        council=hampshire, title="From the admin", slug="from-the-admin", stage_one_deadline="2005-07-31"
    )
    framework.stage_two_deadline = "2005-11-30"
    request = RequestFactory().post("/admin/")
    request.user = cast["admin"].user
    FrameworkAdmin(Framework, site).save_model(request, framework, form=None, change=False)
    assert framework.involvements.get().role == Involvement.Role.ACCOUNTABLE_BODY


def test_the_slug_is_unique_and_never_a_reserved_word(hampshire):
    make_framework(hampshire, slug="hampshire-lpsa2")
    make_framework(hampshire, slug="hampshire-lpsa2-2")
    assert framework_slug_for("Hampshire LPSA2") == "hampshire-lpsa2-3"
    assert framework_slug_for("New") == "new-2"
    assert framework_slug_for("!!!") == "framework"


def test_two_frameworks_with_one_title_get_two_pages(login, cast, url):
    client = login(cast["admin"])
    client.post(url, NEW)
    client.post(url, NEW)
    assert sorted(Framework.objects.values_list("slug", flat=True)) == [
        "hampshire-lpsa2-2005",
        "hampshire-lpsa2-2005-2",
    ]


def test_bad_details_get_messages_next_to_the_fields_and_save_nothing(login, cast, url):
    response = login(cast["admin"]).post(
        url, {**NEW, "title": "", "stage_one_deadline": "31/31/2005", "stage_two_deadline": "2005-01-01"}
    )
    assert response.status_code == 400
    assertContains(response, "Enter the title.", status_code=400)
    assertContains(response, "Enter a real date.", status_code=400)
    assert not Framework.objects.exists()
    assert not Involvement.objects.exists()


def test_stage_two_must_follow_stage_one(login, cast, url):
    response = login(cast["admin"]).post(url, {**NEW, "stage_two_deadline": "2005-01-01"})
    assertContains(response, "The Stage Two deadline must come after the Stage One deadline.", status_code=400)
    assert not Framework.objects.exists()


def test_the_administrator_may_name_co_signatories(login, cast, portsmouth, url):
    login(cast["admin"]).post(url, {**NEW, "co_signatories": [portsmouth.pk]})
    assert list(Framework.objects.get().co_signatories.all()) == [portsmouth]


@pytest.mark.parametrize("role", ["officer", "wglead", "chiefexec", "reviewer", "otherofficer", "cosignofficer"])
def test_only_a_council_administrator_starts_a_framework(role, login, cast, url):
    response = login(cast[role]).post(url, NEW)
    assert response.status_code == 403
    assert not Framework.objects.exists()


def test_an_administrator_of_a_district_is_not_a_council_administrator(login, district, url):
    from partners.models import Person
    from tests.factories import make_person

    response = login(make_person("districtadmin", district, Person.Role.ADMINISTRATOR)).get(url)
    assert response.status_code == 403


def test_the_dashboard_offers_it_to_administrators_only(login, cast, url):
    assertContains(login(cast["admin"]).get(reverse("priorities:dashboard")), f'href="{url}"')
    assert url not in login(cast["officer"]).get(reverse("priorities:dashboard")).content.decode()


def test_the_administrator_edits_the_new_framework(login, cast, url):
    client = login(cast["admin"])
    client.post(url, NEW)
    framework = Framework.objects.get()
    edit = reverse("priorities:framework_edit", args=[framework.slug])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {**NEW, "title": "Renamed", "version": framework.version})
    assertRedirects(response, framework.get_absolute_url())
    framework.refresh_from_db()
    assert (framework.title, framework.slug) == ("Renamed", "hampshire-lpsa2-2005")
