"""A target from agreement to its final reward claim, through the pages only.

Hampshire's agreement has one numbered target with one line: baseline 50 in 2003/04,
without the agreement 51 and with it 55 in 2007/08, interim levels 50.5 and 53 in 2006/07.
Its net budget requirement is £1,000m, so the reward is £25m, all of it this target's share.

1. The officer records the signing and starts delivery.
2. They return 2005/06 as an estimate and send it to government.
3. The 2006/07 figure, 53, meets the interim level: audit verifies it and the interim claim,
   the officer submits it (a fifth of the share: £5,000,000), government accepts it and
   records the payment on account.
4. The final figure for 2007/08 is 54: three quarters of the enhancement of 4 (from 51 to
   55), so the target earns £18,750,000. Less the £5,000,000 on account, £13,750,000 is
   payable in two instalments of £6,875,000, each £3,437,500 capital and £3,437,500 revenue.
5. Government accepts the final claim, records both instalments and settles the agreement.
"""

import datetime
from decimal import Decimal

from playwright.sync_api import Page, expect

from delivery.models import Claim, Payment
from priorities.models import Framework, Stage, Target
from tests.browser.conftest import check_a11y, no_sideways_scroll, sign_in, visit
from tests.browser.workflow_steps import make_ready, press, sign_out


def fill_date(page: Page, name: str, day: str, month: str, year: str) -> None:
    page.locator(f"#id_{name}_0").fill(day)
    page.locator(f"#id_{name}_1").fill(month)
    page.locator(f"#id_{name}_2").fill(year)


def agreed(framework, group, district) -> Framework:
    framework = make_ready(framework, group, district, stage=Stage.TWO_AGREED)
    framework.agreement_start = datetime.date(2005, 4, 1)
    framework.agreement_end = datetime.date(2008, 3, 31)
    framework.save()
    Target.objects.update(
        status="agreed", interim_period="2006/07", interim_without_lpsa=Decimal("50.5"), interim_with_lpsa=Decimal("53")
    )
    return framework


def add_return(page: Page, period: str, actual: str, *, final: bool) -> None:
    """From the line's page, add a return for the period."""
    with page.expect_navigation():
        page.get_by_role("link", name="Add a return").click()
    check_a11y(page)
    page.get_by_label("Period").select_option(period)
    page.get_by_label("Actual value").fill(actual)
    page.get_by_label("Final" if final else "Estimate", exact=True).check()
    page.get_by_label("Source").fill("Hampshire household survey")
    press(page, "Save the return")


def verify(page: Page, link: str, name: str, day: str) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=link).click()
    check_a11y(page)
    page.get_by_label("Name of the person who verified it").fill(name)
    page.get_by_label("Their job title").fill("Head of Internal Audit")
    fill_date(page, "verified_on", day, "6", "2008")
    press(page, "Save the audit sign-off")


def submit_claim(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name="Check and submit the claim").click()
    check_a11y(page)
    no_sideways_scroll(page)
    page.get_by_label("Name of the officer who signs the claim").fill("Fay Finance")
    page.get_by_label("Their job title").fill("Director of Finance")
    page.locator("#id_confirm").check()
    press(page, "Submit the claim to government")
    expect(page.locator("#claim-status")).to_have_text("Submitted to government")


def accept_and_record(page: Page, slug: str, kind: str, payments: list[tuple[str, str]]) -> None:
    """As government's reviewer: accept the claim and record each payment (its name, each half)."""
    visit(page, f"/delivery/{slug}/claims/{kind}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Accept or return the claim").click()
    check_a11y(page)
    page.get_by_label("Accept the claim").check()
    press(page, "Record the decision")
    expect(page.locator("#claim-status")).to_have_text("Accepted by government")
    for name, half in payments:
        with page.expect_navigation():
            page.get_by_role("link", name="Record a payment").click()
        check_a11y(page)
        page.get_by_label(name, exact=True).check()
        page.get_by_label("Capital grant paid (£)").fill(half)
        page.get_by_label("Revenue grant paid (£)").fill(half)
        fill_date(page, "paid_on", "1", "7", "2008")
        press(page, "Record the payment")
        expect(page.locator("#payments")).to_contain_text(name)


def test_a_target_goes_from_agreement_to_its_final_reward_claim(page, cast, framework, group, district):
    framework = agreed(framework, group, district)
    slug = framework.slug
    line = Target.objects.get(indicator__target_area__priority__framework=framework)

    # 1. Signing, then delivery.
    sign_in(page, cast["officer"])
    visit(page, framework.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("link", name="Record the signing of the agreement").click()
    check_a11y(page)
    fill_date(page, "signed_on", "14", "3", "2005")
    press(page, "Record that the agreement is signed")
    expect(page.get_by_role("heading", level=1)).to_contain_text("delivery")
    press(page, "Start delivery")
    framework.refresh_from_db()
    assert (framework.stage, framework.signed_on) == (Stage.IN_DELIVERY, datetime.date(2005, 3, 14))

    # 2. The first year's estimate, sent to government.
    visit(page, f"/delivery/lines/{line.pk}/")
    add_return(page, "2005/06", "51.5", final=False)
    visit(page, f"/delivery/{slug}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Check and send returns").click()
    check_a11y(page)
    press(page, "Send to government")

    # 3. The interim year met, verified and claimed on account.
    visit(page, f"/delivery/lines/{line.pk}/")
    add_return(page, "2006/07", "53", final=True)
    visit(page, f"/delivery/{slug}/claims/interim/")
    verify(page, f"Verify the final figure for {line.label}", "Ann Auditor", "2")
    verify(page, "Record audit's sign-off of the claim", "Ian Audit", "3")
    submit_claim(page)
    interim = Claim.objects.get(framework=framework, kind=Claim.Kind.INTERIM)
    assert interim.total == Decimal("5000000.00")
    sign_out(page)
    sign_in(page, cast["reviewer"])
    accept_and_record(page, slug, "interim", [("Payment on account", "2500000")])
    sign_out(page)

    # 4. The final year, and the final claim.
    sign_in(page, cast["officer"])
    visit(page, f"/delivery/lines/{line.pk}/")
    add_return(page, "2007/08", "54", final=True)
    visit(page, f"/delivery/{slug}/")
    press(page, "Start the final reward claim")
    visit(page, f"/delivery/{slug}/claims/final/")
    verify(page, f"Verify the final figure for {line.label}", "Ann Auditor", "4")
    verify(page, "Record audit's sign-off of the claim", "Ian Audit", "5")
    claim_page = page.locator("main")
    for figure in ("£18,750,000", "£5,000,000", "£13,750,000", "£6,875,000", "£3,437,500"):
        expect(claim_page).to_contain_text(figure)
    submit_claim(page)
    final = Claim.objects.get(framework=framework, kind=Claim.Kind.FINAL)
    assert final.total == Decimal("13750000.00")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the claim as submitted").click()
    assert download.value.suggested_filename.endswith(".pdf")
    sign_out(page)

    # 5. Government accepts, pays both instalments and settles the agreement.
    sign_in(page, cast["reviewer"])
    accept_and_record(page, slug, "final", [("First instalment", "3437500"), ("Second instalment", "3437500")])
    visit(page, f"/delivery/{slug}/")
    press(page, "Record that the reward claim is settled")
    framework.refresh_from_db()
    assert framework.stage == Stage.COMPLETE
    assert Payment.objects.filter(claim=final).count() == 2
    final.refresh_from_db()
    assert final.status == Claim.Status.PAID
