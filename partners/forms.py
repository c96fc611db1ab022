"""Forms of the account and council set-up pages, laid out with GOV.UK components, with messages in plain English.

(priorities.forms has the same kind of helper for the framework's pages; partners cannot import
it, since priorities builds on partners.)
"""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.html import conditional_escape

from partners import services
from partners.fields import one_line
from partners.models import AREA_KINDS, Organisation, Person, WorkingGroup
from partners.tasks import email_on_commit

PASSWORD_HINT = (
    "Use at least 8 characters. Do not use a common password, only numbers, or something like your name "
    "or e-mail address."
)
MISMATCH = "The two passwords are not the same. Enter the same password in both boxes."


class TextBoundField(forms.BoundField):
    """Labels and hints printed as text: crispy-forms-gds prints them unescaped."""

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        self.label = conditional_escape(self.label)
        self.help_text = conditional_escape(self.help_text)


def helper_for(form: forms.Form, submit_text: str, *, warning: bool = False) -> FormHelper:
    """Each field as its GOV.UK component, in order, then one button."""
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
    items.append(Submit("save", submit_text, css_class="govuk-button--warning" if warning else ""))
    helper = FormHelper()
    helper.layout = Layout(*items)
    return helper


def add_errors(form, error: ValidationError, renamed: dict[str, str] | None = None) -> None:
    """Put a model's or service's refusal next to the form's fields it is about (``renamed``
    maps a model field to the form field that asks for it), or above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, problems in error.message_dict.items():
        name = (renamed or {}).get(name, name)
        form.add_error(name if name in form.fields else None, problems)


def unused_email(email: str) -> str:
    """An address for a new account: refused, for the field, if an account already has it."""
    if services.email_is_taken(email):
        raise forms.ValidationError("There is already an account for this e-mail address.")
    return email


class PasswordsInPlainEnglish:
    """Django's password forms with GOV.UK boxes, a hint instead of a list, and plain messages."""

    bound_field_class = TextBoundField

    def _plain_passwords(self) -> None:
        self.error_messages = {**self.error_messages, "password_mismatch": MISMATCH}
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label = "New password"
        first.help_text = PASSWORD_HINT
        first.error_messages["required"] = "Enter a new password."
        second.label = "Confirm new password"
        second.help_text = ""
        second.error_messages["required"] = "Enter the new password again, to confirm it."


class SetPasswordForm(PasswordsInPlainEnglish, auth_forms.SetPasswordForm):
    def __init__(self, *args, submit_text: str = "Save password", **kwargs):
        super().__init__(*args, **kwargs)
        self._plain_passwords()
        self.helper = helper_for(self, submit_text)


