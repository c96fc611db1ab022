"""Forms for money in delivery: a year's pump-priming spend, a freedom's progress, a partner's share."""

import datetime
from decimal import Decimal

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms
from django.db.models import Q

from delivery.models import FreedomProgress, PartnerShare
from partners.dates import GovDateField
from partners.forms import TextBoundField
from partners.models import Organisation
from priorities.forms import VersionedForm, date_hints
from priorities.models import Framework, PumpPriming

WHOLE_POUNDS = "Enter the amount in whole pounds, like 125000."


class SpendForm(forms.Form):
    """One box a year of the agreement: what was spent of the allocation in it, in whole pounds."""

    bound_field_class = TextBoundField

    def __init__(self, allocation: PumpPriming, years: list[str], stored: dict, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        for year in years:
            item = stored.get(year)
            self.fields[f"amount_{year}"] = forms.DecimalField(
                label=f"Spent in {year} (£)",
                required=False,
                min_value=0,
                max_digits=12,
                decimal_places=0,
                initial=item.amount if item else None,
                help_text="Leave it empty if nothing was spent.",
                error_messages={
                    "invalid": WHOLE_POUNDS,
                    "min_value": "The amount spent cannot be negative.",
                    "max_decimal_places": WHOLE_POUNDS,
                    "max_digits": "Enter an amount of at most 12 digits.",
                    "max_whole_digits": "Enter an amount of at most 12 digits.",
                },
                widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
            )
            self.fields[f"version_{year}"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, initial=item.version if item else None
            )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *[Field(f"version_{year}") for year in years],
            *[Field.text(f"amount_{year}", field_width=10) for year in years],
            Submit("save", "Save spend"),
        )

    @staticmethod
    def field_for(year: str) -> str:
        return f"amount_{year}"

    def amounts(self) -> dict[str, Decimal | None]:
        return {year: self.cleaned_data.get(f"amount_{year}") for year in self.years}

    def use_versions(self, stored: dict) -> None:
        """After a conflict, let the editor save over what is stored now, on purpose."""
        data = self.data.copy()
        for year in self.years:
            data[f"version_{year}"] = str(stored[year].version) if year in stored else ""
        self.data = data

    def versions(self) -> dict[str, int | None]:
        return {year: self.cleaned_data.get(f"version_{year}") for year in self.years}


class FreedomProgressForm(VersionedForm):
    submit_text = "Save progress"

    class Meta:
        model = FreedomProgress
        fields = ["delivered", "delivered_on", "answer", "answered_on"]
        widgets = {"delivered": forms.RadioSelect}
        field_classes = {"delivered_on": GovDateField, "answered_on": GovDateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivered_on"].required = False
        self.fields["answered_on"].required = False
        date_hints(
            self,
            {
                "delivered_on": ("Only if it was delivered, or partly delivered.", datetime.date(2006, 3, 27)),
                "answered_on": ("", datetime.date(2006, 1, 12)),
            },
        )


def partners_of(framework: Framework):
    """Who may have a share: an organisation involved in the framework, or a district of its area."""
    return (
        Organisation.objects.filter(
            Q(involvements__framework=framework) | Q(county_id=framework.council_id, kind=Organisation.Kind.DISTRICT)
        )
        .distinct()
        .order_by("name")
    )


class PartnerShareForm(VersionedForm):
    submit_text = "Save the share"

    class Meta:
        model = PartnerShare
        fields = ["organisation", "basis", "percent", "note"]
        widgets = {"basis": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        framework = self.instance.framework
        organisation = self.fields["organisation"]
        organisation.queryset = partners_of(framework)
        organisation.empty_label = "Choose a partner"
        organisation.error_messages["invalid_choice"] = "Choose one of the framework's partners."
        percent = self.fields["percent"]
        percent.help_text = (
            "A top-slice is a percentage of the whole reward. A share by contribution is a percentage "
            "of what is left after top-slices."
        )
        percent.error_messages["invalid"] = "Enter a percentage, like 5 or 12.5."
        percent.error_messages["max_decimal_places"] = "Enter a percentage with at most 2 decimal places."
        percent.error_messages["max_digits"] = "A percentage cannot be above 100."
        percent.error_messages["max_whole_digits"] = "A percentage cannot be above 100."
