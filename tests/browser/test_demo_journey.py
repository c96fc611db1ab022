"""THE LONG ONE (about 12–15 s): Hampshire's demo framework taken through every step from Stage One
drafting to Stage Two submitted to government, each step by the role allowed to take it.

It loads the demo data with its own accounts (officer, chiefexec, reviewer…), so it must not use the
``cast`` fixture, whose people have the same usernames.
"""

from playwright.sync_api import Page, expect

from lpsa import demo
from lpsa.models import StageChange, Submission
from partners.models import Person
from priorities.models import Framework, Stage
from tests.browser.conftest import plain, sign_in, visit
from tests.browser.workflow_steps import (
    approve_on_the_check_page,
    ask_for_approval,
    expect_done,
    follow,
    press,
    sign_out,
)
from tests.factories import PASSWORD

WAITING = "The officers are waiting for your approval"
APPROVE = "Approve and submit to government"
ASK = "Ask the chief executive to approve"

# (action, stage it leads to, who took it)
STEPS = [
    ("start_consultation", Stage.ONE_CONSULTATION, "officer"),
    ("ask_approval_one", Stage.ONE_AWAITING_APPROVAL, "officer"),
    ("approve_one", Stage.ONE_SUBMITTED, "chiefexec"),
    ("agree_one", Stage.ONE_AGREED, "reviewer"),
    ("start_two", Stage.TWO_DRAFTING, "officer"),
    ("ask_approval_two", Stage.TWO_AWAITING_APPROVAL, "officer"),
    ("approve_two", Stage.TWO_SUBMITTED, "chiefexec"),
]


def as_person(page: Page, person: Person) -> None:
    """Sign whoever is signed in out, and this person in."""
    if page.get_by_role("button", name="Sign out").count():
        sign_out(page)
    sign_in(page, person)


def approve_from_the_dashboard(page: Page, framework: Framework, stage_label: str) -> None:
    card = page.locator(".govuk-summary-card", has=page.get_by_role("link", name=framework.title))
    expect(card).to_contain_text("Needs your attention")
    follow(page, WAITING)
    approve_on_the_check_page(page)
    follow(page, "Back to stages and approval")
    expect(page.locator(".govuk-summary-list").first).to_contain_text(stage_label)


def test_the_long_one_hampshire_goes_from_drafting_to_stage_two_submitted(page, mailoutbox):
    demo.load(password=PASSWORD)
    framework = Framework.objects.get(slug="hampshire")
    people = {person.user.username: person for person in Person.objects.select_related("user")}
    workflow = f"/frameworks/{framework.slug}/workflow/"

    # The officer opens consultation and asks for approval.
    as_person(page, people["officer"])
    visit(page, f"/frameworks/{framework.slug}/")
    follow(page, "Stages and approval")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Stage One: drafting")
    press(page, "Start partner consultation")
    expect_done(page, "Stage One: partner consultation")
    ask_for_approval(page)
    expect_done(page, "Stage One: awaiting chief executive approval")

    # The chief executive approves Stage One: government now has it.
    as_person(page, people["chiefexec"])
    approve_from_the_dashboard(page, framework, "Stage One: submitted to government")

    # Government's reviewer, who sees only what was submitted, finds it and records the agreement
    # from the submission; starting Stage Two is the council's step, so no decision is left there.
    as_person(page, people["reviewer"])
    follow(page, "Submitted")
    submitted = page.get_by_role("table", name="Submitted frameworks")
    expect(submitted.get_by_role("row").nth(1)).to_contain_text("Hampshire County Council")
    follow(page, "Stage One, version 1")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stage One, version 1")
    press(page, "Record that government agreed the framework")
    expect(page.get_by_role("alert")).to_contain_text("Done: the framework is now at “Stage One: framework agreed”.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stage One, version 1")
    expect(page.locator("main p.govuk-body").first).to_contain_text(
        "The framework is now at “Stage One: framework agreed”."
    )
    expect(page.get_by_role("heading", name="Government's decisions")).to_have_count(0)

    # The officer starts Stage Two and asks again; the chief executive approves it.
    as_person(page, people["officer"])
    visit(page, workflow)
    press(page, "Start Stage Two: indicators and targets")
    expect_done(page, "Stage Two: drafting indicators and targets")
    ask_for_approval(page)
    expect_done(page, "Stage Two: awaiting chief executive approval")

    as_person(page, people["chiefexec"])
    approve_from_the_dashboard(page, framework, "Stage Two: submitted to government")

    framework.refresh_from_db()
    assert framework.stage == Stage.TWO_SUBMITTED
    changes = list(StageChange.objects.filter(framework=framework).values_list("action", "to_stage", "by__username"))
    assert changes == [(action, str(stage), who) for action, stage, who in STEPS]

    # The timeline lists the newest step first.
    items = page.locator(".app-timeline__item")
    expect(items).to_have_count(len(STEPS))
    for item, (_, stage, who) in zip(items.all(), reversed(STEPS), strict=True):
        expect(item.locator("strong")).to_have_text(stage.label)
        expect(item).to_contain_text(f"by {people[who].user.get_full_name()}")

    submissions = list(Submission.objects.filter(framework=framework).values_list("stage", "version", "approved_by"))
    assert sorted(submissions) == [("one", 1, people["chiefexec"].user.pk), ("two", 1, people["chiefexec"].user.pk)]
    rows = page.get_by_role("table", name="Approved submissions").get_by_role("row")
    expect(rows).to_have_count(3)
    expect(rows.nth(1)).to_contain_text("Stage Two, version 1")
    expect(rows.nth(2)).to_contain_text("Stage One, version 1")

    # Nothing was edited between the two approvals: comparing them finds no change.
    follow(page, "What changed since Stage One version 1")
    page.get_by_label("Compare with").select_option(label="Stage Two, version 1")
    press(page, "Compare")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"What changed from Stage One version 1 to Stage Two version 1 of {framework.title}"
    )
    expect(page.get_by_label("Compare with")).to_have_value(
        str(Submission.objects.get(framework=framework, stage="two").pk)
    )
    expect(page.get_by_text("Nothing has changed.")).to_be_visible()

    asked = [m for m in mailoutbox if plain(m.subject) == f"Please approve {framework.title}"]
    assert [m.to for m in asked] == [["chiefexec@lpsa-demo.example"]] * 2

    # The document as it stands now, Stage Two with its schedule of targets, passes axe too.
    visit(page, f"/frameworks/{framework.slug}/submission/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Local Public Service Agreement — second generation")
    expect(page.get_by_text("Stage Two: indicators and targets", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Schedule 1: the targets")).to_be_visible()
