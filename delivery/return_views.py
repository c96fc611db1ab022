"""The agreement in delivery and its performance returns: signing, the overview, each line with
its trajectory and returns, entering returns with their evidence, and sending them to government.

Every page asks delivery.permissions what the user may see (404 otherwise) and change (403).
Government's reviewers see only the returns sent to them, everywhere (returns_for).
"""

import datetime
import mimetypes

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html

from delivery import charts, evidence, permissions, services, trajectory
from delivery.forms import ConfirmForm, EvidenceForm, ReturnForm, SignForm, TrajectoryForm
from delivery.models import EVIDENCE_KINDS, PerformanceReturn
from delivery.periods import frequency_of
from delivery.progress import counts, framework_progress, line_progress, periods_of
from delivery.rag import Rating
from lpsa.forms import MoveForm
from lpsa.workflow import MOVES_BY_NAME, WORKS_TOWARDS, MoveRefused, may_make, stage_blockers
from partners.forms import add_errors
from priorities import content
from priorities.agreement import framework_agreement
from priorities.models import EditConflict, Indicator, Stage
from priorities.templatetags.figures import figure

CONFLICT = (
    "Someone else saved this return while you were editing it, so your changes were not saved. "
    "Check the return below, then save again to keep yours."
)


def _closed_refusal(framework) -> None:
    if framework.is_closed:
        raise PermissionDenied("This framework is closed, so nothing in it can be changed. Reopen it first.")


def _period_facts(framework) -> dict:
    period = framework.agreement_period
    interim = content.derived(
        framework,
        "interim-years",
        lambda: sorted(
            {line.target.interim_period for line in framework_agreement(framework).lines if line.target.interim_period}
        ),
    )
    return {"period": period, "interim_years": interim}


# --- signing ------------------------------------------------------------------------------


def sign(request: HttpRequest, slug: str) -> HttpResponse:
    framework = permissions.get_framework_for_signing(request.user, slug)
    if framework.stage != Stage.TWO_AGREED:
        # Before Stage Two is agreed, or once signed: the page says where the agreement is.
        return render(request, "delivery/sign.html", {"framework": framework, "form": None})
    permissions.require(permissions.can_sign(request.user, framework))
    problems = []
    if request.method == "POST":
        form = SignForm(request.POST)
        if form.is_valid():
            try:
                services.agreement_sign(framework, request.user, form.cleaned_data["signed_on"])
            except ValidationError as error:
                add_errors(form, error)
            except MoveRefused as refused:
                problems = refused.problems
                form.add_error(None, problems)
            else:
                messages.success(request, "The agreement is recorded as signed.")
                return redirect("delivery:overview", framework.slug)
    else:
        form = SignForm()
    blockers = [b for b in stage_blockers(framework) if b.url != reverse("delivery:sign", args=[framework.slug])]
    context = {"framework": framework, "form": form, "blockers": blockers}
    return render(request, "delivery/sign.html", context, status=400 if form.errors else 200)


# --- the agreements and their overview ------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    frameworks = list(permissions.delivery_frameworks_for(request.user).select_related("council").order_by("title"))
    rows = []
    for framework in frameworks:
        tally = counts(_progress(request.user, framework))
        rows.append({"framework": framework, "counts": [(rating, tally[rating]) for rating in Rating]})
    return render(request, "delivery/index.html", {"rows": rows})


