"""What's left to do, in a real browser: the framework page's task list, the comments page and
search results pass axe and reflow, and a blocker's link is followed with the keyboard alone."""

from playwright.sync_api import expect

from lpsa.models import Comment
from priorities.models import Involvement, Stage
from tests.browser.conftest import check_a11y, no_sideways_scroll, sign_in, visit
from tests.browser.test_accessibility import audit
from tests.browser.test_keyboard import has_visible_focus, tab_to


def test_the_task_list_comments_and_search_pass_axe_and_reflow(page, cast, at_stage, district):
    framework = at_stage(Stage.ONE_CONSULTATION)
    priority = framework.priorities.get()
    priority.evidence = ""
    priority.save()
    Involvement.objects.filter(organisation=district).update(status=Involvement.Status.INVITED)
    thread = Comment.objects.create(
        framework=framework, priority=priority, author=cast["wglead"].user, text="Where is the evidence?"
    )
    Comment.objects.create(
        framework=framework, priority=priority, author=cast["officer"].user, text="Coming soon", parent=thread
    )
    slug = framework.slug
    sign_in(page, cast["wglead"])
    audit(
        page,
        [
            f"/frameworks/{slug}/",
            f"/frameworks/{slug}/comments/",
            f"/frameworks/{slug}/comments/?show=awaiting",
            f"/frameworks/{slug}/comments/?show=mine&priority={priority.pk}",
            f"/frameworks/{slug}/search/?q=evidence",
            f"/frameworks/{slug}/search/?q=nothing+matches+this",
            f"/frameworks/{slug}/search/?q={'x' * 101}",
            f"/frameworks/{slug}/workflow/",
        ],
        then=no_sideways_scroll,
    )
    expect(page.get_by_role("link", name="Main Priority 1 “Priority 1” has no evidence.", exact=False)).to_be_visible()


def test_a_blocker_link_is_followed_by_keyboard(page, cast, at_stage):
    framework = at_stage(Stage.ONE_CONSULTATION)
    priority = framework.priorities.get()
    priority.outcome = ""
    priority.save()
    sign_in(page, cast["officer"])
    visit(page, f"/frameworks/{framework.slug}/workflow/")
    link = tab_to(page, text="Main Priority 1 “Priority 1” has no outcome statement.")
    assert link["tag"] == "a"
    assert has_visible_focus(link), f"No visible focus: {link}"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/priorities/{priority.pk}/")
    check_a11y(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Priority 1")


def test_the_task_list_leads_by_keyboard_to_the_item_that_blocks_it(page, cast, at_stage):
    framework = at_stage(Stage.ONE_CONSULTATION)
    priority = framework.priorities.get()
    priority.evidence = ""
    priority.save()
    sign_in(page, cast["officer"])
    visit(page, f"/frameworks/{framework.slug}/")
    link = tab_to(page, text="Main Priority 1: Priority 1", limit=80)
    assert has_visible_focus(link), f"No visible focus: {link}"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/priorities/{priority.pk}/")
    check_a11y(page)


def test_a_search_is_made_with_the_keyboard(page, cast, at_stage):
    framework = at_stage(Stage.ONE_CONSULTATION)
    sign_in(page, cast["officer"])
    visit(page, f"/frameworks/{framework.slug}/")
    tab_to(page, element_id="search-q", limit=80)
    page.keyboard.type("Better lives")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=Better+lives")
    check_a11y(page)
    expect(page.locator("mark").first).to_have_text("Better lives")
    page.get_by_role("link", name="Main Priority 1: Priority 1").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/priorities/{framework.priorities.get().pk}/")
    check_a11y(page)
