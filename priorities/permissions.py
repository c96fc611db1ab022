"""Who may see and change which framework content. Every priorities view asks here.

The rules (DESIGN.md §3):
- officers and administrators of a county read and edit everything in their county's frameworks;
- working-group leads read their county's frameworks and edit the indicators and targets of
  priorities led by a group they lead or belong to;
- chief executives read their county's frameworks;
- government reviewers see no live framework at all: they read the versions submitted to
  government, in lpsa's review pages;
- anyone else, including every user of another council, gets a 404 for everything;
- while a framework awaits the chief executive's approval, nobody edits its content.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from partners.models import Person
from partners.permissions import council_area_id, person_of
from priorities.models import ContentLocked, Framework, Priority

EDITOR_ROLES = {Person.Role.OFFICER, Person.Role.ADMINISTRATOR}


def frameworks_for(user) -> QuerySet[Framework]:
    """The frameworks a user may read."""
    person = person_of(user)
    if person is None:
        return Framework.objects.none()
    if person.role == Person.Role.REVIEWER:
        return Framework.objects.none()
    return Framework.objects.filter(council_id=council_area_id(user))


def get_framework_for_user(user, slug: str) -> Framework:
    """A framework the user may read, or a 404 (never a 403: its existence is not revealed)."""
    framework = frameworks_for(user).select_related("council").filter(slug=slug).first()
    if framework is None:
        raise Http404("No such framework.")
    return framework


def visible_filter(user, framework_path: str) -> Q:
    """The condition an item meets when it belongs to a framework the user may read.

    For council staff it compares the framework's council directly, which the database
    plans far faster than a subquery of frameworks.
    """
    prefix = f"{framework_path}__" if framework_path else ""
    person = person_of(user)
    if person is None or person.role == Person.Role.REVIEWER:
        return Q(pk__in=[])
    return Q(**{f"{prefix}council_id": council_area_id(user)})


def get_visible(user, queryset: QuerySet, pk: int, *, framework_path: str):
    """Fetch one item of a framework the user may read, or raise a 404."""
    item = queryset.filter(visible_filter(user, framework_path), pk=pk).first()
    if item is None:
        raise Http404("No such item.")
    return item


def is_council_editor(user, framework: Framework) -> bool:
    """An officer or administrator of the framework's own council, whatever its stage."""
    person = person_of(user)
    return (
        person is not None
        and person.role in EDITOR_ROLES
        and person.organisation.council_area_id == framework.council_id
    )


def can_edit_structure(user, framework: Framework) -> bool:
    """Priorities, target areas, activities, partners and the framework's own details.

    Nobody edits while the chief executive is asked to approve: the content is locked.
    """
    return is_council_editor(user, framework) and not framework.is_awaiting_approval


def editable_priority_ids(user, framework: Framework) -> set[int] | None:
    """Priorities whose indicators and targets the user may edit; None means all of them."""
    if can_edit_structure(user, framework):
        return None
    if framework.is_awaiting_approval:
        return set()
    person = person_of(user)
    if person is None or person.role != Person.Role.WORKING_GROUP_LEAD:
        return set()
    if person.organisation.council_area_id != framework.council_id:
        return set()
    led = Q(leading_group__lead_person=person) | Q(leading_group__member_people=person)
    return set(Priority.objects.filter(led, framework=framework).values_list("pk", flat=True))


def can_edit_measures(user, priority: Priority) -> bool:
    """Indicators and targets: officers anywhere in their county, leads for their own group's priority."""
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
    """Refuse an edit, saying so plainly when the reason is the lock for approval, not the role."""
    if allowed:
        return
    person = person_of(user)
    own = person is not None and person.organisation.council_area_id == framework.council_id
    if framework.is_awaiting_approval and own and person.role in {*EDITOR_ROLES, Person.Role.WORKING_GROUP_LEAD}:
        raise ContentLocked()
    require(False)
