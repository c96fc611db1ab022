"""Actions that write several things at once: approving a submission, commenting."""

import hashlib

from django.db import transaction
from django.db.models import Max

from lpsa.models import Comment, DraftPdf, NegotiationEntry, Submission
from lpsa.snapshot import framework_snapshot
from lpsa.tasks import render_approved_submission, render_draft
from priorities.models import Framework, Indicator, Target


@transaction.atomic
def submission_create(*, framework: Framework, stage: str, approved_by) -> Submission:
    """Freeze the framework as approved: snapshot and next version now, the PDF by the worker.

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
    )
    submission.full_clean(exclude=["pdf", "sha256"])
    submission.save()
    render_approved_submission.enqueue(submission.pk)
    return submission


def submission_bytes(submission: Submission) -> bytes:
    """The stored PDF, checked against the hash taken when it was rendered."""
    with submission.pdf.open("rb") as stored:
        data = stored.read()
    if hashlib.sha256(data).hexdigest() != submission.sha256:
        raise ValueError(f"The stored PDF of {submission} does not match its recorded SHA-256.")
    return data


@transaction.atomic
def comment_create(*, author, text: str, subject, parent: Comment | None = None) -> Comment:
    """Add a comment or a reply on an indicator, priority or target, and tell the people concerned."""
    from lpsa.notify import comment_added
    from priorities.models import Priority

    fields = {
        "priority": subject if isinstance(subject, Priority) else None,
        "indicator": subject if isinstance(subject, Indicator) else None,
        "target": subject if isinstance(subject, Target) else None,
    }
    comment = Comment(framework=subject.framework, author=author, text=text, parent=parent, **fields)
    comment.full_clean()
    comment.save()
    transaction.on_commit(lambda: comment_added(comment))
    return comment


@transaction.atomic
def negotiation_record(*, target, user, kind: str, without_lpsa, with_lpsa, note: str = "") -> NegotiationEntry:
    """Record an offer, a counter-offer or the agreed figures of a target.

    Agreed figures become the target's own, with the reason kept in its history, and the
    target is marked agreed; once all its targets are agreed, so is the indicator.
    """
    entry = NegotiationEntry.objects.create(
        target=target, kind=kind, without_lpsa=without_lpsa, with_lpsa=with_lpsa, note=note, recorded_by=user
    )
    if kind == NegotiationEntry.Kind.AGREED:
        locked = Target.objects.select_for_update().get(pk=target.pk)
        locked.without_lpsa, locked.with_lpsa = without_lpsa, with_lpsa
        locked.status = Indicator.Status.AGREED
        locked._change_reason = "Agreed with government in negotiation"
        locked.version += 1
        locked.save()
        indicator = locked.indicator
        if not indicator.targets.exclude(status=Indicator.Status.AGREED).exists():
            indicator.status = Indicator.Status.AGREED
            indicator._change_reason = "All its targets agreed with government"
            indicator.version += 1
            indicator.save(update_fields=["status", "version"])
    return entry


@transaction.atomic
def draft_pdf_request(*, framework: Framework, stage: str, user) -> DraftPdf:
    """Ask the worker for a draft PDF of the framework as it is now."""
    draft = DraftPdf.objects.create(framework=framework, stage=stage, requested_by=user)
    render_draft.enqueue(draft.pk)
    return draft
