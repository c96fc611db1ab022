"""Importing indicators and targets from a spreadsheet in the browser: check, confirm, or refuse."""

import csv
import io
import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from lpsa.snapshot import framework_snapshot
from priorities.models import Target
from priorities.spreadsheet import HEADINGS
from tests.browser.conftest import check_a11y, no_sideways_scroll, sign_in, visit
from tests.factories import make_tree

WITH_LPSA = HEADINGS.index("With LPSA2")


@pytest.fixture
def two_targets(framework, group):
    """Two indicators in two target areas, each with a target of 51 without and 55 with LPSA2."""
    make_tree(framework, group=group, areas=2)
    return framework


def open_import(page: Page, framework) -> None:
    visit(page, f"/frameworks/{framework.slug}/")
    page.get_by_role("link", name="Import from a spreadsheet").click()
    check_a11y(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Import indicators and targets")


def download_csv(page: Page) -> list[list[str]]:
    """Download the CSV export from the link on the import page."""
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV", exact=True).click()
    download = info.value
    assert download.suggested_filename.endswith("-indicators-and-targets.csv")
    with open(download.path(), encoding="utf-8") as file:
        return list(csv.reader(file))


def as_csv(rows: list[list]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def upload(page: Page, name: str, content: bytes, mime: str = "text/csv") -> None:
    page.get_by_label("Spreadsheet").set_input_files({"name": name, "mimeType": mime, "buffer": content})
    page.get_by_role("button", name="Check the file").click()
    check_a11y(page)


def test_an_officer_imports_an_edited_export(page, cast, two_targets):
    first, second = Target.objects.order_by("indicator__target_area__position")
    sign_in(page, cast["officer"])
    open_import(page, two_targets)
    rows = download_csv(page)
    assert rows[0] == HEADINGS
    assert [row[WITH_LPSA] for row in rows[1:]] == ["55", "55"]
    rows[1][WITH_LPSA] = "57.5"

    upload(page, "edited.csv", as_csv(rows))
    expect(page.get_by_role("heading", name="Check what will change", level=2)).to_be_visible()
    changes = page.locator("#import-changes tbody tr")
    expect(changes).to_have_count(1)
    expect(changes.get_by_role("cell")).to_have_text(["2", re.compile(r"with LPSA2 55 → 57\.5")])
    no_sideways_scroll(page)
    # Checking the file changes nothing yet.
    assert Target.objects.get(pk=first.pk).with_lpsa == Decimal("55")

    page.get_by_role("button", name="Import these changes").click()
    check_a11y(page)
    expect(page).to_have_url(re.compile(rf"/frameworks/{two_targets.slug}/$"))
    expect(page.get_by_role("alert")).to_contain_text("Imported 1 change from “edited.csv”.")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.with_lpsa, second.with_lpsa) == (Decimal("57.5"), Decimal("55"))
    assert first.history.latest().history_change_reason == "Imported from a spreadsheet"


def test_files_with_mistakes_are_refused_and_change_nothing(page, cast, two_targets):
    before = framework_snapshot(two_targets)
    sign_in(page, cast["officer"])
    open_import(page, two_targets)
    rows = download_csv(page)
    rows[1][WITH_LPSA] = "about 57"
    rows[2][HEADINGS.index("Direction")] = "Sideways"

    upload(page, "edited.csv", as_csv(rows))
    expect(page).to_have_title(re.compile(r"^Error: Import indicators and targets"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("The file has 2 problems. Nothing was imported.")
    problems = page.locator("#import-errors")
    expect(problems.locator("caption")).to_have_text("Problems, row by row")
    expect(problems.locator("tbody tr").nth(0).get_by_role("cell")).to_have_text(
        ["2", "With LPSA2", "“about 57” is not a number. Enter a figure like 42 or 12.5."]
    )
    expect(problems.locator("tbody tr").nth(1).get_by_role("cell")).to_have_text(
        ["3", "Direction", "Enter “Higher is better” or “Lower is better”."]
    )
    expect(problems.locator("tbody tr")).to_have_count(2)
    no_sideways_scroll(page)
    expect(page.get_by_role("button", name="Import these changes")).to_have_count(0)
    assert framework_snapshot(two_targets) == before

    # A file that is not a spreadsheet at all: the message is by the file field.
    upload(page, "notes.txt", b"Indicator ID,With LPSA2\n1,57\n", mime="text/plain")
    message = "Choose an Excel workbook (.xlsx) or a CSV file."
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=message)).to_have_attribute("href", "#id_file")
    expect(page.locator("#div_id_file .govuk-error-message")).to_contain_text(message)
    expect(page.locator("#import-errors")).to_have_count(0)
    assert framework_snapshot(two_targets) == before
