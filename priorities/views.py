from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Model, Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from partners.forms import add_errors
from partners.permissions import administered_council, person_of
from priorities import content, overview, reward, services, spreadsheet
from priorities import permissions as perms
from priorities.agreement import framework_agreement
from priorities.charts import chart_description, target_chart_data_uri
from priorities.consultation import consultation_rows
from priorities.forms import (
    CalculatorForm,
    FrameworkCloseForm,
    FrameworkForm,
    NewFrameworkForm,
    VersionedForm,
)
from priorities.glossary import TERMS
from priorities.import_flow import preview_then_import
from priorities.kinds import KINDS, Kind
from priorities.models import EditConflict, Framework, FrameworkItem, Freedom, Indicator, PumpPriming
from priorities.templatetags.figures import figure


def _get_item(request: HttpRequest, kind: Kind, pk: int) -> Model:
    queryset = kind.model.objects.select_related(*kind.related)
    return perms.get_visible(request.user, queryset, pk, framework_path=kind.framework_path)


def _describe(obj: Model | None, form: VersionedForm) -> list[tuple[str, str, str]]:
    """Rows of (field label, the saved value, the editor's value) where they differ."""
    rows = []
    # Only what the editor edits: not the hidden version counter, nor a reason for the change.
    for name in form.edited_fields():
        mine = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else form.data.get(name)
        theirs = getattr(obj, name, None) if obj is not None else None
        if theirs != mine:
            rows.append(
                (
                    str(form.fields[name].label).removesuffix(" (optional)"),
                    _shown(obj, name, theirs),
                    _shown(form.instance, name, mine),
                )
            )
    return rows


def _shown(obj: Model | None, name: str, value) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Decimal):
        return figure(value)
    field = obj._meta.get_field(name) if obj is not None else None
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _edit(
    request: HttpRequest, kind: Kind, item: Model, *, title: str, back_url: str, initial: dict | None = None
) -> HttpResponse:
    """Show the form; on a valid POST save the item unless someone else saved it first."""
    conflict = None
    if request.method == "POST":
        form = kind.form(request.POST, instance=item)
        if form.is_valid():
            creating = form.instance.pk is None
            try:
                with transaction.atomic():
                    form.instance.save_checked(
                        expected_version=form.cleaned_data.get("version"), fields=form.edited_fields()
                    )
                    form.save_related()
            except ValidationError as error:
                # A rule only sure under the save's lock, such as what is left of a grant.
                form.add_error(None, error)
            except EditConflict as error:
                conflict = _describe(error.current, form)
                if error.current is None:
                    form.add_error(
                        None,
                        f"Someone else deleted this {kind.noun} while you were editing it. "
                        "Nothing was saved. Your text is still in the form below if you need it.",
                    )
                else:
                    form.add_error(
                        None,
                        f"Someone else saved this {kind.noun} while you were editing it, so your changes "
                        "were not saved. Compare the two versions below, then save again to keep yours.",
                    )
                    form.use_version(error.current.version)
            else:
                verb = "added" if creating else "saved"
                # <bdi> keeps a right-to-left title from turning the rest of the sentence round.
                messages.success(request, format_html("The {} “<bdi>{}</bdi>” was {}.", kind.noun, form.instance, verb))
                return redirect(kind.after_save(form.instance))
    else:
        form = kind.form(instance=item, initial=initial)
    context = {
        "form": form,
        "title": title,
        "item": item,
        "kind": kind,
        "back_url": back_url,
        "conflict": conflict,
        "framework": item.framework,
        "note_template": kind.note_template,
        "can_add_organisation": administered_council(request.user) is not None,
    }
    return render(request, "priorities/item_form.html", context, status=409 if conflict is not None else 200)


# --- dashboard and framework ------------------------------------------------------------


