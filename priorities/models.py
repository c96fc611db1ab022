import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from partners.fields import MultiLineField, OneLineField
from partners.models import UPPER_TIER, Organisation, WorkingGroup
from priorities import content, period, pump_priming, reward

# Plain-English messages shared by many fields.
TITLE_MAX = 200
TEXT_MAX = 5000
TOO_LONG = "This must be %(limit_value)d characters or fewer. You entered %(show_value)d characters."
NOT_A_NUMBER = "Enter a number, like 42 or 12.5, without commas, units or words."
# \Z, not $, which would let a line break through at the end.
YEAR_FORMAT = RegexValidator(r"^\d{4}(/\d{2})?\Z", "Enter a year like 2004 or a financial year like 2004/05.")


class YearField(models.CharField):
    """A year or financial year, such as 2004 or 2004/05, with one plain message when wrong."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 7)
        super().__init__(*args, **kwargs)

    @property
    def validators(self):
        # The format check implies the length, so only its message is shown.
        return [YEAR_FORMAT]

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        field.max_length = None
        # The model's format check also refuses what the form's length and null checks would.
        field.validators = []
        field.widget.attrs.pop("maxlength", None)
        return field


def title_field(verbose_name: str = "Title", **kwargs) -> OneLineField:
    return OneLineField(
        verbose_name,
        max_length=TITLE_MAX,
        error_messages={"max_length": TOO_LONG, "blank": f"Enter the {verbose_name.lower()}."},
        **kwargs,
    )


def text_field(verbose_name: str, help_text: str = "", blank: bool = True, **kwargs) -> MultiLineField:
    return MultiLineField(
        verbose_name,
        max_length=TEXT_MAX,
        blank=blank,
        help_text=help_text,
        error_messages={"max_length": TOO_LONG, "blank": f"Enter {verbose_name.lower()}."},
        **kwargs,
    )


def figure_field(verbose_name: str, help_text: str = "", **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=15,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=help_text,
        error_messages={
            "invalid": NOT_A_NUMBER,
            "max_digits": "Enter a number with at most 12 digits before the decimal point.",
            "max_decimal_places": "Enter a number with at most 3 decimal places.",
            "max_whole_digits": "Enter a number with at most 12 digits before the decimal point.",
        },
        **kwargs,
    )


class EditConflict(Exception):
    """Someone else saved the item after the editor opened it."""

    def __init__(self, current):
        super().__init__("The item was changed by someone else.")
        self.current = current


class ContentLocked(PermissionDenied):
    """The framework awaits the chief executive's approval, so its content cannot change."""

    def __init__(self):
        super().__init__(
            "This framework waits for the chief executive's approval, so its content cannot be changed. "
            "Withdraw the request for approval to change it."
        )


class FrameworkClosed(PermissionDenied):
    """The framework is closed: nobody changes it, moves it on or comments on it until it is reopened."""

    def __init__(self):
        super().__init__(
            "This framework is closed, so nothing in it can be changed. "
            "A council administrator can reopen it from the framework's page."
        )


class AgreementSigned(PermissionDenied):
    """The agreement is signed: what government agreed to is fixed for the three years of delivery."""

    def __init__(self):
        super().__init__(
            "This agreement is signed, so its priorities, indicators, targets and money are fixed. "
            "Record what happens in delivery instead."
        )


