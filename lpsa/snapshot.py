"""A framework's content as plain data: frozen into each Submission and used to compare."""

from decimal import Decimal

from partners.models import WorkingGroup
from priorities.models import Framework, PumpPriming

FRAMEWORK_FIELDS = [
    "title",
    "stage_one_deadline",
    "stage_two_deadline",
    "base_year",
    "net_budget_requirement",
    "pump_priming_grant",
    "agreement_start",
    "agreement_end",
    "stated_reward",
    "population",
    "pump_priming_year",
    "pump_priming_conditions",
]
PRIORITY_FIELDS = [
    "title",
    "outcome",
    "community_strategy_theme",
    "evidence",
    "affects_accessibility",
    "affects_equalities",
    "affects_sustainability",
    "target_groups",
    "geography",
]
AREA_FIELDS = ["title", "description"]
ACTIVITY_FIELDS = ["title", "explorer_partnership", "department"]
INDICATOR_FIELDS = [
    "title",
    "definition",
    "unit",
    "direction",
    "measures",
    "data_source",
    "collection_frequency",
    "data_collection_issues",
    "geography",
    "target_group",
    "baseline_year",
    "baseline_value",
    "status",
    "is_illustrative",
]
TARGET_FIELDS = [
    "weight",
    "baseline_year",
    "baseline_value",
    "status",
    "title",
    "period",
    "without_lpsa",
    "with_lpsa",
    "interim_period",
    "interim_without_lpsa",
    "interim_with_lpsa",
]


def _plain(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal | int):
        # Figures as text, the same however they were typed: 55, never 55.000.
        return format(Decimal(value).normalize(), "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _fields(obj, names: list[str]) -> dict:
    return {name: _plain(getattr(obj, name)) for name in names}


def _pump_priming(line: PumpPriming) -> dict:
    return {
        "id": line.pk,
        "amount": _plain(line.amount),
        "kind": line.get_kind_display() if line.kind else "",
        "purpose": line.purpose,
        "spend_on": line.spend_on,
    }


def framework_snapshot(framework: Framework) -> dict:
    """The whole framework as JSON-ready data, in display order, in a fixed number of queries."""
    priorities = []
    for priority in framework.priorities.for_framework_page().prefetch_related(
        "target_areas__indicators__targets__freedoms", "target_areas__indicators__targets__pump_priming"
    ):
        areas = []
        for area in priority.target_areas.all():
            indicators = []
            for indicator in area.indicators.all():
                targets = [
                    {
                        "id": t.pk,
                        "agreement_target": t.agreement_target_id,
                        **_fields(t, TARGET_FIELDS),
                        "stretch": _plain(t.stretch),
                        "interim_stretch": _plain(t.interim_stretch),
                        "freedoms": [
                            {
                                "id": f.pk,
                                "request": f.request,
                                "kind": f.get_kind_display(),
                                "department": f.department,
                                "status": f.get_status_display(),
                                "review_date": _plain(f.review_date),
                                "borrowing_amount": _plain(f.borrowing_amount),
                            }
                            for f in t.freedoms.all()
                        ],
                        "pump_priming": [_pump_priming(a) for a in t.pump_priming.all()],
                    }
                    for t in indicator.targets_in_order()
                ]
                indicators.append({"id": indicator.pk, **_fields(indicator, INDICATOR_FIELDS), "targets": targets})
            areas.append({"id": area.pk, **_fields(area, AREA_FIELDS), "indicators": indicators})
        activities = [
            {"id": a.pk, **_fields(a, ACTIVITY_FIELDS), "target_area": a.target_area.title if a.target_area else ""}
            for a in priority.activities.all()
        ]
        group = priority.leading_group
        priorities.append(
            {
                "id": priority.pk,
                "number": priority.position,
                **_fields(priority, PRIORITY_FIELDS),
                "leading_group": group.name if group else "",
                "leading_organisation": group.lead_organisation.name if group else "",
                "target_areas": areas,
                "activities": activities,
            }
        )
    councils = framework.signatories()
    signatories = [council.pk for council in councils]
    involvements = [
        {
            "id": inv.pk,
            "organisation": inv.organisation.name,
            "role": inv.get_role_display(),
            "status": inv.get_status_display(),
        }
        for inv in framework.involvements.select_related("organisation")
    ]
    groups = [
        {
            "id": group.pk,
            "name": group.name,
            "lead_organisation": group.lead_organisation.name,
            "lead_person": group.lead_person.display_name if group.lead_person else "",
            "remit": group.subject or group.get_remit_display(),
        }
        for group in WorkingGroup.objects.filter(council_id__in=signatories).select_related(
            "lead_organisation", "lead_person__user"
        )
    ]
    numbers = {p["id"]: p["number"] for p in priorities}
    lines_of: dict[int, list[int]] = {}
    for priority in priorities:
        for area in priority["target_areas"]:
            for indicator in area["indicators"]:
                for target in indicator["targets"]:
                    if target["agreement_target"] is not None:
                        lines_of.setdefault(target["agreement_target"], []).append(target["id"])
    agreement_targets = [
        {
            "id": item.pk,
            "number": item.number,
            "title": item.title,
            "priority_id": item.priority_id,
            "priority_number": numbers.get(item.priority_id),
            "lead_partner": item.lead_partner.name if item.lead_partner else "",
            "lead_department": item.lead_department,
            # The areas the target is limited to; none: it covers the whole area.
            "areas": sorted(area.name for area in item.areas.all()),
            "lines": lines_of.get(item.pk, []),
        }
        for item in framework.agreement_targets.select_related("lead_partner").prefetch_related("areas")
    ]
    return {
        "framework": {
            "id": framework.pk,
            "council": framework.council.name,
            # Every council that signs, the lead authority first.
            "signatories": [council.name for council in councils],
            **_fields(framework, FRAMEWORK_FIELDS),
        },
        "priorities": priorities,
        "agreement_targets": agreement_targets,
        # Lines of the pump-priming grant for the agreement as a whole; those for a target are with it.
        "pump_priming": [_pump_priming(a) for a in framework.pump_priming.filter(target__isnull=True)],
        "partners": involvements,
        "working_groups": groups,
    }


def snapshot_items(snapshot: dict) -> dict[tuple[str, int], dict]:
    """Every priority, indicator and target of a snapshot by (kind, id), each with the words
    that name it as it was submitted (``label``)."""
    items: dict[tuple[str, int], dict] = {}
    for priority in snapshot.get("priorities", []):
        items["priority", priority["id"]] = {
            **priority,
            "label": f"Main Priority {priority['number']}: {priority['title']}",
        }
        for area in priority["target_areas"]:
            for indicator in area["indicators"]:
                items["indicator", indicator["id"]] = {**indicator, "label": indicator["title"]}
                for target in indicator["targets"]:
                    name = target["title"] or f"Target to {target['period']}"
                    items["target", target["id"]] = {
                        **target,
                        "label": f"{indicator['title']}: {name}",
                        "indicator_title": indicator["title"],
                        "indicator_id": indicator["id"],
                    }
    return items


def snapshot_item(snapshot: dict, kind: str, pk: int) -> dict | None:
    """One item as it was submitted, or None when the submission did not hold it."""
    return snapshot_items(snapshot).get((kind, pk))
