"""The reward claims' forms: audit sign-off, the check before submitting, government's
decision and the payments it makes. Rules are the services'; these only ask and explain."""

import datetime

from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms

from delivery.models import Payment
from partners.dates import GovDateField
from priorities.forms import TextLabelsForm, gds_helper

NAME_MAX = 200


def _no_form_tag(helper):
    helper.form_tag = False
    return helper


class VerificationForm(TextLabelsForm):
    """Who in internal audit verified a final figure or the claim, when, and on what evidence."""

    verifier_name = forms.CharField(
        label="Name of the person who verified it",
        max_length=NAME_MAX,
        error_messages={"required": "Enter the name of the person who verified it."},
    )
    verifier_title = forms.CharField(
        label="Their job title",
        max_length=NAME_MAX,
        help_text="For example, Head of Internal Audit.",
        error_messages={"required": "Enter their job title, such as Head of Internal Audit."},
    )
    verified_on = GovDateField(
        label="Date verified",
        example=datetime.date(2008, 6, 27),
        error_messages={"required": "Enter the date it was verified."},
    )
    note = forms.CharField(
        label="What was checked (optional)", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.FileField(
        label="Evidence (optional)",
        required=False,
        help_text="The auditor's report or working papers: a PDF, Excel spreadsheet, CSV file or Word document.",
    )

    def __init__(self, *args, submit_text: str = "Save the audit sign-off", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self, submit_text)
        self.helper.layout = Layout(
            Field.text("verifier_name"),
            Field.text("verifier_title"),
            Field("verified_on"),
            Field.textarea("note", rows=3),
            Field("evidence"),
            Submit("save", submit_text),
        )
        self.helper.form_tag = False


class SubmitForm(TextLabelsForm):
    """The officer who signs the claim, and the confirmation that they sign its declaration."""

    signatory_name = forms.CharField(
        label="Name of the officer who signs the claim",
        max_length=NAME_MAX,
        help_text="Usually the director of finance (the section 151 officer).",
        error_messages={"required": "Enter the name of the officer who signs the claim."},
    )
    signatory_title = forms.CharField(
        label="Their job title",
        max_length=NAME_MAX,
        error_messages={"required": "Enter their job title, such as Director of Finance."},
    )
    confirm = forms.BooleanField(
        error_messages={"required": "Confirm that the officer named has read the claim and signs its declaration."},
    )

    def __init__(self, *args, confirmation: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = confirmation
        self.helper = _no_form_tag(gds_helper(self, "Submit the claim to government"))


class DecisionForm(TextLabelsForm):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("accept", "Accept the claim"), ("return", "Return it to the council to correct")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you accept the claim or return it."},
    )
    reasons = forms.CharField(
        label="Reasons",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when you return the claim: say what the council should correct.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _no_form_tag(gds_helper(self, "Record the decision"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not cleaned.get("reasons", "").strip():
            self.add_error("reasons", "Enter why the claim is returned, so the council knows what to correct.")
        return cleaned


MONEY_ERRORS = {
    "invalid": "Enter the amount in pounds and pence, like 960000 or 960000.50.",
    "max_decimal_places": "Enter the amount to the penny, with at most 2 figures after the point.",
    "max_digits": "The amount is too large.",
    "max_whole_digits": "The amount is too large.",
}


class PaymentForm(TextLabelsForm):
    what = forms.ChoiceField(label="Which payment is it?", widget=forms.RadioSelect)
    capital = forms.DecimalField(
        label="Capital grant paid (£)",
        max_digits=14,
        decimal_places=2,
        min_value=0,
        error_messages={
            **MONEY_ERRORS,
            "required": "Enter the capital grant paid.",
            "min_value": "An amount paid cannot be negative.",
        },
    )
    revenue = forms.DecimalField(
        label="Revenue grant paid (£)",
        max_digits=14,
        decimal_places=2,
        min_value=0,
        error_messages={
            **MONEY_ERRORS,
            "required": "Enter the revenue grant paid.",
            "min_value": "An amount paid cannot be negative.",
        },
    )
    paid_on = GovDateField(
        label="Date paid",
        example=datetime.date(2008, 6, 27),
        error_messages={"required": "Enter the date it was paid."},
    )
    how_told = forms.CharField(
        label="How did government tell the council?",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="You record this on government's behalf. For example: “Remittance advice from ODPM, 14 May 2008”.",
        error_messages={
            "required": "Say how government told the council it paid, such as a remittance advice and its date."
        },
    )

    def __init__(self, *args, choices: list[tuple[str, str]], on_behalf: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["what"].choices = choices
        self.fields["what"].error_messages["required"] = "Choose which payment it is."
        self.fields["what"].error_messages["invalid_choice"] = "Choose one of the payments listed."
        for name in ("capital", "revenue"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "spellcheck": "false"})
        if not on_behalf:
            del self.fields["how_told"]
        self.helper = _no_form_tag(gds_helper(self, "Record the payment"))


def payment_choices(whats: list[str]) -> list[tuple[str, str]]:
    return [(what, Payment.What(what).label) for what in whats]
