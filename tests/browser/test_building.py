"""Building a framework in the browser: a priority, its target area, indicator and target."""

import re
from decimal import Decimal

from playwright.sync_api import Page, expect

from priorities.models import Indicator, Priority, Target, TargetArea
from tests.browser.conftest import check_a11y, sign_in, visit


def save(page: Page) -> None:
    page.get_by_role("button", name="Save").click()
    check_a11y(page)


def follow(page: Page, name: str) -> None:
    page.get_by_role("link", name=name, exact=True).click()
    check_a11y(page)


def figures_row(page: Page, target: str):
    return page.get_by_role("row").filter(has=page.get_by_role("cell", name=target, exact=True))


def test_an_officer_builds_a_priority_with_an_indicator_and_target(page, cast, framework):
    sign_in(page, cast["officer"])
    visit(page, f"/frameworks/{framework.slug}/")

    follow(page, "Add a priority")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Add a priority to {framework.title}")
    page.get_by_label("Title", exact=True).fill("Feeling safe in Hampshire")
    page.get_by_label("Outcome statement").fill("Fewer people afraid to go out after dark.")
    save(page)
    priority = Priority.objects.get(framework=framework)
    assert (priority.title, priority.outcome) == (
        "Feeling safe in Hampshire",
        "Fewer people afraid to go out after dark.",
    )
    expect(page).to_have_url(re.compile(rf"/priorities/{priority.pk}/$"))
    expect(page.get_by_role("alert")).to_contain_text("was added")
    expect(page.get_by_role("heading", level=1)).to_have_text("Feeling safe in Hampshire")

    follow(page, "Add a target area")
    page.get_by_label("Title", exact=True).fill("Anti-social behaviour")
    save(page)
    area = TargetArea.objects.get(priority=priority)
    assert area.title == "Anti-social behaviour"
    expect(page.locator(f"#area-{area.pk}")).to_contain_text("No indicator yet")

    follow(page, "Add an indicator to Anti-social behaviour")
    page.get_by_label("Title", exact=True).fill("Residents who feel safe after dark")
    page.get_by_label("Definition").fill("Share of residents who say they feel fairly or very safe outside after dark.")
    page.get_by_label("Data source").fill("Hampshire residents' survey")
    page.get_by_label("Baseline year").fill("2003/04")
    page.get_by_label("Baseline value").fill("50")
    page.get_by_role("radio", name="Higher is better").check()
    save(page)
    indicator = Indicator.objects.get(target_area=area)
    assert indicator.title == "Residents who feel safe after dark"
    assert indicator.data_source == "Hampshire residents' survey"
    assert (indicator.baseline_year, indicator.baseline_value) == ("2003/04", Decimal("50"))
    assert indicator.direction == Indicator.Direction.HIGHER
    expect(page.get_by_role("heading", level=1)).to_have_text("Residents who feel safe after dark")
    expect(page.get_by_text("No target line yet")).to_be_visible()

    follow(page, "Add a target line")
    page.get_by_label("Final year", exact=True).fill("2007/08")
    page.get_by_label("Performance expected without LPSA2", exact=True).fill("50")
    page.get_by_label("Target with LPSA2", exact=True).fill("55")
    save(page)
    target = Target.objects.get(indicator=indicator)
    assert (target.period, target.without_lpsa, target.with_lpsa) == ("2007/08", Decimal("50"), Decimal("55"))
    # Saving lands on the target's own page, with the stretch in the unit and as a percentage.
    expect(page.get_by_role("heading", level=1)).to_have_text("Target to 2007/08")
    expect(page.get_by_role("cell", name="+5 (+10%)")).to_be_visible()
    visit(page, f"/indicators/{indicator.pk}/")
    row = figures_row(page, "Target to 2007/08")
    expect(row.get_by_role("cell")).to_have_text(["Target to 2007/08", "2007/08", "50", "55", "+5"])

    visit(page, f"/frameworks/{framework.slug}/")
    expect(page.get_by_text("1 priority, 1 target area")).to_be_visible()
    expect(figures_row(page, "Target to 2007/08").get_by_role("cell")).to_have_text(
        ["Target to 2007/08", "2007/08", "50", "55", "+5"]
    )

    visit(page, f"/indicators/{indicator.pk}/")
    follow(page, "Edit Target to 2007/08")
    expect(page.get_by_label("Numbered target")).to_have_value("")
    # The form shows the saved figures as they were typed, not as stored (50.000).
    expect(page.get_by_label("Performance expected without LPSA2", exact=True)).to_have_value("50")
    expect(page.get_by_label("Target with LPSA2", exact=True)).to_have_value("55")
    page.get_by_label("Performance expected without LPSA2", exact=True).fill("51.5")
    page.get_by_label("Target with LPSA2", exact=True).fill("58")
    save(page)
    expect(page.get_by_role("alert")).to_contain_text("was saved")
    visit(page, f"/indicators/{indicator.pk}/")
    expect(figures_row(page, "Target to 2007/08").get_by_role("cell")).to_have_text(
        ["Target to 2007/08", "2007/08", "51.5", "58", "+6.5"]
    )
    target.refresh_from_db()
    assert (target.without_lpsa, target.with_lpsa, target.stretch) == (Decimal("51.5"), Decimal("58"), Decimal("6.5"))
    assert Target.objects.count() == 1

    visit(page, f"/frameworks/{framework.slug}/")
    expect(figures_row(page, "Target to 2007/08").get_by_role("cell")).to_have_text(
        ["Target to 2007/08", "2007/08", "51.5", "58", "+6.5"]
    )

    # The line counts towards the reward once it is in a numbered target of the agreement.
    follow(page, "Numbered targets")
    follow(page, "Add a numbered target")
    page.get_by_label("Title", exact=True).fill("Make people feel safer")
    page.get_by_label("Priority it serves").select_option(label=str(priority))
    page.get_by_label("Lead government department (optional)").fill("Home Office")
    save(page)
    expect(page.get_by_role("heading", level=2, name="Target 1: Make people feel safer")).to_be_visible()
    expect(page.get_by_text("No lines yet")).to_be_visible()
    follow(page, "choose its target for Residents who feel safe after dark")
    page.get_by_label("Numbered target").select_option(label="Target 1: Make people feel safer")
    save(page)
    target.refresh_from_db()
    assert str(target.agreement_target) == "Target 1: Make people feel safer"
    follow(page, "Target 1: Make people feel safer")
    expect(page.get_by_role("link", name="Residents who feel safe after dark", exact=True)).to_be_visible()
