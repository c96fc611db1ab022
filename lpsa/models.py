from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from priorities.models import Framework, Indicator, Priority, Stage, Target


class StageChange(models.Model):
    """One move of a framework from one stage to the next: who made it, when and why."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="stage_changes")
    action = models.CharField(max_length=40)
    from_stage = models.CharField(max_length=30, choices=Stage.choices)
    to_stage = models.CharField(max_length=30, choices=Stage.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"


class CommentQuerySet(models.QuerySet):
    def unresolved(self):
        return self.filter(parent__isnull=True, resolved_at__isnull=True)


class Comment(models.Model):
    """A remark on an indicator, priority or target by someone drafting the framework.

    A reply points at the comment it answers; only the first comment of a thread is
    resolved or reopened. The text is plain and is never rendered as HTML.
    """

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="comments")
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(
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
            )
        ]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.subject}"

    @property
    def subject(self):
        return self.indicator or self.priority or self.target

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

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


class NegotiationEntry(models.Model):
    """One step in negotiating a target with government: an offer, a counter-offer or the deal."""

    class Kind(models.TextChoices):
        COUNCIL_OFFER = "council", "Council's offer"
        GOVERNMENT_COUNTER = "government", "Government's counter-offer"
        AGREED = "agreed", "Agreed figures"

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="negotiation")
    kind = models.CharField("What this is", max_length=12, choices=Kind.choices)
    without_lpsa = models.DecimalField(
        "Performance expected without LPSA2",
        max_digits=15,
        decimal_places=3,
        error_messages={"invalid": "Enter a number, like 42 or 12.5, without commas, units or words."},
    )
    with_lpsa = models.DecimalField(
        "Target with LPSA2",
        max_digits=15,
        decimal_places=3,
        error_messages={"invalid": "Enter a number, like 42 or 12.5, without commas, units or words."},
    )
    note = models.TextField("Note", max_length=5000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name_plural = "negotiation entries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.target}"

    @property
    def stretch(self):
        return self.with_lpsa - self.without_lpsa


class DraftPdf(models.Model):
    """A draft of the submission document someone asked for, rendered by the worker."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="draft_pdfs")
    stage = models.CharField(max_length=3, choices=Submission.Part.choices)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    pdf = models.FileField(upload_to="drafts/%Y/", blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    failed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Draft PDF of {self.framework} ({self.get_stage_display()})"

    @property
    def is_ready(self) -> bool:
        return bool(self.pdf) and not self.failed
