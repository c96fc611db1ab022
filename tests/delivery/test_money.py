"""Money in delivery: the money page, pump-priming spend, freedoms' progress, partners' shares."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from delivery.models import Claim, FreedomProgress, PartnerShare, Spend
from partners.models import Organisation
from priorities.models import Freedom, Involvement, PumpPriming, Stage
from tests.delivery.conftest import put_at
from tests.factories import make_org

D = Decimal


@pytest.fixture
def world(delivery_world):
    return delivery_world


def as_(login, cast, role):
    return login(cast[role])


def close(framework):
    type(framework).objects.filter(pk=framework.pk).update(closed_at=timezone.now(), closed_reason="Ended")


def money_url(world):
    return reverse("delivery:money", args=[world["framework"].slug])


def spend_url(world):
    return reverse("delivery:spend_edit", args=[world["allocation"].pk])


def spend_post(world, **amounts):
    """A spend form's POST: amounts by year ("2005_06" for 2005/06), with the versions as shown."""
    data = {}
    stored = {item.year: item for item in Spend.objects.filter(allocation=world["allocation"])}
    for year in ("2005/06", "2006/07", "2007/08"):
        data[f"amount_{year}"] = amounts.get(year.replace("/", "_"), "")
        data[f"version_{year}"] = stored[year].version if year in stored else ""
    return data


def spent(world) -> dict[str, Decimal]:
    return dict(Spend.objects.filter(allocation=world["allocation"]).values_list("year", "amount"))


# --- the money page -----------------------------------------------------------------------


def test_the_money_page_shows_each_allocations_spend_by_year_and_what_is_left(world, cast, login):
    response = as_(login, cast, "officer").get(money_url(world))
    assertContains(response, "Money in delivery – ")
    assertContains(response, "Youth workers")
    row = response.content.decode().split(f'id="allocation-{world["allocation"].pk}"')[1].split("</tr>")[0]
    # £400,000 allocated, £150,000 spent in 2005/06, nothing in the two years after, £250,000 left.
    assert "£400,000" in row and "£150,000" in row and "£250,000" in row
    assert row.count("Nothing recorded") == 2
    assertContains(response, reverse("delivery:spend_edit", args=[world["allocation"].pk]))
    assertContains(response, "Left to spend")


def test_the_money_page_shows_each_freedom_with_its_progress(world, cast, login):
    progress = world["progress"]
    FreedomProgress.objects.filter(pk=progress.pk).update(
        delivered="delivered",
        delivered_on=datetime.date(2006, 3, 1),
        answer="Agreed by the DfES",
        answered_on=datetime.date(2006, 2, 1),
    )
    Freedom.objects.filter(pk=world["freedom"].pk).update(department="DfES", status=Freedom.Status.AGREED)
    response = as_(login, cast, "officer").get(money_url(world))
    assertContains(response, "Relax a rule")
    assertContains(response, "DfES")
    assertContains(response, "Delivered, on 1 March 2006")
    assertContains(response, "Agreed by the DfES")
    assertContains(response, "Answered on 1 February 2006")
    assertContains(response, reverse("delivery:freedom_progress", args=[world["freedom"].pk]))


def test_the_money_page_shows_a_freedom_with_no_progress_yet(world, cast, login):
    Freedom.objects.create(target=world["line"], request="Pool two budgets", kind=Freedom.Kind.ADMINISTRATIVE)
    response = as_(login, cast, "chiefexec").get(money_url(world))
    assertContains(response, "Pool two budgets")
    assertContains(response, "Not yet recorded")
    # The chief executive reads, but records nothing.
    assertNotContains(response, reverse("delivery:freedom_progress", args=[world["freedom"].pk]))
    assertNotContains(response, "Record spend")


