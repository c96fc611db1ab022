"""What still blocks a framework from moving on, in words a council officer understands."""

from django.conf import settings

from lpsa.models import Submission
from lpsa.snapshot import snapshot_items
from partners.models import Organisation
from priorities.agreement import framework_agreement
from priorities.models import Framework, Indicator, Involvement, Priority, Target


def _name(priority: Priority) -> str:
    return f"Main Priority {priority.position} “{priority.title}”"


def stage_one_blockers(framework: Framework, priorities: list[Priority] | None = None) -> list[str]:
    """Priorities need an outcome, evidence and an area of focus; willing districts must be in."""
    if priorities is None:
        priorities = list(framework.priorities.for_framework_page())
    problems = []
    if not priorities:
        problems.append("The framework has no headline priorities yet.")
    for priority in priorities:
        if not priority.outcome.strip():
            problems.append(f"{_name(priority)} has no outcome statement.")
        if not priority.evidence.strip():
            problems.append(f"{_name(priority)} has no evidence. Government asks for every priority to be evidenced.")
        if not priority.target_areas.all():
            problems.append(f"{_name(priority)} has no target area.")
    problems += district_blockers(framework)
    problems += size_blockers(priorities)
    return problems


def size_blockers(priorities: list[Priority]) -> list[str]:
    """A framework too large for its document to be rendered within the worker's limits."""
    limit = settings.DRAFT_PDF_MAX_TARGETS
    count = sum(len(i.targets.all()) for p in priorities for a in p.target_areas.all() for i in a.indicators.all())
    if count <= limit:
        return []
    return [
        f"The framework has {count:,} target lines, more than the {limit:,} its document can hold. "
        "Agreements usually carry about twelve numbered targets."
    ]


def district_blockers(framework: Framework) -> list[str]:
    """Government will not agree a framework that leaves out a district willing to take part.

    Only where there are districts: in the area of a county council, not of a unitary one.
    """
    districts = list(framework.districts().order_by("name"))
    if not districts:
        return []
    answers = dict(
        framework.involvements.filter(organisation__kind=Organisation.Kind.DISTRICT).values_list(
            "organisation_id", "status"
        )
    )
    problems = []
    for district in districts:
        status = answers.get(district.pk)
        if status is None:
            problems.append(f"{district.name} has not been asked to take part.")
        elif status == Involvement.Status.INVITED:
            problems.append(f"{district.name} has not yet said whether it will take part.")
    return problems


def stage_two_blockers(framework: Framework) -> list[str]:
    """Everything Stage One needs, and every area measured by complete indicators and targets."""
    priorities = list(framework.priorities.for_framework_page())
    problems = stage_one_blockers(framework, priorities)
    for priority in priorities:
        for area in priority.target_areas.all():
            indicators = area.indicators.all()
            if not indicators:
                problems.append(f"Target area “{area.title}” has no indicator.")
            for indicator in indicators:
                problems += _indicator_blockers(indicator)
    problems += numbered_target_blockers(framework)
    return problems


def _indicator_blockers(indicator: Indicator) -> list[str]:
    name = f"Indicator “{indicator.title}”"
    problems = []
    if not indicator.definition.strip():
        problems.append(f"{name} has no definition.")
    if not indicator.data_source.strip():
        problems.append(f"{name} has no data source.")
    if indicator.baseline_value is None:
        problems.append(f"{name} has no baseline.")
    if indicator.measures == Indicator.Measures.PROCESS:
        problems.append(f"{name} measures a process; LPSA2 indicators must measure outcomes.")
    targets = indicator.targets_in_order()
    if not targets:
        problems.append(f"{name} has no target line.")
    for target in targets:
        if not target.stretch and target.is_scored:
            problems.append(f"{name}: the target line “{target}” has no enhancement (stretch).")
    return problems


def numbered_target_blockers(framework: Framework) -> list[str]:
    """The agreement's numbered targets: there are some, each has lines, weights add up, no line is left out."""
    agreement = framework_agreement(framework)
    problems = []
    if not agreement.numbered:
        problems.append("The framework has no numbered targets yet. Group its target lines into numbered targets.")
    for numbered in agreement.numbered:
        if not numbered.lines:
            problems.append(f"{numbered.item} has no target lines.")
        if numbered.weight_problem:
            problems.append(numbered.weight_problem)
    for target in agreement.unassigned:
        problems.append(f"The target line “{target.label}” is not in a numbered target.")
    return problems


def comment_blockers(framework: Framework) -> list[str]:
    open_threads = framework.comments.unresolved().count()
    if not open_threads:
        return []
    plural = "comment is" if open_threads == 1 else "comments are"
    return [f"{open_threads} {plural} not resolved yet."]


def settlement_blockers(framework: Framework) -> list[str]:
    """The agreement is settled only when every numbered target of the Stage Two version under
    negotiation is agreed, line by line, and signed off by its lead government department."""
    submission = framework.submissions.filter(stage=Submission.Part.TWO).order_by("-version").first()
    if submission is None:
        return ["No Stage Two version has been submitted to government."]
    items = snapshot_items(submission.snapshot)
    statuses = dict(
        Target.objects.filter(indicator__target_area__priority__framework=framework).values_list("pk", "status")
    )

    def unagreed(line_ids) -> list[str]:
        labels = []
        for line_id in line_ids:
            if statuses.get(line_id) != Indicator.Status.AGREED:
                item = items.get(("target", line_id))
                labels.append(item["label"] if item else f"line {line_id}")
        return labels

    numbered = submission.snapshot.get("agreement_targets")
    if numbered is None:  # a version submitted before targets were numbered
        lines = [pk for kind, pk in items if kind == "target"]
        return [f"The target “{label}” is not agreed yet." for label in unagreed(lines)]
    if not numbered:
        return ["The version with government has no numbered targets to agree."]
    signed = set(submission.department_sign_offs.values_list("agreement_target_id", flat=True))
    problems = []
    for target in numbered:
        name = f"Target {target['number']} “{target['title']}”"
        if not target["lines"]:
            problems.append(f"{name} has no lines to agree.")
        problems += [f"{name}: “{label}” is not agreed yet." for label in unagreed(target["lines"])]
        if target["id"] not in signed:
            department = (target.get("lead_department") or "").strip()
            if department:
                problems.append(f"{name} is not yet signed off by its lead department, {department}.")
            else:
                problems.append(f"{name} names no lead government department to sign it off.")
    return problems
