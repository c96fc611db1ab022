from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partners.models import Organisation, Person, WorkingGroup


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "county"]
    list_filter = ["kind"]
    list_select_related = ["county"]
    search_fields = ["name", "short_name"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "organisation", "job_title", "role"]
    list_filter = ["role"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "job_title"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "council", "lead_organisation", "lead_person", "remit"]
    list_filter = ["remit", "council"]
    list_select_related = ["council", "lead_organisation", "lead_person__user"]
    filter_horizontal = ["member_people", "member_organisations"]
