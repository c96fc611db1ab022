"""Each role's everyday job, done in Chromium with the keyboard alone.

Only Tab, Shift+Tab, the arrow keys, Space, Enter and typing: no clicks, and no address
typed after the sign-in page. Every element a journey acts on must show GOV.UK's yellow
focus, and each journey's effect is checked in the database.
"""

import re
from decimal import Decimal

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import Page, expect

from lpsa import services
from lpsa.models import Comment, NegotiationEntry, StageChange, Submission
from lpsa.workflow import framework_move
from partners.models import Person
from priorities.models import Framework, Indicator, Involvement, Stage, Target
from tests.browser.conftest import DASHBOARD, check_a11y, visit
from tests.browser.test_keyboard import focused, has_visible_focus, tab_to
from tests.factories import PASSWORD, make_framework, make_tree


def in_view(page: Page) -> bool:
    """Whether the focused element has a size and lies at least partly inside the window."""
    return page.evaluate(
        """() => {
            const box = document.activeElement.getBoundingClientRect();
            return box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
                && box.top < window.innerHeight && box.left < window.innerWidth;
        }"""
    )


def words(text: str) -> str:
    return " ".join(text.split())


def reach(page: Page, *, text: str | None = None, element_id: str | None = None, limit: int = 80) -> dict:
    """Tab to an element and check that it is on screen and shows that it has focus.

    Unlike ``tab_to`` the text is compared word by word, so visually hidden words on a
    line of their own (“Make an offer… for Indicator 1.1.1”) still match.
    """
    if text is None:
        element = tab_to(page, element_id=element_id, limit=limit)
    else:
        seen = []
        for _ in range(limit):
            page.keyboard.press("Tab")
            element = focused(page)
            if words(element["text"]) == text:
                break
            seen.append(words(element["text"])[:40] or element["id"] or element["tag"])
        else:
            raise AssertionError(f"Tab never reached “{text}”. Focus went to: {seen}")
    assert has_visible_focus(element), f"No visible focus on {element}"
    assert in_view(page), f"The focused element is off screen: {element}"
    return element


def press_and_wait(page: Page, key: str = "Enter") -> None:
    """Press a key that follows a link or sends a form, then check the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press(key)
    check_a11y(page)


def sign_in_by_keyboard(page: Page, person: Person) -> None:
    visit(page, "/sign-in/")
    reach(page, element_id="id_username")
    page.keyboard.type(person.user.username)
    page.keyboard.press("Tab")
    field = focused(page)
    assert field["id"] == "id_password", f"The password should follow the username, not {field}"
    assert has_visible_focus(field), f"No visible focus: {field}"
    page.keyboard.type(PASSWORD)
    press_and_wait(page)  # Enter in a field sends the form
    expect(page).to_have_url(DASHBOARD)
    expect(page.get_by_role("heading", name="Your frameworks", level=1)).to_be_visible()


def open_framework(page: Page, framework: Framework) -> None:
    """From the dashboard to the framework's page."""
    link = reach(page, text=framework.title)
    assert link["tag"] == "a"
    press_and_wait(page)
    expect(page.get_by_role("heading", name=framework.title, level=1)).to_be_visible()


@pytest.fixture
def ready(framework, group, district) -> Framework:
    """Hampshire's framework with all both stages ask for: one complete priority led by the lead's group."""
    make_tree(framework, group=group)
    Involvement.objects.create(framework=framework, organisation=district, role=Involvement.Role.DISTRICT)
    framework.net_budget_requirement = 1_000_000_000
    framework.save()
    return framework


def at_stage(framework: Framework, stage: str) -> Framework:
    Framework.objects.filter(pk=framework.pk).update(stage=stage)
    framework.refresh_from_db()
    return framework


def test_the_officer_asks_the_chief_executive_to_approve(page, cast, ready):
    framework = at_stage(ready, Stage.TWO_DRAFTING)
    sign_in_by_keyboard(page, cast["officer"])
    open_framework(page, framework)

    reach(page, text="Stages and approval")
    press_and_wait(page)
    expect(page.get_by_role("heading", name="Stages and approval", level=1)).to_be_visible()
    field = reach(page, element_id="id_reason")
    assert field["tag"] == "textarea"
    page.keyboard.type("Stage Two is complete. Please approve.")
    button = reach(page, text="Ask the chief executive to approve")
    assert button["tag"] == "input"
    press_and_wait(page)

    expect(page.get_by_role("alert")).to_contain_text(
        "Done: the framework is now at “Stage Two: awaiting chief executive approval”."
    )
    framework.refresh_from_db()
    assert framework.stage == Stage.TWO_AWAITING_APPROVAL
    change = StageChange.objects.get(framework=framework)
    assert (change.action, change.by, change.reason) == (
        "ask_approval_two",
        cast["officer"].user,
        "Stage Two is complete. Please approve.",
    )


