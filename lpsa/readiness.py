"""What still blocks a framework from moving on, in words a council officer understands."""

from django.conf import settings
from django.urls import reverse

from lpsa.models import Submission
from lpsa.snapshot import snapshot_items
from partners.models import Organisation
from priorities.agreement import framework_agreement
from priorities.models import Framework, Indicator, Involvement, Priority, Target


class Blocker(str):
    """One sentence of the readiness check, with a link to the item it names.

    It is the sentence itself, so it compares, joins and prints as before; ``url`` (empty when
    nothing can be linked) and ``task`` (which line of the framework's task list it holds up)
    ride along for the pages that show it.
    """

    url: str
    task: str

    def __new__(cls, text: str, url: str = "", task: str = "") -> "Blocker":
        blocker = super().__new__(cls, text)
        blocker.url = url
        blocker.task = task
        return blocker

    def __reduce__(self):
        return (Blocker, (str(self), self.url, self.task))


def _priority_url(pk: int) -> str:
    return reverse("priorities:priority", args=[pk])


def _name(priority: Priority) -> str:
    return f"Main Priority {priority.position} “{priority.title}”"


def no_priorities(framework: Framework) -> Blocker:
    return Blocker(
        "The framework has no headline priorities yet.",
        reverse("priorities:framework", args=[framework.slug]) + "#priorities",
        "priorities",
    )


def stage_one_blockers(framework: Framework, priorities: list[Priority] | None = None) -> list[Blocker]:
    """Priorities need an outcome, evidence and an area of focus; willing districts must be in."""
    if priorities is None:
        priorities = list(framework.priorities.for_framework_page())
    problems = []
    if not priorities:
        problems.append(no_priorities(framework))
    for priority in priorities:
        url, task = _priority_url(priority.pk), f"priority-{priority.pk}"
        if not priority.outcome.strip():
            problems.append(Blocker(f"{_name(priority)} has no outcome statement.", url, task))
        if not priority.evidence.strip():
            problems.append(
                Blocker(
                    f"{_name(priority)} has no evidence. Government asks for every priority to be evidenced.",
                    url,
                    task,
                )
            )
        if not priority.target_areas.all():
            problems.append(Blocker(f"{_name(priority)} has no target area.", url + "#areas", task))
    problems += district_blockers(framework)
    problems += size_blockers(priorities)
    return problems


def size_blockers(priorities: list[Priority]) -> list[Blocker]:
    """A framework too large for its document to be rendered within the worker's limits."""
    limit = settings.DRAFT_PDF_MAX_TARGETS
    count = sum(len(i.targets.all()) for p in priorities for a in p.target_areas.all() for i in a.indicators.all())
    if count <= limit:
        return []
    return [
        Blocker(
            f"The framework has {count:,} target lines, more than the {limit:,} its document can hold. "
            "Agreements usually carry about twelve numbered targets.",
            task="size",
        )
    ]


def district_blockers(framework: Framework) -> list[Blocker]:
    """Government will not agree a framework that leaves out a district willing to take part.

    Only where there are districts: in the area of a county council, not of a unitary one.
    """
    districts = list(framework.districts().order_by("name"))
    if not districts:
        return []
    answers = {
        organisation: (pk, status)
        for pk, organisation, status in framework.involvements.filter(
            organisation__kind=Organisation.Kind.DISTRICT
        ).values_list("pk", "organisation_id", "status")
    }
    partners = reverse("priorities:framework_partners", args=[framework.slug])
    problems = []
    for district in districts:
        pk, status = answers.get(district.pk, (None, None))
        if status is None:
            problems.append(Blocker(f"{district.name} has not been asked to take part.", partners, "partners"))
        elif status == Involvement.Status.INVITED:
            problems.append(
                Blocker(
                    f"{district.name} has not yet said whether it will take part.",
                    f"{partners}#involvement-{pk}",
                    "partners",
                )
            )
    return problems


def stage_two_blockers(framework: Framework, priorities: list[Priority] | None = None) -> list[Blocker]:
    """Everything Stage One needs, and every area measured by complete indicators and targets."""
    if priorities is None:
        priorities = list(framework.priorities.for_framework_page())
    problems = stage_one_blockers(framework, priorities)
    for priority in priorities:
        task = f"measures-{priority.pk}"
        for area in priority.target_areas.all():
            indicators = area.indicators.all()
            if not indicators:
                url = _priority_url(priority.pk) + f"#area-{area.pk}"
                problems.append(Blocker(f"Target area “{area.title}” has no indicator.", url, task))
            for indicator in indicators:
                problems += _indicator_blockers(indicator, task)
    problems += numbered_target_blockers(framework)
    return problems