class Versioned(models.Model):
    """An item whose every save bumps ``version``.

    A save made from a form opened on an older version is refused with EditConflict
    instead of silently overwriting what someone else saved in between.
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def prepare_new(self) -> None:
        """Hook for filling in derived fields of a new item before its first save."""

    def changes_following(self, stored: "Versioned") -> list[str]:
        """Hook for what an edit changes besides itself, given the row as it stands.

        It may set fields of the item and change other rows; it names the fields it set.
        """
        return []

    @transaction.atomic
    def save_checked(self, *, expected_version: int | None, fields: list[str] | None = None) -> None:
        """Save, refusing with EditConflict if the row changed since ``expected_version``.

        ``fields`` names what the editor edits: only those fields and the version are
        written, so whatever another path changed meanwhile (a stage move, a reorder) is
        kept. Without ``fields`` the whole row is written, which suits only a caller that
        owns every field. A new item is always inserted whole.
        """
        model = type(self)
        self.refuse_if_locked()
        if self.pk is None:
            self.prepare_new()
            self.save()
            return
        # Claiming the version in one UPDATE makes the check atomic on every database.
        claimed = model.objects.filter(pk=self.pk, version=expected_version).update(version=models.F("version") + 1)
        if not claimed:
            raise EditConflict(model.objects.filter(pk=self.pk).first())
        self.version = expected_version + 1
        stored = model.objects.get(pk=self.pk)
        following = self.changes_following(stored)
        if fields is None:
            self.save()
            return
        written = {*fields, *following, "version"}
        self._take_unwritten_fields(stored, written)
        self.save(update_fields=written)

    def refuse_if_locked(self) -> None:
        """Refuse any change while the framework awaits the chief executive's approval, or is closed.

        The framework's row is locked for the rest of the transaction, so a request for
        approval (or a closing) made at the same moment waits for this save, or this save sees it.
        """
        framework_id = self.pk if isinstance(self, Framework) else self.framework.pk
        row = Framework.objects.select_for_update().filter(pk=framework_id).values_list("stage", "closed_at").first()
        if row is None:
            return
        stage, closed_at = row
        if closed_at is not None:
            raise FrameworkClosed()
        if stage in (Stage.ONE_AWAITING_APPROVAL, Stage.TWO_AWAITING_APPROVAL):
            raise ContentLocked()
        if stage in DELIVERY_STAGES:
            raise AgreementSigned()

    def _take_unwritten_fields(self, stored: "Versioned", written: set[str]) -> None:
        # The claim holds the row until the transaction ends, so ``stored`` is the row as it
        # stands. Taking what this save does not write from it keeps the history record true.
        for field in self._meta.concrete_fields:
            if field.primary_key or field.name in written or field.attname in written:
                continue
            value = getattr(stored, field.attname)
            if field.is_relation and field.is_cached(self) and getattr(self, field.attname) != value:
                field.delete_cached_value(self)
            setattr(self, field.attname, value)


class FrameworkItem(Versioned):
    """An editable item ordered among its siblings (``position`` 1..n; ties by creation)."""

    position = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def save(self, *args, **kwargs) -> None:
        # A new item comes last among its siblings whichever way it is added (the pages and the
        # import through save_checked, which numbers it first; the admin through save).
        if self.pk is None and not self.position:
            self.prepare_new()
        super().save(*args, **kwargs)

    def siblings(self) -> models.QuerySet:
        raise NotImplementedError

    def prepare_new(self) -> None:
        last = self.siblings().aggregate(models.Max("position"))["position__max"] or 0
        self.position = last + 1

    @transaction.atomic
    def move(self, *, by: int) -> None:
        """Move the item up (by=-1) or down (by=1) among its siblings; renumber them 1..n."""
        self.refuse_if_locked()
        ids = list(self.siblings().select_for_update().order_by("position", "pk").values_list("pk", flat=True))
        index = ids.index(self.pk)
        target = min(max(index + by, 0), len(ids) - 1)
        ids.insert(target, ids.pop(index))
        renumber(type(self), ids)
        # Positions are written with update(), which sends no signal.
        content.bump(content.frameworks_of(self))

    @transaction.atomic
    def delete_and_renumber(self) -> None:
        self.refuse_if_locked()
        siblings = self.siblings().exclude(pk=self.pk)
        self.delete()
        renumber(type(self), list(siblings.order_by("position", "pk").values_list("pk", flat=True)))


def renumber(model, ordered_ids: list[int]) -> None:
    # Only rows whose position changes are written, so a move touches two rows.
    current = dict(model.objects.filter(pk__in=ordered_ids).values_list("pk", "position"))
    for number, pk in enumerate(ordered_ids, start=1):
        if current.get(pk) != number:
            model.objects.filter(pk=pk).update(position=number)


class Stage(models.TextChoices):
    """Where a framework is in the two-stage LPSA2 process."""

    ONE_DRAFTING = "one_drafting", "Stage One: drafting"
    ONE_CONSULTATION = "one_consultation", "Stage One: partner consultation"
    ONE_AWAITING_APPROVAL = "one_awaiting_approval", "Stage One: awaiting chief executive approval"
    ONE_SUBMITTED = "one_submitted", "Stage One: submitted to government"
    ONE_AGREED = "one_agreed", "Stage One: framework agreed"
    TWO_DRAFTING = "two_drafting", "Stage Two: drafting indicators and targets"
    TWO_AWAITING_APPROVAL = "two_awaiting_approval", "Stage Two: awaiting chief executive approval"
    TWO_SUBMITTED = "two_submitted", "Stage Two: submitted to government"
    TWO_NEGOTIATION = "two_negotiation", "Stage Two: in negotiation"
    TWO_AGREED = "two_agreed", "Stage Two: agreed"
    SIGNED = "signed", "Agreement signed"
    IN_DELIVERY = "in_delivery", "In delivery"
    CLAIMING = "claiming", "Claiming the reward"
    COMPLETE = "complete", "Complete: the reward claim is settled"


#: Stages after signing: the agreement's content is fixed, and the delivery app records what happens.
DELIVERY_STAGES = frozenset({Stage.SIGNED, Stage.IN_DELIVERY, Stage.CLAIMING, Stage.COMPLETE})


#: Stages in which government has a version in front of it.
STAGES_WITH_GOVERNMENT = {
    Stage.ONE_SUBMITTED,
    Stage.ONE_AGREED,
    Stage.TWO_SUBMITTED,
    Stage.TWO_NEGOTIATION,
    Stage.TWO_AGREED,
    *DELIVERY_STAGES,
}


class FrameworkQuerySet(models.QuerySet):
    def for_dashboard(self):
        return self.select_related("council").prefetch_related("co_signatories").order_by("council__name", "title")

    def open(self):
        return self.filter(closed_at__isnull=True)

    def closed(self):
        return self.filter(closed_at__isnull=False)


class Framework(Versioned):
    """One council's LPSA2 draft (or several councils', for a wider area), agreed with government in two stages."""

    council = models.ForeignKey(
        Organisation,
        verbose_name="Lead authority",
        on_delete=models.PROTECT,
        related_name="frameworks",
        limit_choices_to={"kind__in": sorted(UPPER_TIER)},
        help_text="The council that leads the agreement and is its accountable body.",
    )
    co_signatories = models.ManyToManyField(
        Organisation,
        verbose_name="Co-signatory authorities",
        blank=True,
        related_name="co_signed_frameworks",
        limit_choices_to={"kind__in": sorted(UPPER_TIER)},
        help_text="For an agreement covering a wider area: the other councils that sign it beside the lead.",
    )
    title = title_field()
    slug = models.SlugField(max_length=80, unique=True)
    stage = models.CharField(max_length=30, choices=Stage.choices, default=Stage.ONE_DRAFTING)
    # A new token with any change to what the framework's pages show, in the same transaction:
    # the key of what is cached from its content (priorities/content.py).
    content_version = models.BigIntegerField(default=content.new_version, editable=False)
    stage_one_deadline = models.DateField(
        "Stage One deadline", help_text="When the framework must be agreed with government."
    )
    stage_two_deadline = models.DateField(
        "Stage Two deadline", help_text="When indicators and targets must be ready for negotiation."
    )
    agreement_start = models.DateField(
        "Start of the agreement", null=True, blank=True, help_text="The first day it runs, for example 1 April 2005."
    )
    agreement_end = models.DateField(
        "End of the agreement", null=True, blank=True, help_text="The last day it runs, for example 31 March 2008."
    )
    # The field keeps its first name; what it holds is the year of the net budget requirement.
    base_year = YearField(
        "Year of the net budget requirement",
        blank=True,
        help_text="The financial year whose net budget requirement the reward is worked out from, for example 2004/05.",
    )
    net_budget_requirement = models.DecimalField(
        "Net budget requirement (£)",
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, "The net budget requirement cannot be negative.")],
        error_messages={"invalid": "Enter the net budget requirement in whole pounds, like 1250000000."},
        help_text="For that year, in whole pounds. The reward grant is 2.5% of this.",
    )
    stated_reward = models.DecimalField(
        "Reward grant as the agreement states it (£)",
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, "The reward cannot be negative.")],
        error_messages={"invalid": "Enter the reward in whole pounds, like 3325000."},
        help_text="Optional. Agreements state the reward rounded, for example £3,325,000 for a computed £3,324,825.",
    )
    population = models.PositiveIntegerField(
        "Population of the area",
        null=True,
        blank=True,
        validators=[MaxValueValidator(20_000_000, "Enter the population of the council's area, in people.")],
        error_messages={"invalid": "Enter the population as a whole number, like 1240000."},
        help_text="Residents of the council's area, for the suggested pump-priming grant.",
    )
    pump_priming_grant = models.DecimalField(
        "Pump-priming grant (£)",
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, "The pump-priming grant cannot be negative.")],
        error_messages={"invalid": "Enter the pump-priming grant in whole pounds, like 1000000."},
    )
    pump_priming_year = YearField("Year the pump-priming grant is paid", blank=True, help_text="For example, 2005/06.")
    pump_priming_conditions = text_field(
        "Conditions of the pump-priming grant", "What government asks of the council in return, if anything."
    )
    # A closed framework is kept to be read, and changed by nobody (see close and reopen).
    closed_at = models.DateTimeField("Closed on", null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Closed by",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    closed_reason = text_field("Why it was closed", editable=False)
    signed_on = models.DateField("Date the agreement was signed", null=True, blank=True, editable=False)
    history = HistoricalRecords(m2m_fields=[co_signatories], excluded_fields=["content_version"])
    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("priorities:framework", args=[self.slug])

    @cached_property
    def co_signatory_ids(self) -> frozenset[int]:
        """The co-signatories' ids: from a prefetch when there is one, else one query (none for a new framework)."""
        if self.pk is None:
            return frozenset()
        if "co_signatories" in getattr(self, "_prefetched_objects_cache", {}):
            return frozenset(o.pk for o in self.co_signatories.all())
        return frozenset(self.co_signatories.values_list("pk", flat=True))

    def is_signed_by(self, council_id: int | None) -> bool:
        """Whether this upper-tier council signs the agreement, as its lead or a co-signatory."""
        if council_id is None:
            return False
        return council_id == self.council_id or council_id in self.co_signatory_ids

    @property
    def signatory_ids(self) -> list[int]:
        """Every signing council's id, the lead first."""
        return [self.council_id, *sorted(self.co_signatory_ids - {self.council_id})]

    def signatories(self) -> list[Organisation]:
        """Every signing council, the lead first, then the co-signatories by name."""
        others = sorted((o for o in self.co_signatories.all() if o.pk != self.council_id), key=lambda o: o.name)
        return [self.council, *others]

    @property
    def is_wider_area(self) -> bool:
        return bool(self.co_signatory_ids)

    def districts(self) -> models.QuerySet:
        """The district councils in the signatories' areas; none where each signatory is a single tier.

        Two-tier rules (willing districts must be involved) apply only where these exist.
        """
        in_area = models.Q(county_id=self.council_id) | models.Q(county_id__in=self.co_signatories.values("pk"))
        return Organisation.objects.filter(in_area, kind=Organisation.Kind.DISTRICT)

    def clean_co_signatories(self, organisations) -> None:
        """Co-signatories are upper-tier councils other than the lead, which signs as the lead."""
        for organisation in organisations:
            if not organisation.is_upper_tier:
                raise ValidationError(
                    {
                        "co_signatories": f"{organisation.name} cannot sign: only county, unitary, "
                        "metropolitan and London borough councils sign an LPSA2."
                    }
                )
            if organisation.pk == self.council_id:
                raise ValidationError(
                    {"co_signatories": f"{organisation.name} leads this agreement, so it cannot also co-sign it."}
                )

    @transaction.atomic
    def set_co_signatories(self, organisations) -> None:
        """Name the co-signatories, replacing any named before; refused while the content is locked."""
        organisations = list(organisations)
        self.clean_co_signatories(organisations)
        self.refuse_if_locked()
        self.co_signatories.set(organisations)
        self.__dict__.pop("co_signatory_ids", None)

    @property
    def framework(self) -> "Framework":
        return self

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.council_id is not None and not self.council.is_upper_tier:
            errors["council"] = (
                "Choose a county, unitary, metropolitan or London borough council to lead the agreement."
            )
        one, two = self.stage_one_deadline, self.stage_two_deadline
        if isinstance(one, datetime.date) and isinstance(two, datetime.date) and two < one:
            errors["stage_two_deadline"] = "The Stage Two deadline must come after the Stage One deadline."
        start, end = self.agreement_start, self.agreement_end
        if (start is None) != (end is None):
            errors["agreement_end" if end is None else "agreement_start"] = (
                "Enter both the start and the end of the agreement, or neither."
            )
        elif isinstance(start, datetime.date) and isinstance(end, datetime.date):
            problem = period.length_problem(start, end)
            if problem:
                errors["agreement_end"] = problem
        problem = self.stated_reward_problem()
        if problem:
            errors["stated_reward"] = problem
        problem = self.grant_problem()
        if problem:
            errors["pump_priming_grant"] = problem
        if errors:
            raise ValidationError(errors)

    def stated_reward_problem(self) -> str | None:
        """Why the stated reward will not do, if it will not: it must be within 1% of the computed one."""
        if self.stated_reward is None:
            return None
        computed = self.potential_reward
        if computed is None:
            return "Enter the net budget requirement too: the stated reward is checked against 2.5% of it."
        if not reward.stated_reward_fits(self.stated_reward, computed):
            return (
                f"The stated reward of £{self.stated_reward:,} is more than 1% away from the computed "
                f"£{computed:,.0f} (2.5% of the net budget requirement). Check both figures."
            )
        return None

    def grant_problem(self) -> str | None:
        """The grant cannot be lowered below what is already allocated from it."""
        if self.pk is None:
            return None
        allocated = self.allocated_pump_priming()
        if not allocated:
            return None
        if self.pump_priming_grant is None:
            return (
                f"£{allocated:,} of the pump-priming grant is already allocated. "
                "Enter the grant, or delete the allocations first."
            )
        if self.pump_priming_grant < allocated:
            return (
                f"£{allocated:,} of the pump-priming grant is already allocated. "
                f"Enter £{allocated:,} or more, or reduce the allocations first."
            )
        return None

    def allocated_pump_priming(self) -> Decimal:
        """What is allocated from the pump-priming grant, tied to targets or not."""
        return PumpPriming.objects.filter(framework_id=self.pk).aggregate(total=models.Sum("amount"))["total"] or 0

    @transaction.atomic
    def save_checked(self, *, expected_version: int | None, fields: list[str] | None = None) -> None:
        """Save as every item does, checking the grant again with the row locked.

        An allocation made between the form's check and this save would otherwise be left
        larger than the grant; allocations lock this row too, so one of the two waits.
        """
        if self.pk is not None and (fields is None or "pump_priming_grant" in fields):
            Framework.objects.select_for_update().filter(pk=self.pk).first()
            problem = self.grant_problem()
            if problem:
                raise ValidationError({"pump_priming_grant": problem})
        super().save_checked(expected_version=expected_version, fields=fields)

    @property
    def agreement_period(self) -> period.AgreementPeriod | None:
        """The period with the financial years that follow from it, once both dates are known."""
        if self.agreement_start is None or self.agreement_end is None:
            return None
        return period.AgreementPeriod(self.agreement_start, self.agreement_end)

    @property
    def suggested_pump_priming_grant(self) -> Decimal | None:
        """The first round's formula, £750,000 plus £1 a head, once the population is known."""
        return pump_priming.suggested_grant(self.population)

    @property
    def in_stage_one(self) -> bool:
        return self.stage.startswith("one_")

    @property
    def next_deadline(self) -> tuple[str, datetime.date]:
        if self.in_stage_one:
            return "Stage One", self.stage_one_deadline
        return "Stage Two", self.stage_two_deadline

    def days_to_deadline(self, today: datetime.date | None = None) -> int:
        """Days left until the current stage's deadline; negative when overdue."""
        today = today or timezone.localdate()
        return (self.next_deadline[1] - today).days

    @property
    def is_closed(self) -> bool:
        """A closed framework is read-only for everyone until a council administrator reopens it."""
        return self.closed_at is not None

    @transaction.atomic
    def close(self, *, by, reason: str) -> None:
        """Close the framework, recording who closed it, when and why; refused if it is closed already."""
        reason = reason.strip()
        if not reason:
            raise ValidationError({"closed_reason": "Enter why the framework is being closed."})
        locked = Framework.objects.select_for_update().get(pk=self.pk)
        if locked.closed_at is not None:
            raise ValidationError("This framework is already closed.")
        self.closed_at = timezone.now()
        self.closed_by = by
        self.closed_reason = reason
        self._history_user = by
        self.save(update_fields=["closed_at", "closed_by", "closed_reason"])

    @transaction.atomic
    def reopen(self, *, by) -> None:
        """Open a closed framework again; its history keeps who closed it and why."""
        locked = Framework.objects.select_for_update().get(pk=self.pk)
        if locked.closed_at is None:
            raise ValidationError("This framework is open already.")
        self.closed_at = None
        self.closed_by = None
        self.closed_reason = ""
        # The history record of this save names who reopened it.
        self._history_user = by
        self.save(update_fields=["closed_at", "closed_by", "closed_reason"])

    def list_council_as_accountable_body(self) -> "Involvement":
        """A framework's lead council takes part in it as its accountable body, from the day it is made."""
        involvement, _ = Involvement.objects.get_or_create(
            framework=self,
            organisation_id=self.council_id,
            defaults={"role": Involvement.Role.ACCOUNTABLE_BODY, "status": Involvement.Status.INVOLVED},
        )
        return involvement

    @property
    def is_awaiting_approval(self) -> bool:
        """While the chief executive is asked to approve it, its content is locked."""
        return self.stage in (Stage.ONE_AWAITING_APPROVAL, Stage.TWO_AWAITING_APPROVAL)

    @property
    def is_signed(self) -> bool:
        """Signed, the agreement's content is fixed; only delivery is recorded."""
        return self.stage in DELIVERY_STAGES

    @property
    def has_been_with_government(self) -> bool:
        """Once a version has gone to government, changes to figures need a reason."""
        return self.stage not in (Stage.ONE_DRAFTING, Stage.ONE_CONSULTATION, Stage.ONE_AWAITING_APPROVAL)

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_to_deadline())

    @property
    def potential_reward(self) -> Decimal | None:
        """The most the council can earn: 2.5% of its net budget requirement."""
        return reward.potential_reward(self.net_budget_requirement)


