"""Forms a council administrator uses for the partners of its area and its working groups."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError

from partners.models import AREA_KINDS, Organisation, WorkingGroup


def _helper(form: forms.Form, submit_text: str) -> FormHelper:
    """A GOV.UK layout for the form's fields in order, with one button."""
    items = []
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            items.append(Field.checkboxes(name, legend_size=Size.SMALL, small=True))
        elif isinstance(widget, forms.RadioSelect):
            items.append(Field.radios(name, legend_size=Size.SMALL, small=True))
        elif isinstance(widget, forms.Select):
            items.append(Field.select(name))
        elif isinstance(widget, forms.Textarea):
            items.append(Field.textarea(name, rows=3))
        else:
            items.append(Field.text(name))
    items.append(Submit("save", submit_text))
    helper = FormHelper()
    helper.layout = Layout(*items)
    return helper


class OrganisationForm(forms.ModelForm):
    """A partner of the council's area; the area is the administrator's own council, never chosen."""

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "website"]
        labels = {"name": "Name", "short_name": "Short name (optional)", "kind": "Kind of organisation"}
        help_texts = {
            "name": "The organisation's full name, for example “North Hampshire Primary Care Trust”.",
            "short_name": "For tables and lists, for example “North Hants PCT”.",
            "website": "Optional. For example, https://www.example.org.uk",
        }
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "name": {
                "required": "Enter the organisation's name.",
                "unique": "An organisation with this name is already recorded. If it is a different one, "
                "make the name tell them apart, for example by adding its area.",
                "max_length": "The name must be 200 characters or fewer.",
            },
            "short_name": {"max_length": "The short name must be 60 characters or fewer."},
            "kind": {"required": "Choose what kind of organisation it is."},
            "website": {"invalid": "Enter the website's address, like https://www.example.org.uk"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        kind.choices = [(value, label) for value, label in Organisation.Kind.choices if value in AREA_KINDS]
        kind.error_messages["invalid_choice"] = "Choose one of the kinds listed."
        self.fields["website"].label = "Website"
        self.helper = _helper(self, "Save the organisation")


class WorkingGroupForm(forms.ModelForm):
    """A working group of the council: its remit, its lead and its members, all of the council's area."""

    class Meta:
        model = WorkingGroup
        fields = [
            "name",
            "remit",
            "subject",
            "lead_organisation",
            "lead_person",
            "member_organisations",
            "member_people",
        ]
        labels = {
            "name": "Name",
            "remit": "What the group works on",
            "subject": "Subject (for a cross-cutting group)",
            "lead_organisation": "Lead organisation",
            "lead_person": "Lead person (optional)",
            "member_organisations": "Member organisations (optional)",
            "member_people": "Members (optional)",
        }
        help_texts = {
            "name": "For example, “Feeling safe working group”.",
            "lead_person": "A working-group lead named here can edit the indicators and targets of the "
            "priorities the group leads.",
            "member_people": "Members who are working-group leads can edit the indicators and targets of the "
            "priorities the group leads.",
        }
        widgets = {
            "remit": forms.RadioSelect,
            "member_organisations": forms.CheckboxSelectMultiple,
            "member_people": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "name": {"required": "Enter the group's name.", "max_length": "The name must be 200 characters or fewer."},
            "subject": {"max_length": "The subject must be 200 characters or fewer."},
            "remit": {"required": "Choose what the group works on."},
            "lead_organisation": {
                "required": "Choose the organisation that leads the group.",
                "invalid_choice": "Choose one of the organisations listed.",
            },
            "lead_person": {"invalid_choice": "Choose one of the people listed."},
        }

    def __init__(self, *args, organisations, people, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = organisations.order_by("name")
        people = people.select_related("user", "organisation").order_by("user__last_name", "user__first_name")
        self.fields["lead_organisation"].queryset = organisations
        self.fields["lead_organisation"].empty_label = "Choose an organisation"
        self.fields["member_organisations"].queryset = organisations
        for name in ("lead_person", "member_people"):
            self.fields[name].queryset = people
            self.fields[name].label_from_instance = lambda person: f"{person}, {person.organisation.name}"
        self.fields["lead_person"].empty_label = "Nobody named yet"
        self.fields["remit"].choices = WorkingGroup.Remit.choices
        for name in ("member_organisations", "member_people"):
            self.fields[name].error_messages["invalid_choice"] = "Choose from the list."
        self.helper = _helper(self, "Save the working group")

    def validate_unique(self):
        try:
            self.instance.validate_constraints()
        except ValidationError:
            self.add_error("name", "The council already has a working group with this name.")

    def _post_clean(self):
        super()._post_clean()
        if "member_people" in self.cleaned_data and "member_organisations" in self.cleaned_data:
            try:
                self.instance.clean_members(
                    self.cleaned_data["member_people"], self.cleaned_data["member_organisations"]
                )
            except ValidationError as error:
                self._update_errors(error)
