"""Money in delivery: the money page, pump-priming spend, freedoms' progress, the reward's sharing.

- The money page is read by the council's people and by government's reviewers (spend and
  freedoms are records of fact, not drafts); the reward-sharing section on it is hidden from
  reviewers (tested in test_money.py), as the sharing is the council's own arrangement.
- Spend and freedoms' progress are recorded by the council's officers and administrators in
  the money stages; reviewers may see them, so their forms are a 403 to reviewers.
- A partner's share is the council's alone: its pages are a 404 to reviewers.
"""

from delivery.models import MONEY_STAGES, PartnerShare
from priorities.models import DELIVERY_STAGES
from tests.delivery.test_delivery_matrix import NOBODY, READ, RECORD, RECORD_SEEN, by_stage


def in_delivery(expected):
    """``expected`` once signed; before signing there is no delivery, so a 404 to everyone."""

    def answer(stage):
        return expected(stage) if stage in DELIVERY_STAGES else NOBODY

    return answer


ROWS = {
    "delivery:money": (lambda w: [w["framework"].slug], READ),
    "delivery:spend_edit": (lambda w: [w["allocation"].pk], in_delivery(by_stage(RECORD_SEEN, MONEY_STAGES))),
    "delivery:freedom_progress": (lambda w: [w["freedom"].pk], in_delivery(by_stage(RECORD_SEEN, MONEY_STAGES))),
    "delivery:share_create": (
        lambda w: [w["framework"].slug],
        in_delivery(by_stage(RECORD, PartnerShare.open_stages)),
    ),
    "delivery:share_edit": (lambda w: [w["share"].pk], in_delivery(by_stage(RECORD, PartnerShare.open_stages))),
    "delivery:share_delete": (lambda w: [w["share"].pk], in_delivery(by_stage(RECORD, PartnerShare.open_stages))),
}
