"""The reward claims' URLs in the delivery matrix (see test_delivery_matrix.py).

In ``delivery_world`` the interim claim is submitted (government sees it) and the final claim
is the council's draft (government does not). The interim claim is given a stored PDF here,
as submitting would have made, so that its download answers as it does in life.
"""

import hashlib

from django.core.files.base import ContentFile

from delivery.models import CLAIM_STAGES, RETURN_STAGES
from priorities.models import DELIVERY_STAGES
from tests.delivery.test_delivery_matrix import GOVERNMENT, NOBODY, READ, RECORD, RECORD_SEEN, by_stage

PDF = b"%PDF-1.7 the interim claim"


def interim_with_pdf(world) -> list:
    claim = world["interim_claim"]
    if not claim.sha256:
        claim.pdf.save("interim.pdf", ContentFile(PDF), save=False)
        claim.sha256 = hashlib.sha256(PDF).hexdigest()
        claim.save(update_fields=["pdf", "sha256"])
    return [world["framework"].slug, "interim"]


#: Everyone who may see the claim is refused: a payment waits for government's acceptance.
NOT_YET = {role: 403 if status == 200 else status for role, status in READ.items()}


def after_signing(open_expected: dict, stages):
    """``by_stage`` for a page that, like every delivery page, does not exist before signing."""
    during = by_stage(open_expected, stages)
    return lambda stage: during(stage) if stage in DELIVERY_STAGES else NOBODY


ROWS = {
    "delivery:claims": (lambda w: [w["framework"].slug], READ),
    "delivery:claim": (lambda w: [w["framework"].slug, "interim"], READ),
    # The draft final claim is the council's alone.
    "delivery:claim_submit": (lambda w: [w["framework"].slug, "final"], after_signing(RECORD, CLAIM_STAGES["final"])),
    "delivery:claim_pdf": (interim_with_pdf, READ),
    "delivery:claim_decide": (lambda w: [w["framework"].slug, "interim"], GOVERNMENT),
    "delivery:payment_create": (lambda w: [w["framework"].slug, "interim"], NOT_YET),
    "delivery:verify_claim": (lambda w: [w["framework"].slug, "final"], after_signing(RECORD, CLAIM_STAGES["final"])),
    "delivery:verify_figure": (lambda w: [w["sent_return"].pk], after_signing(RECORD_SEEN, RETURN_STAGES)),
}