def dashboard(request: HttpRequest) -> HttpResponse:
    frameworks = list(perms.frameworks_for(request.user).for_dashboard())
    # Closed frameworks are listed apart, and nothing is missing from them any more.
    current = [fw for fw in frameworks if not fw.is_closed]
    # What each one still misses comes from the workflow's readiness check (lpsa_tags.still_missing).
    rows = [{"framework": fw} for fw in current]
    person = person_of(request.user)
    # Each role's own work comes first (templates/priorities/includes/home_*.html).
    context = {
        "rows": rows,
        "closed": [fw for fw in frameworks if fw.is_closed],
        "can_create": perms.can_create_framework(request.user),
        "role": person.role if person else "",
        # Every framework shown, for the banners and lists of what waits in them.
        "frameworks": frameworks,
    }
    return render(request, "priorities/dashboard.html", context)


def framework_create(request: HttpRequest) -> HttpResponse:
    """A council administrator starts a framework for their own council."""
    perms.require(perms.can_create_framework(request.user))
    council = administered_council(request.user)
    form = NewFrameworkForm(request.POST or None, instance=Framework(council=council), names_co_signatories=True)
    if request.method == "POST" and form.is_valid():
        details = {name: form.cleaned_data[name] for name in form.edited_fields()}
        try:
            framework = services.framework_create(
                council=council, co_signatories=form.cleaned_data.get("co_signatories", []), **details
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, format_html("The framework “<bdi>{}</bdi>” was started.", framework.title))
            return redirect(framework)
    context = {
        "form": form,
        "title": "Start a new framework",
        "caption": council.name,
        "framework": None,
        "back_url": reverse("priorities:dashboard"),
    }
    return render(request, "priorities/item_form.html", context, status=400 if form.errors else 200)


