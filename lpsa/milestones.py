"""A framework's dates in order: its two stage deadlines and the council's own milestones,
and which of them are due a reminder."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from lpsa.models import DeadlineReminder, Milestone
from lpsa.tasks import notify_on_commit
from priorities.models import DELIVERY_STAGES, Framework, Stage

#: Days before a stage deadline that its reminder goes.
STAGE_DEADLINE_REMIND_DAYS = 14

#: The stages in which each stage deadline is still to be met: once the version has gone to
#: government (or the agreement is settled), its deadline is behind the council.
OPEN_STAGES = {
    "one": {Stage.ONE_DRAFTING, Stage.ONE_CONSULTATION, Stage.ONE_AWAITING_APPROVAL},
    "two": {
        Stage.ONE_DRAFTING,
        Stage.ONE_CONSULTATION,
        Stage.ONE_AWAITING_APPROVAL,
        Stage.ONE_SUBMITTED,
        Stage.ONE_AGREED,
        Stage.TWO_DRAFTING,
        Stage.TWO_AWAITING_APPROVAL,
    },
}
#: A framework whose agreement is settled has no milestones left to remind anyone of (nor has
#: a closed one, whatever its stage).
CLOSED_STAGES = {Stage.TWO_AGREED, *DELIVERY_STAGES}


@dataclass
class Dated:
    """One line of a framework's timeline."""

    title: str
    kind: str
    due_on: datetime.date
    done: bool
    days: int
    milestone: Milestone | None = None

    @property
    def is_overdue(self) -> bool:
        return not self.done and self.days < 0

    @property
    def days_overdue(self) -> int:
        return -self.days


def stage_deadline_is_open(framework: Framework, stage: str) -> bool:
    return framework.stage in OPEN_STAGES[stage]


def timeline(framework: Framework, milestones, today: datetime.date | None = None) -> list[Dated]:
    """The stage deadlines and milestones (already fetched) in date order, with what is done and overdue."""
    today = today or timezone.localdate()
    rows = [
        Dated(
            f"{name} deadline",
            "Stage deadline",
            due_on,
            not stage_deadline_is_open(framework, stage),
            (due_on - today).days,
        )
        for stage, name, due_on in (
            ("one", "Stage One", framework.stage_one_deadline),
            ("two", "Stage Two", framework.stage_two_deadline),
        )
    ]
    rows += [
        Dated(m.title, m.get_kind_display(), m.due_on, m.done, (m.due_on - today).days, milestone=m) for m in milestones
    ]
    return sorted(rows, key=lambda row: (row.due_on, row.milestone is not None, row.title))


def milestones_due_reminder(today: datetime.date):
    """Milestones not done, not yet reminded, whose reminder day has come and date has not passed."""
    candidates = (
        Milestone.objects.filter(
            done=False, reminded_on__isnull=True, due_on__gte=today, due_on__lte=today + datetime.timedelta(days=365)
        )
        .exclude(framework__stage__in=CLOSED_STAGES)
        .filter(framework__closed_at__isnull=True)
    )
    return [m for m in candidates.select_related("framework") if m.remind_from() <= today]


def reminders_send(*, today: datetime.date) -> dict[str, int]:
    """Queue the reminders due today, each once: milestones, then stage deadlines.

    Each is marked sent in the same transaction that queues it, so a second run, or a run
    that stopped half way, sends nothing twice.
    """
    sent = {"milestones": 0, "deadlines": 0}
    for milestone in milestones_due_reminder(today):
        with transaction.atomic():
            marked = Milestone.objects.filter(pk=milestone.pk, reminded_on__isnull=True).update(reminded_on=today)
            if marked:
                notify_on_commit("milestone_due", milestone.pk)
                sent["milestones"] += 1
    until = today + datetime.timedelta(days=STAGE_DEADLINE_REMIND_DAYS)
    for stage, field in (("one", "stage_one_deadline"), ("two", "stage_two_deadline")):
        frameworks = Framework.objects.filter(
            **{f"{field}__gte": today, f"{field}__lte": until, "stage__in": OPEN_STAGES[stage]},
            closed_at__isnull=True,
        )
        for framework in frameworks:
            due_on = getattr(framework, field)
            with transaction.atomic():
                reminder, created = DeadlineReminder.objects.get_or_create(
                    framework=framework, stage=stage, due_on=due_on, defaults={"sent_on": today}
                )
                if created:
                    notify_on_commit("deadline_due", reminder.pk)
                    sent["deadlines"] += 1
    return sent
