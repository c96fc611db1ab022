"""What is still missing from frameworks, counted in a fixed number of queries."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, F, Q

from priorities.models import Indicator, Priority, Target, TargetArea

# (model, path from the model to its framework, {count name: condition}), one query each.
_CHECKS = [
    (
        Priority,
        "framework",
        {
            "priority_no_outcome": Q(outcome=""),
            "priority_no_evidence": Q(evidence=""),
            "priority_no_group": Q(leading_group__isnull=True),
        },
    ),
    (TargetArea, "priority__framework", {"area_no_indicator": Q(indicators__isnull=True)}),
    (
        Indicator,
        "target_area__priority__framework",
        {
            "indicator_no_definition": Q(definition=""),
            "indicator_no_source": Q(data_source=""),
            "indicator_no_baseline": Q(baseline_value__isnull=True),
            "indicator_no_target": Q(targets__isnull=True),
            "indicator_process": Q(measures=Indicator.Measures.PROCESS),
        },
    ),
    (
        Target,
        "indicator__target_area__priority__framework",
        {
            # A line weighted 0% is shown for information, so it needs no enhancement.
            "target_no_stretch": (
                Q(with_lpsa__isnull=True) | Q(without_lpsa__isnull=True) | Q(with_lpsa=F("without_lpsa"))
            )
            & ~Q(weight=0),
            "target_not_numbered": Q(agreement_target__isnull=True),
        },
    ),
]

# Each count's sentence, singular and plural.
_WORDS = {
    "priority_no_outcome": ("priority has no outcome statement", "priorities have no outcome statement"),
    "priority_no_evidence": ("priority has no evidence", "priorities have no evidence"),
    "priority_no_group": ("priority has no leading working group", "priorities have no leading working group"),
    "area_no_indicator": ("target area has no indicator", "target areas have no indicator"),
    "indicator_no_definition": ("indicator has no definition", "indicators have no definition"),
    "indicator_no_source": ("indicator has no data source", "indicators have no data source"),
    "indicator_no_baseline": ("indicator has no baseline", "indicators have no baseline"),
    "indicator_no_target": ("indicator has no target line", "indicators have no target line"),
    "indicator_process": (
        "indicator measures a process, not an outcome",
        "indicators measure a process, not an outcome",
    ),
    "target_no_stretch": ("target line has no enhancement", "target lines have no enhancement"),
    "target_not_numbered": ("target line is not in a numbered target", "target lines are not in a numbered target"),
}


def framework_gaps(framework_ids: Iterable[int]) -> dict[int, list[str]]:
    """For each framework, sentences like “3 indicators have no baseline”, in a fixed order."""
    ids = list(framework_ids)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    if ids:
        for model, path, conditions in _CHECKS:
            aggregates = {name: Count("pk", filter=cond, distinct=True) for name, cond in conditions.items()}
            rows = model.objects.filter(**{f"{path}__in": ids}).values(path).annotate(**aggregates)
            for row in rows:
                counts[row[path]].update({name: row[name] for name in conditions})
    result = {}
    for framework_id in ids:
        sentences = []
        for name, (one, many) in _WORDS.items():
            number = counts[framework_id].get(name, 0)
            if number:
                sentences.append(f"{number} {one if number == 1 else many}")
        result[framework_id] = sentences
    return result
