import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partners.fields import MultiLineField, OneLineField
from priorities.models import Framework, Indicator, Priority, Stage, Target


class StageChange(models.Model):
    """One move of a framework from one stage to the next: who made it, when and why."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="stage_changes")
    action = models.CharField(max_length=40)
    from_stage = models.CharField(max_length=30, choices=Stage.choices)
    to_stage = models.CharField(max_length=30, choices=Stage.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = MultiLineField(blank=True)
    # A decision that is government's to make, recorded by the council from what government
    # told it (a letter, a meeting), is shown as recorded on government's behalf.
    on_behalf_of_government = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"

    @property
    def is_request_for_approval(self) -> bool:
        return self.to_stage in (Stage.ONE_AWAITING_APPROVAL, Stage.TWO_AWAITING_APPROVAL)

    @property
    def is_return(self) -> bool:
        return self.action.startswith("return_")

    @property
    def reason_label(self) -> str:
        """What the words written with the step are, in the timeline and the e-mails."""
        if self.on_behalf_of_government:
            return "How government told the council"
        if self.is_request_for_approval:
            return "Covering note"
        return "Reasons"


class CommentQuerySet(models.QuerySet):
    def unresolved(self):
        return self.filter(parent__isnull=True, resolved_at__isnull=True)

    def with_government(self):
        """Threads (and their replies) that government's reviewers may read."""
        return self.filter(visibility=Comment.Visibility.GOVERNMENT, submission__isnull=False)

    def threads_for_list(self, user):
        """Threads (first comments) with what the comments page sorts and filters them by.

        ``took_part``: the user started the thread or replied to it; ``last_author``: who had the
        last word; ``answered``: someone replied; ``priority_key``/``priority_position``: the
        priority the item is under (the item itself, or its indicator's or line's priority).
        """
        replies = Comment.objects.filter(parent=models.OuterRef("pk"))
        under = ("", "indicator__target_area__", "target__indicator__target_area__")
        return self.filter(parent__isnull=True).annotate(
            answered=models.Exists(replies),
            took_part=models.Q(author=user.pk) | models.Exists(replies.filter(author=user.pk)),
            last_author=Coalesce(
                models.Subquery(replies.order_by("-created_at", "-pk").values("author")[:1]),
                models.F("author"),
                output_field=models.IntegerField(),
            ),
            priority_key=Coalesce(*(models.F(f"{path}priority") for path in under), output_field=models.IntegerField()),
            priority_position=Coalesce(*(models.F(f"{path}priority__position") for path in under)),
        )

    def awaiting_reply_from(self, user, led_priorities):
        """Open threads (of ``threads_for_list``) waiting for this user: those they took part in
        whose last word is someone else's, and unanswered ones on the priorities their group leads
        (``led_priorities``, a queryset of priority pks), which someone else started."""
        waiting = (models.Q(took_part=True) & ~models.Q(last_author=user.pk)) | (
            models.Q(answered=False, priority_key__in=led_priorities) & ~models.Q(author=user.pk)
        )
        return self.filter(waiting, resolved_at__isnull=True)


class Comment(models.Model):
    """A remark on an indicator, priority or target by someone drafting the framework.

    A reply points at the comment it answers; only the first comment of a thread is
    resolved or reopened. The text is plain and is never rendered as HTML.

    A thread is the council's own unless it is with government: then it is about an item
    as it stood in one submission, and government's reviewers read and answer it.
    """

    class Visibility(models.TextChoices):
        COUNCIL = "council", "The council only"
        GOVERNMENT = "government", "The council and government's reviewers"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="comments")
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    visibility = models.CharField(
        "Who can read it", max_length=12, choices=Visibility.choices, default=Visibility.COUNCIL
    )
    # For a thread with government: the submitted version it is about.
    submission = models.ForeignKey(
        "Submission", on_delete=models.PROTECT, null=True, blank=True, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = MultiLineField(
        "Comment",
        max_length=5000,
        error_messages={
            "blank": "Enter your comment.",
            "max_length": "A comment must be 5,000 characters or fewer. You entered %(show_value)d characters.",
        },
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(priority__isnull=False, indicator__isnull=True, target__isnull=True)
                    | models.Q(priority__isnull=True, indicator__isnull=False, target__isnull=True)
                    | models.Q(priority__isnull=True, indicator__isnull=True, target__isnull=False)
                ),
                name="comment_on_exactly_one_item",
            ),
            models.CheckConstraint(
                condition=models.Q(visibility="council") | models.Q(submission__isnull=False),
                name="comment_with_government_names_its_submission",
            ),
        ]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.subject}"

    @property
    def subject(self):
        return self.indicator or self.priority or self.target

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def subject_kind(self) -> str:
        return "indicator" if self.indicator_id else "priority" if self.priority_id else "target"

    @property
    def subject_id(self) -> int:
        return self.indicator_id or self.priority_id or self.target_id

    @property
    def is_with_government(self) -> bool:
        return self.visibility == self.Visibility.GOVERNMENT

    def resolve(self, *, by) -> None:
        self.resolved_by = by
        self.resolved_at = timezone.now()
        self.save(update_fields=["resolved_by", "resolved_at"])

    def reopen(self) -> None:
        self.resolved_by = None
        self.resolved_at = None
        self.save(update_fields=["resolved_by", "resolved_at"])


