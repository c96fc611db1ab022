import datetime

from crispy_forms_gds.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

from lpsa.models import Comment, Milestone, NegotiationEntry
from lpsa.workflow import DECLARATION_MISSING, NOTE_MISSING
from partners.dates import GovDateField
from priorities.forms import TextBoundField, TextLabelsForm, date_hints, gds_helper, plain_english
from priorities.models import Target


class SignInForm(AuthenticationForm):
    """Django's sign-in form, laid out with GOV.UK components and plain-English errors."""

    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask your administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username."
        self.fields["password"].error_messages["required"] = "Enter your password."
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "spellcheck": "false"})
        # Django only sets the box's maxlength; without a check, a very long name reaches
        # authentication, and the failed-login record (255 characters at most) breaks.
        limit = self.fields["username"].max_length or 150
        self.fields["username"].validators.append(
            MaxLengthValidator(limit, f"Usernames are {limit} characters or fewer.")
        )
        self.helper = gds_helper(self, "Sign in")


class CommentForm(forms.ModelForm):
    bound_field_class = TextBoundField

    class Meta:
        model = Comment
        fields = ["text", "visibility"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "visibility": forms.RadioSelect}

    def __init__(self, *args, submit_text: str = "Add comment", offer_government: bool = False, **kwargs):
        """``offer_government``: whether a new thread may be opened with government (the council,
        once government has been sent a version); otherwise the audience is fixed."""
        super().__init__(*args, **kwargs)
        plain_english(self.fields["text"])
        self.fields["text"].error_messages["required"] = "Enter your comment."
        if offer_government:
            field = self.fields["visibility"]
            plain_english(field)
            field.initial = Comment.Visibility.COUNCIL
            # Left unticked, a thread stays the council's own.
            field.required = False
            field.help_text = "Government's reviewers read threads opened with them, about the item as last submitted."
        else:
            del self.fields["visibility"]
        self.helper = gds_helper(self, submit_text)


class MoveForm(TextLabelsForm):
    reason = forms.CharField(
        label="Reasons",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Say what the officers should change before asking again.",
    )

    declaration = forms.BooleanField(
        required=False,
        error_messages={"required": DECLARATION_MISSING},
    )

    def __init__(
        self,
        *args,
        submit_text: str,
        needs_reason: bool,
        warning: bool = False,
        on_behalf: bool = False,
        needs_note: bool = False,
        declaration: str = "",
        **kwargs,
    ):
        """``on_behalf``: the council records a decision of government's, so it says how it learnt of it.
        ``needs_note``: a request for approval, with its covering note. ``declaration``: the words
        the chief executive ticks to approve."""
        super().__init__(*args, **kwargs)
        if declaration:
            field = self.fields["declaration"]
            field.required = True
            field.label = declaration
        else:
            del self.fields["declaration"]
        if not (needs_reason or needs_note):
            del self.fields["reason"]
        else:
            field = self.fields["reason"]
            field.required = True
            if needs_note:
                field.label = "Covering note for the chief executive"
                field.help_text = (
                    "Say what you ask them to approve and anything they should look at. "
                    "They read it before they approve, and it is kept in the timeline."
                )
                field.error_messages["required"] = NOTE_MISSING
            elif on_behalf:
                field.label = "How did government tell the council?"
                field.help_text = (
                    "This is government's decision, recorded on its behalf. For example: “Letter from ODPM, 28 July”."
                )
                field.error_messages["required"] = (
                    "Say how government told the council of its decision, such as a letter and its date."
                )
            else:
                field.error_messages["required"] = "Enter the reasons, so the officers know what to change."
            plain_english(field)
        self.helper = gds_helper(self, submit_text, warning=warning)
        # The page wraps the fields in its own form, which posts to the step's address.
        self.helper.form_tag = False


class NegotiationForm(forms.ModelForm):
    """Figures one side puts to the other; the entry's own clean() holds the rules."""

    bound_field_class = TextBoundField

    class Meta:
        model = NegotiationEntry
        fields = ["without_lpsa", "with_lpsa", "interim_without_lpsa", "interim_with_lpsa", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, target: Target, unit: str = "", interim_period: str = "", **kwargs):
        """``unit`` and ``interim_period`` as the person answering knows them: for government,
        from the submission."""
        kwargs.setdefault("auto_id", f"target-{target.pk}-%s")
        super().__init__(*args, **kwargs)
        self.instance.target = target
        for field in self.fields.values():
            plain_english(field)
        if not interim_period:
            del self.fields["interim_without_lpsa"]
            del self.fields["interim_with_lpsa"]
        else:
            for name in ("interim_without_lpsa", "interim_with_lpsa"):
                self.fields[name].help_text = f"For {interim_period}. Leave both empty to keep them as they are."
        if unit:
            for name in ("without_lpsa", "with_lpsa"):
                self.fields[name].help_text = f"In {unit}."
        self.helper = gds_helper(self, "Put these figures to the other side")
        # A page holds one of these forms per target: their buttons need ids of their own,
        # and the page's form tag carries the CSRF token.
        self.helper.layout[-1] = Submit("save", "Put these figures to the other side", css_id=f"send-offer-{target.pk}")
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class MilestoneForm(forms.ModelForm):
    """A date the council sets itself: what it is, when, and how long before to remind its officers."""

    bound_field_class = TextBoundField

    class Meta:
        model = Milestone
        fields = ["title", "kind", "due_on", "remind_days", "note", "done"]
        field_classes = {"due_on": GovDateField}
        widgets = {"kind": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "due_on": {"required": "Enter the date of the milestone."},
            "title": {"required": "Enter the title of the milestone."},
            "remind_days": {"required": "Enter how many days before to send a reminder, like 7."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            plain_english(field)
        self.fields["title"].help_text = "For example, Cabinet approves the Stage One submission."
        days = self.fields["remind_days"]
        days.widget = forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"})
        days.error_messages.update(
            {
                "invalid": "Enter the number of days as a whole number, like 7.",
                "min_value": "Enter a number of days from 0 to 365.",
                "max_value": "Enter a number of days from 0 to 365.",
            }
        )
        for validator in days.validators:
            if getattr(validator, "code", "") == "min_value":
                validator.message = "Enter a number of days from 0 to 365."
        date_hints(self, {"due_on": ("The day it happens or is due.", datetime.date(2004, 7, 14))})
        self.helper = gds_helper(self, "Save the milestone")
