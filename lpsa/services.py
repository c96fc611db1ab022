"""Actions that write several things at once: approving a submission, commenting, negotiating."""

import datetime
import hashlib
import logging
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from lpsa.models import Comment, DepartmentSignOff, DraftPdf, NegotiationEntry, Submission
from lpsa.snapshot import framework_snapshot, snapshot_item
from lpsa.tasks import notify_on_commit, render_approved_submission, render_draft
from priorities.models import Framework, Indicator, Target

logger = logging.getLogger(__name__)


@transaction.atomic
def submission_create(
    *,
    framework: Framework,
    stage: str,
    approved_by,
    declaration: str = "",
    declared_at: datetime.datetime | None = None,
) -> Submission:
    """Freeze the framework as approved: snapshot and next version now, the PDF by the worker.

    ``declaration`` is what the approver ticked, at ``declared_at``; both are kept with it.

    The task is queued in the same transaction as the row, so a worker never sees one
    without the other, and a failed approval queues nothing.
    """
    last = Submission.objects.filter(framework=framework, stage=stage).aggregate(Max("version"))["version__max"]
    submission = Submission(
        framework=framework,
        stage=stage,
        version=(last or 0) + 1,
        approved_by=approved_by,
        snapshot=framework_snapshot(framework),
        render_queued_at=timezone.now(),
        declaration=declaration,
        declared_by=approved_by if declaration else None,
        declared_at=(declared_at or timezone.now()) if declaration else None,
    )
    submission.full_clean(exclude=["pdf", "sha256"])
    submission.save()
    render_approved_submission.enqueue(submission.pk)
    return submission


def submission_render_again(*, submission: Submission, patience: datetime.timedelta) -> bool:
    """Queue the PDF again if it is still missing ``patience`` after it was last queued.

    A worker that died half way leaves its task unfinished, so the page that waits for the
    PDF asks again. However many people wait, one render is queued per ``patience``: the
    first request to move ``render_queued_at`` on, in one UPDATE, is the one that queues it.
    Rendering twice is harmless anyway, since the task does nothing once the PDF is there.
    """
    now = timezone.now()
    cutoff = now - patience
    claimed = (
        Submission.objects.filter(pk=submission.pk, sha256="")
        .filter(Q(render_queued_at__lt=cutoff) | Q(render_queued_at__isnull=True, approved_at__lt=cutoff))
        .update(render_queued_at=now)
    )
    if claimed:
        render_approved_submission.enqueue(submission.pk)
    return bool(claimed)


def submission_bytes(submission: Submission) -> bytes:
    """The stored PDF, checked against the hash taken when it was rendered."""
    with submission.pdf.open("rb") as stored:
        data = stored.read()
    if hashlib.sha256(data).hexdigest() != submission.sha256:
        # The file was changed or damaged in storage: someone must look, whoever asked for it.
        logger.error(
            "The stored PDF %s of submission %s does not match its SHA-256.", submission.pdf.name, submission.pk
        )
        raise ValueError(f"The stored PDF of {submission} does not match its recorded SHA-256.")
    return data


def latest_submission_holding(framework: Framework, kind: str, pk: int) -> Submission | None:
    """The newest submission of the framework in which this item was sent to government."""
    for submission in framework.submissions.order_by("-approved_at", "-pk"):
        if snapshot_item(submission.snapshot, kind, pk) is not None:
            return submission
    return None


@transaction.atomic
def comment_create(
    *,
    author,
    text: str,
    subject,
    parent: Comment | None = None,
    visibility: str = Comment.Visibility.COUNCIL,
    submission: Submission | None = None,
) -> Comment:
    """Add a comment or a reply on an indicator, priority or target, and tell the people concerned.

    A reply belongs to its thread's audience. A new thread with government is about the item as
    it was last submitted (or as in ``submission``, when a reviewer comments on one), and is
    refused when government has never been sent the item.
    """
    from priorities.models import Priority

    kind = "priority" if isinstance(subject, Priority) else "indicator" if isinstance(subject, Indicator) else "target"
    if subject.framework.is_closed:
        raise ValidationError({"text": "This framework is closed, so no more comments can be added to it."})
    if parent is not None:
        visibility, submission = parent.visibility, parent.submission
    elif visibility == Comment.Visibility.GOVERNMENT and submission is None:
        submission = latest_submission_holding(subject.framework, kind, subject.pk)
        if submission is None:
            raise ValidationError(
                {
                    "visibility": "Government has not been sent this item yet, so only the council can read comments on it."
                }
            )
    comment = Comment(
        framework=subject.framework,
        author=author,
        text=text,
        parent=parent,
        visibility=visibility,
        submission=submission,
        **{kind: subject},
    )
    comment.full_clean()
    comment.save()
    notify_on_commit("comment_added", comment.pk)
    return comment


