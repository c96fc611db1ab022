from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

from lpsa.models import Comment, NegotiationEntry
from priorities.forms import TextBoundField, TextLabelsForm, gds_helper, plain_english
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
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, submit_text: str = "Add comment", **kwargs):
        super().__init__(*args, **kwargs)
        plain_english(self.fields["text"])
        self.fields["text"].error_messages["required"] = "Enter your comment."
        self.helper = gds_helper(self, submit_text)


class MoveForm(TextLabelsForm):
    reason = forms.CharField(
        label="Reasons",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Say what the officers should change before asking again.",
    )

    def __init__(self, *args, submit_text: str, needs_reason: bool, warning: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_reason:
            del self.fields["reason"]
        else:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = "Enter the reasons, so the officers know what to change."
            plain_english(self.fields["reason"])
        self.helper = gds_helper(self, submit_text, warning=warning)
        # The page wraps the fields in its own form, which posts to the step's address.
        self.helper.form_tag = False


class NegotiationForm(forms.ModelForm):
    bound_field_class = TextBoundField

    class Meta:
        model = NegotiationEntry
        fields = ["kind", "without_lpsa", "with_lpsa", "note"]
        widgets = {"kind": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, target=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.target = target
        for field in self.fields.values():
            plain_english(field)
        self.fields["kind"].error_messages["required"] = "Choose whether this is an offer, a counter-offer or the deal."
        self.helper = gds_helper(self, "Record")
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        without, with_lpsa = cleaned.get("without_lpsa"), cleaned.get("with_lpsa")
        if self.target is not None and without is not None and with_lpsa is not None:
            probe = Target(indicator=self.target.indicator, without_lpsa=without, with_lpsa=with_lpsa)
            problem = probe.direction_problem(probe.stretch)
            if problem:
                self.add_error("with_lpsa", problem)
        return cleaned
