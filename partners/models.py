from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from partners.fields import OneLineField


class Organisation(models.Model):
    """A council, partnership or public body that takes part in drafting an LPSA2."""

    class Kind(models.TextChoices):
        COUNTY = "county", "County council"
        DISTRICT = "district", "District or borough council"
        LSP = "lsp", "Local Strategic Partnership"
        POLICE = "police", "Police"
        HEALTH = "health", "Health (primary care trust)"
        VOLUNTARY = "voluntary", "Voluntary and community sector"
        GOVERNMENT = "government", "Government department"
        OTHER = "other", "Other public body"

    name = OneLineField(max_length=200, unique=True)
    short_name = OneLineField(max_length=60, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    county = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="area_organisations",
        limit_choices_to={"kind": Kind.COUNTY},
        help_text="The county council whose area this organisation works in.",
    )
    website = models.URLField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="county") | models.Q(county__isnull=True),
                name="county_council_has_no_parent_county",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def council_area_id(self) -> int | None:
        """The county council whose frameworks this organisation's people may see."""
        if self.kind == self.Kind.COUNTY:
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
        limit_choices_to={"kind": Organisation.Kind.COUNTY},
        help_text="The county council whose LPSA2 this group works on.",
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

    def includes(self, person: Person | None) -> bool:
        """Whether this person leads the group or is one of its members."""
        if person is None:
            return False
        if self.lead_person_id == person.pk:
            return True
        return any(member.pk == person.pk for member in self.member_people.all())
