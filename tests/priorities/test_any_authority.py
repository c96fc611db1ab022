"""Any upper-tier council signs, and a wider-area agreement has a lead and co-signatories.

Hampshire (a county) leads; Portsmouth (a unitary council) co-signs where a test says so;
Kent signs neither.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from partners.models import Organisation, Person, WorkingGroup
from priorities.admin import FrameworkAdminForm
from priorities.models import ContentLocked, Framework, Priority
from priorities.permissions import frameworks_for, visible_filter
from tests.factories import make_county, make_framework, make_org, make_person, make_tree, make_unitary

K = Organisation.Kind


@pytest.fixture
def wider(framework, portsmouth):
    """Hampshire's framework, co-signed by Portsmouth."""
    framework.co_signatories.add(portsmouth)
    return framework


def details(framework, **changes) -> dict:
    data = {
        "title": framework.title,
        "stage_one_deadline": "2004-07-31",
        "stage_two_deadline": "2004-11-30",
        "version": framework.version,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("kind", [K.COUNTY, K.UNITARY, K.METROPOLITAN, K.LONDON_BOROUGH])
def test_each_upper_tier_council_is_its_own_area(db, kind):
    council = Organisation.objects.create(name="A council", kind=kind)
    assert council.is_upper_tier
    assert council.council_area_id == council.pk


def test_a_district_works_in_its_councils_area_and_cannot_sign(hampshire, district):
    assert not district.is_upper_tier
    assert district.council_area_id == hampshire.pk


@pytest.mark.parametrize("kind", [K.UNITARY, K.METROPOLITAN, K.LONDON_BOROUGH, K.COUNTY])
def test_an_upper_tier_council_cannot_sit_in_another_councils_area(hampshire, kind):
    council = Organisation(name="Southampton City Council", kind=kind, county=hampshire)
    with pytest.raises(ValidationError, match="is its own area"):
        council.full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        council.save()


def test_only_an_upper_tier_council_is_an_organisations_area(hampshire, district):
    police = Organisation(name="Rushmoor police", kind=K.POLICE, county=district)
    with pytest.raises(ValidationError, match="Choose a county, unitary, metropolitan or London borough council"):
        police.full_clean()


def test_only_an_upper_tier_council_leads_a_framework(hampshire, district):
    framework = Framework(council=district, title="Rushmoor", slug="rushmoor")
    with pytest.raises(ValidationError) as error:
        framework.clean()
    assert "council" in error.value.message_dict


def test_a_unitary_councils_officer_reads_and_edits_its_own_framework(login, cast, db):
    wight = make_unitary("Isle of Wight Council")
    framework = make_framework(wight, slug="isle-of-wight")
    priority = make_tree(framework)[0]
    client = login(make_person("wightofficer", wight, Person.Role.OFFICER))
    assertContains(client.get(framework.get_absolute_url()), "Isle of Wight Council")
    response = client.post(
        reverse("priorities:priority_edit", args=[priority.pk]),
        {"title": "Island jobs", "version": priority.version},
    )
    assert response.status_code == 302
    priority.refresh_from_db()
    assert priority.title == "Island jobs"
    # Hampshire's officer, next door, finds nothing.
    assert login(cast["officer"]).get(framework.get_absolute_url()).status_code == 404


def test_a_framework_with_several_co_signatories_is_listed_once(login, cast, wider, hampshire):
    wider.co_signatories.add(make_unitary("Southampton City Council"), make_county("Dorset County Council"))
    for role in ["officer", "cosignofficer", "wglead"]:
        assert list(frameworks_for(cast[role].user)) == [wider]
    priorities = make_tree(wider, priorities=2)
    visible = Priority.objects.filter(visible_filter(cast["cosignofficer"].user, "framework"))
    assert sorted(visible.values_list("pk", flat=True)) == sorted(p.pk for p in priorities)
    page = login(cast["cosignofficer"]).get(reverse("priorities:dashboard")).content.decode()
    # Counted as the title's link: the framework's blockers link to its own pages too.
    assert page.count(f'href="{wider.get_absolute_url()}"') == 1


def test_a_co_signatorys_officer_edits_the_framework_content(login, cast, wider, tree):
    client = login(cast["cosignofficer"])
    response = client.post(
        reverse("priorities:priority_edit", args=[tree.pk]), {"title": "Jobs on both sides", "version": tree.version}
    )
    assertRedirects(response, reverse("priorities:priority", args=[tree.pk]))
    tree.refresh_from_db()
    assert tree.title == "Jobs on both sides"


def test_a_co_signatorys_working_group_leads_a_priority_and_its_lead_edits_the_measures(
    login, cast, wider, portsmouth, group
):
    lead = make_person("portsmouthlead", portsmouth, Person.Role.WORKING_GROUP_LEAD)
    theirs = WorkingGroup.objects.create(
        council=portsmouth, name="Portsmouth jobs group", lead_organisation=portsmouth, lead_person=lead
    )
    priority = make_tree(wider, group=theirs)[0]
    indicator = priority.target_areas.get().indicators.get()
    officer = login(cast["officer"])
    form = officer.get(reverse("priorities:priority_edit", args=[priority.pk]))
    # The groups of both signatories may lead the joint framework's priorities.
    assertContains(form, "Portsmouth jobs group")
    assertContains(form, group.name)
    client = login(lead)
    assert client.get(reverse("priorities:indicator_edit", args=[indicator.pk])).status_code == 200
    assert client.get(reverse("priorities:priority_edit", args=[priority.pk])).status_code == 403


def test_the_leads_officer_names_a_co_signatory(login, cast, framework, portsmouth):
    client = login(cast["officer"])
    form = client.get(reverse("priorities:framework_edit", args=[framework.slug]))
    assertContains(form, "Co-signatory authorities")
    response = client.post(
        reverse("priorities:framework_edit", args=[framework.slug]), details(framework, co_signatories=[portsmouth.pk])
    )
    assertRedirects(response, framework.get_absolute_url())
    assert list(framework.co_signatories.all()) == [portsmouth]
    page = login(cast["cosignofficer"]).get(framework.get_absolute_url())
    assertContains(page, "Signatories")
    assertContains(page, "Hampshire County Council (lead authority, the accountable body)")
    assertContains(page, "Hampshire County Council and Portsmouth City Council</span>")
    dashboard = login(cast["cosignofficer"]).get(reverse("priorities:dashboard"))
    assertContains(dashboard, "Hampshire County Council (lead) and Portsmouth City Council")


def test_the_signatories_are_offered_from_upper_tier_councils_other_than_the_lead(login, cast, framework, district):
    form = login(cast["officer"]).get(reverse("priorities:framework_edit", args=[framework.slug]))
    choices = {str(org) for org in form.context["form"].fields["co_signatories"].queryset}
    assert choices == {"Kent County Council", "Portsmouth City Council"}


@pytest.mark.parametrize("who", ["district", "hampshire"])
def test_a_district_or_the_lead_itself_cannot_co_sign(login, cast, framework, who, request):
    organisation = request.getfixturevalue(who)
    response = login(cast["officer"]).post(
        reverse("priorities:framework_edit", args=[framework.slug]),
        details(framework, title="Changed", co_signatories=[organisation.pk]),
    )
    assertContains(response, "is not one of the available choices")
    framework.refresh_from_db()
    assert framework.title != "Changed"
    assert not framework.co_signatories.exists()


def test_the_framework_refuses_a_district_or_its_lead_as_co_signatory(framework, district, hampshire):
    with pytest.raises(ValidationError, match="Rushmoor Borough Council cannot sign"):
        framework.set_co_signatories([district])
    with pytest.raises(ValidationError, match="leads this agreement, so it cannot also co-sign it"):
        framework.set_co_signatories([hampshire])
    assert not framework.co_signatories.exists()


def test_the_admin_refuses_the_lead_as_its_own_co_signatory(framework, hampshire, portsmouth):
    data = {
        "council": hampshire.pk,
        "title": framework.title,
        "slug": framework.slug,
        "stage_one_deadline": "2004-07-31",
        "stage_two_deadline": "2004-11-30",
        "co_signatories": [hampshire.pk, portsmouth.pk],
    }
    form_class = type(
        "Form", (FrameworkAdminForm,), {"Meta": type("Meta", (), {"model": Framework, "fields": "__all__"})}
    )
    form = form_class(data, instance=framework)
    assert not form.is_valid()
    assert "leads this agreement" in str(form.errors["co_signatories"])


def test_a_co_signatorys_officer_cannot_change_the_signatories(login, cast, wider, portsmouth):
    kent = Organisation.objects.get(name="Kent County Council")
    client = login(cast["cosignofficer"])
    form = client.get(reverse("priorities:framework_edit", args=[wider.slug]))
    assertNotContains(form, "Co-signatory authorities")
    response = client.post(
        reverse("priorities:framework_edit", args=[wider.slug]),
        details(wider, title="Renamed", co_signatories=[kent.pk]),
    )
    assertRedirects(response, wider.get_absolute_url())
    wider.refresh_from_db()
    assert wider.title == "Renamed"  # the details are theirs to edit, the signatories the lead's
    assert list(wider.co_signatories.all()) == [portsmouth]


def test_unticking_every_co_signatory_makes_the_framework_one_councils_again(login, cast, wider):
    response = login(cast["officer"]).post(reverse("priorities:framework_edit", args=[wider.slug]), details(wider))
    assert response.status_code == 302
    assert not wider.co_signatories.exists()
    assert login(cast["cosignofficer"]).get(wider.get_absolute_url()).status_code == 404


def test_the_signatories_cannot_change_while_the_framework_awaits_approval(wider):
    wider.stage = "one_awaiting_approval"
    wider.save(update_fields=["stage"])
    with pytest.raises(ContentLocked):
        wider.set_co_signatories([])
    assert wider.co_signatories.exists()


def test_a_co_signatorys_people_see_the_leads_working_groups_and_partners(login, cast, wider, group, district):
    client = login(cast["cosignofficer"])
    assertContains(client.get(reverse("partners:working_groups")), group.name)
    assert client.get(reverse("partners:working_group", args=[group.pk])).status_code == 200
    assertContains(client.get(reverse("partners:organisations")), district.name)
    # Kent signs nothing with either.
    kent = login(cast["otherofficer"])
    assertNotContains(kent.get(reverse("partners:working_groups")), group.name)
    assertNotContains(kent.get(reverse("partners:organisations")), district.name)


def test_a_co_signatorys_districts_may_take_part(login, cast, framework):
    dorset = make_county("Dorset County Council")
    purbeck = make_org("Purbeck District Council", dorset)
    framework.co_signatories.add(dorset)
    form = login(cast["officer"]).get(reverse("priorities:involvement_create", args=[framework.slug]))
    assertContains(form, purbeck.name)
