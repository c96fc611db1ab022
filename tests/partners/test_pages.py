from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from partners.models import WorkingGroup
from tests.factories import make_org


def test_partners_are_those_of_the_users_own_county(login, cast, district):
    make_org("Maidstone Borough Council", cast["otherofficer"].organisation)
    response = login(cast["officer"]).get(reverse("partners:organisations"))
    assertContains(response, "Rushmoor Borough Council")
    assertContains(response, "District or borough council")
    assertNotContains(response, "Maidstone")
    assertNotContains(response, "Kent County Council")


def test_a_working_group_page_names_its_lead_and_remit(login, cast, group):
    group.member_people.add(cast["officer"])
    response = login(cast["chiefexec"]).get(reverse("partners:working_group", args=[group.pk]))
    assertContains(response, "Rushmoor Borough Council")
    assertContains(response, "Wglead")
    assertContains(response, "A headline priority")
    assertContains(response, "Officer (Hampshire County Council)")


def test_cross_cutting_groups_show_their_subject(login, cast, hampshire):
    WorkingGroup.objects.create(
        council=hampshire,
        name="Accessibility group",
        lead_organisation=hampshire,
        remit=WorkingGroup.Remit.CROSS_CUTTING,
        subject="Accessibility",
    )
    response = login(cast["wglead"]).get(reverse("partners:working_groups"))
    assertContains(response, '<td class="govuk-table__cell">Accessibility</td>', html=True)


def test_another_councils_officer_sees_none_of_its_groups(login, cast, group):
    response = login(cast["otherofficer"]).get(reverse("partners:working_groups"))
    assertNotContains(response, group.name)
