"""What the people concerned are told of a new comment, a step in the workflow, an offer or a
coming deadline: one notice each, kept in their inbox and e-mailed to those with an address.

Each kind of notification is a function that takes the id of the row it is about and
returns the notices, one per person told, registered under its name with ``@notification``.
The worker writes them to the inbox and sends the e-mails (``lpsa.tasks.send_notification``),
away from the request that caused them: queue one with ``lpsa.tasks.notify_on_commit(kind, pk)``.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from lpsa.models import Comment, DeadlineReminder, Milestone, NegotiationEntry, StageChange
from lpsa.snapshot import snapshot_item
from partners.models import Person
from priorities.models import Framework, Indicator, Priority, Stage, Target

#: One e-mail as send_mass_mail takes it: subject, body, sender, recipients.
Message = tuple[str, str, str, list[str]]


@dataclass(frozen=True)
class Notice:
    """What one person is told: in their inbox, and by e-mail if they have an address."""

    user: object
    subject: str
    body: str
    # A path on this site: where to act on it. The e-mail's body gives it in full.
    link: str
    summary: str = ""
    framework_id: int | None = None


NOTIFICATIONS: dict[str, Callable[[int], list[Notice]]] = {}

#: What the inbox calls each kind of notification.
KIND_NAMES = {
    "comment_added": "Comment",
    "stage_changed": "Stage and approval",
    "offer_made": "Offer",
    "offer_accepted": "Agreement",
    "milestone_due": "Reminder",
    "deadline_due": "Reminder",
}


def notification(kind: str):
    """Register a function that makes the notices of one kind of notification."""

    def register(build: Callable[[int], list[Notice]]) -> Callable[[int], list[Notice]]:
        NOTIFICATIONS[kind] = build
        return build

    return register


def messages(notices: list[Notice]) -> list[Message]:
    """The e-mails of these notices: one per address, so nobody sees who else was told;
    people without an address have only their inbox."""
    seen: set[str] = set()
    sent = []
    for notice in notices:
        address = notice.user.email
        if address and address not in seen:
            seen.add(address)
            sent.append((notice.subject, notice.body, settings.DEFAULT_FROM_EMAIL, [address]))
    return sent


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _people(framework: Framework, roles: set[str]) -> list[Person]:
    """The people in these roles at the councils that sign the framework; a chief executive only
    at the lead authority, whose chief executive alone approves."""
    councils = [framework.council_id] if roles == {Person.Role.CHIEF_EXECUTIVE} else framework.signatory_ids
    return list(
        Person.objects.filter(role__in=roles, user__is_active=True)
        .filter(organisation_id__in=councils)
        .select_related("user")
    )


def _users(people, *, leaving_out=None) -> list:
    """Each person's user once, in order, leaving out the one who caused the notification."""
    seen = []
    for person in people:
        if person.user != leaving_out and person.user not in seen:
            seen.append(person.user)
    return seen


def _isolated(text) -> str:
    """Text between Unicode's isolate marks, so a right-to-left title cannot turn the sentence round."""
    return f"\u2068{text}\u2069"


def _link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _each(users: list, subject: str, body: str, path: str, summary: str, framework: Framework) -> list[Notice]:
    return [Notice(user, subject, body, path, _short(summary), framework.pk) for user in users]


def _priority_of(subject) -> Priority:
    if isinstance(subject, Priority):
        return subject
    if isinstance(subject, Indicator):
        return subject.target_area.priority
    if isinstance(subject, Target):
        return subject.indicator.target_area.priority
    raise TypeError(subject)


