import datetime
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from lpsa import permissions as perms
from lpsa import services
from lpsa.compare import compare, sentence_case
from lpsa.forms import CommentForm, MoveForm, NegotiationForm
from lpsa.models import DraftPdf, NegotiationEntry
from lpsa.pdf import submission_context
from lpsa.snapshot import framework_snapshot
from lpsa.tasks import render_approved_submission
from lpsa.workflow import MOVES_BY_NAME, MoveRefused, blockers, framework_move, may_make, next_moves
from priorities.models import Framework, Indicator, IndicatorActivity, Priority, Target, TargetArea
from priorities.permissions import get_framework_for_user, get_visible, require
from priorities.templatetags.figures import figure

# --- workflow ---------------------------------------------------------------------------


def _workflow_page(request, framework: Framework, failed: tuple[str, MoveForm] | None = None, status: int = 200):
    rows = []
    for move in next_moves(framework):
        if failed and failed[0] == move.name:
            form = failed[1]
        else:
            form = MoveForm(submit_text=move.label, needs_reason=move.needs_reason, warning=move.style == "warning")
        rows.append(
            {
                "move": move,
                "allowed": may_make(request.user, framework, move),
                "blockers": blockers(framework, move),
                "form": form,
                "action": reverse("lpsa:move", args=[framework.slug, move.name]),
            }
        )
    context = {
        "framework": framework,
        "rows": rows,
        "failed_form": failed[1] if failed else None,
        "timeline": framework.stage_changes.select_related("by"),
        # The snapshots are large JSON documents this page does not show.
        "submissions": framework.submissions.defer("snapshot").select_related("approved_by").order_by("-approved_at"),
        "is_reviewer": perms.is_reviewer(request.user),
    }
    return render(request, "lpsa/workflow.html", context, status=status)


def workflow(request: HttpRequest, slug: str) -> HttpResponse:
    return _workflow_page(request, perms.get_framework_for_workflow(request.user, slug))


