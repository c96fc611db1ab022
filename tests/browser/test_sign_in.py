"""Signing in and out through the real forms."""

import pytest
from axes.models import AccessAttempt
from playwright.sync_api import expect

from tests.browser.conftest import check_a11y, no_sideways_scroll, sign_in, visit


def test_a_wrong_password_is_refused_with_an_error_summary(page, cast, settings):
    visit(page, "/sign-in/")
    page.locator("#id_username").fill("officer")
    page.locator("#id_password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    check_a11y(page)

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter a correct username and password")
    expect(page).to_have_title(f"Error: Sign in – {settings.SITE_NAME}")
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    # The password is never sent back to the browser, nobody is signed in, and the failure counts
    # towards django-axes' lockout.
    expect(page.locator("#id_password")).to_have_value("")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    assert AccessAttempt.objects.get(username="officer").failures_since_start == 1


def test_the_right_password_lands_on_the_dashboard_and_sign_out_works(page, cast, framework):
    sign_in(page, cast["officer"])
    expect(page.get_by_role("heading", name="Your frameworks", level=1)).to_be_visible()
    expect(page.get_by_role("link", name=framework.title)).to_be_visible()
    expect(page.get_by_text("Signed in as Officer")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in/")
    check_a11y(page)
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()

    # Signed out for real: the dashboard sends the visitor back to sign in.
    page.goto("/")
    page.wait_for_url("**/sign-in/?next=/")
    check_a11y(page)


@pytest.mark.parametrize(
    ("first_name", "last_name", "username"),
    [
        ("Henrietta", "Featherstonehaugh-Cholmondeley", "officer"),
        ("", "", "henrietta.featherstonehaugh@hampshire.gov.uk"),  # no name: the username, one long word
    ],
)
def test_who_is_signed_in_stays_inside_the_header_on_a_narrow_screen(page, cast, first_name, last_name, username):
    user = cast["officer"].user
    user.first_name, user.last_name, user.username = first_name, last_name, username
    user.save(update_fields=["first_name", "last_name", "username"])
    sign_in(page, cast["officer"])
    signed_in = page.get_by_text(f"Signed in as {user.get_full_name() or username}")
    for width in (320, 390):
        page.set_viewport_size({"width": width, "height": 800})
        no_sideways_scroll(page, width)
        # Not spilling out under the header either, white on the page's own pale background.
        header, text = page.get_by_role("banner").bounding_box(), signed_in.bounding_box()
        assert text["y"] + text["height"] <= header["y"] + header["height"], f"Below the header at {width} px"
        assert text["x"] + text["width"] <= header["x"] + header["width"], f"Past the header at {width} px"