def overview(request: HttpRequest, slug: str) -> HttpResponse:
    framework = permissions.get_framework_for_delivery(request.user, slug)
    returns = permissions.returns_for(request.user, framework)
    progress = _progress(request.user, framework)
    tally = counts(progress)
    can_record = permissions.can_send_returns(request.user, framework)
    unsent = returns.filter(sent_at__isnull=True).count() if can_record else 0
    context = {
        "framework": framework,
        "progress_tables": content.fragment(
            request,
            framework,
            "delivery-progress-tables",
            "delivery/includes/progress_tables.html",
            lambda: {"progress": progress},
            "government" if permissions.is_reviewer(request.user) else "council",
            datetime.date.today().isoformat(),
        ),
        "counts": [(rating, tally[rating]) for rating in Rating],
        "blockers": _next_blockers(framework),
        "step": _next_step(request.user, framework),
        "is_reviewer": permissions.is_reviewer(request.user),
        "unsent": unsent,
        "can_send": can_record,
        "nav": "overview",
        **_period_facts(framework),
    }
    return render(request, "delivery/overview.html", context)


def _progress(user, framework) -> list:
    """Every numbered target's progress as the reader may see it (government: the returns sent
    to it), worked out once per version of the content and per day."""
    reviewer = permissions.is_reviewer(user)
    return content.derived(
        framework,
        "delivery-progress",
        lambda: framework_progress(framework, permissions.returns_for(user, framework)),
        "government" if reviewer else "council",
        datetime.date.today().isoformat(),
    )


def _next_blockers(framework) -> list:
    """What stops the next delivery move, with links."""
    return stage_blockers(framework)


def _next_step(user, framework) -> dict | None:
    """The delivery move the stage works towards, with its form when this user may make it now.

    Government's reviewers record the settlement from here; the council may also use its stages page.
    """
    name = WORKS_TOWARDS.get(framework.stage)
    move = MOVES_BY_NAME.get(name) if name else None
    if move is None or not may_make(user, framework, move):
        return None
    form = MoveForm(
        submit_text=move.label,
        needs_reason=move.needs_reason_from(user),
        on_behalf=move.government_decides and not permissions.is_reviewer(user),
    )
    return {"move": move, "form": form, "action": reverse("lpsa:move", args=[framework.slug, move.name])}


# --- one line --------------------------------------------------------------------------------


def _share_of(line, framework):
    for item in framework_agreement(framework).lines:
        if item.target.pk == line.pk:
            return item.share
    return None


def line(request: HttpRequest, pk: int) -> HttpResponse:
    target = permissions.get_line_for_delivery(request.user, pk)
    framework = target.framework
    returns = (
        permissions.returns_for(request.user, framework)
        .select_related("entered_by", "sent_by")
        .prefetch_related("evidence")
    )
    progress = line_progress(target, returns)
    allowed = permissions.return_priority_ids(request.user, framework)
    rows = [(item, progress.rating_of(item)) for item in progress.returns]
    context = {
        "framework": framework,
        "line": target,
        "indicator": target.indicator,
        "progress": progress,
        "rows": rows,
        "share": _share_of(target, framework),
        "frequency": frequency_of(target.indicator.collection_frequency),
        "higher": target.indicator.direction == Indicator.Direction.HIGHER,
        "chart": charts.line_chart_data_uri(progress),
        "chart_text": charts.line_chart_description(progress),
        "chart_rows": charts.line_chart_rows(progress),
        "can_enter": permissions.can_enter_returns(request.user, target, allowed),
        "can_edit_trajectory": permissions.can_edit_trajectory(request.user, framework),
        "nav": "overview",
    }
    return render(request, "delivery/line.html", context)


def trajectory_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = permissions.get_line_for_delivery(request.user, pk)
    framework = target.framework
    permissions.require(permissions.can_edit_trajectory(request.user, framework))
    years = trajectory.default_points(target)
    entered = {point.year: point for point in target.trajectory.all()}
    if request.method == "POST":
        form = TrajectoryForm(request.POST, years=years, entered=entered)
        if form.is_valid():
            try:
                services.trajectory_save(target, form.entered())
            except ValidationError as error:
                for key, problems in error.message_dict.items():
                    year, _, name = key.partition(":")
                    form.add_error(form.field_for(year, name), problems)
            except EditConflict:
                form.add_error(
                    None,
                    "Someone else changed this trajectory while you were editing it, so nothing was saved. "
                    "Check the figures now saved, then enter yours again.",
                )
            else:
                messages.success(request, "The trajectory was saved.")
                return redirect("delivery:line", target.pk)
    else:
        form = TrajectoryForm(years=years, entered=entered)
    context = {"framework": framework, "line": target, "form": form, "nav": "overview"}
    return render(request, "delivery/trajectory_form.html", context, status=400 if form.errors else 200)


