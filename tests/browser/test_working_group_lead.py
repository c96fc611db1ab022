"""A working-group lead reads the framework and edits only the measures of their group's priority."""

from playwright.sync_api import expect

from tests.browser.conftest import check_a11y, sign_in, visit


def test_a_working_group_lead_sees_the_framework_but_cannot_add_a_priority(page, cast, framework, tree):
    sign_in(page, cast["wglead"])
    expect(page.get_by_role("link", name=framework.title)).to_be_visible()

    visit(page, f"/frameworks/{framework.slug}/")
    expect(page.get_by_role("heading", name=framework.title, level=1)).to_be_visible()
    expect(
        page.get_by_role("list", name="Priorities").get_by_role("link", name=f"Main Priority 1: {tree.title}")
    ).to_be_visible()
    expect(page.get_by_text("Led by: Feeling safe group")).to_be_visible()
    expect(page.get_by_role("link", name="Add a priority")).to_have_count(0)
    expect(page.get_by_role("link", name="Edit the framework's details")).to_have_count(0)
    expect(page.get_by_role("link", name="Edit Main Priority 1")).to_have_count(0)

    # The structure of the priority is the officers', its measures are the group's.
    visit(page, f"/priorities/{tree.pk}/")
    expect(page.get_by_role("link", name="Add a target area")).to_have_count(0)
    expect(page.get_by_role("link", name="Delete this priority")).to_have_count(0)
    expect(page.get_by_role("link", name="Add an indicator to Area 1.1")).to_be_visible()

    # Asking for the form directly is refused, politely.
    response = page.goto(f"/priorities/{tree.pk}/areas/new/")
    check_a11y(page)
    assert response.status == 403
    expect(page.get_by_role("heading", name="You cannot do that", level=1)).to_be_visible()
