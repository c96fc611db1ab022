"""The agreement's money as it states it: the reward beside the computed one, the
pump-priming grant with its lines (tied to a target or not, capital or revenue) and the
extra borrowing a freedom asks for."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from priorities.models import Freedom, PumpPriming, Target
from priorities.pump_priming import suggested_grant
from priorities.reward import stated_reward_fits
from tests.factories import add

# The Isle of Wight's LPSA: 2.5% of £132,993,000 is £3,324,825, stated as £3,325,000.
ISLE_OF_WIGHT_BUDGET = Decimal("132993000")


def details(**changes) -> dict:
    """What the framework's details form posts, with the given changes."""
    data = {
        "title": "Hampshire LPSA2",
        "stage_one_deadline": "2004-07-31",
        "stage_two_deadline": "2004-11-30",
        "agreement_start": "",
        "agreement_end": "",
        "base_year": "",
        "net_budget_requirement": "",
        "stated_reward": "",
        "population": "",
        "pump_priming_grant": "",
        "pump_priming_year": "",
        "pump_priming_conditions": "",
        "version": "1",
    }
    data.update(changes)
    return data


def edit_details(client, framework, **changes):
    framework.refresh_from_db()
    data = details(**{"version": str(framework.version), **changes})
    return client.post(reverse("priorities:framework_edit", args=[framework.slug]), data)


@pytest.fixture
def target(framework, tree):
    framework.pump_priming_grant = Decimal("1000000")
    framework.save()
    return Target.objects.get()


# --- the stated reward ----------------------------------------------------------------------


def test_a_stated_reward_within_one_percent_of_the_computed_one_fits():
    assert stated_reward_fits(Decimal("3325000"), Decimal("3324825"))
    assert stated_reward_fits(Decimal("3358073"), Decimal("3324825"))  # 1% is £33,248.25
    assert not stated_reward_fits(Decimal("3358074"), Decimal("3324825"))
    assert not stated_reward_fits(Decimal("3291576"), Decimal("3324825"))


def test_the_isle_of_wights_rounded_reward_is_kept_beside_the_computed_one(login, cast, framework):
    client = login(cast["officer"])
    response = edit_details(
        client, framework, net_budget_requirement="132993000", stated_reward="3325000", base_year="2004/05"
    )
    assertRedirects(response, framework.get_absolute_url())
    framework.refresh_from_db()
    assert framework.stated_reward == Decimal("3325000")
    assert framework.potential_reward == Decimal("3324825.00")
    page = client.get(reverse("priorities:money", args=[framework.slug]))
    assertContains(page, "The potential reward is £3,324,825")
    assertContains(page, "The agreement states it as £3,325,000.")


def test_a_stated_reward_far_from_the_computed_one_is_refused_with_both_figures(login, cast, framework):
    response = edit_details(
        login(cast["officer"]), framework, net_budget_requirement="132993000", stated_reward="3400000"
    )
    assertContains(
        response,
        "The stated reward of £3,400,000 is more than 1% away from the computed £3,324,825 "
        "(2.5% of the net budget requirement). Check both figures.",
    )
    assertContains(response, 'id="id_stated_reward_1_error"')
    framework.refresh_from_db()
    assert framework.stated_reward is None


def test_a_stated_reward_needs_the_net_budget_requirement(framework):
    framework.stated_reward = Decimal("3325000")
    with pytest.raises(ValidationError) as refused:
        framework.full_clean()
    assert refused.value.message_dict["stated_reward"] == [
        "Enter the net budget requirement too: the stated reward is checked against 2.5% of it."
    ]


def test_the_net_budget_requirements_year_is_labelled_as_such(login, cast, framework):
    page = login(cast["officer"]).get(reverse("priorities:framework_edit", args=[framework.slug]))
    assertContains(page, "Year of the net budget requirement")
    assertNotContains(page, "Base year")


# --- the period on the pages ----------------------------------------------------------------


def test_the_period_and_payment_years_are_shown_in_words(login, cast, framework):
    client = login(cast["officer"])
    response = edit_details(client, framework, agreement_start="2005-04-01", agreement_end="2008-03-31")
    assert response.status_code == 302
    for url in (framework.get_absolute_url(), reverse("priorities:money", args=[framework.slug])):
        page = client.get(url)
        assertContains(
            page, "1 April 2005 to 31 March 2008, covering the financial years 2005/06, 2006/07 and 2007/08."
        )
        assertContains(page, "The reward is paid in two instalments, in 2008/09 and 2009/10.")
        assertContains(page, "A payment on account, where agreed interim levels are met, may be made in 2007/08.")