def framework_close(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask for a reason and confirmation, then close the framework to every change."""
    framework = perms.get_framework_for_user(request.user, slug)
    perms.require(perms.can_manage_framework(request.user, framework))
    if framework.is_closed:
        messages.error(request, "This framework is already closed.")
        return redirect(framework)
    form = FrameworkCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            framework.close(by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error, {"closed_reason": "reason"})
        else:
            messages.success(request, "The framework was closed. Nobody can change it until it is reopened.")
            return redirect(framework)
    context = {"form": form, "framework": framework}
    return render(request, "priorities/framework_close.html", context, status=400 if form.errors else 200)


@require_POST
def framework_reopen(request: HttpRequest, slug: str) -> HttpResponse:
    framework = perms.get_framework_for_user(request.user, slug)
    perms.require(perms.can_manage_framework(request.user, framework))
    try:
        framework.reopen(by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The framework was reopened. Its people can change it again.")
    return redirect(framework)


def framework_detail(request: HttpRequest, slug: str) -> HttpResponse:
    framework = perms.get_framework_for_user(request.user, slug)
    can_edit = perms.can_edit_structure(request.user, framework)
    parts = overview.overview_parts(request, framework, can_edit=can_edit)
    numbered = parts["counts"]["numbered"]
    context = {
        "framework": framework,
        **parts,
        "numbered_count": numbered,
        "target_warning": target_count_warning(numbered) if numbered or not framework.in_stage_one else "",
        "can_edit": can_edit,
        "can_manage": perms.can_manage_framework(request.user, framework),
    }
    return render(request, "priorities/framework.html", context)


def framework_edit(request: HttpRequest, slug: str) -> HttpResponse:
    framework = perms.get_framework_for_user(request.user, slug)
    perms.require_edit(request.user, framework, perms.can_edit_structure(request.user, framework))
    names = perms.is_lead_editor(request.user, framework)
    conflict = None
    if request.method == "POST":
        form = FrameworkForm(request.POST, instance=framework, names_co_signatories=names)
        if form.is_valid():
            try:
                with transaction.atomic():
                    framework.save_checked(
                        expected_version=form.cleaned_data.get("version"), fields=form.edited_fields()
                    )
                    if "co_signatories" in form.cleaned_data:
                        framework.set_co_signatories(form.cleaned_data["co_signatories"])
            except ValidationError as error:
                # The grant is checked again under the save's lock, against allocations made meanwhile.
                form.add_error(None, error)
            except EditConflict as error:
                conflict = _describe(error.current, form)
                form.add_error(
                    None,
                    "Someone else saved the framework's details while you were editing them, so your changes "
                    "were not saved. Compare the two versions below, then save again to keep yours.",
                )
                form.use_version(error.current.version)
            else:
                messages.success(request, "The framework's details were saved.")
                return redirect(framework)
    else:
        form = FrameworkForm(instance=framework, names_co_signatories=names)
    context = {
        "form": form,
        "title": "Edit the framework's details",
        "framework": framework,
        "back_url": framework.get_absolute_url(),
        "conflict": conflict,
    }
    return render(request, "priorities/item_form.html", context, status=409 if conflict is not None else 200)


def framework_partners(request: HttpRequest, slug: str) -> HttpResponse:
    framework = perms.get_framework_for_user(request.user, slug)
    involvements = framework.involvements.select_related("organisation")
    context = {
        "framework": framework,
        "involvements": involvements,
        "can_edit": perms.can_edit_structure(request.user, framework),
        # Two-tier rules apply only where the signatories' areas have district councils.
        "has_districts": framework.districts().exists(),
        "consultation": consultation_rows(framework),
    }
    return render(request, "priorities/framework_partners.html", context)


# --- items: priorities, target areas, activities, indicators, targets, involvements ------


def priority_detail(request: HttpRequest, pk: int) -> HttpResponse:
    priority = _get_item(request, KINDS["priority"], pk)
    areas = priority.target_areas.prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.annotate(target_count=Count("targets")))
    )
    activities = priority.activities.select_related("target_area")
    context = {
        "priority": priority,
        "framework": priority.framework,
        "areas": areas,
        "activities": activities,
        "can_edit": perms.can_edit_structure(request.user, priority.framework),
        "can_edit_measures": perms.can_edit_measures(request.user, priority),
    }
    return render(request, "priorities/priority.html", context)


def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _get_item(request, KINDS["indicator"], pk)
    targets = indicator.targets.select_related("agreement_target__framework")
    context = {
        "indicator": indicator,
        "priority": indicator.target_area.priority,
        "framework": indicator.framework,
        "targets": targets,
        "can_edit": perms.can_edit_measures(request.user, indicator.target_area.priority),
    }
    return render(request, "priorities/indicator.html", context)


def item_create(request: HttpRequest, kind: str, pk: int | None = None, slug: str | None = None) -> HttpResponse:
    spec = KINDS[kind]
    if spec.parent is None:
        parent = perms.get_framework_for_user(request.user, slug)
        item = spec.model(framework=parent)
        back_url = parent.get_absolute_url()
    else:
        parent_kind = KINDS[spec.parent]
        parent = _get_item(request, parent_kind, pk)
        item = spec.model(**{spec.link: parent})
        back_url = parent_kind.after_save(parent)
    if spec.prepare is not None:
        spec.prepare(item, parent)
    perms.require_edit(request.user, item.framework, spec.may_edit(request.user, item))
    initial = {name: request.GET[name] for name in spec.initial_from_query if name in request.GET}
    return _edit(request, spec, item, title=spec.title_for_adding(parent), back_url=back_url, initial=initial)


def item_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    spec = KINDS[kind]
    item = _get_item(request, spec, pk)
    perms.require_edit(request.user, item.framework, spec.may_edit(request.user, item))
    return _edit(request, spec, item, title=f"Edit the {spec.noun}", back_url=spec.after_save(item))


def item_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    spec = KINDS[kind]
    item = _get_item(request, spec, pk)
    perms.require_edit(request.user, item.framework, spec.may_edit(request.user, item))
    if request.method == "POST":
        where = spec.listed_on(item)
        name = str(item)
        if isinstance(item, FrameworkItem):
            item.delete_and_renumber()
        else:
            item.refuse_if_locked()
            item.delete()
        messages.success(request, format_html("The {} “<bdi>{}</bdi>” was deleted.", spec.noun, name))
        return redirect(where)
    context = {
        "item": item,
        "kind": spec,
        "framework": item.framework,
        "also_deleted": spec.also_deleted(item),
        "back_url": spec.after_save(item),
    }
    return render(request, "priorities/item_confirm_delete.html", context)


@require_POST
def item_move(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    spec = KINDS[kind]
    item = _get_item(request, spec, pk)
    perms.require_edit(request.user, item.framework, spec.may_edit(request.user, item))
    direction = request.POST.get("direction")
    if direction in ("up", "down"):
        item.move(by=-1 if direction == "up" else 1)
    return redirect(f"{spec.listed_on(item)}#{kind}-{item.pk}")


# --- targets, money and freedoms -----------------------------------------------------------


def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target = _get_item(request, KINDS["target"], pk)
    indicator = target.indicator
    framework = indicator.framework
    # The chart is drawn once per version of the framework's content, not on every view.
    chart, chart_text = content.derived(
        framework,
        "chart",
        lambda: (target_chart_data_uri(target, indicator), chart_description(target, indicator)),
        target.pk,
    )
    context = {
        "target": target,
        "indicator": indicator,
        "priority": indicator.target_area.priority,
        "framework": framework,
        "numbered": target.agreement_target,
        "freedoms": target.freedoms.all(),
        "pump_priming": target.pump_priming.all(),
        "chart": chart,
        "chart_text": chart_text,
        "can_edit": perms.can_edit_measures(request.user, indicator.target_area.priority),
    }
    return render(request, "priorities/target.html", context)


def agreement_targets(request: HttpRequest, slug: str) -> HttpResponse:
    """Schedule 1 as it is being drafted: the numbered targets, their lines and shares."""
    framework = perms.get_framework_for_user(request.user, slug)
    can_edit = perms.can_edit_structure(request.user, framework)
    context = {
        "framework": framework,
        "body": content.fragment(
            request,
            framework,
            "numbered-targets",
            "priorities/includes/agreement_targets_body.html",
            lambda: agreement_targets_context(framework, can_edit),
            can_edit,
        ),
        "can_edit": can_edit,
    }
    return render(request, "priorities/agreement_targets.html", context)


def agreement_targets_context(framework: Framework, can_edit: bool) -> dict:
    """What the numbered targets page shows, read only when its cached copy is out of date."""
    agreement = framework_agreement(framework)
    prefetch_related_objects([numbered.item for numbered in agreement.numbered], "areas")
    return {
        "framework": framework,
        "agreement": agreement,
        "target_warning": target_count_warning(len(agreement.numbered)),
        "can_edit": can_edit,
    }


def money(request: HttpRequest, slug: str) -> HttpResponse:
    framework = perms.get_framework_for_user(request.user, slug)
    agreement = framework_agreement(framework)
    # Lines tied to a target first, in the targets' order, then those for the agreement as a whole.
    allocations = sorted(
        PumpPriming.objects.filter(framework=framework).select_related("target__indicator"),
        key=lambda a: (a.target_id is None, a.pk),
    )
    allocated = sum((a.amount for a in allocations), Decimal(0))
    by_kind = {
        kind: sum((a.amount for a in allocations if a.kind == kind), Decimal(0)) for kind in ("capital", "revenue")
    }
    context = {
        "framework": framework,
        "agreement": agreement,
        "target_warning": target_count_warning(len(agreement.numbered)),
        "allocations": allocations,
        "allocated": allocated,
        "capital": by_kind["capital"],
        "revenue": by_kind["revenue"],
        "unsorted": allocated - by_kind["capital"] - by_kind["revenue"],
        "left": (framework.pump_priming_grant - allocated) if framework.pump_priming_grant is not None else None,
        "can_edit_framework": perms.can_edit_structure(request.user, framework),
        "can_edit": perms.editable_priority_ids(request.user, framework) is None,
    }
    return render(request, "priorities/money.html", context)


def target_count_warning(count: int) -> str:
    """Agreements carry about twelve targets; far from that, each target's share of the reward suffers or swells."""
    if count == 0:
        return "There are no numbered targets yet. Agreements usually carry about twelve."
    if count < 8:
        return (
            f"There {'is' if count == 1 else 'are'} {count} numbered target{'s' if count != 1 else ''}. "
            "Agreements usually carry about twelve; with fewer, each target carries more of the reward, "
            "and missing one costs more."
        )
    if count > 16:
        return (
            f"There are {count} numbered targets. Agreements usually carry about twelve; with more, "
            "each target's share of the reward shrinks."
        )
    return ""


def calculator_lines(framework: Framework) -> list:
    """The calculator's lines: every numbered target's."""
    # A line weighted 0% is there for information: it earns nothing, so nothing is asked of it.
    return [line for line in framework_agreement(framework).lines if line.target.is_scored]


def calculator_results(form: CalculatorForm, lines: list):
    """What the results typed into the calculator would earn: None until the form is filled in and valid."""
    if not (form.is_bound and form.is_valid()):
        return None
    return reward.calculate(
        [
            reward.Expected(
                line=line,
                share=line.share or Decimal(0),
                without=line.target.without_lpsa,
                with_lpsa=line.target.with_lpsa,
                final=form.cleaned_data.get(f"final_{line.target.pk}"),
                interim_with=line.target.interim_with_lpsa,
                interim=form.cleaned_data.get(f"interim_{line.target.pk}"),
                higher_is_better=line.target.indicator.direction == Indicator.Direction.HIGHER,
            )
            for line in lines
            if line.target.without_lpsa is not None and line.target.with_lpsa is not None
        ]
    )


def calculator(request: HttpRequest, slug: str) -> HttpResponse:
    framework = perms.get_framework_for_user(request.user, slug)
    lines = calculator_lines(framework)
    form = CalculatorForm(lines, request.GET or None)
    results = calculator_results(form, lines)
    context = {"framework": framework, "form": form, "results": results, "lines": lines}
    return render(request, "priorities/calculator.html", context, status=400 if form.errors else 200)


def freedoms(request: HttpRequest, slug: str) -> HttpResponse:
    framework = perms.get_framework_for_user(request.user, slug)
    register = Freedom.objects.filter(target__indicator__target_area__priority__framework=framework).select_related(
        "target__indicator"
    )
    context = {"framework": framework, "freedoms": register, "statuses": Freedom.Status}
    return render(request, "priorities/freedoms.html", context)


# --- spreadsheets ------------------------------------------------------------------------------


# A council's figures must not stay in a shared or browser cache after the person signs out.
@cache_control(private=True, no_store=True)
def export_spreadsheet(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    framework = perms.get_framework_for_user(request.user, slug)
    if fmt == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(spreadsheet.export_xlsx(framework), content_type=content_type)
    else:
        response = HttpResponse(spreadsheet.export_csv(framework), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{framework.slug}-indicators-and-targets.{fmt}"'
    return response


def import_spreadsheet(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload, check and preview; then import everything or nothing."""
    framework = perms.get_framework_for_user(request.user, slug)
    perms.require_edit(request.user, framework, perms.can_edit_structure(request.user, framework))
    return preview_then_import(
        request,
        key=f"import:{framework.pk}",
        template="priorities/import.html",
        context={"framework": framework},
        plan=lambda name, data: spreadsheet.plan_import(framework, spreadsheet.read_table(name, data)),
        apply=lambda rows: spreadsheet.apply_import(framework, rows),
        done_url=framework.get_absolute_url(),
        cancel_url=framework.get_absolute_url(),
        changed="the framework",
        noun="change",
    )


# --- help ------------------------------------------------------------------------------


def help_page(request: HttpRequest) -> HttpResponse:
    """What the tool is for, the stages of an agreement, and who does what."""
    return render(request, "priorities/help.html")


def glossary(request: HttpRequest) -> HttpResponse:
    """The words of an agreement, each with an anchor the pages that use it link to."""
    return render(request, "priorities/glossary.html", {"terms": TERMS})
