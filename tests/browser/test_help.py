"""The help page and the glossary pass axe and fit a phone, and a word linked from a page
takes the keyboard user to its entry in the glossary."""

from playwright.sync_api import expect

from tests.browser.conftest import check_a11y, sign_in, visit
from tests.browser.test_accessibility import audit


def test_help_and_the_glossary_pass_axe_and_fit_a_phone(page, cast):
    sign_in(page, cast["reviewer"])
    audit(page, ["/help/", "/help/glossary/"])
    expect(page.get_by_role("heading", name="Explorer partnership", level=2)).to_be_visible()


def test_a_linked_word_leads_to_its_glossary_entry(page, cast, ready):
    sign_in(page, cast["officer"])
    visit(page, f"/frameworks/{ready.slug}/reward-calculator/")
    link = page.get_by_role("link", name="payment on account")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/help/glossary/#payment-on-account")
    check_a11y(page)
    expect(page.get_by_role("heading", name="Payment on account", level=2)).to_be_in_viewport()

    # The footer leads to help from every page.
    page.get_by_role("contentinfo").get_by_role("link", name="Help").click()
    check_a11y(page)
    expect(page.get_by_role("heading", name="Help", level=1)).to_be_visible()