def test_a_period_of_ten_years_is_refused_next_to_its_end(login, cast, framework):
    response = edit_details(login(cast["officer"]), framework, agreement_start="2005-04-01", agreement_end="2015-03-31")
    assertContains(response, 'id="id_agreement_end_1_error"')
    assertContains(response, "An agreement runs about three years, but this one runs more than 4")
    framework.refresh_from_db()
    assert framework.agreement_end is None


# --- the pump-priming grant -----------------------------------------------------------------


def test_the_first_rounds_formula_suggests_750000_pounds_plus_one_a_head():
    assert suggested_grant(1_240_000) == Decimal("1990000")
    assert suggested_grant(None) is None


def test_the_suggested_grant_is_shown_and_the_officer_enters_their_own(login, cast, framework):
    client = login(cast["officer"])
    edit_details(client, framework, population="1240000")
    form = client.get(reverse("priorities:framework_edit", args=[framework.slug]))
    assertContains(form, "Suggested from the population: £1,990,000")
    response = edit_details(
        client,
        framework,
        population="1240000",
        pump_priming_grant="2002000",
        pump_priming_year="2005/06",
        pump_priming_conditions="Spent within the first two years.",
    )
    assert response.status_code == 302
    framework.refresh_from_db()
    assert (framework.pump_priming_grant, framework.pump_priming_year) == (Decimal("2002000"), "2005/06")
    page = client.get(reverse("priorities:money", args=[framework.slug]))
    assertContains(page, "£2,002,000, paid in 2005/06")
    assertContains(page, "£1,990,000: £750,000 plus £1 for each of 1,240,000 residents")
    assertContains(page, "Spent within the first two years.")


def test_a_population_with_commas_is_refused_plainly(login, cast, framework):
    response = edit_details(login(cast["officer"]), framework, population="1,240,000")
    assertContains(response, "Enter the population as a whole number without commas, like 1240000.")


def add_untied(client, framework, **changes):
    data = {"purpose": "Co-ordination", "amount": "100000", "kind": "revenue", "spend_on": "A programme manager."}
    data.update(changes)
    return client.post(reverse("priorities:untiedpumppriming_create", args=[framework.slug]), {**data, "version": ""})


def test_an_officer_adds_a_line_not_tied_to_a_target(login, cast, target):
    framework = target.framework
    response = add_untied(login(cast["officer"]), framework)
    assertRedirects(response, reverse("priorities:money", args=[framework.slug]) + "#pump-priming")
    line = PumpPriming.objects.get()
    assert (line.framework, line.target, line.purpose, line.kind) == (framework, None, "Co-ordination", "revenue")
    page = login(cast["chiefexec"]).get(reverse("priorities:money", args=[framework.slug]))
    assertContains(page, 'Co-ordination <span class="govuk-body-s">(not tied to a target)</span>', html=False)


def test_a_line_not_tied_to_a_target_says_what_it_is_for(login, cast, target):
    response = add_untied(login(cast["officer"]), target.framework, purpose="")
    # Once in the summary, once by the field.
    assertContains(response, "Enter what the line is for, like “Co-ordination” or “Voluntary sector”.", count=2)
    assert not PumpPriming.objects.exists()


def test_an_untied_line_is_the_frameworks_to_change_not_a_working_group_leads(login, cast, target):
    lead = login(cast["wglead"])
    assert add_untied(lead, target.framework).status_code == 403
    line = add(PumpPriming, framework=target.framework, purpose="Voluntary sector", amount=1, spend_on="x")
    assert lead.get(reverse("priorities:pumppriming_edit", args=[line.pk])).status_code == 403
    tied = add(PumpPriming, target=target, amount=1, spend_on="y", kind="capital")
    assert lead.get(reverse("priorities:pumppriming_edit", args=[tied.pk])).status_code == 200


def test_untied_lines_count_against_the_grant(login, cast, target):
    client = login(cast["officer"])
    assert add_untied(client, target.framework, amount="600000").status_code == 302
    url = reverse("priorities:pumppriming_create", args=[target.pk])
    response = client.post(url, {"amount": "500000", "kind": "capital", "spend_on": "CCTV", "version": ""})
    assertContains(response, "Only £400,000 of the £1,000,000 grant is left to allocate. Enter £400,000 or less.")
    assert PumpPriming.objects.count() == 1


def test_a_line_for_a_target_belongs_to_the_targets_framework(target):
    line = add(PumpPriming, target=target, amount=10, spend_on="Staff", kind="revenue")
    assert line.framework == target.framework


def test_each_line_is_capital_or_revenue(login, cast, target):
    url = reverse("priorities:pumppriming_create", args=[target.pk])
    response = login(cast["officer"]).post(url, {"amount": "1000", "spend_on": "Staff", "version": ""})
    assertContains(response, "Choose whether it is capital or revenue.")
    assert not PumpPriming.objects.exists()


