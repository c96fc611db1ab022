"""The LPSA2 workflow: which moves exist, who may make them and what blocks them.

A framework's stage changes only through ``framework_move``. Each move is recorded as a
StageChange. The chief executive's approval also freezes a Submission (see services).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from lpsa import readiness
from lpsa.models import StageChange
from lpsa.services import submission_create
from lpsa.tasks import notify_on_commit
from partners.models import Person
from partners.permissions import person_of
from priorities import content
from priorities.models import Framework, Priority, Stage

R = Person.Role


def _is_reviewer(user) -> bool:
    person = person_of(user)
    return person is not None and person.role == R.REVIEWER


COUNCIL_EDITORS = frozenset({R.OFFICER, R.ADMINISTRATOR})
CHIEF = frozenset({R.CHIEF_EXECUTIVE})
RECORDERS = frozenset({R.OFFICER, R.ADMINISTRATOR, R.REVIEWER})


# Each check takes the framework and, from a page that has already loaded them, its priorities
# with their areas, indicators and targets (``Priority.objects.for_framework_page()``).
Blockers = list[readiness.Blocker]


def _stage_one_ready(framework: Framework, priorities: list[Priority] | None = None) -> Blockers:
    return readiness.stage_one_blockers(framework, priorities) + readiness.comment_blockers(framework)


def _stage_two_ready(framework: Framework, priorities: list[Priority] | None = None) -> Blockers:
    return readiness.stage_two_blockers(framework, priorities) + readiness.comment_blockers(framework)


def _settlement_ready(framework: Framework, priorities: list[Priority] | None = None) -> Blockers:
    return readiness.settlement_blockers(framework)


def _consultation_ready(framework: Framework, priorities: list[Priority] | None = None) -> Blockers:
    has_priorities = bool(priorities) if priorities is not None else framework.priorities.exists()
    return [] if has_priorities else [readiness.no_priorities(framework)]


@dataclass(frozen=True)
class Move:
    """One move in the workflow."""

    name: str
    label: str
    source: str
    target: str
    roles: frozenset
    blockers: Callable[..., Blockers] | None = None
    needs_reason: bool = False
    # Asking for approval: a covering note for the chief executive, kept with the step.
    needs_note: bool = False
    approves: str = ""  # "one" or "two" when this move is the chief executive's approval
    style: str = ""  # "warning" for moves that send work back
    # Government's own decision: a reviewer records it; a council officer may record it on
    # government's behalf, saying how government told them, and the timeline shows it so.
    government_decides: bool = False
    # Only the lead authority's people may take it: its chief executive approves for every signatory.
    lead_only: bool = False

    def needs_reason_from(self, user) -> bool:
        return self.needs_reason or (self.government_decides and not _is_reviewer(user))

    @property
    def who(self) -> str:
        """The roles that may take this step, in words."""
        return ", ".join(sorted(str(R(role).label).lower() for role in self.roles))

    @property
    def target_label(self) -> str:
        return str(Stage(self.target).label)


MOVES = [
    Move(
        "start_consultation",
        "Start partner consultation",
        Stage.ONE_DRAFTING,
        Stage.ONE_CONSULTATION,
        COUNCIL_EDITORS,
        _consultation_ready,
    ),
    Move(
        "ask_approval_one",
        "Ask the chief executive to approve",
        Stage.ONE_CONSULTATION,
        Stage.ONE_AWAITING_APPROVAL,
        COUNCIL_EDITORS,
        _stage_one_ready,
        needs_note=True,
    ),
    Move(
        "approve_one",
        "Approve and submit to government",
        Stage.ONE_AWAITING_APPROVAL,
        Stage.ONE_SUBMITTED,
        CHIEF,
        _stage_one_ready,
        approves="one",
        lead_only=True,
    ),
    Move(
        "return_one",
        "Return to officers with reasons",
        Stage.ONE_AWAITING_APPROVAL,
        Stage.ONE_CONSULTATION,
        CHIEF,
        needs_reason=True,
        style="warning",
        lead_only=True,
    ),
    Move(
        "withdraw_one",
        "Withdraw the request for approval",
        Stage.ONE_AWAITING_APPROVAL,
        Stage.ONE_CONSULTATION,
        COUNCIL_EDITORS,
        style="warning",
    ),
    Move(
        "agree_one",
        "Record that government agreed the framework",
        Stage.ONE_SUBMITTED,
        Stage.ONE_AGREED,
        RECORDERS,
        government_decides=True,
    ),
    Move("start_two", "Start Stage Two: indicators and targets", Stage.ONE_AGREED, Stage.TWO_DRAFTING, COUNCIL_EDITORS),
    Move(
        "ask_approval_two",
        "Ask the chief executive to approve",
        Stage.TWO_DRAFTING,
        Stage.TWO_AWAITING_APPROVAL,
        COUNCIL_EDITORS,
        _stage_two_ready,
        needs_note=True,
    ),
    Move(
        "approve_two",
        "Approve and submit to government",
        Stage.TWO_AWAITING_APPROVAL,
        Stage.TWO_SUBMITTED,
        CHIEF,
        _stage_two_ready,
        approves="two",
        lead_only=True,
    ),
    Move(
        "return_two",
        "Return to officers with reasons",
        Stage.TWO_AWAITING_APPROVAL,
        Stage.TWO_DRAFTING,
        CHIEF,
        needs_reason=True,
        style="warning",
        lead_only=True,
    ),
    Move(
        "withdraw_two",
        "Withdraw the request for approval",
        Stage.TWO_AWAITING_APPROVAL,
        Stage.TWO_DRAFTING,
        COUNCIL_EDITORS,
        style="warning",
    ),
    Move(
        "open_negotiation",
        "Start negotiating performance and stretch",
        Stage.TWO_SUBMITTED,
        Stage.TWO_NEGOTIATION,
        RECORDERS,
        government_decides=True,
    ),
    Move(
        "agree_two",
        "Record that the agreement is settled",
        Stage.TWO_NEGOTIATION,
        Stage.TWO_AGREED,
        RECORDERS,
        _settlement_ready,
        government_decides=True,
    ),
]
MOVES_BY_NAME = {move.name: move for move in MOVES}


class MoveRefused(Exception):
    """The move cannot be made now; ``problems`` says why, in plain words."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def may_make(user, framework: Framework, move: Move) -> bool:
    """Whether this user may make this move, whatever blocks it; nobody moves a closed framework."""
    return not framework.is_closed and is_theirs_to_make(user, framework, move)


