"""Delivery in the browser: an officer records a performance return with its evidence file
through the pages, and every page of the agreement in delivery passes axe and reflows."""

from pathlib import Path

from django.urls import reverse
from playwright.sync_api import expect

from delivery.models import PerformanceReturn
from tests.browser.conftest import check_a11y, sign_in, visit
from tests.browser.test_accessibility import audit
from tests.delivery.conftest import agreement, delivery_world, lines  # noqa: F401 (fixtures)


def test_an_officer_records_a_return_with_an_evidence_file(page, cast, delivery_world, tmp_path):  # noqa: F811
    line = delivery_world["line"]
    sign_in(page, cast["officer"])
    page.get_by_role("link", name="In delivery", exact=True).click()
    check_a11y(page)
    page.get_by_role("link", name=delivery_world["framework"].title).click()
    check_a11y(page)
    page.get_by_role("link", name=line.label).first.click()
    check_a11y(page)
    page.get_by_role("link", name="Add a return").click()
    check_a11y(page)
    page.get_by_label("Period").select_option("2006/07")
    page.get_by_label("Actual value").fill("52.5")
    page.get_by_label("Final").check()
    page.get_by_label("Source").fill("Residents' survey 2007")
    evidence = Path(tmp_path) / "survey-2007.csv"
    evidence.write_text("year,value\n2006/07,52.5\n")
    page.get_by_label("Evidence file (optional)").set_input_files(str(evidence))
    page.get_by_role("button", name="Save the return").click()
    check_a11y(page)
    expect(page.locator(".govuk-notification-banner, .govuk-panel").first).to_contain_text("2006/07")
    card = page.locator(".govuk-summary-card").filter(has_text="survey-2007.csv")
    expect(card).to_contain_text("52.5")
    expect(card).to_contain_text("Final")
    item = PerformanceReturn.objects.get(line=line, period="2006/07")
    assert [e.name for e in item.evidence.all()] == ["survey-2007.csv"]


def test_a_final_figure_changed_without_a_reason_shows_the_message_by_the_field(page, cast, delivery_world):  # noqa: F811
    item = delivery_world["sent_return"]
    sign_in(page, cast["officer"])
    visit(page, reverse("delivery:return_edit", args=[item.pk]))
    page.get_by_label("Actual value").fill("60")
    page.get_by_role("button", name="Save the return").click()
    check_a11y(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why this final figure is changing")
    expect(page.locator("#change_reason-error, .govuk-error-message").first).to_contain_text("Say why")
    item.refresh_from_db()
    assert str(item.actual) == "51.500"


def test_the_delivery_pages_pass_axe_and_reflow(page, cast, delivery_world):  # noqa: F811
    w = delivery_world
    sign_in(page, cast["officer"])
    audit(
        page,
        [
            reverse("delivery:index"),
            reverse("delivery:overview", args=[w["framework"].slug]),
            reverse("delivery:sign", args=[w["framework"].slug]),
            reverse("delivery:line", args=[w["line"].pk]),
            reverse("delivery:line", args=[w["quarterly_line"].pk]),
            reverse("delivery:trajectory_edit", args=[w["line"].pk]),
            reverse("delivery:return_create", args=[w["quarterly_line"].pk]),
            reverse("delivery:return_edit", args=[w["sent_return"].pk]),
            reverse("delivery:return_history", args=[w["sent_return"].pk]),
            reverse("delivery:evidence_add", args=[w["draft_return"].pk]),
            reverse("delivery:evidence_delete", args=[w["draft_evidence"].pk]),
            reverse("delivery:send_returns", args=[w["framework"].slug]),
        ],
    )


def test_the_signing_page_passes_axe_with_its_errors(page, cast, agreement):  # noqa: F811
    from priorities.models import Framework, Stage

    Framework.objects.filter(pk=agreement.pk).update(signed_on=None, stage=Stage.TWO_AGREED)
    sign_in(page, cast["officer"])
    audit(page, [reverse("delivery:sign", args=[agreement.slug])])
    page.get_by_role("button", name="Record that the agreement is signed").click()
    check_a11y(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date the agreement was signed")
