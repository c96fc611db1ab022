import datetime
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from lpsa import comment_list, services, word
from lpsa import permissions as perms
from lpsa import search as search_framework
from lpsa.compare import compare, sentence_case
from lpsa.forms import CommentForm, MoveForm, NegotiationForm
from lpsa.models import Comment, DraftPdf, NegotiationEntry, Submission
from lpsa.negotiation import negotiation_rows
from lpsa.pdf import approval_of, submission_context
from lpsa.snapshot import framework_snapshot, snapshot_item
from lpsa.workflow import (
    MOVES_BY_NAME,
    MoveRefused,
    approval_declaration,
    approval_move,
    blockers,
    framework_move,
    may_make,
    next_moves,
)
from priorities import content
from priorities.consultation import consultation_rows
from priorities.models import Framework, Indicator, IndicatorActivity, Priority, Target, TargetArea
from priorities.permissions import get_framework_for_user, get_visible, require
from priorities.templatetags.figures import figure

# --- workflow ---------------------------------------------------------------------------


def _move_form(move, user, framework: Framework, data=None) -> MoveForm:
    return MoveForm(
        data,
        submit_text=move.label,
        needs_reason=move.needs_reason_from(user),
        needs_note=move.needs_note,
        declaration=approval_declaration(framework) if move.approves else "",
        warning=move.style == "warning",
        on_behalf=move.government_decides and not perms.is_reviewer(user),
    )


def _workflow_page(request, framework: Framework, failed: tuple[str, MoveForm] | None = None, status: int = 200):
    rows = []
    for move in next_moves(framework):
        form = failed[1] if failed and failed[0] == move.name else _move_form(move, request.user, framework)
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
        # Newest first: the step people look for is the last one taken.
        "timeline": framework.stage_changes.select_related("by").order_by("-at", "-pk"),
        # The snapshots are large JSON documents this page does not show.
        "submissions": framework.submissions.defer("snapshot").select_related("approved_by").order_by("-approved_at"),
        "locked": framework.is_awaiting_approval,
    }
    return render(request, "lpsa/workflow.html", context, status=status)


def workflow(request: HttpRequest, slug: str) -> HttpResponse:
    return _workflow_page(request, perms.get_framework_for_workflow(request.user, slug))


#: Posted by the check page's forms, so that a refused approval or return is shown there.
FROM_CHECK_PAGE = "check"


