"""The monitoring report's preview and the returns import's preview, in the browser."""

import csv
import io

from playwright.sync_api import expect

from delivery.returns_spreadsheet import HEADINGS
from tests.browser.conftest import check_a11y, no_sideways_scroll, sign_in, visit
from tests.delivery.conftest import agreement, delivery_world, lines  # noqa: F401 (fixtures)


def test_an_officer_chooses_a_half_year_and_reads_its_report(page, cast, delivery_world):  # noqa: F811
    framework = delivery_world["framework"]
    sign_in(page, cast["officer"])
    visit(page, f"/delivery/{framework.slug}/report/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Local Public Service Agreement — second generation")
    no_sideways_scroll(page)
    page.get_by_label("Half-year").select_option(label="H2 2005/06 (October 2005 to March 2006)")
    page.get_by_role("button", name="Show this half-year").click()
    check_a11y(page)
    assert page.url.endswith("?half=2005-06-H2")
    expect(page.get_by_role("heading", name="Target 2: Reduce burglary")).to_be_visible()
    expect(page.locator("body")).to_contain_text("Not yet sent")
    no_sideways_scroll(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download this report as a PDF").click()
    assert info.value.suggested_filename == f"{framework.slug}-monitoring-report-2005-06-H2.pdf"


def test_an_officer_checks_a_sheet_of_returns_before_importing_it(page, cast, delivery_world):  # noqa: F811
    framework, annual = delivery_world["framework"], delivery_world["line"]
    sign_in(page, cast["officer"])
    visit(page, f"/delivery/{framework.slug}/returns/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import performance returns")
    no_sideways_scroll(page)
    out = io.StringIO()
    csv.writer(out).writerows([HEADINGS, [annual.pk, "", "", "", "2006/07", "52.5", "Estimate", "Survey", "", "", ""]])
    page.get_by_label("Spreadsheet").set_input_files(
        {"name": "returns.csv", "mimeType": "text/csv", "buffer": out.getvalue().encode()}
    )
    page.get_by_role("button", name="Check the file").click()
    check_a11y(page)
    expect(page.get_by_role("heading", name="Check what will change")).to_be_visible()
    no_sideways_scroll(page)
    page.get_by_role("button", name="Import these returns").click()
    check_a11y(page)
    expect(page.locator("body")).to_contain_text("Imported 1 return from “returns.csv”.")
