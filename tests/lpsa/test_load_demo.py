import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from partners.models import Organisation, WorkingGroup
from priorities.models import Framework, Indicator, IndicatorActivity, Priority, TargetArea


def load() -> str:
    from io import StringIO

    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


# What the shared fixtures of tests/conftest.py set for each test, set here for the module.
TEST_SETTINGS = {
    "DEBUG": True,
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "TASKS": {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
    "PDF_RENDER_IN_CHILD": False,
}


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for the module (it takes seconds), in a transaction rolled back
    when the module ends. Each test runs in a savepoint inside it, so what one test changes,
    the next does not see."""
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, **TEST_SETTINGS), transaction.atomic():
        yield load(), media
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded_demo, db, settings):
    printed, media = loaded_demo
    settings.DEBUG = True
    settings.MEDIA_ROOT = media
    return printed


def test_it_loads_the_four_headline_priorities_of_the_paper(demo):
    hampshire = Framework.objects.get(slug="hampshire")
    assert list(hampshire.priorities.values_list("position", "title")) == [
        (1, "Tackling Barriers to Recruitment in Hampshire"),
        (2, "Helping People Feel Safe"),
        (3, "Promote Healthy Communities"),
        (4, "[Sustain] Hampshire’s Unique Environment"),
    ]
    safe = hampshire.priorities.get(position=2)
    assert safe.outcome == "Reduce anti social behaviour"
    assert safe.activities.values_list("title", flat=True).first() == "Graffiti (zero tolerance)"
    business = TargetArea.objects.get(priority__framework=hampshire, title="Business Support")
    assert business.description == "Increase the number of enterprises and their longevity"
    assert IndicatorActivity.objects.get(
        priority__framework=hampshire, title__startswith="Market town"
    ).explorer_partnership


def test_it_loads_the_partners_and_working_groups(demo):
    hampshire = Organisation.objects.get(name="Hampshire County Council")
    assert hampshire.area_organisations.filter(kind=Organisation.Kind.DISTRICT).count() == 11
    leads = set(
        WorkingGroup.objects.filter(council=hampshire, remit=WorkingGroup.Remit.PRIORITY).values_list(
            "lead_organisation__name", flat=True
        )
    )
    assert leads == {
        "Basingstoke and Deane Borough Council",
        "Rushmoor Borough Council",
        "Havant Borough Council",
        "Eastleigh Borough Council",
    }
    assert WorkingGroup.objects.get(name="Management issues group").lead_organisation == hampshire


def test_its_indicators_are_marked_illustrative(demo):
    assert Indicator.objects.exists()
    assert not Indicator.objects.filter(is_illustrative=False).exists()


def test_it_prints_the_accounts_and_each_signs_in(demo, settings, client):
    for username in [
        "officer",
        "wglead",
        "chiefexec",
        "reviewer",
        "admin",
        "otherofficer",
        "cosignofficer",
        "unitaryofficer",
        "siteadmin",
    ]:
        assert f"  {username} " in demo
        response = client.post(reverse("login"), {"username": username, "password": settings.DEMO_PASSWORD})
        assert response.status_code == 302, username
    assert settings.DEMO_PASSWORD in demo


def sign_in(client, username: str, settings):
    response = client.post(reverse("login"), {"username": username, "password": settings.DEMO_PASSWORD})
    assert response.status_code == 302


def test_the_council_administrator_cannot_open_the_django_admin(demo, settings, client):
    sign_in(client, "admin", settings)
    assertRedirects(client.get("/admin/"), "/admin/login/?next=/admin/")
    assert client.get(reverse("priorities:dashboard")).status_code == 200  # the site itself works


def test_the_site_superuser_opens_the_django_admin(demo, settings, client):
    sign_in(client, "siteadmin", settings)
    assert client.get("/admin/").status_code == 200
    assert "siteadmin" in demo


def test_loading_again_takes_the_admin_away_from_an_older_demo_administrator(demo):
    get_user_model().objects.filter(username="admin").update(is_staff=True, is_superuser=True)
    load()
    administrator = get_user_model().objects.get(username="admin")
    assert not administrator.is_staff
    assert not administrator.is_superuser


def test_running_it_again_changes_nothing(demo):
    counts = [model.objects.count() for model in (Organisation, Framework, Priority, TargetArea, Indicator)]
    load()
    assert [model.objects.count() for model in (Organisation, Framework, Priority, TargetArea, Indicator)] == counts


def test_it_refuses_to_create_demo_accounts_with_debug_off(db, settings):
    settings.DEBUG = False
    # The demo other tests here share may be loaded already: nothing is added to what is there.
    before = (Framework.objects.count(), get_user_model().objects.count())
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        load()
    assert (Framework.objects.count(), get_user_model().objects.count()) == before


def test_hampshires_money_is_stated_and_obeys_the_rules(demo):
    from priorities.models import Freedom, PumpPriming

    hampshire = Framework.objects.get(slug="hampshire")
    hampshire.full_clean()
    assert hampshire.agreement_period.financial_years == ["2005/06", "2006/07", "2007/08"]
    assert hampshire.suggested_pump_priming_grant == 1_990_000
    for line in PumpPriming.objects.filter(framework=hampshire):
        line.full_clean()
    untied = PumpPriming.objects.get(framework=hampshire, target=None)
    assert (untied.purpose, untied.kind) == ("Co-ordination", PumpPriming.Kind.REVENUE)
    assert hampshire.allocated_pump_priming() == hampshire.pump_priming_grant
    borrowing = Freedom.objects.get(target__indicator__target_area__priority__framework=hampshire, kind="borrowing")
    borrowing.full_clean()
    assert borrowing.borrowing_amount == 4_500_000


def test_it_loads_a_unitary_councils_framework_with_no_districts(demo, settings, client):
    island = Framework.objects.get(slug="isle-of-wight")
    assert island.council.kind == Organisation.Kind.UNITARY
    assert not island.districts().exists()
    sign_in(client, "unitaryofficer", settings)
    dashboard = client.get(reverse("priorities:dashboard")).content.decode()
    assert island.title in dashboard
    assert "Hampshire" not in dashboard


def test_it_loads_a_two_authority_framework_each_signatory_works_on(demo, settings, client):
    wider = Framework.objects.get(slug="borsetshire")
    assert [council.name for council in wider.signatories()] == [
        "Borsetshire County Council",
        "Felpersham City Council",
    ]
    leads = set(wider.priorities.values_list("leading_group__council__name", flat=True))
    assert leads == {"Borsetshire County Council", "Felpersham City Council"}
    for username in ["otherofficer", "cosignofficer"]:
        client.logout()
        sign_in(client, username, settings)
        assert client.get(wider.get_absolute_url()).status_code == 200, username
        assert client.get(Framework.objects.get(slug="hampshire").get_absolute_url()).status_code == 404
    # Hampshire's officer signs neither.
    client.logout()
    sign_in(client, "officer", settings)
    assert client.get(wider.get_absolute_url()).status_code == 404


def test_it_carries_hampshires_agreement_into_its_second_year_of_delivery(demo):
    from delivery.models import Claim, PerformanceReturn
    from delivery.progress import counts, framework_progress
    from delivery.rag import Rating
    from lpsa.models import StageChange
    from priorities.models import Stage, Target

    carried = Framework.objects.get(slug="hampshire-delivery")
    drafting = Framework.objects.get(slug="hampshire")
    assert carried.stage == Stage.IN_DELIVERY
    assert carried.get_stage_display() == "In delivery"
    assert carried.council == drafting.council
    assert (carried.agreement_start.isoformat(), carried.agreement_end.isoformat()) == ("2005-04-01", "2008-03-31")
    assert carried.signed_on.isoformat().startswith("2005-03")
    # The same agreement: the same priorities, lines and numbered targets.
    assert list(carried.priorities.values_list("title", flat=True)) == list(
        drafting.priorities.values_list("title", flat=True)
    )
    lines = Target.objects.filter(indicator__target_area__priority__framework=carried)
    assert lines.count() == Target.objects.filter(indicator__target_area__priority__framework=drafting).count()
    assert not lines.exclude(status="agreed").exists()
    assert not lines.filter(interim_with_lpsa__isnull=True).exists()
    assert carried.agreement_targets.count() == drafting.agreement_targets.count()
    assert StageChange.objects.filter(framework=carried).last().to_stage == Stage.IN_DELIVERY

    returns = PerformanceReturn.objects.filter(line__in=lines)
    for line in lines:
        assert returns.filter(line=line, period__startswith="2005/06").exists(), line
        assert returns.filter(line=line, period__startswith="2006/07").exists(), line
    assert not returns.filter(period__startswith="2005/06").exclude(status="final").exists()
    assert returns.filter(sent_at__isnull=True).exists() and returns.filter(sent_at__isnull=False).exists()
    periods = set(returns.values_list("period", flat=True))
    assert {"2006/07", "2006/07 H2", "2006/07 Q4"} <= periods  # yearly, half-yearly and quarterly lines

    tally = counts(framework_progress(carried))
    assert tally[Rating.GREEN] and tally[Rating.AMBER] and tally[Rating.RED]
    assert not tally[Rating.NONE]

    claim = Claim.objects.get(framework=carried, kind=Claim.Kind.INTERIM)
    assert claim.status == Claim.Status.SUBMITTED and claim.submitted_at and claim.submitted_by
    assert claim.decided_at is None
    assert claim.total > 0 and claim.figures["total"] == str(claim.total)
    assert {line["line_id"] for line in claim.figures["lines"]} == set(lines.values_list("pk", flat=True))
    assert not Claim.objects.filter(framework=drafting).exists()


def test_the_delivery_records_obey_their_own_rules(demo):
    from delivery.models import (
        Evidence,
        FreedomProgress,
        PartnerShare,
        PerformanceReturn,
        Spend,
        TrajectoryPoint,
        Verification,
    )

    carried = Framework.objects.get(slug="hampshire-delivery")
    mine = {"line__indicator__target_area__priority__framework": carried}
    for model, where in [
        (PerformanceReturn, mine),
        (TrajectoryPoint, mine),
        (Spend, {"allocation__framework": carried}),
        (FreedomProgress, {"freedom__target__indicator__target_area__priority__framework": carried}),
        (PartnerShare, {"framework": carried}),
        (Verification, {"performance_return__line__indicator__target_area__priority__framework": carried}),
    ]:
        rows = list(model.objects.filter(**where))
        assert rows, model
        for row in rows:
            row.full_clean()
    assert FreedomProgress.objects.filter(delivered="delivered").exclude(answer="").exists()
    assert PartnerShare.objects.filter(framework=carried, basis="top_slice").exists()
    files = list(Evidence.objects.all())
    assert {item.kind for item in files} == {"PDF", "CSV file"}
    for item in files:
        with item.file.open("rb") as stored:
            data = stored.read()
        assert len(data) == item.size
        assert data.startswith(b"%PDF-") or item.kind == "CSV file"


def test_the_demo_pdf_evidence_is_a_real_pdf():
    import io

    from pypdf import PdfReader

    from lpsa.demo_delivery import TINY_PDF

    assert "Illustrative evidence" in PdfReader(io.BytesIO(TINY_PDF)).pages[0].extract_text()


def test_loading_again_changes_nothing_of_either_hampshire_framework(demo):
    from delivery.models import Claim, Evidence, PerformanceReturn, Spend, Verification
    from lpsa.models import StageChange, Submission
    from priorities.models import Stage, Target

    def state():
        drafting = Framework.objects.get(slug="hampshire")
        return (
            drafting.stage,
            drafting.version,
            drafting.priorities.count(),
            Target.objects.filter(indicator__target_area__priority__framework=drafting).count(),
            StageChange.objects.filter(framework=drafting).count(),
            Submission.objects.count(),
            *[model.objects.count() for model in (PerformanceReturn, Evidence, Verification, Spend, Claim)],
        )

    before = state()
    assert before[0] == Stage.ONE_DRAFTING
    assert before[4:6] == (0, 0)
    load()
    assert state() == before


def test_hampshires_people_see_both_of_its_frameworks(demo, settings, client):
    carried = Framework.objects.get(slug="hampshire-delivery")
    drafting = Framework.objects.get(slug="hampshire")
    for username in ["officer", "wglead", "chiefexec", "admin"]:
        client.logout()
        sign_in(client, username, settings)
        home = client.get(reverse("priorities:dashboard"))
        assert home.status_code == 200, username
        assert carried.title in home.content.decode() and drafting.title in home.content.decode(), username
        assert client.get(carried.get_absolute_url()).status_code == 200, username
        assert client.get(reverse("lpsa:workflow", args=[carried.slug])).status_code == 200, username
    client.logout()
    sign_in(client, "otherofficer", settings)
    assert client.get(carried.get_absolute_url()).status_code == 404
