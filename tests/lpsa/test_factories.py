"""The factories the tests, the demo and the national dataset share (lpsa/factories.py)."""

from decimal import Decimal

import pytest

from lpsa import factories as f
from partners.models import Organisation, Person
from priorities.models import ContentLocked, Stage


@pytest.fixture
def council(db):
    return f.make_county("Kent County Council", short_name="Kent")


def test_each_factory_makes_a_valid_object_from_its_defaults(council):
    district = f.make_org(county=council)
    person = f.make_person(organisation=council)
    group = f.make_working_group(council, lead_organisation=district, members=[district])
    framework = f.make_framework(council, pump_priming_grant=Decimal(500_000))
    priority = f.make_priority(framework)
    area = f.make_target_area(priority)
    indicator = f.make_indicator(area)
    line = f.make_target(indicator, agreement_target=f.make_numbered_target(framework, priority))
    made = [
        district,
        person,
        person.user,
        group,
        framework,
        f.make_involvement(framework, district),
        priority,
        area,
        f.make_activity(priority),
        indicator,
        line,
        f.make_pump_priming(target=line),
        f.make_pump_priming(framework),
        f.make_freedom(line),
        f.make_milestone(framework),
        f.make_comment(indicator, person.user),
    ]
    for item in made:
        item.full_clean()
    assert framework.slug == "kent"
    assert list(group.member_organisations.all()) == [district]
    assert person.user.check_password(f.PASSWORD)


def test_unsaved_objects_are_built_without_a_query(council, django_assert_num_queries):
    framework = f.make_framework(council)
    with django_assert_num_queries(0):
        county = f.make_county("Essex County Council", save=False)
        user = f.make_user("officer-essex", password=None, save=False)
        person = f.make_person(user=user, organisation=county, save=False)
        priority = f.make_priority(framework, position=1, save=False)
        area = f.make_target_area(priority, position=1, save=False)
        f.make_target(f.make_indicator(area, position=1, save=False), position=1, save=False)
    assert county.pk is None and person.pk is None and not user.has_usable_password()


def test_saved_items_come_last_among_their_siblings(council):
    framework = f.make_framework(council)
    first, second = f.make_priority(framework), f.make_priority(framework)
    assert (first.position, second.position) == (1, 2)


def test_it_saves_content_as_the_app_does_refusing_a_locked_framework(council):
    framework = f.make_framework(council, stage=Stage.ONE_AWAITING_APPROVAL)
    with pytest.raises(ContentLocked):
        f.make_priority(framework)


def test_overrides_win_and_people_get_their_role(council):
    person = f.make_person("chief", council, Person.Role.CHIEF_EXECUTIVE, job_title="Chief executive")
    district = f.make_org("Dover District Council", council, short_name="Dover")
    assert (person.role, person.job_title, person.user.first_name) == ("chiefexec", "Chief executive", "Chief")
    assert (district.kind, district.county, district.short_name) == (Organisation.Kind.DISTRICT, council, "Dover")
