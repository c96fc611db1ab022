"""The kinds of framework item the generic create, edit, delete and move views handle.

Each kind says in one place what it is, what it hangs under, who may change it (a rule of
priorities.permissions), which form edits it, and where the pages go once it is saved,
moved or deleted. Adding a kind means adding it here, then its URLs.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace

from django.db.models import Count, Model
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from priorities import permissions as perms
from priorities.forms import (
    AgreementTargetForm,
    FreedomForm,
    IndicatorActivityForm,
    IndicatorForm,
    InvolvementForm,
    PriorityForm,
    PumpPrimingForm,
    TargetAreaForm,
    TargetForm,
    VersionedForm,
)
from priorities.models import (
    AgreementTarget,
    Freedom,
    Indicator,
    IndicatorActivity,
    Involvement,
    Priority,
    PumpPriming,
    Target,
    TargetArea,
)


def _own_page(item: Model) -> str:
    return item.get_absolute_url()


def _framework_page(item: Model) -> str:
    return item.framework.get_absolute_url()


def _priority_page(item: Model) -> str:
    return reverse("priorities:priority", args=[item.priority.pk])


def _nothing_else(item: Model) -> dict[str, int]:
    return {}


@dataclass(frozen=True)
class Kind:
    """One kind of item, as the generic views treat it."""

    model: type[Model]
    form: type[VersionedForm]
    noun: str
    # The path from an item to its framework, which decides who may see it, and the
    # relations fetched with it.
    framework_path: str
    related: tuple[str, ...]
    # Who may add, edit, move and delete it: one of the rules in priorities.permissions.
    may_edit: Callable[[object, Model], bool]
    # The kind it is added under and the field that links it there; none for an item
    # added straight to a framework.
    parent: str | None = None
    link: str = ""
    # The heading of the page that adds one; ``parent`` is the parent item or the framework.
    create_title: str = "Add {a_noun} to “<bdi>{parent.title}</bdi>”"
    # Anything a new item needs from its parent besides the link (it may refuse with a 404).
    prepare: Callable[[Model, Model], None] | None = None
    # Where the pages go: after a save, and after a move or a delete (the page listing it).
    after_save: Callable[[Model], str] = _own_page
    listed_on: Callable[[Model], str] = _own_page
    # How many of each thing deleting the item also deletes, keyed as in ALSO_DELETED.
    also_deletes: Callable[[Model], dict[str, int]] = _nothing_else
    # Fields the adding page may fill in from its query string (?organisation=12), and a
    # template shown above the form.
    initial_from_query: tuple[str, ...] = ()
    note_template: str = ""

    def title_for_adding(self, parent: Model) -> str:
        """The page's heading: what people typed is escaped, and isolated in <bdi> by the template."""
        return mark_safe(
            self.create_title.format(noun=escape(self.noun), a_noun=escape(self.a_noun), parent=_Escaped(parent))
        )

    @property
    def a_noun(self) -> str:
        """The noun with its article, as a sentence needs it: “a priority”, “an indicator”."""
        return with_article(self.noun)

    def also_deleted(self, item: Model) -> list[str]:
        """What deleting the item also deletes, in words: ["2 target areas", "1 indicator"]."""
        counts = self.also_deletes(item)
        return [f"{n} {ALSO_DELETED[name][n != 1]}" for name, n in counts.items() if n]


def with_article(noun: str) -> str:
    """“a” or “an” before a noun, by how it sounds: “an indicator”, “a numbered target”."""
    return f"{'an' if noun[:1].lower() in 'aeio' else 'a'} {noun}"


class _Escaped:
    """An object whose attributes, and itself, format as escaped text."""

    def __init__(self, obj):
        self._obj = obj

    def __getattr__(self, name: str) -> "_Escaped":
        return _Escaped(getattr(self._obj, name))

    def __format__(self, spec: str) -> str:
        return escape(format(self._obj, spec))


# Words for the counts of Kind.also_deletes: (one, many).
ALSO_DELETED = {
    "n_areas": ("target area", "target areas"),
    "n_activities": ("indicator activity", "indicator activities"),
    "n_indicators": ("indicator", "indicators"),
    "n_targets": ("target line", "target lines"),
    "n_numbered": ("numbered target", "numbered targets"),
    # Deleting a numbered target keeps its lines, outside any numbered target.
    "n_unassigned": ("target line taken out of it (kept)", "target lines taken out of it (kept)"),
}


def _priority_contents(priority: Priority) -> dict[str, int]:
    return Priority.objects.filter(pk=priority.pk).aggregate(
        n_areas=Count("target_areas", distinct=True),
        n_activities=Count("activities", distinct=True),
        n_indicators=Count("target_areas__indicators", distinct=True),
        n_targets=Count("target_areas__indicators__targets", distinct=True),
        n_numbered=Count("agreement_targets", distinct=True),
    )


