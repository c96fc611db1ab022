"""What happens after an agreement is signed: trajectories, performance returns and their
evidence, pump-priming spend, freedoms delivered, the reward claims and their payments, and
how the reward is shared with partners.

Every row belongs to a signed framework. None changes once the framework is closed, and each
is written only in the stages it belongs to (see ``DeliveryRow.refuse_if_locked``).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from delivery.numbers import figure
from delivery.periods import Period, frequency_of
from partners.fields import OneLineField
from partners.models import Organisation
from priorities.models import (
    TITLE_MAX,
    TOO_LONG,
    Framework,
    FrameworkClosed,
    Freedom,
    PumpPriming,
    Stage,
    Target,
    Versioned,
    YearField,
    figure_field,
    text_field,
)

#: Stages in which the delivery of an agreement is recorded, by what is recorded.
TRAJECTORY_STAGES = frozenset({Stage.SIGNED, Stage.IN_DELIVERY})
RETURN_STAGES = frozenset({Stage.IN_DELIVERY, Stage.CLAIMING})
MONEY_STAGES = frozenset({Stage.SIGNED, Stage.IN_DELIVERY, Stage.CLAIMING})
CLAIM_STAGES = {"interim": frozenset({Stage.IN_DELIVERY, Stage.CLAIMING}), "final": frozenset({Stage.CLAIMING})}


class NotInThisStage(PermissionDenied):
    """What is asked belongs to another stage of delivery."""

    def __init__(self, what: str, stages):
        names = " or ".join(f"“{Stage(stage).label}”" for stage in sorted(stages, key=list(Stage).index))
        super().__init__(f"{what} can be changed only while the agreement is at {names}.")


class DeliveryRow(Versioned):
    """A row of delivery: versioned like framework content, and open only in its own stages."""

    #: The stages in which the row may be written, and what to call it when it may not.
    open_stages: frozenset = MONEY_STAGES
    what = "Delivery"

    class Meta:
        abstract = True

    # Each row names its framework: a ``framework`` property, or the foreign key itself.

    def refuse_if_locked(self) -> None:
        row = Framework.objects.select_for_update().filter(pk=self.framework.pk).values_list("stage", "closed_at")
        stage, closed_at = row.get()
        if closed_at is not None:
            raise FrameworkClosed()
        if stage not in self.open_stages:
            raise NotInThisStage(self.what, self.open_stages)


class TrajectoryPoint(DeliveryRow):
    """The value a line is expected to reach by the end of a year, entered instead of the straight line."""

    open_stages = TRAJECTORY_STAGES
    what = "The trajectory"

    line = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="trajectory")
    year = YearField("Year")
    without_lpsa = figure_field("Expected without the agreement")
    with_lpsa = figure_field("Expected with the agreement")
    history = HistoricalRecords()

    class Meta:
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["line", "year"], name="one_trajectory_point_per_year")]

    def __str__(self) -> str:
        return f"{self.line.label}, {self.year}"

    @property
    def framework(self) -> Framework:
        return self.line.framework

    @property
    def priority(self):
        return self.line.priority

    def clean(self) -> None:
        errors = {}
        if self.without_lpsa is None:
            errors["without_lpsa"] = f"Enter the value expected by the end of {self.year} without the agreement."
        if self.with_lpsa is None:
            errors["with_lpsa"] = f"Enter the value expected by the end of {self.year} with the agreement."
        if not errors and self.line_id:
            message = self.line.direction_problem(self.with_lpsa - self.without_lpsa)
            if message:
                errors["with_lpsa"] = message
        if errors:
            raise ValidationError(errors)


class PerformanceReturn(DeliveryRow):
    """The figure a line reached in one period: an estimate until it is final."""

    open_stages = RETURN_STAGES
    what = "Performance returns"

    class Status(models.TextChoices):
        ESTIMATE = "estimate", "Estimate"
        FINAL = "final", "Final"

    line = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="returns")
    period = models.CharField(
        "Period",
        max_length=10,
        help_text="A year like 2006/07, a half-year like 2006/07 H1, or a quarter like 2006/07 Q3.",
    )
    period_end = models.DateField(editable=False)
    actual = figure_field("Actual value")
    status = models.CharField(
        "Estimate or final",
        max_length=10,
        choices=Status.choices,
        default=Status.ESTIMATE,
        help_text="A final figure is the audited one the reward is claimed on. Once final, a change needs a reason.",
    )
    source = OneLineField(
        "Source",
        max_length=TITLE_MAX,
        error_messages={
            "blank": "Enter where the figure comes from, such as a survey or a system.",
            "max_length": TOO_LONG,
        },
        help_text="Where the figure comes from, for example “Police recorded crime, Hampshire Constabulary”.",
    )
    source_date = models.DateField("Date of the source", null=True, blank=True)
    note = text_field("Note", "Anything a reader should know about the figure.")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    # A return is the council's draft until it is sent: only then does government see it.
    sent_at = models.DateTimeField("Sent to government", null=True, blank=True, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["period_end", "pk"]
        constraints = [models.UniqueConstraint(fields=["line", "period"], name="one_return_per_line_and_period")]

    def __str__(self) -> str:
        return f"{self.line.label}, {self.period_label}"

    def get_absolute_url(self) -> str:
        return reverse("delivery:line", args=[self.line_id]) + f"#return-{self.pk}"

    @property
    def framework(self) -> Framework:
        return self.line.framework

    @property
    def priority(self):
        return self.line.priority

    @property
    def period_label(self) -> str:
        try:
            return Period.from_key(self.period).label
        except ValueError:
            return self.period

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None

    def clean(self) -> None:
        errors = {}
        if self.actual is None:
            errors["actual"] = "Enter the actual value, as a number."
        try:
            period = Period.from_key(self.period)
        except ValueError as problem:
            errors["period"] = str(problem)
        else:
            self.period = period.key
            self.period_end = period.last_day
            if self.line_id:
                errors.update(self._period_problems(period))
        if self.source_date and self.source_date > datetime.date.today():
            errors["source_date"] = "The date of the source cannot be in the future."
        reason = self.change_reason_problem()
        if reason:
            errors["change_reason"] = reason
        if errors:
            raise ValidationError(errors)

    def _period_problems(self, period: Period) -> dict[str, str]:
        line = self.line
        expected = frequency_of(line.indicator.collection_frequency)
        if period.frequency != expected:
            return {
                "period": f"This indicator is collected {expected.in_words}, so enter a period like "
                f"{Period(period.start_year, expected, 1).key}."
            }
        framework = line.framework
        if (
            framework.agreement_start
            and framework.agreement_end
            and (period.last_day < framework.agreement_start or period.first_day > framework.agreement_end)
        ):
            return {
                "period": "The period is outside the agreement, which runs "
                f"from {framework.agreement_start:%-d %B %Y} to {framework.agreement_end:%-d %B %Y}."
            }
        if period.first_day > datetime.date.today():
            return {"period": "The period has not started yet, so it has no figure to return."}
        return {}

    #: What government reads of a return: a change to any of these takes it back to the council.
    SENT_CONTENT = ("period", "actual", "status", "source", "source_date", "note")

    def changes_following(self, stored: "PerformanceReturn") -> list[str]:
        """A sent return that changes is the council's draft again until it is sent again, so
        government never reads a figure it was not sent."""
        if stored.sent_at is None or all(getattr(self, name) == getattr(stored, name) for name in self.SENT_CONTENT):
            return []
        self.sent_at = None
        self.sent_by = None
        return ["sent_at", "sent_by"]

    def change_reason_problem(self) -> str | None:
        """A final figure changes only with a reason, which its history keeps."""
        reason = (getattr(self, "_change_reason", None) or "").strip()
        longest = type(self).history.model._meta.get_field("history_change_reason").max_length
        if len(reason) > longest:
            return TOO_LONG % {"limit_value": longest, "show_value": len(reason)}
        if reason or self.pk is None:
            return None
        stored = PerformanceReturn.objects.filter(pk=self.pk).values("status", "actual", "period", "source").first()
        if stored is None or stored["status"] != self.Status.FINAL:
            return None
        changed = any(stored[name] != getattr(self, name) for name in ("actual", "period", "source")) or (
            self.status != self.Status.FINAL
        )
        return "Say why this final figure is changing. It is kept with the change." if changed else None


#: What evidence may be: the formats councils' finance and audit teams send.
EVIDENCE_KINDS = {
    ".pdf": "PDF",
    ".xlsx": "Excel spreadsheet",
    ".csv": "CSV file",
    ".docx": "Word document",
}


def evidence_path(instance, filename: str) -> str:
    return f"evidence/{instance.framework.pk}/{datetime.date.today():%Y/%m}/{filename}"


class Evidence(models.Model):
    """A file that backs a return's figure or an auditor's check. Served only to the council and government."""

    performance_return = models.ForeignKey(
        PerformanceReturn, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence"
    )
    verification = models.ForeignKey(
        "Verification", on_delete=models.CASCADE, null=True, blank=True, related_name="evidence"
    )
    file = models.FileField(upload_to=evidence_path)
    name = models.CharField("File name", max_length=200)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name_plural = "evidence files"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(performance_return__isnull=False, verification__isnull=True)
                | models.Q(performance_return__isnull=True, verification__isnull=False),
                name="evidence_backs_one_thing",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("delivery:evidence", args=[self.pk])

    @property
    def framework(self) -> Framework:
        owner = self.performance_return or self.verification
        return owner.framework

    @property
    def kind(self) -> str:
        for ending, kind in EVIDENCE_KINDS.items():
            if self.name.lower().endswith(ending):
                return kind
        return "File"


class Spend(DeliveryRow):
    """What was spent of a pump-priming allocation in one financial year."""

    open_stages = MONEY_STAGES
    what = "Pump-priming spend"

    allocation = models.ForeignKey(PumpPriming, on_delete=models.CASCADE, related_name="spend")
    year = YearField("Financial year")
    amount = models.DecimalField(
        "Amount spent (£)",
        max_digits=12,
        decimal_places=0,
        validators=[MinValueValidator(0, "The amount spent cannot be negative.")],
        error_messages={"invalid": "Enter the amount in whole pounds, like 125000.", "null": "Enter the amount spent."},
    )
    note = text_field("What it was spent on (optional)")
    history = HistoricalRecords()

    class Meta:
        ordering = ["year"]
        verbose_name_plural = "spend"
        constraints = [models.UniqueConstraint(fields=["allocation", "year"], name="one_spend_per_allocation_and_year")]

    def __str__(self) -> str:
        return f"£{self.amount:,} in {self.year}"

    @property
    def framework(self) -> Framework:
        return self.allocation.framework

    def clean(self) -> None:
        if self.amount is None or not self.allocation_id:
            return
        framework = self.allocation.framework
        period = framework.agreement_period
        years = period.financial_years if period else []
        if years and self.year not in years:
            raise ValidationError({"year": f"Choose a year of the agreement: {', '.join(years)}."})
        others = (
            Spend.objects.filter(allocation_id=self.allocation_id)
            .exclude(pk=self.pk)
            .aggregate(total=models.Sum("amount"))["total"]
            or 0
        )
        left = self.allocation.amount - others
        if self.amount > left:
            raise ValidationError(
                {
                    "amount": f"Only £{left:,} of this £{self.allocation.amount:,} allocation is left. Enter £{left:,} or less."
                }
            )


class FreedomProgress(DeliveryRow):
    """Whether a freedom or flexibility was delivered, and what the department answered."""

    open_stages = MONEY_STAGES
    what = "Progress on freedoms"

    class Delivered(models.TextChoices):
        WAITING = "waiting", "Not yet"
        DELIVERED = "delivered", "Delivered"
        PARTLY = "partly", "Partly delivered"
        NOT_DELIVERED = "not_delivered", "Not delivered"

    freedom = models.OneToOneField(Freedom, on_delete=models.CASCADE, related_name="progress")
    delivered = models.CharField("Delivered?", max_length=20, choices=Delivered.choices, default=Delivered.WAITING)
    delivered_on = models.DateField("Date it was delivered", null=True, blank=True)
    answer = text_field("The department's answer", "What the government department said, in its own words or yours.")
    answered_on = models.DateField("Date the department answered", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "progress on freedoms"

    def __str__(self) -> str:
        return f"{self.freedom}: {self.get_delivered_display()}"

    @property
    def framework(self) -> Framework:
        return self.freedom.framework

    def clean(self) -> None:
        errors = {}
        done = self.delivered in (self.Delivered.DELIVERED, self.Delivered.PARTLY)
        if done and self.delivered_on is None:
            errors["delivered_on"] = "Enter the date it was delivered."
        if not done and self.delivered_on is not None:
            errors["delivered_on"] = "Leave the date empty unless it was delivered, or partly delivered."
        if self.answered_on is not None and not self.answer.strip():
            errors["answer"] = "Enter what the department answered, or leave its date empty."
        today = datetime.date.today()
        for name in ("delivered_on", "answered_on"):
            value = getattr(self, name)
            if value is not None and value > today and name not in errors:
                errors[name] = "The date cannot be in the future."
        if errors:
            raise ValidationError(errors)


class Claim(models.Model):
    """A claim for reward grant: the interim payment on account, or the final claim.

    A draft is worked out afresh from the final figures every time it is read. Submitting it
    freezes its figures (``figures``) and its PDF, which never change again; government
    accepts it, or returns it with reasons to be corrected and submitted again.
    """

    class Kind(models.TextChoices):
        INTERIM = "interim", "Interim claim (payment on account)"
        FINAL = "final", "Final claim"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted to government"
        RETURNED = "returned", "Returned by government"
        ACCEPTED = "accepted", "Accepted by government"
        PAID = "paid", "Paid"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="claims")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    signatory_name = OneLineField(
        "Name of the officer who signs the claim",
        max_length=TITLE_MAX,
        blank=True,
        error_messages={"max_length": TOO_LONG},
        help_text="Usually the director of finance (the section 151 officer).",
    )
    signatory_title = OneLineField(
        "Their job title", max_length=TITLE_MAX, blank=True, error_messages={"max_length": TOO_LONG}
    )
    figures = models.JSONField("Figures as submitted", default=dict, blank=True, editable=False)
    total = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True, editable=False)
    pdf = models.FileField(upload_to="claims/%Y/", blank=True, editable=False)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    decision_note = text_field("Government's reasons", editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "kind"]
        constraints = [models.UniqueConstraint(fields=["framework", "kind"], name="one_claim_of_each_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.framework}"

    def get_absolute_url(self) -> str:
        return reverse("delivery:claim", args=[self.framework.slug, self.kind])

    @property
    def is_frozen(self) -> bool:
        return self.status not in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def is_with_government(self) -> bool:
        """Government sees a claim once it has been submitted, in every later state."""
        return self.submitted_at is not None


class Payment(models.Model):
    """Money government paid against a claim: the payment on account, or one instalment."""

    class What(models.TextChoices):
        ON_ACCOUNT = "on_account", "Payment on account"
        FIRST = "first", "First instalment"
        SECOND = "second", "Second instalment"
        REPAID = "repaid", "Repaid by the council"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="payments")
    what = models.CharField("What was paid", max_length=12, choices=What.choices)
    year = YearField("Financial year", editable=False)
    capital = models.DecimalField(
        "Capital grant paid (£)",
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0, "An amount paid cannot be negative.")],
        error_messages={"invalid": "Enter the amount in pounds and pence, like 960000 or 960000.50."},
    )
    revenue = models.DecimalField(
        "Revenue grant paid (£)",
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0, "An amount paid cannot be negative.")],
        error_messages={"invalid": "Enter the amount in pounds and pence, like 960000 or 960000.50."},
    )
    paid_on = models.DateField("Date paid")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    how_told = text_field("How government told the council", editable=False)

    class Meta:
        ordering = ["paid_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["claim", "what"], name="one_payment_of_each_kind")]

    def __str__(self) -> str:
        return f"{self.get_what_display()}: £{self.total:,}"

    @property
    def total(self) -> Decimal:
        return (self.capital or 0) + (self.revenue or 0)

    @property
    def framework(self) -> Framework:
        return self.claim.framework

    def clean(self) -> None:
        if self.paid_on and self.paid_on > datetime.date.today():
            raise ValidationError({"paid_on": "The date paid cannot be in the future."})


class Verification(models.Model):
    """An auditor's check of a final figure, or of a whole claim: who checked it, when, and on what evidence."""

    performance_return = models.OneToOneField(
        PerformanceReturn, on_delete=models.CASCADE, null=True, blank=True, related_name="verification"
    )
    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, null=True, blank=True, related_name="verification")
    verifier_name = OneLineField(
        "Name of the person who verified it",
        max_length=TITLE_MAX,
        error_messages={"blank": "Enter the name of the person who verified it.", "max_length": TOO_LONG},
    )
    verifier_title = OneLineField(
        "Their job title",
        max_length=TITLE_MAX,
        error_messages={"blank": "Enter their job title, such as Head of Internal Audit.", "max_length": TOO_LONG},
        help_text="For example, Head of Internal Audit.",
    )
    verified_on = models.DateField("Date verified")
    note = text_field("What was checked (optional)")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(performance_return__isnull=False, claim__isnull=True)
                | models.Q(performance_return__isnull=True, claim__isnull=False),
                name="verification_of_one_thing",
            )
        ]

    def __str__(self) -> str:
        return f"Verified by {self.verifier_name} on {self.verified_on:%-d %B %Y}"

    @property
    def framework(self) -> Framework:
        return (self.performance_return or self.claim).framework

    def clean(self) -> None:
        if self.verified_on and self.verified_on > datetime.date.today():
            raise ValidationError({"verified_on": "The date verified cannot be in the future."})
        if self.performance_return_id and not self.performance_return.is_final:
            raise ValidationError({"verified_on": "Only a final figure is verified. Mark the figure final first."})