@pytest.fixture
def ten_million(world, hampshire):
    """A submitted final claim earning £10m, a 5% voluntary-sector top-slice and districts at 40/35/25."""
    framework = world["framework"]
    Claim.objects.filter(pk=world["final_claim"].pk).update(
        status=Claim.Status.SUBMITTED,
        figures={"earned": "10000000"},
        total=D("10000000"),
        submitted_at=timezone.now(),
    )
    voluntary = make_org("Hampshire Voluntary Action", hampshire, Organisation.Kind.VOLUNTARY)
    hart = make_org("Hart District Council", hampshire)
    fareham = make_org("Fareham Borough Council", hampshire)
    PartnerShare.objects.create(framework=framework, organisation=voluntary, basis="top_slice", percent=D("5"))
    PartnerShare.objects.create(framework=framework, organisation=hart, basis="contribution", percent=D("35"))
    PartnerShare.objects.create(framework=framework, organisation=fareham, basis="contribution", percent=D("25"))
    return framework


def share_row(response, share) -> str:
    return response.content.decode().split(f'id="share-{share.pk}"')[1].split("</tr>")[0]


def test_the_reward_is_shared_by_the_submitted_final_claim(ten_million, world, cast, login):
    response = as_(login, cast, "officer").get(money_url(world))
    assertContains(response, "the £10,000,000 the submitted final claim earns")
    amounts = {share.organisation.name: share_row(response, share) for share in ten_million.reward_shares.all()}
    assert "£500,000" in amounts["Hampshire Voluntary Action"]
    assert "£3,800,000" in amounts["Rushmoor Borough Council"]
    assert "£3,325,000" in amounts["Hart District Council"]
    assert "£2,375,000" in amounts["Fareham Borough Council"]
    # And of the £25m potential reward: 5% is £1,250,000; 40% of £23.75m is £9,500,000.
    assert "£1,250,000" in amounts["Hampshire Voluntary Action"]
    assert "£9,500,000" in amounts["Rushmoor Borough Council"]
    assertContains(response, "The potential reward, if every target were fully met, is £25,000,000.")


def test_before_a_final_claim_the_reward_shared_is_worked_out_from_final_figures_so_far(world, cast, login):
    response = as_(login, cast, "officer").get(money_url(world))
    assertContains(response, "No final claim has been submitted yet")
    assertContains(response, "worked out from the final figures so far")
    assertContains(response, "Of the reward so far")
    assertContains(response, "Kept by the accountable body")


def test_government_reviewers_see_spend_and_freedoms_but_not_how_the_reward_is_shared(world, cast, login):
    response = as_(login, cast, "reviewer").get(money_url(world))
    assert response.status_code == 200
    assertContains(response, "Youth workers")
    assertContains(response, "Relax a rule")
    assertNotContains(response, "How the reward is shared")
    assertNotContains(response, world["share"].organisation.name)
    assertNotContains(response, "Record spend")


def test_the_money_page_of_another_council_is_not_found(world, cast, login):
    assert as_(login, cast, "otherofficer").get(money_url(world)).status_code == 404


def test_the_money_page_asks_the_same_number_of_queries_however_much_money_there_is(world, cast, login, hampshire):
    client = as_(login, cast, "officer")
    client.get(money_url(world))  # the session's first queries are not the page's
    with CaptureQueriesContext(connection) as few:
        assert client.get(money_url(world)).status_code == 200
    framework = world["framework"]
    for number in range(3):
        allocation = PumpPriming.objects.create(
            framework=framework,
            target=world["quarterly_line"],
            amount=10_000,
            spend_on=f"Item {number}",
            kind="capital",
        )
        Spend.objects.create(allocation=allocation, year="2006/07", amount=5_000)
        freedom = Freedom.objects.create(target=world["quarterly_line"], request=f"Ask {number}", kind="statutory")
        FreedomProgress.objects.create(freedom=freedom, answer="Yes")
        partner = make_org(f"Partner {number}", hampshire, Organisation.Kind.VOLUNTARY)
        PartnerShare.objects.create(framework=framework, organisation=partner, basis="top_slice", percent=D("1"))
    PumpPriming.objects.create(
        framework=framework, purpose="Co-ordination", amount=20_000, spend_on="A post", kind="revenue"
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(money_url(world))
    assertContains(response, "Co-ordination")
    assertContains(response, "Ask 2")
    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]


