import datetime
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partners.fields import OneLineField


class OrganisationKind(models.TextChoices):
    """What sort of body an organisation is."""

    COUNTY = "county", "County council"
    UNITARY = "unitary", "Unitary council"
    METROPOLITAN = "metropolitan", "Metropolitan district council"
    LONDON_BOROUGH = "london_borough", "London borough council"
    DISTRICT = "district", "District or borough council (in a county)"
    LSP = "lsp", "Local Strategic Partnership"
    POLICE = "police", "Police"
    HEALTH = "health", "Health (primary care trust)"
    VOLUNTARY = "voluntary", "Voluntary and community sector"
    GOVERNMENT = "government", "Government department"
    OTHER = "other", "Other public body"


#: The 150 authorities that could sign an LPSA2 and be its accountable body.
UPPER_TIER = frozenset(
    {OrganisationKind.COUNTY, OrganisationKind.UNITARY, OrganisationKind.METROPOLITAN, OrganisationKind.LONDON_BOROUGH}
)
#: What a council's administrator may add to its area: anything but a council that signs, or government.
AREA_KINDS = [kind for kind in OrganisationKind if kind not in UPPER_TIER and kind != OrganisationKind.GOVERNMENT]


class Organisation(models.Model):
    """A council, partnership or public body that takes part in drafting an LPSA2."""

    Kind = OrganisationKind

    UPPER_TIER = UPPER_TIER

    name = OneLineField(max_length=200, unique=True)
    short_name = OneLineField(max_length=60, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Named ``county`` from when only county councils signed; it is any upper-tier council.
    county = models.ForeignKey(
        "self",
        verbose_name="Council area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="area_organisations",
        limit_choices_to={"kind__in": sorted(UPPER_TIER)},
        help_text="The county, unitary, metropolitan or London borough council whose area this organisation works in.",
    )
    website = models.URLField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind__in=sorted(UPPER_TIER)) | models.Q(county__isnull=True),
                name="upper_tier_council_has_no_council_area",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind in self.UPPER_TIER and self.county_id is not None:
            raise ValidationError({"county": "A council that could sign an LPSA2 is its own area: leave this empty."})
        if self.county_id is not None and self.county.kind not in self.UPPER_TIER:
            raise ValidationError(
                {"county": "Choose a county, unitary, metropolitan or London borough council as the area."}
            )
        if self.kind == self.Kind.GOVERNMENT and self.county_id is not None:
            raise ValidationError({"kind": "A government department works nationally, not in one council's area."})
        if self.short_name and self.county_id is not None:
            same = Organisation.objects.filter(county_id=self.county_id, short_name__iexact=self.short_name)
            if same.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {
                        "short_name": f"Another organisation in this area is already called “{self.short_name}” for short."
                    }
                )

    @property
    def is_upper_tier(self) -> bool:
        """A county, unitary, metropolitan district or London borough council: one that could sign."""
        return self.kind in self.UPPER_TIER

    @property
    def council_area_id(self) -> int | None:
        """The upper-tier council whose frameworks this organisation's people may see."""
        if self.is_upper_tier:
            return self.pk
        return self.county_id


class Person(models.Model):
    """A user of the tool: who they are, where they work and what they may do."""

    class Role(models.TextChoices):
        OFFICER = "officer", "Council officer"
        WORKING_GROUP_LEAD = "wglead", "Working-group lead"
        CHIEF_EXECUTIVE = "chiefexec", "Chief executive"
        REVIEWER = "reviewer", "Government reviewer"
        ADMINISTRATOR = "admin", "Administrator"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people")
    job_title = OneLineField(max_length=200, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.OFFICER)

    history = HistoricalRecords()

    class Meta:
        ordering = ["user__last_name", "user__first_name", "user__username"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.user.get_full_name() or self.user.username


class WorkingGroup(models.Model):
    """A group of partners that develops one priority or a cross-cutting subject."""

    class Remit(models.TextChoices):
        PRIORITY = "priority", "A headline priority"
        CROSS_CUTTING = "cross_cutting", "A cross-cutting subject"

    council = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="council_working_groups",
        limit_choices_to={"kind__in": sorted(UPPER_TIER)},
        help_text="The council whose LPSA2 this group works on.",
    )
    name = OneLineField(max_length=200)
    lead_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="groups_led")
    lead_person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="groups_led")
    member_people = models.ManyToManyField(Person, blank=True, related_name="working_groups")
    member_organisations = models.ManyToManyField(Organisation, blank=True, related_name="working_groups")
    remit = models.CharField(max_length=20, choices=Remit.choices, default=Remit.PRIORITY)
    subject = OneLineField(
        max_length=200,
        blank=True,
        help_text="For a cross-cutting group, the subject it looks at, such as accessibility or housing.",
    )

    history = HistoricalRecords(m2m_fields=[member_people, member_organisations])

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["council", "name"], name="unique_group_name_per_council")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:working_group", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.remit == self.Remit.CROSS_CUTTING and not self.subject.strip():
            errors["subject"] = "Enter the subject the group looks at, such as accessibility or housing."
        if self.council_id is not None:
            in_area = Organisation.objects.filter(models.Q(pk=self.council_id) | models.Q(county_id=self.council_id))
            if self.lead_organisation_id is not None and not in_area.filter(pk=self.lead_organisation_id).exists():
                errors["lead_organisation"] = "Choose an organisation of the council's area to lead the group."
            if self.lead_person_id is not None and not in_area.filter(people=self.lead_person_id).exists():
                errors["lead_person"] = "Choose someone who works for an organisation of the council's area."
        if errors:
            raise ValidationError(errors)

    def clean_members(self, people, organisations) -> None:
        """Members are the people and organisations of the group's council's area."""
        area = {self.council_id, *Organisation.objects.filter(county_id=self.council_id).values_list("pk", flat=True)}
        for organisation in organisations:
            if organisation.pk not in area:
                raise ValidationError(
                    {
                        "member_organisations": f"{organisation.name} is not in the council's area, so it cannot be a member."
                    }
                )
        for person in people:
            if person.organisation_id not in area:
                raise ValidationError(
                    {"member_people": f"{person} does not work in the council's area, so they cannot be a member."}
                )

    def delete_unless_leading(self) -> None:
        """Delete the group, refusing while it leads a priority: a priority's lead decides who edits its measures."""
        led = list(self.priorities.values_list("title", flat=True)[:3])
        if led:
            count = self.priorities.count()
            names = ", ".join(f"“{title}”" for title in led) + (" and others" if count > len(led) else "")
            raise ValidationError(
                f"This group leads {count} priorit{'y' if count == 1 else 'ies'} ({names}). "
                "Choose another group to lead them first, then delete this one."
            )
        self.delete()

    def includes(self, person: Person | None) -> bool:
        """Whether this person leads the group or is one of its members."""
        if person is None:
            return False
        if self.lead_person_id == person.pk:
            return True
        return any(member.pk == person.pk for member in self.member_people.all())


