"""Everything can be done without a mouse."""

import re

from playwright.sync_api import Page, expect

from priorities.models import TargetArea
from tests.browser.conftest import check_a11y, sign_in, visit
from tests.factories import make_tree

# GOV.UK Frontend's focus colour: links and fields turn yellow when they have focus.
FOCUS_YELLOW = "rgb(255, 221, 0)"


def focused(page: Page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {
                tag: el.tagName.toLowerCase(),
                id: el.id,
                text: (el.innerText || el.value || '').trim(),
                background: style.backgroundColor,
                outline: style.outlineColor,
            };
        }"""
    )


def tab_to(page: Page, *, text: str | None = None, element_id: str | None = None, limit: int = 60) -> dict:
    """Press Tab until the element with this text (or id) has focus; fail if it never does."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if (text is not None and now["text"] == text) or (element_id is not None and now["id"] == element_id):
            return now
        seen.append(now["text"] or now["id"] or now["tag"])
    raise AssertionError(f"Tab never reached “{text or element_id}”. Focus went to: {seen}")


def has_visible_focus(element: dict) -> bool:
    return FOCUS_YELLOW in (element["background"], element["outline"])


def test_an_officer_adds_a_target_area_with_the_keyboard_alone(page, cast, framework):
    priority = make_tree(framework, areas=1)[0]
    sign_in(page, cast["officer"])
    visit(page, f"/priorities/{priority.pk}/")

    link = tab_to(page, text="Add a target area")
    assert link["tag"] == "a"
    assert has_visible_focus(link), f"No visible focus: {link}"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/priorities/{priority.pk}/areas/new/")
    check_a11y(page)

    # After the links at the top of the page, the title is the first stop in the form.
    back = tab_to(page, text="Back")
    assert back["tag"] == "a"
    page.keyboard.press("Tab")
    field = focused(page)
    assert field["id"] == "id_title", f"The title should follow the back link, not {field}"
    assert has_visible_focus(field), f"No visible focus: {field}"
    page.keyboard.type("Domestic violence")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_description"
    page.keyboard.type("Repeat incidents reported to the police.")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # Enter in a text field submits its form
    page.wait_for_url(re.compile(rf"/priorities/{priority.pk}/(#.*)?$"))
    check_a11y(page)

    area = TargetArea.objects.get(priority=priority, title="Domestic violence")
    assert area.description == "Repeat incidents reported to the police."
    assert area.position == 2
    expect(page.get_by_role("alert")).to_contain_text("“Domestic violence” was added")
    # The page opens at the new area.
    new_area = page.locator(f"#area-{area.pk}")
    expect(new_area.get_by_role("heading", level=3)).to_have_text("Domestic violence")
    expect(new_area).to_be_in_viewport()


def test_a_table_too_wide_for_the_screen_scrolls_from_the_keyboard(page, cast, tree):
    target = tree.target_areas.get().indicators.get().targets.get()
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(page, cast["officer"])
    visit(page, f"/targets/{target.pk}/")
    figures = page.get_by_role("region", name="Figures")
    assert figures.evaluate("box => box.scrollWidth > box.clientWidth"), "The figures should be wider than 320 px"

    for _ in range(40):
        page.keyboard.press("Tab")
        if figures.evaluate("box => box === document.activeElement"):
            break
    else:
        raise AssertionError(f"Tab never reached the figures' box. Focus is on {focused(page)}")
    # GOV.UK's focus for a box: yellow, ringed in black.
    assert FOCUS_YELLOW in figures.evaluate("box => getComputedStyle(box).boxShadow")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.activeElement.scrollLeft > 0")
