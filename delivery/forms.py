"""The delivery pages' forms, laid out with GOV.UK components, with messages in plain English."""

import datetime

from django import forms

from delivery.models import PerformanceReturn
from partners.dates import GovDateField
from priorities.forms import FIGURE_WIDGET, TextBoundField, TextInput, gds_helper, plain_english
from priorities.models import NOT_A_NUMBER

REASON_MAX = 100  # simple-history's history_change_reason


def figure_input(label: str, *, required: bool = True, help_text: str = "") -> forms.DecimalField:
    field = forms.DecimalField(label=label, required=required, max_digits=15, decimal_places=3, help_text=help_text)
    field.widget = TextInput(attrs=FIGURE_WIDGET)
    field.error_messages["invalid"] = NOT_A_NUMBER
    return field


class SignForm(forms.Form):
    """The day the agreement was signed (Framework.signed_on is set by the service, not a model form)."""

    bound_field_class = TextBoundField

    signed_on = GovDateField(
        label="Date the agreement was signed",
        help_text="The day the last signatory signed it.",
        example=datetime.date(2005, 3, 10),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].error_messages["required"] = "Enter the date the agreement was signed."
        self.helper = gds_helper(self, "Record that the agreement is signed")


class TrajectoryForm(forms.Form):
    """Two figures for each year of a line's trajectory; both empty means the straight line."""

    bound_field_class = TextBoundField

    def __init__(self, *args, years: list, entered: dict, **kwargs):
        """``years``: the default points (delivery.trajectory.default_points); ``entered``: year to TrajectoryPoint."""
        super().__init__(*args, **kwargs)
        self.years = []
        for index, point in enumerate(years):
            own = entered.get(point.year)
            without = figure_input(f"{point.year}: expected without the agreement", required=False)
            with_lpsa = figure_input(f"{point.year}: expected with the agreement", required=False)
            version = forms.IntegerField(widget=forms.HiddenInput, required=False)
            if own is not None:
                without.initial, with_lpsa.initial, version.initial = own.without_lpsa, own.with_lpsa, own.version
            self.fields[f"without_{index}"] = without
            self.fields[f"with_{index}"] = with_lpsa
            self.fields[f"version_{index}"] = version
            self.years.append((index, point, own))

    def rows(self) -> list[dict]:
        """Each year with its bound fields, for the table the template lays out."""
        return [
            {
                "point": point,
                "own": own,
                "without": self[f"without_{index}"],
                "with": self[f"with_{index}"],
                "version": self[f"version_{index}"],
            }
            for index, point, own in self.years
        ]

    def entered(self) -> dict[str, tuple]:
        data = self.cleaned_data
        return {
            point.year: (data.get(f"without_{index}"), data.get(f"with_{index}"), data.get(f"version_{index}"))
            for index, point, _ in self.years
        }

    def field_for(self, year: str, name: str) -> str | None:
        for index, point, _ in self.years:
            if point.year == year:
                return f"{'without' if name == 'without_lpsa' else 'with'}_{index}"
        return None


class EvidenceField(forms.FileField):
    def __init__(self, **kwargs):
        super().__init__(
            label="Evidence file (optional)",
            required=False,
            help_text="A PDF, Excel spreadsheet (.xlsx), CSV file or Word document (.docx) that backs the figure.",
            **kwargs,
        )
        self.error_messages["empty"] = "The file is empty."
        self.error_messages["invalid"] = "Choose a file to upload."


class ReturnForm(forms.ModelForm):
    """A performance return: its period (chosen when it is new), figure, status, source and note."""

    bound_field_class = TextBoundField

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    source_date = GovDateField(
        label="Date of the source (optional)",
        required=False,
        help_text="When the figure was published or taken from the system.",
        example=datetime.date(2006, 5, 12),
    )
    evidence = EvidenceField()
    change_reason = forms.CharField(
        label="Reason for the change",
        required=False,
        max_length=REASON_MAX,
        help_text="This figure is final. Say why it is changing: the reason is kept in its history.",
    )

    class Meta:
        model = PerformanceReturn
        fields = ["period", "actual", "status", "source", "source_date", "note"]
        widgets = {"status": forms.RadioSelect}

    def __init__(self, *args, periods: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        item = self.instance
        if item.pk:
            del self.fields["period"]
            self.fields["version"].initial = item.version
        else:
            self.fields["period"] = forms.ChoiceField(
                label="Period",
                choices=[("", "Choose a period")] + [(p.key, p.label) for p in periods or []],
                help_text="Periods already returned are not listed: change their return instead.",
            )
        if not (item.pk and item.is_final):
            del self.fields["change_reason"]
        for field in self.fields.values():
            plain_english(field)
        if "period" in self.fields:
            self.fields["period"].error_messages["required"] = "Choose the period the figure is for."
            self.fields["period"].error_messages["invalid_choice"] = "Choose one of the periods listed."
        self.fields["actual"].required = True
        self.fields["actual"].error_messages["required"] = "Enter the actual value, as a number."
        self.fields["status"].choices = list(PerformanceReturn.Status.choices)
        self.fields["source"].error_messages["required"] = (
            "Enter where the figure comes from, such as a survey or a system."
        )
        self.fields["note"].required = False
        if "change_reason" in self.fields:
            self.fields["change_reason"].error_messages["max_length"] = (
                f"Write the reason in {REASON_MAX} characters or fewer."
            )
        self.helper = gds_helper(self, "Save the return")
        self.helper.form_tag = True
        self.helper.attrs = {"enctype": "multipart/form-data", "novalidate": ""}

    def edited_fields(self) -> list[str]:
        return [name for name in self.fields if name in self._meta.fields]

    def _post_clean(self):
        # The reason the model asks for is the form's own field, so the message lands next to it.
        self.instance._change_reason = self.cleaned_data.get("change_reason", "")
        super()._post_clean()

    def use_version(self, version: int) -> None:
        data = self.data.copy()
        data["version"] = str(version)
        self.data = data


class EvidenceForm(forms.Form):
    bound_field_class = TextBoundField

    evidence = EvidenceField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["evidence"]
        field.required = True
        field.label = "Evidence file"
        field.error_messages["required"] = "Choose a file to upload."
        self.helper = gds_helper(self, "Upload the file")
        self.helper.attrs = {"enctype": "multipart/form-data", "novalidate": ""}


class ConfirmForm(forms.Form):
    """A page's single button: nothing to fill in."""
