"""The submission document: approval freezes it, downloads are byte-identical, it reads right."""

import hashlib
import io
import logging
import threading

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.urls import reverse
from pypdf import PdfReader
from pytest_django.asserts import assertContains, assertRedirects

from lpsa.models import DraftPdf, Submission
from lpsa.workflow import MoveRefused, framework_move
from priorities.models import Indicator, Priority, Stage, Target


def pdf_text(data: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(data))
    # Table cells wrap, so compare words, not lines.
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return text, reader


def approve(framework, cast, stage="one") -> Submission:
    framework_move(framework=framework, move_name=f"approve_{stage}", user=cast["chiefexec"].user, declared=True)
    return Submission.objects.get(framework=framework, stage=stage)


def test_approval_freezes_the_framework_as_a_pdf_with_its_hash(cast, at_stage):
    framework = at_stage(Stage.ONE_AWAITING_APPROVAL)
    submission = approve(framework, cast)
    data = submission.pdf.read()
    assert submission.sha256 == hashlib.sha256(data).hexdigest()
    assert (submission.version, submission.approved_by) == (1, cast["chiefexec"].user)
    assert submission.snapshot["priorities"][0]["title"] == "Priority 1"
    text, reader = pdf_text(data)
    assert "Approved for submission to government" in text
    assert "DRAFT" not in text
    assert reader.metadata.title.startswith("Hampshire County Council: Local Public Service Agreement")
    assert reader.metadata.author == "Hampshire County Council"


def test_every_download_is_the_same_bytes(login, cast, at_stage):
    framework = at_stage(Stage.ONE_AWAITING_APPROVAL)
    submission = approve(framework, cast)
    client = login(cast["wglead"])
    url = reverse("lpsa:submission_pdf", args=[submission.pk])
    first, second = client.get(url), client.get(url)
    # Later edits do not change what was approved.
    Priority.objects.update(title="Renamed after approval")
    third = client.get(url)
    assert first.content == second.content == third.content
    assert hashlib.sha256(first.content).hexdigest() == submission.sha256
    assert first["Content-Type"] == "application/pdf"
    assert first["ETag"] == f'"{submission.sha256}"'


def test_a_tampered_pdf_is_never_served(login, cast, at_stage):
    framework = at_stage(Stage.ONE_AWAITING_APPROVAL)
    submission = approve(framework, cast)
    with open(submission.pdf.path, "ab") as stored:
        stored.write(b"tampered")
    response = login(cast["officer"]).get(reverse("lpsa:submission_pdf", args=[submission.pk]))
    assert response.status_code == 403


def test_a_tampered_pdf_is_logged_for_the_administrators(login, cast, at_stage, caplog):
    framework = at_stage(Stage.ONE_AWAITING_APPROVAL)
    submission = approve(framework, cast)
    with open(submission.pdf.path, "ab") as stored:
        stored.write(b"tampered")
    with caplog.at_level(logging.INFO, logger="lpsa"):
        login(cast["officer"]).get(reverse("lpsa:submission_pdf", args=[submission.pk]))
    [record] = [record for record in caplog.records if record.name.startswith("lpsa")]
    assert record.levelno == logging.ERROR
    assert f"submission {submission.pk} does not match its SHA-256" in record.getMessage()


def test_the_stage_two_pdf_holds_the_priorities_outcomes_and_figures(cast, at_stage):
    framework = at_stage(Stage.TWO_AWAITING_APPROVAL)
    Target.objects.update(without_lpsa=61.5, with_lpsa=68)
    Indicator.objects.update(title="Adults in work")
    Priority.objects.update(title="Tackling Barriers to Recruitment", outcome="More disadvantaged people in work")
    submission = approve(framework, cast, stage="two")
    text, reader = pdf_text(submission.pdf.read())
    for expected in [
        "Stage Two: indicators and targets",
        "Tackling Barriers to Recruitment",
        "More disadvantaged people in work",
        "Schedule 1: the targets",
        "Adults in work",
        "61.5",
        "68",
        "+6.5",
        "£25,000,000",
        "Page 1 of",
    ]:
        assert expected in text, expected
    assert 4 <= len(reader.pages) <= 20


def test_a_draft_pdf_is_made_by_the_worker_and_marked_draft(login, cast, ready):
    client = login(cast["officer"])
    asked = client.post(reverse("lpsa:draft_pdf", args=[ready.slug]))
    draft = DraftPdf.objects.get()
    assertRedirects(asked, reverse("lpsa:draft_progress", args=[ready.slug, draft.pk]))
    assertContains(client.get(asked.url), "The PDF is ready")
    response = client.get(reverse("lpsa:draft_file", args=[ready.slug, draft.pk]))
    text, _ = pdf_text(response.content)
    assert "DRAFT" in text
    assert "has not been approved by the chief executive" in text
    assert "Priority 1" in text


