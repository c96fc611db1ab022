"""The permission matrix's rows for the agreement in delivery and its performance returns."""

from delivery.models import RETURN_STAGES, TRAJECTORY_STAGES
from priorities.models import Stage
from tests.delivery.test_delivery_matrix import COUNCIL, NOBODY, READ, RECORD, RECORD_SEEN, RETURNS, ROLES

#: Everyone signed in gets the list (it is empty for those with no signed agreement).
EVERYONE = dict.fromkeys(ROLES[1:], 200)


def after_signing(open_expected: dict, stages):
    """``open_expected`` in ``stages``; at other stages of delivery, 403 for those who would be
    allowed; before signing the agreement is not in delivery, so 404 for everyone."""
    closed = {role: 403 if status == 200 else status for role, status in open_expected.items()}

    def expected(stage):
        if stage == Stage.TWO_AGREED:
            return NOBODY
        return open_expected if stage in stages else closed

    return expected


def signing(stage):
    """The signing is recorded at “Stage Two: agreed”; otherwise the page says where the agreement is."""
    return RECORD if stage == Stage.TWO_AGREED else READ


ROWS = {
    "delivery:sign": (lambda w: [w["framework"].slug], signing),
    "delivery:index": (lambda w: [], lambda stage: EVERYONE),
    "delivery:overview": (lambda w: [w["framework"].slug], READ),
    "delivery:line": (lambda w: [w["line"].pk], READ),
    "delivery:trajectory_edit": (lambda w: [w["line"].pk], after_signing(RECORD_SEEN, TRAJECTORY_STAGES)),
    "delivery:return_create": (
        lambda w: [w["quarterly_line"].pk],
        after_signing({**RETURNS, "reviewer": 403}, RETURN_STAGES),
    ),
    "delivery:return_edit": (lambda w: [w["draft_return"].pk], after_signing(RETURNS, RETURN_STAGES)),
    # The history holds the council's drafts: government reads only what it was sent.
    "delivery:return_history": (lambda w: [w["sent_return"].pk], COUNCIL),
    "delivery:evidence_add": (lambda w: [w["draft_return"].pk], after_signing(RETURNS, RETURN_STAGES)),
    "delivery:evidence_delete": (lambda w: [w["draft_evidence"].pk], after_signing(RETURNS, RETURN_STAGES)),
    "delivery:evidence": (lambda w: [w["sent_evidence"].pk], READ),
    "delivery:send_returns": (lambda w: [w["framework"].slug], after_signing(RECORD_SEEN, RETURN_STAGES)),
}