class NegotiationRefused(Exception):
    """The offer cannot be answered now; the message says why in plain words."""


def _refuse_if_closed(target: Target) -> None:
    if Framework.objects.filter(pk=target.framework.pk, closed_at__isnull=False).exists():
        raise NegotiationRefused("This framework is closed, so its targets can no longer be negotiated.")


_FIGURES = ["without_lpsa", "with_lpsa", "interim_without_lpsa", "interim_with_lpsa"]


@transaction.atomic
def negotiation_offer(
    *,
    target: Target,
    user,
    side: str,
    without_lpsa,
    with_lpsa,
    interim_without_lpsa=None,
    interim_with_lpsa=None,
    note="",
) -> NegotiationEntry:
    """Put figures to the other side. An open offer of the other side is thereby countered,
    an open one of the same side revised; either way only the new one waits for an answer."""
    _refuse_if_closed(target)
    # One offer at a time per target: the second of two at once waits here, then sees the first.
    locked = Target.objects.select_for_update().filter(pk=target.pk).first()
    if locked.status == Indicator.Status.AGREED and locked.negotiation.exists():
        raise NegotiationRefused(
            "These figures are agreed. Once the council changes them, they can be negotiated again."
        )
    entry = NegotiationEntry(
        target=target,
        kind=side,
        without_lpsa=without_lpsa,
        with_lpsa=with_lpsa,
        interim_without_lpsa=interim_without_lpsa,
        interim_with_lpsa=interim_with_lpsa,
        note=note,
        recorded_by=user,
    )
    entry.full_clean(exclude=["state"], validate_constraints=False)
    waiting = NegotiationEntry.objects.filter(target=target, state=NegotiationEntry.State.OPEN).first()
    if waiting is not None:
        waiting.state = NegotiationEntry.State.REVISED if waiting.kind == side else NegotiationEntry.State.COUNTERED
        waiting.answered_by = user
        waiting.answered_at = timezone.now()
        waiting.save(update_fields=["state", "answered_by", "answered_at"])
    entry.save()
    notify_on_commit("offer_made", entry.pk)
    return entry


@transaction.atomic
def negotiation_accept(*, entry: NegotiationEntry, user, side: str) -> NegotiationEntry:
    """The other side accepts an open offer: its figures, final and interim, become the target's,
    the target is agreed, and so is its indicator once all the indicator's targets are."""
    target = Target.objects.select_for_update().select_related("indicator").get(pk=entry.target_id)
    _refuse_if_closed(target)
    entry = NegotiationEntry.objects.select_for_update().get(pk=entry.pk)
    if not entry.is_open:
        raise NegotiationRefused("This offer has already been answered, so it cannot be accepted now.")
    if entry.kind == side:
        raise NegotiationRefused("Your side made this offer. The other side accepts it or answers it.")
    changed = ["status", "version"]
    for name in _FIGURES:
        value = getattr(entry, name)
        if value is not None or name in ("without_lpsa", "with_lpsa"):
            setattr(target, name, value)
            changed.append(name)
    target.status = Indicator.Status.AGREED
    accepter = user.get_full_name() or user.username
    target._change_reason = f"Agreed in negotiation: {entry.get_kind_display().lower()} accepted by {accepter}"
    target.version += 1
    target.save(update_fields=changed)
    entry.state = NegotiationEntry.State.ACCEPTED
    entry.answered_by = user
    entry.answered_at = timezone.now()
    entry.save(update_fields=["state", "answered_by", "answered_at"])
    indicator = target.indicator
    if not indicator.targets.exclude(status=Indicator.Status.AGREED).exists():
        indicator.status = Indicator.Status.AGREED
        indicator._change_reason = "All its targets agreed with government"
        indicator.version += 1
        indicator.save(update_fields=["status", "version"])
    notify_on_commit("offer_accepted", entry.pk)
    return entry


class DraftRefused(Exception):
    """A draft PDF cannot be asked for now; the message says why and what to do, in plain words."""


#: A draft still not made after this long is given up on: asking again queues a new one.
DRAFT_PATIENCE = datetime.timedelta(minutes=15)
RATE_WINDOW = datetime.timedelta(hours=1)


