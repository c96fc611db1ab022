"""The six-monthly monitoring report: its preview, its PDF, and what each reader is shown."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from delivery.models import FreedomProgress, PerformanceReturn
from delivery.report import half_from_slug, half_slug
from priorities.models import Stage, Target
from tests.delivery.conftest import make_return, put_at
from tests.factories import make_tree


def report_url(framework, half=None):
    url = reverse("delivery:report", args=[framework.slug])
    return url if half is None else f"{url}?half={half}"


def pdf_url(framework, half):
    return reverse("delivery:report_pdf", args=[framework.slug]) + f"?half={half}"


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def world(delivery_world):
    """The world, with the draft return's figure made one that appears nowhere else."""
    PerformanceReturn.objects.filter(pk=delivery_world["draft_return"].pk).update(
        actual=Decimal("187.25"), note="Burglary fell after the new patrols"
    )
    PerformanceReturn.objects.filter(pk=delivery_world["sent_return"].pk).update(note="The survey was repeated")
    return delivery_world


def test_a_half_year_key_goes_in_an_address_and_comes_back():
    half = half_from_slug("2006-07-H1")
    assert half.key == "2006/07 H1"
    assert half_slug(half) == "2006-07-H1"
    assert half_from_slug("2006-08-H1") is None
    assert half_from_slug("2006/07 H1") is None
    assert half_from_slug("2006-07-Q1") is None


def test_the_report_offers_the_started_half_years_and_shows_the_latest_finished_one(world, cast, login):
    framework = world["framework"]
    page = login(cast["officer"]).get(report_url(framework)).content.decode()
    for label in ("H1 2005/06", "H2 2005/06", "H1 2006/07", "H2 2006/07", "H1 2007/08", "H2 2007/08"):
        assert label in page
    assert 'value="2007-08-H2" selected' in page
    assert "Monitoring report" in page
    assert pdf_url(framework, "2007-08-H2") in page


def test_only_half_years_that_have_started_may_be_chosen(world, cast, login):
    framework = world["framework"]
    framework.agreement_end = datetime.date.today() + datetime.timedelta(days=800)
    framework.save(update_fields=["agreement_end"])
    client = login(cast["officer"])
    future = datetime.date.today() + datetime.timedelta(days=400)
    start_year = future.year if future.month >= 4 else future.year - 1
    later = f"{start_year}-{(start_year + 1) % 100:02d}-H1"
    assert client.get(report_url(framework, later)).status_code == 404
    assert client.get(pdf_url(framework, later)).status_code == 404


@pytest.mark.parametrize("half", ["2004-05-H2", "2008-09-H1", "2005-06-Q1", "nonsense", ""])
def test_a_half_year_outside_the_agreement_or_malformed_is_not_found(world, cast, login, half):
    client = login(cast["officer"])
    assert client.get(report_url(world["framework"], half)).status_code == 404
    assert client.get(pdf_url(world["framework"], half)).status_code == 404


def test_the_preview_shows_each_line_with_its_rating_in_words_its_figures_actions_and_commentary(world, cast, login):
    page = login(cast["officer"]).get(report_url(world["framework"], "2005-06-H2")).content.decode()
    assert "Target 1: " in page and "Target 2: Reduce burglary" in page
    assert "1.1 Indicator 1.1.1" in page and "2.1 Domestic burglaries" in page
    assert "Green at or above the with-agreement trajectory" in page
    assert "Green at or below the with-agreement trajectory" in page  # lower is better
    assert "51.5" in page and "187.25" in page
    assert "Activity 1" in page
    assert "The survey was repeated" in page and "Burglary fell after the new patrols" in page
    assert 'src="data:image/svg+xml;base64,' in page
    assert "Youth workers" in page and "£250,000" in page  # the allocation, and what is left of it
    assert "Relax a rule" in page


def test_a_council_report_says_which_figures_are_not_yet_sent(world, cast, login):
    page = login(cast["officer"]).get(report_url(world["framework"], "2005-06-H2")).content.decode()
    assert "1 figure in this report has not yet been sent to government" in page
    assert "Not yet sent" in page


def test_a_reviewers_report_never_shows_a_figure_not_sent_to_government(world, cast, login):
    client = login(cast["reviewer"])
    page = client.get(report_url(world["framework"], "2005-06-H2")).content.decode()
    assert "51.5" in page  # the sent figure
    assert "187.25" not in page
    assert "Burglary fell after the new patrols" not in page
    assert "Not yet sent" not in page
    assert "only the figures the council has sent to government" in page
    text = pdf_text(client.get(pdf_url(world["framework"], "2005-06-H2")))
    assert "51.5" in text
    assert "187.25" not in text
    assert "Burglary fell" not in text