def _indicator_blockers(indicator: Indicator, task: str) -> list[Blocker]:
    name = f"Indicator “{indicator.title}”"
    url = reverse("priorities:indicator", args=[indicator.pk])
    problems = []
    if not indicator.definition.strip():
        problems.append(Blocker(f"{name} has no definition.", url, task))
    if not indicator.data_source.strip():
        problems.append(Blocker(f"{name} has no data source.", url, task))
    if indicator.baseline_value is None:
        problems.append(Blocker(f"{name} has no baseline.", url, task))
    if indicator.measures == Indicator.Measures.PROCESS:
        problems.append(Blocker(f"{name} measures a process; LPSA2 indicators must measure outcomes.", url, task))
    targets = indicator.targets_in_order()
    if not targets:
        problems.append(Blocker(f"{name} has no target line.", url, task))
    for target in targets:
        if not target.stretch and target.is_scored:
            problems.append(
                Blocker(
                    f"{name}: the target line “{target}” has no enhancement (stretch).",
                    reverse("priorities:target", args=[target.pk]),
                    task,
                )
            )
    return problems


def numbered_target_blockers(framework: Framework) -> list[Blocker]:
    """The agreement's numbered targets: there are some, each has lines, weights add up, no line is left out."""
    agreement = framework_agreement(framework)
    page = reverse("priorities:agreement_targets", args=[framework.slug])
    problems = []
    if not agreement.numbered:
        problems.append(
            Blocker(
                "The framework has no numbered targets yet. Group its target lines into numbered targets.",
                page,
                "numbered",
            )
        )
    for numbered in agreement.numbered:
        url = f"{page}#agreementtarget-{numbered.item.pk}"
        if not numbered.lines:
            problems.append(Blocker(f"{numbered.item} has no target lines.", url, "numbered"))
        if numbered.weight_problem:
            problems.append(Blocker(numbered.weight_problem, url, "numbered"))
    for target in agreement.unassigned:
        problems.append(
            Blocker(
                f"The target line “{target.label}” is not in a numbered target.",
                reverse("priorities:target", args=[target.pk]),
                "numbered",
            )
        )
    return problems


def comment_blockers(framework: Framework) -> list[Blocker]:
    open_threads = framework.comments.unresolved().count()
    if not open_threads:
        return []
    plural = "comment is" if open_threads == 1 else "comments are"
    url = reverse("lpsa:comments", args=[framework.slug]) + "?show=open"
    return [Blocker(f"{open_threads} {plural} not resolved yet.", url, "comments")]


def settlement_blockers(framework: Framework) -> list[Blocker]:
    """The agreement is settled only when every numbered target of the Stage Two version under
    negotiation is agreed, line by line, and signed off by its lead government department."""
    submission = framework.submissions.filter(stage=Submission.Part.TWO).order_by("-version").first()
    if submission is None:
        return [Blocker("No Stage Two version has been submitted to government.", task="agree")]
    items = snapshot_items(submission.snapshot)
    statuses = dict(
        Target.objects.filter(indicator__target_area__priority__framework=framework).values_list("pk", "status")
    )

    def unagreed(line_ids) -> list[tuple[str, str]]:
        """(label, link to the live line's negotiation, if the line is still there) of each line not agreed."""
        labels = []
        for line_id in line_ids:
            if statuses.get(line_id) != Indicator.Status.AGREED:
                item = items.get(("target", line_id))
                url = reverse("priorities:target", args=[line_id]) + "#negotiation" if line_id in statuses else ""
                labels.append((item["label"] if item else f"line {line_id}", url))
        return labels

    numbered = submission.snapshot.get("agreement_targets")
    if numbered is None:  # a version submitted before targets were numbered
        lines = [pk for kind, pk in items if kind == "target"]
        return [Blocker(f"The target “{label}” is not agreed yet.", url, "agree") for label, url in unagreed(lines)]
    if not numbered:
        return [Blocker("The version with government has no numbered targets to agree.", task="agree")]
    signed = set(submission.department_sign_offs.values_list("agreement_target_id", flat=True))
    page = reverse("priorities:agreement_targets", args=[framework.slug])
    problems = []
    for target in numbered:
        name = f"Target {target['number']} “{target['title']}”"
        url = f"{page}#agreementtarget-{target['id']}"
        if not target["lines"]:
            problems.append(Blocker(f"{name} has no lines to agree.", url, "agree"))
        problems += [
            Blocker(f"{name}: “{label}” is not agreed yet.", line_url, "agree")
            for label, line_url in unagreed(target["lines"])
        ]
        if target["id"] not in signed:
            department = (target.get("lead_department") or "").strip()
            if department:
                problems.append(
                    Blocker(f"{name} is not yet signed off by its lead department, {department}.", url, "agree")
                )
            else:
                problems.append(Blocker(f"{name} names no lead government department to sign it off.", url, "agree"))
    return problems
