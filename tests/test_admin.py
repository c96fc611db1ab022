"""The Django admin: the site superuser sees every row, council staff only their council's,
and nobody changes a framework's stage or version there, not even by reverting its history."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from lpsa.workflow import framework_move
from partners.models import Organisation
from priorities.models import Framework, Stage
from tests.factories import PASSWORD, make_framework

BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("siteadmin", "siteadmin@example.org", PASSWORD)


def revert_form(client, framework: Framework, record) -> dict:
    """What the history page's form holds for ``record``, as a browser would post it back."""
    url = reverse("admin:priorities_framework_simple_history", args=[framework.pk, record.history_id])
    form = client.get(url).context["adminform"].form
    return url, {name: "" if form[name].value() is None else form[name].value() for name in form.fields}


def test_a_revert_from_the_history_page_keeps_the_stage_and_version(client, superuser, cast, at_stage):
    framework = at_stage(Stage.ONE_DRAFTING)
    original_title = framework.title
    framework.title = "Renamed on the site"
    framework.save_checked(expected_version=framework.version)
    framework = at_stage(Stage.ONE_AWAITING_APPROVAL)
    framework_move(framework=framework, move_name="approve_one", user=cast["chiefexec"].user, declared=True)
    framework.refresh_from_db()
    version = framework.version
    first = framework.history.earliest("history_date")
    assert (first.stage, first.version) == (Stage.ONE_DRAFTING, 1)

    client.force_login(superuser, backend=BACKEND)
    url, data = revert_form(client, framework, first)
    response = client.post(url, data)
    assert response.status_code == 302
    framework.refresh_from_db()
    assert framework.title == original_title  # the revert itself works
    assert framework.stage == Stage.ONE_SUBMITTED
    assert framework.version == version + 1  # moved on, as every save does; never back to 1
    assert framework.history.first().stage == Stage.ONE_SUBMITTED


def test_the_stage_and_version_are_read_only_in_the_change_form(client, superuser, framework):
    client.force_login(superuser, backend=BACKEND)
    form = client.get(reverse("admin:priorities_framework_change", args=[framework.pk])).context["adminform"].form
    assert "stage" not in form.fields
    assert "version" not in form.fields


def test_council_staff_see_only_their_councils_rows(client, cast, framework):
    other = make_framework(Organisation.objects.get(name="Kent County Council"), slug="kent", title="Kent LPSA2")
    officer = cast["officer"].user
    officer.is_staff = True
    officer.save()
    officer.user_permissions.add(*Permission.objects.filter(codename__in=["view_framework", "change_framework"]))
    client.force_login(officer, backend=BACKEND)

    changelist = client.get(reverse("admin:priorities_framework_changelist"))
    assertContains(changelist, framework.title)
    assertNotContains(changelist, other.title)
    # Another council's framework is not found, nor its history.
    assert client.get(reverse("admin:priorities_framework_change", args=[other.pk])).status_code == 302
    assert client.get(reverse("admin:priorities_framework_history", args=[other.pk])).status_code == 404
    record = other.history.first()
    url = reverse("admin:priorities_framework_simple_history", args=[other.pk, record.history_id])
    assert client.get(url).status_code == 404
    assert client.get(reverse("admin:priorities_framework_history", args=[framework.pk])).status_code == 200


def test_the_admin_keeps_a_working_groups_members_to_its_councils_area(client, superuser, cast, group):
    """The site's group pages refuse a member from outside the council's area; so does the admin."""
    outsider = cast["otherofficer"]
    client.force_login(superuser)
    url = reverse("admin:partners_workinggroup_change", args=[group.pk])
    data = {
        "council": group.council_id,
        "name": group.name,
        "remit": group.remit,
        "subject": group.subject,
        "lead_organisation": group.lead_organisation_id,
        "lead_person": group.lead_person_id or "",
        "member_people": [outsider.pk],
        "member_organisations": [],
    }
    response = client.post(url, data)
    assertContains(response, "does not work in the council&#x27;s area, so they cannot be a member.")
    assert not group.member_people.filter(pk=outsider.pk).exists()
