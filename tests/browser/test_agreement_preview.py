"""The agreement's preview in the browser passes axe and reflows at 320 px, signature blocks and all."""

from decimal import Decimal

from django.urls import reverse
from playwright.sync_api import expect

from priorities.models import Indicator, Target
from tests.browser.conftest import check_a11y, no_sideways_scroll, sign_in, visit


def test_the_stage_two_preview_passes_axe_and_reflows(page, cast, ready):
    Indicator.objects.update(unit="%")
    Target.objects.update(
        interim_period="2005/06", interim_without_lpsa=Decimal("50.5"), interim_with_lpsa=Decimal("52")
    )
    sign_in(page, cast["officer"])
    visit(page, reverse("lpsa:preview", args=[ready.slug]) + "?stage=two")
    expect(page.get_by_role("heading", name="The agreement", level=2)).to_be_visible()
    expect(page.get_by_text("Signed on behalf of government by the Minister")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Enhancement (percentage points)").first).to_be_visible()
    check_a11y(page)
    no_sideways_scroll(page)