@require_POST
def move(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    framework = perms.get_framework_for_workflow(request.user, slug)
    step = MOVES_BY_NAME.get(name)
    if step is None:
        raise Http404("No such step.")
    require(may_make(request.user, framework, step))
    form = MoveForm(
        request.POST, submit_text=step.label, needs_reason=step.needs_reason, warning=step.style == "warning"
    )
    if form.is_valid():
        try:
            change = framework_move(
                framework=framework, move_name=name, user=request.user, reason=form.cleaned_data.get("reason", "")
            )
        except MoveRefused as refused:
            for problem in refused.problems:
                form.add_error(None, problem)
        else:
            messages.success(request, f"Done: the framework is now at “{change.get_to_stage_display()}”.")
            return redirect("lpsa:workflow", framework.slug)
    framework.refresh_from_db()
    return _workflow_page(request, framework, failed=(name, form), status=400)


# --- comments ---------------------------------------------------------------------------


def _safe_next(request: HttpRequest, default: str) -> str:
    """Where a form said to go back to, if it is a path on this site; otherwise ``default``."""
    back = request.POST.get("next", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return default


SUBJECTS = {
    "priority": (Priority, "framework"),
    "indicator": (Indicator, "target_area__priority__framework"),
    "target": (Target, "indicator__target_area__priority__framework"),
}


def _comment_page(request, *, subject, form, title, thread=None, status=200):
    context = {"form": form, "title": title, "subject": subject, "thread": thread, "framework": subject.framework}
    return render(request, "lpsa/comment_form.html", context, status=status)


def comment_create(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in SUBJECTS:
        raise Http404("No such item.")
    model, path = SUBJECTS[kind]
    subject = perms.get_subject(request.user, model, pk, framework_path=path)
    require(perms.can_comment(request.user, subject.framework))
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.comment_create(author=request.user, text=form.cleaned_data["text"], subject=subject)
        messages.success(request, "Your comment was added.")
        back = _safe_next(request, subject.get_absolute_url().split("#")[0] + "#comments")
        return HttpResponseRedirect(back)
    status = 400 if form.is_bound else 200
    return _comment_page(request, subject=subject, form=form, title=f"Comment on “{subject}”", status=status)


def comment_reply(request: HttpRequest, pk: int) -> HttpResponse:
    comment = perms.get_comment_for_user(request.user, pk)
    thread = comment.parent or comment
    require(perms.can_comment(request.user, comment.framework))
    form = CommentForm(request.POST or None, submit_text="Reply")
    if request.method == "POST" and form.is_valid():
        services.comment_create(
            author=request.user, text=form.cleaned_data["text"], subject=thread.subject, parent=thread
        )
        messages.success(request, "Your reply was added.")
        return redirect(thread.subject.get_absolute_url().split("#")[0] + f"#comment-{thread.pk}")
    status = 400 if form.is_bound else 200
    return _comment_page(request, subject=thread.subject, form=form, title="Reply", thread=thread, status=status)


@require_POST
def comment_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    comment = perms.get_comment_for_user(request.user, pk)
    require(perms.can_resolve(request.user, comment) and comment.parent_id is None)
    if request.POST.get("reopen"):
        comment.reopen()
        messages.success(request, "The comment was reopened.")
    else:
        comment.resolve(by=request.user)
        messages.success(request, "The comment was marked as resolved.")
    return redirect(comment.subject.get_absolute_url().split("#")[0] + f"#comment-{comment.pk}")


# --- the submission document ---------------------------------------------------------------


def _stage_of(request, framework: Framework) -> str:
    stage = request.GET.get("stage")
    if stage in ("one", "two"):
        return stage
    return "one" if framework.in_stage_one else "two"


def submission_preview(request: HttpRequest, slug: str) -> HttpResponse:
    framework = get_framework_for_user(request.user, slug)
    stage = _stage_of(request, framework)
    context = submission_context(framework_snapshot(framework), stage=stage, version=None, approval=None, for_pdf=False)
    context["back_slug"] = framework.slug
    context["pdf_url"] = reverse("lpsa:draft_pdf", args=[framework.slug]) + f"?stage={stage}"
    return render(request, "lpsa/submission.html", context)


@require_POST
def draft_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask the worker for a draft PDF and show its progress."""
    framework = get_framework_for_user(request.user, slug)
    draft = services.draft_pdf_request(framework=framework, stage=_stage_of(request, framework), user=request.user)
    return redirect("lpsa:draft_progress", framework.slug, draft.pk)


def _get_draft(request: HttpRequest, slug: str, pk: int) -> DraftPdf:
    framework = get_framework_for_user(request.user, slug)
    draft = framework.draft_pdfs.filter(pk=pk).first()
    if draft is None:
        raise Http404("No such draft.")
    return draft


def draft_progress(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    draft = _get_draft(request, slug, pk)
    context = {"draft": draft, "framework": draft.framework, "waiting": not draft.is_ready and not draft.failed}
    return render(request, "lpsa/draft_progress.html", context, status=202 if context["waiting"] else 200)


def draft_file(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    draft = _get_draft(request, slug, pk)
    if not draft.is_ready:
        raise Http404("This draft is not ready.")
    with draft.pdf.open("rb") as stored:
        response = HttpResponse(stored.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{draft.framework.slug}-stage-{draft.stage}-draft.pdf"'
    return response


RENDER_PATIENCE = datetime.timedelta(minutes=2)


def submission_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    submission = perms.get_submission_for_user(request.user, pk)
    if not submission.is_ready and timezone.now() - submission.approved_at > RENDER_PATIENCE:
        # A worker that died half way leaves the task unfinished: ask again. Rendering the
        # same submission twice is harmless, since the task does nothing once it is done.
        render_approved_submission.enqueue(submission.pk)
        submission.refresh_from_db()
    if not submission.is_ready:
        # The worker renders it moments after approval; this page looks again by itself.
        context = {"submission": submission, "framework": submission.framework, "waiting": True}
        return render(request, "lpsa/draft_progress.html", context, status=202)
    try:
        data = services.submission_bytes(submission)
    except ValueError as error:
        # A stored PDF that no longer matches its hash is never handed out.
        raise PermissionDenied(str(error)) from error
    response = HttpResponse(data, content_type="application/pdf")
    name = f"{submission.framework.slug}-stage-{submission.stage}-v{submission.version}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["ETag"] = f'"{submission.sha256}"'
    response["X-Content-SHA256"] = submission.sha256
    return response


def submission_compare(request: HttpRequest, pk: int) -> HttpResponse:
    submission = perms.get_submission_for_user(request.user, pk)
    framework = submission.framework
    other = request.GET.get("with", "draft")
    if other == "draft" and perms.is_reviewer(request.user):
        # Government sees what was submitted to it, never the council's working draft.
        raise Http404("Government reviewers compare submitted versions only.")
    if other == "draft":
        newer_label = "the current draft"
        newer = framework_snapshot(framework)
    else:
        try:
            other_submission = perms.get_submission_for_user(request.user, int(other))
        except ValueError as error:
            raise Http404("No such submission.") from error
        if other_submission.framework_id != framework.pk:
            raise Http404("No such submission.")
        newer_label = str(other_submission)
        newer = other_submission.snapshot
    context = {
        "framework": framework,
        "submission": submission,
        "newer_label": newer_label,
        "changes": compare(submission.snapshot, newer),
        "others": framework.submissions.defer("snapshot").exclude(pk=submission.pk),
    }
    return render(request, "lpsa/compare.html", context)


# --- history of one item -----------------------------------------------------------------

HISTORY_KINDS = {
    "priority": (Priority, "framework"),
    "area": (TargetArea, "priority__framework"),
    "activity": (IndicatorActivity, "priority__framework"),
    "indicator": (Indicator, "target_area__priority__framework"),
    "target": (Target, "indicator__target_area__priority__framework"),
    "framework": (Framework, ""),
}
HIDDEN_FIELDS = {"version", "position"}


def _shown(value) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Decimal):
        return figure(value)
    return str(value)


def item_history(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in HISTORY_KINDS:
        raise Http404("No such item.")
    model, path = HISTORY_KINDS[kind]
    item = get_visible(request.user, model.objects.all(), pk, framework_path=path)
    records = list(item.history.select_related("history_user").order_by("history_date", "history_id"))
    entries = []
    previous = None
    for record in records:
        if previous is None:
            changes = []
        else:
            delta = record.diff_against(previous)
            changes = [
                (sentence_case(str(model._meta.get_field(c.field).verbose_name)), _shown(c.old), _shown(c.new))
                for c in delta.changes
                if c.field not in HIDDEN_FIELDS
            ]
        if previous is None or changes:
            who = record.history_user
            name = (who.get_full_name() or who.username) if who else "The system"
            entries.append({"record": record, "who": name, "created": previous is None, "changes": changes})
        previous = record
    entries.reverse()
    context = {"item": item, "entries": entries, "framework": item.framework, "kind": kind}
    return render(request, "lpsa/history.html", context)


# --- government review and negotiation ---------------------------------------------------


def review_list(request: HttpRequest) -> HttpResponse:
    """The submissions a user may read: for a reviewer, every framework's with government."""
    submissions = (
        perms.submissions_for(request.user)
        .defer("snapshot")
        .select_related("framework__council", "approved_by")
        .order_by("framework__council__name", "-approved_at")
    )
    return render(request, "lpsa/review_list.html", {"submissions": submissions})


def review_submission(request: HttpRequest, pk: int) -> HttpResponse:
    """A submitted version as government received it, with each target's negotiation."""
    submission = perms.get_submission_for_user(request.user, pk)
    framework = submission.framework
    target_ids = [
        target["id"]
        for priority in submission.snapshot["priorities"]
        for area in priority["target_areas"]
        for indicator in area["indicators"]
        for target in indicator["targets"]
    ]
    entries: dict[int, list] = {}
    for entry in NegotiationEntry.objects.filter(target_id__in=target_ids).select_related("recorded_by"):
        entries.setdefault(entry.target_id, []).append(entry)
    live = {t.pk: t for t in Target.objects.filter(pk__in=target_ids).select_related("indicator")}
    can_record = perms.can_negotiate(request.user, framework) and submission.stage == "two"
    context = {
        "submission": submission,
        "framework": framework,
        "snapshot": submission.snapshot,
        "entries": entries,
        "live": live,
        "can_record": can_record,
        "can_comment": perms.can_comment(request.user, framework),
        "form": NegotiationForm() if can_record else None,
    }
    return render(request, "lpsa/review.html", context)


@require_POST
def negotiate(request: HttpRequest, pk: int) -> HttpResponse:
    target = perms.get_subject(request.user, Target, pk, framework_path="indicator__target_area__priority__framework")
    framework = target.framework
    require(perms.can_negotiate(request.user, framework))
    form = NegotiationForm(request.POST, target=target)
    back = _safe_next(request, reverse("lpsa:review_list"))
    if form.is_valid():
        services.negotiation_record(target=target, user=request.user, **form.cleaned_data)
        messages.success(request, f"Recorded: {form.instance.get_kind_display()} for “{target.indicator.title}”.")
        return HttpResponseRedirect(f"{back.split('#')[0]}#negotiate-{target.pk}")
    context = {"form": form, "target": target, "framework": framework, "back": back}
    return render(request, "lpsa/negotiate.html", context, status=400)
