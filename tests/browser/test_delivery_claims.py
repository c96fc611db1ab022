"""A final reward claim in a real browser: an officer has audit's sign-off recorded for a
final figure and the claim, submits it; a government reviewer accepts it and records a payment.
Every page passes axe and reflows at 320 CSS px."""

from playwright.sync_api import expect

from delivery.models import Claim, Payment, Verification
from tests.browser.conftest import check_a11y, no_sideways_scroll, sign_in
from tests.browser.test_accessibility import audit
from tests.delivery.conftest import agreement, delivery_world, lines  # noqa: F401 (fixtures)
from tests.delivery.test_claim_pages import claiming  # noqa: F401 (fixture)


def fill_date(page, name, day, month, year):
    page.locator(f"#id_{name}_0").fill(day)
    page.locator(f"#id_{name}_1").fill(month)
    page.locator(f"#id_{name}_2").fill(year)


def test_an_officer_submits_the_final_claim_and_a_reviewer_accepts_and_records_a_payment(page, cast, claiming):  # noqa: F811
    framework = claiming["framework"]
    slug = framework.slug
    unverified = claiming["finals"][1]
    Verification.objects.filter(performance_return=unverified).delete()
    sign_in(page, cast["officer"])
    audit(page, [f"/delivery/{slug}/claims/", f"/delivery/{slug}/claims/final/", f"/delivery/{slug}/claims/interim/"])

    # The check page says what is missing.
    audit(page, [f"/delivery/{slug}/claims/final/submit/"])
    expect(page.locator("#problems")).to_contain_text("is not yet verified by audit")

    # Audit's sign-off of the unverified figure, from the claim page.
    audit(page, [f"/delivery/{slug}/claims/final/"])
    page.get_by_role("link", name="Verify the final figure for Domestic burglaries").click()
    page.get_by_role("button", name="Save the audit sign-off").click()  # empty: errors next to the fields
    check_a11y(page)
    no_sideways_scroll(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the name of the person who verified it.")
    page.locator("#id_verifier_name").fill("Ann Auditor")
    page.locator("#id_verifier_title").fill("Head of Internal Audit")
    fill_date(page, "verified_on", "2", "6", "2008")
    page.get_by_role("button", name="Save the audit sign-off").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Final claim")

    # The claim's own sign-off.
    page.get_by_role("link", name="Record audit's sign-off of the claim").click()
    audit(page, [f"/delivery/{slug}/claims/final/verify/"])
    page.locator("#id_verifier_name").fill("Ian Audit")
    page.locator("#id_verifier_title").fill("Chief Internal Auditor")
    fill_date(page, "verified_on", "20", "6", "2008")
    page.get_by_role("button", name="Save the audit sign-off").click()
    expect(page.locator("#claim-verification")).to_contain_text("Ian Audit")

    # Check and submit.
    page.get_by_role("link", name="Check and submit the claim").click()
    audit(page, [f"/delivery/{slug}/claims/final/submit/"])
    page.locator("#id_signatory_name").fill("Fay Finance")
    page.locator("#id_signatory_title").fill("Director of Finance")
    page.locator("#id_confirm").check()
    page.get_by_role("button", name="Submit the claim to government").click()
    expect(page.locator("#claim-status")).to_have_text("Submitted to government")
    audit(page, [f"/delivery/{slug}/claims/final/"])
    claim = Claim.objects.get(pk=claiming["final_claim"].pk)
    assert claim.status == Claim.Status.SUBMITTED and claim.sha256

    # Government accepts it and records the first instalment.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, cast["reviewer"])
    audit(page, [f"/delivery/{slug}/claims/final/", f"/delivery/{slug}/claims/final/decide/"])
    page.get_by_label("Accept the claim").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#claim-status")).to_have_text("Accepted by government")
    page.get_by_role("link", name="Record a payment").click()
    audit(page, [f"/delivery/{slug}/claims/final/payments/new/"])
    page.get_by_label("First instalment").check()
    page.locator("#id_capital").fill("1718750")
    page.locator("#id_revenue").fill("1718750")
    fill_date(page, "paid_on", "1", "6", "2008")
    page.get_by_role("button", name="Record the payment").click()
    expect(page.locator("#payments")).to_contain_text("First instalment")
    audit(page, [f"/delivery/{slug}/claims/final/"])
    assert Payment.objects.get(claim=claim).total == 3_437_500
