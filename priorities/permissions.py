"""Who may see and change which framework content. Every priorities view asks here.

The rules (DESIGN.md §3). A council's frameworks are those it signs: as the lead authority
(``Framework.council``) or as a co-signatory of a wider-area agreement. The people of a council
are those of the council itself and of the organisations in its area.
- officers and administrators of a council read and edit everything in their council's frameworks;
- working-group leads read their council's frameworks and edit the indicators and targets of
  priorities led by a group they lead or belong to;
- chief executives read their council's frameworks (only the lead's approves: lpsa.workflow);
- government reviewers see no live framework at all: they read the versions submitted to
  government, in lpsa's review pages;
- anyone else, including every user of another council, gets a 404 for everything;
- while a framework awaits the chief executive's approval, nobody edits its content;
- a closed framework is read-only for everyone: no edits, no moves, no comments (lpsa's
  permissions and workflow ask ``is_closed`` too);
- only the lead council's administrators create, close and reopen frameworks.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from partners.models import Person
from partners.permissions import administered_council, council_area_id, person_of
from priorities.models import AgreementSigned, ContentLocked, Framework, FrameworkClosed, Priority

EDITOR_ROLES = {Person.Role.OFFICER, Person.Role.ADMINISTRATOR}


def signed_by(area: int | None, framework_path: str = "") -> Q:
    """The condition a framework (at ``framework_path``) meets when this council signs it.

    The co-signatories are asked in a subquery, not a join, so that a framework with several
    co-signatories still comes back once, and the lead's own frameworks match on its column.
    """
    prefix = f"{framework_path}__" if framework_path else ""
    co_signed = Framework.co_signatories.through.objects.filter(organisation_id=area).values("framework_id")
    return Q(**{f"{prefix}council_id": area}) | Q(**{f"{prefix}pk__in": co_signed})


def frameworks_for(user) -> QuerySet[Framework]:
    """The frameworks a user may read: those their council signs."""
    person = person_of(user)
    if person is None:
        return Framework.objects.none()
    if person.role == Person.Role.REVIEWER:
        return Framework.objects.none()
    area = council_area_id(user)
    if area is None:
        return Framework.objects.none()
    return Framework.objects.filter(signed_by(area))


def get_framework_for_user(user, slug: str) -> Framework:
    """A framework the user may read, or a 404 (never a 403: its existence is not revealed)."""
    framework = frameworks_for(user).select_related("council").filter(slug=slug).first()
    if framework is None:
        raise Http404("No such framework.")
    return framework


def visible_filter(user, framework_path: str) -> Q:
    """The condition an item meets when it belongs to a framework the user may read.

    For council staff it compares the framework's lead council directly, which the database
    plans far faster than a subquery of frameworks, or asks the small table of co-signatories.
    """
    person = person_of(user)
    area = council_area_id(user)
    if person is None or person.role == Person.Role.REVIEWER or area is None:
        return Q(pk__in=[])
    return signed_by(area, framework_path)


def get_visible(user, queryset: QuerySet, pk: int, *, framework_path: str):
    """Fetch one item of a framework the user may read, or raise a 404."""
    item = queryset.filter(visible_filter(user, framework_path), pk=pk).first()
    if item is None:
        raise Http404("No such item.")
    return item


def is_signatory_person(person: Person | None, framework: Framework) -> bool:
    """Someone of a council that signs the framework, as its lead or a co-signatory."""
    return person is not None and framework.is_signed_by(person.organisation.council_area_id)


def is_council_editor(user, framework: Framework) -> bool:
    """An officer or administrator of a council that signs the framework, whatever its stage."""
    person = person_of(user)
    return person is not None and person.role in EDITOR_ROLES and is_signatory_person(person, framework)


def is_lead_editor(user, framework: Framework) -> bool:
    """An officer or administrator of the lead authority, who names the co-signatories."""
    person = person_of(user)
    return (
        person is not None
        and person.role in EDITOR_ROLES
        and person.organisation.council_area_id == framework.council_id
    )


def can_create_framework(user) -> bool:
    """A council administrator starts a framework for their own council."""
    return administered_council(user) is not None


def can_manage_framework(user, framework: Framework) -> bool:
    """Closing and reopening: an administrator of the lead authority, the accountable body."""
    council = administered_council(user)
    return council is not None and council.pk == framework.council_id


def is_writable(framework: Framework) -> bool:
    """Whether the framework's content may change now: not while it awaits approval, once it is
    signed (delivery is recorded in the delivery app), nor once closed."""
    return not framework.is_awaiting_approval and not framework.is_closed and not framework.is_signed


def can_edit_structure(user, framework: Framework) -> bool:
    """Priorities, target areas, activities, partners and the framework's own details.

    Nobody edits while the chief executive is asked to approve (the content is locked), nor
    once the framework is closed.
    """
    return is_council_editor(user, framework) and is_writable(framework)


def editable_priority_ids(user, framework: Framework) -> set[int] | None:
    """Priorities whose indicators and targets the user may edit; None means all of them."""
    if can_edit_structure(user, framework):
        return None
    if not is_writable(framework):
        return set()
    person = person_of(user)
    if person is None or person.role != Person.Role.WORKING_GROUP_LEAD:
        return set()
    if not is_signatory_person(person, framework):
        return set()
    led = Q(leading_group__lead_person=person) | Q(leading_group__member_people=person)
    return set(Priority.objects.filter(led, framework=framework).values_list("pk", flat=True))


def can_edit_measures(user, priority: Priority) -> bool:
    """Indicators and targets: officers anywhere in their council's frameworks, leads for their own group's priority."""
    allowed = editable_priority_ids(user, priority.framework)
    return allowed is None or priority.pk in allowed


def can_edit_structure_of(user, item) -> bool:
    """The rule for a priority, target area, activity or partner: its framework's structure."""
    return can_edit_structure(user, item.framework)


def can_edit_measures_of(user, item) -> bool:
    """The rule for an indicator, a target, or what is attached to a target: its priority's measures."""
    return can_edit_measures(user, item.priority)


def can_edit_pump_priming_of(user, line) -> bool:
    """A line for a target is the target's measures; a line for the agreement as a whole
    (co-ordination, the voluntary sector) is the framework's, which officers edit."""
    if line.target_id:
        return can_edit_measures(user, line.target.priority)
    return can_edit_structure(user, line.framework)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("Your role does not allow you to change this.")


def require_edit(user, framework: Framework, allowed: bool) -> None:
    """Refuse an edit, saying so plainly when the reason is the lock for approval or the
    framework being closed, not the role."""
    if allowed:
        return
    person = person_of(user)
    own = is_signatory_person(person, framework)
    if framework.is_closed and own:
        raise FrameworkClosed()
    if framework.is_awaiting_approval and own and person.role in {*EDITOR_ROLES, Person.Role.WORKING_GROUP_LEAD}:
        raise ContentLocked()
    if framework.is_signed and own and person.role in {*EDITOR_ROLES, Person.Role.WORKING_GROUP_LEAD}:
        raise AgreementSigned()
    require(False)