class Involvement(Versioned):
    """How one partner organisation takes part in a framework, or that it declined."""

    class Role(models.TextChoices):
        ACCOUNTABLE_BODY = "accountable", "Accountable body"
        CO_SIGNATORY = "co_signatory", "Co-signatory authority"
        DISTRICT = "district", "District partner"
        LSP = "lsp", "Local Strategic Partnership"
        PUBLIC_BODY = "public_body", "Other public body"
        VOLUNTARY = "voluntary", "Voluntary and community sector"

    class Status(models.TextChoices):
        INVOLVED = "involved", "Involved"
        INVITED = "invited", "Invited, not yet answered"
        DECLINED = "declined", "Declined to take part"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="involvements")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="involvements")
    role = models.CharField(max_length=20, choices=Role.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INVOLVED)
    # The partner consultation: when the partner was sent the draft, and when and what it answered.
    consulted_on = models.DateField("Date the draft was sent", null=True, blank=True)
    answered_on = models.DateField("Date they answered", null=True, blank=True)
    answer = text_field("What they answered")
    notes = text_field("Notes")

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "organisation"], name="one_involvement_per_partner"),
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True)
                | models.Q(consulted_on__isnull=False, answered_on__gte=models.F("consulted_on")),
                name="involvement_answered_after_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.framework}"

    @property
    def has_answered(self) -> bool:
        return self.answered_on is not None

    def clean(self) -> None:
        """The consultation's dates: an answer after the draft was sent, neither in the future,
        and an answer's words and date recorded together."""
        errors = {}
        today = timezone.localdate()
        for field, what in (("consulted_on", "the draft was sent"), ("answered_on", "they answered")):
            day = getattr(self, field)
            if day is not None and day > today:
                errors[field] = f"The date {what} must be today or in the past."
        if self.answered_on is not None and "answered_on" not in errors:
            if self.consulted_on is None:
                errors.setdefault("consulted_on", "Enter the date the draft was sent, since they have answered it.")
            elif self.answered_on < self.consulted_on:
                errors["answered_on"] = (
                    "The date they answered must be the same as or after the date the draft was sent."
                )
        if self.answer.strip() and self.answered_on is None:
            errors.setdefault("answered_on", "Enter the date they answered.")
        if self.answered_on is not None and not self.answer.strip():
            errors.setdefault("answer", "Enter what they answered, or leave the date they answered empty.")
        if errors:
            raise ValidationError(errors)