def _area_contents(area: TargetArea) -> dict[str, int]:
    return TargetArea.objects.filter(pk=area.pk).aggregate(
        n_indicators=Count("indicators", distinct=True), n_targets=Count("indicators__targets", distinct=True)
    )


TARGET = Kind(
    Target,
    TargetForm,
    "target line",
    framework_path="indicator__target_area__priority__framework",
    related=("indicator__target_area__priority__framework__council", "agreement_target__framework"),
    may_edit=perms.can_edit_measures_of,
    parent="indicator",
    link="indicator",
    listed_on=lambda target: reverse("priorities:indicator", args=[target.indicator_id]),
)


def _numbered_targets_page(item: AgreementTarget) -> str:
    return reverse("priorities:agreement_targets", args=[item.framework.slug])


PUMP_PRIMING = Kind(
    PumpPriming,
    PumpPrimingForm,
    "pump-priming allocation",
    framework_path="framework",
    related=("framework__council", "target__indicator__target_area__priority"),
    may_edit=perms.can_edit_pump_priming_of,
    parent="target",
    link="target",
    create_title="Add {a_noun} for “<bdi>{parent.indicator.title}: {parent}</bdi>”",
    prepare=lambda line, target: line.take_framework_from_target(),
)

KINDS: dict[str, Kind] = {
    "priority": Kind(
        Priority,
        PriorityForm,
        "priority",
        framework_path="framework",
        related=("framework__council",),
        may_edit=perms.can_edit_structure_of,
        create_title="Add {a_noun} to <bdi>{parent.title}</bdi>",
        listed_on=_framework_page,
        also_deletes=_priority_contents,
    ),
    "area": Kind(
        TargetArea,
        TargetAreaForm,
        "target area",
        framework_path="priority__framework",
        related=("priority__framework__council",),
        may_edit=perms.can_edit_structure_of,
        parent="priority",
        link="priority",
        listed_on=_priority_page,
        also_deletes=_area_contents,
    ),
    "activity": Kind(
        IndicatorActivity,
        IndicatorActivityForm,
        "indicator activity",
        framework_path="priority__framework",
        related=("priority__framework__council", "target_area"),
        may_edit=perms.can_edit_structure_of,
        parent="priority",
        link="priority",
        listed_on=_priority_page,
    ),
    "indicator": Kind(
        Indicator,
        IndicatorForm,
        "indicator",
        framework_path="target_area__priority__framework",
        related=("target_area__priority__framework__council",),
        may_edit=perms.can_edit_measures_of,
        parent="area",
        link="target_area",
        listed_on=_priority_page,
        also_deletes=lambda indicator: {"n_targets": indicator.targets.count()},
    ),
    "target": TARGET,
    "agreementtarget": Kind(
        AgreementTarget,
        AgreementTargetForm,
        "numbered target",
        framework_path="framework",
        related=("framework__council", "priority", "lead_partner"),
        may_edit=perms.can_edit_structure_of,
        create_title="Add {a_noun} to <bdi>{parent.title}</bdi>",
        after_save=_numbered_targets_page,
        listed_on=_numbered_targets_page,
        also_deletes=lambda item: {"n_unassigned": item.lines.count()},
    ),
    "involvement": Kind(
        Involvement,
        InvolvementForm,
        "partner",
        framework_path="framework",
        related=("framework__council", "organisation"),
        may_edit=perms.can_edit_structure_of,
        create_title="Add {a_noun} to <bdi>{parent.title}</bdi>",
        after_save=lambda involvement: reverse("priorities:framework_partners", args=[involvement.framework.slug]),
        listed_on=_framework_page,
        # Back from adding a new organisation to the area, with it chosen.
        initial_from_query=("organisation",),
        note_template="priorities/includes/involvement_note.html",
    ),
    "pumppriming": PUMP_PRIMING,
    # A line for the agreement as a whole, added from the money page; edited as any line.
    "untiedpumppriming": replace(
        PUMP_PRIMING,
        parent=None,
        link="",
        create_title="Add a pump-priming line not tied to a target",
        prepare=None,
    ),
    "freedom": Kind(
        Freedom,
        FreedomForm,
        "freedom or flexibility",
        framework_path="target__indicator__target_area__priority__framework",
        related=("target__indicator__target_area__priority__framework__council",),
        may_edit=perms.can_edit_measures_of,
        parent="target",
        link="target",
        create_title="Add {a_noun} for “<bdi>{parent.indicator.title}: {parent}</bdi>”",
    ),
}