def test_figures_for_periods_after_the_half_year_are_left_out(world, cast, login, lines):
    annual, quarterly = lines
    make_return(annual, "2006/07", "53.75")
    make_return(quarterly, "2005/06 Q4", "176.5")
    client = login(cast["officer"])
    early = client.get(report_url(world["framework"], "2005-06-H1")).content.decode()
    assert "187.25" in early
    assert "51.5" not in early  # the year's figure belongs to the year's end, after the first half
    assert "53.75" not in early and "176.5" not in early
    later = client.get(report_url(world["framework"], "2006-07-H2")).content.decode()
    assert "53.75" in later and "176.5" in later


def test_the_pdf_has_the_cover_the_summary_every_target_the_money_and_the_freedoms(world, cast, login):
    progress = FreedomProgress.objects.get(pk=world["progress"].pk)
    progress.delivered = FreedomProgress.Delivered.DELIVERED
    progress.delivered_on = datetime.date(2006, 9, 1)
    progress.answer = "The department agreed to relax the rule"
    progress.answered_on = datetime.date(2006, 8, 1)
    progress.save()
    response = login(cast["officer"]).get(pdf_url(world["framework"], "2005-06-H2"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="hampshire-monitoring-report-2005-06-H2.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    reader = PdfReader(io.BytesIO(response.content))
    assert (
        reader.metadata.title == "Hampshire County Council: monitoring report, H2 2005/06 (October 2005 to March 2006)"
    )
    assert reader.metadata.author == "Hampshire County Council"
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Local Public Service Agreement\n— second generation" in text
    assert "Monitoring report" in text
    assert "H2 2005/06 (October 2005 to March 2006)" in text
    assert f"Page 1 of {len(reader.pages)}" in text
    assert "Lines by rating" in text
    assert "Target 2: Reduce burglary" in text
    assert "187.25" in text and "Not yet sent" in text
    assert "Youth workers" in text and "£150,000" in text and "£250,000" in text
    assert "Relax a rule" in text and "Delivered, on 1 September 2006" in text
    assert "The department agreed to relax the rule" in text


def test_the_pdf_is_laid_out_in_a_bounded_child_process(world, cast, login, settings):
    settings.PDF_RENDER_IN_CHILD = True
    response = login(cast["officer"]).get(pdf_url(world["framework"], "2005-06-H2"))
    assert response.status_code == 200
    assert "Target 2: Reduce burglary" in pdf_text(response)


def test_a_pdf_past_its_memory_limit_is_stopped_and_says_so(world, cast, login, settings):
    settings.PDF_RENDER_IN_CHILD = True
    settings.PDF_RENDER_MEMORY_MB = 100
    response = login(cast["officer"]).get(pdf_url(world["framework"], "2005-06-H2"))
    assert response.status_code == 503
    assert "needed more than 100 MB of memory" in response.content.decode()


@pytest.mark.parametrize("name", ["delivery:report", "delivery:report_pdf"])
def test_another_councils_officer_cannot_find_the_report(world, cast, login, name):
    url = reverse(name, args=[world["framework"].slug]) + "?half=2005-06-H2"
    assert login(cast["otherofficer"]).get(url).status_code == 404


def test_an_agreement_not_yet_started_has_no_report_to_choose(world, cast, login):
    framework = world["framework"]
    framework.agreement_start = datetime.date.today() + datetime.timedelta(days=60)
    framework.agreement_end = framework.agreement_start + datetime.timedelta(days=1000)
    framework.save(update_fields=["agreement_start", "agreement_end"])
    client = login(cast["officer"])
    response = client.get(report_url(framework))
    assert response.status_code == 200
    assert "A report can be made for each half-year once it has started" in response.content.decode()
    assert client.get(reverse("delivery:report_pdf", args=[framework.slug])).status_code == 404


def grow(framework, lines):
    """Ten more numbered targets, each line with a return a quarter."""
    put_at(framework, Stage.TWO_AGREED)
    make_tree(framework, priorities=2, areas=1, indicators=5, targets=1)
    Target.objects.filter(indicator__target_area__priority__framework=framework).update(status="agreed")
    put_at(framework, Stage.IN_DELIVERY)
    for line in Target.objects.filter(indicator__target_area__priority__framework=framework).exclude(
        pk__in=[line.pk for line in lines]
    ):
        for year in ("2005/06", "2006/07"):
            make_return(line, year, "52", sent=True)


@pytest.mark.parametrize("role", ["officer", "reviewer"])
def test_the_preview_takes_a_fixed_number_of_queries_whatever_the_agreements_size(
    world, cast, login, lines, role, django_assert_max_num_queries
):
    client = login(cast[role])
    url = report_url(world["framework"], "2006-07-H2")
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    grow(world["framework"], lines)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url).content.decode()
    assert "Target 12: " in page
