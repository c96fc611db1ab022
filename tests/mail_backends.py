"""E-mail backends for tests that need the mail server to misbehave."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class UnreachableMailServer(BaseEmailBackend):
    """A mail server that takes no message, as one that is down or refuses the site does."""

    def send_messages(self, messages) -> int:
        raise smtplib.SMTPConnectError(421, "Service not available")