class PriorityQuerySet(models.QuerySet):
    def for_framework_page(self):
        """Everything the framework overview shows, in a fixed number of queries."""
        return self.select_related("leading_group__lead_organisation").prefetch_related(
            "target_areas__indicators__targets",
            models.Prefetch("activities", queryset=IndicatorActivity.objects.select_related("target_area")),
        )


class Priority(FrameworkItem):
    """A headline improvement priority of a framework, with its outcome and evidence."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="priorities")
    title = title_field(help_text="For example, “Tackling barriers to recruitment in Hampshire”.")
    outcome = text_field("Outcome statement", "The improvement people would see if the priority succeeds.")
    community_strategy_theme = OneLineField(
        "Community strategy theme",
        max_length=TITLE_MAX,
        blank=True,
        error_messages={"max_length": TOO_LONG},
    )
    evidence = text_field(
        "Evidence",
        "Why this is a local priority: the community strategy, CPA outcomes, local performance information.",
    )
    leading_group = models.ForeignKey(
        WorkingGroup,
        verbose_name="Leading working group",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="priorities",
    )
    # Each impact is yes, no, or not assessed yet (None), which is not the same as no.
    affects_accessibility = models.BooleanField("Accessibility", null=True, blank=True, default=None)
    affects_equalities = models.BooleanField("Equalities", null=True, blank=True, default=None)
    affects_sustainability = models.BooleanField("Sustainability", null=True, blank=True, default=None)
    target_groups = text_field("Target groups", "People this priority is aimed at, if any.")
    geography = text_field("Geography", "Places this priority is aimed at, if any.")

    history = HistoricalRecords()
    objects = PriorityQuerySet.as_manager()

    class Meta(FrameworkItem.Meta):
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return f"Main Priority {self.position}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("priorities:priority", args=[self.pk])

    def siblings(self) -> models.QuerySet:
        return Priority.objects.filter(framework_id=self.framework_id)

    @property
    def cross_cutting_answers(self) -> list[tuple[str, bool | None]]:
        """Each cross-cutting theme and its answer: an impact (True), none (False), or not yet
        assessed (None), which pages print as “Not assessed”, never as “No”."""
        return [
            ("Accessibility", self.affects_accessibility),
            ("Equalities", self.affects_equalities),
            ("Sustainability", self.affects_sustainability),
        ]

    @property
    def cross_cutting_impacts(self) -> list[str]:
        return [name for name, on in self.cross_cutting_answers if on is True]


class TargetArea(FrameworkItem):
    """An area of focus under a priority, such as “Business Support”."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="target_areas")
    title = title_field()
    description = text_field("Description")

    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("priorities:priority", args=[self.priority_id]) + f"#area-{self.pk}"

    def siblings(self) -> models.QuerySet:
        return TargetArea.objects.filter(priority_id=self.priority_id)

    @property
    def framework(self) -> Framework:
        return self.priority.framework