def is_theirs_to_make(user, framework: Framework, move: Move) -> bool:
    """Whether the move is this user's by their role and council, open or closed as it may be."""
    person = person_of(user)
    if person is None or person.role not in move.roles:
        return False
    if person.role == R.REVIEWER:
        return True
    if move.lead_only:
        # The chief executive of the lead authority, the accountable body, approves or returns.
        return person.organisation.council_area_id == framework.council_id
    return framework.is_signed_by(person.organisation.council_area_id)


def moves_from_here(framework: Framework, user) -> list[Move]:
    """The moves this user may make from the framework's current stage."""
    return [m for m in MOVES if m.source == framework.stage and may_make(user, framework, m)]


def next_moves(framework: Framework) -> list[Move]:
    """Every move out of the current stage, whoever may make it."""
    return [m for m in MOVES if m.source == framework.stage]


def blockers(framework: Framework, move: Move, priorities: list[Priority] | None = None) -> Blockers:
    """What stops the move now, each with a link to the item it names where there is one."""
    return move.blockers(framework, priorities) if move.blockers else []


# The move each stage works towards whose readiness check says what is still missing: the
# approval the stage ends in, or the settlement. Partner consultation needs only priorities,
# which asking for approval checks too. From the other stages the next moves check nothing.
WORKS_TOWARDS = {
    Stage.ONE_DRAFTING: "ask_approval_one",
    Stage.ONE_CONSULTATION: "ask_approval_one",
    Stage.ONE_AWAITING_APPROVAL: "approve_one",
    Stage.TWO_DRAFTING: "ask_approval_two",
    Stage.TWO_AWAITING_APPROVAL: "approve_two",
    Stage.TWO_NEGOTIATION: "agree_two",
}


