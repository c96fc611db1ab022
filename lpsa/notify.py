"""E-mails to the people concerned by a new comment or a step in the workflow."""

from django.conf import settings
from django.core.mail import send_mass_mail

from lpsa.models import Comment, StageChange
from partners.models import Person
from priorities.models import Framework, Indicator, Priority, Stage, Target


def _people(framework: Framework, roles: set[str]) -> list[Person]:
    return list(
        Person.objects.filter(role__in=roles, user__is_active=True)
        .filter(organisation_id=framework.council_id)
        .select_related("user")
    )


def _addresses(people, *, leaving_out=None) -> list[str]:
    seen = []
    for person in people:
        email = person.user.email
        if email and person.user != leaving_out and email not in seen:
            seen.append(email)
    return seen


def _link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _priority_of(subject) -> Priority:
    if isinstance(subject, Priority):
        return subject
    if isinstance(subject, Indicator):
        return subject.target_area.priority
    if isinstance(subject, Target):
        return subject.indicator.target_area.priority
    raise TypeError(subject)


def comment_added(comment: Comment) -> None:
    """Tell the subject's working-group lead and the council's officers about a comment."""
    framework = comment.framework
    people = _people(framework, {Person.Role.OFFICER})
    group = _priority_of(comment.subject).leading_group
    if group and group.lead_person:
        people.append(group.lead_person)
    recipients = _addresses(people, leaving_out=comment.author)
    if not recipients:
        return
    author = comment.author.get_full_name() or comment.author.username
    kind = "replied to a comment" if comment.parent_id else "commented"
    subject = f"{author} {kind} on “{comment.subject}”"
    body = (
        f"{author} {kind} on “{comment.subject}” in {framework.title}:\n\n"
        f"{comment.text}\n\n"
        f"Read and answer it at {_link(comment.subject.get_absolute_url())}\n"
    )
    send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients])


def stage_changed(change: StageChange) -> None:
    """Ask the chief executive to approve, or tell the officers what was decided."""
    framework = change.framework
    if change.to_stage in (Stage.ONE_AWAITING_APPROVAL, Stage.TWO_AWAITING_APPROVAL):
        people = _people(framework, {Person.Role.CHIEF_EXECUTIVE})
        subject = f"Please approve {framework.title}"
        lead = "The officers ask you to approve this framework for submission to government."
    else:
        people = _people(framework, {Person.Role.OFFICER, Person.Role.ADMINISTRATOR})
        subject = f"{framework.title}: {change.get_to_stage_display()}"
        lead = f"The framework moved from “{change.get_from_stage_display()}” to “{change.get_to_stage_display()}”."
    recipients = _addresses(people, leaving_out=change.by)
    if not recipients:
        return
    by = change.by.get_full_name() or change.by.username
    body = f"{lead}\n\nBy: {by}\n"
    if change.reason:
        body += f"Reasons:\n{change.reason}\n"
    body += f"\nSee it at {_link(framework.get_absolute_url())}\n"
    send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients])
