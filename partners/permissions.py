"""Who may see which partners and working groups. Every partners view asks here."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from partners.models import Invitation, Organisation, Person, WorkingGroup


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
    if person is None or person.role != Person.Role.ADMINISTRATOR or not user.is_active:
        return None
    if not person.organisation.is_upper_tier:
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


def administered_council_id(user) -> int | None:
    """The id of the council this user administers (administered_council), or None."""
    council = administered_council(user)
    return council.pk if council is not None else None


def is_council_administrator(user) -> bool:
    return administered_council_id(user) is not None


def get_administered_council(user) -> Organisation:
    """The council whose accounts this user manages; anyone but its administrators gets a 403."""
    council = administered_council(user)
    if council is None:
        raise PermissionDenied("Only your council's administrators manage its accounts.")
    return council


def get_colleague_for_admin(user, pk: int) -> Person:
    """A person of the user's own council, for its administrators to manage.

    Someone of another council (or a government reviewer) is a 404 for everyone; one of the
    user's own council is a 403 unless the user administers it.
    """
    area = council_area_id(user)
    person = None
    if area is not None:
        person = (
            Person.objects.select_related("user", "organisation")
            .filter(Q(organisation_id=area) | Q(organisation__county_id=area), pk=pk)
            .first()
        )
    if person is None:
        raise Http404("No such person.")
    if administered_council_id(user) != area:
        raise PermissionDenied("Only your council's administrators manage its accounts.")
    return person


def get_invitation_for_admin(user, pk: int) -> Invitation:
    """An invitation to someone of the user's own council, as get_colleague_for_admin decides."""
    invitation = Invitation.objects.select_related("person").filter(pk=pk).first()
    if invitation is None:
        raise Http404("No such invitation.")
    person = get_colleague_for_admin(user, invitation.person_id)
    invitation.person = person
    return invitation


def require_site_administrator(user) -> None:
    """The site administrator's pages do not exist for anyone else: a 404, never a 403."""
    if not (user.is_authenticated and user.is_active and user.is_superuser):
        raise Http404("No such page.")


def area_organisations(council: Organisation) -> QuerySet[Organisation]:
    """The council itself and the organisations of its area."""
    return Organisation.objects.filter(Q(pk=council.pk) | Q(county_id=council.pk))


def area_people(council: Organisation) -> QuerySet[Person]:
    """The people of the council and of its area's organisations (government's reviewers work for none)."""
    return Person.objects.filter(Q(organisation_id=council.pk) | Q(organisation__county_id=council.pk)).exclude(
        role=Person.Role.REVIEWER
    )


def can_manage_partners(user) -> bool:
    """Partner organisations and working groups are managed by the council's administrators."""
    return administered_council(user) is not None


def require_council_administrator(user) -> Organisation:
    """The council the user administers; anyone else is refused (403)."""
    council = administered_council(user)
    if council is None:
        raise PermissionDenied("Only a council administrator can do this.")
    return council


def get_organisation_for_admin(user, pk: int) -> Organisation:
    """An organisation of the administrator's area to change.

    One the user cannot see is a 404; one they see but do not administer (a council, or an
    organisation of a co-signing council's area) is a 403.
    """
    organisation = organisations_for(user).filter(pk=pk).first()
    if organisation is None:
        raise Http404("No such organisation.")
    council = require_council_administrator(user)
    if organisation.county_id != council.pk:
        raise PermissionDenied("Only the administrators of its own council area can change this organisation.")
    return organisation


def get_working_group_for_admin(user, pk: int) -> WorkingGroup:
    """A working group of the administrator's own council; 404 when not visible, 403 when not theirs."""
    group = get_working_group_for_user(user, pk)
    council = require_council_administrator(user)
    if group.council_id != council.pk:
        raise PermissionDenied("Only the administrators of the group's own council can change it.")
    return group