def test_the_preview_is_the_same_document_in_the_browser(login, cast, ready):
    response = login(cast["chiefexec"]).get(reverse("lpsa:preview", args=[ready.slug]))
    assertContains(response, "Local Public Service Agreement — second generation")
    assertContains(response, "Main Priority 1")
    assertContains(response, "Make a PDF of this draft")


def test_the_render_submission_command_writes_a_pdf(ready, tmp_path):
    out = io.StringIO()
    call_command("render_submission", ready.slug, str(tmp_path / "out.pdf"), "--stage", "two", stdout=out)
    text, _ = pdf_text((tmp_path / "out.pdf").read_bytes())
    assert "Schedule 1: the targets" in text
    assert "Wrote the Stage Two draft" in out.getvalue()


def test_the_render_submission_command_names_an_unknown_framework(db, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="no framework with the id or slug “nowhere”"):
        call_command("render_submission", "nowhere", str(tmp_path / "out.pdf"))


def test_a_second_approval_makes_a_new_version(cast, at_stage):
    framework = at_stage(Stage.ONE_AWAITING_APPROVAL)
    approve(framework, cast)
    framework.stage = Stage.ONE_AWAITING_APPROVAL
    framework.save(update_fields=["stage"])
    framework_move(framework=framework, move_name="approve_one", user=cast["chiefexec"].user, declared=True)
    assert list(Submission.objects.values_list("version", flat=True)) == [1, 2]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The in-memory SQLite test database cannot take writers from several threads; CI runs this on PostgreSQL.",
)
@pytest.mark.django_db(transaction=True)
def test_two_racing_approvals_make_one_submission(cast, ready, settings, tmp_path):
    ready.stage = Stage.ONE_AWAITING_APPROVAL
    ready.save(update_fields=["stage"])
    barrier = threading.Barrier(2)
    outcomes = []

    def press_approve():
        try:
            barrier.wait()
            framework_move(framework=ready, move_name="approve_one", user=cast["chiefexec"].user, declared=True)
            outcomes.append("approved")
        except (MoveRefused, OperationalError) as error:
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=press_approve) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[0] == "MoveRefused" or "OperationalError" in outcomes
    assert outcomes.count("approved") == 1
    assert Submission.objects.count() == 1
    assert ready.stage_changes.count() == 1


def test_the_stage_two_pdf_carries_schedules_one_to_four_with_charts(cast, ready, tmp_path):
    from priorities.models import Freedom, PumpPriming

    target = Target.objects.get()
    ready.pump_priming_grant = 400000
    ready.save()
    PumpPriming.objects.create(
        framework=ready, target=target, amount=150000, spend_on="Evening youth clubs", kind="revenue"
    )
    Freedom.objects.create(target=target, request="Pool the youth budgets", kind=Freedom.Kind.ADMINISTRATIVE)
    call_command("render_submission", ready.slug, str(tmp_path / "two.pdf"), "--stage", "two", stdout=io.StringIO())
    text, _ = pdf_text((tmp_path / "two.pdf").read_bytes())
    for expected in [
        "Schedule 1: the targets",
        "The targets in charts",
        "2003/04 baseline",  # the chart's own axis label, drawn into the page
        "2007/08 with",
        "Schedule 2: freedoms and flexibilities",
        "Pool the youth budgets",
        "Schedule 3: pump-priming grant",
        "Evening youth clubs",
        "£150,000",
        "£250,000 not yet allocated",
        "Schedule 4: reward grant",
        "£25,000,000",
    ]:
        assert expected in text, expected


def test_a_pdf_left_unrendered_by_a_dead_worker_is_asked_for_again(login, cast, ready):
    import datetime

    from django.utils import timezone

    from lpsa.snapshot import framework_snapshot

    stuck = Submission.objects.create(
        framework=ready,
        stage="one",
        version=1,
        approved_by=cast["chiefexec"].user,
        approved_at=timezone.now() - datetime.timedelta(minutes=10),
        snapshot=framework_snapshot(ready),
    )
    response = login(cast["officer"]).get(reverse("lpsa:submission_pdf", args=[stuck.pk]))
    assert response.status_code == 200
    stuck.refresh_from_db()
    assert hashlib.sha256(response.content).hexdigest() == stuck.sha256


def test_a_pdf_missing_a_picture_is_refused_rather_than_stored(ready, monkeypatch):
    """WeasyPrint only logs a picture it cannot draw; the render must fail instead."""
    from lpsa import pdf
    from lpsa.snapshot import framework_snapshot

    def broken_chart(*args):
        return "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciPjxn"  # cut short

    monkeypatch.setattr(pdf, "target_chart_data_uri", broken_chart)
    with pytest.raises(pdf.RenderFailed):
        pdf.render_submission_pdf(framework_snapshot(ready), stage="two", version=None, approval=None)
