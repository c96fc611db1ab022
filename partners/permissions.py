"""Who may see which partners and working groups. Every partners view asks here."""

from django.db.models import Q, QuerySet
from django.http import Http404

from partners.models import Organisation, Person, WorkingGroup


def person_of(user) -> Person | None:
    """The Person record of a signed-in user with their organisation, or None.

    Fetched once per request and kept on the user object, since every check asks.
    """
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_lpsa_person"):
        user._lpsa_person = Person.objects.select_related("organisation").filter(user=user).first()
    return user._lpsa_person


def council_area_id(user) -> int | None:
    """The upper-tier council whose work this user may see, or None (reviewers, orphans)."""
    person = person_of(user)
    if person is None or person.role == Person.Role.REVIEWER:
        return None
    return person.organisation.council_area_id


def administered_council(user) -> Organisation | None:
    """The upper-tier council this user administers, or None.

    A council administrator (DESIGN.md §3: "manage frameworks, partners, groups, accounts")
    is a person with the administrator role who works for the council itself, not for an
    organisation in its area, and is not a Django superuser.
    """
    person = person_of(user)
    if person is None or person.role != Person.Role.ADMINISTRATOR or not person.organisation.is_upper_tier:
        return None
    return person.organisation


def councils_worked_with(area: int) -> QuerySet:
    """The ids of this council and of every council that signs an agreement with it.

    A wider-area agreement's signatories lead its priorities with each other's working groups
    and take part with each other's partners. (The relations are the frameworks' own, from
    priorities; they are named here, not imported, to keep the apps' one-way dependency.)
    """
    return Organisation.objects.filter(
        Q(pk=area)
        | Q(frameworks__co_signatories=area)
        | Q(co_signed_frameworks__council=area)
        | Q(co_signed_frameworks__co_signatories=area)
    ).values("pk")


def working_groups_for(user) -> QuerySet[WorkingGroup]:
    area = council_area_id(user)
    if area is None:
        return WorkingGroup.objects.none()
    return WorkingGroup.objects.filter(council_id__in=councils_worked_with(area))


def organisations_for(user) -> QuerySet[Organisation]:
    area = council_area_id(user)
    if area is None:
        return Organisation.objects.none()
    councils = councils_worked_with(area)
    return Organisation.objects.filter(Q(pk__in=councils) | Q(county_id__in=councils))


def get_working_group_for_user(user, pk: int) -> WorkingGroup:
    """A working group of the user's council or a council it signs with; any other is a 404, never a 403."""
    group = (
        working_groups_for(user)
        .select_related("lead_organisation", "lead_person__user", "council")
        .prefetch_related("member_people__user", "member_people__organisation", "member_organisations")
        .filter(pk=pk)
        .first()
    )
    if group is None:
        raise Http404("No such working group.")
    return group
