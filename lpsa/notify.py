"""E-mails to the people concerned by a new comment or a step in the workflow.

Each kind of notification is a function that takes the id of the row it is about and
returns the messages to send, registered under its name with ``@notification``. The
worker renders and sends them (``lpsa.tasks.send_notification``), away from the request
that caused them: queue one with ``lpsa.tasks.notify_on_commit(kind, pk)``.
"""

from collections.abc import Callable

from django.conf import settings
from django.urls import reverse

from lpsa.models import Comment, NegotiationEntry, StageChange
from lpsa.snapshot import snapshot_item
from partners.models import Person
from priorities.models import Framework, Indicator, Priority, Stage, Target

#: One e-mail as send_mass_mail takes it: subject, body, sender, recipients.
Message = tuple[str, str, str, list[str]]

NOTIFICATIONS: dict[str, Callable[[int], list[Message]]] = {}


def notification(kind: str):
    """Register a function that makes the messages of one kind of notification."""

    def register(build: Callable[[int], list[Message]]) -> Callable[[int], list[Message]]:
        NOTIFICATIONS[kind] = build
        return build

    return register


def _people(framework: Framework, roles: set[str]) -> list[Person]:
    """The people in these roles at the councils that sign the framework; a chief executive only
    at the lead authority, whose chief executive alone approves."""
    councils = [framework.council_id] if roles == {Person.Role.CHIEF_EXECUTIVE} else framework.signatory_ids
    return list(
        Person.objects.filter(role__in=roles, user__is_active=True)
        .filter(organisation_id__in=councils)
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


def _one_each(subject: str, body: str, recipients: list[str]) -> list[Message]:
    # One message per person, so nobody sees who else was told.
    return [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients]


def _priority_of(subject) -> Priority:
    if isinstance(subject, Priority):
        return subject
    if isinstance(subject, Indicator):
        return subject.target_area.priority
    if isinstance(subject, Target):
        return subject.indicator.target_area.priority
    raise TypeError(subject)


@notification("comment_added")
def comment_added(comment_id: int) -> list[Message]:
    """Tell the subject's working-group lead and the council's officers about a comment; in a
    thread with government, also the reviewers taking part, naming the item as it was submitted."""
    comment = Comment.objects.select_related("framework__council", "author", "submission").filter(pk=comment_id).first()
    if comment is None:
        return []  # deleted before the worker came to it: nothing left to tell
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
    if comment.is_with_government and comment.submission_id:
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
    return messages


@notification("stage_changed")
def stage_changed(change_id: int) -> list[Message]:
    """Ask the chief executive to approve, or tell the officers what was decided."""
    change = StageChange.objects.select_related("framework", "by").filter(pk=change_id).first()
    if change is None:
        return []
    framework = change.framework
    where = framework.get_absolute_url()
    if change.to_stage in (Stage.ONE_AWAITING_APPROVAL, Stage.TWO_AWAITING_APPROVAL):
        people = _people(framework, {Person.Role.CHIEF_EXECUTIVE})
        subject = f"Please approve {_isolated(framework.title)}"
        lead = "The officers ask you to approve this framework for submission to government."
        # Straight to the page the chief executive checks and approves it on.
        where = reverse("lpsa:approval_check", args=[framework.slug])
    elif change.action.startswith("withdraw"):
        people = _people(framework, {Person.Role.CHIEF_EXECUTIVE})
        subject = f"No longer asked to approve {_isolated(framework.title)}"
        lead = "The officers withdrew their request for your approval, to change the framework first."
    else:
        people = _people(framework, {Person.Role.OFFICER, Person.Role.ADMINISTRATOR})
        subject = f"{_isolated(framework.title)}: {change.get_to_stage_display()}"
        lead = f"The framework moved from “{change.get_from_stage_display()}” to “{change.get_to_stage_display()}”."
    recipients = _addresses(people, leaving_out=change.by)
    by = change.by.get_full_name() or change.by.username
    body = f"{lead}\n\nBy: {by}\n"
    if change.reason:
        body += f"{change.reason_label}:\n{change.reason}\n"
    body += f"\nSee it at {_link(where)}\n"
    return _one_each(subject, body, recipients)


def _reviewers() -> list[Person]:
    return list(Person.objects.filter(role=Person.Role.REVIEWER, user__is_active=True).select_related("user"))


def _side_people(framework: Framework, side: str) -> list[Person]:
    if side == NegotiationEntry.Side.GOVERNMENT:
        return _reviewers()
    return _people(framework, {Person.Role.OFFICER, Person.Role.ADMINISTRATOR})


def _offer_words(entry: NegotiationEntry, side: str) -> tuple[str, str]:
    """What the side being told calls the target, and the page where it answers. Government
    knows the target only as it was submitted; the council by its page."""
    framework = entry.target.framework
    if side == NegotiationEntry.Side.COUNCIL:
        name = f"{entry.target.indicator.title}: {entry.target}"
        return name, _link(entry.target.get_absolute_url() + "#negotiation")
    from lpsa.permissions import negotiated_submission

    submission = negotiated_submission(framework)
    submitted = snapshot_item(submission.snapshot, "target", entry.target_id) if submission else None
    name = submitted["label"] if submitted else "a target"
    where = reverse("lpsa:review", args=[submission.pk]) if submission else reverse("lpsa:review_list")
    return name, _link(where)


def _entry(entry_id: int) -> NegotiationEntry | None:
    return (
        NegotiationEntry.objects.select_related(
            "target__indicator__target_area__priority__framework__council", "recorded_by", "answered_by"
        )
        .filter(pk=entry_id)
        .first()
    )


@notification("offer_made")
def offer_made(entry_id: int) -> list[Message]:
    """Tell the other side that figures wait for its answer."""
    entry = _entry(entry_id)
    if entry is None:
        return []
    framework = entry.target.framework
    side = entry.other_side
    recipients = _addresses(_side_people(framework, side), leaving_out=entry.recorded_by)
    name, where = _offer_words(entry, side)
    by = entry.recorded_by.get_full_name() or entry.recorded_by.username
    subject = f"{_isolated(framework.council.name)}: {entry.get_kind_display().lower()} waits for your answer"
    body = (
        f"{_isolated(by)} put figures for “{_isolated(name)}” to you in negotiation: "
        f"{entry.without_lpsa.normalize():f} without LPSA2, {entry.with_lpsa.normalize():f} with it.\n\n"
        f"Accept them or make a counter-offer at {where}\n"
    )
    return _one_each(subject, body, recipients)


@notification("offer_accepted")
def offer_accepted(entry_id: int) -> list[Message]:
    """Tell the side that made an offer that the other side accepted it."""
    entry = _entry(entry_id)
    if entry is None or entry.answered_by is None:
        return []
    framework = entry.target.framework
    recipients = _addresses(_side_people(framework, entry.kind), leaving_out=entry.answered_by)
    name, where = _offer_words(entry, entry.kind)
    by = entry.answered_by.get_full_name() or entry.answered_by.username
    subject = f"{_isolated(framework.council.name)}: your offer was accepted"
    body = (
        f"{_isolated(by)} accepted the {entry.get_kind_display().lower()} for “{_isolated(name)}”: "
        f"{entry.without_lpsa.normalize():f} without LPSA2, {entry.with_lpsa.normalize():f} with it. "
        "These are now the agreed figures.\n\n"
        f"See it at {where}\n"
    )
    return _one_each(subject, body, recipients)
