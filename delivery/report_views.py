"""The monitoring report (preview and PDF) and the spreadsheet export and import of returns."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control

from delivery import permissions, report
from delivery import returns_spreadsheet as sheet
from delivery.models import RETURN_STAGES
from lpsa.pdf import RenderFailed
from priorities.import_flow import preview_then_import

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
    """The agreement in delivery, which everyone who reads the report may open."""
    return reverse("delivery:overview", args=[framework.slug])


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
    here = reverse("delivery:returns_import", args=[framework.slug])
    return preview_then_import(
        request,
        key=f"returns-import:{framework.pk}",
        template="delivery/report/import.html",
        context={"framework": framework, "leads_only": allowed is not None},
        plan=lambda name, data: sheet.plan_import(framework, sheet.read_table(name, data), allowed),
        apply=lambda rows: sheet.apply_import(framework, rows, request.user),
        done_url=here,
        cancel_url=here,
        changed="the returns",
        noun="return",
    )