def test_the_money_page_shows_capital_and_revenue_apart_with_what_is_left(login, cast, target):
    add(PumpPriming, target=target, amount=250000, spend_on="A youth centre", kind="capital")
    add(PumpPriming, target=target, amount=150000, spend_on="Youth workers", kind="revenue")
    add(PumpPriming, framework=target.framework, purpose="Co-ordination", amount=100000, spend_on="x", kind="revenue")
    page = login(cast["officer"]).get(reverse("priorities:money", args=[target.framework.slug])).content.decode()
    rows = {
        "Capital allocated": "£250,000",
        "Revenue allocated": "£250,000",
        "Left to allocate": "£500,000",
    }
    for key, value in rows.items():
        assert f'{key}</dt><dd class="govuk-summary-list__value">{value}</dd>' in page


def test_the_grant_cannot_be_lowered_below_what_is_allocated(login, cast, target):
    framework = target.framework
    add(PumpPriming, target=target, amount=600000, spend_on="Youth workers", kind="revenue")
    client = login(cast["officer"])
    response = edit_details(client, framework, pump_priming_grant="500000")
    assertContains(response, 'id="id_pump_priming_grant_1_error"')
    assertContains(
        response,
        "£600,000 of the pump-priming grant is already allocated. Enter £600,000 or more, "
        "or reduce the allocations first.",
    )
    emptied = edit_details(client, framework, pump_priming_grant="")
    assertContains(emptied, "£600,000 of the pump-priming grant is already allocated.")
    framework.refresh_from_db()
    assert framework.pump_priming_grant == Decimal("1000000")
    assert edit_details(client, framework, pump_priming_grant="600000").status_code == 302


def test_a_grant_lowered_while_a_line_was_added_is_refused_when_saved(target):
    framework = target.framework
    framework.pump_priming_grant = Decimal("500000")
    framework.full_clean()  # nothing allocated yet when it was checked
    PumpPriming.objects.create(framework=framework, target=target, amount=600000, spend_on="x", kind="capital")
    with pytest.raises(ValidationError) as refused:
        framework.save_checked(expected_version=framework.version, fields=["pump_priming_grant"])
    assert (
        "£600,000 of the pump-priming grant is already allocated."
        in refused.value.message_dict["pump_priming_grant"][0]
    )
    framework.refresh_from_db()
    assert framework.pump_priming_grant == Decimal("1000000")


# --- extra borrowing ------------------------------------------------------------------------


def freedom_data(**changes) -> dict:
    data = {
        "request": "Borrow to build a recycling plant.",
        "kind": "borrowing",
        "borrowing_amount": "5000000",
        "department": "ODPM",
        "status": "requested",
        "review_date": "",
        "version": "",
    }
    data.update(changes)
    return data


def test_extra_borrowing_is_asked_for_as_an_amount_and_shown_in_the_register(login, cast, target):
    client = login(cast["officer"])
    response = client.post(reverse("priorities:freedom_create", args=[target.pk]), freedom_data())
    assert response.status_code == 302
    assert Freedom.objects.get().borrowing_amount == Decimal("5000000")
    register = client.get(reverse("priorities:freedoms", args=[target.framework.slug]))
    assertContains(register, "Extra borrowing: £5,000,000")


def test_a_borrowing_amount_is_refused_on_a_freedom_of_another_kind(login, cast, target):
    response = login(cast["officer"]).post(
        reverse("priorities:freedom_create", args=[target.pk]), freedom_data(kind="statutory")
    )
    assertContains(response, 'id="id_borrowing_amount_1_error"')
    assertContains(response, "Only a request for extra borrowing has an amount to borrow.")
    assert not Freedom.objects.exists()


def test_a_borrowing_freedom_may_leave_its_amount_for_later(target):
    freedom = Freedom(target=target, request="Borrow", kind=Freedom.Kind.BORROWING)
    freedom.full_clean()


def test_a_line_allocated_while_the_grant_form_was_checked_keeps_the_grant(login, cast, target, monkeypatch):
    from priorities.models import Framework

    real_clean = Framework.clean

    def clean_then_someone_allocates(framework):
        real_clean(framework)
        if not PumpPriming.objects.exists():
            add(PumpPriming, target=target, amount=600000, spend_on="Youth workers", kind="revenue")

    monkeypatch.setattr(Framework, "clean", clean_then_someone_allocates)
    response = edit_details(login(cast["officer"]), target.framework, pump_priming_grant="500000")
    assertContains(response, "£600,000 of the pump-priming grant is already allocated.")
    target.framework.refresh_from_db()
    assert target.framework.pump_priming_grant == Decimal("1000000")
