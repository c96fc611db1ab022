"""The framework overview's costly parts, each derived once per version of the content.

The tree of priorities, target areas, indicators and lines, the counts above it and the
signing councils depend on the framework's content alone (and, for the tree, on whether the
reader may edit it), so they are cached under the content version (priorities/content.py)
and the tree's rows are loaded only when one of them has to be made again.
"""

from django.http import HttpRequest

from priorities import content
from priorities.models import Framework, Priority


def _counts(framework: Framework, priorities: list[Priority]) -> dict[str, int]:
    areas = [area for priority in priorities for area in priority.target_areas.all()]
    indicators = [indicator for area in areas for indicator in area.indicators.all()]
    return {
        "priorities": len(priorities),
        "areas": len(areas),
        "activities": sum(len(priority.activities.all()) for priority in priorities),
        "indicators": len(indicators),
        "targets": sum(len(indicator.targets.all()) for indicator in indicators),
        "numbered": framework.agreement_targets.count(),
    }


def overview_parts(request: HttpRequest, framework: Framework, *, can_edit: bool) -> dict:
    """The overview's ``counts``, ``signatories``, ``tree`` (HTML) and, if they had to be
    loaded, ``priorities`` (for the task list; None when everything came from the cache)."""
    loaded: list[list[Priority]] = []

    def priorities() -> list[Priority]:
        if not loaded:
            loaded.append(list(framework.priorities.for_framework_page()))
        return loaded[0]

    tree = content.fragment(
        request,
        framework,
        "overview-tree",
        "priorities/includes/framework_tree.html",
        lambda: {"framework": framework, "priorities": priorities(), "can_edit": can_edit},
        can_edit,
    )
    return {
        "counts": content.derived(framework, "overview-counts", lambda: _counts(framework, priorities())),
        "signatories": content.derived(framework, "signatories", framework.signatories),
        "tree": tree,
        "priorities": loaded[0] if loaded else None,
    }
