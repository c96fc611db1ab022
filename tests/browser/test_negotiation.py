"""Government's reviewer and the council's officer negotiate a submitted target to agreement.

Negotiation is offer and response: one side puts figures to the other, which accepts them or
makes a counter-offer. The target's own figures change only when an offer is accepted.
"""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from lpsa.models import NegotiationEntry, Submission
from lpsa.workflow import framework_move
from priorities.models import Framework, Indicator, Involvement, Stage, Target
from tests.browser.conftest import check_a11y, no_sideways_scroll, plain, sign_in, visit
from tests.browser.workflow_steps import give_emails, press, sign_out
from tests.factories import make_tree

PUT = "Put these figures to the other side"
SENT = "Your figures for “Indicator 1.1.1: Target to 2007/08” were sent. They wait for the other side's answer."
WHEN_AND_WHO = r"\d+ \w+ \d{4} by"


@pytest.fixture
def submitted(cast, framework, group, district):
    """A framework ready at both stages, its target with an interim year, approved at Stage Two."""
    make_tree(framework, group=group)
    Involvement.objects.create(framework=framework, organisation=district, role=Involvement.Role.DISTRICT)
    Target.objects.update(
        interim_period="2005/06", interim_without_lpsa=Decimal("50.5"), interim_with_lpsa=Decimal("52")
    )
    framework.net_budget_requirement = 1_000_000_000
    framework.stage_one_deadline = datetime.date(2004, 7, 31)
    framework.stage = Stage.TWO_AWAITING_APPROVAL
    framework.save()
    framework_move(framework=framework, move_name="approve_two", user=cast["chiefexec"].user, declared=True)
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


def open_offer_form(page: Page, block, summary: str) -> None:
    """Open the details holding the offer form (checking the page with it open)."""
    details = block.locator("details")
    expect(details).not_to_have_attribute("open", "")
    block.get_by_text(summary).click()
    expect(details).to_have_attribute("open", "")
    check_a11y(page)


def fill_offer(block, *, without: str, with_lpsa: str, interim: tuple[str, str] = ("", ""), note: str = "") -> None:
    block.get_by_label("Performance expected without LPSA2").fill(without)
    block.get_by_label("Target with LPSA2", exact=True).fill(with_lpsa)
    block.get_by_label("Interim performance without LPSA2").fill(interim[0])
    block.get_by_label("Interim target with LPSA2").fill(interim[1])
    block.get_by_label("Note").fill(note)


def figures(target: Target) -> tuple:
    target.refresh_from_db()
    return (
        target.without_lpsa,
        target.with_lpsa,
        target.interim_without_lpsa,
        target.interim_with_lpsa,
        target.status,
    )


AS_SUBMITTED = (Decimal("51"), Decimal("55"), Decimal("50.5"), Decimal("52"), Indicator.Status.PROPOSED)


