"""A council administrator adds the partners of its area and runs its working groups from the pages."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from partners.models import Organisation, Person, WorkingGroup
from priorities.models import Involvement
from tests.factories import make_org, make_person

PCT = {"name": "North Hampshire Primary Care Trust", "short_name": "North Hants PCT", "kind": "health", "website": ""}


@pytest.fixture
def create_url():
    return reverse("partners:organisation_create")


# --- organisations ------------------------------------------------------------------------


def test_an_administrator_adds_a_primary_care_trust_to_their_own_area(login, cast, hampshire, create_url):
    response = login(cast["admin"]).post(create_url, PCT)
    assertRedirects(response, reverse("partners:organisations"))
    pct = Organisation.objects.get(name=PCT["name"])
    assert (pct.county, pct.kind, pct.short_name) == (hampshire, "health", "North Hants PCT")
    assertContains(login(cast["officer"]).get(reverse("partners:organisations")), PCT["name"])


def test_the_area_is_never_chosen_by_the_form(login, cast, hampshire, create_url):
    kent = cast["otherofficer"].organisation
    login(cast["admin"]).post(create_url, {**PCT, "county": kent.pk})
    assert Organisation.objects.get(name=PCT["name"]).county == hampshire


@pytest.mark.parametrize("kind", ["county", "unitary", "government"])
def test_councils_that_sign_and_government_are_not_offered(kind, login, cast, create_url):
    client = login(cast["admin"])
    response = client.post(create_url, {**PCT, "kind": kind})
    assertContains(response, "Choose one of the kinds listed.", status_code=400)
    assert not Organisation.objects.filter(name=PCT["name"]).exists()
    page = client.get(create_url).content.decode()
    assert 'value="voluntary"' in page and 'value="county"' not in page and 'value="government"' not in page


def test_a_duplicate_name_gets_a_plain_message_next_to_the_field(login, cast, district, create_url):
    response = login(cast["admin"]).post(create_url, {**PCT, "name": district.name})
    assertContains(response, "An organisation with this name is already recorded.", status_code=400)
    assertContains(response, 'href="#id_name"', status_code=400)
    assert Organisation.objects.filter(name=district.name).count() == 1


def test_two_partners_of_one_area_cannot_share_a_short_name(login, cast, hampshire, create_url):
    Organisation.objects.create(
        name="South Hampshire Primary Care Trust", kind="health", county=hampshire, short_name="north hants pct"
    )
    response = login(cast["admin"]).post(create_url, PCT)
    assertContains(response, "is already called “North Hants PCT” for short", status_code=400)
    assert not Organisation.objects.filter(name=PCT["name"]).exists()


def test_a_bad_website_and_missing_answers_get_messages(login, cast, create_url):
    before = Organisation.objects.count()
    response = login(cast["admin"]).post(create_url, {"name": "", "kind": "", "website": "not a site"})
    for message in (
        "Enter the organisation&#x27;s name.",
        "Choose what kind of organisation it is.",
        "Enter the website",
    ):
        assertContains(response, message, status_code=400)
    assert Organisation.objects.count() == before


@pytest.mark.parametrize("role", ["officer", "wglead", "chiefexec", "reviewer", "otherofficer", "cosignofficer"])
def test_only_council_administrators_add_organisations(role, login, cast, create_url):
    assert login(cast[role]).post(create_url, PCT).status_code == 403
    assert not Organisation.objects.filter(name=PCT["name"]).exists()


def test_the_administrator_changes_a_partner(login, cast, district):
    url = reverse("partners:organisation_edit", args=[district.pk])
    response = login(cast["admin"]).post(
        url,
        {"name": "Rushmoor BC", "short_name": "Rushmoor", "kind": "district", "website": "https://rushmoor.example"},
    )
    assertRedirects(response, reverse("partners:organisations"))
    district.refresh_from_db()
    assert (district.name, district.website, district.county.name) == (
        "Rushmoor BC",
        "https://rushmoor.example",
        "Hampshire County Council",
    )


def test_the_council_itself_is_the_site_administrators_to_change(login, cast, hampshire):
    assert login(cast["admin"]).get(reverse("partners:organisation_edit", args=[hampshire.pk])).status_code == 403


def test_another_councils_partner_is_not_found(login, cast):
    kent = cast["otherofficer"].organisation
    dover = make_org("Dover District Council", kent)
    kent_admin = make_person("kentadmin", kent, Person.Role.ADMINISTRATOR)
    rushmoor = Organisation.objects.get(name="Rushmoor Borough Council")
    assert login(kent_admin).get(reverse("partners:organisation_edit", args=[rushmoor.pk])).status_code == 404
    assert login(cast["admin"]).post(reverse("partners:organisation_edit", args=[dover.pk]), PCT).status_code == 404
    dover.refresh_from_db()
    assert dover.name == "Dover District Council"


def test_the_list_offers_changes_to_administrators_only(login, cast, district):
    edit = reverse("partners:organisation_edit", args=[district.pk])
    assertContains(login(cast["admin"]).get(reverse("partners:organisations")), f'href="{edit}"')
    assertNotContains(login(cast["officer"]).get(reverse("partners:organisations")), f'href="{edit}"')


# --- adding a partner to a framework --------------------------------------------------------


def test_add_a_partner_offers_only_organisations_not_yet_taking_part(login, cast, framework, district, hampshire):
    Involvement.objects.create(framework=framework, organisation=hampshire, role=Involvement.Role.ACCOUNTABLE_BODY)
    police = make_org("Hampshire Constabulary", hampshire, Organisation.Kind.POLICE)
    page = login(cast["officer"]).get(reverse("priorities:involvement_create", args=[framework.slug]))
    options = page.content.decode()
    assert f'value="{district.pk}"' in options and f'value="{police.pk}"' in options
    assert f'value="{hampshire.pk}"' not in options
    assertContains(page, "ask your council administrator to add it")


def test_a_partner_can_be_added_where_every_one_was_listed_before(login, cast, framework, district, hampshire):
    """The bug: every organisation of the demo area was listed, so the form could never be saved."""
    for organisation, role in [(hampshire, "accountable"), (district, "district")]:
        Involvement.objects.create(framework=framework, organisation=organisation, role=role)
    client = login(cast["admin"])
    add = reverse("priorities:involvement_create", args=[framework.slug])
    page = client.get(add)
    assertContains(page, "Every organisation in the area already takes part.")
    link = f"{reverse('partners:organisation_create')}?next={add}"
    assertContains(page, f'href="{link}"')
    response = client.post(link, PCT)
    pct = Organisation.objects.get(name=PCT["name"])
    assertRedirects(response, f"{add}?organisation={pct.pk}")
    form = client.get(f"{add}?organisation={pct.pk}")
    assertContains(form, f'value="{pct.pk}" selected')
    saved = client.post(add, {"organisation": pct.pk, "role": "public_body", "status": "invited", "version": ""})
    assertRedirects(saved, reverse("priorities:framework_partners", args=[framework.slug]))
    assert framework.involvements.filter(organisation=pct, role="public_body").exists()


def test_going_back_goes_only_to_this_site(login, cast, create_url):
    response = login(cast["admin"]).post(f"{create_url}?next=https://evil.example/", PCT)
    assertRedirects(response, reverse("partners:organisations"))


def test_editing_a_partner_entry_keeps_its_own_organisation_on_offer(login, cast, framework, district):
    involvement = Involvement.objects.create(framework=framework, organisation=district, role="district")
    page = login(cast["officer"]).get(reverse("priorities:involvement_edit", args=[involvement.pk]))
    assertContains(page, f'value="{district.pk}" selected')


# --- working groups -----------------------------------------------------------------------


@pytest.fixture
def group_form(district, cast, hampshire):
    return {
        "name": "Healthy communities group",
        "remit": "priority",
        "subject": "",
        "lead_organisation": district.pk,
        "lead_person": cast["wglead"].pk,
        "member_organisations": [hampshire.pk, district.pk],
        "member_people": [cast["officer"].pk, cast["wglead"].pk],
    }


def test_an_administrator_creates_a_working_group_with_its_lead_and_members(login, cast, hampshire, group_form):
    response = login(cast["admin"]).post(reverse("partners:working_group_create"), group_form)
    group = WorkingGroup.objects.get(name="Healthy communities group")
    assertRedirects(response, group.get_absolute_url())
    assert (group.council, group.lead_person) == (hampshire, cast["wglead"])
    assert set(group.member_people.all()) == {cast["officer"], cast["wglead"]}
    assert group.member_organisations.count() == 2


def test_a_cross_cutting_group_needs_its_subject(login, cast, group_form):
    response = login(cast["admin"]).post(
        reverse("partners:working_group_create"), {**group_form, "remit": "cross_cutting"}
    )
    assertContains(response, "Enter the subject the group looks at", status_code=400)
    assert not WorkingGroup.objects.filter(name="Healthy communities group").exists()


def test_a_groups_name_is_unique_in_its_council(login, cast, group, group_form):
    response = login(cast["admin"]).post(reverse("partners:working_group_create"), {**group_form, "name": group.name})
    assertContains(response, "The council already has a working group with this name.", status_code=400)
    assert WorkingGroup.objects.filter(name=group.name).count() == 1


def test_leads_and_members_come_from_the_councils_area_only(login, cast, group_form):
    kent = cast["otherofficer"].organisation
    response = login(cast["admin"]).post(
        reverse("partners:working_group_create"),
        {**group_form, "lead_organisation": kent.pk, "member_people": [cast["otherofficer"].pk]},
    )
    assert response.status_code == 400
    assertContains(response, "Choose one of the organisations listed.", status_code=400)
    assertContains(response, "Choose from the list.", status_code=400)
    assert not WorkingGroup.objects.filter(name="Healthy communities group").exists()


def test_the_model_refuses_members_from_outside_the_area(group, cast):
    with pytest.raises(ValidationError):
        group.clean_members([cast["otherofficer"]], [])
    group.lead_organisation = cast["otherofficer"].organisation
    with pytest.raises(ValidationError):
        group.full_clean()


def test_the_administrator_changes_the_lead_and_members(login, cast, group, hampshire, group_form):
    url = reverse("partners:working_group_edit", args=[group.pk])
    changes = {**group_form, "name": group.name, "lead_organisation": hampshire.pk, "lead_person": cast["officer"].pk}
    response = login(cast["admin"]).post(url, {**changes, "member_people": [cast["chiefexec"].pk]})
    assertRedirects(response, group.get_absolute_url())
    group.refresh_from_db()
    assert (group.lead_organisation, group.lead_person) == (hampshire, cast["officer"])
    assert list(group.member_people.all()) == [cast["chiefexec"]]


@pytest.mark.parametrize(
    ("role", "status"), [("wglead", 403), ("chiefexec", 403), ("officer", 403), ("otherofficer", 404)]
)
def test_only_the_councils_administrator_changes_a_group(role, status, login, cast, group, group_form):
    url = reverse("partners:working_group_edit", args=[group.pk])
    assert login(cast[role]).post(url, {**group_form, "name": "Taken over"}).status_code == status
    group.refresh_from_db()
    assert group.name == "Feeling safe group"


def test_a_group_that_leads_a_priority_is_not_deleted(login, cast, group, tree):
    url = reverse("partners:working_group_delete", args=[group.pk])
    client = login(cast["admin"])
    page = client.get(url)
    assertContains(page, "This group leads these priorities, so it cannot be deleted yet")
    assertContains(page, tree.title)
    response = client.post(url)
    assertContains(response, "This group leads 1 priority (“Priority 1”).", status_code=400)
    assert WorkingGroup.objects.filter(pk=group.pk).exists()
    tree.refresh_from_db()
    assert tree.leading_group == group


def test_a_group_leading_nothing_is_deleted(login, cast, group):
    response = login(cast["admin"]).post(reverse("partners:working_group_delete", args=[group.pk]))
    assertRedirects(response, reverse("partners:working_groups"))
    assert not WorkingGroup.objects.filter(pk=group.pk).exists()
    assert Person.objects.filter(pk=cast["wglead"].pk).exists()


def test_the_group_page_offers_changes_to_its_administrator_only(login, cast, group):
    edit = reverse("partners:working_group_edit", args=[group.pk])
    assertContains(login(cast["admin"]).get(group.get_absolute_url()), f'href="{edit}"')
    assertNotContains(login(cast["wglead"]).get(group.get_absolute_url()), f'href="{edit}"')


def test_group_names_are_escaped(login, cast, district):
    group = WorkingGroup.objects.create(
        council=district.county, name="<script>alert(1)</script>", lead_organisation=district
    )
    page = login(cast["admin"]).get(reverse("partners:working_group_edit", args=[group.pk]))
    assertNotContains(page, "<script>alert(1)</script>")
    assertContains(page, "&lt;script&gt;")


# --- query counts ---------------------------------------------------------------------------


def _grow(hampshire, district, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        organisation = make_org(f"Partner {i}", hampshire, Organisation.Kind.VOLUNTARY)
        person = make_person(f"member{i}", organisation, Person.Role.OFFICER)
        group = WorkingGroup.objects.create(
            council=hampshire, name=f"Group {i}", lead_organisation=organisation, lead_person=person
        )
        group.member_organisations.add(organisation, district)
        group.member_people.add(person)


@pytest.mark.parametrize("name", ["partners:organisations", "partners:working_groups"])
def test_list_pages_take_as_many_queries_however_many_rows(
    name, login, cast, hampshire, district, django_assert_max_num_queries
):
    client = login(cast["admin"])
    _grow(hampshire, district, 2)
    # Session, user, person, the rows and their prefetches: a fixed number, here at most 9.
    with django_assert_max_num_queries(9):
        assert client.get(reverse(name)).status_code == 200
    _grow(hampshire, district, 10, start=2)
    with django_assert_max_num_queries(9):
        assert client.get(reverse(name)).status_code == 200


def test_the_group_form_takes_as_many_queries_however_many_people(
    login, cast, group, hampshire, district, django_assert_max_num_queries
):
    client = login(cast["admin"])
    url = reverse("partners:working_group_edit", args=[group.pk])
    with django_assert_max_num_queries(14) as few:
        client.get(url)
    _grow(hampshire, district, 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