class Submission(models.Model):
    """A framework as its chief executive approved it: the frozen PDF, its hash and a snapshot.

    A submission never changes. Later edits lead to a new version.
    """

    class Part(models.TextChoices):
        ONE = "one", "Stage One"
        TWO = "two", "Stage Two"

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="submissions")
    stage = models.CharField(max_length=3, choices=Part.choices)
    version = models.PositiveIntegerField()
    # Filled in by the worker that renders the PDF, moments after approval.
    pdf = models.FileField(upload_to="submissions/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(default=timezone.now)
    snapshot = models.JSONField()
    # When the worker was last asked for the PDF, so that people waiting ask again only once
    # in a while (empty on rows from before it was kept: the approval time stands in).
    render_queued_at = models.DateTimeField(null=True, blank=True)
    # The declaration the chief executive ticked before approving, in the words shown to them,
    # and who ticked it when (empty on rows from before it was asked for).
    declaration = MultiLineField(blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    declared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["approved_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "stage", "version"], name="one_submission_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} version {self.version} of {self.framework}"

    @property
    def is_ready(self) -> bool:
        """Whether its PDF has been rendered and stored."""
        return bool(self.sha256)


class DepartmentSignOff(models.Model):
    """A government department's sign-off of one numbered target of a Stage Two submission.

    Each numbered target names its lead department; a reviewer records that the department
    signed the target off, as it stood in the submission. The agreement is not settled
    until every numbered target is agreed and signed off (lpsa.readiness).
    """

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="department_sign_offs")
    # The numbered target as the submission's snapshot holds it ("agreement_targets").
    agreement_target_id = models.PositiveIntegerField()
    department = OneLineField(max_length=200)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "agreement_target_id"], name="one_department_sign_off_per_target"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department} signed off target {self.agreement_target_id} of {self.submission}"


NUMBER_MESSAGES = {"invalid": "Enter a number, like 42 or 12.5, without commas, units or words."}


def _figure(verbose_name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=15, decimal_places=3, error_messages=NUMBER_MESSAGES, **kwargs)


