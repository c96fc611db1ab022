"""Shared steps for the workflow and comment journeys: a ready framework, signing out, pressing buttons."""

import datetime

from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from partners.models import Organisation, Person, WorkingGroup
from priorities.models import Framework, Involvement
from tests.browser.conftest import check_a11y
from tests.factories import make_tree


def make_ready(framework: Framework, group: WorkingGroup, district: Organisation, stage: str = "") -> Framework:
    """The framework with everything both stages ask for (like ``ready`` in tests/lpsa), at ``stage`` if given."""
    make_tree(framework, group=group)
    Involvement.objects.create(framework=framework, organisation=district, role=Involvement.Role.DISTRICT)
    framework.net_budget_requirement = 1_000_000_000
    framework.stage_one_deadline = datetime.date(2004, 7, 31)
    if stage:
        framework.stage = stage
    framework.save()
    return framework


def give_emails(*people: Person) -> None:
    """The cast has no e-mail addresses; the notifications need some."""
    for person in people:
        get_user_model().objects.filter(pk=person.user_id).update(email=f"{person.user.username}@example.org")
        person.user.refresh_from_db()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in/")
    check_a11y(page)


def press(page: Page, name: str, exact: bool = True) -> None:
    """Press a button that submits a form, and check the page it leads to."""
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=exact).click()
    check_a11y(page)


def follow(page: Page, name: str, exact: bool = True) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=name, exact=exact).click()
    check_a11y(page)


NOTE = "Cabinet agreed the priorities on 20 July. Please approve."
DECLARATION = "I have read the document and approve its submission to government"


def ask_for_approval(page: Page, note: str = NOTE) -> None:
    """On the stages page, an officer writes the covering note and asks for approval."""
    page.locator("#step-ask_approval_one, #step-ask_approval_two").get_by_label(
        "Covering note for the chief executive"
    ).fill(note)
    press(page, "Ask the chief executive to approve")


def approve_on_the_check_page(page: Page) -> None:
    """The chief executive, on the check page, ticks the declaration and approves; the panel follows."""
    expect(page.get_by_role("heading", name="Check the framework before you approve it", level=1)).to_be_visible()
    page.get_by_label(DECLARATION).check()
    press(page, "Approve and submit to government")
    expect(page.get_by_role("heading", name="Submitted to government", level=1)).to_be_visible()


def expect_done(page: Page, stage_label: str) -> None:
    """The success banner after a step, and the stage the page now shows."""
    expect(page.get_by_role("alert")).to_contain_text(f"Done: the framework is now at “{stage_label}”.")
    expect(page.get_by_role("heading", name="Stages and approval", level=1)).to_be_visible()
    expect(page.locator(".govuk-summary-list").first).to_contain_text(stage_label)