class IndicatorActivity(FrameworkItem):
    """A potential activity listed under a priority, such as “Graffiti (zero tolerance)”."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="activities")
    target_area = models.ForeignKey(
        TargetArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        help_text="Leave empty if the activity serves the priority as a whole.",
    )
    title = title_field()
    explorer_partnership = models.BooleanField(
        "Candidate explorer partnership",
        default=False,
        help_text="Government would work alongside the council on this.",
    )
    department = OneLineField(
        "Government department",
        max_length=TITLE_MAX,
        blank=True,
        error_messages={"max_length": TOO_LONG},
        help_text="For an explorer partnership, the department that would work with us.",
    )

    history = HistoricalRecords()

    class Meta(FrameworkItem.Meta):
        verbose_name_plural = "indicator activities"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("priorities:priority", args=[self.priority_id]) + f"#activity-{self.pk}"

    def siblings(self) -> models.QuerySet:
        return IndicatorActivity.objects.filter(priority_id=self.priority_id)

    @property
    def framework(self) -> Framework:
        return self.priority.framework

    def clean(self) -> None:
        if self.target_area_id and self.priority_id and self.target_area.priority_id != self.priority_id:
            raise ValidationError({"target_area": "Choose a target area of this priority."})


class Indicator(FrameworkItem):
    """A measure of progress under a target area, with its baseline and status with government."""

    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    class Measures(models.TextChoices):
        OUTCOME = "outcome", "An outcome"
        PROCESS = "process", "A process"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        AGREED = "agreed", "Agreed with government"
        REJECTED = "rejected", "Rejected by government"

    target_area = models.ForeignKey(TargetArea, on_delete=models.CASCADE, related_name="indicators")
    title = title_field()
    definition = text_field("Definition", "Exactly what is counted, and how.")
    unit = OneLineField(
        "Unit",
        max_length=60,
        blank=True,
        error_messages={"max_length": TOO_LONG},
        help_text="For example: %, people, incidents per 1,000 residents.",
    )
    direction = models.CharField(
        "Direction of improvement", max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    measures = models.CharField(
        "What it measures",
        max_length=10,
        choices=Measures.choices,
        default=Measures.OUTCOME,
        help_text="LPSA2 indicators must measure outcomes, not processes.",
    )
    data_source = text_field("Data source")
    collection_frequency = OneLineField(
        "Collection frequency",
        max_length=100,
        blank=True,
        error_messages={"max_length": TOO_LONG},
        help_text="For example: quarterly, annually.",
    )
    data_collection_issues = text_field("Data-collection issues")
    geography = text_field("Geography")
    target_group = text_field("Target group")
    baseline_year = YearField("Baseline year", blank=True, help_text="For example, 2003/04.")
    baseline_value = figure_field("Baseline value")
    status = models.CharField("Status with government", max_length=10, choices=Status.choices, default=Status.PROPOSED)
    is_illustrative = models.BooleanField(
        "Illustrative only",
        default=False,
        help_text="Example figures that are not the council's own.",
    )

    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("priorities:indicator", args=[self.pk])

    def siblings(self) -> models.QuerySet:
        return Indicator.objects.filter(target_area_id=self.target_area_id)

    @property
    def priority(self) -> Priority:
        return self.target_area.priority

    @property
    def framework(self) -> Framework:
        return self.target_area.priority.framework

    def targets_in_order(self) -> list["Target"]:
        """Its target lines in display order (uses prefetched rows)."""
        return list(self.targets.all())

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if bool(self.baseline_year) != (self.baseline_value is not None):
            missing = "baseline_value" if self.baseline_year else "baseline_year"
            errors[missing] = "Enter both the baseline year and the baseline value, or neither."
        if self._turns_against_its_targets():
            errors["direction"] = "The targets of this indicator stretch the other way. Change their figures first."
        if errors:
            raise ValidationError(errors)

    def reopen(self, *, reason: str) -> None:
        """Put an agreed indicator back to proposed: what government agreed has changed.

        Any other status is left as it is.
        """
        if not Indicator.objects.filter(pk=self.pk, status=self.Status.AGREED).exists():
            return
        stored = Indicator.objects.select_for_update().get(pk=self.pk)
        if stored.status != self.Status.AGREED:
            return
        stored.status = self.Status.PROPOSED
        stored.version += 1  # an indicator form opened before this must not set it back unseen
        stored._change_reason = reason
        stored.save(update_fields=["status", "version"])
        self.status, self.version = stored.status, stored.version

    def _turns_against_its_targets(self) -> bool:
        """Whether a new direction of improvement would turn a saved target's stretch the wrong way."""
        if self.pk is None:
            return False
        stored = Indicator.objects.filter(pk=self.pk).values_list("direction", flat=True).first()
        if stored in (None, self.direction):
            return False
        for target in Target.objects.filter(indicator_id=self.pk):
            target.indicator = self
            if target.direction_problem(target.stretch) or target.direction_problem(target.interim_stretch):
                return True
        return False


