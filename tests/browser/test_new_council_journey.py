"""A new council, from nothing to its chief executive's first approval, through the pages alone.

The site administrator creates the council and invites its first administrator; from there the
council's own administrator does everything: sets a password from the e-mailed link, starts a
framework, adds a partner organisation and a working group, writes a priority with its target
area, invites an officer and the chief executive, records the consultation and asks for
approval with a covering note. The chief executive accepts their own invitation, checks the
framework, ticks the declaration and approves. No Django admin, no shell, no fixture beyond the
site administrator's account.
"""

import re

from django.core import mail
from playwright.sync_api import Page, expect

from lpsa.models import Submission
from priorities.models import Framework, Involvement, Stage
from tests.browser.conftest import DASHBOARD, check_a11y, no_sideways_scroll, visit
from tests.browser.workflow_steps import approve_on_the_check_page, follow, press

PASSWORD = "rutland-first-round-2004"
COUNCIL = "Rutland County Council"


def sign_in_as(page: Page, username: str, password: str) -> None:
    visit(page, "/sign-in/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    check_a11y(page)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/sign-in/$"))


def invitation_link(address: str) -> str:
    """The link in the newest e-mail to this address (the worker wrote it; the tests run it at once)."""
    sent = [message for message in mail.outbox if address in message.to]
    assert sent, f"No e-mail went to {address}"
    match = re.search(r"https?://\S+(/invitation/\S+/)", sent[-1].body)
    assert match, sent[-1].body
    return match.group(1)


def accept(page: Page, address: str) -> None:
    """Follow the invitation, choose a password and land signed in."""
    visit(page, invitation_link(address))
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm new password", exact=True).fill(PASSWORD)
    press(page, "Save password and sign in")
    page.wait_for_url(DASHBOARD)


def date_into(page: Page, legend: str, day: int, month: int, year: int) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day))
    group.get_by_label("Month").fill(str(month))
    group.get_by_label("Year").fill(str(year))


def invite(page: Page, name: str, address: str, role: str) -> None:
    visit(page, "/partners/people/invite/")
    page.get_by_label("Full name", exact=True).fill(name)
    page.get_by_label("E-mail address", exact=True).fill(address)
    page.get_by_label(role, exact=True).check()
    press(page, "Send invitation")
    expect(page.locator("main")).to_contain_text(address)


def test_a_new_council_reaches_its_first_approval_through_the_pages(page: Page, django_user_model, live_server):
    django_user_model.objects.create_superuser("site", "site@example.org", "site-pass-2004x")

    # The site administrator only creates the council and invites its administrator.
    sign_in_as(page, "site", "site-pass-2004x")
    visit(page, "/partners/councils/new/")
    page.get_by_label("Council's name", exact=True).fill(COUNCIL)
    page.get_by_label("Unitary council", exact=True).check()
    page.get_by_label("Its administrator's full name", exact=True).fill("Ada Administrator")
    page.get_by_label("Its administrator's e-mail address", exact=True).fill("ada@rutland.example")
    press(page, "Create council and invite its administrator")
    sign_out(page)

    # The administrator sets a password from the e-mail and is signed in.
    accept(page, "ada@rutland.example")
    expect(page.get_by_role("navigation", name="Menu")).to_contain_text("People")

    # A framework of their own council, which lists the council as the accountable body.
    follow(page, "Start a new framework")
    page.get_by_label("Title", exact=True).fill("Rutland LPSA2")
    date_into(page, "Stage One deadline", 31, 7, 2004)
    date_into(page, "Stage Two deadline", 30, 11, 2004)
    press(page, "Start the framework")
    framework = Framework.objects.get(title="Rutland LPSA2")
    assert framework.council.name == COUNCIL
    slug = framework.slug

    # A partner organisation new to the site, taken on as a partner of the framework.
    visit(page, "/partners/organisations/new/")
    page.get_by_label("Name", exact=True).fill("Rutland Primary Care Trust")
    page.get_by_label("Health (primary care trust)", exact=True).check()
    press(page, "Save the organisation")
    visit(page, f"/frameworks/{slug}/partners/")
    expect(page.locator("main")).to_contain_text("Accountable body")
    follow(page, "Add a partner")
    page.get_by_label("Organisation").select_option(label="Rutland Primary Care Trust")
    page.get_by_label("Other public body", exact=True).check()
    date_into(page, "Date the draft was sent", 14, 6, 2004)
    press(page, "Save")

    # A working group the council's own administrator leads, for the priority.
    visit(page, "/partners/working-groups/new/")
    page.get_by_label("Name", exact=True).fill("Healthy Rutland group")
    page.get_by_label("Lead organisation").select_option(label="Rutland Primary Care Trust")
    press(page, "Save the working group")

    # A priority complete enough for Stage One, with its target area.
    visit(page, f"/frameworks/{slug}/")
    follow(page, "Add a priority")
    page.get_by_label("Title", exact=True).fill("Healthier older people")
    page.get_by_label("Outcome statement (optional)", exact=True).fill(
        "Older people stay well and independent for longer."
    )
    page.get_by_label("Evidence (optional)", exact=True).fill("Falls admissions rose by a fifth in three years.")
    page.get_by_label("Leading working group").select_option(label="Healthy Rutland group")
    press(page, "Save")
    follow(page, "Add a target area")
    page.get_by_label("Title", exact=True).fill("Fewer falls")
    press(page, "Save")

    # Colleagues: an officer and the chief executive, each invited by e-mail.
    invite(page, "Owen Officer", "owen@rutland.example", "Council officer")
    invite(page, "Celia Chief", "celia@rutland.example", "Chief executive")

    # Consultation, then the request for approval with a covering note.
    visit(page, f"/frameworks/{slug}/workflow/")
    press(page, "Start partner consultation")
    page.locator("#step-ask_approval_one").get_by_label("Covering note for the chief executive").fill(
        "The partners have seen the draft; cabinet agreed it on 20 July."
    )
    press(page, "Ask the chief executive to approve")
    framework.refresh_from_db()
    assert framework.stage == Stage.ONE_AWAITING_APPROVAL
    sign_out(page)

    # The chief executive accepts their invitation, finds the request on their home and approves.
    accept(page, "celia@rutland.example")
    expect(page.locator("main")).to_contain_text("Rutland LPSA2")
    follow(page, "Review and approve")
    follow(page, "Check and approve")
    expect(page.locator("main")).to_contain_text("cabinet agreed it on 20 July")
    no_sideways_scroll(page, 390)
    approve_on_the_check_page(page)

    framework.refresh_from_db()
    assert framework.stage == Stage.ONE_SUBMITTED
    submission = Submission.objects.get(framework=framework)
    assert submission.version == 1 and submission.declared_by.email == "celia@rutland.example"
    assert Involvement.objects.filter(framework=framework, role=Involvement.Role.ACCOUNTABLE_BODY).exists()
