"""Back up and restore everything: the database's rows and the stored PDFs, in one zip file."""

import hashlib
import io
import json
import tempfile
import zipfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction

from lpsa.models import Submission
from priorities.models import Framework

# Rows Django rebuilds itself, or that only matter to a running session.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


def stored_files(storage=default_storage, folder: str = "") -> list[str]:
    folders, files = storage.listdir(folder) if storage.exists(folder or ".") else ([], [])
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in folders:
        names += stored_files(storage, f"{folder}/{sub}" if folder else sub)
    return names


def backup(path: Path) -> dict:
    """Write every row and every stored file into a zip at ``path``; return what it holds."""
    rows = io.StringIO()
    call_command("dumpdata", exclude=EXCLUDED, natural_foreign=True, natural_primary=True, stdout=rows)
    files = stored_files()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", rows.getvalue())
        for name in files:
            with default_storage.open(name, "rb") as stored:
                archive.writestr(f"media/{name}", stored.read())
        manifest = {"rows": len(json.loads(rows.getvalue())), "files": len(files)}
        archive.writestr("manifest.json", json.dumps(manifest))
    return manifest


class RestoreRefused(Exception):
    pass


@transaction.atomic
def restore(path: Path, *, replace: bool = False) -> dict:
    """Load a backup into this database and storage. Refuses to mix with existing frameworks."""
    if Framework.objects.exists() and not replace:
        raise RestoreRefused("This database already holds frameworks. Restore into an empty one, or use --replace.")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if "data.json" not in names:
            raise RestoreRefused("This is not a backup made by backup_data: it has no data.json.")
        if replace:
            call_command("flush", interactive=False, verbosity=0)
        with tempfile.TemporaryDirectory() as folder:
            data = Path(folder) / "data.json"
            data.write_bytes(archive.read("data.json"))
            call_command("loaddata", str(data), verbosity=0)
        restored = 0
        for name in names:
            if not name.startswith("media/") or name.endswith("/"):
                continue
            stored_name = name.removeprefix("media/")
            if default_storage.exists(stored_name):
                default_storage.delete(stored_name)
            default_storage.save(stored_name, ContentFile(archive.read(name)))
            restored += 1
    broken = [str(s) for s in Submission.objects.all() if hashlib.sha256(s.pdf.read()).hexdigest() != s.sha256]
    if broken:
        raise RestoreRefused(f"These approved PDFs do not match their recorded hashes: {', '.join(broken)}.")
    return {"files": restored, "frameworks": Framework.objects.count(), "submissions": Submission.objects.count()}
