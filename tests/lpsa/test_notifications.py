"""E-mails never decide a response: the task queue sends them, tries again, and logs failures."""

import logging

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from lpsa.models import Comment, StageChange, Submission
from priorities.models import Indicator, Stage

UNREACHABLE = "tests.mail_backends.UnreachableMailServer"

# On commit, the notification is queued; the commit happens inside the request, as on the site.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def mail_server_down(settings, cast):
    settings.MAILERS = {"default": {"BACKEND": UNREACHABLE}}
    for role in ("officer", "chiefexec"):
        user = cast[role].user
        user.email = f"{role}@example.org"
        user.save()


def lpsa_records(caplog) -> list[tuple[int, str]]:
    return [(record.levelno, record.getMessage()) for record in caplog.records if record.name.startswith("lpsa")]


def assert_failure_was_logged(caplog, kind: str) -> None:
    """Each of the four attempts failed: three were followed by another, the last gave up."""
    records = lpsa_records(caplog)
    retries = [message for level, message in records if level == logging.WARNING]
    assert len(retries) == 3, records
    assert f"Could not send the {kind} e-mails" in retries[0]
    assert "attempt 1 of 4" in retries[0]
    assert "Service not available" in retries[0]
    [gave_up] = [message for level, message in records if level == logging.ERROR]
    assert f"Gave up sending the {kind} e-mails" in gave_up
    assert "after 4 attempts" in gave_up


def test_a_comment_is_saved_when_the_mail_server_is_down(login, cast, ready, mail_server_down, caplog):
    indicator = Indicator.objects.get()
    client = login(cast["wglead"])
    with caplog.at_level(logging.INFO, logger="lpsa"):
        response = client.post(reverse("lpsa:comment_create", args=["indicator", indicator.pk]), {"text": "Why 55?"})
    assert response.status_code == 302
    assert Comment.objects.get().text == "Why 55?"
    assert_failure_was_logged(caplog, "comment_added")


def test_a_stage_move_is_made_when_the_mail_server_is_down(login, cast, at_stage, mail_server_down, caplog):
    framework = at_stage(Stage.ONE_CONSULTATION)
    client = login(cast["officer"])
    with caplog.at_level(logging.INFO, logger="lpsa"):
        response = client.post(
            reverse("lpsa:move", args=[framework.slug, "ask_approval_one"]), {"reason": "Please approve."}
        )
    assert response.status_code == 302
    framework.refresh_from_db()
    assert framework.stage == Stage.ONE_AWAITING_APPROVAL
    assert StageChange.objects.get().to_stage == Stage.ONE_AWAITING_APPROVAL
    assert_failure_was_logged(caplog, "stage_changed")


def test_an_approval_is_made_when_the_mail_server_is_down(login, cast, at_stage, mail_server_down, caplog):
    framework = at_stage(Stage.ONE_AWAITING_APPROVAL)
    client = login(cast["chiefexec"])
    with caplog.at_level(logging.INFO, logger="lpsa"):
        response = client.post(reverse("lpsa:move", args=[framework.slug, "approve_one"]), {"declaration": "on"})
    assert response.status_code == 302
    framework.refresh_from_db()
    assert framework.stage == Stage.ONE_SUBMITTED
    assert Submission.objects.get().is_ready
    assert_failure_was_logged(caplog, "stage_changed")


def test_the_request_only_queues_the_email(login, cast, at_stage, mail_server_down, settings, mailoutbox):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    framework = at_stage(Stage.ONE_CONSULTATION)
    response = login(cast["officer"]).post(
        reverse("lpsa:move", args=[framework.slug, "ask_approval_one"]), {"reason": "Please approve."}
    )
    assert response.status_code == 302
    change = StageChange.objects.get()
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "lpsa.tasks.send_notification"
    assert queued.args_kwargs["args"] == ["stage_changed", change.pk]


def test_with_the_mail_server_up_the_email_is_sent_after_the_commit(login, cast, at_stage, settings, mailoutbox):
    cast["chiefexec"].user.email = "chiefexec@example.org"
    cast["chiefexec"].user.save()
    framework = at_stage(Stage.ONE_CONSULTATION)
    login(cast["officer"]).post(
        reverse("lpsa:move", args=[framework.slug, "ask_approval_one"]), {"reason": "Please approve."}
    )
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["chiefexec@example.org"], f"Please approve \u2068{framework.title}\u2069")
    ]
