from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme

from partners import permissions as perms
from partners.forms import OrganisationForm, WorkingGroupForm
from partners.models import Organisation, WorkingGroup

ORGANISATION_FIELDS = ["name", "short_name", "kind", "website"]
GROUP_FIELDS = ["name", "remit", "subject", "lead_organisation", "lead_person"]


def _safe_next(request: HttpRequest) -> str:
    """A page of this site to go back to once done (the add-a-partner form), or ""."""
    back = request.GET.get("next", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return ""


def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = perms.organisations_for(request.user).order_by("kind", "name")
    groups: dict[str, list[Organisation]] = {}
    labels = dict(Organisation.Kind.choices)
    for organisation in organisations:
        groups.setdefault(labels[organisation.kind], []).append(organisation)
    council = perms.administered_council(request.user)
    context = {"groups": groups, "council": council}
    return render(request, "partners/organisation_list.html", context)


def _organisation_page(request, form, *, title: str, back_url: str, status: int = 200) -> HttpResponse:
    context = {"form": form, "title": title, "back_url": back_url, "caption": "Partners"}
    return render(request, "partners/form.html", context, status=status)


def organisation_create(request: HttpRequest) -> HttpResponse:
    """A council administrator adds a partner to their council's area, such as a primary care trust."""
    council = perms.require_council_administrator(request.user)
    back = _safe_next(request)
    form = OrganisationForm(request.POST or None, instance=Organisation(county=council))
    if request.method == "POST" and form.is_valid():
        organisation = form.save()
        messages.success(request, format_html("“<bdi>{}</bdi>” was added to the partners.", organisation.name))
        if back:
            # Back to where the administrator was, with the new organisation chosen.
            return redirect(f"{back}{'&' if '?' in back else '?'}organisation={organisation.pk}")
        return redirect("partners:organisations")
    return _organisation_page(
        request,
        form,
        title=f"Add an organisation to {council.name}'s area",
        back_url=back or reverse("partners:organisations"),
        status=400 if form.errors else 200,
    )


def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = perms.get_organisation_for_admin(request.user, pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.instance.save(update_fields=ORGANISATION_FIELDS)
        messages.success(request, format_html("“<bdi>{}</bdi>” was saved.", organisation.name))
        return redirect("partners:organisations")
    return _organisation_page(
        request,
        form,
        title=format_html("Change “<bdi>{}</bdi>”", organisation.name),
        back_url=reverse("partners:organisations"),
        status=400 if form.errors else 200,
    )


def working_group_list(request: HttpRequest) -> HttpResponse:
    groups = (
        perms.working_groups_for(request.user)
        .select_related("lead_organisation", "lead_person__user")
        .prefetch_related("member_organisations")
    )
    context = {"groups": groups, "can_manage": perms.can_manage_partners(request.user)}
    return render(request, "partners/working_group_list.html", context)


def working_group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = perms.get_working_group_for_user(request.user, pk)
    council = perms.administered_council(request.user)
    context = {"group": group, "can_manage": council is not None and council.pk == group.council_id}
    return render(request, "partners/working_group.html", context)


def _group_form(request: HttpRequest, group: WorkingGroup) -> WorkingGroupForm:
    council = group.council
    return WorkingGroupForm(
        request.POST or None,
        instance=group,
        organisations=perms.area_organisations(council),
        people=perms.area_people(council),
    )


def _save_group(form: WorkingGroupForm) -> WorkingGroup:
    with transaction.atomic():
        group = form.save(commit=False)
        if group.pk is None:
            group.save()
        else:
            group.save(update_fields=GROUP_FIELDS)
        form.save_m2m()
    return group


def working_group_create(request: HttpRequest) -> HttpResponse:
    council = perms.require_council_administrator(request.user)
    form = _group_form(request, WorkingGroup(council=council))
    if request.method == "POST" and form.is_valid():
        group = _save_group(form)
        messages.success(request, format_html("The working group “<bdi>{}</bdi>” was added.", group.name))
        return redirect(group)
    context = {
        "form": form,
        "title": "Add a working group",
        "caption": council.name,
        "back_url": reverse("partners:working_groups"),
    }
    return render(request, "partners/form.html", context, status=400 if form.errors else 200)


def working_group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = perms.get_working_group_for_admin(request.user, pk)
    form = _group_form(request, group)
    if request.method == "POST" and form.is_valid():
        _save_group(form)
        messages.success(request, format_html("The working group “<bdi>{}</bdi>” was saved.", group.name))
        return redirect(group)
    context = {
        "form": form,
        "title": format_html("Change “<bdi>{}</bdi>”", group.name),
        "caption": "Working group",
        "back_url": group.get_absolute_url(),
    }
    return render(request, "partners/form.html", context, status=400 if form.errors else 200)


def working_group_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a group after confirmation; a group that leads a priority is refused, saying which."""
    group = perms.get_working_group_for_admin(request.user, pk)
    problem = ""
    if request.method == "POST":
        name = group.name
        try:
            group.delete_unless_leading()
        except ValidationError as refused:
            problem = " ".join(refused.messages)
        else:
            messages.success(request, format_html("The working group “<bdi>{}</bdi>” was deleted.", name))
            return redirect("partners:working_groups")
    led = list(group.priorities.select_related("framework").order_by("framework__title", "position"))
    context = {"group": group, "led": led, "problem": problem}
    return render(request, "partners/working_group_delete.html", context, status=400 if problem else 200)