class AgreementTarget(FrameworkItem):
    """A numbered target of the agreement, such as “Target 5: Reduce anti-social behaviour”.

    It is the unit of the reward: the reward is split equally across a framework's numbered
    targets, and each one's share across its lines (``Target`` rows, each an indicator's
    figures), equally unless every line is weighted. Its number is its position.
    """

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="agreement_targets")
    priority = models.ForeignKey(
        Priority,
        verbose_name="Priority it serves",
        on_delete=models.CASCADE,
        related_name="agreement_targets",
    )
    title = title_field(help_text="For example, “Reduce anti-social behaviour”.")
    lead_partner = models.ForeignKey(
        Organisation,
        verbose_name="Lead partner (optional)",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreement_targets_led",
        help_text="The partner that leads the work to reach this target.",
    )
    lead_department = OneLineField(
        "Lead government department (optional)",
        max_length=TITLE_MAX,
        blank=True,
        error_messages={"max_length": TOO_LONG},
        help_text="The department that agrees this target for government, for example the Home Office.",
    )
    areas = models.ManyToManyField(
        Organisation,
        verbose_name="Areas it covers",
        blank=True,
        related_name="agreement_targets_in_area",
        help_text="Tick the councils whose areas the target is limited to. "
        "Leave them all unticked when it covers the whole area.",
    )

    history = HistoricalRecords(m2m_fields=[areas])

    class Meta(FrameworkItem.Meta):
        verbose_name = "numbered target"

    def __str__(self) -> str:
        return f"Target {self.number}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("priorities:agreement_targets", args=[self.framework.slug]) + f"#agreementtarget-{self.pk}"

    @property
    def number(self) -> int:
        return self.position

    def siblings(self) -> models.QuerySet:
        return AgreementTarget.objects.filter(framework_id=self.framework_id)

    def clean(self) -> None:
        if self.priority_id and self.framework_id and self.priority.framework_id != self.framework_id:
            raise ValidationError({"priority": "Choose a priority of this framework."})

    def area_choices(self) -> models.QuerySet:
        """The areas a target can be limited to: the signatories' and their districts'."""
        framework = self.framework
        signatories = models.Q(pk=framework.council_id) | models.Q(pk__in=framework.co_signatories.values("pk"))
        return Organisation.objects.filter(signatories | models.Q(pk__in=framework.districts().values("pk")))

    def clean_areas(self, organisations) -> None:
        """A target is limited only to areas within the agreement: a signatory's, or a district's in them."""
        allowed = set(self.area_choices().values_list("pk", flat=True))
        for organisation in organisations:
            if organisation.pk not in allowed:
                raise ValidationError(
                    {
                        "areas": f"{organisation.name} is neither a signatory of this agreement nor a district "
                        "council in its area, so the target cannot be limited to it."
                    }
                )

    @transaction.atomic
    def set_areas(self, organisations) -> None:
        """Limit the target to these areas (none: the whole area); refused while the content is locked."""
        organisations = list(organisations)
        self.clean_areas(organisations)
        self.refuse_if_locked()
        self.areas.set(organisations)

    def areas_in_words(self) -> str:
        """“The whole area”, or the named areas (uses prefetched rows when there are any)."""
        names = sorted(area.name for area in self.areas.all())
        return ", ".join(names) if names else "Covers the whole area"

    def lines_in_order(self) -> list["Target"]:
        """Its lines in the order the framework shows them, in one query."""
        return sorted(self.lines.select_related("indicator__target_area__priority"), key=Target.display_key)

    def weight_problem(self, lines: list["Target"] | None = None) -> str | None:
        """Why its lines' weights cannot be used, when some are set: they must all be set and add up to 100%."""
        # Only the weights count, so the lines need no order.
        weights = [line.weight for line in (self.lines.all() if lines is None else lines)]
        if all(weight is None for weight in weights):
            return None
        if any(weight is None for weight in weights):
            return (
                f"{self} weights some of its lines and not others. Give every line a weight, "
                "or none to split its reward equally."
            )
        total = sum(weights)
        if total != 100:
            return f"The weights of {self}'s lines add up to {total.normalize():f}%. They must add up to 100%."
        return None


#: A target's figures: what government is asked to agree to.
TARGET_FIGURES = [
    "period",
    "without_lpsa",
    "with_lpsa",
    "interim_period",
    "interim_without_lpsa",
    "interim_with_lpsa",
    "baseline_year",
    "baseline_value",
]


