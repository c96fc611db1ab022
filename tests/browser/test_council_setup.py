"""The demo council administrator sets a council up through the pages alone, mostly by keyboard:
starts a framework, adds a new organisation and takes it on as a partner, and creates a working
group with a lead and members; then closes the framework and reopens it. Every new page passes
axe and does not scroll sideways at phone width.

It loads the demo data with its own accounts, so it must not use the ``cast`` fixture.
"""

from playwright.sync_api import Page, expect

from lpsa import demo
from partners.models import Organisation, Person, WorkingGroup
from priorities.models import Framework, Involvement
from tests.browser.conftest import check_a11y, no_sideways_scroll, sign_in
from tests.browser.test_accessibility import audit
from tests.factories import PASSWORD

PHONE = 390


def phone_width(page: Page) -> None:
    no_sideways_scroll(page, PHONE)


def type_into(page: Page, label: str, text: str) -> None:
    """Move to a field as a keyboard user does (its label names it) and type."""
    page.get_by_label(label, exact=True).focus()
    page.keyboard.type(text)


def tick(page: Page, label: str) -> None:
    """A radio button or checkbox, chosen with the space bar."""
    page.get_by_label(label, exact=True).focus()
    page.keyboard.press("Space")


def submit_with_enter(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).focus()
        page.keyboard.press("Enter")
    check_a11y(page)


def follow_with_enter(page: Page, link: str, within: str = "main") -> None:
    with page.expect_navigation():
        page.locator(within).get_by_role("link", name=link, exact=True).focus()
        page.keyboard.press("Enter")
    check_a11y(page)


def test_the_demo_administrator_sets_up_a_framework_partners_and_a_group(page):
    demo.load(password=PASSWORD)
    admin = Person.objects.get(user__username="admin")
    sign_in(page, admin)

    # A framework, from the dashboard.
    follow_with_enter(page, "Start a new framework")
    phone_width(page)
    type_into(page, "Title", "Hampshire LPSA2 second round")
    for legend, (day, month, year) in {
        "Stage One deadline": (31, 7, 2005),
        "Stage Two deadline": (30, 11, 2005),
    }.items():
        group = page.get_by_role("group", name=legend)
        group.get_by_label("Day").fill(str(day))
        group.get_by_label("Month").fill(str(month))
        group.get_by_label("Year").fill(str(year))
    submit_with_enter(page, "Start the framework")
    expect(page.get_by_role("alert")).to_contain_text("The framework “Hampshire LPSA2 second round” was started.")
    framework = Framework.objects.get(title="Hampshire LPSA2 second round")
    assert page.url.endswith(framework.get_absolute_url())
    assert framework.involvements.get().role == Involvement.Role.ACCOUNTABLE_BODY

    # A new organisation, from the framework's "Add a partner", and back to it.
    follow_with_enter(page, "Partners taking part")
    follow_with_enter(page, "Add a partner")
    phone_width(page)
    follow_with_enter(page, "add a new organisation to the area")
    phone_width(page)
    type_into(page, "Name", "North Hampshire Primary Care Trust")
    type_into(page, "Short name (optional)", "North Hants PCT")
    tick(page, "Health (primary care trust)")
    submit_with_enter(page, "Save the organisation")
    pct = Organisation.objects.get(name="North Hampshire Primary Care Trust")
    assert pct.county.name == "Hampshire County Council"
    expect(page.get_by_label("Organisation", exact=True)).to_have_value(str(pct.pk))
    tick(page, "Other public body")
    tick(page, "Invited, not yet answered")
    submit_with_enter(page, "Save")
    expect(page.get_by_role("table")).to_contain_text("North Hampshire Primary Care Trust")
    assert framework.involvements.filter(organisation=pct, status=Involvement.Status.INVITED).exists()

    # A working group with its lead and members.
    follow_with_enter(page, "Working groups", within="#navigation")
    follow_with_enter(page, "Add a working group")
    phone_width(page)
    type_into(page, "Name", "Healthy lives working group")
    tick(page, "A headline priority")
    page.get_by_label("Lead organisation", exact=True).select_option(label="North Hampshire Primary Care Trust")
    page.get_by_label("Lead person (optional)", exact=True).select_option(
        label="Wendy Lead, Basingstoke and Deane Borough Council"
    )
    tick(page, "North Hampshire Primary Care Trust")
    tick(page, "Olivia Officer, Hampshire County Council")
    submit_with_enter(page, "Save the working group")
    group = WorkingGroup.objects.get(name="Healthy lives working group")
    assert (group.lead_organisation, group.lead_person.user.username) == (pct, "wglead")
    assert [p.user.username for p in group.member_people.all()] == ["officer"]
    expect(page.locator("main")).to_contain_text("Olivia Officer (Hampshire County Council)")

    # Closing the new framework, and opening it again.
    page.goto(framework.get_absolute_url())
    check_a11y(page)
    follow_with_enter(page, "Close the framework")
    type_into(page, "Why are you closing this framework?", "Started by mistake.")
    submit_with_enter(page, "Close the framework")
    expect(page.get_by_role("region", name="Closed")).to_contain_text("Why: Started by mistake.")
    phone_width(page)
    follow_with_enter(page, "Your frameworks", within="#navigation")
    expect(page.get_by_role("heading", name="Closed frameworks")).to_be_visible()
    phone_width(page)
    page.goto(framework.get_absolute_url())
    check_a11y(page)
    submit_with_enter(page, "Reopen the framework")
    framework.refresh_from_db()
    assert not framework.is_closed

    # Every new page, as the administrator sees it.
    led = WorkingGroup.objects.filter(priorities__isnull=False).first()
    framework.close(by=admin.user, reason="Checked by the accessibility audit.")
    audit(
        page,
        [
            "/frameworks/new/",
            f"/frameworks/{framework.slug}/",
            "/frameworks/hampshire/close/",
            "/",
            "/partners/",
            "/partners/organisations/new/",
            f"/partners/organisations/{pct.pk}/edit/",
            "/partners/working-groups/",
            "/partners/working-groups/new/",
            f"/partners/working-groups/{group.pk}/",
            f"/partners/working-groups/{group.pk}/edit/",
            f"/partners/working-groups/{group.pk}/delete/",
            f"/partners/working-groups/{led.pk}/delete/",
            "/frameworks/hampshire/partners/add/",
        ],
        then=phone_width,
    )
