"""E-mails to the people concerned by a new comment or a step in the workflow."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse

from lpsa.models import Comment, NegotiationEntry, StageChange
from lpsa.snapshot import snapshot_item
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


def _isolated(text) -> str:
    """Text between Unicode's isolate marks, so a right-to-left title cannot turn the sentence round."""
    return f"\u2068{text}\u2069"


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
    """Tell the subject's working-group lead and the council's officers about a comment; in a
    thread with government, also the reviewers taking part, naming the item as it was submitted."""
    framework = comment.framework
    people = _people(framework, {Person.Role.OFFICER})
    group = _priority_of(comment.subject).leading_group
    if group and group.lead_person:
        people.append(group.lead_person)
    author = comment.author.get_full_name() or comment.author.username
    kind = "replied to a comment" if comment.parent_id else "commented"
    messages = []
    for address in _addresses(people, leaving_out=comment.author):
        subject = f"{_isolated(author)} {kind} on “{_isolated(comment.subject)}”"
        body = (
            f"{_isolated(author)} {kind} on “{_isolated(comment.subject)}” in {_isolated(framework.title)}:\n\n"
            f"{comment.text}\n\n"
            f"Read and answer it at {_link(comment.subject.get_absolute_url())}\n"
        )
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [address]))
    if comment.is_with_government:
        thread = comment.parent or comment
        taking_part = Person.objects.filter(
            role=Person.Role.REVIEWER,
            user__is_active=True,
            user__in=[thread.author_id, *thread.replies.values_list("author_id", flat=True)],
        ).select_related("user")
        submitted = snapshot_item(comment.submission.snapshot, comment.subject_kind, comment.subject_id) or {}
        name = submitted.get("label", "an item")
        for address in _addresses(taking_part, leaving_out=comment.author):
            subject = f"{_isolated(author)} {kind} on “{_isolated(name)}”"
            body = (
                f"{_isolated(author)} {kind} on “{_isolated(name)}” in {_isolated(framework.council.name)}'s "
                f"{comment.submission}:\n\n"
                f"{comment.text}\n\n"
                f"Read and answer it at {_link(reverse('lpsa:review', args=[comment.submission_id]))}\n"
            )
            messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [address]))
    if messages:
        send_mass_mail(messages)


def stage_changed(change: StageChange) -> None:
    """Ask the chief executive to approve, or tell the officers what was decided."""
    framework = change.framework
    if change.to_stage in (Stage.ONE_AWAITING_APPROVAL, Stage.TWO_AWAITING_APPROVAL):
        people = _people(framework, {Person.Role.CHIEF_EXECUTIVE})
        subject = f"Please approve {_isolated(framework.title)}"
        lead = "The officers ask you to approve this framework for submission to government."
    else:
        people = _people(framework, {Person.Role.OFFICER, Person.Role.ADMINISTRATOR})
        subject = f"{_isolated(framework.title)}: {change.get_to_stage_display()}"
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


def _reviewers() -> list[Person]:
    return list(Person.objects.filter(role=Person.Role.REVIEWER, user__is_active=True).select_related("user"))


def _side_people(framework: Framework, side: str) -> list[Person]:
    if side == NegotiationEntry.Side.GOVERNMENT:
        return _reviewers()
    return _people(framework, {Person.Role.OFFICER, Person.Role.ADMINISTRATOR})


def _offer_link(entry: NegotiationEntry, side: str) -> str:
    """The page where this side answers: the council's target page, or government's review page."""
    if side == NegotiationEntry.Side.COUNCIL:
        return _link(entry.target.get_absolute_url() + "#negotiation")
    return _link(reverse("lpsa:review_list"))


def offer_made(entry: NegotiationEntry) -> None:
    """Tell the other side that figures wait for their answer."""
    framework = entry.target.framework
    side = entry.other_side
    recipients = _addresses(_side_people(framework, side), leaving_out=entry.recorded_by)
    if not recipients:
        return
    by = entry.recorded_by.get_full_name() or entry.recorded_by.username
    subject = f"{framework.council.name}: {entry.get_kind_display().lower()} waits for your answer"
    body = (
        f"{by} put figures for a target of {framework.title} to you in negotiation: "
        f"{entry.without_lpsa.normalize():f} without LPSA2, {entry.with_lpsa.normalize():f} with it.\n\n"
        f"Accept them or make a counter-offer at {_offer_link(entry, side)}\n"
    )
    send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients])


def offer_accepted(entry: NegotiationEntry) -> None:
    """Tell the side that made an offer that the other side accepted it."""
    framework = entry.target.framework
    recipients = _addresses(_side_people(framework, entry.kind), leaving_out=entry.answered_by)
    if not recipients:
        return
    by = entry.answered_by.get_full_name() or entry.answered_by.username
    subject = f"{framework.council.name}: your offer was accepted"
    body = (
        f"{by} accepted the {entry.get_kind_display().lower()} for a target of {framework.title}: "
        f"{entry.without_lpsa.normalize():f} without LPSA2, {entry.with_lpsa.normalize():f} with it. "
        "These are now the agreed figures.\n\n"
        f"See it at {_offer_link(entry, entry.kind)}\n"
    )
    send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients])
