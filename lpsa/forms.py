from django.contrib.auth.forms import AuthenticationForm

from priorities.forms import gds_helper


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
        self.helper = gds_helper(self, "Sign in")
