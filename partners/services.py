"""Accounts: inviting people, their roles, switching accounts off and on, setting up councils.

Every page and the ``create_council`` command go through these, so the rules hold for all:
a council always keeps an active administrator, nobody switches off or demotes themselves,
and only the site administrator makes government reviewers.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from partners.models import Invitation, Organisation, Person
from partners.tasks import email_on_commit

#: The roles a council's administrator may give: all but government reviewer.
COUNCIL_ROLES = [(value, label) for value, label in Person.Role.choices if value != Person.Role.REVIEWER]


def council_people(council_id: int) -> QuerySet[Person]:
    """Everyone whose organisation is this upper-tier council or works in its area."""
    return Person.objects.filter(Q(organisation_id=council_id) | Q(organisation__county_id=council_id))


def _split_name(name: str) -> tuple[str, str]:
    name = " ".join(name.split())
    first, _, last = name.rpartition(" ")
    return (first, last) if first else (last, "")


def email_is_taken(email: str) -> bool:
    users = get_user_model().objects
    return users.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists()


@transaction.atomic
def person_invite(
    *,
    by,
    name: str,
    email: str,
    organisation: Organisation,
    role: str,
    job_title: str = "",
    send_email: bool = True,
) -> Invitation:
    """Make a switched-off account for ``email`` (its username), its Person and an Invitation,
    and queue the invitation's e-mail for when this commits."""
    email = email.strip()
    if email_is_taken(email):
        raise ValidationError({"email": "There is already an account for this e-mail address."})
    first, last = _split_name(name)
    user = get_user_model()(username=email.lower(), email=email, first_name=first, last_name=last, is_active=False)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    person = Person(user=user, organisation=organisation, role=role, job_title=job_title)
    person.full_clean()
    person.save()
    invitation = Invitation.objects.create(person=person, invited_by=by)
    if send_email:
        email_on_commit("invitation", invitation.pk)
    return invitation


@transaction.atomic
def invitation_send_again(*, invitation: Invitation) -> None:
    invitation.send_again()
    email_on_commit("invitation", invitation.pk)


def invitation_cancel(*, invitation: Invitation) -> None:
    invitation.cancel()


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str):
    """Set the new account's password and switch it on; the link cannot be used again."""
    locked = Invitation.objects.select_for_update().select_related("person__user").get(pk=invitation.pk)
    locked.mark_accepted()
    user = locked.person.user
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    return user


def _other_active_administrators(person: Person) -> QuerySet[Person]:
    area = person.organisation.council_area_id
    return (
        council_people(area)
        .filter(role=Person.Role.ADMINISTRATOR, user__is_active=True)
        .exclude(pk=person.pk)
        .select_for_update()
    )


def _keeps_an_administrator(person: Person, field: str) -> None:
    if person.role != Person.Role.ADMINISTRATOR or not person.user.is_active:
        return
    if not _other_active_administrators(person).exists():
        raise ValidationError(
            {
                field: f"{person.display_name} is the council's only active administrator. "
                "Make someone else an administrator first."
            }
        )


@transaction.atomic
def person_change_role(*, person: Person, role: str, by) -> None:
    if person.user_id == by.pk:
        raise ValidationError({"role": "You cannot change your own role. Ask another administrator."})
    if role == Person.Role.REVIEWER:
        raise ValidationError({"role": "Only the site administrator makes government reviewers."})
    if role == person.role:
        return
    if role != Person.Role.ADMINISTRATOR:
        _keeps_an_administrator(person, "role")
    person.role = role
    person.full_clean()
    person.save(update_fields=["role"])


@transaction.atomic
def person_set_active(*, person: Person, active: bool, by) -> None:
    """Switch an account off (it can no longer sign in) or back on."""
    user = person.user
    if user.pk == by.pk:
        raise ValidationError("You cannot switch off your own account. Ask another administrator.")
    if user.is_active == active:
        return
    if not active:
        _keeps_an_administrator(person, "__all__")
    elif not user.has_usable_password():
        raise ValidationError("This person has not accepted their invitation yet: send it again instead.")
    user.is_active = active
    user.save(update_fields=["is_active"])


@transaction.atomic
def council_create(*, name: str, kind: str, admin_name: str, admin_email: str, by, short_name: str = "") -> Invitation:
    """An upper-tier council, and the invitation of its first administrator."""
    if kind not in Organisation.UPPER_TIER:
        raise ValidationError({"kind": "Choose a county, unitary, metropolitan or London borough council."})
    if Organisation.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": "There is already an organisation with this name."})
    council = Organisation(name=name.strip(), kind=kind, short_name=short_name)
    council.full_clean()
    council.save()
    return person_invite(
        by=by, name=admin_name, email=admin_email, organisation=council, role=Person.Role.ADMINISTRATOR
    )


def reviewer_invite(*, by, name: str, email: str, organisation: Organisation, job_title: str = "") -> Invitation:
    if organisation.kind != Organisation.Kind.GOVERNMENT:
        raise ValidationError({"organisation": "Government reviewers work for a government department."})
    return person_invite(
        by=by, name=name, email=email, organisation=organisation, role=Person.Role.REVIEWER, job_title=job_title
    )
