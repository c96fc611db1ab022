from django import forms
from django.contrib import admin

from partners.admin import CouncilAdmin
from priorities.forms import CoSignatoriesCheck
from priorities.models import (
    AgreementTarget,
    Framework,
    Indicator,
    IndicatorActivity,
    Involvement,
    Priority,
    Target,
    TargetArea,
)


class FrameworkAdminForm(CoSignatoriesCheck, forms.ModelForm):
    """A framework, whose co-signatories obey the framework's rule for them."""


@admin.register(Framework)
class FrameworkAdmin(CouncilAdmin):
    form = FrameworkAdminForm
    list_display = ["title", "council", "stage", "stage_one_deadline", "stage_two_deadline"]
    list_select_related = ["council"]
    filter_horizontal = ["co_signatories"]
    # The stage moves only through the workflow, never by editing a field (CouncilAdmin).
    prepopulated_fields = {"slug": ["title"]}
    council_lookups = ("council", "co_signatories")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            # As on the site (priorities.services.framework_create): the lead takes part as accountable body.
            obj.list_council_as_accountable_body()


@admin.register(Involvement)
class InvolvementAdmin(CouncilAdmin):
    list_display = ["organisation", "framework", "role", "status"]
    list_filter = ["role", "status"]
    list_select_related = ["organisation", "framework"]
    council_lookups = ("framework__council", "framework__co_signatories")


@admin.register(Priority)
class PriorityAdmin(CouncilAdmin):
    list_display = ["title", "framework", "position", "leading_group"]
    list_select_related = ["framework", "leading_group"]
    council_lookups = ("framework__council", "framework__co_signatories")


@admin.register(TargetArea)
class TargetAreaAdmin(CouncilAdmin):
    list_display = ["title", "priority", "position"]
    list_select_related = ["priority"]
    council_lookups = ("priority__framework__council", "priority__framework__co_signatories")


@admin.register(IndicatorActivity)
class IndicatorActivityAdmin(CouncilAdmin):
    list_display = ["title", "priority", "target_area", "explorer_partnership"]
    list_select_related = ["priority", "target_area"]
    council_lookups = ("priority__framework__council", "priority__framework__co_signatories")


@admin.register(Indicator)
class IndicatorAdmin(CouncilAdmin):
    list_display = ["title", "target_area", "direction", "status", "is_illustrative"]
    list_filter = ["status", "direction", "measures"]
    list_select_related = ["target_area"]
    council_lookups = (
        "target_area__priority__framework__council",
        "target_area__priority__framework__co_signatories",
    )
    # Government's decision, reached in negotiation.
    readonly_fields = ["status"]


@admin.register(AgreementTarget)
class AgreementTargetAdmin(CouncilAdmin):
    list_display = ["__str__", "framework", "priority", "lead_partner", "lead_department"]
    list_select_related = ["framework", "priority", "lead_partner"]
    council_lookups = ("framework__council",)


class TargetAdminForm(forms.ModelForm):
    """A target, with the reason that changed figures need once government has seen a version."""

    change_reason = forms.CharField(label="Reason for change", required=False, widget=forms.Textarea({"rows": 2}))

    def clean(self):
        cleaned = super().clean()
        # simple-history keeps the reason with the change; the target checks it.
        self.instance._change_reason = cleaned.get("change_reason", "").strip() or None
        return cleaned


@admin.register(Target)
class TargetAdmin(CouncilAdmin):
    form = TargetAdminForm
    list_display = ["__str__", "indicator", "period", "without_lpsa", "with_lpsa"]
    list_select_related = ["indicator"]
    council_lookups = (
        "indicator__target_area__priority__framework__council",
        "indicator__target_area__priority__framework__co_signatories",
    )

    def save_model(self, request, obj, form, change):
        # The pages' own save, writing only what the form changed, so what follows from a
        # change (an agreed target proposed again) follows here too, and the version moves on.
        own = {field.name for field in Target._meta.concrete_fields}
        fields = [name for name in form.changed_data if name in own]
        obj.save_checked(expected_version=obj.version if change else None, fields=fields)