# --- returns ---------------------------------------------------------------------------------


def _check_evidence(form) -> None:
    upload = form.cleaned_data.get("evidence")
    if upload:
        try:
            evidence.check_file(upload)
        except ValidationError as error:
            form.add_error("evidence", error.messages)


def _return_form_page(request, item: PerformanceReturn, *, periods=None) -> HttpResponse:
    target = item.line
    framework = target.framework
    creating = item.pk is None
    conflict = False
    if request.method == "POST":
        form = ReturnForm(request.POST, request.FILES, instance=item, periods=periods)
        if form.is_valid():
            _check_evidence(form)
        if form.is_valid():
            upload = form.cleaned_data.get("evidence")
            try:
                with transaction.atomic():
                    services.return_save(
                        form.instance,
                        user=request.user,
                        expected_version=form.cleaned_data.get("version"),
                        fields=form.edited_fields(),
                        reason=form.cleaned_data.get("change_reason", ""),
                    )
                    if upload:
                        evidence.evidence_add(upload=upload, user=request.user, performance_return=form.instance)
            except ValidationError as error:
                if creating:
                    form.instance.pk = None
                add_errors(form, error, {"file": "evidence"})
            except EditConflict as error:
                conflict = True
                form.add_error(None, CONFLICT)
                if error.current is not None:
                    form.use_version(error.current.version)
            else:
                verb = "added" if creating else "saved"
                messages.success(request, format_html("The return for {} was {}.", form.instance.period_label, verb))
                return redirect(form.instance.get_absolute_url())
    else:
        form = ReturnForm(instance=item, periods=periods)
    title = "Add a return" if creating else f"Change the return for {item.period_label}"
    context = {"framework": framework, "line": target, "item": item, "form": form, "title": title, "nav": "overview"}
    status = 409 if conflict else 400 if form.errors else 200
    return render(request, "delivery/return_form.html", context, status=status)


def return_create(request: HttpRequest, pk: int) -> HttpResponse:
    target = permissions.get_line_for_delivery(request.user, pk)
    framework = target.framework
    permissions.require(permissions.can_enter_returns(request.user, target))
    done = set(PerformanceReturn.objects.filter(line=target).values_list("period", flat=True))
    periods = [period for period in periods_of(target, framework) if period.key not in done]
    if not periods and request.method != "POST":
        context = {"framework": framework, "line": target, "nav": "overview"}
        return render(request, "delivery/return_none_due.html", context)
    return _return_form_page(request, PerformanceReturn(line=target), periods=periods)


def return_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_return_for_user(request.user, pk)
    permissions.require(permissions.can_enter_returns(request.user, item.line))
    return _return_form_page(request, item)


HIDDEN_FIELDS = {"version", "period_end", "entered_at"}


def _shown(value) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, datetime.date):
        return f"{value:%-d %B %Y}"
    if hasattr(value, "as_tuple"):
        return figure(value)
    return str(value)


