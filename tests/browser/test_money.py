"""Money in the browser: the reward calculator, pump-priming, freedoms and the target's chart."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from priorities.charts import chart_description
from priorities.models import Freedom, Indicator, PumpPriming, Target
from tests.browser.conftest import check_a11y, no_sideways_scroll, sign_in, visit
from tests.browser.test_keyboard import focused, has_visible_focus, tab_to
from tests.factories import make_tree


@pytest.fixture
def four_targets(framework, group):
    """Four indicators with a target each on a £1bn budget: £25m potential, £6.25m a target.

    Indicators 1.1.1 to 1.3.1 are higher-is-better, 51 without and 55 with LPSA2; the first
    has an interim level too (53 by 2005/06). Indicator 1.4.1 is lower-is-better, 40 to 30.
    """
    make_tree(framework, group=group, areas=4)
    framework.net_budget_requirement = Decimal("1000000000")
    framework.save()
    first, _, _, fourth = Target.objects.order_by("indicator__target_area__position")
    Target.objects.filter(pk=first.pk).update(
        interim_period="2005/06", interim_without_lpsa=Decimal("51"), interim_with_lpsa=Decimal("53")
    )
    Indicator.objects.filter(pk=fourth.indicator_id).update(direction=Indicator.Direction.LOWER)
    Target.objects.filter(pk=fourth.pk).update(without_lpsa=Decimal("40"), with_lpsa=Decimal("30"))
    return framework


def follow(page: Page, name: str) -> None:
    page.get_by_role("link", name=name, exact=True).click()
    check_a11y(page)


def cells(page: Page, first_cell: str):
    row = page.get_by_role("row").filter(has=page.get_by_role("cell", name=first_cell, exact=True))
    return row.get_by_role("cell")


def summary_value(page: Page, key: str):
    return page.locator(".govuk-summary-list__row").filter(has_text=key).locator("dd")


def expect_calculated_results(page: Page) -> None:
    """The hand-worked case typed in below (each share is £25m / 4 = £6,250,000):

    - 1.1.1: 54.2 is 3.2 of the 4-point stretch, 80%: £5,000,000; interim 53.5 meets 53,
      so a fifth of the share, £1,250,000, is paid on account;
    - 1.2.1: 53 is half the stretch, below 60%: nothing;
    - 1.3.1: 60 is beyond the target (225%): capped at the share, £6,250,000;
    - 1.4.1 (lower is better): 34 is 6 of the 10 points down, exactly 60%: £3,750,000.
    Earned £15,000,000; less £1,250,000 on account, £13,750,000 in two instalments of £6,875,000.
    """
    expect(page.locator("#results caption")).to_have_text("What that would earn")
    expect(cells(page, "Indicator 1.1.1")).to_have_text(
        ["Indicator 1.1.1", "£6,250,000", "80%", "£5,000,000", "Met: £1,250,000 on account"]
    )
    expect(cells(page, "Indicator 1.2.1")).to_have_text(["Indicator 1.2.1", "£6,250,000", "50% (below 60%)", "£0", "–"])
    expect(cells(page, "Indicator 1.3.1")).to_have_text(["Indicator 1.3.1", "£6,250,000", "225%", "£6,250,000", "–"])
    expect(cells(page, "Indicator 1.4.1")).to_have_text(["Indicator 1.4.1", "£6,250,000", "60%", "£3,750,000", "–"])
    expect(summary_value(page, "Potential reward")).to_have_text("£25,000,000")
    expect(summary_value(page, "Reward earned")).to_have_text("£15,000,000")
    expect(summary_value(page, "Paid on account")).to_have_text("£1,250,000")
    expect(summary_value(page, "Each of the two final instalments")).to_have_text("£6,875,000")


EXPECTED = [
    ("Indicator 1.1.1: expected result in 2007/08 (optional)", "54.2"),
    ("Indicator 1.1.1: expected result in 2005/06 (optional)", "53.5"),
    ("Indicator 1.2.1: expected result in 2007/08 (optional)", "53"),
    ("Indicator 1.3.1: expected result in 2007/08 (optional)", "60"),
    ("Indicator 1.4.1: expected result in 2007/08 (optional)", "34"),
]


def test_an_officer_works_out_the_reward_for_expected_results(page, cast, four_targets):
    sign_in(page, cast["officer"])
    visit(page, f"/frameworks/{four_targets.slug}/")
    follow(page, "Reward and pump-priming")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reward grant and pump-priming")
    expect(page.get_by_text("The potential reward is £25,000,000")).to_be_visible()
    expect(cells(page, "Indicator 1.4.1")).to_have_text(["Indicator 1.4.1", "40", "30", "Equal", "£6,250,000"])
    no_sideways_scroll(page)

    follow(page, "Work out what we would earn")
    expect(page.get_by_role("heading", level=1)).to_have_text("If we reach these results, what do we earn?")
    expect(page.locator("#results")).to_have_count(0)
    for label, value in EXPECTED:
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Work out the reward").click()
    check_a11y(page)
    expect_calculated_results(page)
    no_sideways_scroll(page)
    # The figures stay in the boxes, to try another case.
    for label, value in EXPECTED:
        expect(page.get_by_label(label, exact=True)).to_have_value(value)

    # Words in a box: the summary leads to the box, and no results are shown.
    box = page.get_by_label("Indicator 1.2.1: expected result in 2007/08 (optional)", exact=True)
    box.fill("about 53")
    page.get_by_role("button", name="Work out the reward").click()
    check_a11y(page)
    expect(page).to_have_title(re.compile(r"^Error: Reward calculator"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name=re.compile(r"Enter a number, like 42 or 12\.5"))
    second = Target.objects.get(indicator__title="Indicator 1.2.1")
    expect(link).to_have_attribute("href", f"#id_final_{second.pk}")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#div_id_final_{second.pk} .govuk-error-message")).to_contain_text("Enter a number")
    expect(page.locator("#results")).to_have_count(0)
    link.click()
    expect(box).to_be_focused()
    expect(box).to_have_value("about 53")


def test_the_calculator_can_be_used_with_the_keyboard_alone(page, cast, four_targets):
    sign_in(page, cast["officer"])
    visit(page, f"/frameworks/{four_targets.slug}/")

    link = tab_to(page, text="Reward and pump-priming", limit=80)
    assert has_visible_focus(link), f"No visible focus: {link}"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/frameworks/{four_targets.slug}/money/")
    check_a11y(page)

    button = tab_to(page, text="Work out what we would earn")
    assert button["tag"] == "a"
    assert has_visible_focus(button), f"No visible focus: {button}"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/frameworks/{four_targets.slug}/reward-calculator/")
    check_a11y(page)

    # The boxes come in the page's order, one Tab apart.
    tab_to(page, element_id=page.get_by_label(EXPECTED[0][0], exact=True).get_attribute("id"))
    for n, (label, value) in enumerate(EXPECTED):
        if n:
            page.keyboard.press("Tab")
        now = focused(page)
        assert now["id"] == page.get_by_label(label, exact=True).get_attribute("id"), f"{label}: focus is on {now}"
        assert has_visible_focus(now), f"No visible focus: {now}"
        page.keyboard.type(value)
    page.keyboard.press("Enter")  # Enter in a box sends the form
    page.wait_for_url(re.compile(r"/reward-calculator/\?"))
    check_a11y(page)
    expect_calculated_results(page)


@pytest.fixture
def target(framework, group):
    make_tree(framework, group=group)
    framework.pump_priming_grant = Decimal("500000")
    framework.save()
    return Target.objects.get()


def save(page: Page) -> None:
    page.get_by_role("button", name="Save").click()
    check_a11y(page)


def test_an_officer_allocates_pump_priming_within_the_grant_and_asks_for_a_freedom(page, cast, target):
    sign_in(page, cast["officer"])
    visit(page, f"/targets/{target.pk}/")
    pump = page.locator("#pump-priming + p")
    expect(pump).to_have_text("None allocated.")

    follow(page, "Allocate pump-priming grant")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Add a pump-priming allocation for “Indicator 1.1.1: Target to 2007/08”"
    )
    page.get_by_label("Amount (£)").fill("300000")
    page.get_by_role("radio", name="Revenue").check()
    page.get_by_label("What it will be spent on").fill("Two neighbourhood wardens for a year.")
    save(page)
    expect(page).to_have_url(re.compile(rf"/frameworks/{target.framework.slug}/money/#pump-priming$"))
    expect(page.get_by_role("alert")).to_contain_text("was added")
    expect(summary_value(page, "Grant")).to_have_text("£500,000")
    expect(summary_value(page, "Capital allocated")).to_have_text("£0")
    expect(summary_value(page, "Revenue allocated")).to_have_text("£300,000")
    expect(summary_value(page, "Left to allocate")).to_have_text("£200,000")
    expect(cells(page, "Indicator 1.1.1")).to_have_text(
        [
            "Indicator 1.1.1",
            re.compile(r"^Two neighbourhood wardens for a year.\s*Change"),
            re.compile(r"^£300,000\s*Revenue$"),
        ]
    )
    assert list(PumpPriming.objects.values_list("target", "amount", "spend_on")) == [
        (target.pk, Decimal("300000"), "Two neighbourhood wardens for a year.")
    ]

    # More than is left is refused next to the amount.
    visit(page, f"/targets/{target.pk}/")
    expect(page.get_by_text("£300,000 (revenue): Two neighbourhood wardens for a year.")).to_be_visible()
    follow(page, "Allocate pump-priming grant")
    page.get_by_label("Amount (£)").fill("250000")
    page.get_by_role("radio", name="Capital").check()
    page.get_by_label("What it will be spent on").fill("CCTV in the town centre.")
    save(page)
    message = "Only £200,000 of the £500,000 grant is left to allocate. Enter £200,000 or less."
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator("#div_id_amount .govuk-error-message")).to_contain_text(message)
    expect(page.locator("#id_amount")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".govuk-error-summary").get_by_role("link", name=message)).to_have_attribute(
        "href", "#id_amount"
    )
    expect(page.get_by_label("What it will be spent on")).to_have_value("CCTV in the town centre.")
    assert PumpPriming.objects.count() == 1

    # A freedom or flexibility, from the target's page to the register.
    visit(page, f"/targets/{target.pk}/")
    expect(page.locator("#freedoms + p")).to_have_text("None asked for.")
    follow(page, "Ask for a freedom or flexibility")
    page.get_by_label("What is asked").fill("Pool the youth offending and drug action grants.")
    page.get_by_role("radio", name="An administrative requirement").check()
    page.get_by_label("Government department asked").fill("Home Office")
    expect(page.get_by_role("radio", name="Requested")).to_be_checked()
    review = page.get_by_role("group", name="Review date")
    review.get_by_label("Day").fill("31")
    review.get_by_label("Month").fill("3")
    review.get_by_label("Year").fill("2005")
    save(page)
    freedom = Freedom.objects.get()
    assert (freedom.target_id, freedom.kind, freedom.department, freedom.status, str(freedom.review_date)) == (
        target.pk,
        Freedom.Kind.ADMINISTRATIVE,
        "Home Office",
        Freedom.Status.REQUESTED,
        "2005-03-31",
    )
    expect(page).to_have_url(re.compile(rf"/frameworks/{target.framework.slug}/freedoms/#freedom-{freedom.pk}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Freedoms and flexibilities")
    expect(page.get_by_role("alert")).to_contain_text("was added")
    expect(page.locator(f"#freedom-{freedom.pk}").get_by_role("cell")).to_have_text(
        [
            "Indicator 1.1.1",
            "Pool the youth offending and drug action grants.",
            "An administrative requirement",
            "Home Office",
            "Requested",
            "31 Mar 2005",
        ]
    )
    visit(page, f"/targets/{target.pk}/")
    expect(page.locator(f"#freedom-{freedom.pk}")).to_contain_text(
        "Requested Pool the youth offending and drug action grants. (Home Office)"
    )


def test_an_officer_adds_a_co_ordination_line_and_sees_capital_and_revenue_apart(page, cast, target):
    PumpPriming.objects.create(
        framework=target.framework, target=target, amount=200000, spend_on="A youth centre", kind="capital"
    )
    sign_in(page, cast["officer"])
    visit(page, f"/frameworks/{target.framework.slug}/money/")
    follow(page, "add a line not tied to a target")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a pump-priming line not tied to a target")
    save(page)
    expect(page.locator("#div_id_purpose .govuk-error-message")).to_contain_text("Enter what the line is for")
    expect(page.locator("#div_id_kind .govuk-error-message")).to_contain_text(
        "Choose whether it is capital or revenue."
    )
    page.get_by_label("What the line is for").fill("Co-ordination")
    page.get_by_label("Amount (£)").fill("100000")
    page.get_by_role("radio", name="Revenue").check()
    page.get_by_label("What it will be spent on").fill("A programme manager.")
    save(page)
    expect(summary_value(page, "Capital allocated")).to_have_text("£200,000")
    expect(summary_value(page, "Revenue allocated")).to_have_text("£100,000")
    expect(summary_value(page, "Left to allocate")).to_have_text("£200,000")
    expect(page.get_by_role("cell", name="Co-ordination (not tied to a target)")).to_be_visible()
    no_sideways_scroll(page)


def test_the_target_chart_describes_its_figures_in_words(page, cast, framework, group):
    make_tree(framework, group=group)
    Indicator.objects.update(unit="%")
    Target.objects.update(
        interim_period="2005/06", interim_without_lpsa=Decimal("50.5"), interim_with_lpsa=Decimal("52")
    )
    target = Target.objects.select_related("indicator").get()
    sign_in(page, cast["officer"])
    visit(page, f"/targets/{target.pk}/")

    chart = page.locator("figure.app-chart img")
    expect(chart).to_have_count(1)
    alt = chart.get_attribute("alt")
    assert alt == (
        "Bar chart of Indicator 1.1.1, without and with LPSA2. 2003/04 baseline: 50%; 2005/06 without: 50.5%; "
        "2005/06 with: 52%; 2007/08 without: 51%; 2007/08 with: 55%."
    )
    assert alt == chart_description(target, target.indicator)
    assert chart.get_attribute("src").startswith("data:image/svg+xml")
    # The picture really drew: a broken image would have no natural width.
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(page.get_by_role("img", name=alt)).to_be_visible()


def test_editing_a_freedom_keeps_its_review_date(page, cast, target):
    freedom = Freedom(
        target=target,
        request="Pool the youth offending and drug action grants.",
        kind=Freedom.Kind.ADMINISTRATIVE,
        review_date="2005-03-31",
    )
    freedom.save_checked(expected_version=None)
    sign_in(page, cast["officer"])
    visit(page, f"/targets/{target.pk}/")
    page.locator(f"#freedom-{freedom.pk}").get_by_role("link", name=re.compile(r"^Change")).click()
    check_a11y(page)
    page.get_by_role("radio", name="Agreed").check()
    save(page)
    freedom.refresh_from_db()
    assert freedom.status == Freedom.Status.AGREED
    assert str(freedom.review_date) == "2005-03-31", "Changing the status lost the review date"


def test_a_result_just_short_of_sixty_percent_does_not_read_as_sixty(page, cast, framework, group):
    make_tree(framework, group=group)
    framework.net_budget_requirement = Decimal("1000000000")
    framework.save()
    Target.objects.update(without_lpsa=Decimal("50"), with_lpsa=Decimal("53"))
    sign_in(page, cast["officer"])
    visit(page, f"/frameworks/{framework.slug}/reward-calculator/")
    page.get_by_label("Indicator 1.1.1: expected result in 2007/08 (optional)", exact=True).fill("51.79")  # 59.67%
    page.get_by_role("button", name="Work out the reward").click()
    check_a11y(page)
    expect(cells(page, "Indicator 1.1.1").nth(3)).to_have_text("£0")
    achieved = cells(page, "Indicator 1.1.1").nth(2).inner_text()
    shown = re.fullmatch(r"([\d.]+)% \(below 60%\)", achieved)
    assert shown is not None, achieved
    assert Decimal(shown[1]) < 60, f"Shown as “{achieved}”"
