"""Evidence files: what is accepted, how it is checked and where it is kept.

A file is accepted when its name ends in one of the kinds councils send (PDF, Excel, CSV,
Word), its contents are that kind (a PDF starts ``%PDF-``; Excel and Word files are zip
packages holding their own main part; a CSV is text), and it is no larger than
EVIDENCE_MAX_BYTES. At most EVIDENCE_MAX_FILES back one return or one check.
"""

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from delivery.models import EVIDENCE_KINDS, Evidence, PerformanceReturn, Verification

#: The part each Office format's package must hold.
MAIN_PART = {".xlsx": "xl/workbook.xml", ".docx": "word/document.xml"}


def _ending(name: str) -> str:
    name = name.lower()
    return next((ending for ending in EVIDENCE_KINDS if name.endswith(ending)), "")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def check_file(upload) -> None:
    """Refuse, in plain words, a file that is not evidence we keep."""
    ending = _ending(upload.name)
    if not ending:
        raise ValidationError(
            "The file must be a PDF, an Excel spreadsheet (.xlsx), a CSV file or a Word document (.docx)."
        )
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"The file must be smaller than {_megabytes(limit)}. This one is {_megabytes(upload.size)}."
        )
    if upload.size == 0:
        raise ValidationError("The file is empty.")
    upload.seek(0)
    head = upload.read(min(upload.size, limit))
    upload.seek(0)
    if not _looks_like(ending, head):
        raise ValidationError(
            f"The file's name says it is a {EVIDENCE_KINDS[ending]}, but it is not one. Check it opens, then try again."
        )


def _looks_like(ending: str, data: bytes) -> bool:
    if ending == ".pdf":
        return data.startswith(b"%PDF-")
    if ending == ".csv":
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                data.decode("cp1252")
            except UnicodeDecodeError:
                return False
        return b"\x00" not in data
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return MAIN_PART[ending] in package.namelist()
    except zipfile.BadZipFile:
        return False


def _clean_name(name: str) -> str:
    """The name people see: its last part, at most 200 characters, keeping the ending."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "evidence"
    ending = _ending(name)
    return name[: 200 - len(ending)] + ending if len(name) > 200 else name


@transaction.atomic
def evidence_add(
    *, upload, user, performance_return: PerformanceReturn | None = None, verification: Verification | None = None
) -> Evidence:
    """Keep an evidence file for a return or an auditor's check, after checking it and the count."""
    owner = performance_return or verification
    # The row of what it backs is locked, so two uploads at once cannot pass the count together.
    type(owner).objects.select_for_update().filter(pk=owner.pk).first()
    if owner.evidence.count() >= settings.EVIDENCE_MAX_FILES:
        raise ValidationError(f"Up to {settings.EVIDENCE_MAX_FILES} files can back one figure. Remove one first.")
    check_file(upload)
    evidence = Evidence(
        performance_return=performance_return,
        verification=verification,
        name=_clean_name(upload.name),
        size=upload.size,
        uploaded_by=user,
    )
    evidence.file.save(evidence.name, upload, save=False)
    evidence.save()
    return evidence