def test_the_working_group_lead_comments_on_an_indicator_of_their_group(page, cast, ready):
    indicator = Indicator.objects.get(target_area__priority__framework=ready)
    assert indicator.target_area.priority.leading_group.lead_person == cast["wglead"]
    sign_in_by_keyboard(page, cast["wglead"])
    open_framework(page, ready)

    link = reach(page, text=indicator.title)
    assert link["tag"] == "a"
    press_and_wait(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(indicator.title)
    field = reach(page, element_id="new-comment", limit=120)
    assert field["tag"] == "textarea"
    page.keyboard.type("The baseline is from the 2001 census.\nCan we use the 2003 survey?")
    button = reach(page, text="Add comment")
    assert button["tag"] == "button"
    press_and_wait(page)

    expect(page.get_by_role("alert")).to_contain_text("Your comment was added.")
    expect(page).to_have_url(re.compile(rf"/indicators/{indicator.pk}/#comments$"))
    comment = Comment.objects.get()
    assert (comment.indicator, comment.author, comment.framework) == (indicator, cast["wglead"].user, ready)
    # Browsers send a text area's new lines as CR LF, and they are kept as sent.
    assert comment.text.splitlines() == ["The baseline is from the 2001 census.", "Can we use the 2003 survey?"]
    assert not comment.is_resolved


def test_the_chief_executive_approves_from_the_dashboard(page, cast, ready):
    framework = at_stage(ready, Stage.TWO_AWAITING_APPROVAL)
    sign_in_by_keyboard(page, cast["chiefexec"])

    expect(page.get_by_text("Needs your attention")).to_be_visible()
    link = reach(page, text="The officers are waiting for your approval")
    assert link["tag"] == "a"
    press_and_wait(page)
    expect(page.get_by_role("heading", name="Check the framework before you approve it", level=1)).to_be_visible()
    # GOV.UK draws a checkbox's focus on its label's box, so its own style is not checked here.
    tab_to(page, element_id="id_declaration", limit=120)
    page.keyboard.press("Space")
    expect(page.locator("#id_declaration")).to_be_checked()
    button = reach(page, text="Approve and submit to government")
    assert button["tag"] == "input"
    press_and_wait(page)

    expect(page.get_by_role("heading", name="Submitted to government", level=1)).to_be_visible()
    framework.refresh_from_db()
    assert framework.stage == Stage.TWO_SUBMITTED
    submission = Submission.objects.get(framework=framework)
    assert (submission.stage, submission.version, submission.approved_by) == ("two", 1, cast["chiefexec"].user)
    assert StageChange.objects.get(framework=framework).action == "approve_two"


@pytest.fixture
def submitted(cast, ready) -> Submission:
    """The ready framework, approved at Stage Two and so with government."""
    at_stage(ready, Stage.TWO_AWAITING_APPROVAL)
    framework_move(framework=ready, move_name="approve_two", user=cast["chiefexec"].user, declared=True)
    return Submission.objects.get(framework=ready)


def test_the_reviewer_puts_figures_to_the_council(page, cast, submitted):
    target = Target.objects.get()
    sign_in_by_keyboard(page, cast["reviewer"])

    link = reach(page, text="Submitted")
    assert link["tag"] == "a"
    press_and_wait(page)
    expect(page.get_by_role("heading", name="Submitted frameworks", level=1)).to_be_visible()
    reach(page, text="Stage Two, version 1")
    press_and_wait(page)
    expect(page.get_by_role("heading", name="Stage Two, version 1", level=1)).to_be_visible()

    summary = reach(page, text="Make an offer for Indicator 1.1.1: Target to 2007/08")
    assert summary["tag"] == "summary"
    details = page.locator(f"#negotiate-{target.pk} details")
    expect(details).not_to_have_attribute("open", "")
    page.keyboard.press("Enter")
    expect(details).to_have_attribute("open", "")
    page.keyboard.press("Space")  # Space toggles it too: shut, then open again
    expect(details).not_to_have_attribute("open", "")
    page.keyboard.press("Space")
    expect(details).to_have_attribute("open", "")
    check_a11y(page)  # with the form showing

    # Tab goes from the summary through the figures in order, each showing its focus.
    for name, typed in [("without_lpsa", "51"), ("with_lpsa", "57"), ("note", "More stretch, please.")]:
        page.keyboard.press("Tab")
        field = focused(page)
        assert field["id"] == f"target-{target.pk}-{name}", f"Expected the {name} field, not {field}"
        assert has_visible_focus(field), f"No visible focus on {field}"
        page.keyboard.type(typed)
    button = reach(page, text="Put these figures to the other side", limit=1)
    assert page.evaluate("() => document.activeElement.type") == "submit", button
    press_and_wait(page)

    expect(page).to_have_url(re.compile(rf"/review/{submitted.pk}/#negotiate-{target.pk}$"))
    expect(page.get_by_role("alert")).to_contain_text(
        "Your figures for “Indicator 1.1.1: Target to 2007/08” were sent. They wait for the other side's answer."
    )
    entry = NegotiationEntry.objects.get()
    assert (entry.target, entry.kind, entry.state, entry.without_lpsa, entry.with_lpsa, entry.note) == (
        target,
        NegotiationEntry.Side.GOVERNMENT,
        NegotiationEntry.State.OPEN,
        Decimal("51"),
        Decimal("57"),
        "More stretch, please.",
    )
    assert entry.recorded_by == cast["reviewer"].user
    # An offer is not an agreement: the target keeps the council's figures until the council accepts.
    target.refresh_from_db()
    assert (target.without_lpsa, target.with_lpsa, target.status) == (
        Decimal("51"),
        Decimal("55"),
        Indicator.Status.PROPOSED,
    )


def test_the_officer_accepts_governments_offer(page, cast, submitted):
    target = Target.objects.get()
    offer = services.negotiation_offer(
        target=target,
        user=cast["reviewer"].user,
        side=NegotiationEntry.Side.GOVERNMENT,
        without_lpsa=Decimal("51"),
        with_lpsa=Decimal("57"),
    )
    sign_in_by_keyboard(page, cast["officer"])

    # The home page says what waits for the council's answer, and leads to it.
    link = reach(page, text="Government's offer on “Indicator 1.1.1: Target to 2007/08”")
    assert link["tag"] == "a"
    press_and_wait(page)
    expect(page).to_have_url(re.compile(rf"/targets/{target.pk}/#negotiation$"))
    expect(page.locator("#negotiation")).to_contain_text(
        "The government's offer of 51 without and 57 with LPSA2 waits for your answer."
    )
    button = reach(page, text="Accept these figures for Indicator 1.1.1: Target to 2007/08", limit=120)
    assert button["tag"] == "button"
    press_and_wait(page, "Space")  # Space presses a button, as Enter does

    expect(page).to_have_url(re.compile(rf"/targets/{target.pk}/#negotiation$"))
    expect(page.get_by_role("alert")).to_contain_text(
        "Agreed: the figures for “Indicator 1.1.1: Target to 2007/08” are now the target's own."
    )
    offer.refresh_from_db()
    assert (offer.state, offer.answered_by) == (NegotiationEntry.State.ACCEPTED, cast["officer"].user)
    target.refresh_from_db()
    assert (target.without_lpsa, target.with_lpsa, target.status) == (
        Decimal("51"),
        Decimal("57"),
        Indicator.Status.AGREED,
    )


def test_the_administrator_changes_the_pump_priming_grant(page, cast, ready):
    before = ready.version
    sign_in_by_keyboard(page, cast["admin"])
    open_framework(page, ready)

    link = reach(page, text="Edit the framework's details")
    assert link["tag"] == "a"
    press_and_wait(page)
    expect(page.get_by_role("heading", name="Edit the framework's details", level=1)).to_be_visible()
    field = reach(page, element_id="id_pump_priming_grant")
    assert field["tag"] == "input"
    page.keyboard.type("1250000")
    button = reach(page, text="Save")
    assert page.evaluate("() => document.activeElement.type") == "submit", button
    press_and_wait(page)

    expect(page.get_by_role("alert")).to_contain_text("The framework's details were saved.")
    expect(page.get_by_role("heading", name=ready.title, level=1)).to_be_visible()
    ready.refresh_from_db()
    assert ready.pump_priming_grant == Decimal("1250000")
    assert ready.version == before + 1
    assert ready.net_budget_requirement == Decimal("1000000000")  # the rest is as it was
    assert ready.history.latest().history_user == cast["admin"].user


def test_an_officer_of_another_council_reaches_their_dashboard_and_signs_out(page, cast, framework):
    kent = make_framework(cast["otherofficer"].organisation, slug="kent")
    sign_in_by_keyboard(page, cast["otherofficer"])
    user = cast["otherofficer"].user
    sessions = [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)]
    assert len(sessions) == 1

    # From the dashboard to Kent's framework and back again through the service navigation.
    expect(page.get_by_role("link", name=framework.title)).to_have_count(0)  # Hampshire's is not theirs
    open_framework(page, kent)
    reach(page, text="Your frameworks")
    press_and_wait(page)
    expect(page).to_have_url(DASHBOARD)
    expect(page.get_by_role("link", name=kent.title)).to_be_visible()

    button = reach(page, text="Sign out")
    assert button["tag"] == "button"
    press_and_wait(page)
    expect(page).to_have_url(re.compile(r"/sign-in/$"))
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    assert not Session.objects.filter(pk=sessions[0].pk).exists()