def stage_blockers(framework: Framework, priorities: list[Priority] | None = None) -> Blockers:
    """What is still missing in the framework's stage: the blockers of the move it works towards.

    The dashboard's “Still missing”, the framework's task list and the workflow page all show this.
    """
    name = WORKS_TOWARDS.get(framework.stage)
    if not name:
        return []
    # Computed once per version of the content (and per day: delivery's checks read the date).
    # A move itself always checks afresh, with the framework locked (framework_move).
    return content.derived(
        framework,
        "stage-blockers",
        lambda: blockers(framework, MOVES_BY_NAME[name], priorities),
        framework.stage,
        datetime.date.today().isoformat(),
    )


NOTE_MISSING = "Write a covering note for the chief executive: what they are asked to approve, and anything to look at."
DECLARATION_MISSING = "Tick the declaration to confirm you have read the document and approve its submission."


def approval_declaration(framework: Framework) -> str:
    """The words the chief executive ticks before approving."""
    return f"I have read the document and approve its submission to government on behalf of {framework.council.name}."


def approval_move(framework: Framework) -> Move | None:
    """The chief executive's approval from the framework's stage, if it awaits one."""
    return next((m for m in next_moves(framework) if m.approves), None)


@transaction.atomic
def framework_move(
    *, framework: Framework, move_name: str, user, reason: str = "", declared: bool = False
) -> StageChange:
    """Make one move, or refuse with PermissionDenied or MoveRefused and change nothing.

    ``reason`` is the text written with the step: the reasons for a return, the covering note
    of a request for approval, or how government told the council of its decision.
    ``declared``: the chief executive ticked the approval declaration, without which no
    approval is made, whichever page or client posts it.
    """
    move = MOVES_BY_NAME.get(move_name)
    if move is None:
        raise MoveRefused(["There is no such step."])
    if not may_make(user, framework, move):
        raise PermissionDenied("Your role cannot take this step.")
    # Lock the row so that two people pressing the same button one after the other
    # cannot both move the framework (the second sees the new stage and is refused).
    locked = Framework.objects.select_for_update().get(pk=framework.pk)
    if locked.is_closed:
        raise MoveRefused(["This framework is closed, so it cannot move on. Reopen it first."])
    if locked.stage != move.source:
        raise MoveRefused([f"This framework has already moved on: it is now at “{locked.get_stage_display()}”."])
    reason = reason.strip()
    if move.needs_reason and not reason:
        raise MoveRefused(["Enter the reasons, so the officers know what to change."])
    if move.needs_note and not reason:
        raise MoveRefused([NOTE_MISSING])
    if move.approves and not declared:
        raise MoveRefused([DECLARATION_MISSING])
    on_behalf = move.government_decides and not _is_reviewer(user)
    if on_behalf and not reason:
        raise MoveRefused(["Say how government told the council of its decision, such as a letter and its date."])
    problems = blockers(locked, move)
    if problems:
        raise MoveRefused(problems)
    claimed = Framework.objects.filter(pk=locked.pk, stage=move.source).update(stage=move.target)
    if not claimed:
        raise MoveRefused(["This framework has already moved on."])
    framework.stage = move.target
    framework.content_version = content.bump(framework.pk)  # update() sends no signal
    change = StageChange.objects.create(
        framework=framework,
        action=move.name,
        from_stage=move.source,
        to_stage=move.target,
        by=user,
        reason=reason,
        on_behalf_of_government=on_behalf,
    )
    if move.approves:
        submission_create(
            framework=framework,
            stage=move.approves,
            approved_by=user,
            declaration=approval_declaration(framework),
            declared_at=change.at,
        )
    notify_on_commit("stage_changed", change.pk)
    return change