class Target(FrameworkItem):
    """What an indicator should reach: performance without LPSA2 and the stretch target with it."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    agreement_target = models.ForeignKey(
        AgreementTarget,
        verbose_name="Numbered target",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lines",
        help_text="The numbered target of the agreement this line counts towards.",
    )
    title = OneLineField(
        "Label (optional)",
        max_length=TITLE_MAX,
        blank=True,
        error_messages={"max_length": TOO_LONG},
        help_text="Needed when an indicator has more than one line to the same year, for example “Women returners”.",
    )
    period = YearField(
        "Final year",
        error_messages={"blank": "Enter the year the target runs to, like 2007/08."},
        help_text="The year the target runs to, for example 2007/08.",
    )
    without_lpsa = figure_field("Performance expected without LPSA2")
    with_lpsa = figure_field("Target with LPSA2")
    interim_period = YearField("Interim year", blank=True, help_text="Optional.")
    interim_without_lpsa = figure_field("Interim performance without LPSA2")
    interim_with_lpsa = figure_field("Interim target with LPSA2")
    baseline_year = YearField(
        "Baseline year (optional)",
        blank=True,
        help_text="Only if this line has a baseline of its own. Otherwise the indicator's is used.",
    )
    baseline_value = figure_field("Baseline value (optional)")
    weight = models.DecimalField(
        "Weight (%) (optional)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0, "A weight cannot be below 0%."),
            MaxValueValidator(100, "A weight cannot be above 100%."),
        ],
        error_messages={"invalid": "Enter the weight as a percentage, like 50 or 33.33."},
        help_text=(
            "This line's share of its numbered target's reward. Leave every line's weight empty to split "
            "the reward equally; if you weight one line, weight them all so they add up to 100%. "
            "A line weighted 0% is shown for information and not scored."
        ),
    )
    status = models.CharField(
        "Status with government",
        max_length=10,
        choices=Indicator.Status.choices,
        default=Indicator.Status.PROPOSED,
        editable=False,
    )

    history = HistoricalRecords()

    def __str__(self) -> str:
        label = self.title or f"Target to {self.period}"
        return label

    def get_absolute_url(self) -> str:
        return reverse("priorities:target", args=[self.pk])

    def siblings(self) -> models.QuerySet:
        return Target.objects.filter(indicator_id=self.indicator_id)

    @staticmethod
    def display_key(line: "Target") -> tuple:
        """Where a line comes in the framework: by priority, target area, indicator, then its own place."""
        indicator = line.indicator
        area = indicator.target_area
        return (area.priority.position, area.position, indicator.position, indicator.pk, line.position, line.pk)

    @property
    def label(self) -> str:
        """The line as a numbered target lists it: its indicator, and its own label if it has one."""
        return self.indicator.title + (f": {self.title}" if self.title else "")

    @property
    def own_baseline(self) -> bool:
        return self.baseline_value is not None

    @property
    def effective_baseline_year(self) -> str:
        return self.baseline_year if self.own_baseline else self.indicator.baseline_year

    @property
    def effective_baseline_value(self) -> Decimal | None:
        return self.baseline_value if self.own_baseline else self.indicator.baseline_value

    @property
    def is_scored(self) -> bool:
        """A line weighted 0% is shown for information only."""
        return self.weight != 0

    @property
    def priority(self) -> Priority:
        return self.indicator.priority

    @property
    def framework(self) -> Framework:
        return self.indicator.framework

    @property
    def stretch_percent(self) -> Decimal | None:
        """The stretch as a share of the performance expected without LPSA2."""
        if self.stretch is None or not self.without_lpsa:
            return None
        return (self.stretch / abs(self.without_lpsa) * 100).quantize(Decimal("0.1"))

    @property
    def stretch(self) -> Decimal | None:
        """The enhancement LPSA2 buys: the target with it minus performance without it."""
        if self.with_lpsa is None or self.without_lpsa is None:
            return None
        return self.with_lpsa - self.without_lpsa

    @property
    def interim_stretch(self) -> Decimal | None:
        if self.interim_with_lpsa is None or self.interim_without_lpsa is None:
            return None
        return self.interim_with_lpsa - self.interim_without_lpsa

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if bool(self.baseline_year) != (self.baseline_value is not None):
            missing = "baseline_value" if self.baseline_year else "baseline_year"
            errors[missing] = "Enter both this line's baseline year and value, or neither to use the indicator's."
        indicator = self._indicator_or_none()
        if (
            indicator is not None
            and self.agreement_target_id
            and self.agreement_target.framework_id != indicator.framework.pk
        ):
            errors["agreement_target"] = "Choose a numbered target of this framework."
        if indicator is not None and indicator.pk and not self.title and YEAR_FORMAT.regex.match(self.period):
            # Lines to different years are told apart by their year; lines to one year need labels.
            # (A year not yet well formed is refused on its own field, and never looked up.)
            others = Target.objects.filter(indicator_id=indicator.pk, period=self.period).exclude(pk=self.pk)
            if others.exists():
                errors["title"] = (
                    "Enter a label for this line, such as “Women returners”, so it can be told apart "
                    "from the indicator's other lines."
                )
        interim = [self.interim_period, self.interim_without_lpsa, self.interim_with_lpsa]
        given = [value not in (None, "") for value in interim]
        if any(given) and not all(given):
            names = ["interim_period", "interim_without_lpsa", "interim_with_lpsa"]
            for name, present in zip(names, given, strict=True):
                if not present:
                    errors[name] = "Enter the interim year and both interim figures, or leave all three empty."
        if indicator is not None:
            for field, stretch in (("with_lpsa", self.stretch), ("interim_with_lpsa", self.interim_stretch)):
                message = self.direction_problem(stretch)
                if message and field not in errors:
                    errors[field] = message
            reason_problem = self.change_reason_problem()
            if reason_problem:
                errors["change_reason"] = reason_problem
        if errors:
            raise ValidationError(errors)

    def change_reason_problem(self) -> str | None:
        """Why the reason given for this change will not do, if it will not.

        The reason is ``_change_reason``, which simple-history keeps with the change. Once
        government has seen a version, a change of figures needs one.
        """
        reason = (getattr(self, "_change_reason", None) or "").strip()
        longest = type(self).history.model._meta.get_field("history_change_reason").max_length
        if len(reason) > longest:
            return TOO_LONG % {"limit_value": longest, "show_value": len(reason)}
        if reason or self.pk is None or not self.framework.has_been_with_government or not self.figures_changed():
            return None
        return "Say why the figures are changing. Government has seen them."

    def figures_changed(self, stored: "Target | None" = None) -> bool:
        """Whether any figure differs from the saved row, read now unless given; a new target has none."""
        if stored is None and self.pk is not None:
            stored = Target.objects.filter(pk=self.pk).only(*TARGET_FIGURES).first()
        return stored is not None and any(getattr(self, name) != getattr(stored, name) for name in TARGET_FIGURES)

    def changes_following(self, stored: "Target") -> list[str]:
        """Changed figures are not the ones government agreed: the target and its indicator are proposed again.

        The negotiation's agreement sets figures and status together, without this save.
        """
        if not self.figures_changed(stored):
            return []
        self.indicator.reopen(reason="A target's figures changed after they were agreed.")
        if stored.status != Indicator.Status.AGREED:
            return []
        self.status = Indicator.Status.PROPOSED
        return ["status"]

    def _indicator_or_none(self) -> "Indicator | None":
        # A target checked before its indicator is saved (an import) still has one in memory.
        try:
            return self.indicator
        except Indicator.DoesNotExist:
            return None

    def direction_problem(self, stretch: Decimal | None) -> str | None:
        """Explain why a stretch is against the indicator's direction of improvement, if it is."""
        if stretch is None or stretch == 0:
            return None
        higher = self.indicator.direction == Indicator.Direction.HIGHER
        if higher and stretch < 0:
            return (
                "For this indicator higher is better, so the target with LPSA2 must be higher "
                "than the performance expected without it."
            )
        if not higher and stretch > 0:
            return (
                "For this indicator lower is better, so the target with LPSA2 must be lower "
                "than the performance expected without it."
            )
        return None