def test_an_offer_is_countered_and_the_counter_offer_accepted(page, cast, submitted, mailoutbox):
    target = Target.objects.get()
    framework = Framework.objects.get()
    give_emails(cast["officer"], cast["reviewer"])

    # Government's reviewer opens the negotiation from the submission and makes the first offer.
    sign_in(page, cast["reviewer"])
    open_submission(page)
    block = page.locator(f"#negotiate-{target.pk}")
    expect(block.get_by_role("heading", level=4)).to_have_text(
        "Target to 2007/08: as submitted 51 without, 55 with LPSA2 (+4); interim 2005/06: 50.5 without, 52 with"
    )
    expect(block.locator(".govuk-tag")).to_have_count(0)  # neither waiting nor agreed yet
    decisions = page.get_by_role("heading", name="Government's decisions", level=2)
    expect(decisions).to_be_visible()
    press(page, "Start negotiating performance and stretch")
    expect(page).to_have_url(re.compile(rf"/review/{submitted.pk}/$"))
    expect(page.get_by_role("alert")).to_contain_text("Done: the framework is now at “Stage Two: in negotiation”.")
    expect(page.get_by_role("button", name="Record that the agreement is settled")).to_be_visible()
    framework.refresh_from_db()
    assert framework.stage == Stage.TWO_NEGOTIATION

    open_offer_form(page, block, "Make an offer for Indicator 1.1.1: Target to 2007/08")
    no_sideways_scroll(page)
    fill_offer(block, without="51", with_lpsa="57", note="Government asks for more stretch.")
    press(page, PUT)
    expect(page).to_have_url(re.compile(rf"/review/{submitted.pk}/#negotiate-{target.pk}$"))
    expect(page.get_by_role("alert")).to_contain_text(SENT)
    expect(block.locator(".govuk-tag").first).to_have_text("Government's offer waits for an answer")
    offers = block.get_by_role("table", name="Offers and answers for Indicator 1.1.1").get_by_role("row")
    expect(offers).to_have_count(2)  # the heading row and the offer
    expect(offers.nth(1).get_by_role("cell")).to_have_text(
        [
            re.compile(rf"^Government's offer, {WHEN_AND_WHO} Reviewer\s*Government asks for more stretch\.$"),
            "51",
            "57",
            "Not offered",
            "Waiting for an answer",
        ]
    )
    # The reviewer cannot accept their own side's offer, only replace it.
    expect(block.get_by_role("button", name=re.compile("^Accept these figures"))).to_have_count(0)
    expect(block.get_by_text("Replace your offer for Indicator 1.1.1: Target to 2007/08")).to_be_visible()
    assert figures(target) == AS_SUBMITTED
    entry = NegotiationEntry.objects.get()
    assert (entry.kind, entry.state, entry.recorded_by) == ("government", "open", cast["reviewer"].user)
    # The officers hear of both: the stage government moved to, and the figures waiting for them.
    assert [(m.to, plain(m.subject)) for m in mailoutbox] == [
        (["officer@example.org"], f"{framework.title}: Stage Two: in negotiation"),
        (["officer@example.org"], "Hampshire County Council: government's offer waits for your answer"),
    ]
    assert f"/targets/{target.pk}/#negotiation" in mailoutbox[1].body

    # The council's officer finds the offer on the target's page and answers it with figures of their own.
    sign_out(page)
    sign_in(page, cast["officer"])
    visit(page, f"/targets/{target.pk}/")
    section = page.locator("#negotiation")
    expect(section.get_by_role("heading", name="Negotiation with government")).to_be_visible()
    expect(section).to_contain_text("The government's offer of 51 without and 57 with LPSA2 waits for your answer.")
    expect(
        section.get_by_role("button", name="Accept these figures for Indicator 1.1.1: Target to 2007/08")
    ).to_be_visible()
    open_offer_form(page, section, "Make a counter-offer for Indicator 1.1.1: Target to 2007/08")
    no_sideways_scroll(page)
    fill_offer(section, without="51", with_lpsa="56", interim=("50.5", "53"), note="56 is what we can reach.")
    press(page, PUT)
    expect(page).to_have_url(re.compile(rf"/targets/{target.pk}/#negotiation$"))
    expect(page.get_by_role("alert")).to_contain_text(SENT)
    rows = section.get_by_role("table", name="Offers and answers for Indicator 1.1.1: Target to 2007/08").get_by_role(
        "row"
    )
    expect(rows).to_have_count(3)
    expect(rows.nth(1).get_by_role("cell").last).to_have_text("Answered with a counter-offer")
    expect(rows.nth(2).get_by_role("cell")).to_have_text(
        [
            re.compile(rf"^Council's offer, {WHEN_AND_WHO} Officer\s*56 is what we can reach\.$"),
            "51",
            "56",
            "50.5 / 53",
            "Waiting for an answer",
        ]
    )
    expect(section.get_by_text("Replace your offer for Indicator 1.1.1: Target to 2007/08")).to_be_visible()
    # Still the council's own figures: a counter-offer is not an agreement either.
    final = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Final 2007/08"))
    expect(final.get_by_role("cell")).to_have_text(["51", "55", re.compile(r"^\+4 ")])
    assert figures(target) == AS_SUBMITTED
    assert list(NegotiationEntry.objects.order_by("pk").values_list("kind", "state")) == [
        ("government", "countered"),
        ("council", "open"),
    ]
    assert [(m.to, plain(m.subject)) for m in mailoutbox[2:]] == [
        (["reviewer@example.org"], "Hampshire County Council: council's offer waits for your answer")
    ]

    # The reviewer accepts the counter-offer: only now do its figures become the target's.
    sign_out(page)
    sign_in(page, cast["reviewer"])
    open_submission(page)
    expect(block.locator(".govuk-tag").first).to_have_text("Council's offer waits for an answer")
    expect(block).to_contain_text("The council's offer of 51 without and 56 with LPSA2 waits for your answer.")
    press(page, "Accept these figures for Indicator 1.1.1: Target to 2007/08")
    expect(page).to_have_url(re.compile(rf"/review/{submitted.pk}/#negotiate-{target.pk}$"))
    expect(page.get_by_role("alert")).to_contain_text(
        "Agreed: the figures for “Indicator 1.1.1: Target to 2007/08” are now the target's own."
    )
    expect(block.locator(".govuk-tag").first).to_have_text("Agreed")
    expect(offers.nth(2).get_by_role("cell").last).to_have_text(re.compile(r"^Accepted by Reviewer, \d+ \w+ \d{4}$"))
    # The submitted version itself is untouched: it is what government received.
    expect(block.get_by_role("heading", level=4)).to_contain_text("as submitted 51 without, 55 with LPSA2 (+4)")
    no_sideways_scroll(page)

    assert figures(target) == (Decimal("51"), Decimal("56"), Decimal("50.5"), Decimal("53"), Indicator.Status.AGREED)
    assert target.history.latest().history_change_reason == (
        "Agreed in negotiation: council's offer accepted by Reviewer"
    )
    assert Indicator.objects.get().status == Indicator.Status.AGREED
    countered, accepted = NegotiationEntry.objects.order_by("pk")
    assert (accepted.kind, accepted.state, accepted.answered_by) == ("council", "accepted", cast["reviewer"].user)
    assert countered.state == "countered"
    assert [(m.to, plain(m.subject)) for m in mailoutbox[3:]] == [
        (["officer@example.org"], "Hampshire County Council: your offer was accepted")
    ]

    # The council sees the agreed figures on the target's page.
    sign_out(page)
    sign_in(page, cast["officer"])
    visit(page, f"/targets/{target.pk}/")
    expect(section).to_contain_text("Agreed These figures were agreed with government.")
    expect(page.get_by_text("Status with government: Agreed with government")).to_be_visible()
    expect(final.get_by_role("cell")).to_have_text(["51", "56", re.compile(r"^\+5 ")])
    interim = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Interim 2005/06"))
    expect(interim.get_by_role("cell")).to_have_text(["50.5", "53", "+2.5"])