def test_the_money_page_stays_within_its_query_budget(world, cast, login, django_assert_max_num_queries):
    client = as_(login, cast, "officer")
    client.get(money_url(world))
    # Session, user and person (3); the framework (1); the allocations and their spend (2); the
    # freedoms with their progress (1); the shares (1); a submitted final claim (1), else the
    # agreement's targets and lines, their final returns and the interim claim (4); the inbox (1).
    with django_assert_max_num_queries(16):
        client.get(money_url(world))


# --- pump-priming spend -------------------------------------------------------------------


def test_the_spend_form_has_a_box_for_each_year_of_the_agreement_and_shows_what_is_left(world, cast, login):
    response = as_(login, cast, "officer").get(spend_url(world))
    for year in ("2005/06", "2006/07", "2007/08"):
        assertContains(response, f"Spent in {year} (£)")
    assertContains(response, 'value="150000"')
    assertContains(response, "£250,000")


def test_an_officer_records_a_years_spend(world, cast, login):
    response = as_(login, cast, "officer").post(
        spend_url(world), spend_post(world, **{"2005_06": "150000", "2006_07": "200000"})
    )
    assertRedirects(response, money_url(world) + f"#allocation-{world['allocation'].pk}", fetch_redirect_response=False)
    assert spent(world) == {"2005/06": D("150000"), "2006/07": D("200000")}


def test_emptying_a_years_box_means_nothing_was_spent_that_year(world, cast, login):
    as_(login, cast, "admin").post(spend_url(world), spend_post(world, **{"2006_07": "90000"}))
    assert spent(world) == {"2006/07": D("90000")}


def test_spend_can_move_from_one_year_to_another_up_to_the_whole_allocation(world, cast, login):
    # 150,000 in 2005/06 becomes 100,000, and 300,000 goes in 2006/07: £400,000, all of it.
    response = as_(login, cast, "officer").post(
        spend_url(world), spend_post(world, **{"2005_06": "100000", "2006_07": "300000"})
    )
    assert response.status_code == 302
    assert spent(world) == {"2005/06": D("100000"), "2006/07": D("300000")}