@notification("comment_added")
def comment_added(comment_id: int) -> list[Notice]:
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
    path = comment.subject.get_absolute_url()
    subject = f"{_isolated(author)} {kind} on “{_isolated(comment.subject)}”"
    body = (
        f"{_isolated(author)} {kind} on “{_isolated(comment.subject)}” in {_isolated(framework.title)}:\n\n"
        f"{comment.text}\n\n"
        f"Read and answer it at {_link(path)}\n"
    )
    notices = _each(_users(people, leaving_out=comment.author), subject, body, path, comment.text, framework)
    if comment.is_with_government and comment.submission_id:
        thread = comment.parent or comment
        taking_part = Person.objects.filter(
            role=Person.Role.REVIEWER,
            user__is_active=True,
            user__in=[thread.author_id, *thread.replies.values_list("author_id", flat=True)],
        ).select_related("user")
        submitted = snapshot_item(comment.submission.snapshot, comment.subject_kind, comment.subject_id) or {}
        name = submitted.get("label", "an item")
        path = reverse("lpsa:review", args=[comment.submission_id])
        subject = f"{_isolated(author)} {kind} on “{_isolated(name)}”"
        body = (
            f"{_isolated(author)} {kind} on “{_isolated(name)}” in {_isolated(framework.council.name)}'s "
            f"{comment.submission}:\n\n"
            f"{comment.text}\n\n"
            f"Read and answer it at {_link(path)}\n"
        )
        told = {notice.user for notice in notices}
        reviewers = [user for user in _users(taking_part, leaving_out=comment.author) if user not in told]
        notices += _each(reviewers, subject, body, path, comment.text, framework)
    return notices


@notification("stage_changed")
def stage_changed(change_id: int) -> list[Notice]:
    """Ask the chief executive to approve, or tell the officers what was decided."""
    change = StageChange.objects.select_related("framework", "by").filter(pk=change_id).first()
    if change is None:
        return []
    framework = change.framework
    if change.to_stage in (Stage.ONE_AWAITING_APPROVAL, Stage.TWO_AWAITING_APPROVAL):
        people = _people(framework, {Person.Role.CHIEF_EXECUTIVE})
        subject = f"Please approve {_isolated(framework.title)}"
        lead = "The officers ask you to approve this framework for submission to government."
        # Straight to the page the chief executive checks and approves it on.
        path = reverse("lpsa:approval_check", args=[framework.slug])
    elif change.action.startswith("withdraw"):
        people = _people(framework, {Person.Role.CHIEF_EXECUTIVE})
        subject = f"No longer asked to approve {_isolated(framework.title)}"
        lead = "The officers withdrew their request for your approval, to change the framework first."
        path = framework.get_absolute_url()
    else:
        people = _people(framework, {Person.Role.OFFICER, Person.Role.ADMINISTRATOR})
        subject = f"{_isolated(framework.title)}: {change.get_to_stage_display()}"
        lead = f"The framework moved from “{change.get_from_stage_display()}” to “{change.get_to_stage_display()}”."
        path = framework.get_absolute_url()
    by = change.by.get_full_name() or change.by.username
    body = f"{lead}\n\nBy: {by}\n"
    summary = lead
    if change.reason:
        body += f"{change.reason_label}:\n{change.reason}\n"
        summary += f" {change.reason_label}: {change.reason}"
    body += f"\nSee it at {_link(path)}\n"
    return _each(_users(people, leaving_out=change.by), subject, body, path, summary, framework)


def _reviewers() -> list[Person]:
    return list(Person.objects.filter(role=Person.Role.REVIEWER, user__is_active=True).select_related("user"))


def _side_people(framework: Framework, side: str) -> list[Person]:
    if side == NegotiationEntry.Side.GOVERNMENT:
        return _reviewers()
    return _people(framework, {Person.Role.OFFICER, Person.Role.ADMINISTRATOR})


def _offer_words(entry: NegotiationEntry, side: str) -> tuple[str, str]:
    """What the side being told calls the target, and the path of the page where it answers.
    Government knows the target only as it was submitted; the council by its page."""
    framework = entry.target.framework
    if side == NegotiationEntry.Side.COUNCIL:
        name = f"{entry.target.indicator.title}: {entry.target}"
        return name, entry.target.get_absolute_url() + "#negotiation"
    from lpsa.permissions import negotiated_submission

    submission = negotiated_submission(framework)
    submitted = snapshot_item(submission.snapshot, "target", entry.target_id) if submission else None
    name = submitted["label"] if submitted else "a target"
    where = reverse("lpsa:review", args=[submission.pk]) if submission else reverse("lpsa:review_list")
    return name, where


def _entry(entry_id: int) -> NegotiationEntry | None:
    return (
        NegotiationEntry.objects.select_related(
            "target__indicator__target_area__priority__framework__council", "recorded_by", "answered_by"
        )
        .filter(pk=entry_id)
        .first()
    )


