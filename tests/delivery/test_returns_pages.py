"""The agreement in delivery and its performance returns, through the pages: signing, the
overview, a line, its trajectory, entering and changing returns with evidence, and sending them."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from delivery.models import Evidence, PerformanceReturn, TrajectoryPoint
from lpsa.models import StageChange
from priorities.models import Framework, Indicator, Priority, Stage, Target, TargetArea
from tests.delivery.conftest import make_return, put_at
from tests.factories import add

D = Decimal


def date_boxes(name: str, day: datetime.date) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def return_data(**changes) -> dict:
    data = {"actual": "52", "status": "estimate", "source": "Residents' survey", "note": ""}
    data.update(changes)
    return data


# --- signing ---------------------------------------------------------------------------------


@pytest.fixture
def agreed(agreement):
    """The agreement before signing: Stage Two agreed, no date signed."""
    Framework.objects.filter(pk=agreement.pk).update(signed_on=None)
    agreement.refresh_from_db()
    return put_at(agreement, Stage.TWO_AGREED)


def test_an_officer_records_the_signing_and_the_agreement_moves_to_signed(agreed, cast, login, client):
    login(cast["officer"])
    response = client.post(
        reverse("delivery:sign", args=[agreed.slug]), date_boxes("signed_on", datetime.date(2005, 3, 10))
    )
    assert response.status_code == 302
    assert response.url == reverse("delivery:overview", args=[agreed.slug])
    agreed.refresh_from_db()
    assert agreed.stage == Stage.SIGNED
    assert agreed.signed_on == datetime.date(2005, 3, 10)
    assert StageChange.objects.filter(framework=agreed, action="sign", to_stage=Stage.SIGNED).count() == 1


def test_a_signing_date_in_the_future_is_refused_next_to_the_field(agreed, cast, login, client):
    login(cast["officer"])
    future = datetime.date.today() + datetime.timedelta(days=2)
    response = client.post(reverse("delivery:sign", args=[agreed.slug]), date_boxes("signed_on", future))
    assert response.status_code == 400
    assertContains(response, "cannot be in the future", status_code=400)
    assertContains(response, "govuk-error-summary", status_code=400)
    agreed.refresh_from_db()
    assert (agreed.stage, agreed.signed_on) == (Stage.TWO_AGREED, None)


def test_the_agreement_cannot_be_signed_before_government_agreed_stage_two(agreed, cast, login, client):
    StageChange.objects.create(
        framework=agreed,
        action="agree_two",
        from_stage=Stage.TWO_NEGOTIATION,
        to_stage=Stage.TWO_AGREED,
        by=cast["reviewer"].user,
        at=datetime.datetime(2005, 3, 1, 12, tzinfo=datetime.UTC),
    )
    login(cast["officer"])
    response = client.post(
        reverse("delivery:sign", args=[agreed.slug]), date_boxes("signed_on", datetime.date(2005, 2, 20))
    )
    assertContains(response, "before government agreed Stage Two, on 1 March 2005", status_code=400)
    agreed.refresh_from_db()
    assert agreed.signed_on is None


def test_a_refused_move_is_shown_in_the_error_summary_and_keeps_no_date(agreed, cast, login, client):
    Framework.objects.filter(pk=agreed.pk).update(agreement_end=None)
    login(cast["officer"])
    response = client.post(
        reverse("delivery:sign", args=[agreed.slug]), date_boxes("signed_on", datetime.date(2005, 3, 10))
    )
    assertContains(response, "Enter the start and end of the agreement", status_code=400)
    agreed.refresh_from_db()
    assert (agreed.stage, agreed.signed_on) == (Stage.TWO_AGREED, None)


def test_the_signing_page_of_a_signed_agreement_says_when_it_was_signed(agreement, cast, login, client):
    login(cast["wglead"])
    response = client.get(reverse("delivery:sign", args=[agreement.slug]))
    assertContains(response, "it was signed on 10 March 2005")
    assertNotContains(response, "signed_on_0")


def test_a_closed_framework_cannot_be_signed(agreed, cast, login, client):
    Framework.objects.filter(pk=agreed.pk).update(closed_at=timezone.now())
    login(cast["officer"])
    response = client.post(
        reverse("delivery:sign", args=[agreed.slug]), date_boxes("signed_on", datetime.date(2005, 3, 10))
    )
    assert response.status_code == 403
    agreed.refresh_from_db()
    assert agreed.stage == Stage.TWO_AGREED


# --- the list, the overview and a line ----------------------------------------------------------


def test_the_list_shows_signed_agreements_with_counts_by_rating(delivery_world, cast, login, client):
    login(cast["officer"])
    response = client.get(reverse("delivery:index"))
    assertContains(response, delivery_world["framework"].title)
    assertContains(response, "Green: 1")
    assertContains(response, "In delivery")
    login(cast["otherofficer"])
    assertNotContains(client.get(reverse("delivery:index")), delivery_world["framework"].title)


def test_the_main_navigation_links_to_the_agreements_in_delivery(delivery_world, cast, login, client):
    for role in ("officer", "reviewer"):
        login(cast[role])
        assertContains(client.get(reverse("priorities:dashboard")), reverse("delivery:index"))


def test_the_overview_rates_each_line_with_its_rule_in_words(delivery_world, cast, login, client):
    login(cast["officer"])
    response = client.get(reverse("delivery:overview", args=[delivery_world["framework"].slug]))
    assertContains(response, "Target 1")
    assertContains(response, "51.5 for 2005/06 (final)")
    assertContains(response, "Green at or above the with-agreement trajectory")
    assertContains(response, "198 for Q1 2005/06")
    assertContains(response, "1 return has not been sent to government")
    assertContains(response, "2005/06, 2006/07 and 2007/08")


def test_a_reviewer_sees_only_the_returns_sent_to_government(delivery_world, cast, login, client):
    login(cast["reviewer"])
    overview = client.get(reverse("delivery:overview", args=[delivery_world["framework"].slug]))
    assertContains(overview, "51.5 for 2005/06")
    assertNotContains(overview, "198")
    assertNotContains(overview, "not been sent")
    line = client.get(reverse("delivery:line", args=[delivery_world["quarterly_line"].pk]))
    assertContains(line, "No returns yet.")
    assertNotContains(line, "burglary.csv")


def test_a_line_shows_its_trajectory_chart_table_and_returns(delivery_world, cast, login, client):
    login(cast["officer"])
    response = client.get(reverse("delivery:line", args=[delivery_world["line"].pk]))
    assertContains(response, "data:image/svg+xml;base64,")
    assertContains(response, "Line chart of")
    assertContains(response, "Entered")
    assertContains(response, "Straight line")
    assertContains(response, "survey.pdf")
    assertContains(response, reverse("delivery:evidence", args=[delivery_world["sent_evidence"].pk]))
    assertContains(response, "£12,500,000")
    assertContains(response, "Yearly")


# --- trajectory ----------------------------------------------------------------------------------


def test_an_officer_enters_a_trajectory_and_empty_years_go_back_to_the_straight_line(
    delivery_world, cast, login, client
):
    line = delivery_world["line"]
    login(cast["officer"])
    url = reverse("delivery:trajectory_edit", args=[line.pk])
    form = client.get(url).context["form"]
    years = [row["point"].year for row in form.rows()]
    assert years[0] == "2004/05" and years[-1] == "2007/08"
    data = {}
    for index, year in enumerate(years):
        data[f"without_{index}"] = data[f"with_{index}"] = ""
        if year == "2005/06":  # the world's entered point, emptied
            data[f"version_{index}"] = str(delivery_world["point"].version)
        if year == "2006/07":
            data[f"without_{index}"], data[f"with_{index}"] = "50.4", "52"
    response = client.post(url, data)
    assert response.status_code == 302
    assert list(TrajectoryPoint.objects.filter(line=line).values_list("year", "with_lpsa")) == [("2006/07", D("52"))]


def test_a_trajectory_with_only_one_figure_for_a_year_is_refused_next_to_the_box(delivery_world, cast, login, client):
    line = delivery_world["line"]
    login(cast["officer"])
    url = reverse("delivery:trajectory_edit", args=[line.pk])
    response = client.post(url, {"without_2": "50.4", "with_2": ""})
    assertContains(response, "Enter the value expected by the end of 2006/07 with the agreement.", status_code=400)
    assert TrajectoryPoint.objects.filter(line=line).count() == 1


# --- returns -----------------------------------------------------------------------------------


def test_an_officer_adds_a_return_with_an_evidence_file(delivery_world, cast, login, client):
    line = delivery_world["line"]
    login(cast["officer"])
    url = reverse("delivery:return_create", args=[line.pk])
    form = client.get(url).context["form"]
    keys = [key for key, _ in form.fields["period"].choices]
    assert "2005/06" not in keys and "2006/07" in keys  # 2005/06 is returned already
    upload = SimpleUploadedFile("figures.csv", b"year,value\n2006/07,52\n", content_type="text/csv")
    response = client.post(
        url,
        {**return_data(period="2006/07"), **date_boxes("source_date", datetime.date(2007, 5, 1)), "evidence": upload},
    )
    assert response.status_code == 302
    item = PerformanceReturn.objects.get(line=line, period="2006/07")
    assert (item.actual, item.entered_by, item.sent_at) == (D("52"), cast["officer"].user, None)
    assert item.source_date == datetime.date(2007, 5, 1)
    assert [e.name for e in item.evidence.all()] == ["figures.csv"]


def test_a_file_that_is_not_what_its_name_says_saves_nothing(delivery_world, cast, login, client):
    line = delivery_world["line"]
    login(cast["officer"])
    upload = SimpleUploadedFile("figures.pdf", b"not a pdf", content_type="application/pdf")
    response = client.post(
        reverse("delivery:return_create", args=[line.pk]), {**return_data(period="2006/07"), "evidence": upload}
    )
    assertContains(response, "but it is not one", status_code=400)
    assert not PerformanceReturn.objects.filter(line=line, period="2006/07").exists()


def test_a_final_figure_changed_without_a_reason_is_refused_and_nothing_is_saved(delivery_world, cast, login, client):
    item = delivery_world["sent_return"]
    login(cast["officer"])
    url = reverse("delivery:return_edit", args=[item.pk])
    data = return_data(actual="53", status="final", source="Survey", version=str(item.version))
    response = client.post(url, data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["change_reason"] == ["Say why this final figure is changing. It is kept with the change."]
    item.refresh_from_db()
    assert item.actual == D("51.5")


def test_a_final_figure_changes_with_a_reason_kept_in_its_history(delivery_world, cast, login, client):
    item = delivery_world["sent_return"]
    login(cast["officer"])
    data = return_data(
        actual="53",
        status="final",
        source="Survey",
        version=str(item.version),
        change_reason="Audit corrected the count",
    )
    response = client.post(reverse("delivery:return_edit", args=[item.pk]), data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.actual == D("53")
    history = client.get(reverse("delivery:return_history", args=[item.pk]))
    assertContains(history, "Audit corrected the count")
    assertContains(history, "51.5")


def test_a_return_saved_by_someone_else_meanwhile_is_not_overwritten(delivery_world, cast, login, client):
    item = delivery_world["draft_return"]
    stale = item.version
    PerformanceReturn.objects.filter(pk=item.pk).update(version=stale + 1, actual=D("197"))
    login(cast["officer"])
    response = client.post(
        reverse("delivery:return_edit", args=[item.pk]), return_data(actual="150", version=str(stale))
    )
    assert response.status_code == 409
    item.refresh_from_db()
    assert item.actual == D("197")


def test_a_lead_enters_returns_for_their_group_s_lines_only(delivery_world, cast, login, client):
    line = delivery_world["quarterly_line"]
    login(cast["wglead"])
    url = reverse("delivery:return_create", args=[line.pk])
    assert client.get(url).status_code == 200
    Priority.objects.filter(pk=line.indicator.target_area.priority_id).update(leading_group=None)
    assert client.get(url).status_code == 403
    assert client.post(url, return_data(period="2005/06 Q2")).status_code == 403
    assert not PerformanceReturn.objects.filter(line=line, period="2005/06 Q2").exists()


def test_another_council_gets_404_for_every_page(delivery_world, cast, login, client):
    login(cast["otherofficer"])
    w = delivery_world
    urls = [
        reverse("delivery:overview", args=[w["framework"].slug]),
        reverse("delivery:sign", args=[w["framework"].slug]),
        reverse("delivery:send_returns", args=[w["framework"].slug]),
        reverse("delivery:line", args=[w["line"].pk]),
        reverse("delivery:trajectory_edit", args=[w["line"].pk]),
        reverse("delivery:return_create", args=[w["line"].pk]),
        reverse("delivery:return_edit", args=[w["sent_return"].pk]),
        reverse("delivery:return_history", args=[w["sent_return"].pk]),
        reverse("delivery:evidence_add", args=[w["sent_return"].pk]),
        reverse("delivery:evidence", args=[w["sent_evidence"].pk]),
        reverse("delivery:evidence_delete", args=[w["sent_evidence"].pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url


def test_a_reviewer_gets_404_for_a_draft_return_and_its_evidence(delivery_world, cast, login, client):
    login(cast["reviewer"])
    w = delivery_world
    for url in (
        reverse("delivery:return_edit", args=[w["draft_return"].pk]),
        reverse("delivery:return_history", args=[w["draft_return"].pk]),
        reverse("delivery:evidence", args=[w["draft_evidence"].pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("delivery:evidence", args=[w["sent_evidence"].pk])).status_code == 200


def test_posting_a_return_to_a_closed_framework_is_refused(delivery_world, cast, login, client):
    Framework.objects.filter(pk=delivery_world["framework"].pk).update(closed_at=timezone.now())
    login(cast["officer"])
    line = delivery_world["line"]
    response = client.post(reverse("delivery:return_create", args=[line.pk]), return_data(period="2006/07"))
    assert response.status_code == 403
    assert not PerformanceReturn.objects.filter(line=line, period="2006/07").exists()
    send = client.post(
        reverse("delivery:send_returns", args=[delivery_world["framework"].slug]),
        {"returns": [delivery_world["draft_return"].pk]},
    )
    assert send.status_code == 403
    assert not PerformanceReturn.objects.get(pk=delivery_world["draft_return"].pk).is_sent


def test_returns_are_entered_only_in_delivery_and_claiming(delivery_world, cast, login, client):
    put_at(delivery_world["framework"], Stage.SIGNED)
    login(cast["officer"])
    line = delivery_world["line"]
    assert (
        client.post(reverse("delivery:return_create", args=[line.pk]), return_data(period="2006/07")).status_code == 403
    )


# --- evidence -----------------------------------------------------------------------------------


def test_evidence_is_downloaded_as_an_attachment_that_is_never_cached(delivery_world, cast, login, client):
    login(cast["officer"])
    response = client.get(reverse("delivery:evidence", args=[delivery_world["draft_evidence"].pk]))
    assert response.status_code == 200
    assert response.content == b"a,b\n1,2"
    assert response["Content-Disposition"] == 'attachment; filename="burglary.csv"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Content-Type"].startswith("text/csv")


def test_an_officer_adds_and_removes_an_evidence_file(delivery_world, cast, login, client):
    item = delivery_world["draft_return"]
    login(cast["officer"])
    upload = SimpleUploadedFile("more.pdf", b"%PDF-1.7 more", content_type="application/pdf")
    assert client.post(reverse("delivery:evidence_add", args=[item.pk]), {"evidence": upload}).status_code == 302
    added = item.evidence.get(name="more.pdf")
    confirm = client.get(reverse("delivery:evidence_delete", args=[added.pk]))
    assertContains(confirm, "Remove “<bdi>more.pdf</bdi>”?")
    assert client.post(reverse("delivery:evidence_delete", args=[added.pk])).status_code == 302
    assert not Evidence.objects.filter(pk=added.pk).exists()


def test_uploading_no_file_says_so(delivery_world, cast, login, client):
    login(cast["officer"])
    response = client.post(reverse("delivery:evidence_add", args=[delivery_world["draft_return"].pk]), {})
    assertContains(response, "Choose a file to upload.", status_code=400)


# --- sending to government ------------------------------------------------------------------------


def test_an_officer_checks_and_sends_the_returns_to_government(delivery_world, cast, login, client):
    w = delivery_world
    login(cast["officer"])
    url = reverse("delivery:send_returns", args=[w["framework"].slug])
    page = client.get(url)
    assertContains(page, "Q1 2005/06")
    assertNotContains(page, '2005/06 Q1" ')
    response = client.post(url, {"returns": [w["draft_return"].pk]})
    assert response.status_code == 302
    item = PerformanceReturn.objects.get(pk=w["draft_return"].pk)
    assert item.is_sent and item.sent_by == cast["officer"].user
    login(cast["reviewer"])
    assertContains(client.get(reverse("delivery:line", args=[w["quarterly_line"].pk])), "burglary.csv")


def test_only_the_returns_listed_when_checking_are_sent(delivery_world, cast, login, client):
    w = delivery_world
    later = make_return(w["quarterly_line"], "2005/06 Q2", "195")
    login(cast["officer"])
    client.post(reverse("delivery:send_returns", args=[w["framework"].slug]), {"returns": [w["draft_return"].pk]})
    later.refresh_from_db()
    assert not later.is_sent


# --- query counts ---------------------------------------------------------------------------------


def grow(framework, lines: int):
    """More lines in the first priority, each with a year of quarterly returns."""
    stage = framework.stage
    put_at(framework, Stage.TWO_DRAFTING)  # the agreement's content is fixed once signed
    lines_made = []
    priority = framework.priorities.first()
    numbered = framework.agreement_targets.first()
    for n in range(lines):
        area = add(TargetArea, priority=priority, title=f"Area {n}")
        indicator = add(
            Indicator,
            target_area=area,
            title=f"Indicator {n}",
            collection_frequency="Quarterly",
            baseline_year="2003/04",
            baseline_value=D("10"),
        )
        line = add(
            Target,
            indicator=indicator,
            agreement_target=numbered,
            period="2007/08",
            without_lpsa=D("11"),
            with_lpsa=D("14"),
        )
        lines_made.append(line)
    put_at(framework, stage)
    for line in lines_made:
        for quarter in range(1, 5):
            make_return(line, f"2005/06 Q{quarter}", 10 + quarter, sent=True)
    Target.objects.filter(indicator__target_area__priority__framework=framework).update(status="agreed")


@pytest.mark.parametrize("name", ["delivery:overview", "delivery:send_returns", "delivery:index"])
def test_the_framework_pages_take_the_same_queries_however_many_lines(
    name, delivery_world, cast, login, client, django_assert_max_num_queries
):
    framework = delivery_world["framework"]
    login(cast["officer"])
    url = reverse(name, args=[] if name == "delivery:index" else [framework.slug])
    with django_assert_max_num_queries(30) as small:
        assert client.get(url).status_code == 200
    grow(framework, 8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_line_page_takes_the_same_queries_however_many_returns(
    delivery_world, cast, login, client, django_assert_max_num_queries
):
    line = delivery_world["quarterly_line"]
    login(cast["officer"])
    url = reverse("delivery:line", args=[line.pk])
    with django_assert_max_num_queries(30) as small:
        assert client.get(url).status_code == 200
    for quarter in (2, 3, 4):
        item = make_return(line, f"2005/06 Q{quarter}", 190)
        Evidence.objects.create(performance_return=item, name="x.csv", size=1, file="x.csv")
    grow(delivery_world["framework"], 3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_framework_page_links_to_its_delivery_once_signed(delivery_world, cast, login, client):
    framework = delivery_world["framework"]
    login(cast["officer"])
    assertContains(client.get(framework.get_absolute_url()), reverse("delivery:overview", args=[framework.slug]))
    put_at(framework, Stage.TWO_AGREED)
    assertContains(client.get(framework.get_absolute_url()), reverse("delivery:sign", args=[framework.slug]))


def test_a_lead_can_neither_change_the_trajectory_nor_send_returns(delivery_world, cast, login, client):
    w = delivery_world
    login(cast["wglead"])
    trajectory = client.post(
        reverse("delivery:trajectory_edit", args=[w["line"].pk]), {"without_0": "1", "with_0": "2"}
    )
    assert trajectory.status_code == 403
    assert TrajectoryPoint.objects.filter(line=w["line"]).count() == 1
    send = client.post(
        reverse("delivery:send_returns", args=[w["framework"].slug]), {"returns": [w["draft_return"].pk]}
    )
    assert send.status_code == 403
    assert not PerformanceReturn.objects.get(pk=w["draft_return"].pk).is_sent


def test_government_never_reads_a_returns_history_nor_a_change_not_sent_to_it(delivery_world, cast, login):
    """The history holds the council's drafts; a sent figure changed is the council's until sent again."""
    from django.urls import reverse

    item = delivery_world["sent_return"]
    reviewer = login(cast["reviewer"])
    assert reviewer.get(reverse("delivery:return_history", args=[item.pk])).status_code == 404
    line_page = reviewer.get(reverse("delivery:line", args=[item.line_id])).content.decode()
    assert "51.5" in line_page and "History" not in line_page
    officer = login(cast["officer"])
    response = officer.post(
        reverse("delivery:return_edit", args=[item.pk]),
        {
            "actual": "52.25",
            "status": "final",
            "source": "Survey",
            "note": "",
            "change_reason": "Audit corrected it.",
            "version": item.version,
        },
    )
    assert response.status_code == 302
    reviewer = login(cast["reviewer"])
    assert reviewer.get(reverse("delivery:return_edit", args=[item.pk])).status_code in (403, 404)
    line_page = reviewer.get(reverse("delivery:line", args=[item.line_id])).content.decode()
    assert "52.25" not in line_page
