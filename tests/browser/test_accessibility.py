"""axe-core finds nothing wrong on any page: reading pages, every form (empty and with errors),
delete confirmations, the partners pages, sign-in and the 404 page. The pages with something in
every part, and an edit conflict's table, reflow at 320 CSS px too."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from priorities.models import Framework, Indicator, IndicatorActivity, Involvement, Priority, Target, TargetArea
from tests.browser.conftest import check_a11y, no_sideways_scroll, sign_in, visit
from tests.factories import add


@pytest.fixture
def full(framework, tree, district, portsmouth):
    """A framework with something in every part of every page, a co-signatory included."""
    framework.co_signatories.add(portsmouth)
    Framework.objects.filter(pk=framework.pk).update(net_budget_requirement=Decimal("1250000000"))
    area = tree.target_areas.get()
    indicator = area.indicators.get()
    Indicator.objects.filter(pk=indicator.pk).update(is_illustrative=True, unit="%")
    target = indicator.targets.get()
    Target.objects.filter(pk=target.pk).update(
        interim_period="2005/06", interim_without_lpsa=Decimal("50.5"), interim_with_lpsa=Decimal("52")
    )
    sub = add(
        Target,
        indicator=indicator,
        agreement_target=target.agreement_target,
        weight=Decimal(30),
        title="Women returners",
        period="2007/08",
        without_lpsa=51,
        with_lpsa=53,
    )
    add(Target, indicator=indicator, period="2006/07", without_lpsa=50, with_lpsa=52)
    add(TargetArea, priority=tree, title="Business support")
    involvement = Involvement.objects.create(
        framework=framework, organisation=district, role=Involvement.Role.DISTRICT, status=Involvement.Status.INVITED
    )
    return {
        "framework": framework,
        "priority": tree,
        "area": area,
        "activity": tree.activities.get(),
        "indicator": indicator,
        "target": target,
        "sub": sub,
        "involvement": involvement,
    }


def audit(page: Page, paths: list[str], then=None) -> None:
    """Visit each path and check it with axe and at the reflow width (320 px), then run
    ``then`` on it if given; report every failing page at once rather than the first."""
    problems = []
    for path in paths:
        try:
            visit(page, path)
            no_sideways_scroll(page)
            if then is not None:
                then(page)
        except AssertionError as error:
            problems.append(f"{path}: {error}")
    assert not problems, "\n\n".join(problems)


def snapshot() -> dict:
    """Every editable row and its version, to prove that nothing was saved."""
    models = [Framework, Priority, TargetArea, IndicatorActivity, Indicator, Target, Involvement]
    return {model.__name__: list(model.objects.order_by("pk").values_list("pk", "version")) for model in models}


def test_the_pages_an_officer_reads_pass_axe_and_reflow(page, cast, full, group):
    slug = full["framework"].slug
    sign_in(page, cast["officer"])  # checks the sign-in page and the dashboard
    audit(
        page,
        [
            f"/frameworks/{slug}/",
            f"/frameworks/{slug}/partners/",
            f"/priorities/{full['priority'].pk}/",
            f"/indicators/{full['indicator'].pk}/",
            f"/targets/{full['target'].pk}/",
            f"/frameworks/{slug}/targets/",  # a numbered target with two lines, one weighted
            f"/frameworks/{slug}/money/",
            f"/frameworks/{slug}/reward-calculator/",
            f"/frameworks/{slug}/reward-calculator/?final_{full['target'].pk}=51.5&interim_{full['target'].pk}=52",
            f"/frameworks/{slug}/freedoms/",
            f"/frameworks/{slug}/import/",
            f"/frameworks/{slug}/workflow/",
            f"/frameworks/{slug}/submission/",
            f"/history/target/{full['target'].pk}/",
            "/help/",
            "/help/glossary/",
            f"/priorities/{full['priority'].pk}/delete/",
            f"/areas/{full['area'].pk}/delete/",
            f"/activities/{full['activity'].pk}/delete/",
            f"/indicators/{full['indicator'].pk}/delete/",
            f"/targets/{full['target'].pk}/delete/",
            f"/involvements/{full['involvement'].pk}/delete/",
            "/partners/",
            "/partners/working-groups/",
            f"/partners/working-groups/{group.pk}/",
        ],
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(group.name)

    response = page.goto("/frameworks/no-such-framework/")
    check_a11y(page)
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found", level=1)).to_be_visible()


def test_the_pages_a_visitor_sees_before_signing_in_pass_axe(page, cast):
    visit(page, "/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    check_a11y(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your username.")

    response = page.goto("/no-such-page/")
    check_a11y(page)
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found", level=1)).to_be_visible()


def make_mistakes(page: Page) -> None:
    """Empty the title and partner, put words in every figure, and save: every form has something to refuse."""
    before = snapshot()
    title = page.locator("input#id_title")
    if title.count():
        title.fill("")
    for figure in page.locator("input[inputmode=decimal]").all():
        figure.fill("lots")
    organisation = page.locator("select#id_organisation")
    if organisation.count():
        organisation.select_option("")
    page.get_by_role("button", name="Save").click()
    check_a11y(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    no_sideways_scroll(page)  # the messages beside the fields fit a phone too
    assert snapshot() == before


def test_every_form_passes_axe_empty_and_with_errors(page, cast, full):
    slug = full["framework"].slug
    priority, area, indicator = full["priority"], full["area"], full["indicator"]
    target, sub = full["target"], full["sub"]
    sign_in(page, cast["officer"])
    audit(
        page,
        [
            f"/frameworks/{slug}/edit/",
            f"/frameworks/{slug}/partners/add/",
            f"/involvements/{full['involvement'].pk}/edit/",
            f"/frameworks/{slug}/priorities/new/",
            f"/priorities/{priority.pk}/edit/",
            f"/priorities/{priority.pk}/areas/new/",
            f"/areas/{area.pk}/edit/",
            f"/priorities/{priority.pk}/activities/new/",
            f"/activities/{full['activity'].pk}/edit/",
            f"/areas/{area.pk}/indicators/new/",
            f"/indicators/{indicator.pk}/edit/",
            f"/indicators/{indicator.pk}/targets/new/",
            f"/targets/{target.pk}/edit/",
            f"/frameworks/{slug}/targets/new/",
            f"/numbered-targets/{target.agreement_target_id}/edit/",
            f"/targets/{sub.pk}/edit/",
        ],
        then=make_mistakes,
    )


def test_an_edit_conflict_is_explained_accessibly(page, cast, full):
    area = full["area"]
    sign_in(page, cast["officer"])
    visit(page, f"/areas/{area.pk}/edit/")

    # Someone else saves the area while this form is open.
    theirs = TargetArea.objects.get(pk=area.pk)
    theirs.title = "Their title"
    theirs.save_checked(expected_version=theirs.version)

    page.get_by_label("Title", exact=True).fill("My title")
    page.get_by_role("button", name="Save").click()
    check_a11y(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Someone else saved this target area")
    conflict = page.get_by_role("table", name="What differs between the two versions")
    expect(conflict.get_by_role("row", name="Title Their title My title")).to_be_visible()
    no_sideways_scroll(page)
    assert TargetArea.objects.get(pk=area.pk).title == "Their title"
