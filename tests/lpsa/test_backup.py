"""A backup holds every row and stored PDF; restoring it brings back the same frameworks and bytes."""

import hashlib
import io
import shutil

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
    framework_move(framework=ready, move_name="approve_one", user=cast["chiefexec"].user)
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
    import zipfile

    with zipfile.ZipFile(tmp_path / "other.zip", "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(CommandError, match="not a backup made by backup_data"):
        call_command("restore_data", str(tmp_path / "other.zip"), stdout=io.StringIO())
