from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
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
