"""A council's administrator invites a colleague, who accepts and signs in, all by keyboard; every
account page passes axe and reflows at phone width."""

import re

from django.urls import reverse
from playwright.sync_api import Page, expect

from partners.models import Invitation, Organisation, Person
from partners.services import person_invite
from tests.browser.conftest import DASHBOARD, check_a11y, no_sideways_scroll, sign_in, visit
from tests.browser.test_accessibility import audit

NEW_PASSWORD = "a-long-new-passphrase-2004"


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/sign-in/$"))
    check_a11y(page)


def type_into(page: Page, text: str) -> None:
    page.keyboard.type(text)
    page.keyboard.press("Tab")


def test_the_account_pages_pass_axe_and_reflow(page: Page, cast, district, live_server, django_user_model):
    invitation = person_invite(
        by=cast["admin"].user,
        name="Ivy Invited",
        email="ivy@example.org",
        organisation=district,
        role=Person.Role.OFFICER,
        send_email=False,
    )
    sign_in(page, cast["admin"])
    audit(
        page,
        [
            "/partners/people/",
            "/partners/people/invite/",
            f"/partners/people/{cast['officer'].pk}/",
            f"/partners/people/{cast['admin'].pk}/",
            f"/partners/people/{invitation.person.pk}/",
            "/account/",
            "/account/password/",
        ],
        then=no_sideways_scroll,
    )
    # The forms with their messages, too.
    visit(page, "/partners/people/invite/")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter their full name.")
    check_a11y(page)
    no_sideways_scroll(page)
    link = reverse("accept_invitation", args=[invitation.token()])
    sign_out(page)
    audit(
        page,
        [link, "/forgotten-password/", "/forgotten-password/sent/", "/forgotten-password/MQ/nope/"],
        then=no_sideways_scroll,
    )
    visit(page, link)
    page.get_by_role("button", name="Save password and sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a new password.")
    check_a11y(page)
    Invitation.objects.filter(pk=invitation.pk).update(cancelled_at=invitation.sent_at)
    audit(page, [link], then=no_sideways_scroll)
    expect(page.get_by_role("heading", level=1)).to_have_text("This invitation was cancelled")
    django_user_model.objects.create_superuser("site", "site@example.org", "site-pass-2004x")
    visit(page, "/sign-in/")
    page.locator("#id_username").fill("site")
    page.locator("#id_password").fill("site-pass-2004x")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(DASHBOARD)
    check_a11y(page)
    audit(
        page, ["/partners/councils/", "/partners/councils/new/", "/partners/reviewers/invite/"], then=no_sideways_scroll
    )


def test_a_colleague_is_invited_accepts_and_signs_in_by_keyboard(
    page: Page, cast, district, live_server, mailoutbox, settings
):
    settings.SITE_URL = live_server.url
    sign_in(page, cast["admin"])
    page.get_by_role("link", name="People").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/partners/people/$"))
    check_a11y(page)
    page.get_by_role("button", name="Invite a colleague").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/invite/$"))
    check_a11y(page)

    page.locator("#id_name").focus()
    type_into(page, "Nadia New")
    type_into(page, "nadia@example.org")
    # The organisation's list: type the start of a name to choose it, as a keyboard user would.
    page.keyboard.type("Rushmoor")
    page.keyboard.press("Tab")
    type_into(page, "Community safety officer")
    # The role's radios: the officer's is chosen already; the arrow moves to the next.
    page.keyboard.press("ArrowDown")
    page.locator("#submit-id-save").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/partners/people/$"))
    check_a11y(page)
    expect(page.locator("#invitations")).to_contain_text("Nadia New")
    expect(page.locator("#invitations")).to_contain_text("Working-group lead")
    person = Person.objects.select_related("user", "organisation").get(user__email="nadia@example.org")
    assert person.organisation == Organisation.objects.get(name="Rushmoor Borough Council")
    assert person.job_title == "Community safety officer"

    [message] = mailoutbox
    link = re.search(r"(http://\S+/invitation/\S+)", message.body).group(1)
    sign_out(page)
    visit(page, link)
    page.locator("#id_new_password1").focus()
    type_into(page, NEW_PASSWORD)
    page.keyboard.type(NEW_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(DASHBOARD)
    check_a11y(page)
    expect(page.locator(".app-header__signed-in")).to_contain_text("Nadia New")

    sign_out(page)
    page.locator("#id_username").focus()
    type_into(page, "nadia@example.org")
    page.keyboard.type(NEW_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(DASHBOARD)
    check_a11y(page)
