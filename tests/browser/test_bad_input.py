"""What an editor sees after a mistake: a summary at the top, a message by the field, nothing saved."""

import re

import pytest
from playwright.sync_api import Page, expect

from priorities.models import Priority, Target
from tests.browser.conftest import check_a11y, sign_in, visit
from tests.factories import make_tree


@pytest.fixture
def indicator(framework):
    """An indicator (higher is better, baseline 50) with one target already."""
    priority = make_tree(framework)[0]
    return priority.target_areas.get().indicators.get()


def save(page: Page) -> None:
    page.get_by_role("button", name="Save").click()
    check_a11y(page)


def expect_error(page: Page, field_id: str, message: str) -> None:
    """The summary leads to the field; the field's own message says the same."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    link = summary.get_by_role("link", name=re.compile(re.escape(message)))
    expect(link).to_have_attribute("href", f"#{field_id}")

    field = page.locator(f"#{field_id}")
    expect(field).to_have_attribute("aria-invalid", "true")
    group = page.locator(f"#div_{field_id}")
    expect(group).to_have_class(re.compile(r"\bgovuk-form-group--error\b"))
    own_message = group.locator(".govuk-error-message")
    expect(own_message).to_contain_text(message)
    # The field points screen readers at its message.
    message_id = own_message.get_attribute("id")
    expect(field).to_have_attribute("aria-describedby", re.compile(rf"\b{re.escape(message_id)}\b"))

    # Following the summary's link puts the cursor in the field.
    link.click()
    expect(field).to_be_focused()


def expect_summary_at_the_top(page: Page) -> None:
    expect(page).to_have_title(re.compile(r"^Error: "))
    # GOV.UK Frontend moves focus to the summary so it is read out first.
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    summary_comes_first = page.evaluate(
        """() => {
            const summary = document.querySelector('.govuk-error-summary');
            const heading = document.querySelector('main h1');
            return Boolean(summary.compareDocumentPosition(heading) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )
    assert summary_comes_first, "The error summary should come before the page heading"


def test_words_in_a_figure_and_a_stretch_the_wrong_way_are_refused(page, cast, indicator):
    before = list(Target.objects.values_list("pk", "version", "without_lpsa", "with_lpsa"))
    sign_in(page, cast["officer"])
    visit(page, f"/indicators/{indicator.pk}/targets/new/")

    # The indicator has a line to 2007/08 already; a second line to another year needs no label.
    page.get_by_label("Final year", exact=True).fill("2006/07")
    page.get_by_label("Performance expected without LPSA2", exact=True).fill("lots")
    page.get_by_label("Target with LPSA2", exact=True).fill("55")
    save(page)
    expect_summary_at_the_top(page)
    expect_error(page, "id_without_lpsa", "Enter a number, like 42 or 12.5, without commas, units or words.")
    # What was typed stays in the form to be corrected.
    expect(page.get_by_label("Performance expected without LPSA2", exact=True)).to_have_value("lots")
    assert list(Target.objects.values_list("pk", "version", "without_lpsa", "with_lpsa")) == before

    # Higher is better for this indicator, so a target below "without" stretches the wrong way.
    page.get_by_label("Performance expected without LPSA2", exact=True).fill("60")
    save(page)
    expect_summary_at_the_top(page)
    expect_error(page, "id_with_lpsa", "For this indicator higher is better")
    expect(page.locator("#div_id_without_lpsa")).not_to_have_class(re.compile(r"\bgovuk-form-group--error\b"))
    assert list(Target.objects.values_list("pk", "version", "without_lpsa", "with_lpsa")) == before

    # Once put right, it saves.
    page.get_by_label("Target with LPSA2", exact=True).fill("65")
    save(page)
    expect(page.get_by_role("alert")).to_contain_text("was added")
    assert Target.objects.count() == len(before) + 1


def test_a_priority_without_a_title_is_refused(page, cast, framework):
    sign_in(page, cast["officer"])
    visit(page, f"/frameworks/{framework.slug}/priorities/new/")
    page.get_by_label("Outcome statement").fill("Fewer people afraid to go out after dark.")
    save(page)
    expect_summary_at_the_top(page)
    expect_error(page, "id_title", "Enter the title.")
    expect(page.get_by_label("Outcome statement")).to_have_value("Fewer people afraid to go out after dark.")
    assert not Priority.objects.exists()
