"""A backup holds every row and stored PDF; restoring it brings back the same frameworks and bytes."""

import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from lpsa.models import Submission
from lpsa.snapshot import framework_snapshot
from lpsa.workflow import framework_move
from priorities.models import Framework, Stage


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_site_brings_everything_back(cast, ready, tmp_path, client):
    ready.stage = Stage.ONE_AWAITING_APPROVAL
    ready.save(update_fields=["stage"])
    framework_move(framework=ready, move_name="approve_one", user=cast["chiefexec"].user, declared=True)
    submission = Submission.objects.get()
    pdf_hash = hashlib.sha256(submission.pdf.read()).hexdigest()
    snapshot = framework_snapshot(Framework.objects.get())
    history = ready.priorities.get().history.count()

    out = io.StringIO()
    call_command("backup_data", str(tmp_path / "backup.zip"), stdout=out)
    assert "stored files" in out.getvalue()

    # Lose everything: the database and the stored files.
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    assert not Framework.objects.exists()

    out = io.StringIO()
    call_command("restore_data", str(tmp_path / "backup.zip"), stdout=out)
    assert "Every approved PDF matches its hash." in out.getvalue()
    restored = Framework.objects.get()
    assert framework_snapshot(restored) == snapshot
    assert restored.priorities.get().history.count() == history
    client.force_login(
        cast["officer"].user.__class__.objects.get(username="officer"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    response = client.get(reverse("lpsa:submission_pdf", args=[Submission.objects.get().pk]))
    assert hashlib.sha256(response.content).hexdigest() == pdf_hash


def test_restore_refuses_to_mix_with_existing_frameworks(ready, tmp_path):
    call_command("backup_data", str(tmp_path / "backup.zip"), stdout=io.StringIO())
    with pytest.raises(CommandError, match="already holds frameworks"):
        call_command("restore_data", str(tmp_path / "backup.zip"), stdout=io.StringIO())


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(CommandError, match="not a backup made by backup_data"):
        call_command("restore_data", str(tmp_path / "other.zip"), stdout=io.StringIO())


def files_in_storage() -> list[Path]:
    return sorted(path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file())


def approved(cast, framework) -> Submission:
    framework.stage = Stage.ONE_AWAITING_APPROVAL
    framework.save(update_fields=["stage"])
    framework_move(framework=framework, move_name="approve_one", user=cast["chiefexec"].user, declared=True)
    return Submission.objects.get(framework=framework)


def with_a_pdf_altered(backup: Path, into: Path) -> None:
    """A copy of the backup whose approved PDF no longer matches its hash."""
    with zipfile.ZipFile(backup) as original, zipfile.ZipFile(into, "w") as altered:
        for name in original.namelist():
            data = original.read(name)
            altered.writestr(name, data + b"altered" if name.endswith(".pdf") else data)


@pytest.mark.django_db(transaction=True)
def test_a_backup_taken_while_a_pdf_is_rendering_restores_and_renders_it(cast, ready, tmp_path, settings, login):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # no worker yet
    submission = approved(cast, ready)
    assert not submission.is_ready
    out = io.StringIO()
    call_command("backup_data", str(tmp_path / "backup.zip"), stdout=out)
    assert "1 approved submission(s) had no PDF yet" in out.getvalue()

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    out = io.StringIO()
    call_command("restore_data", str(tmp_path / "backup.zip"), stdout=out)
    assert "1 submission(s) without their PDF yet were queued to render." in out.getvalue()
    restored = Submission.objects.get()
    assert restored.is_ready
    client = login(cast["officer"].__class__.objects.get(user__username="officer"))
    response = client.get(reverse("lpsa:submission_pdf", args=[restored.pk]))
    assert hashlib.sha256(response.content).hexdigest() == restored.sha256


@pytest.mark.django_db(transaction=True)
def test_a_refused_restore_writes_no_files(cast, ready, tmp_path, settings):
    approved(cast, ready)
    call_command("backup_data", str(tmp_path / "backup.zip"), stdout=io.StringIO())
    with_a_pdf_altered(tmp_path / "backup.zip", tmp_path / "altered.zip")
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)

    with pytest.raises(CommandError, match="do not match their recorded hashes"):
        call_command("restore_data", str(tmp_path / "altered.zip"), stdout=io.StringIO())
    assert files_in_storage() == []
    assert not Framework.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_refused_replace_leaves_the_site_and_its_files_as_they_were(cast, ready, tmp_path, login):
    submission = approved(cast, ready)
    before = {path: path.read_bytes() for path in files_in_storage()}
    call_command("backup_data", str(tmp_path / "backup.zip"), stdout=io.StringIO())
    with_a_pdf_altered(tmp_path / "backup.zip", tmp_path / "altered.zip")

    with pytest.raises(CommandError, match="do not match their recorded hashes"):
        call_command("restore_data", str(tmp_path / "altered.zip"), "--replace", stdout=io.StringIO())
    assert {path: path.read_bytes() for path in files_in_storage()} == before
    response = login(cast["officer"]).get(reverse("lpsa:submission_pdf", args=[submission.pk]))
    assert hashlib.sha256(response.content).hexdigest() == submission.sha256


def test_a_backup_leaves_out_the_task_queue_and_draft_pdfs(cast, ready, tmp_path, settings, login):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    login(cast["officer"]).post(reverse("lpsa:draft_pdf", args=[ready.slug]))
    call_command("backup_data", str(tmp_path / "backup.zip"), stdout=io.StringIO())
    with zipfile.ZipFile(tmp_path / "backup.zip") as archive:
        models = {row["model"] for row in json.loads(archive.read("data.json"))}
    assert "priorities.framework" in models
    assert "lpsa.draftpdf" not in models
    assert "django_tasks_database.dbtaskresult" not in models