class PartnerShare(DeliveryRow):
    """A partner's part of the reward, by the rule the council records.

    Top-slices come off the whole reward first (the voluntary sector's 5%, say); what is
    left is shared by contribution, whose percentages add up to 100.
    """

    open_stages = frozenset({Stage.SIGNED, Stage.IN_DELIVERY, Stage.CLAIMING})
    what = "How the reward is shared"

    class Basis(models.TextChoices):
        TOP_SLICE = "top_slice", "Top-slice of the whole reward"
        CONTRIBUTION = "contribution", "Share by contribution of what is left"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="reward_shares")
    organisation = models.ForeignKey(Organisation, verbose_name="Partner", on_delete=models.PROTECT, related_name="+")
    basis = models.CharField("How its part is worked out", max_length=15, choices=Basis.choices)
    percent = models.DecimalField(
        "Percentage",
        max_digits=5,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0.01"), "Enter a percentage above 0."),
            MaxValueValidator(100, "A percentage cannot be above 100."),
        ],
        error_messages={"invalid": "Enter a percentage, like 5 or 12.5.", "null": "Enter a percentage."},
    )
    note = text_field("Why (optional)", "For example, what the partner contributes.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["basis", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "organisation", "basis"], name="one_share_per_partner_and_basis"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {figure(self.percent)}% ({self.get_basis_display()})"

    def clean(self) -> None:
        if not self.framework_id:
            return
        same = PartnerShare.objects.filter(framework_id=self.framework_id).exclude(pk=self.pk)
        if (
            self.organisation_id
            and self.basis
            and same.filter(organisation_id=self.organisation_id, basis=self.basis).exists()
        ):
            kind = "a top-slice" if self.basis == self.Basis.TOP_SLICE else "a share by contribution"
            raise ValidationError(
                {"organisation": f"This partner already has {kind}. Change that one instead of adding another."}
            )
        if self.percent is None or not 0 < self.percent <= 100:
            return  # the field's own validators say what is wrong with it
        others = same.filter(basis=self.basis).aggregate(total=models.Sum("percent"))["total"] or 0
        total = others + self.percent
        if self.basis == self.Basis.TOP_SLICE and total >= 100:
            raise ValidationError(
                {
                    "percent": f"Top-slices would take {total.normalize():f}% of the reward, "
                    "leaving nothing to share by contribution. Enter a smaller percentage."
                }
            )
        if self.basis == self.Basis.CONTRIBUTION and total > 100:
            left = Decimal(100) - others
            if left <= 0:
                raise ValidationError(
                    {
                        "percent": "Contributions already add up to 100% of what is left after top-slices. "
                        "Lower another partner's share first."
                    }
                )
            raise ValidationError(
                {
                    "percent": f"Contributions would add up to {total.normalize():f}% of what is left after "
                    f"top-slices, and they cannot add up to more than 100%. Enter {left.normalize():f} or less."
                }
            )
