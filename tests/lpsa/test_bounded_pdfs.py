"""PDF work is bounded: one pending draft each, ten an hour, none too large, none kept long,
a render stopped at its time and memory limits, and a submission waited on by many people
queued once."""

import datetime
import io
import logging

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django.asserts import assertContains, assertRedirects

from lpsa.models import DraftPdf, Submission
from lpsa.snapshot import framework_snapshot
from priorities.models import Stage, Target
from tests.factories import make_tree


@pytest.fixture
def database_queue(settings):
    """Tasks wait in the database queue, as on the site, instead of running at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def ask_for_draft(client, framework):
    return client.post(reverse("lpsa:draft_pdf", args=[framework.slug]) + "?stage=one")


def old_draft(framework, user, *, hours_ago: float, with_file: bool = False) -> DraftPdf:
    draft = DraftPdf.objects.create(
        framework=framework,
        stage="one",
        requested_by=user,
        requested_at=timezone.now() - datetime.timedelta(hours=hours_ago),
        finished_at=timezone.now() - datetime.timedelta(hours=hours_ago),
    )
    if with_file:
        draft.pdf.save("old-draft.pdf", ContentFile(b"%PDF-1.7 old"), save=True)
    return draft


def test_asking_again_while_a_draft_is_pending_shows_that_one(database_queue, login, cast, ready):
    client = login(cast["officer"])
    first, second = ask_for_draft(client, ready), ask_for_draft(client, ready)
    draft = DraftPdf.objects.get()
    assertRedirects(first, reverse("lpsa:draft_progress", args=[ready.slug, draft.pk]), fetch_redirect_response=False)
    assertRedirects(second, reverse("lpsa:draft_progress", args=[ready.slug, draft.pk]), fetch_redirect_response=False)
    assert DBTaskResult.objects.filter(task_path="lpsa.tasks.render_draft").count() == 1
    # Someone else asking gets their own.
    ask_for_draft(login(cast["admin"]), ready)
    assert DraftPdf.objects.count() == 2


def test_a_draft_still_pending_after_a_quarter_of_an_hour_is_asked_for_again(database_queue, login, cast, ready):
    client = login(cast["officer"])
    ask_for_draft(client, ready)
    stuck = DraftPdf.objects.get()
    DraftPdf.objects.update(requested_at=timezone.now() - datetime.timedelta(minutes=20))
    response = ask_for_draft(client, ready)
    fresh = DraftPdf.objects.exclude(pk=stuck.pk).get()
    assertRedirects(
        response, reverse("lpsa:draft_progress", args=[ready.slug, fresh.pk]), fetch_redirect_response=False
    )
    stuck.refresh_from_db()
    assert stuck.failed
    page = client.get(reverse("lpsa:draft_progress", args=[ready.slug, stuck.pk]))
    assertContains(page, "still not ready after 15 minutes")


def test_a_person_may_ask_for_ten_drafts_an_hour(database_queue, login, cast, ready):
    officer = cast["officer"].user
    old_draft(ready, officer, hours_ago=2)  # outside the hour: does not count
    for minutes in range(10):
        old_draft(ready, officer, hours_ago=(50 - minutes) / 60)
    response = ask_for_draft(login(cast["officer"]), ready)
    assertContains(response, "You have asked for 10 draft PDFs in the last hour", status_code=429)
    assertContains(response, "Try again in 10 minutes.", status_code=429)
    assert DraftPdf.objects.count() == 11
    assert not DBTaskResult.objects.exists()
    # The limit is each person's own.
    assert ask_for_draft(login(cast["admin"]), ready).status_code == 302


def test_a_framework_too_large_for_a_draft_is_refused_on_the_progress_page(
    database_queue, login, cast, ready, settings
):
    settings.DRAFT_PDF_MAX_TARGETS = 2
    make_tree(ready, targets=2)
    assert Target.objects.count() == 3
    client = login(cast["officer"])
    response = ask_for_draft(client, ready)
    draft = DraftPdf.objects.get()
    page = client.get(response["Location"])
    assertContains(page, "The PDF could not be made")
    assertContains(page, "This framework has 3 targets, and a draft PDF can hold at most 2.")
    assert draft.failed
    assert not DBTaskResult.objects.exists()  # nothing was queued


def test_clean_drafts_deletes_drafts_older_than_a_day_with_their_files(cast, ready, django_capture_on_commit_callbacks):
    officer = cast["officer"].user
    old = old_draft(ready, officer, hours_ago=25, with_file=True)
    recent = old_draft(ready, officer, hours_ago=23, with_file=True)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("clean_drafts", stdout=out)
    assert "Deleted 1 draft PDF older than 24 hours." in out.getvalue()
    assert list(DraftPdf.objects.all()) == [recent]
    assert not default_storage.exists(old.pdf.name)
    assert default_storage.exists(recent.pdf.name)


def test_asking_for_a_draft_deletes_your_drafts_older_than_a_day(
    database_queue, login, cast, ready, django_capture_on_commit_callbacks
):
    old = old_draft(ready, cast["officer"].user, hours_ago=30, with_file=True)
    someone_elses = old_draft(ready, cast["admin"].user, hours_ago=30)
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_draft(login(cast["officer"]), ready)
    assert not DraftPdf.objects.filter(pk=old.pk).exists()
    assert not default_storage.exists(old.pdf.name)
    assert DraftPdf.objects.filter(pk=someone_elses.pk).exists()  # left for clean_drafts


def test_a_submission_pdf_waited_on_ten_times_queues_one_render(database_queue, login, cast, ready):
    stuck = Submission.objects.create(
        framework=ready,
        stage="one",
        version=1,
        approved_by=cast["chiefexec"].user,
        approved_at=timezone.now() - datetime.timedelta(minutes=10),
        snapshot=framework_snapshot(ready),
    )
    client = login(cast["officer"])
    for _ in range(10):
        assert client.get(reverse("lpsa:submission_pdf", args=[stuck.pk])).status_code == 202
    assert DBTaskResult.objects.filter(task_path="lpsa.tasks.render_approved_submission").count() == 1
    # Once the patience has passed again, the page asks once more.
    Submission.objects.update(render_queued_at=timezone.now() - datetime.timedelta(minutes=3))
    client.get(reverse("lpsa:submission_pdf", args=[stuck.pk]))
    assert DBTaskResult.objects.count() == 2


def lpsa_errors(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("lpsa") and r.levelno == logging.ERROR]


@pytest.fixture
def larger(ready):
    """Enough targets, with their charts, that a Stage Two render takes seconds."""
    make_tree(ready, priorities=2, areas=2, indicators=3, targets=3)
    return ready


def test_a_draft_render_past_its_time_limit_is_stopped_and_says_so(login, cast, larger, settings, caplog):
    settings.PDF_RENDER_IN_CHILD = True
    settings.PDF_RENDER_SECONDS = 1
    client = login(cast["officer"])
    with caplog.at_level(logging.INFO, logger="lpsa"):
        response = client.post(reverse("lpsa:draft_pdf", args=[larger.slug]) + "?stage=two")
    page = client.get(response["Location"])
    assertContains(page, "The document took longer than 1 second to render, so it was stopped.")
    draft = DraftPdf.objects.get()
    assert draft.failed
    assert not draft.pdf
    assert any("Could not render draft PDF" in message for message in lpsa_errors(caplog))


def test_a_draft_render_past_its_memory_limit_is_stopped_and_says_so(login, cast, ready, settings, caplog):
    settings.PDF_RENDER_IN_CHILD = True
    settings.PDF_RENDER_MEMORY_MB = 100
    client = login(cast["officer"])
    with caplog.at_level(logging.INFO, logger="lpsa"):
        response = ask_for_draft(client, ready)
    page = client.get(response["Location"])
    assertContains(page, "The document needed more than 100 MB of memory to render, so it was stopped")
    assert DraftPdf.objects.get().failed
    assert lpsa_errors(caplog)


def test_an_approved_render_past_its_time_limit_is_logged_and_asked_for_again_later(
    login, cast, at_stage, settings, caplog
):
    make_tree(at_stage(Stage.TWO_DRAFTING), priorities=2, areas=2, indicators=3, targets=3)
    framework = at_stage(Stage.TWO_AWAITING_APPROVAL)  # content is locked once approval is asked for
    settings.PDF_RENDER_IN_CHILD = True
    settings.PDF_RENDER_SECONDS = 1
    with caplog.at_level(logging.INFO, logger="lpsa"):
        response = login(cast["chiefexec"]).post(
            reverse("lpsa:move", args=[framework.slug, "approve_two"]), {"declaration": "on"}
        )
    assert response.status_code == 302  # the approval stands
    submission = Submission.objects.get()
    assert not submission.is_ready
    [error] = lpsa_errors(caplog)
    assert f"Could not render the PDF of submission {submission.pk}" in error
    assert login(cast["officer"]).get(reverse("lpsa:submission_pdf", args=[submission.pk])).status_code == 202


def test_an_approved_pdf_is_queued_ahead_of_drafts_asked_for_before_it(database_queue, login, cast, at_stage):
    framework = at_stage(Stage.ONE_AWAITING_APPROVAL)
    ask_for_draft(login(cast["officer"]), framework)
    login(cast["chiefexec"]).post(reverse("lpsa:move", args=[framework.slug, "approve_one"]), {"declaration": "on"})
    # The worker takes the first of the ready tasks in this order.
    assert [task.task_path for task in DBTaskResult.objects.ready()] == [
        "lpsa.tasks.render_approved_submission",
        "lpsa.tasks.render_draft",
    ]