@notification("offer_made")
def offer_made(entry_id: int) -> list[Notice]:
    """Tell the other side that figures wait for its answer."""
    entry = _entry(entry_id)
    if entry is None:
        return []
    framework = entry.target.framework
    side = entry.other_side
    users = _users(_side_people(framework, side), leaving_out=entry.recorded_by)
    name, where = _offer_words(entry, side)
    by = entry.recorded_by.get_full_name() or entry.recorded_by.username
    subject = f"{_isolated(framework.council.name)}: {entry.get_kind_display().lower()} waits for your answer"
    figures = (
        f"{_isolated(by)} put figures for “{_isolated(name)}” to you in negotiation: "
        f"{entry.without_lpsa.normalize():f} without LPSA2, {entry.with_lpsa.normalize():f} with it."
    )
    body = f"{figures}\n\nAccept them or make a counter-offer at {_link(where)}\n"
    return _each(users, subject, body, where, figures, framework)


@notification("offer_accepted")
def offer_accepted(entry_id: int) -> list[Notice]:
    """Tell the side that made an offer that the other side accepted it."""
    entry = _entry(entry_id)
    if entry is None or entry.answered_by is None:
        return []
    framework = entry.target.framework
    users = _users(_side_people(framework, entry.kind), leaving_out=entry.answered_by)
    name, where = _offer_words(entry, entry.kind)
    by = entry.answered_by.get_full_name() or entry.answered_by.username
    subject = f"{_isolated(framework.council.name)}: your offer was accepted"
    accepted = (
        f"{_isolated(by)} accepted the {entry.get_kind_display().lower()} for “{_isolated(name)}”: "
        f"{entry.without_lpsa.normalize():f} without LPSA2, {entry.with_lpsa.normalize():f} with it. "
        "These are now the agreed figures."
    )
    body = f"{accepted}\n\nSee it at {_link(where)}\n"
    return _each(users, subject, body, where, accepted, framework)


def _date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _when(due_on: datetime.date, today: datetime.date) -> str:
    days = (due_on - today).days
    if days == 0:
        return "today"
    return f"in {days} day{'' if days == 1 else 's'}, on {_date(due_on)}"


@notification("milestone_due")
def milestone_due(milestone_id: int) -> list[Notice]:
    """Remind the council's officers of one of its own milestones, a set number of days before."""
    milestone = Milestone.objects.select_related("framework").filter(pk=milestone_id).first()
    if milestone is None:
        return []
    framework = milestone.framework
    today = milestone.reminded_on or datetime.date.today()
    path = reverse("lpsa:milestones", args=[framework.slug])
    subject = f"Reminder: {_isolated(milestone.title)} {_when(milestone.due_on, today)}"
    summary = (
        f"{milestone.get_kind_display()} for {_isolated(framework.title)}: "
        f"{_isolated(milestone.title)}, {_date(milestone.due_on)}."
    )
    body = f"{summary}\n\n{milestone.note + chr(10) + chr(10) if milestone.note else ''}See it at {_link(path)}\n"
    people = _people(framework, {Person.Role.OFFICER, Person.Role.ADMINISTRATOR})
    return _each(_users(people), subject, body, path, summary, framework)


@notification("deadline_due")
def deadline_due(reminder_id: int) -> list[Notice]:
    """Remind the council's officers that a stage deadline is near."""
    reminder = DeadlineReminder.objects.select_related("framework").filter(pk=reminder_id).first()
    if reminder is None:
        return []
    framework = reminder.framework
    stage = reminder.get_stage_display()
    path = framework.get_absolute_url()
    subject = (
        f"Reminder: the {stage} deadline of {_isolated(framework.title)} is {_when(reminder.due_on, reminder.sent_on)}"
    )
    summary = f"The {stage} deadline of {_isolated(framework.title)} is {_date(reminder.due_on)}."
    body = f"{summary}\n\nSee what is still missing at {_link(path)}\n"
    people = _people(framework, {Person.Role.OFFICER, Person.Role.ADMINISTRATOR})
    return _each(_users(people), subject, body, path, summary, framework)
