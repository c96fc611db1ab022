from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partners import permissions as perms
from partners.models import Organisation


def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = perms.organisations_for(request.user).order_by("kind", "name")
    groups: dict[str, list[Organisation]] = {}
    labels = dict(Organisation.Kind.choices)
    for organisation in organisations:
        groups.setdefault(labels[organisation.kind], []).append(organisation)
    return render(request, "partners/organisation_list.html", {"groups": groups})


def working_group_list(request: HttpRequest) -> HttpResponse:
    groups = (
        perms.working_groups_for(request.user)
        .select_related("lead_organisation", "lead_person__user")
        .prefetch_related("member_organisations")
    )
    return render(request, "partners/working_group_list.html", {"groups": groups})


def working_group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = perms.get_working_group_for_user(request.user, pk)
    return render(request, "partners/working_group.html", {"group": group})
