"""Money in delivery in the browser: an officer records spend and a freedom's delivery with the keyboard."""

import datetime
import re
from decimal import Decimal

from playwright.sync_api import Page, expect

from delivery.models import FreedomProgress, Spend
from tests.browser.conftest import check_a11y, sign_in, visit
from tests.browser.test_accessibility import audit
from tests.browser.test_keyboard import focused, has_visible_focus
from tests.delivery.conftest import agreement, delivery_world, lines  # noqa: F401 (fixtures)


def tab_to_link(page: Page, href: str, limit: int = 120) -> dict:
    """Press Tab until the link to ``href`` has focus; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.getAttribute('href')") == href:
            return focused(page)
    raise AssertionError(f"Tab never reached the link to {href}")


def tab_to_field(page: Page, element_id: str, limit: int = 40) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["id"] == element_id:
            return now
    raise AssertionError(f"Tab never reached #{element_id}")


def test_the_money_pages_pass_axe_and_reflow(page, cast, delivery_world):  # noqa: F811
    world = delivery_world
    sign_in(page, cast["officer"])
    audit(
        page,
        [
            f"/delivery/{world['framework'].slug}/money/",
            f"/delivery/money/spend/{world['allocation'].pk}/",
            f"/delivery/money/freedom/{world['freedom'].pk}/",
            f"/delivery/{world['framework'].slug}/money/shares/add/",
            f"/delivery/money/shares/{world['share'].pk}/",
            f"/delivery/money/shares/{world['share'].pk}/delete/",
        ],
    )


def test_a_reviewer_reads_the_money_page_without_the_reward_sharing(page, cast, delivery_world):  # noqa: F811
    sign_in(page, cast["reviewer"])
    audit(page, [f"/delivery/{delivery_world['framework'].slug}/money/"])
    expect(page.get_by_role("heading", name="Pump-priming spend")).to_be_visible()
    expect(page.get_by_role("heading", name="How the reward is shared with partners")).to_have_count(0)


def test_an_officer_records_a_years_spend_and_a_freedoms_delivery_with_the_keyboard(page, cast, delivery_world):  # noqa: F811
    world = delivery_world
    money = f"/delivery/{world['framework'].slug}/money/"
    spend = f"/delivery/money/spend/{world['allocation'].pk}/"
    sign_in(page, cast["officer"])
    visit(page, money)

    link = tab_to_link(page, spend)
    assert has_visible_focus(link), f"No visible focus: {link}"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{spend}")
    check_a11y(page)

    # Too much first: £400,000 allocated, £150,000 spent in 2005/06, so £250,000 is left.
    field = tab_to_field(page, "id_amount_2006/07")
    assert has_visible_focus(field), f"No visible focus: {field}"
    page.keyboard.type("260000")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_a11y(page)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Only £250,000 of this £400,000 allocation is left. Enter £250,000 or less.")
    expect(page.locator("#id_amount_2006\\/07")).to_have_value("260000")
    assert set(Spend.objects.values_list("year", flat=True)) == {"2005/06"}

    # The summary's link takes the keyboard to the year's box.
    tab_to_link(page, "#id_amount_2006/07")
    page.keyboard.press("Enter")
    expect(page.locator("#id_amount_2006\\/07")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("90000")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(money) + r"(#.*)?$"))
    check_a11y(page)
    expect(page.get_by_role("alert")).to_contain_text("was saved")
    assert Spend.objects.get(allocation=world["allocation"], year="2006/07").amount == Decimal("90000")
    row = page.locator(f"#allocation-{world['allocation'].pk}")
    expect(row).to_contain_text("£90,000")
    expect(row).to_contain_text("£160,000")  # left: 400,000 - 150,000 - 90,000

    progress = f"/delivery/money/freedom/{world['freedom'].pk}/"
    tab_to_link(page, progress)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{progress}")
    check_a11y(page)
    # Tab lands on the ticked radio ("Not yet"); the arrow key moves to "Delivered".
    radio = tab_to_field(page, "id_delivered_1")
    assert radio["tag"] == "input"
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Delivered", exact=True)).to_be_checked()
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_delivered_on_0"
    page.keyboard.type("14")
    page.keyboard.press("Tab")
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    page.keyboard.type("2006")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_answer"
    page.keyboard.type("The department relaxed the rule for the agreement's three years.")
    page.keyboard.press("Tab")
    page.keyboard.type("1")
    page.keyboard.press("Tab")
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    page.keyboard.type("2006")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(money) + r"(#.*)?$"))
    check_a11y(page)

    saved = FreedomProgress.objects.get(freedom=world["freedom"])
    assert (saved.delivered, saved.delivered_on) == ("delivered", datetime.date(2006, 2, 14))
    assert saved.answered_on == datetime.date(2006, 2, 1)
    card = page.locator(f"#freedom-{world['freedom'].pk}")
    expect(card).to_contain_text("Delivered, on 14 February 2006")
    expect(card).to_contain_text("The department relaxed the rule")
