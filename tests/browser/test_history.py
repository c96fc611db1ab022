"""Every change to an item, newest first, with who made it and what each field was and became."""

import re

from playwright.sync_api import expect

from priorities.models import Indicator
from tests.browser.conftest import sign_in, visit
from tests.browser.workflow_steps import follow, press

NEW_DEFINITION = "Residents aged 16 to 64 in paid work of 16 hours a week or more."


def test_an_indicators_history_shows_an_officers_edit(page, cast, tree):
    indicator = Indicator.objects.get()
    sign_in(page, cast["officer"])
    visit(page, f"/indicators/{indicator.pk}/edit/")
    page.get_by_label("Definition").fill(NEW_DEFINITION)
    press(page, "Save")
    expect(page.get_by_role("alert")).to_contain_text("was saved")

    follow(page, "See every change to this indicator")
    expect(page).to_have_url(re.compile(rf"/history/indicator/{indicator.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"History of “{indicator.title}”")
    entries = page.locator(".govuk-summary-card")
    expect(entries).to_have_count(2)

    # Newest first: the officer's edit, then the indicator being made (by the factory, not a person).
    edit = entries.first
    expect(edit.get_by_role("heading", level=2)).to_contain_text("· Officer")
    rows = edit.get_by_role("table", name="Changes made then").get_by_role("row")
    # Only the definition changed: the version counter and figures saved as they were are not shown.
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_have_text(re.compile(rf"Definition\s*People in work\s*{re.escape(NEW_DEFINITION)}"))
    created = entries.last
    expect(created.get_by_role("heading", level=2)).to_contain_text("The system created it")
    expect(created.get_by_role("table")).to_have_count(0)

    follow(page, "Back")
    expect(page.get_by_role("heading", level=1)).to_have_text(indicator.title)
    expect(page.get_by_text(NEW_DEFINITION)).to_be_visible()