def return_history(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_return_for_user(request.user, pk)
    if permissions.is_reviewer(request.user):
        # Its history holds the council's drafts of it; government reads what it was sent.
        raise Http404("No such return.")
    model = PerformanceReturn
    records = list(item.history.select_related("history_user").order_by("history_date", "history_id"))
    statuses = dict(model.Status.choices)
    entries = []
    previous = None
    for record in records:
        changes = []
        if previous is not None:
            for change in record.diff_against(previous).changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                old, new = change.old, change.new
                if change.field == "status":
                    old, new = statuses.get(old, old), statuses.get(new, new)
                if change.field in ("sent_by", "entered_by"):
                    continue
                label = str(model._meta.get_field(change.field).verbose_name)
                changes.append((label[:1].upper() + label[1:], _shown(old), _shown(new)))
        if previous is None or changes:
            who = record.history_user
            name = (who.get_full_name() or who.username) if who else "The system"
            entries.append({"record": record, "who": name, "created": previous is None, "changes": changes})
        previous = record
    entries.reverse()
    context = {"framework": item.framework, "item": item, "entries": entries, "nav": "overview"}
    return render(request, "delivery/return_history.html", context)


# --- evidence ----------------------------------------------------------------------------------


def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = permissions.get_return_for_user(request.user, pk)
    permissions.require(permissions.can_enter_returns(request.user, item.line))
    if request.method == "POST":
        form = EvidenceForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                evidence.evidence_add(upload=form.cleaned_data["evidence"], user=request.user, performance_return=item)
            except ValidationError as error:
                form.add_error("evidence", error.messages)
            else:
                messages.success(request, "The evidence file was uploaded.")
                return redirect(item.get_absolute_url())
    else:
        form = EvidenceForm()
    context = {"framework": item.framework, "item": item, "form": form, "nav": "overview"}
    return render(request, "delivery/evidence_form.html", context, status=400 if form.errors else 200)


def _return_evidence(request, pk: int):
    found = permissions.get_evidence_for_user(request.user, pk)
    if found.performance_return_id is None:
        raise Http404("No such file.")  # an auditor's file: the claim pages keep those
    return found


def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    found = _return_evidence(request, pk)
    item = found.performance_return
    permissions.require(permissions.can_enter_returns(request.user, item.line))
    if request.method == "POST":
        with transaction.atomic():
            item.refuse_if_locked()
            stored = found.file
            found.delete()
            transaction.on_commit(lambda: stored.storage.delete(stored.name))
        messages.success(request, format_html("The file “<bdi>{}</bdi>” was removed.", found.name))
        return redirect(item.get_absolute_url())
    context = {"framework": item.framework, "item": item, "evidence": found, "form": ConfirmForm(), "nav": "overview"}
    return render(request, "delivery/evidence_confirm_delete.html", context)


CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    found = permissions.get_evidence_for_user(request.user, pk)
    ending = next((e for e in EVIDENCE_KINDS if found.name.lower().endswith(e)), "")
    content_type = CONTENT_TYPES.get(ending) or mimetypes.guess_type(found.name)[0] or "application/octet-stream"
    with found.file.open("rb") as stored:
        data = stored.read()
    response = HttpResponse(data, content_type=content_type)
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "._- ") else "_" for c in found.name)
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- sending returns to government --------------------------------------------------------


def send_returns(request: HttpRequest, slug: str) -> HttpResponse:
    framework = permissions.get_framework_for_delivery(request.user, slug)
    permissions.require(permissions.can_send_returns(request.user, framework))
    waiting = list(
        permissions.returns_for(request.user, framework)
        .filter(sent_at__isnull=True)
        .select_related("line__indicator", "entered_by")
        .prefetch_related("evidence")
        .order_by("line__indicator__title", "line_id", "period_end")
    )
    if request.method == "POST":
        ids = [int(value) for value in request.POST.getlist("returns") if value.isdigit()]
        try:
            sent = services.returns_send(framework, request.user, ids)
        except PermissionDenied as refused:
            messages.error(request, str(refused))
            return redirect("delivery:overview", framework.slug)
        messages.success(
            request,
            f"{sent} return{'s were' if sent != 1 else ' was'} sent to government."
            if sent
            else "There were no returns to send.",
        )
        return redirect("delivery:overview", framework.slug)
    context = {"framework": framework, "waiting": waiting, "nav": "send"}
    return render(request, "delivery/send_returns.html", context)
