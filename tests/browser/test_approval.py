"""The chief executive's approval in the browser: asking, approving, the frozen PDF, comparing, returning,
and the lock while approval is asked for, until the officers withdraw the request."""

import hashlib
import re
from io import BytesIO
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from lpsa.models import Comment, StageChange, Submission
from priorities.models import Indicator, Priority, Stage
from tests.browser.conftest import check_a11y, no_sideways_scroll, plain, sign_in, visit
from tests.browser.workflow_steps import (
    NOTE,
    approve_on_the_check_page,
    ask_for_approval,
    expect_done,
    follow,
    give_emails,
    make_ready,
    press,
    sign_out,
)

ASK = "Ask the chief executive to approve"
APPROVE = "Approve and submit to government"
RETURN = "Return to officers with reasons"
REASONS = "The evidence for priority 1 is thin.\nAdd the survey figures."


@pytest.fixture
def staged(framework, group, district, cast):
    """A ready framework put at a stage, with e-mail addresses for the people told about each step."""

    def put(stage: str):
        give_emails(cast["officer"], cast["chiefexec"], cast["wglead"])
        return make_ready(framework, group, district, stage=stage)

    return put


def pdf_text(data: bytes) -> str:
    """The words of a PDF, with line breaks and runs of spaces made single spaces."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages).split())


def timeline(page: Page):
    return page.locator(".app-timeline__item")


def test_the_chief_executive_approves_and_the_pdf_and_comparison_follow(page, cast, staged, mailoutbox):
    framework = staged(Stage.ONE_CONSULTATION)
    priority = Priority.objects.get()
    sign_in(page, cast["officer"])
    visit(page, f"/frameworks/{framework.slug}/")
    follow(page, "Stages and approval")
    expect(page).to_have_url(re.compile(rf"/frameworks/{framework.slug}/workflow/$"))
    expect(page.get_by_text("No steps taken yet.")).to_be_visible()
    expect(page.get_by_text("None yet. The chief executive's approval creates one.")).to_be_visible()

    ask_for_approval(page)
    expect_done(page, "Stage One: awaiting chief executive approval")
    framework.refresh_from_db()
    assert framework.stage == Stage.ONE_AWAITING_APPROVAL
    expect(timeline(page).first).to_contain_text(f"Covering note: {NOTE}")
    # The officer sees the next step but cannot take it.
    step = page.locator("#step-approve_one")
    expect(step).to_contain_text("Ready. Your role cannot take this step.")
    expect(page.get_by_role("button", name=APPROVE)).to_have_count(0)
    assert [(m.to, plain(m.subject)) for m in mailoutbox] == [
        (["chiefexec@example.org"], f"Please approve {framework.title}")
    ]

    sign_out(page)
    sign_in(page, cast["chiefexec"])
    card = page.locator(".govuk-summary-card", has=page.get_by_role("link", name=framework.title))
    expect(card).to_contain_text("Needs your attention")
    follow(page, "The officers are waiting for your approval")
    expect(page.get_by_text(NOTE)).to_be_visible()

    approve_on_the_check_page(page)
    submission = Submission.objects.get()
    expect(page.locator(".govuk-panel")).to_contain_text("Stage One, version 1")
    expect(page.locator("#sha256")).to_have_text(submission.sha256)
    follow(page, "Back to stages and approval")
    assert (submission.framework, submission.stage, submission.version) == (framework, "one", 1)
    assert submission.approved_by == cast["chiefexec"].user
    table = page.get_by_role("table", name="Approved submissions")
    expect(table.get_by_role("row")).to_have_count(2)
    expect(table.get_by_role("row").nth(1)).to_contain_text("Stage One, version 1")
    expect(table.get_by_role("row").nth(1)).to_contain_text("Chiefexec")
    # Newest first.
    expect(timeline(page)).to_have_count(2)
    expect(timeline(page).first).to_contain_text("Stage One: submitted to government")
    expect(timeline(page).first).to_contain_text("by Chiefexec")
    assert mailoutbox[-1].to == ["officer@example.org"]
    assert plain(mailoutbox[-1].subject) == f"{framework.title}: Stage One: submitted to government"

    with page.expect_download() as downloading:
        table.get_by_role("link", name="Download PDF of Stage One version 1").click()
    download = downloading.value
    assert download.suggested_filename == f"{framework.slug}-stage-one-v1.pdf"
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF")
    assert hashlib.sha256(data).hexdigest() == submission.sha256
    text = pdf_text(data)
    assert "Approved for submission to government" in text
    assert priority.title in text
    assert "Better lives" in text

    follow(page, "What changed since Stage One version 1")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "What changed from Stage One version 1 to the current draft"
    )
    expect(page.get_by_text("Nothing has changed.")).to_be_visible()
    compare_path = f"/submissions/{submission.pk}/compare/"
    assert page.url.endswith(compare_path)

    sign_out(page)
    sign_in(page, cast["officer"])
    visit(page, f"/priorities/{priority.pk}/edit/")
    page.get_by_label("Outcome statement").fill("Many more people in work")
    press(page, "Save")
    expect(page.get_by_role("alert")).to_contain_text("was saved")

    visit(page, compare_path)
    expect(page.get_by_text("Nothing has changed.")).to_have_count(0)
    change = page.locator(".govuk-summary-card", has_text="Main Priority 1: Priority 1")
    expect(change.get_by_role("heading", level=2)).to_contain_text("Priority “Main Priority 1: Priority 1”")
    expect(change.locator(".govuk-tag")).to_have_text("Changed")
    table = change.get_by_role("table", name="Changes to Main Priority 1: Priority 1")
    expect(table.get_by_role("row", name="Outcome statement")).to_have_text(
        re.compile(r"Outcome statement\s*Better lives\s*Many more people in work")
    )
    # The frozen PDF did not change with the draft.
    assert hashlib.sha256(Submission.objects.get().pdf.read()).hexdigest() == submission.sha256


def test_the_chief_executive_returns_the_framework_with_reasons(page, cast, staged, mailoutbox, settings):
    framework = staged(Stage.ONE_AWAITING_APPROVAL)
    sign_in(page, cast["chiefexec"])
    visit(page, f"/frameworks/{framework.slug}/workflow/")
    step = page.locator("#step-return_one")

    press(page, RETURN)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter the reasons, so the officers know what to change.")
    expect(page).to_have_title(f"Error: Stages and approval – {framework.title} – {settings.SITE_NAME}")
    framework.refresh_from_db()
    assert framework.stage == Stage.ONE_AWAITING_APPROVAL
    assert not StageChange.objects.exists()
    assert mailoutbox == []

    step.get_by_label("Reasons").fill(REASONS)
    press(page, RETURN)
    expect_done(page, "Stage One: partner consultation")
    framework.refresh_from_db()
    assert framework.stage == Stage.ONE_CONSULTATION
    change = StageChange.objects.get()
    # Stored as the browser sent the textarea, line breaks and all.
    assert (change.action, change.by, change.reason) == (
        "return_one",
        cast["chiefexec"].user,
        REASONS.replace("\n", "\r\n"),
    )
    expect(timeline(page)).to_have_count(1)
    entry = timeline(page).first
    expect(entry).to_contain_text("Stage One: partner consultation")
    expect(entry).to_contain_text("From “Stage One: awaiting chief executive approval”, by Chiefexec")
    expect(entry).to_contain_text("Reasons: The evidence for priority 1 is thin.")
    expect(entry).to_contain_text("Add the survey figures.")
    assert not Submission.objects.exists()
    assert [m.to for m in mailoutbox] == [["officer@example.org"]]
    assert "The evidence for priority 1 is thin." in mailoutbox[0].body


def test_a_blocked_step_says_why_and_offers_no_button(page, cast, staged):
    framework = staged(Stage.ONE_CONSULTATION)
    Priority.objects.update(evidence="")
    Comment.objects.create(
        framework=framework, indicator=Indicator.objects.get(), author=cast["wglead"].user, text="Why 55?"
    )
    sign_in(page, cast["officer"])
    visit(page, f"/frameworks/{framework.slug}/workflow/")

    step = page.locator("#step-ask_approval_one")
    expect(step.get_by_role("heading", name=ASK)).to_be_visible()
    expect(step).to_contain_text("This step is blocked until:")
    expect(step.get_by_role("listitem")).to_have_text(
        [
            "Main Priority 1 “Priority 1” has no evidence. Government asks for every priority to be evidenced.",
            "1 comment is not resolved yet.",
        ]
    )
    expect(step.get_by_role("button")).to_have_count(0)
    expect(page.get_by_role("button", name=ASK)).to_have_count(0)
    check_a11y(page)
    framework.refresh_from_db()
    assert framework.stage == Stage.ONE_CONSULTATION


def test_a_framework_awaiting_approval_is_locked_until_the_officer_withdraws_the_request(
    page, cast, staged, mailoutbox
):
    framework = staged(Stage.ONE_CONSULTATION)
    priority = Priority.objects.get()
    sign_in(page, cast["officer"])
    visit(page, f"/frameworks/{framework.slug}/workflow/")
    expect(page.get_by_role("region", name="Locked for approval")).to_have_count(0)
    ask_for_approval(page)
    expect_done(page, "Stage One: awaiting chief executive approval")

    # Every page of the framework says it is locked, and why; its edit pages refuse.
    visit(page, f"/frameworks/{framework.slug}/")
    banner = page.get_by_role("region", name="Locked for approval")
    expect(banner).to_contain_text("This framework waits for the chief executive's approval")
    expect(banner).to_contain_text("To change something, withdraw the request on Stages and approval.")
    expect(page.get_by_role("link", name="Edit the framework's details")).to_have_count(0)
    response = page.goto(f"/priorities/{priority.pk}/edit/")
    check_a11y(page)
    assert response.status == 403
    expect(page.get_by_role("heading", name="You cannot do that", level=1)).to_be_visible()

    visit(page, f"/frameworks/{framework.slug}/")
    with page.expect_navigation():
        banner.get_by_role("link", name="Stages and approval").click()
    check_a11y(page)
    expect(page.get_by_role("heading", name="Stages and approval", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Locked for approval")).to_be_visible()
    step = page.locator("#step-withdraw_one")
    expect(step).to_contain_text("Moves the framework to “Stage One: partner consultation”.")
    no_sideways_scroll(page)
    press(page, "Withdraw the request for approval")
    expect_done(page, "Stage One: partner consultation")
    expect(page.get_by_role("region", name="Locked for approval")).to_have_count(0)
    expect(timeline(page)).to_have_count(2)
    expect(timeline(page).first).to_contain_text("From “Stage One: awaiting chief executive approval”, by Officer")

    framework.refresh_from_db()
    assert framework.stage == Stage.ONE_CONSULTATION
    changes = list(StageChange.objects.order_by("pk").values_list("action", "by"))
    assert changes == [("ask_approval_one", cast["officer"].user.pk), ("withdraw_one", cast["officer"].user.pk)]
    assert not Submission.objects.exists()
    # The chief executive was asked, then told the request was withdrawn.
    assert [plain(m.subject) for m in mailoutbox] == [
        f"Please approve {framework.title}",
        f"No longer asked to approve {framework.title}",
    ]

    # Unlocked, the framework can be edited again.
    visit(page, f"/priorities/{priority.pk}/edit/")
    page.get_by_label("Outcome statement").fill("Many more people in work")
    press(page, "Save")
    expect(page.get_by_role("alert")).to_contain_text("was saved")
    priority.refresh_from_db()
    assert priority.outcome == "Many more people in work"
