"""Government's reviewer negotiates a submitted target to agreement; the council sees the outcome."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from lpsa.models import NegotiationEntry, Submission
from lpsa.workflow import framework_move
from priorities.models import Indicator, Involvement, Stage, Target
from tests.browser.conftest import check_a11y, sign_in, visit
from tests.factories import make_tree

RECORD = "Record an offer or the agreed figures for Indicator 1.1.1"


@pytest.fixture
def submitted(cast, framework, group, district):
    """A framework ready at both stages, approved at Stage Two by the chief executive."""
    make_tree(framework, group=group)
    Involvement.objects.create(framework=framework, organisation=district, role=Involvement.Role.DISTRICT)
    framework.net_budget_requirement = 1_000_000_000
    framework.stage_one_deadline = datetime.date(2004, 7, 31)
    framework.stage = Stage.TWO_AWAITING_APPROVAL
    framework.save()
    framework_move(framework=framework, move_name="approve_two", user=cast["chiefexec"].user)
    return Submission.objects.get(framework=framework)


def open_submission(page: Page) -> None:
    """From the dashboard, through the service navigation, to the Stage Two submission."""
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Submitted", exact=True).click()
    page.wait_for_url("**/review/")
    check_a11y(page)
    expect(page.get_by_role("heading", name="Submitted frameworks", level=1)).to_be_visible()
    page.get_by_role("link", name="Stage Two, version 1").click()
    check_a11y(page)
    expect(page.get_by_role("heading", name="Stage Two, version 1", level=1)).to_be_visible()


def fill_record_form(page: Page, target: Target, *, kind: str, without: str, with_lpsa: str, note: str = "") -> None:
    """Open the target's details and fill its negotiation form (without sending it)."""
    block = page.locator(f"#negotiate-{target.pk}")
    details = block.locator("details")
    block.get_by_text(RECORD).click()
    expect(details).to_have_attribute("open", "")
    check_a11y(page)  # the opened form too
    block.get_by_role("radio", name=kind, exact=True).check()
    block.get_by_label("Performance expected without LPSA2").fill(without)
    block.get_by_label("Target with LPSA2").fill(with_lpsa)
    block.get_by_label("Note (optional)").fill(note)


def record(page: Page) -> None:
    page.get_by_role("button", name="Record", exact=True).click()
    check_a11y(page)