def test_spend_above_the_allocation_is_refused_next_to_the_year_and_nothing_is_saved(world, cast, login):
    response = as_(login, cast, "officer").post(
        spend_url(world), spend_post(world, **{"2005_06": "100000", "2007_08": "300001"})
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["amount_2007/08"] == [
        "Only £300,000 of this £400,000 allocation is left. Enter £300,000 or less."
    ]
    assert "amount_2005/06" not in form.errors
    assertContains(response, "govuk-error-summary")
    assertContains(response, 'value="300001"')  # what was typed is kept
    assert spent(world) == {"2005/06": D("150000")}


@pytest.mark.parametrize(
    "typed, message",
    [
        ("-5", "The amount spent cannot be negative."),
        ("12.50", "Enter the amount in whole pounds, like 125000."),
        ("lots", "Enter the amount in whole pounds, like 125000."),
    ],
)
def test_a_bad_amount_is_refused_in_plain_english(world, cast, login, typed, message):
    response = as_(login, cast, "officer").post(spend_url(world), spend_post(world, **{"2006_07": typed}))
    assert response.context["form"].errors["amount_2006/07"] == [message]
    assert spent(world) == {"2005/06": D("150000")}


def test_a_spend_saved_by_someone_else_meanwhile_is_not_overwritten(world, cast, login):
    data = spend_post(world, **{"2005_06": "160000"})
    spend = world["spend"]
    spend.amount = D("170000")
    spend.save_checked(expected_version=spend.version, fields=["amount"])
    response = as_(login, cast, "officer").post(spend_url(world), data)
    assertContains(response, "Someone else saved this while you were editing it")
    assert spent(world) == {"2005/06": D("170000")}


@pytest.mark.parametrize(
    "role, status", [("reviewer", 403), ("wglead", 403), ("chiefexec", 403), ("otherofficer", 404)]
)
def test_only_the_councils_officers_record_spend(world, cast, login, role, status):
    response = as_(login, cast, role).post(spend_url(world), spend_post(world, **{"2006_07": "1000"}))
    assert response.status_code == status
    assert spent(world) == {"2005/06": D("150000")}


def test_a_closed_framework_refuses_spend(world, cast, login):
    close(world["framework"])
    response = as_(login, cast, "officer").post(spend_url(world), spend_post(world, **{"2006_07": "1000"}))
    assert response.status_code == 403
    assert spent(world) == {"2005/06": D("150000")}


def test_spend_is_refused_once_the_agreement_is_complete(world, cast, login):
    put_at(world["framework"], Stage.COMPLETE)
    response = as_(login, cast, "officer").post(spend_url(world), spend_post(world, **{"2006_07": "1000"}))
    assert response.status_code == 403


def test_spend_records_its_history(world, cast, login):
    as_(login, cast, "officer").post(spend_url(world), spend_post(world, **{"2005_06": "120000"}))
    assert list(world["spend"].history.values_list("amount", flat=True)) == [D("120000"), D("150000")]


# --- freedoms' progress -------------------------------------------------------------------


def progress_url(freedom):
    return reverse("delivery:freedom_progress", args=[freedom.pk])


def progress_post(version="", delivered="delivered", on=("1", "3", "2006"), answer="", answered=("", "", "")):
    return {
        "version": version,
        "delivered": delivered,
        "delivered_on_0": on[0],
        "delivered_on_1": on[1],
        "delivered_on_2": on[2],
        "answer": answer,
        "answered_on_0": answered[0],
        "answered_on_1": answered[1],
        "answered_on_2": answered[2],
    }


def test_the_first_save_of_a_freedoms_progress_creates_it(world, cast, login):
    freedom = Freedom.objects.create(target=world["line"], request="Pool two budgets", kind="administrative")
    response = as_(login, cast, "officer").post(
        progress_url(freedom), progress_post(answer="The department agreed.", answered=("12", "1", "2006"))
    )
    assertRedirects(response, money_url(world) + f"#freedom-{freedom.pk}", fetch_redirect_response=False)
    progress = FreedomProgress.objects.get(freedom=freedom)
    assert (progress.delivered, progress.delivered_on) == ("delivered", datetime.date(2006, 3, 1))
    assert (progress.answer, progress.answered_on) == ("The department agreed.", datetime.date(2006, 1, 12))


def test_an_officer_changes_a_freedoms_progress(world, cast, login):
    progress = world["progress"]
    response = as_(login, cast, "cosignofficer").post(
        progress_url(world["freedom"]),
        progress_post(version=progress.version, delivered="partly", on=("2", "4", "2007")),
    )
    assert response.status_code == 302
    progress.refresh_from_db()
    assert (progress.delivered, progress.delivered_on) == ("partly", datetime.date(2007, 4, 2))


def test_a_delivered_freedom_without_its_date_is_refused_next_to_the_date(world, cast, login):
    progress = world["progress"]
    response = as_(login, cast, "officer").post(
        progress_url(world["freedom"]), progress_post(version=progress.version, on=("", "", ""))
    )
    assert response.context["form"].errors["delivered_on"] == ["Enter the date it was delivered."]
    progress.refresh_from_db()
    assert progress.delivered == "waiting"


def test_an_answer_date_without_an_answer_is_refused_next_to_the_answer(world, cast, login):
    response = as_(login, cast, "officer").post(
        progress_url(world["freedom"]),
        progress_post(version=world["progress"].version, answered=("1", "2", "2006")),
    )
    assert response.context["form"].errors["answer"] == ["Enter what the department answered, or leave its date empty."]


@pytest.mark.parametrize("role, status", [("reviewer", 403), ("wglead", 403), ("otherofficer", 404)])
def test_only_the_councils_officers_record_a_freedoms_progress(world, cast, login, role, status):
    response = as_(login, cast, role).post(progress_url(world["freedom"]), progress_post(version=1))
    assert response.status_code == status
    world["progress"].refresh_from_db()
    assert world["progress"].delivered == "waiting"


def test_a_closed_framework_refuses_a_freedoms_progress(world, cast, login):
    close(world["framework"])
    response = as_(login, cast, "officer").post(progress_url(world["freedom"]), progress_post(version=1))
    assert response.status_code == 403
    world["progress"].refresh_from_db()
    assert world["progress"].delivered == "waiting"


# --- partners' shares ---------------------------------------------------------------------


def share_post(organisation, basis="contribution", percent="25", note="", version=""):
    return {"organisation": organisation.pk, "basis": basis, "percent": percent, "note": note, "version": version}


@pytest.fixture
def voluntary(world, hampshire):
    organisation = make_org("Hampshire Voluntary Action", hampshire, Organisation.Kind.VOLUNTARY)
    Involvement.objects.create(framework=world["framework"], organisation=organisation, role=Involvement.Role.VOLUNTARY)
    return organisation


def test_an_officer_adds_a_top_slice_for_the_voluntary_sector(world, cast, login, voluntary):
    url = reverse("delivery:share_create", args=[world["framework"].slug])
    response = as_(login, cast, "officer").post(
        url, share_post(voluntary, basis="top_slice", percent="5", note="For the VCS")
    )
    assertRedirects(response, money_url(world) + "#sharing", fetch_redirect_response=False)
    share = PartnerShare.objects.get(organisation=voluntary)
    assert (share.basis, share.percent, share.note) == ("top_slice", D("5"), "For the VCS")


def test_the_partners_offered_are_the_frameworks_and_its_areas_districts(world, cast, login, voluntary):
    outsider = make_org("Kent Police", None, Organisation.Kind.POLICE)
    url = reverse("delivery:share_create", args=[world["framework"].slug])
    response = as_(login, cast, "officer").get(url)
    assertContains(response, "Hampshire Voluntary Action")
    assertContains(response, world["share"].organisation.name)  # a district of the area
    assertNotContains(response, outsider.name)
    response = as_(login, cast, "officer").post(url, share_post(outsider))
    assert response.context["form"].errors["organisation"] == ["Choose one of the framework's partners."]


def test_a_percentage_over_100_is_refused(world, cast, login, voluntary):
    url = reverse("delivery:share_create", args=[world["framework"].slug])
    response = as_(login, cast, "officer").post(url, share_post(voluntary, basis="top_slice", percent="150"))
    assert response.context["form"].errors["percent"] == ["A percentage cannot be above 100."]
    assert not PartnerShare.objects.filter(organisation=voluntary).exists()


def test_contributions_adding_up_to_more_than_100_are_refused_saying_what_is_left(world, cast, login, voluntary):
    url = reverse("delivery:share_create", args=[world["framework"].slug])
    response = as_(login, cast, "officer").post(url, share_post(voluntary, percent="70"))
    assert response.context["form"].errors["percent"] == [
        "Contributions would add up to 110% of what is left after top-slices, and they cannot add up to "
        "more than 100%. Enter 60 or less."
    ]
    assert not PartnerShare.objects.filter(organisation=voluntary).exists()


def test_top_slices_taking_the_whole_reward_are_refused(world, cast, login, voluntary):
    url = reverse("delivery:share_create", args=[world["framework"].slug])
    response = as_(login, cast, "officer").post(url, share_post(voluntary, basis="top_slice", percent="100"))
    assert "leaving nothing to share by contribution" in response.context["form"].errors["percent"][0]


def test_a_partner_has_one_share_of_each_basis(world, cast, login):
    url = reverse("delivery:share_create", args=[world["framework"].slug])
    response = as_(login, cast, "officer").post(url, share_post(world["share"].organisation, percent="10"))
    assert response.context["form"].errors["organisation"] == [
        "This partner already has a share by contribution. Change that one instead of adding another."
    ]
    assert PartnerShare.objects.count() == 1


def test_an_officer_changes_a_share(world, cast, login):
    share = world["share"]
    url = reverse("delivery:share_edit", args=[share.pk])
    response = as_(login, cast, "admin").post(url, share_post(share.organisation, percent="45", version=share.version))
    assert response.status_code == 302
    share.refresh_from_db()
    assert share.percent == D("45")


def test_an_officer_deletes_a_share_after_confirming(world, cast, login):
    share = world["share"]
    url = reverse("delivery:share_delete", args=[share.pk])
    client = as_(login, cast, "officer")
    assertContains(client.get(url), "Are you sure you want to delete the share of")
    assert PartnerShare.objects.filter(pk=share.pk).exists()
    assertRedirects(client.post(url), money_url(world) + "#sharing", fetch_redirect_response=False)
    assert not PartnerShare.objects.filter(pk=share.pk).exists()


@pytest.mark.parametrize(
    "role, status", [("reviewer", 404), ("wglead", 403), ("chiefexec", 403), ("otherofficer", 404)]
)
def test_only_the_councils_officers_change_shares(world, cast, login, voluntary, role, status):
    share = world["share"]
    client = as_(login, cast, role)
    create = reverse("delivery:share_create", args=[world["framework"].slug])
    assert client.post(create, share_post(voluntary, percent="5")).status_code == status
    edit = reverse("delivery:share_edit", args=[share.pk])
    assert client.post(edit, share_post(share.organisation, percent="5", version=share.version)).status_code == status
    assert client.post(reverse("delivery:share_delete", args=[share.pk])).status_code == status
    share.refresh_from_db()
    assert share.percent == D("40")
    assert PartnerShare.objects.count() == 1


def test_a_closed_framework_refuses_every_change_to_shares(world, cast, login, voluntary):
    close(world["framework"])
    share = world["share"]
    client = as_(login, cast, "officer")
    create = reverse("delivery:share_create", args=[world["framework"].slug])
    assert client.post(create, share_post(voluntary, percent="5")).status_code == 403
    edit = reverse("delivery:share_edit", args=[share.pk])
    assert client.post(edit, share_post(share.organisation, percent="5", version=share.version)).status_code == 403
    assert client.post(reverse("delivery:share_delete", args=[share.pk])).status_code == 403
    share.refresh_from_db()
    assert share.percent == D("40")
    assert PartnerShare.objects.count() == 1


@pytest.mark.parametrize(
    "name, args",
    [
        ("delivery:spend_edit", lambda w: [w["allocation"].pk]),
        ("delivery:freedom_progress", lambda w: [w["freedom"].pk]),
        ("delivery:share_create", lambda w: [w["framework"].slug]),
        ("delivery:share_edit", lambda w: [w["share"].pk]),
    ],
)
def test_each_form_page_stays_within_its_query_budget(world, cast, login, django_assert_max_num_queries, name, args):
    client = as_(login, cast, "officer")
    url = reverse(name, args=args(world))
    client.get(url)
    # Session, user and person (3); the item with its framework (1); what it needs (1 or 2).
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200


def test_progress_recorded_by_someone_else_meanwhile_is_not_overwritten(world, cast, login):
    progress = world["progress"]
    data = progress_post(version=progress.version, delivered="not_delivered", on=("", "", ""))
    progress.answer = "Refused"
    progress.save_checked(expected_version=progress.version, fields=["answer"])
    response = as_(login, cast, "officer").post(progress_url(world["freedom"]), data)
    assertContains(response, "Someone else saved this while you were editing it")
    progress.refresh_from_db()
    assert (progress.delivered, progress.answer) == ("waiting", "Refused")


def test_the_first_progress_recorded_by_someone_else_meanwhile_is_kept(world, cast, login):
    freedom = Freedom.objects.create(target=world["line"], request="Pool two budgets", kind="administrative")
    data = progress_post(version="")
    FreedomProgress.objects.create(freedom=freedom, answer="Theirs")
    response = as_(login, cast, "officer").post(progress_url(freedom), data)
    assertContains(response, "Someone else saved this while you were editing it")
    assert FreedomProgress.objects.get(freedom=freedom).answer == "Theirs"


def test_a_submitted_final_claim_without_an_earned_figure_is_shared_by_its_total(world, cast, login):
    Claim.objects.filter(pk=world["final_claim"].pk).update(
        status=Claim.Status.SUBMITTED, figures={}, total=D("2000000"), submitted_at=timezone.now()
    )
    response = as_(login, cast, "officer").get(money_url(world))
    assertContains(response, "the £2,000,000 the submitted final claim earns")
    # Rushmoor's 40% by contribution, with no top-slice: £800,000.
    assert "£800,000" in share_row(response, world["share"])