class NegotiationEntry(models.Model):
    """One side's proposal of a target's figures; it waits until the other side accepts or answers it.

    Figures become the target's own only when the side that did not propose them accepts.
    """

    class Side(models.TextChoices):
        COUNCIL = "council", "Council's offer"
        GOVERNMENT = "government", "Government's offer"

    class State(models.TextChoices):
        OPEN = "open", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        COUNTERED = "countered", "Answered with a counter-offer"
        REVISED = "revised", "Replaced by a later offer from the same side"

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="negotiation")
    # Which side made the offer. (Named kind for the rows recorded before offers were answered.)
    kind = models.CharField("Who made the offer", max_length=12, choices=Side.choices)
    without_lpsa = _figure("Performance expected without LPSA2")
    with_lpsa = _figure("Target with LPSA2")
    interim_without_lpsa = _figure("Interim performance without LPSA2", null=True, blank=True)
    interim_with_lpsa = _figure("Interim target with LPSA2", null=True, blank=True)
    note = MultiLineField("Note", max_length=5000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=12, choices=State.choices, default=State.OPEN)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name_plural = "negotiation entries"
        constraints = [
            models.UniqueConstraint(
                fields=["target"], condition=models.Q(state="open"), name="one_open_offer_per_target"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.target}"

    @property
    def stretch(self):
        return self.with_lpsa - self.without_lpsa

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def other_side(self) -> str:
        return self.Side.GOVERNMENT if self.kind == self.Side.COUNCIL else self.Side.COUNCIL

    def clean(self) -> None:
        """The same rules as the target's own figures: the direction, and interim figures in pairs."""
        if self.without_lpsa is None or self.with_lpsa is None or not self.target_id:
            return
        target = self.target
        probe = Target(
            indicator=target.indicator,
            without_lpsa=self.without_lpsa,
            with_lpsa=self.with_lpsa,
            interim_without_lpsa=self.interim_without_lpsa,
            interim_with_lpsa=self.interim_with_lpsa,
        )
        errors = {}
        interim = [self.interim_without_lpsa, self.interim_with_lpsa]
        if any(v is not None for v in interim):
            if not target.interim_period:
                errors["interim_with_lpsa"] = "This target has no interim year, so leave the interim figures empty."
            elif any(v is None for v in interim):
                missing = "interim_without_lpsa" if self.interim_without_lpsa is None else "interim_with_lpsa"
                errors[missing] = "Enter both interim figures, or leave both empty."
        for field, stretch in (("with_lpsa", probe.stretch), ("interim_with_lpsa", probe.interim_stretch)):
            problem = probe.direction_problem(stretch)
            if problem and field not in errors:
                errors[field] = problem
        if errors:
            raise ValidationError(errors)


class DraftPdf(models.Model):
    """A draft of the submission document someone asked for, rendered by the worker."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="draft_pdfs")
    stage = models.CharField(max_length=3, choices=Submission.Part.choices)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    pdf = models.FileField(upload_to="drafts/%Y/", blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    failed = models.BooleanField(default=False)
    # Why it could not be made, in words for the person who asked; empty after an unexpected error.
    failure = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            # Asking again while a draft is being made shows that one instead of queueing more.
            models.UniqueConstraint(
                fields=["framework", "requested_by"],
                condition=models.Q(finished_at__isnull=True),
                name="one_pending_draft_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"Draft PDF of {self.framework} ({self.get_stage_display()})"

    @property
    def is_ready(self) -> bool:
        return bool(self.pdf) and not self.failed


class InboxItemQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class InboxItem(models.Model):
    """Something that happened that concerns one person: a comment, a step of the workflow, an
    offer, a reminder. The same event that is e-mailed, kept here whether or not they have an address."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox_items")
    # The notification it came from (lpsa.notify.NOTIFICATIONS), which names it in the inbox.
    kind = models.CharField(max_length=40)
    subject = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    # A path on this site, such as /indicators/12/: where to go to act on it.
    link = models.CharField(max_length=500, blank=True)
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = InboxItemQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="inbox_unread")]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def mark_read(self) -> None:
        if self.read_at is None:
            self.read_at = timezone.now()
            self.save(update_fields=["read_at"])


class Milestone(models.Model):
    """A date the council set itself on the way to a stage deadline: a cabinet meeting, an
    internal sign-off; its officers are reminded a set number of days before."""

    class Kind(models.TextChoices):
        CABINET = "cabinet", "Cabinet meeting"
        SIGN_OFF = "sign_off", "Internal sign-off"
        OTHER = "other", "Other"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="milestones")
    title = OneLineField(
        "Title",
        max_length=200,
        error_messages={"blank": "Enter the title of the milestone.", "required": "Enter the title of the milestone."},
    )
    due_on = models.DateField("Date", help_text="The day it happens or is due.")
    kind = models.CharField("What kind of milestone it is", max_length=12, choices=Kind.choices, default=Kind.OTHER)
    note = MultiLineField("Note (optional)", max_length=2000, blank=True)
    remind_days = models.PositiveSmallIntegerField(
        "Days before to send a reminder",
        default=7,
        validators=[MaxValueValidator(365, "Enter a number of days from 0 to 365.")],
        error_messages={"invalid": "Enter the number of days as a whole number, like 7."},
        help_text="The council's officers are e-mailed this many days before. 0 reminds them on the day.",
    )
    done = models.BooleanField(
        "Done", default=False, help_text="It has happened or been signed off: no reminder, and never overdue."
    )
    # The day the reminder was sent, so that running the reminders again sends nothing more.
    reminded_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def remind_from(self) -> datetime.date:
        return self.due_on - datetime.timedelta(days=self.remind_days)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return not self.done and self.due_on < (today or timezone.localdate())

    def reschedule_reminder(self, changed: list[str]) -> None:
        """A new date or notice period means a new reminder, even if one went for the old date."""
        if {"due_on", "remind_days"} & set(changed):
            self.reminded_on = None


class DeadlineReminder(models.Model):
    """A reminder sent of a stage deadline, one per framework, stage and date, so none goes twice."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(max_length=3, choices=Submission.Part.choices)
    due_on = models.DateField()
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["framework", "stage", "due_on"], name="one_reminder_per_deadline")
        ]

    def __str__(self) -> str:
        return f"Reminder of the {self.get_stage_display()} deadline of {self.framework}"