@require_POST
def move(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    framework = perms.get_framework_for_move(request.user, slug)
    step = MOVES_BY_NAME.get(name)
    if step is None:
        raise Http404("No such step.")
    require(may_make(request.user, framework, step))
    form = _move_form(step, request.user, framework, request.POST)
    if form.is_valid():
        try:
            change = framework_move(
                framework=framework,
                move_name=name,
                user=request.user,
                reason=form.cleaned_data.get("reason", ""),
                declared=form.cleaned_data.get("declaration", False),
            )
        except MoveRefused as refused:
            for problem in refused.problems:
                form.add_error(None, problem)
        else:
            if step.approves:
                submission = framework.submissions.filter(stage=step.approves).order_by("-version").first()
                return redirect("lpsa:submitted", submission.pk)
            messages.success(request, f"Done: the framework is now at “{change.get_to_stage_display()}”.")
            if perms.is_reviewer(request.user):
                return redirect(_safe_next(request, reverse("lpsa:review_list")))
            return redirect("lpsa:workflow", framework.slug)
    if perms.is_reviewer(request.user):
        # Government's page of the framework is its submission; the council's steps stay the council's.
        for problem in form.non_field_errors() or ["This step cannot be taken now."]:
            messages.error(request, problem)
        return redirect(_safe_next(request, reverse("lpsa:review_list")))
    framework.refresh_from_db()
    checked = step.approves or request.POST.get("from") == FROM_CHECK_PAGE
    if checked and step.lead_only and approval_move(framework):
        return _check_page(request, framework, approval_move(framework), failed=(name, form), status=400)
    return _workflow_page(request, framework, failed=(name, form), status=400)


def _check_page(request, framework: Framework, step, failed: tuple[str, MoveForm] | None = None, status: int = 200):
    """What the chief executive reads before approving, and the two answers they can give."""
    asked = framework.stage_changes.filter(to_stage=framework.stage).select_related("by").order_by("-at", "-pk").first()
    back = next(m for m in next_moves(framework) if m.lead_only and not m.approves)
    forms = {}
    for option in (step, back):
        if failed and failed[0] == option.name:
            forms[option.name] = failed[1]
        else:
            forms[option.name] = _move_form(option, request.user, framework)
    problems = blockers(framework, step)
    open_comments = list(
        framework.comments.unresolved()
        .select_related("author", "priority", "indicator", "target")
        .order_by("created_at", "pk")[:CHECK_PAGE_COMMENTS]
    )
    numbered = framework.agreement_targets.count()
    reward = framework.potential_reward
    drafts = framework.draft_pdfs.filter(requested_by=request.user, stage=step.approves)
    if asked is not None:
        # Only a draft made since approval was asked for shows the locked content being approved.
        drafts = drafts.filter(requested_at__gte=asked.at)
    failed_form = failed[1] if failed else None
    context = {
        "framework": framework,
        "step": step,
        "back": back,
        "asked": asked,
        "approve_form": forms[step.name],
        "return_form": forms[back.name],
        "failed_form": failed_form,
        "approve_action": reverse("lpsa:move", args=[framework.slug, step.name]),
        "return_action": reverse("lpsa:move", args=[framework.slug, back.name]),
        "from_check": FROM_CHECK_PAGE,
        "problems": problems,
        "open_comments": open_comments,
        "open_count": framework.comments.unresolved().count() if len(open_comments) == CHECK_PAGE_COMMENTS else None,
        "counts": {
            "priorities": framework.priorities.count(),
            "indicators": Indicator.objects.filter(target_area__priority__framework=framework).count(),
            "numbered": numbered,
        },
        "reward": reward,
        "reward_share": (reward / numbered).quantize(Decimal("0.01")) if reward is not None and numbered else None,
        "consultation": consultation_rows(framework),
        "draft": drafts.order_by("-requested_at").first(),
        # The lead authority comes first among the signatories.
        "co_signatories": framework.signatories()[1:],
    }
    return render(request, "lpsa/approval_check.html", context, status=status)


#: The check page lists this many open comments at most, and counts the rest.
CHECK_PAGE_COMMENTS = 50


def approval_check(request: HttpRequest, slug: str) -> HttpResponse:
    """The chief executive's "check before you submit" page, reached from the workflow and the e-mail."""
    framework = perms.get_framework_for_approval(request.user, slug)
    if framework.is_closed:
        messages.info(request, "This framework is closed, so nothing can be approved until it is reopened.")
        return redirect("lpsa:workflow", framework.slug)
    step = approval_move(framework)
    if step is None:
        messages.info(
            request, f"Nothing waits for your approval here: the framework is at “{framework.get_stage_display()}”."
        )
        return redirect("lpsa:workflow", framework.slug)
    return _check_page(request, framework, step)


def submitted(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation after approval: the version sent to government and its PDF's SHA-256."""
    submission = perms.get_submission_for_council(request.user, pk)
    if not submission.is_ready and services.submission_render_again(submission=submission, patience=RENDER_PATIENCE):
        submission.refresh_from_db()
    context = {"submission": submission, "framework": submission.framework, "waiting": not submission.is_ready}
    return render(request, "lpsa/submitted.html", context)


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


def _comment_page(request, *, subject_label, back_url, form, title, framework_title, thread=None, status=200):
    context = {
        "form": form,
        "title": title,
        "subject_label": subject_label,
        "back_url": back_url,
        "thread": thread,
        "framework_title": framework_title,
    }
    return render(request, "lpsa/comment_form.html", context, status=status)


def _thread_url(comment: Comment, user) -> str:
    """Where a thread is read: the council's page of the item, or for a reviewer the submission."""
    thread = comment.parent or comment
    if perms.is_reviewer(user):
        return reverse("lpsa:review", args=[thread.submission_id]) + f"#comment-{thread.pk}"
    return thread.subject.get_absolute_url().split("#")[0] + f"#comment-{thread.pk}"


def _save_comment(form: CommentForm, **fields) -> Comment | None:
    """Create the comment, or put the service's refusal next to the field it is about."""
    try:
        return services.comment_create(text=form.cleaned_data["text"], **fields)
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, problem)
        return None


def comment_create(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """A new thread on a live item of the council's own framework (reviewers use review_comment)."""
    if kind not in SUBJECTS:
        raise Http404("No such item.")
    model, path = SUBJECTS[kind]
    subject = perms.get_subject(request.user, model, pk, framework_path=path)
    require(perms.can_comment(request.user, subject.framework))
    offer = subject.framework.submissions.exists()
    form = CommentForm(request.POST or None, offer_government=offer)
    if request.method == "POST" and form.is_valid():
        visibility = form.cleaned_data.get("visibility") or Comment.Visibility.COUNCIL
        if _save_comment(form, author=request.user, subject=subject, visibility=visibility):
            messages.success(request, "Your comment was added.")
            back = _safe_next(request, subject.get_absolute_url().split("#")[0] + "#comments")
            return HttpResponseRedirect(back)
    return _comment_page(
        request,
        subject_label=str(subject),
        back_url=subject.get_absolute_url(),
        form=form,
        title=f"Comment on “{subject}”",
        framework_title=subject.framework.title,
        status=400 if form.is_bound else 200,
    )


def review_comment(request: HttpRequest, pk: int, kind: str, item: int) -> HttpResponse:
    """A reviewer opens a thread with the council on an item as it stood in a submission."""
    submission = perms.get_submission_for_user(request.user, pk)
    require(perms.can_comment_on_submission(request.user, submission))
    submitted = snapshot_item(submission.snapshot, kind, item) if kind in SUBJECTS else None
    if submitted is None:
        raise Http404("No such item in this submission.")
    form = CommentForm(request.POST or None)
    back = reverse("lpsa:review", args=[submission.pk])
    if request.method == "POST" and form.is_valid():
        model, _ = SUBJECTS[kind]
        subject = model.objects.filter(pk=item).first()
        if subject is None:
            form.add_error(None, "The council has since removed this item, so it can no longer be commented on.")
        elif _save_comment(
            form,
            author=request.user,
            subject=subject,
            visibility=Comment.Visibility.GOVERNMENT,
            submission=submission,
        ):
            messages.success(request, "Your comment was added. The council's officers have been told.")
            return redirect(f"{back}#{kind}-{item}")
    return _comment_page(
        request,
        subject_label=submitted["label"],
        back_url=f"{back}#{kind}-{item}",
        form=form,
        title=f"Comment on “{submitted['label']}”",
        framework_title=submission.snapshot["framework"]["title"],
        status=400 if form.is_bound else 200,
    )


def comment_reply(request: HttpRequest, pk: int) -> HttpResponse:
    comment = perms.get_comment_for_user(request.user, pk)
    thread = comment.parent or comment
    if perms.is_reviewer(request.user):
        require(perms.can_comment_on_submission(request.user, thread.submission))
        submitted = snapshot_item(thread.submission.snapshot, thread.subject_kind, thread.subject_id) or {}
        label = submitted.get("label", "an item no longer in the submission")
        framework_title = thread.submission.snapshot["framework"]["title"]
    else:
        require(perms.can_comment(request.user, comment.framework))
        label, framework_title = str(thread.subject), comment.framework.title
    form = CommentForm(request.POST or None, submit_text="Reply")
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_comment(form, author=request.user, subject=thread.subject, parent=thread)
    ):
        messages.success(request, "Your reply was added.")
        return redirect(_thread_url(thread, request.user))
    return _comment_page(
        request,
        subject_label=label,
        back_url=_thread_url(thread, request.user),
        form=form,
        title="Reply",
        framework_title=framework_title,
        thread=thread,
        status=400 if form.is_bound else 200,
    )


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
    return redirect(_thread_url(comment, request.user))


def framework_comments(request: HttpRequest, slug: str) -> HttpResponse:
    """Every thread of a framework the user may read: open, awaiting their reply, theirs, by priority."""
    framework = perms.get_framework_for_comments(request.user, slug)
    show = request.GET.get("show", "open")
    if show not in comment_list.SHOW_LABELS:
        show = "open"
    priorities = {str(p.pk): p for p in framework.priorities.only("pk", "position", "title", "framework_id")}
    chosen = priorities.get(request.GET.get("priority", ""))
    listing = comment_list.thread_list(
        request.user,
        framework,
        show=show,
        priority=chosen.pk if chosen else None,
        priorities=list(priorities.values()),
    )
    query = f"&priority={chosen.pk}" if chosen else ""
    filters = [
        {
            "key": key,
            "label": label,
            "count": listing["counts"][key],
            "url": f"?show={key}{query}",
            "current": key == show,
        }
        for key, label in comment_list.SHOWS
    ]
    context = {
        "framework": framework,
        "show": show,
        "show_label": comment_list.SHOW_LABELS[show],
        "filters": filters,
        "priority": chosen,
        "priorities": list(priorities.values()),
        **listing,
    }
    return render(request, "lpsa/comments.html", context)


def search(request: HttpRequest, slug: str) -> HttpResponse:
    """Search the framework's content and the comments the user may read."""
    framework = perms.get_framework_for_comments(request.user, slug)
    raw = request.GET.get("q", "")
    words, error = search_framework.clean_query(raw)
    groups = search_framework.framework_search(framework, request.user, words) if words else []
    context = {
        "framework": framework,
        # A search too long to run is shown back as typed, next to its message.
        "q": raw if error else words,
        "error": error,
        "groups": groups,
        "total": sum(len(g.hits) for g in groups),
        "cut": any(g.more for g in groups),
        "searched": bool(words),
        "per_kind": search_framework.PER_KIND,
        "max_query": search_framework.MAX_QUERY,
    }
    return render(request, "lpsa/search.html", context, status=400 if error else 200)


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
    context["docx_url"] = reverse("lpsa:draft_docx", args=[framework.slug]) + f"?stage={stage}"
    return render(request, "lpsa/submission.html", context)


@require_POST
def draft_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask the worker for a draft PDF and show its progress."""
    framework = get_framework_for_user(request.user, slug)
    try:
        draft = services.draft_pdf_request(framework=framework, stage=_stage_of(request, framework), user=request.user)
    except services.DraftRefused as refused:
        context = {"framework": framework, "problem": str(refused)}
        return render(request, "lpsa/draft_refused.html", context, status=429)
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


# Documents must not stay in a shared or browser cache after the person signs out.
@cache_control(private=True, no_store=True)
def draft_file(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    draft = _get_draft(request, slug, pk)
    if not draft.is_ready:
        raise Http404("This draft is not ready.")
    with draft.pdf.open("rb") as stored:
        response = HttpResponse(stored.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{draft.framework.slug}-stage-{draft.stage}-draft.pdf"'
    return response


RENDER_PATIENCE = datetime.timedelta(minutes=2)


@cache_control(private=True, no_store=True)
def submission_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    submission = perms.get_submission_for_user(request.user, pk)
    if not submission.is_ready and services.submission_render_again(submission=submission, patience=RENDER_PATIENCE):
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


def _docx_response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=word.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _docx_refused(request, *, problem: str, title: str, back_url: str, back_text: str) -> HttpResponse:
    context = {"problem": problem, "title": title, "back_url": back_url, "back_text": back_text}
    # The request was understood but this framework is too large to make into a document.
    return render(request, "lpsa/docx_refused.html", context, status=422)


@cache_control(private=True, no_store=True)
def draft_docx(request: HttpRequest, slug: str) -> HttpResponse:
    """The live framework as a Word file, for council staff: the preview's document, made at once."""
    framework = get_framework_for_user(request.user, slug)
    stage = _stage_of(request, framework)
    # Counted before the snapshot is taken, so a framework too large costs one query.
    problem = word.size_refusal(Target.objects.filter(indicator__target_area__priority__framework=framework).count())
    if problem is None:
        try:
            # Made once per version of the framework's content (and per day: the file says when it was made).
            data = content.derived(
                framework,
                "draft-docx",
                lambda: word.render_submission_docx(
                    framework_snapshot(framework), stage=stage, version=None, approval=None
                ),
                stage,
                timezone.localdate(),
            )
        except word.TooLarge as refused:
            problem = str(refused)
    if problem is not None:
        back = reverse("lpsa:preview", args=[framework.slug]) + f"?stage={stage}"
        return _docx_refused(
            request, problem=problem, title=framework.title, back_url=back, back_text="Preview the submission document"
        )
    return _docx_response(data, f"{framework.slug}-stage-{stage}-draft.docx")


@cache_control(private=True, no_store=True)
def submission_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """A submitted version as a Word file, from its frozen snapshot, for whoever may read the submission."""
    submission = perms.get_submission_for_user(request.user, pk)
    approval = approval_of(submission)
    try:
        # A submission never changes, so its file is made once, for as long as it names its
        # approver as it did (the framework's later edits do not touch it).
        data = content.frozen(
            "submission-docx",
            lambda: word.render_submission_docx(
                submission.snapshot, stage=submission.stage, version=submission.version, approval=approval
            ),
            submission.pk,
            submission.sha256,
            approval.name,
            approval.job_title,
            approval.at.isoformat(),
        )
    except word.TooLarge as refused:
        back = reverse("lpsa:review", args=[submission.pk])
        return _docx_refused(
            request,
            problem=str(refused),
            title=submission.snapshot["framework"]["title"],  # as submitted: a reviewer never sees the live one
            back_url=back,
            back_text="Back to the submission",
        )
    return _docx_response(data, f"{submission.framework.slug}-stage-{submission.stage}-v{submission.version}.docx")


def submission_compare(request: HttpRequest, pk: int) -> HttpResponse:
    submission = perms.get_submission_for_user(request.user, pk)
    framework = submission.framework
    other = request.GET.get("with", "draft")
    if other == "draft" and perms.is_reviewer(request.user):
        # Government sees what was submitted to it, never the council's working draft.
        raise Http404("Government reviewers compare submitted versions only.")
    if other == "draft":
        newer_label = "the current draft"
        newer = None  # the draft as it stands, read only if the comparison is not cached
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
        # Made once per version of the framework's content (a submission never changes).
        "changes": content.derived(
            framework,
            "compare",
            lambda: compare(submission.snapshot, framework_snapshot(framework) if newer is None else newer),
            submission.pk,
            "draft" if newer is None else other_submission.pk,
        ),
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
    """The submissions a user may read: for a reviewer, every one councils have made."""
    submissions = (
        perms.submissions_for(request.user)
        .defer("snapshot")
        .select_related("framework__council", "approved_by")
        .order_by("framework__council__name", "-approved_at")
    )
    return render(request, "lpsa/review_list.html", {"submissions": submissions})


def snapshot_targets(snapshot: dict) -> list[dict]:
    """Every target line of a snapshot, with its indicator's unit and a label naming both."""
    targets = []
    for priority in snapshot["priorities"]:
        for area in priority["target_areas"]:
            for indicator in area["indicators"]:
                for target in indicator["targets"]:
                    name = target["title"] or f"Target to {target['period']}"
                    targets.append({**target, "unit": indicator["unit"], "label": f"{indicator['title']}: {name}"})
    return targets


def review_submission(request: HttpRequest, pk: int) -> HttpResponse:
    """A submitted version as government received it, with its threads and each target's negotiation.

    Everything about the framework's content comes from the submission's snapshot.
    """
    submission = perms.get_submission_for_user(request.user, pk)
    framework = submission.framework
    snapshot = submission.snapshot
    targets = snapshot_targets(snapshot)
    rows = {row["submitted"]["id"]: row for row in negotiation_rows(submission, targets, request.user)}
    threads: dict[str, dict[int, list[Comment]]] = {}
    if perms.is_reviewer(request.user):
        shown = (
            perms.comments_for(request.user)
            .filter(framework=framework, parent__isnull=True)
            .select_related("author", "resolved_by")
            .prefetch_related(Prefetch("replies", queryset=Comment.objects.select_related("author")))
        )
        for thread in shown:
            thread.may_resolve = perms.can_resolve(request.user, thread)
            threads.setdefault(thread.subject_kind, {}).setdefault(thread.subject_id, []).append(thread)
    moves = []
    if perms.is_reviewer(request.user):
        for step in next_moves(framework):
            if may_make(request.user, framework, step):
                moves.append(
                    {
                        "move": step,
                        "action": reverse("lpsa:move", args=[framework.slug, step.name]),
                        "blockers": blockers(framework, step),
                    }
                )
    signed = {sign_off.agreement_target_id: sign_off for sign_off in submission.department_sign_offs.all()}
    numbered = [{**target, "sign_off": signed.get(target["id"])} for target in snapshot.get("agreement_targets", [])]
    context = {
        "submission": submission,
        "framework": framework,
        "snapshot": snapshot,
        "rows": rows,
        "threads": threads,
        "moves": moves,
        "numbered": numbered,
        "can_sign_off": perms.can_sign_off(request.user, submission),
        "can_comment": perms.can_comment_on_submission(request.user, submission),
    }
    return render(request, "lpsa/review.html", context)


@require_POST
def department_sign_off(request: HttpRequest, pk: int, target: int) -> HttpResponse:
    """A reviewer records that a numbered target's lead department signed it off, as submitted."""
    submission = perms.get_submission_for_user(request.user, pk)
    require(perms.can_sign_off(request.user, submission))
    try:
        sign_off = services.department_sign_off_record(
            submission=submission, agreement_target_id=target, user=request.user
        )
    except ValidationError as refused:
        for problem in refused.messages:
            messages.error(request, problem)
    else:
        messages.success(request, f"Recorded: {sign_off.department} signed off this target.")
    return redirect(reverse("lpsa:review", args=[submission.pk]) + f"#agreementtarget-{target}")


def _negotiation_back(request: HttpRequest, target: Target, submission: Submission) -> str:
    if perms.is_reviewer(request.user):
        return reverse("lpsa:review", args=[submission.pk]) + f"#negotiate-{target.pk}"
    return target.get_absolute_url() + "#negotiation"


@require_POST
def negotiate(request: HttpRequest, pk: int) -> HttpResponse:
    """One side puts figures for a submitted target to the other."""
    target, submission, submitted = perms.get_negotiable_target(request.user, pk)
    side = perms.side_of(request.user, target.framework)
    unit = snapshot_item(submission.snapshot, "indicator", submitted["indicator_id"])["unit"]
    form = NegotiationForm(request.POST, target=target, unit=unit, interim_period=submitted["interim_period"])
    if form.is_valid():
        fields = {name: form.cleaned_data.get(name) for name in form.fields}
        try:
            services.negotiation_offer(target=target, user=request.user, side=side, **fields)
        except services.NegotiationRefused as refused:
            messages.error(request, str(refused))
            return HttpResponseRedirect(_negotiation_back(request, target, submission))
        messages.success(
            request,
            format_html(
                "Your figures for “<bdi>{}</bdi>” were sent. They wait for the other side's answer.", submitted["label"]
            ),
        )
        return HttpResponseRedirect(_negotiation_back(request, target, submission))
    context = {
        "form": form,
        "label": submitted["label"],
        "framework": target.framework,
        "back": _negotiation_back(request, target, submission),
        "target_id": target.pk,
    }
    return render(request, "lpsa/negotiate.html", context, status=400)


@require_POST
def negotiation_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """The side that did not make an offer accepts it: the figures become the agreed ones."""
    entry = NegotiationEntry.objects.filter(pk=pk).first()
    if entry is None:
        raise Http404("No such offer.")
    target, submission, submitted = perms.get_negotiable_target(request.user, entry.target_id)
    side = perms.side_of(request.user, target.framework)
    try:
        services.negotiation_accept(entry=entry, user=request.user, side=side)
    except services.NegotiationRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            format_html("Agreed: the figures for “<bdi>{}</bdi>” are now the target's own.", submitted["label"]),
        )
    return HttpResponseRedirect(_negotiation_back(request, target, submission))
