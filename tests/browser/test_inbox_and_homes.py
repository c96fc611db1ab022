"""The inbox, each role's home and the milestone form, as the demo's people see them: axe finds
nothing wrong, and each page reflows at 390 and 320 CSS px without scrolling sideways."""

import datetime

from django.urls import reverse
from playwright.sync_api import Page, expect

from lpsa import demo
from lpsa.models import InboxItem, Milestone, StageChange
from partners.models import Person
from priorities.models import Framework, Stage
from tests.browser.conftest import check_a11y, no_sideways_scroll, sign_in
from tests.browser.test_accessibility import audit
from tests.browser.workflow_steps import sign_out
from tests.factories import PASSWORD
from tests.test_permission_matrix import make_submission


def narrow(page: Page) -> None:
    no_sideways_scroll(page, 390)
    no_sideways_scroll(page)


def demo_person(username: str) -> Person:
    return Person.objects.select_related("user").get(user__username=username)


def test_the_inbox_milestones_and_each_roles_home_pass_axe_and_reflow(page: Page, mailoutbox):
    demo.load(password=PASSWORD)
    hampshire = Framework.objects.get(slug="hampshire")
    officer = demo_person("officer")
    milestone = Milestone.objects.filter(framework=hampshire).first()

    # The officer: the header counts the demo's reminder; opening it marks it read.
    sign_in(page, officer)
    expect(page.get_by_role("link", name="Inbox, 1 unread")).to_be_visible()
    [item] = InboxItem.objects.filter(recipient=officer.user)
    audit(
        page,
        [
            "/",
            reverse("lpsa:inbox"),
            reverse("lpsa:inbox_item", args=[item.pk]),
            reverse("lpsa:milestones", args=[hampshire.slug]),
            reverse("lpsa:milestone_create", args=[hampshire.slug]),
            reverse("lpsa:milestone_edit", args=[milestone.pk]),
            reverse("lpsa:milestone_delete", args=[milestone.pk]),
            reverse("priorities:framework_edit", args=[hampshire.slug]),
            hampshire.get_absolute_url(),
        ],
        then=narrow,
    )
    expect(page.get_by_role("link", name="Inbox", exact=True)).to_be_visible()

    # The milestone form with its errors, one beside the date's boxes; then saved with the keyboard.
    page.goto(reverse("lpsa:milestone_create", args=[hampshire.slug]))
    page.get_by_label("Day", exact=True).fill("31")
    page.get_by_label("Month", exact=True).fill("2")
    page.get_by_role("button", name="Save the milestone").click()
    check_a11y(page)
    narrow(page)
    expect(page.get_by_role("link", name="Enter the title of the milestone.")).to_be_visible()
    expect(page.get_by_role("link", name="The date must include a year.")).to_be_visible()
    page.get_by_label("Title", exact=True).fill("Scrutiny committee")
    page.get_by_label("Cabinet meeting").check()
    page.get_by_label("Year", exact=True).fill("2005")
    page.get_by_role("button", name="Save the milestone").click()
    check_a11y(page)
    expect(page.get_by_role("link", name="Enter a real date.")).to_be_visible()  # no 31 February
    page.get_by_label("Day", exact=True).fill("28")
    page.get_by_label("Year", exact=True).press("Enter")
    check_a11y(page)
    expect(page.get_by_text("The milestone “Scrutiny committee” was added.")).to_be_visible()
    assert Milestone.objects.get(title="Scrutiny committee").due_on == datetime.date(2005, 2, 28)

    # The framework's details form with a date that is not real.
    page.goto(reverse("priorities:framework_edit", args=[hampshire.slug]))
    page.locator("#id_stage_one_deadline_0").fill("32")
    page.get_by_role("button", name="Save").click()
    check_a11y(page)
    narrow(page)
    expect(page.get_by_role("link", name="Enter a real date.")).to_be_visible()
    sign_out(page)

    # The working-group lead's home: their group's priorities.
    sign_in(page, demo_person("wglead"))
    expect(page.get_by_role("heading", name="Priorities your working group leads")).to_be_visible()
    narrow(page)
    sign_out(page)

    # The chief executive's home, with a framework waiting for approval.
    hampshire.stage = Stage.ONE_AWAITING_APPROVAL
    hampshire.save(update_fields=["stage"])
    StageChange.objects.create(
        framework=hampshire,
        action="ask_approval_one",
        from_stage=Stage.ONE_CONSULTATION,
        to_stage=Stage.ONE_AWAITING_APPROVAL,
        by=officer.user,
    )
    chief = demo_person("chiefexec")
    sign_in(page, chief)
    approve = page.get_by_role("link", name="Review and approve")
    expect(approve).to_have_accessible_description(hampshire.title)
    expect(approve).to_have_attribute("href", reverse("lpsa:workflow", args=[hampshire.slug]))
    narrow(page)
    sign_out(page)

    # The reviewer's home, with a submission waiting for government.
    make_submission(hampshire, chief.user)
    hampshire.stage = Stage.ONE_SUBMITTED
    hampshire.save(update_fields=["stage"])
    sign_in(page, demo_person("reviewer"))
    expect(page.get_by_text("1 submission waits for government.")).to_be_visible()
    narrow(page)