def _new_key() -> str:
    return secrets.token_urlsafe(16)


class Invitation(models.Model):
    """An e-mail asking someone to set the password of the account made for them.

    The link carries the invitation's id and ``key``, signed with the site's secret key, so
    the database alone cannot make a working link. Sending it again changes the key, which
    stops the older links; it works once, and for ``settings.INVITATION_DAYS`` after sending.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Invitation sent"
        EXPIRED = "expired", "Invitation expired"
        ACCEPTED = "accepted", "Accepted"
        CANCELLED = "cancelled", "Invitation cancelled"

    SALT = "partners.invitation"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # When it was last sent: the link expires a set number of days after this.
    sent_at = models.DateTimeField(default=timezone.now)
    key = models.CharField(max_length=32, default=_new_key)
    accepted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(accepted_at__isnull=True, cancelled_at__isnull=True),
                name="one_open_invitation_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.person}"

    @property
    def expires_at(self) -> datetime.datetime:
        return self.sent_at + datetime.timedelta(days=settings.INVITATION_DAYS)

    @property
    def status(self) -> str:
        if self.accepted_at is not None:
            return self.Status.ACCEPTED
        if self.cancelled_at is not None:
            return self.Status.CANCELLED
        if timezone.now() >= self.expires_at:
            return self.Status.EXPIRED
        return self.Status.PENDING

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def is_open(self) -> bool:
        """Neither accepted nor cancelled: it may be sent again, expired or not."""
        return self.accepted_at is None and self.cancelled_at is None

    def token(self) -> str:
        return signing.dumps([self.pk, self.key], salt=self.SALT, compress=False)

    def link(self) -> str:
        return settings.SITE_URL.rstrip("/") + reverse("accept_invitation", args=[self.token()])

    @classmethod
    def from_token(cls, token: str) -> tuple["Invitation | None", bool]:
        """The invitation a link names, and whether the link is its latest (not sent again since)."""
        try:
            pk, key = signing.loads(token, salt=cls.SALT)
        except (signing.BadSignature, ValueError, TypeError):
            return None, False
        invitation = (
            cls.objects.select_related("person__user", "person__organisation", "invited_by").filter(pk=pk).first()
        )
        if invitation is None:
            return None, False
        return invitation, secrets.compare_digest(str(key), invitation.key)

    def send_again(self) -> None:
        """Make a new link, which stops the older ones, and start its days again."""
        if self.accepted_at is not None:
            raise ValidationError("This invitation has been accepted: there is nothing to send again.")
        self.key = _new_key()
        self.sent_at = timezone.now()
        self.cancelled_at = None
        self.save(update_fields=["key", "sent_at", "cancelled_at"])

    def cancel(self) -> None:
        if not self.is_open:
            raise ValidationError("Only an invitation that has not been accepted or cancelled can be cancelled.")
        self.cancelled_at = timezone.now()
        self.save(update_fields=["cancelled_at"])

    def mark_accepted(self) -> None:
        if self.status != self.Status.PENDING:
            raise ValidationError("This invitation can no longer be used.")
        self.accepted_at = timezone.now()
        self.save(update_fields=["accepted_at"])
