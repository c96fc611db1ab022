"""What changed between two snapshots of a framework, item by item and field by field."""

from dataclasses import dataclass, field

from priorities.models import (
    AgreementTarget,
    Framework,
    Freedom,
    Indicator,
    IndicatorActivity,
    Priority,
    PumpPriming,
    Target,
    TargetArea,
)

KINDS = {
    "framework": ("Framework", Framework),
    "priority": ("Priority", Priority),
    "area": ("Target area", TargetArea),
    "activity": ("Indicator activity", IndicatorActivity),
    "indicator": ("Indicator", Indicator),
    "numbered": ("Numbered target", AgreementTarget),
    "target": ("Target line", Target),
    "freedom": ("Freedom or flexibility", Freedom),
    "pumppriming": ("Pump-priming allocation", PumpPriming),
    "partner": ("Partner", None),
}
# Values derived from others, or only there to link items: not compared.
SKIP = {
    "id",
    "parent",
    "stretch",
    "interim_stretch",
    "target_areas",
    "activities",
    "indicators",
    "targets",
    "freedoms",
    "pump_priming",
    "lines",
    "priority_id",
}
EXTRA_LABELS = {
    "number": "Number",
    "leading_group": "Leading working group",
    "leading_organisation": "Lead organisation",
    "council": "Council",
    "target_area": "Target area",
    "organisation": "Organisation",
    "role": "Role",
    "status": "Status",
    "priority_number": "Main Priority",
    "lead_partner": "Lead partner",
}


@dataclass
class Change:
    kind: str
    label: str
    status: str  # "added", "removed" or "changed"
    fields: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def kind_name(self) -> str:
        return KINDS[self.kind][0]


def flatten(snapshot: dict) -> dict[tuple[str, int], tuple[str, dict]]:
    """Every item of a snapshot keyed by (kind, id), with a readable label and its fields."""
    items = {}
    framework = snapshot["framework"]
    items["framework", framework["id"]] = (framework["title"], framework)
    numbered = {}
    for item in snapshot.get("agreement_targets", []):
        numbered[item["id"]] = f"Target {item['number']}: {item['title']}"
        items["numbered", item["id"]] = (numbered[item["id"]], item)
    for priority in snapshot["priorities"]:
        items["priority", priority["id"]] = (f"Main Priority {priority['number']}: {priority['title']}", priority)
        for area in priority["target_areas"]:
            items["area", area["id"]] = (area["title"], area)
            for indicator in area["indicators"]:
                items["indicator", indicator["id"]] = (indicator["title"], indicator)
                for target in indicator["targets"]:
                    label = f"{indicator['title']}: {target['title'] or 'target to ' + target['period']}"
                    if target.get("agreement_target") is not None:
                        # Which numbered target a line counts towards, by its name rather than its id.
                        target = {**target, "agreement_target": numbered.get(target["agreement_target"], "")}
                    items["target", target["id"]] = (label, target)
                    for freedom in target.get("freedoms", []):
                        items["freedom", freedom["id"]] = (freedom["request"][:80], freedom)
                    for allocation in target.get("pump_priming", []):
                        items["pumppriming", allocation["id"]] = (f"£{allocation['amount']} for {label}", allocation)
        for activity in priority["activities"]:
            items["activity", activity["id"]] = (activity["title"], activity)
    for allocation in snapshot.get("pump_priming", []):
        items["pumppriming", allocation["id"]] = (f"£{allocation['amount']} for {allocation['purpose']}", allocation)
    for partner in snapshot.get("partners", []):
        items["partner", partner["id"]] = (partner["organisation"], partner)
    return items


def shown(kind: str, name: str, value) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    model = KINDS[kind][1]
    if model is not None:
        try:
            model_field = model._meta.get_field(name)
        except Exception:
            model_field = None
        if model_field is not None and model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def field_label(kind: str, name: str) -> str:
    model = KINDS[kind][1]
    if name in EXTRA_LABELS:
        return EXTRA_LABELS[name]
    try:
        return sentence_case(str(model._meta.get_field(name).verbose_name))
    except Exception:
        return sentence_case(name.replace("_", " "))


def sentence_case(text: str) -> str:
    """First letter up, the rest as written (“Target with LPSA2”, not “Target with lpsa2”)."""
    return text[:1].upper() + text[1:]


def compare(old: dict, new: dict) -> list[Change]:
    """Items added, removed and changed from ``old`` to ``new``, in the new document's order."""
    before, after = flatten(old), flatten(new)
    changes = []
    for key, (label, fields) in after.items():
        kind = key[0]
        if key not in before:
            changes.append(Change(kind, label, "added"))
            continue
        old_fields = before[key][1]
        differences = [
            (field_label(kind, name), shown(kind, name, old_fields.get(name)), shown(kind, name, value))
            for name, value in fields.items()
            if name not in SKIP and old_fields.get(name) != value
        ]
        if differences:
            changes.append(Change(kind, label, "changed", differences))
    for key, (label, _) in before.items():
        if key not in after:
            changes.append(Change(key[0], label, "removed"))
    return changes
