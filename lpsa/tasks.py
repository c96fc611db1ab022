"""Work done by the task worker, away from the web processes: rendering PDFs, sending e-mail."""

import hashlib
import logging
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from lpsa import notify
from lpsa.models import DraftPdf, InboxItem, Submission
from lpsa.pdf import RenderStopped, approval_of, render_submission_pdf_in_child
from lpsa.snapshot import framework_snapshot
from partners.tasks import MAIL_PRIORITY, send_or_try_again

logger = logging.getLogger(__name__)

# The worker takes the highest priority first: e-mails, which take a moment, then approved
# PDFs, which government and the council wait for, then drafts, which one person asked for.
# (MAIL_PRIORITY and the e-mails' retries are the partners app's, shared by every mail task.)
APPROVED_PDF_PRIORITY = 10
DRAFT_PDF_PRIORITY = 0


def notify_on_commit(kind: str, pk: int) -> None:
    """Queue the ``kind`` notification about row ``pk`` for when the current transaction commits.

    By then the row is there for the worker to read, and an action rolled back tells nobody.
    The request neither waits for the mail server nor fails with it; even a queue that
    cannot be reached is only logged (``robust``), since the action itself is saved.
    """
    if kind not in notify.NOTIFICATIONS:
        raise ValueError(f"There is no notification called {kind!r}.")
    transaction.on_commit(partial(send_notification.enqueue, kind, pk), robust=True)


def write_inbox(kind: str, notices: list[notify.Notice]) -> None:
    """One inbox item for each person told, whether or not they have an e-mail address."""
    InboxItem.objects.bulk_create(
        InboxItem(
            recipient=notice.user,
            kind=kind,
            subject=notice.subject[:300],
            summary=notice.summary,
            link=notice.link[:500],
            framework_id=notice.framework_id,
        )
        for notice in notices
    )


@task(priority=MAIL_PRIORITY)
def send_notification(kind: str, pk: int, attempt: int = 1) -> int:
    """Tell the people concerned of one event: an item in each one's inbox, and an e-mail to
    each address; if the mail server fails, try the e-mails again later.

    The notices are written when the task runs, from the row as it is then; the inbox items
    on the first attempt only, so a retry sends the e-mails without a second copy. Attempt
    n + 1 is queued MAIL_RETRY_DELAYS[n - 1] later (at once on a backend that cannot wait),
    and after the last one the failure is logged as an error and the task fails.
    """
    notices = notify.NOTIFICATIONS[kind](pk)
    if attempt == 1:
        write_inbox(kind, notices)
    messages = notify.messages(notices)
    if not messages:
        return 0
    return send_or_try_again(
        messages, retry=send_notification, kind=kind, pk=pk, attempt=attempt, log=logger, what="e-mails"
    )


@task(priority=APPROVED_PDF_PRIORITY)
def render_approved_submission(submission_id: int) -> str:
    """Render an approved submission's PDF from its frozen snapshot, store it and its hash.

    The render (seconds for a large framework) happens outside any transaction; only the
    storing takes the row's lock. Safe to run twice: the first to finish stores its PDF and
    the other leaves it as it is.
    """
    submission = Submission.objects.select_related("approved_by").get(pk=submission_id)
    if submission.is_ready:
        return submission.pdf.name
    approval = approval_of(submission)
    try:
        pdf = render_submission_pdf_in_child(
            submission.snapshot, stage=submission.stage, version=submission.version, approval=approval
        )
    except Exception:
        # Approved and waited for: someone must look. The page asks again after RENDER_PATIENCE.
        logger.exception("Could not render the PDF of submission %s (%s).", submission_id, submission)
        raise
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


@task(priority=DRAFT_PDF_PRIORITY)
def render_draft(draft_id: int) -> str:
    """Render a framework as it is now, marked DRAFT, for the person who asked."""
    draft = DraftPdf.objects.select_related("framework__council").filter(pk=draft_id, finished_at=None).first()
    if draft is None:
        # Deleted, or given up on and asked for again, before the worker came to it.
        return ""
    try:
        pdf = render_submission_pdf_in_child(
            framework_snapshot(draft.framework), stage=draft.stage, version=None, approval=None
        )
    except Exception as error:
        logger.exception("Could not render draft PDF %s of %s.", draft_id, draft.framework)
        # A limit it went past is worth telling the person who asked; anything else is ours.
        failure = str(error) if isinstance(error, RenderStopped) else ""
        DraftPdf.objects.filter(pk=draft_id).update(failed=True, finished_at=timezone.now(), failure=failure)
        raise
    draft.pdf.save(f"{draft.framework.slug}-stage-{draft.stage}-draft.pdf", ContentFile(pdf), save=False)
    draft.finished_at = timezone.now()
    draft.save(update_fields=["pdf", "finished_at"])
    return draft.pdf.name
