"""What is left to do in the framework's current stage, as the GOV.UK task list shows it.

The tasks are built from the workflow's own readiness check (``workflow.outstanding``): each
blocker names the task it holds up, so the list, the workflow page and the dashboard never
disagree about what is missing.
"""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse

from lpsa.models import Submission
from lpsa.readiness import Blocker
from lpsa.workflow import MOVES, stage_blockers
from priorities import content
from priorities.models import Framework, Priority, Stage

COMPLETED = "Completed"
INCOMPLETE = "Incomplete"
NOT_STARTED = "Not yet started"
CANNOT_START = "Cannot start yet"
IN_PROGRESS = "In progress"
WAITING = "Waiting"

# How far along each stage a framework is, to say which of the stage's steps are done.
_ORDER = {stage: n for n, stage in enumerate(Stage.values)}


@dataclass
class Task:
    """One line of the task list: what to do, its status, and where to go to do it."""

    name: str
    status: str
    url: str = ""
    blockers: list[Blocker] = field(default_factory=list)
    hint: str = ""
    # The words of a status other than the standard ones, such as “Waiting for government”.
    status_text: str = ""

    @property
    def shown_status(self) -> str:
        return self.status_text or self.status

    @property
    def tag(self) -> str:
        """The govuk-tag colour of the status; empty for those the Design System shows as plain text."""
        return {INCOMPLETE: "blue", NOT_STARTED: "blue", IN_PROGRESS: "light-blue", WAITING: "light-blue"}.get(
            self.status, ""
        )


@dataclass
class Section:
    heading: str
    tasks: list[Task]


def _content_task(name: str, problems: list[Blocker], default_url: str, done_hint: str = "") -> Task:
    if not problems:
        return Task(name, COMPLETED, default_url, hint=done_hint)
    first = next((p.url for p in problems if p.url), default_url)
    return Task(name, INCOMPLETE, first, problems)


def _after(framework: Framework, stage: str) -> bool:
    """Whether the framework has reached ``stage``."""
    return _ORDER[framework.stage] >= _ORDER[stage]


def framework_tasks(framework: Framework, priorities: list[Priority] | None = None) -> list[Section]:
    """The current stage's tasks, each with its status and a link to the item that holds it up.

    Computed once per version of the framework's content, and per day.
    """
    return content.derived(
        framework,
        "tasks",
        lambda: _framework_tasks(framework, priorities),
        framework.stage,
        datetime.date.today().isoformat(),
    )


def _framework_tasks(framework: Framework, priorities: list[Priority] | None) -> list[Section]:
    if priorities is None:
        priorities = list(framework.priorities.for_framework_page())
    one = framework.in_stage_one
    agreed = framework.stage == Stage.TWO_AGREED or framework.is_signed
    # Once agreed, what is missing is the next step after agreement, not the content.
    problems = [] if agreed else stage_blockers(framework, priorities=priorities)
    by_task: dict[str, list[Blocker]] = {}
    for problem in problems:
        by_task.setdefault(getattr(problem, "task", ""), []).append(problem)
    claimed: set[str] = set()

    def take(*keys: str) -> list[Blocker]:
        claimed.update(keys)
        return [p for key in keys for p in by_task.get(key, [])]

    slug = framework.slug
    content: list[Task] = []
    if not priorities:
        content.append(
            _content_task(
                "Add the headline priorities", take("priorities"), reverse("priorities:framework", args=[slug])
            )
        )
    for priority in priorities:
        url = reverse("priorities:priority", args=[priority.pk])
        keys = (f"priority-{priority.pk}",) if one else (f"priority-{priority.pk}", f"measures-{priority.pk}")
        name = f"Main Priority {priority.position}: {priority.title}"
        if not one:
            name += " – indicators and targets"
        content.append(_content_task(name, take(*keys), url))
    if not one:
        content.append(
            _content_task(
                "Group the target lines into numbered targets",
                take("numbered"),
                reverse("priorities:agreement_targets", args=[slug]),
            )
        )
    has_districts = any(p.task == "partners" for p in problems) or framework.districts().exists()
    content.append(
        _content_task(
            "Record the partners' answers",
            take("partners"),
            reverse("priorities:framework_partners", args=[slug]),
            "" if has_districts else "There are no district councils in the area to answer.",
        )
    )
    content.append(
        _content_task(
            "Resolve the comments",
            take("comments"),
            reverse("lpsa:comments", args=[slug]) + "?show=open",
        )
    )
    rest = [p for key, found in by_task.items() if key not in claimed and key != "agree" for p in found]
    if rest:
        content.append(_content_task("Keep the framework within what its document can hold", rest, ""))

    ready = not any(t.status != COMPLETED for t in content)
    steps = _stage_one_steps(framework, ready) if one else _stage_two_steps(framework, ready, by_task.get("agree", []))
    heading = "Prepare the framework" if one else "Prepare the indicators and targets"
    sections = [Section(heading, content), Section("Approve and send to government", steps)]
    if agreed:
        sections.append(Section("Sign, deliver and claim the reward", _after_agreement_steps(framework)))
    return sections


