"""The monitoring report and the returns spreadsheet in the delivery permission matrix."""

from delivery.models import RETURN_STAGES
from priorities.models import DELIVERY_STAGES
from tests.delivery.test_delivery_matrix import NOBODY, READ, RETURNS


def importing(stage):
    """Officers, administrators and the lead of the line's group import returns in the returns'
    stages, and are refused in the other stages of delivery; government never sees the page."""
    if stage not in DELIVERY_STAGES:
        return NOBODY
    if stage in RETURN_STAGES:
        return RETURNS
    return {role: 403 if status == 200 else status for role, status in RETURNS.items()}


def slug(world):
    return [world["framework"].slug]


ROWS = {
    "delivery:report": (slug, READ),
    "delivery:report_pdf": (slug, READ),
    "delivery:returns_export": (slug, READ),
    "delivery:returns_import": (slug, importing),
}
