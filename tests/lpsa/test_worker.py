"""PDFs are rendered by a real worker process, not by the web request that asked for them."""

import datetime
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lpsa.models import DraftPdf, StageChange, Submission
from lpsa.workflow import framework_move
from priorities.models import Stage

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="The worker is a separate process, which needs a database it can share: CI runs this on PostgreSQL.",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker(*options: str, **extra_env: str) -> str:
    """One real `manage.py db_worker` that does every queued task (or as ``options`` say) and stops."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        **extra_env,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--interval", "0.1", *options],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr + result.stdout


def test_approval_is_quick_and_the_worker_renders_the_pdf(database_queue, login, cast, ready):
    ready.stage = Stage.ONE_AWAITING_APPROVAL
    ready.save(update_fields=["stage"])
    framework_move(framework=ready, move_name="approve_one", user=cast["chiefexec"].user, declared=True)
    submission = Submission.objects.get()
    assert not submission.is_ready  # the web request did not render anything

    client = login(cast["officer"])
    url = reverse("lpsa:submission_pdf", args=[submission.pk])
    waiting = client.get(url)
    assert waiting.status_code == 202
    assert "Preparing the PDF" in waiting.content.decode()

    run_worker()
    submission.refresh_from_db()
    assert submission.is_ready
    response = client.get(url)
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == submission.sha256


def test_a_draft_pdf_is_rendered_by_the_worker(database_queue, login, cast, ready):
    client = login(cast["officer"])
    progress = client.post(reverse("lpsa:draft_pdf", args=[ready.slug]), follow=True)
    assert progress.status_code == 202
    assert '<meta http-equiv="refresh" content="2">' in progress.content.decode()
    run_worker()
    draft = DraftPdf.objects.get()
    assert draft.is_ready
    page = client.get(reverse("lpsa:draft_progress", args=[ready.slug, draft.pk]))
    assert "The PDF is ready" in page.content.decode()
    assert client.get(reverse("lpsa:draft_file", args=[ready.slug, draft.pk])).content.startswith(b"%PDF")


def test_an_email_the_mail_server_refuses_is_tried_again_later(database_queue, login, cast, at_stage):
    cast["chiefexec"].user.email = "chiefexec@example.org"
    cast["chiefexec"].user.save()
    framework = at_stage(Stage.ONE_CONSULTATION)
    response = login(cast["officer"]).post(
        reverse("lpsa:move", args=[framework.slug, "ask_approval_one"]), {"reason": "Please approve."}
    )
    assert response.status_code == 302
    output = run_worker(EMAIL_BACKEND="tests.mail_backends.UnreachableMailServer")
    assert "Could not send the stage_changed e-mails" in output
    # The worker stopped with the second attempt still waiting for its time.
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["args"] == ["stage_changed", StageChange.objects.get().pk, 2]
    assert retry.run_after > timezone.now() + datetime.timedelta(seconds=30)


def test_the_worker_renders_an_approved_pdf_before_a_draft_asked_for_earlier(database_queue, login, cast, ready):
    ready.stage = Stage.ONE_AWAITING_APPROVAL
    ready.save(update_fields=["stage"])
    login(cast["officer"]).post(reverse("lpsa:draft_pdf", args=[ready.slug]))
    framework_move(framework=ready, move_name="approve_one", user=cast["chiefexec"].user, declared=True)
    # Two tasks: the approval's e-mail, which goes first of all, and one render.
    run_worker("--max-tasks", "2")
    assert Submission.objects.get().is_ready
    assert not DraftPdf.objects.get().is_ready
