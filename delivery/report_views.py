"""The monitoring report (preview and PDF) and the spreadsheet export and import of returns."""

import base64

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.cache import cache_control

from delivery import permissions, report
from delivery import returns_spreadsheet as sheet
from delivery.models import RETURN_STAGES
from lpsa.pdf import RenderFailed
from priorities.forms import ImportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _chosen_half(request: HttpRequest, framework):
    """The half-year asked for (by default the latest finished), and every one that may be chosen."""
    halves = report.report_halves(framework)
    asked = request.GET.get("half")
    if asked is None:
        half = report.default_half(halves)
    else:
        half = report.half_from_slug(asked)
        if half not in halves:
            raise Http404("The agreement has no such half-year, or it has not started.")
    return half, halves


def _back_url(framework) -> str:
    return framework.get_absolute_url()


@cache_control(private=True, no_store=True)
def monitoring_report(request: HttpRequest, slug: str) -> HttpResponse:
    """The report for one half-year, as the PDF will show it, with the choice of half-year."""
    framework = permissions.get_framework_for_delivery(request.user, slug)
    half, halves = _chosen_half(request, framework)
    if half is None:
        return render(request, "delivery/report/no_halves.html", {"framework": framework})
    extra = {
        "halves": [{"period": choice, "slug": report.half_slug(choice)} for choice in reversed(halves)],
        "pdf_url": reverse("delivery:report_pdf", args=[framework.slug]) + f"?half={report.half_slug(half)}",
        "back_url": _back_url(framework),
    }
    return HttpResponse(report.render_report_html(framework, request.user, half, for_pdf=False, **extra))


@cache_control(private=True, no_store=True)
def monitoring_report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The report as a PDF, made now from the same template, in a render bounded as a submission's."""
    framework = permissions.get_framework_for_delivery(request.user, slug)
    half, _ = _chosen_half(request, framework)
    if half is None:
        raise Http404("The agreement has no half-year that has started.")
    try:
        data = report.render_report_pdf(framework, request.user, half)
    except RenderFailed as failed:
        context = {"framework": framework, "problem": str(failed), "back_url": reverse("delivery:report", args=[slug])}
        return render(request, "delivery/report/pdf_failed.html", context, status=503)
    response = HttpResponse(data, content_type="application/pdf")
    name = f"{framework.slug}-monitoring-report-{report.half_slug(half)}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- spreadsheets ------------------------------------------------------------------------------


@cache_control(private=True, no_store=True)
def returns_export(request: HttpRequest, slug: str) -> HttpResponse:
    """Every line and period due up to today, with the figures the reader may see."""
    framework = permissions.get_framework_for_delivery(request.user, slug)
    returns = permissions.returns_for(request.user, framework)
    if request.GET.get("format") == "csv":
        response = HttpResponse(sheet.export_csv(framework, returns), content_type="text/csv; charset=utf-8")
        ending = "csv"
    else:
        response = HttpResponse(sheet.export_xlsx(framework, returns), content_type=XLSX)
        ending = "xlsx"
    response["Content-Disposition"] = f'attachment; filename="{framework.slug}-performance-returns.{ending}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _may_import(user, framework) -> set[int] | None:
    """The priorities whose lines the user may import returns for (None: all); 403 for none."""
    if framework.is_closed or framework.stage not in RETURN_STAGES:
        permissions.require(False)
    allowed = permissions.return_priority_ids(user, framework)
    permissions.require(allowed is None or bool(allowed))
    return allowed


def returns_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload, check and preview; then import every return or none."""
    framework = permissions.get_framework_for_delivery(request.user, slug)
    if permissions.is_reviewer(request.user):
        raise Http404("No such page.")
    allowed = _may_import(request.user, framework)
    key = f"returns-import:{framework.pk}"
    form = ImportForm()
    context = {"framework": framework, "form": form, "leads_only": allowed is not None}
    action = request.POST.get("action")
    if request.method == "POST" and action == "cancel":
        request.session.pop(key, None)
        messages.success(request, "Nothing was imported.")
        return redirect(reverse("delivery:returns_import", args=[framework.slug]))
    if request.method == "POST" and action == "confirm":
        stored = request.session.get(key)
        if stored is None:
            context["problem"] = "There is no checked file to import. Choose the file again."
            return render(request, "delivery/report/import.html", context, status=400)
        name, data = stored["name"], base64.b64decode(stored["data"])
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        if not form.is_valid():
            return render(request, "delivery/report/import.html", context, status=400)
        upload = form.cleaned_data["file"]
        if upload.size > sheet.MAX_BYTES:
            form.add_error("file", f"The file is {upload.size / 1024 / 1024:.1f} MB. Files can be 2 MB at most.")
            return render(request, "delivery/report/import.html", context, status=400)
        name, data = upload.name, upload.read()
    else:
        return render(request, "delivery/report/import.html", context)
    try:
        plan = sheet.plan_import(framework, sheet.read_table(name, data), allowed)
    except sheet.SpreadsheetRefused as refused:
        if form.is_bound:
            form.add_error("file", str(refused))
        else:
            context["problem"] = str(refused)
        return render(request, "delivery/report/import.html", context, status=400)
    context["plan"] = plan
    if plan.errors:
        request.session.pop(key, None)
        return render(request, "delivery/report/import.html", context, status=400)
    described = [f"{change.row}: {change.description}" for change in plan.changes]
    if action == "confirm" and described != stored["changes"]:
        # Someone changed the returns since the preview: show what the file would do now.
        context["problem"] = (
            "Someone changed the returns since you checked the file, so nothing was imported. "
            "Check the changes again below."
        )
        action = None
    if action != "confirm":
        request.session[key] = {"name": name, "data": base64.b64encode(data).decode(), "changes": described}
        return render(request, "delivery/report/import.html", context, status=409 if "problem" in context else 200)
    try:
        written = sheet.apply_import(framework, plan.rows, request.user)
    except sheet.ImportConflict as conflict:
        context["problem"] = f"{conflict} Nothing was imported. Check the file and import it again."
        request.session.pop(key, None)
        return render(request, "delivery/report/import.html", context, status=409)
    request.session.pop(key, None)
    changes = f"{written} return{'s' if written != 1 else ''}"
    messages.success(request, format_html("Imported {} from “<bdi>{}</bdi>”.", changes, name))
    return redirect(reverse("delivery:returns_import", args=[framework.slug]))