class PumpPriming(Versioned):
    """A line of the pump-priming grant: for a target, or for the agreement as a whole
    (co-ordination, the voluntary sector), with what it will be spent on."""

    class Kind(models.TextChoices):
        CAPITAL = "capital", "Capital"
        REVENUE = "revenue", "Revenue"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="pump_priming", editable=False)
    target = models.ForeignKey(Target, on_delete=models.CASCADE, null=True, blank=True, related_name="pump_priming")
    purpose = OneLineField(
        "What the line is for",
        max_length=TITLE_MAX,
        blank=True,
        error_messages={"max_length": TOO_LONG},
        help_text="For a line not tied to a target, for example “Co-ordination” or “Voluntary sector”.",
    )
    amount = models.DecimalField(
        "Amount (£)",
        max_digits=12,
        decimal_places=0,
        validators=[MinValueValidator(1, "Enter an amount of at least £1.")],
        error_messages={"invalid": "Enter the amount in whole pounds, like 250000."},
    )
    # Empty only on lines made before capital and revenue were told apart.
    kind = models.CharField(
        "Capital or revenue",
        max_length=10,
        choices=Kind.choices,
        default="",
        error_messages={"blank": "Choose whether it is capital or revenue."},
    )
    spend_on = text_field("What it will be spent on", blank=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "pump-priming allocations"

    def __str__(self) -> str:
        return f"£{self.amount:,} for {self.target or self.purpose}"

    def get_absolute_url(self) -> str:
        return reverse("priorities:money", args=[self.framework.slug]) + "#pump-priming"

    @property
    def priority(self) -> Priority | None:
        """The priority of the target it is for; none for a line of the agreement as a whole."""
        return self.target.priority if self.target_id else None

    @property
    def label(self) -> str:
        """How lists name the line: its target's indicator, or what it is for."""
        return self.target.indicator.title if self.target_id else self.purpose

    def take_framework_from_target(self) -> None:
        """A line for a target belongs to the target's framework."""
        if self.target_id and self.framework_id is None:
            self.framework = self.target.framework

    def prepare_new(self) -> None:
        self.take_framework_from_target()

    def clean(self) -> None:
        self.take_framework_from_target()
        if self.target_id and self.target.framework.pk != self.framework_id:
            raise ValidationError({"target": "Choose a target of this framework."})
        if not self.target_id and not self.purpose:
            raise ValidationError(
                {"purpose": "Enter what the line is for, like “Co-ordination” or “Voluntary sector”."}
            )
        self.check_within_grant()

    @transaction.atomic
    def save_checked(self, *, expected_version: int | None, fields: list[str] | None = None) -> None:
        """Save as every item does, checking the grant again with the framework's row locked.

        Two allocations checked at the same moment would each see the other's share as still
        free. The lock makes the second save wait for the first, then count it.
        """
        self.take_framework_from_target()
        self.check_within_grant(Framework.objects.select_for_update().get(pk=self.framework_id))
        super().save_checked(expected_version=expected_version, fields=fields)

    def check_within_grant(self, framework: Framework | None = None) -> None:
        """Refuse an amount larger than what is left of the framework's pump-priming grant.

        Every line counts, whether tied to a target or not.
        """
        if self.amount is None or not self.framework_id:
            return
        framework = framework or self.framework
        grant = framework.pump_priming_grant
        if grant is None:
            raise ValidationError({"amount": "Enter the framework's pump-priming grant first, on its details page."})
        others = (
            PumpPriming.objects.filter(framework_id=framework.pk)
            .exclude(pk=self.pk)
            .aggregate(total=models.Sum("amount"))["total"]
            or 0
        )
        left = grant - others
        if self.amount > left:
            raise ValidationError(
                {"amount": f"Only £{left:,} of the £{grant:,} grant is left to allocate. Enter £{left:,} or less."}
            )


class Freedom(Versioned):
    """A freedom or flexibility the council asks government for, to help reach a target."""

    class Kind(models.TextChoices):
        STATUTORY = "statutory", "A statutory requirement"
        ADMINISTRATIVE = "administrative", "An administrative requirement"
        BORROWING = "borrowing", "Extra borrowing"

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        AGREED = "agreed", "Agreed"
        REFUSED = "refused", "Refused"
        DELIVERED = "delivered", "Delivered"

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="freedoms")
    request = text_field("What is asked", "What the council asks government to relax or allow.", blank=False)
    kind = models.CharField("What it concerns", max_length=20, choices=Kind.choices)
    department = OneLineField(
        "Government department asked", max_length=TITLE_MAX, blank=True, error_messages={"max_length": TOO_LONG}
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    review_date = models.DateField("Review date", null=True, blank=True)
    borrowing_amount = models.DecimalField(
        "Extra borrowing asked for (£)",
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(1, "Enter an amount of at least £1.")],
        error_messages={"invalid": "Enter the amount in whole pounds, like 5000000."},
        help_text="For extra borrowing only, in whole pounds.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "freedoms and flexibilities"

    def __str__(self) -> str:
        return self.request[:80] or "Freedom"

    def get_absolute_url(self) -> str:
        return reverse("priorities:freedoms", args=[self.framework.slug]) + f"#freedom-{self.pk}"

    @property
    def priority(self) -> Priority:
        return self.target.priority

    @property
    def framework(self) -> Framework:
        return self.target.framework

    def clean(self) -> None:
        if self.borrowing_amount is not None and self.kind != self.Kind.BORROWING:
            raise ValidationError(
                {
                    "borrowing_amount": "Only a request for extra borrowing has an amount to borrow. "
                    "Leave the amount empty, or choose “Extra borrowing”."
                }
            )
