"""Back up and restore everything: the database's rows and the stored PDFs, in one zip file."""

import hashlib
import io
import json
import tempfile
import zipfile
from functools import partial
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, models, transaction
from django.utils import timezone

from lpsa.models import Submission
from lpsa.tasks import render_approved_submission
from priorities import content
from priorities.models import Framework

# Rows Django rebuilds itself, that only matter to a running session, or that are work in
# progress: the task queue (a restore queues again what it needs) and draft PDFs (deleted
# after a day, and asked for again in a moment).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "django_tasks_database", "lpsa.draftpdf"]


class BackupFailed(Exception):
    pass


class RestoreRefused(Exception):
    pass


def _files_of(rows: list[dict]) -> list[str]:
    """The stored files the dumped rows refer to, in their order."""
    names = []
    for row in rows:
        model = apps.get_model(row["model"])
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField) and row["fields"].get(field.name):
                names.append(row["fields"][field.name])
    return names


def backup(path: Path) -> dict:
    """Write every row, and every stored file a row refers to, into a zip at ``path``.

    Rows and files are read in one transaction (REPEATABLE READ on PostgreSQL), so the backup
    is the site at one moment: a PDF still being rendered is a submission without its file
    and hash, which a restore queues again, never a row that names a file the zip lacks.
    """
    rows = io.StringIO()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        call_command("dumpdata", exclude=EXCLUDED, natural_foreign=True, natural_primary=True, stdout=rows)
        dumped = json.loads(rows.getvalue())
        files = _files_of(dumped)
        waiting = [row["pk"] for row in dumped if row["model"] == "lpsa.submission" and not row["fields"].get("sha256")]
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("data.json", rows.getvalue())
            for name in files:
                try:
                    with default_storage.open(name, "rb") as stored:
                        archive.writestr(f"media/{name}", stored.read())
                except FileNotFoundError as missing:
                    raise BackupFailed(
                        f"The stored file {name} is missing, so this backup would be incomplete."
                    ) from missing
            manifest = {"rows": len(dumped), "files": len(files), "waiting_for_pdf": len(waiting)}
            archive.writestr("manifest.json", json.dumps(manifest))
    return manifest


class _Writes:
    """Files a restore put into storage, and what they replaced, so that a failure undoes them."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.written: list[str] = []
        self.replaced: dict[str, Path] = {}

    def save(self, name: str, data: bytes) -> None:
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as stored:
                before = stored.read()
            if before == data:
                return
            kept = self.folder / str(len(self.replaced))
            kept.write_bytes(before)
            self.replaced[name] = kept
            default_storage.delete(name)
        saved = default_storage.save(name, ContentFile(data))
        self.written.append(saved)
        if saved != name:
            raise RestoreRefused(f"The storage would not keep {name} under its own name.")

    def undo(self) -> None:
        for name in self.written:
            default_storage.delete(name)
        for name, kept in self.replaced.items():
            default_storage.save(name, ContentFile(kept.read_bytes()))


def restore(path: Path, *, replace: bool = False) -> dict:
    """Load a backup into this database and storage. Refuses to mix with existing frameworks.

    Everything is checked before any file is written: the rows load, and every approved PDF
    in the zip matches its recorded hash. Only then are the files written, and if anything
    fails after that, those files are removed and any they replaced put back, as the rows
    are rolled back. Submissions backed up before their PDF was rendered are queued again.
    """
    if Framework.objects.exists() and not replace:
        raise RestoreRefused("This database already holds frameworks. Restore into an empty one, or use --replace.")
    with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory() as folder:
        names = archive.namelist()
        if "data.json" not in names:
            raise RestoreRefused("This is not a backup made by backup_data: it has no data.json.")
        media = {
            name.removeprefix("media/"): name for name in names if name.startswith("media/") and not name.endswith("/")
        }
        writes = _Writes(Path(folder))
        try:
            with transaction.atomic():
                if replace:
                    call_command("flush", interactive=False, verbosity=0)
                data = Path(folder) / "data.json"
                data.write_bytes(archive.read("data.json"))
                call_command("loaddata", str(data), verbosity=0)
                content.bump_all()
                waiting = _check_submissions(archive, media)
                Submission.objects.filter(pk__in=waiting).update(render_queued_at=timezone.now())
                for stored_name, member in media.items():
                    writes.save(stored_name, archive.read(member))
                transaction.on_commit(partial(_render_again, waiting), robust=True)
        except BaseException:
            writes.undo()
            raise
    return {
        "files": len(media),
        "frameworks": Framework.objects.count(),
        "submissions": Submission.objects.count(),
        "waiting_for_pdf": len(waiting),
    }


def _check_submissions(archive: zipfile.ZipFile, media: dict[str, str]) -> list[int]:
    """Refuse unless every approved PDF is in the zip and matches its hash; return those still to render."""
    broken, waiting = [], []
    for submission in Submission.objects.defer("snapshot"):
        if not submission.sha256:
            waiting.append(submission.pk)
            continue
        member = media.get(submission.pdf.name)
        if member is None or hashlib.sha256(archive.read(member)).hexdigest() != submission.sha256:
            broken.append(str(submission))
    if broken:
        raise RestoreRefused(f"These approved PDFs do not match their recorded hashes: {', '.join(broken)}.")
    return waiting


def _render_again(submission_ids: list[int]) -> None:
    for pk in submission_ids:
        render_approved_submission.enqueue(pk)