def test_the_reviewer_negotiates_a_target_to_agreement_and_the_council_sees_it(page, cast, submitted):
    target = Target.objects.get()
    sign_in(page, cast["reviewer"])
    open_submission(page)
    block = page.locator(f"#negotiate-{target.pk}")
    expect(block.get_by_role("heading", level=4)).to_have_text(
        "Target to 2007/08: as submitted 51 without, 55 with LPSA2 (+4)"
    )
    expect(block.get_by_text("Status:")).to_contain_text("Proposed")

    fill_record_form(page, target, kind="Council's offer", without="51", with_lpsa="55")
    record(page)
    expect(page).to_have_url(re.compile(rf"/review/{submitted.pk}/#negotiate-{target.pk}$"))
    expect(page.get_by_role("alert")).to_contain_text("Recorded: Council's offer for “Indicator 1.1.1”.")
    expect(block.get_by_role("listitem")).to_have_count(1)
    expect(block.get_by_role("listitem")).to_contain_text("Council's offer: 51 without, 55 with (Reviewer)")
    # An offer leaves the target as the council drafted it.
    target.refresh_from_db()
    assert (target.with_lpsa, target.status) == (Decimal("55"), Indicator.Status.PROPOSED)

    fill_record_form(page, target, kind="Agreed figures", without="51.5", with_lpsa="56", note="Split the difference.")
    record(page)
    expect(page.get_by_role("alert")).to_contain_text("Recorded: Agreed figures for “Indicator 1.1.1”.")
    expect(block.get_by_role("listitem")).to_have_text(
        [
            re.compile(r"Council's offer: 51 without, 55 with \(Reviewer\)$"),
            re.compile(r"Agreed figures: 51\.5 without, 56 with \(Reviewer\): Split the difference\.$"),
        ]
    )
    expect(block.get_by_text("Status:")).to_contain_text("Agreed with government")

    entries = list(NegotiationEntry.objects.order_by("pk").values_list("kind", "without_lpsa", "with_lpsa", "note"))
    assert entries == [
        ("council", Decimal("51"), Decimal("55"), ""),
        ("agreed", Decimal("51.5"), Decimal("56"), "Split the difference."),
    ]
    assert set(NegotiationEntry.objects.values_list("recorded_by", flat=True)) == {cast["reviewer"].user.pk}
    target.refresh_from_db()
    assert (target.without_lpsa, target.with_lpsa, target.status) == (
        Decimal("51.5"),
        Decimal("56"),
        Indicator.Status.AGREED,
    )
    assert target.history.latest().history_change_reason == "Agreed with government in negotiation"
    assert Indicator.objects.get().status == Indicator.Status.AGREED
    # The submitted version itself is untouched: it is what government received.
    expect(block.get_by_role("heading", level=4)).to_contain_text("as submitted 51 without, 55 with LPSA2 (+4)")

    # The council's officer signs in and finds the outcome on the target's page.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in/")
    check_a11y(page)
    sign_in(page, cast["officer"])
    visit(page, f"/targets/{target.pk}/")
    log = page.locator("#negotiation")
    expect(log.get_by_role("heading", name="Negotiation with government")).to_be_visible()
    rows = log.get_by_role("row")
    expect(rows).to_have_count(3)  # the heading row and two entries
    expect(rows.nth(1).get_by_role("cell")).to_have_text(
        [re.compile(r"\d+ \w+ \d{4}"), "Council's offer", "51", "55", "Reviewer"]
    )
    expect(rows.nth(2).get_by_role("cell")).to_have_text(
        [
            re.compile(r"\d+ \w+ \d{4}"),
            re.compile(r"^Agreed figures\s*Split the difference\.$"),
            "51.5",
            "56",
            "Reviewer",
        ]
    )
    expect(page.get_by_text("Status with government: Agreed with government")).to_be_visible()
    final = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Final 2007/08"))
    expect(final.get_by_role("cell")).to_have_text(["51.5", "56", re.compile(r"^\+4\.5 ")])


def test_words_in_a_figure_show_the_error_page_and_record_nothing(page, cast, submitted):
    target = Target.objects.get()
    sign_in(page, cast["reviewer"])
    open_submission(page)
    fill_record_form(page, target, kind="Council's offer", without="fifty-one", with_lpsa="55", note="First go.")
    record(page)

    expect(page).to_have_title(re.compile(r"^Error: Record negotiation"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Record negotiation for “Indicator 1.1.1: Target to 2007/08”"
    )
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    link = summary.get_by_role("link", name=re.compile("Enter a number, like 42 or 12.5"))
    expect(link).to_have_attribute("href", "#id_without_lpsa")
    field = page.get_by_label("Performance expected without LPSA2")
    expect(field).to_have_value("fifty-one")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#div_id_without_lpsa .govuk-error-message")).to_contain_text("Enter a number")
    # What was typed and chosen is kept to be corrected.
    expect(page.get_by_role("radio", name="Council's offer", exact=True)).to_be_checked()
    expect(page.get_by_label("Target with LPSA2")).to_have_value("55")
    assert not NegotiationEntry.objects.exists()

    link.click()
    expect(field).to_be_focused()
    field.fill("51")
    record(page)
    expect(page).to_have_url(re.compile(rf"/review/{submitted.pk}/#negotiate-{target.pk}$"))
    expect(page.get_by_role("alert")).to_contain_text("Recorded: Council's offer")
    assert list(NegotiationEntry.objects.values_list("kind", "without_lpsa", "note")) == [
        ("council", Decimal("51"), "First go.")
    ]
