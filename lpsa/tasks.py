"""Work done by the task worker, away from the web processes: rendering PDFs."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from lpsa.models import DraftPdf, Submission
from lpsa.pdf import Approval, render_submission_pdf
from lpsa.snapshot import framework_snapshot
from partners.permissions import person_of


@task
def render_approved_submission(submission_id: int) -> str:
    """Render an approved submission's PDF from its frozen snapshot, store it and its hash.

    The render (seconds for a large framework) happens outside any transaction; only the
    storing takes the row's lock. Safe to run twice: the first to finish stores its PDF and
    the other leaves it as it is.
    """
    submission = Submission.objects.select_related("approved_by").get(pk=submission_id)
    if submission.is_ready:
        return submission.pdf.name
    approver = submission.approved_by
    person = person_of(approver)
    approval = Approval(
        name=approver.get_full_name() or approver.username,
        job_title=person.job_title if person else "",
        at=submission.approved_at,
    )
    pdf = render_submission_pdf(
        submission.snapshot, stage=submission.stage, version=submission.version, approval=approval
    )
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission_id)
        if locked.is_ready:
            return locked.pdf.name
        name = f"{locked.framework.slug}-stage-{locked.stage}-v{locked.version}.pdf"
        locked.pdf.save(name, ContentFile(pdf), save=False)
        locked.sha256 = hashlib.sha256(pdf).hexdigest()
        try:
            locked.save(update_fields=["pdf", "sha256"])
        except Exception:
            locked.pdf.delete(save=False)
            raise
        return locked.pdf.name


@task
def render_draft(draft_id: int) -> str:
    """Render a framework as it is now, marked DRAFT, for the person who asked."""
    draft = DraftPdf.objects.select_related("framework__council").get(pk=draft_id)
    try:
        pdf = render_submission_pdf(framework_snapshot(draft.framework), stage=draft.stage, version=None, approval=None)
    except Exception:
        DraftPdf.objects.filter(pk=draft_id).update(failed=True, finished_at=timezone.now())
        raise
    draft.pdf.save(f"{draft.framework.slug}-stage-{draft.stage}-draft.pdf", ContentFile(pdf), save=False)
    draft.finished_at = timezone.now()
    draft.save(update_fields=["pdf", "finished_at"])
    return draft.pdf.name