def test_words_in_a_figure_show_the_error_page_and_record_nothing(page, cast, submitted):
    target = Target.objects.get()
    sign_in(page, cast["reviewer"])
    open_submission(page)
    block = page.locator(f"#negotiate-{target.pk}")
    open_offer_form(page, block, "Make an offer for Indicator 1.1.1: Target to 2007/08")
    fill_offer(block, without="fifty-one", with_lpsa="55", note="First go.")
    press(page, PUT)

    expect(page).to_have_title(re.compile(r"^Error: Put figures to the other side"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Put figures for “Indicator 1.1.1: Target to 2007/08” to the other side"
    )
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    link = summary.get_by_role("link", name=re.compile("Enter a number, like 42 or 12.5"))
    expect(link).to_have_attribute("href", f"#target-{target.pk}-without_lpsa")
    field = page.get_by_label("Performance expected without LPSA2")
    expect(field).to_have_value("fifty-one")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#div_target-{target.pk}-without_lpsa .govuk-error-message")).to_contain_text("Enter a number")
    # What was typed is kept to be corrected.
    expect(page.get_by_label("Target with LPSA2", exact=True)).to_have_value("55")
    expect(page.get_by_label("Note")).to_have_value("First go.")
    assert not NegotiationEntry.objects.exists()

    link.click()
    expect(field).to_be_focused()
    field.fill("51")
    press(page, PUT)
    expect(page).to_have_url(re.compile(rf"/review/{submitted.pk}/#negotiate-{target.pk}$"))
    expect(page.get_by_role("alert")).to_contain_text(SENT)
    assert list(NegotiationEntry.objects.values_list("kind", "state", "without_lpsa", "note")) == [
        ("government", "open", Decimal("51"), "First go.")
    ]
    assert figures(target) == AS_SUBMITTED