class PasswordChangeForm(PasswordsInPlainEnglish, auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages = {
            **self.error_messages,
            "password_incorrect": "Your current password is not right. Enter it again.",
        }
        self._plain_passwords()
        old = self.fields["old_password"]
        old.label = "Current password"
        old.error_messages["required"] = "Enter your current password."
        self.helper = helper_for(self, "Change password")


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Asks for an address; the e-mail goes through the task queue, never from the request."""

    bound_field_class = TextBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = "E-mail address"
        email.help_text = "The address your account was set up with."
        email.error_messages["required"] = "Enter your e-mail address."
        email.error_messages["invalid"] = "Enter an e-mail address in the right form, like name@example.org."
        email.widget.attrs.update({"spellcheck": "false"})
        self.helper = helper_for(self, "Send the link")

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        # The worker writes the link itself (lpsa tasks' "password_reset"), so the request only
        # queues, and takes as long whether or not the address has an account.
        email_on_commit("password_reset", context["user"].pk)


class InviteForm(forms.Form):
    """Someone to invite to the council's accounts, in any role but government reviewer."""

    bound_field_class = TextBoundField

    name = forms.CharField(label="Full name", max_length=150, validators=[one_line])
    email = forms.EmailField(
        label="E-mail address", max_length=150, help_text="The invitation goes here; it is also their username."
    )
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), empty_label="Choose an organisation")
    job_title = forms.CharField(label="Job title (optional)", max_length=200, required=False, validators=[one_line])
    role = forms.ChoiceField(choices=services.COUNCIL_ROLES, widget=forms.RadioSelect)

    def __init__(self, *args, council: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            Q(pk=council.pk) | Q(county_id=council.pk)
        ).order_by("name")
        self.fields["organisation"].help_text = f"{council.name}, or an organisation in its area."
        self.fields["organisation"].initial = council.pk
        self.fields["role"].initial = Person.Role.OFFICER
        self.fields["name"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.fields["email"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        messages = {
            "name": "Enter their full name.",
            "email": "Enter their e-mail address.",
            "organisation": "Choose the organisation they work for.",
            "role": "Choose their role.",
        }
        for name, message in messages.items():
            self.fields[name].error_messages["required"] = message
        self.fields["email"].error_messages["invalid"] = (
            "Enter an e-mail address in the right form, like name@example.org."
        )
        self.fields["organisation"].error_messages["invalid_choice"] = (
            "Choose one of the organisations in your council's area."
        )
        self.helper = helper_for(self, "Send invitation")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        return unused_email(email)


class RoleForm(forms.Form):
    bound_field_class = TextBoundField

    role = forms.ChoiceField(choices=services.COUNCIL_ROLES, widget=forms.RadioSelect, label="Choose their new role")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].error_messages["required"] = "Choose their role."
        self.helper = helper_for(self, "Change role")


class CouncilForm(forms.Form):
    """A council the site administrator sets up, and its first administrator."""

    bound_field_class = TextBoundField

    name = forms.CharField(
        label="Council's name", max_length=200, help_text="For example, Kent County Council.", validators=[one_line]
    )
    kind = forms.ChoiceField(
        label="What kind of council is it?",
        choices=[(k.value, k.label) for k in Organisation.Kind if k in Organisation.UPPER_TIER],
        widget=forms.RadioSelect,
    )
    admin_name = forms.CharField(label="Its administrator's full name", max_length=150, validators=[one_line])
    admin_email = forms.EmailField(
        label="Its administrator's e-mail address", max_length=150, help_text="The invitation goes here."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        messages = {
            "name": "Enter the council's name.",
            "kind": "Choose what kind of council it is.",
            "admin_name": "Enter the administrator's full name.",
            "admin_email": "Enter the administrator's e-mail address.",
        }
        for name, message in messages.items():
            self.fields[name].error_messages["required"] = message
        self.fields["admin_email"].error_messages["invalid"] = (
            "Enter an e-mail address in the right form, like name@example.org."
        )
        self.helper = helper_for(self, "Create council and invite its administrator")

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if Organisation.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError("There is already an organisation with this name.")
        return name

    def clean_admin_email(self) -> str:
        email = self.cleaned_data["admin_email"]
        return unused_email(email)


class ReviewerForm(forms.Form):
    bound_field_class = TextBoundField

    name = forms.CharField(label="Full name", max_length=150, validators=[one_line])
    email = forms.EmailField(label="E-mail address", max_length=150, help_text="The invitation goes here.")
    organisation = forms.ModelChoiceField(
        label="Government department",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.GOVERNMENT),
        empty_label="Choose a department",
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=200, required=False, validators=[one_line])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        messages = {
            "name": "Enter their full name.",
            "email": "Enter their e-mail address.",
            "organisation": "Choose the department they work for.",
        }
        for name, message in messages.items():
            self.fields[name].error_messages["required"] = message
        self.fields["email"].error_messages["invalid"] = (
            "Enter an e-mail address in the right form, like name@example.org."
        )
        self.helper = helper_for(self, "Send invitation")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        return unused_email(email)


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
        self.helper = helper_for(self, "Save the organisation")


class MembersInTheArea:
    """A working-group form that holds its members to WorkingGroup.clean_members, on the site's
    pages and in the admin alike (the members are many-to-many, so the model's clean cannot)."""

    def _post_clean(self):
        super()._post_clean()
        if "member_people" in self.cleaned_data and "member_organisations" in self.cleaned_data:
            try:
                self.instance.clean_members(
                    self.cleaned_data["member_people"], self.cleaned_data["member_organisations"]
                )
            except ValidationError as error:
                self._update_errors(error)


class WorkingGroupForm(MembersInTheArea, forms.ModelForm):
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
        self.helper = helper_for(self, "Save the working group")

    def validate_unique(self):
        try:
            self.instance.validate_constraints()
        except ValidationError:
            self.add_error("name", "The council already has a working group with this name.")
