"""The chief executive checks the framework before approving it, declares and approves it, and sees
the confirmation panel; an officer sees the return banner until they ask again. Every new page is
run through axe and the reflow check."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from lpsa.models import Submission
from lpsa.workflow import framework_move
from priorities.models import Involvement, Stage
from tests.browser.conftest import check_a11y, no_sideways_scroll, sign_in, visit
from tests.browser.test_accessibility import audit
from tests.browser.test_keyboard import focused
from tests.browser.workflow_steps import DECLARATION, NOTE, ask_for_approval, make_ready, press

CHECK_HEADING = "Check the framework before you approve it"


def phone_width(page: Page) -> None:
    no_sideways_scroll(page, 390)
    no_sideways_scroll(page)


@pytest.fixture
def awaiting(framework, group, district, cast):
    """A ready framework whose officer asked for approval with a covering note; the district answered."""
    make_ready(framework, group, district, stage=Stage.ONE_CONSULTATION)
    Involvement.objects.filter(organisation=district).update(
        consulted_on=datetime.date(2004, 6, 1),
        answered_on=datetime.date(2004, 6, 20),
        answer="Rushmoor supports the four priorities.",
    )
    framework_move(framework=framework, move_name="ask_approval_one", user=cast["officer"].user, reason=NOTE)
    framework.refresh_from_db()
    return framework


def test_the_chief_executive_checks_declares_by_keyboard_and_approves(page, cast, awaiting):
    check = f"/frameworks/{awaiting.slug}/approval/"
    sign_in(page, cast["chiefexec"])
    with page.expect_navigation():
        page.get_by_role("link", name="The officers are waiting for your approval").click()
    check_a11y(page)
    assert page.url.endswith(check)
    audit(page, [check], then=phone_width)

    expect(page.get_by_role("heading", name=CHECK_HEADING, level=1)).to_be_visible()
    for heading in ("The officers' covering note", "The framework", "Partner consultation", "Open issues"):
        expect(page.get_by_role("heading", name=heading, level=2)).to_be_visible()
    expect(page.get_by_text(NOTE)).to_be_visible()
    expect(page.get_by_text("Districts: 1 of 1 answered")).to_be_visible()
    expect(page.get_by_text("Rushmoor supports the four priorities.")).to_be_visible()
    expect(page.get_by_text("None: nothing blocks the approval.")).to_be_visible()

    # Approving without the declaration is refused, with the error beside the box.
    press(page, "Approve and submit to government")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Tick the declaration")
    expect(page.locator("#div_id_declaration .govuk-error-message")).to_contain_text("Tick the declaration")
    expect(page).to_have_title(f"Error: {CHECK_HEADING} – {awaiting.title} – LPSA2 framework")
    phone_width(page)
    awaiting.refresh_from_db()
    assert awaiting.stage == Stage.ONE_AWAITING_APPROVAL

    # The error summary links to the box; from there, Space ticks it and Tab reaches the button.
    page.locator("#id_declaration").focus()
    assert focused(page)["id"] == "id_declaration"
    page.keyboard.press("Space")
    expect(page.get_by_label(DECLARATION)).to_be_checked()
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Approve and submit to government"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_a11y(page)

    submission = Submission.objects.get()
    assert (submission.declared_by, submission.version) == (cast["chiefexec"].user, 1)
    panel = page.locator(".govuk-panel--confirmation")
    expect(panel.get_by_role("heading", name="Submitted to government", level=1)).to_be_visible()
    expect(panel).to_contain_text("Stage One, version 1")
    expect(page.locator("#sha256")).to_have_text(submission.sha256)
    audit(page, [f"/submissions/{submission.pk}/submitted/"], then=phone_width)


def test_an_officer_sees_the_return_banner_until_they_ask_again(page, cast, awaiting):
    framework_move(
        framework=awaiting, move_name="return_one", user=cast["chiefexec"].user, reason="Add the survey figures."
    )
    sign_in(page, cast["officer"])
    banner = page.get_by_role("region", name="Returned by the chief executive")
    expect(banner).to_contain_text(f"Chiefexec returned “{awaiting.title}” to the officers")
    expect(banner).to_contain_text("Add the survey figures.")
    phone_width(page)
    with page.expect_navigation():
        banner.get_by_role("link", name=f"Go to stages and approval of {awaiting.title}").click()
    check_a11y(page)
    expect(page.get_by_role("region", name="Returned by the chief executive")).to_contain_text(
        "Add the survey figures."
    )
    ask_for_approval(page, "Survey figures added to priority 1.")
    expect(page.get_by_role("region", name="Returned by the chief executive")).to_have_count(0)
    # The newest step comes first in the timeline.
    expect(page.locator(".app-timeline__item").first).to_contain_text(
        "Covering note: Survey figures added to priority 1."
    )
    visit(page, "/")
    expect(page.get_by_role("region", name="Returned by the chief executive")).to_have_count(0)
