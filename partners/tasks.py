"""E-mails about people's own accounts, sent by the task worker: invitations and password resets.

They are written when the worker runs, from the row as it is then, and tried again if the mail
server fails (``send_or_try_again``, which lpsa's notifications send through too). They live here
because the account pages are the partners app's, which the other apps build on.
"""

import datetime
import logging
import smtplib
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mass_mail
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from partners.models import Invitation

# Under "lpsa", so that its records reach the console as the other e-mails' do.
logger = logging.getLogger("lpsa.accounts")

#: Every e-mail, here and in lpsa: before PDFs in the worker's queue.
MAIL_PRIORITY = 20
MAIL_RETRY_DELAYS = (datetime.timedelta(minutes=1), datetime.timedelta(minutes=5), datetime.timedelta(minutes=30))

#: One e-mail as send_mass_mail takes it: subject, body, sender, recipients.
Message = tuple[str, str, str, list[str]]

ACCOUNT_EMAILS: dict[str, Callable[[int], list[Message]]] = {}


def account_email(kind: str):
    """Register a function that writes one kind of account e-mail from a row's id."""

    def register(build: Callable[[int], list[Message]]) -> Callable[[int], list[Message]]:
        ACCOUNT_EMAILS[kind] = build
        return build

    return register


def email_on_commit(kind: str, pk: int) -> None:
    """Queue the ``kind`` e-mail about row ``pk`` for when the current transaction commits."""
    if kind not in ACCOUNT_EMAILS:
        raise ValueError(f"There is no account e-mail called {kind!r}.")
    transaction.on_commit(partial(send_account_email.enqueue, kind, pk), robust=True)


def send_or_try_again(messages: list[Message], *, retry, kind: str, pk: int, attempt: int, log, what: str) -> int:
    """Send the e-mails; if the mail server fails, queue ``retry`` (a task taking kind, pk and
    attempt) MAIL_RETRY_DELAYS[attempt - 1] later (at once on a backend that cannot wait), and
    after the last attempt log the failure as an error and raise it. Every mail task here and
    in lpsa sends through this, so they retry alike. ``what`` names the e-mails in the log."""
    try:
        return send_mass_mail(messages)
    except (smtplib.SMTPException, OSError) as error:
        attempts = len(MAIL_RETRY_DELAYS) + 1
        if attempt >= attempts:
            log.error("Gave up sending the %s %s about %s after %d attempts: %s", kind, what, pk, attempt, error)
            raise
        delay = MAIL_RETRY_DELAYS[attempt - 1]
        if retry.get_backend().supports_defer:
            retry = retry.using(run_after=timezone.now() + delay)
            minutes = round(delay.total_seconds() / 60)
            when = f"in {minutes} minute{'' if minutes == 1 else 's'}"
        else:
            when = "at once, since this task backend cannot wait"
        log.warning(
            "Could not send the %s %s about %s (attempt %d of %d): %s. Trying again %s.",
            kind,
            what,
            pk,
            attempt,
            attempts,
            error,
            when,
        )
        retry.enqueue(kind, pk, attempt + 1)
        return 0


@task(priority=MAIL_PRIORITY)
def send_account_email(kind: str, pk: int, attempt: int = 1) -> int:
    messages = ACCOUNT_EMAILS[kind](pk)
    if not messages:
        return 0
    return send_or_try_again(
        messages, retry=send_account_email, kind=kind, pk=pk, attempt=attempt, log=logger, what="e-mail"
    )


def _link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@account_email("invitation")
def invitation_email(invitation_id: int) -> list[Message]:
    """The link that sets the password of a new account; nothing once it is accepted or cancelled."""
    invitation = (
        Invitation.objects.select_related("person__user", "person__organisation", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or invitation.status != Invitation.Status.PENDING:
        return []
    person = invitation.person
    user = person.user
    if invitation.invited_by is not None:
        by = invitation.invited_by.get_full_name() or invitation.invited_by.username
        opening = f"{by} has made you an account"
    else:
        opening = "An account has been made for you"
    expires = dateformat.format(timezone.localtime(invitation.expires_at), "j F Y")
    subject = f"Set up your {settings.SITE_NAME} account"
    body = (
        f"Dear {user.get_full_name() or user.username},\n\n"
        f"{opening} on {settings.SITE_NAME}, where councils draft their Local Public Service "
        f"Agreement with their partners and government. You are {person.get_role_display().lower()} "
        f"for {person.organisation.name}.\n\n"
        f"Choose your password here to start:\n{invitation.link()}\n\n"
        f"The link works once, until {expires}. Your username is {user.username}\n\n"
        "If you did not expect this e-mail, you can ignore it: nothing happens until the link is used.\n"
    )
    return [(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])]


@account_email("password_reset")
def password_reset_email(user_id: int) -> list[Message]:
    """A link to choose a new password, made when the worker sends it; it stops working once used."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or not user.has_usable_password():
        return []
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    hours = round(settings.PASSWORD_RESET_TIMEOUT / 3600)
    subject = f"Reset your {settings.SITE_NAME} password"
    body = (
        f"Dear {user.get_full_name() or user.username},\n\n"
        f"Someone asked to reset the password of your {settings.SITE_NAME} account. "
        f"To choose a new password, open this link:\n{_link(path)}\n\n"
        f"The link works once, for {hours} hours. Your username is {user.username}\n\n"
        "If you did not ask, ignore this e-mail: your password stays as it is.\n"
    )
    return [(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])]
