from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from partners.forms import MembersInTheArea
from partners.models import Organisation, Person, WorkingGroup
from partners.permissions import council_area_id

#: Fields the admin never writes: a framework's stage moves only through the workflow, and
#: ``version`` is what tells two people's edits apart.
KEPT_FIELDS = ("stage", "version")


class CouncilAdmin(SimpleHistoryAdmin):
    """The admin of rows that belong to one council (or, for wider-area agreements, to several).

    A superuser sees every row. Any other staff (a council's own people, should one be made
    staff) see and change only their council's rows and their history; another council's
    are not found, as on the site. ``council_lookups`` are the paths from the model to a
    council it belongs to (a lead authority, a co-signatory, an area), any of which may match.

    The stage and version are never written from here: not by the change form, where they
    are read-only, and not by reverting to an old version on the history page, which saves
    the old row whole. A save keeps the row's current stage, and moves its version on by one
    as every other save does, so that a form opened on the site before it is refused.
    """

    council_lookups: tuple[str, ...] = ()

    def get_queryset(self, request) -> QuerySet:
        rows = super().get_queryset(request)
        if request.user.is_superuser:
            return rows
        area = council_area_id(request.user)
        if area is None:
            return rows.none()
        matches = Q()
        for lookup in self.council_lookups:
            matches |= Q(**{lookup: area})
        # A lookup through a wider-area agreement's co-signatories joins a row once for each.
        return rows.filter(matches).distinct()

    def _require_visible(self, request, object_id) -> None:
        if not request.user.is_superuser and not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404("No such row.")

    def history_view(self, request, object_id, extra_context=None):
        self._require_visible(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_visible(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _kept_fields(self) -> list[str]:
        names = {field.name for field in self.model._meta.concrete_fields}
        return [name for name in KEPT_FIELDS if name in names]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self._kept_fields()]

    def save_model(self, request, obj, form, change):
        kept = self._kept_fields()
        with transaction.atomic():
            if change and kept:
                # Locked, so that a workflow move made meanwhile is not written back over.
                current = type(obj).objects.select_for_update().filter(pk=obj.pk).values(*kept).first()
                if current is not None:
                    for name, value in current.items():
                        setattr(obj, name, value)
                    if "version" in current:
                        obj.version = current["version"] + 1
            super().save_model(request, obj, form, change)


@admin.register(Organisation)
class OrganisationAdmin(CouncilAdmin):
    list_display = ["name", "kind", "county"]
    list_filter = ["kind"]
    list_select_related = ["county"]
    search_fields = ["name", "short_name"]
    council_lookups = ("pk", "county")


@admin.register(Person)
class PersonAdmin(CouncilAdmin):
    list_display = ["__str__", "organisation", "job_title", "role"]
    list_filter = ["role"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "job_title"]
    council_lookups = ("organisation", "organisation__county")


class WorkingGroupAdminForm(MembersInTheArea, forms.ModelForm):
    class Meta:
        model = WorkingGroup
        fields = [
            "council",
            "name",
            "remit",
            "subject",
            "lead_organisation",
            "lead_person",
            "member_people",
            "member_organisations",
        ]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(CouncilAdmin):
    form = WorkingGroupAdminForm
    list_display = ["name", "council", "lead_organisation", "lead_person", "remit"]
    list_filter = ["remit", "council"]
    list_select_related = ["council", "lead_organisation", "lead_person__user"]
    filter_horizontal = ["member_people", "member_organisations"]
    council_lookups = ("council",)