def _after_agreement_steps(framework: Framework) -> list[Task]:
    """The moves after Stage Two is agreed, in order: done, the one in hand with what blocks it, or to come."""
    steps = []
    stage = Stage.TWO_AGREED
    while move := next((m for m in MOVES if m.source == stage and not m.style), None):
        url = _workflow_url(framework, move.name)
        if _after(framework, move.target):
            steps.append(Task(move.label, COMPLETED, _workflow_url(framework)))
        elif framework.stage == move.source:
            problems = stage_blockers(framework)
            first = next((p.url for p in problems if p.url), url)
            steps.append(Task(move.label, IN_PROGRESS if problems else NOT_STARTED, first, problems))
        else:
            steps.append(Task(move.label, CANNOT_START))
        stage = move.target
    return steps


def _workflow_url(framework: Framework, move: str = "") -> str:
    return reverse("lpsa:workflow", args=[framework.slug]) + (f"#step-{move}" if move else "")


def _approval_steps(framework: Framework, ready: bool, *, ask: str, awaiting: str, submitted: str) -> list[Task]:
    """Ask for approval, be approved, have the document filed with government: the same in both stages."""
    part = Submission.Part.ONE if ask.startswith("one") else Submission.Part.TWO
    move = "ask_approval_one" if part == Submission.Part.ONE else "ask_approval_two"
    if _after(framework, awaiting):
        asked = Task("Ask the chief executive to approve", COMPLETED, _workflow_url(framework))
    elif framework.stage != ask:
        asked = Task("Ask the chief executive to approve", CANNOT_START, hint="Start the partner consultation first.")
    elif ready:
        asked = Task("Ask the chief executive to approve", NOT_STARTED, _workflow_url(framework, move))
    else:
        asked = Task("Ask the chief executive to approve", CANNOT_START, hint="Complete the tasks above first.")

    approve = "approve_one" if part == Submission.Part.ONE else "approve_two"
    if _after(framework, submitted):
        approved = Task("Chief executive's approval", COMPLETED, _workflow_url(framework))
    elif framework.stage == awaiting:
        approved = Task(
            "Chief executive's approval",
            WAITING,
            _workflow_url(framework, approve),
            status_text="Waiting for the chief executive",
        )
    else:
        approved = Task("Chief executive's approval", CANNOT_START)

    latest = None
    if _after(framework, submitted):
        latest = framework.submissions.filter(stage=part).defer("snapshot").order_by("-version").first()
    if latest is None:
        sent = Task("Submit the document to government", CANNOT_START, hint="Approval submits it.")
    elif latest.sha256:
        sent = Task(
            f"Submit the document to government (version {latest.version})",
            COMPLETED,
            reverse("lpsa:submission_pdf", args=[latest.pk]),
        )
    else:
        sent = Task(
            f"Submit the document to government (version {latest.version})",
            IN_PROGRESS,
            _workflow_url(framework),
            hint="The document is being prepared.",
        )
    return [asked, approved, sent]


def _stage_one_steps(framework: Framework, ready: bool) -> list[Task]:
    if framework.stage == Stage.ONE_DRAFTING:
        consult = Task("Start the partner consultation", NOT_STARTED, _workflow_url(framework, "start_consultation"))
    else:
        consult = Task("Start the partner consultation", COMPLETED, _workflow_url(framework))
    steps = [
        consult,
        *_approval_steps(
            framework,
            ready,
            ask=Stage.ONE_CONSULTATION,
            awaiting=Stage.ONE_AWAITING_APPROVAL,
            submitted=Stage.ONE_SUBMITTED,
        ),
    ]
    if framework.stage == Stage.ONE_AGREED:
        steps.append(Task("Government agrees the framework", COMPLETED, _workflow_url(framework)))
    elif framework.stage == Stage.ONE_SUBMITTED:
        steps.append(
            Task(
                "Government agrees the framework",
                WAITING,
                _workflow_url(framework, "agree_one"),
                status_text="Waiting for government",
            )
        )
    else:
        steps.append(Task("Government agrees the framework", CANNOT_START))
    return steps


def _stage_two_steps(framework: Framework, ready: bool, settlement: list[Blocker]) -> list[Task]:
    steps = _approval_steps(
        framework,
        ready,
        ask=Stage.TWO_DRAFTING,
        awaiting=Stage.TWO_AWAITING_APPROVAL,
        submitted=Stage.TWO_SUBMITTED,
    )
    name = "Agree every numbered target with government"
    if framework.stage == Stage.TWO_AGREED or framework.is_signed:
        steps.append(Task(name, COMPLETED, _workflow_url(framework)))
    elif framework.stage == Stage.TWO_NEGOTIATION:
        first = next((p.url for p in settlement if p.url), _workflow_url(framework, "agree_two"))
        steps.append(Task(name, IN_PROGRESS if settlement else NOT_STARTED, first, settlement))
    elif framework.stage == Stage.TWO_SUBMITTED:
        steps.append(
            Task(name, WAITING, _workflow_url(framework, "open_negotiation"), status_text="Waiting for government")
        )
    else:
        steps.append(Task(name, CANNOT_START))
    return steps