@transaction.atomic
def draft_pdf_request(*, framework: Framework, stage: str, user) -> DraftPdf:
    """Ask the worker for a draft PDF of the framework as it is now, within bounds.

    Asking again while a draft of the framework is being made for the same person gives that
    one. Each person may ask for DRAFT_PDFS_PER_HOUR drafts an hour (DraftRefused beyond),
    and a framework of more than DRAFT_PDF_MAX_TARGETS targets is refused before anything is
    queued, with the reason on the draft's progress page. The person's drafts older than
    DRAFT_PDF_KEEP_HOURS are deleted on the way.
    """
    # One request at a time per person, so that the checks below count exactly.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    now = timezone.now()
    draft_pdfs_delete(DraftPdf.objects.filter(requested_by=user, requested_at__lt=now - _keep()))
    mine = DraftPdf.objects.filter(framework=framework, requested_by=user)
    pending = mine.filter(finished_at__isnull=True).first()
    if pending and now - pending.requested_at < DRAFT_PATIENCE:
        return pending
    if pending:
        pending.failed, pending.finished_at = True, now
        minutes = round(DRAFT_PATIENCE.total_seconds() / 60)
        pending.failure = f"It was still not ready after {minutes} minutes, so a new draft was asked for."
        pending.save(update_fields=["failed", "finished_at", "failure"])
    asked = list(
        DraftPdf.objects.filter(requested_by=user, requested_at__gte=now - RATE_WINDOW).values_list(
            "requested_at", flat=True
        )
    )
    if len(asked) >= settings.DRAFT_PDFS_PER_HOUR:
        wait = min(asked) + RATE_WINDOW - now
        minutes = max(1, round(wait.total_seconds() / 60))
        raise DraftRefused(
            f"You have asked for {len(asked)} draft PDFs in the last hour, which is as many as anyone may. "
            f"Try again in {minutes} minute{'s' if minutes != 1 else ''}. "
            "The preview shows the same document at once."
        )
    targets = Target.objects.filter(indicator__target_area__priority__framework=framework).count()
    draft = DraftPdf(framework=framework, stage=stage, requested_by=user, requested_at=now)
    if targets > settings.DRAFT_PDF_MAX_TARGETS:
        # Refused before any work is queued; the progress page says why.
        draft.failed, draft.finished_at = True, now
        draft.failure = (
            f"This framework has {targets:,} targets, and a draft PDF can hold at most "
            f"{settings.DRAFT_PDF_MAX_TARGETS:,}. Read it in the preview, or export its "
            "indicators and targets as a spreadsheet."
        )
        draft.save()
        return draft
    try:
        with transaction.atomic():
            draft.save()
    except IntegrityError:
        # Another request of the same person queued one a moment ago: show that one.
        return mine.get(finished_at__isnull=True)
    render_draft.enqueue(draft.pk)
    return draft


def _keep() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.DRAFT_PDF_KEEP_HOURS)


def draft_pdfs_delete(drafts: QuerySet[DraftPdf]) -> int:
    """Delete these drafts, and their files once the deletion is committed; return how many."""
    names = [name for name in drafts.values_list("pdf", flat=True) if name]
    deleted, _ = drafts.delete()
    if names:
        transaction.on_commit(partial(_delete_files, names))
    return deleted


def draft_pdfs_clean() -> int:
    """Delete every draft PDF asked for more than DRAFT_PDF_KEEP_HOURS ago, with its file."""
    return draft_pdfs_delete(DraftPdf.objects.filter(requested_at__lt=timezone.now() - _keep()))


def _delete_files(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError as error:
            # The row is gone already; a file left behind only takes space.
            logger.warning("Could not delete the draft PDF file %s: %s", name, error)


def submitted_agreement_target(submission: Submission, agreement_target_id: int) -> dict | None:
    """One numbered target as the submission holds it, or None (older snapshots hold none)."""
    for target in submission.snapshot.get("agreement_targets", []):
        if target["id"] == agreement_target_id:
            return target
    return None


@transaction.atomic
def department_sign_off_record(*, submission: Submission, agreement_target_id: int, user) -> DepartmentSignOff:
    """Record that a numbered target's lead government department signed it off, as submitted.

    Refused, with a plain message, for a target the submission does not hold, one naming no
    department, and one already signed off.
    """
    target = submitted_agreement_target(submission, agreement_target_id)
    if target is None:
        raise ValidationError("This submission has no such numbered target.")
    name = f"Target {target['number']} “{target['title']}”"
    department = (target.get("lead_department") or "").strip()
    if not department:
        raise ValidationError(
            f"{name} names no lead government department, so no department can sign it off. "
            "Ask the council to name one and submit again."
        )
    # Locked, so that two reviewers pressing the button at once record one sign-off.
    Submission.objects.select_for_update().filter(pk=submission.pk).first()
    if DepartmentSignOff.objects.filter(submission=submission, agreement_target_id=agreement_target_id).exists():
        raise ValidationError(f"{name} is already signed off by {department}.")
    sign_off = DepartmentSignOff(
        submission=submission, agreement_target_id=agreement_target_id, department=department, signed_by=user
    )
    sign_off.full_clean()
    sign_off.save()
    return sign_off
