"""The delivery stages' moves: signed, in delivery, claiming the reward, complete.

They join lpsa's list of moves when the app is ready, so the workflow page, the timeline,
the task list and the notifications treat them like every other step.
"""

from delivery import readiness
from lpsa import workflow
from lpsa.workflow import COUNCIL_EDITORS, RECORDERS, Move
from priorities.models import Stage

MOVES = [
    Move(
        "sign",
        "Record that the agreement is signed",
        Stage.TWO_AGREED,
        Stage.SIGNED,
        COUNCIL_EDITORS,
        readiness.signing_blockers,
    ),
    Move(
        "start_delivery",
        "Start delivery",
        Stage.SIGNED,
        Stage.IN_DELIVERY,
        COUNCIL_EDITORS,
        readiness.delivery_blockers,
    ),
    Move(
        "start_claiming",
        "Start the final reward claim",
        Stage.IN_DELIVERY,
        Stage.CLAIMING,
        COUNCIL_EDITORS,
        readiness.claiming_blockers,
    ),
    Move(
        "complete",
        "Record that the reward claim is settled",
        Stage.CLAIMING,
        Stage.COMPLETE,
        RECORDERS,
        readiness.completion_blockers,
        government_decides=True,
    ),
]

WORKS_TOWARDS = {
    Stage.TWO_AGREED: "sign",
    Stage.SIGNED: "start_delivery",
    Stage.IN_DELIVERY: "start_claiming",
    Stage.CLAIMING: "complete",
}


def register() -> None:
    """Add the delivery moves to the workflow, once."""
    for move in MOVES:
        if move.name not in workflow.MOVES_BY_NAME:
            workflow.MOVES.append(move)
            workflow.MOVES_BY_NAME[move.name] = move
    workflow.WORKS_TOWARDS.update(WORKS_TOWARDS)
