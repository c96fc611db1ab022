"""A council runs its own accounts: its administrator invites colleagues, changes their roles and
switches accounts off; invitations set a password once; everyone changes and resets their own."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from partners import services
from partners.models import Invitation, Organisation, Person
from partners.tasks import send_account_email
from tests.factories import make_org, make_person

NEW_PASSWORD = "a-long-new-passphrase-2004"


@pytest.fixture
def admin_client(login, cast):
    return login(cast["admin"])


@pytest.fixture
def sent(django_capture_on_commit_callbacks, mailoutbox):
    """Run what the request queued on commit (tests run tasks at once), and return the mail."""

    def post(client, url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data or {})
        return response, mailoutbox

    return post


def invite_data(district, **changes) -> dict:
    data = {
        "name": "Nadia New",
        "email": "Nadia.New@example.org",
        "organisation": district.pk,
        "job_title": "Policy officer",
        "role": Person.Role.OFFICER,
    }
    return {**data, **changes}


def link_in(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


@pytest.fixture(autouse=True)
def links_to_the_test_server(settings):
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def invited(admin_client, district, sent):
    response, mail = sent(admin_client, reverse("partners:invite"), invite_data(district))
    assert response.status_code == 302
    return Invitation.objects.select_related("person__user").get(), link_in(mail[-1])


def test_an_administrator_sees_the_councils_people_and_invitations(
    admin_client, cast, invited, django_assert_max_num_queries
):
    make_person("kentofficer", cast["otherofficer"].organisation, Person.Role.OFFICER)
    admin_client.get(reverse("partners:people"))  # shows, and so clears, the "Invitation sent" message
    # Session, user, their Person, the council, its people, their open invitations.
    with django_assert_max_num_queries(6):
        response = admin_client.get(reverse("partners:people"))
    assertContains(response, "Officer")
    assertContains(response, "Wglead")  # a district's person: in the council's area
    assertContains(response, "Rushmoor Borough Council")
    assertContains(response, "Nadia New")
    assertContains(response, "Nadia.New@example.org")
    assertContains(response, "Sent")
    assertNotContains(response, "Kentofficer")
    assertNotContains(response, "Otherofficer")
    assertNotContains(response, "Cosignofficer")


def test_the_people_page_does_not_grow_its_queries_with_the_council(
    admin_client, hampshire, django_assert_max_num_queries
):
    for n in range(20):
        make_person(f"person{n}", hampshire, Person.Role.OFFICER)
    with django_assert_max_num_queries(6):
        admin_client.get(reverse("partners:people"))


def test_inviting_makes_an_account_that_cannot_sign_in_and_queues_the_email(invited, cast, mailoutbox):
    invitation, link = invited
    user = invitation.person.user
    assert user.username == "nadia.new@example.org"
    assert (user.first_name, user.last_name, user.email) == ("Nadia", "New", "Nadia.New@example.org")
    assert not user.is_active
    assert not user.has_usable_password()
    assert invitation.person.organisation.name == "Rushmoor Borough Council"
    assert invitation.invited_by == cast["admin"].user
    assert invitation.status == Invitation.Status.PENDING
    [message] = mailoutbox
    assert message.to == ["Nadia.New@example.org"]
    assert "Admin has made you an account" in message.body
    assert "council officer for Rushmoor Borough Council" in message.body
    token = link.removeprefix("/invitation/").removesuffix("/")
    assert Invitation.from_token(token) == (invitation, True)


def test_the_invitation_is_only_queued_by_the_request(
    admin_client, district, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("partners:invite"), invite_data(district))
    assert mailoutbox == []
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "partners.tasks.send_account_email"
    assert queued.args_kwargs["args"] == ["invitation", Invitation.objects.get().pk]


def test_the_invite_form_never_offers_government_reviewer(admin_client, district):
    page = admin_client.get(reverse("partners:invite"))
    assertNotContains(page, "Government reviewer")
    response = admin_client.post(reverse("partners:invite"), invite_data(district, role=Person.Role.REVIEWER))
    assertContains(response, "Select a valid choice")
    assert not Invitation.objects.exists()


def test_an_organisation_outside_the_council_is_refused_next_to_the_field(admin_client, cast):
    kent_district = make_org("Ashford Borough Council", cast["otherofficer"].organisation)
    response = admin_client.post(reverse("partners:invite"), invite_data(kent_district))
    assertContains(response, "Choose one of the organisations in your council&#x27;s area.")
    assertNotContains(response, "Ashford")
    assert not get_user_model().objects.filter(email__iexact="nadia.new@example.org").exists()


def test_an_address_that_has_an_account_is_refused(admin_client, cast, district):
    cast["officer"].user.email = "nadia.new@EXAMPLE.org"
    cast["officer"].user.save()
    response = admin_client.post(reverse("partners:invite"), invite_data(district))
    assertContains(response, "There is already an account for this e-mail address.")
    assertContains(response, "There is a problem")
    assert not Invitation.objects.exists()


def test_empty_boxes_are_named(admin_client):
    response = admin_client.post(reverse("partners:invite"), {})
    for message in ("Enter their full name.", "Enter their e-mail address.", "Choose their role."):
        assertContains(response, message)


def test_the_link_sets_the_password_switches_the_account_on_and_signs_in(client, invited):
    invitation, link = invited
    client.logout()
    page = client.get(link)
    assertContains(page, "Choose your password")
    assertContains(page, "nadia.new@example.org")
    response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assertRedirects(response, reverse("priorities:dashboard"))
    assert client.session["_auth_user_id"] == str(invitation.person.user_id)
    user = get_user_model().objects.get(pk=invitation.person.user_id)
    assert user.is_active and user.check_password(NEW_PASSWORD)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    client.logout()
    again = client.get(link)
    assertContains(again, "This invitation has been used")
    assertContains(again, reverse("password_reset"))
    assert client.post(link, {"new_password1": "another-one-2004x", "new_password2": "another-one-2004x"})
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    signed_in = client.post(reverse("login"), {"username": "nadia.new@example.org", "password": NEW_PASSWORD})
    assertRedirects(signed_in, reverse("priorities:dashboard"))


def test_a_weak_password_is_refused_in_plain_words(client, invited):
    invitation, link = invited
    client.logout()
    response = client.post(link, {"new_password1": "12345678", "new_password2": "12345678"})
    assertContains(response, "This password is too common.")
    assertContains(response, "There is a problem")
    mismatch = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"})
    assertContains(mismatch, "The two passwords are not the same.")
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not get_user_model().objects.get(pk=invitation.person.user_id).is_active


def test_an_expired_link_says_so_and_who_to_ask(client, invited, settings):
    invitation, link = invited
    Invitation.objects.filter(pk=invitation.pk).update(
        sent_at=invitation.sent_at - datetime.timedelta(days=settings.INVITATION_DAYS, seconds=1)
    )
    client.logout()
    response = client.get(link)
    assertContains(response, "This invitation has expired")
    assertContains(response, "Ask Admin, who invited you")
    client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert not get_user_model().objects.get(pk=invitation.person.user_id).is_active


def test_a_link_that_was_tampered_with_does_not_work(client, invited):
    _, link = invited
    client.logout()
    assertContains(client.get(link[:-3] + "abc/"), "This link does not work", status_code=404)


def test_sending_again_replaces_the_link(admin_client, client, invited, sent):
    invitation, old_link = invited
    response, mail = sent(admin_client, reverse("partners:invitation_send_again", args=[invitation.pk]))
    assertRedirects(response, reverse("partners:people"))
    assert len(mail) == 2
    new_link = link_in(mail[-1])
    assert new_link != old_link
    client.logout()
    assertContains(client.get(old_link), "A newer invitation was sent")
    assertContains(client.get(new_link), "Choose your password")


def test_a_cancelled_invitation_says_so(admin_client, client, invited, mailoutbox):
    invitation, link = invited
    response = admin_client.post(reverse("partners:invitation_cancel", args=[invitation.pk]))
    assertRedirects(response, reverse("partners:people"))
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.CANCELLED
    client.logout()
    assertContains(client.get(link), "This invitation was cancelled")


def test_a_signed_in_person_is_asked_to_sign_out_first(admin_client, invited):
    _, link = invited
    assertContains(admin_client.get(link), "You are already signed in")


def test_an_administrator_changes_a_colleagues_role(admin_client, cast):
    officer = cast["officer"]
    response = admin_client.post(reverse("partners:person", args=[officer.pk]), {"role": Person.Role.CHIEF_EXECUTIVE})
    assertRedirects(response, reverse("partners:person", args=[officer.pk]))
    officer.refresh_from_db()
    assert officer.role == Person.Role.CHIEF_EXECUTIVE


def test_nobody_is_made_a_government_reviewer_by_a_council(admin_client, cast):
    officer = cast["officer"]
    response = admin_client.post(reverse("partners:person", args=[officer.pk]), {"role": Person.Role.REVIEWER})
    assert response.status_code == 200
    officer.refresh_from_db()
    assert officer.role == Person.Role.OFFICER


def test_an_administrator_cannot_change_their_own_role(admin_client, cast, hampshire):
    make_person("second", hampshire, Person.Role.ADMINISTRATOR)
    me = cast["admin"]
    response = admin_client.post(reverse("partners:person", args=[me.pk]), {"role": Person.Role.OFFICER})
    assertContains(response, "You cannot change your own role.")
    me.refresh_from_db()
    assert me.role == Person.Role.ADMINISTRATOR


def test_switching_an_account_off_stops_it_signing_in_and_back_on_lets_it(admin_client, client, cast, password):
    officer = cast["officer"]
    url = reverse("partners:person_active", args=[officer.pk])
    assertRedirects(admin_client.post(url, {"active": "no"}), reverse("partners:person", args=[officer.pk]))
    officer.user.refresh_from_db()
    assert not officer.user.is_active
    client.logout()
    refused = client.post(reverse("login"), {"username": "officer", "password": password})
    assert "_auth_user_id" not in client.session
    assert refused.status_code == 200
    client.force_login(cast["admin"].user, backend="django.contrib.auth.backends.ModelBackend")
    client.post(url, {"active": "yes"})
    officer.user.refresh_from_db()
    assert officer.user.is_active


def test_an_administrator_cannot_switch_off_their_own_account(admin_client, cast, hampshire):
    make_person("second", hampshire, Person.Role.ADMINISTRATOR)
    me = cast["admin"]
    response = admin_client.post(reverse("partners:person_active", args=[me.pk]), {"active": "no"}, follow=True)
    assertContains(response, "You cannot switch off your own account.")
    me.user.refresh_from_db()
    assert me.user.is_active


def test_the_councils_last_active_administrator_stays_one(login, cast, hampshire):
    """With two administrators, one may demote the other; the one left cannot be switched
    off or demoted, so the council always has someone to run its accounts. On the pages the
    rule about one's own account comes first, so the rule is asked of the services, which the
    command and the shell use too."""
    second = make_person("second", hampshire, Person.Role.ADMINISTRATOR)
    client = login(second)
    admin = cast["admin"]
    client.post(reverse("partners:person", args=[admin.pk]), {"role": Person.Role.OFFICER})
    admin.refresh_from_db()
    assert admin.role == Person.Role.OFFICER
    # A third administrator, switched off, does not count.
    third = make_person("third", hampshire, Person.Role.ADMINISTRATOR)
    third.user.is_active = False
    third.user.save()
    with pytest.raises(ValidationError, match="only active administrator"):
        services.person_change_role(person=second, role=Person.Role.OFFICER, by=cast["officer"].user)
    with pytest.raises(ValidationError, match="only active administrator"):
        services.person_set_active(person=second, active=False, by=cast["officer"].user)
    second.refresh_from_db()
    second.user.refresh_from_db()
    assert second.role == Person.Role.ADMINISTRATOR and second.user.is_active


def test_everyone_changes_their_own_password(login, cast, password):
    client = login(cast["wglead"])
    page = client.get(reverse("account"))
    assertContains(page, "Rushmoor Borough Council")
    assertContains(page, reverse("password_change"))
    url = reverse("password_change")
    wrong = client.post(url, {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assertContains(wrong, "Your current password is not right.")
    response = client.post(
        url, {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assertRedirects(response, reverse("password_change_done"))
    user = cast["wglead"].user
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # Still signed in: the session follows the new password.
    assert client.get(reverse("account")).status_code == 200


def test_a_forgotten_password_is_reset_by_a_queued_email(client, cast, sent):
    user = cast["officer"].user
    user.email = "olivia@example.org"
    user.save()
    assertContains(client.get(reverse("login")), reverse("password_reset"))
    response, mail = sent(client, reverse("password_reset"), {"email": "OLIVIA@example.org"})
    assertRedirects(response, reverse("password_reset_done"))
    [message] = mail
    assert message.to == ["olivia@example.org"]
    assert "Your username is officer" in message.body
    link = client.get(link_in(message))
    assert link.status_code == 302  # Django keeps the token out of the address, in the session
    form = client.get(link.url)
    assertContains(form, "Choose a new password")
    done = client.post(link.url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assertRedirects(done, reverse("password_reset_complete"))
    signed_in = client.post(reverse("login"), {"username": "officer", "password": NEW_PASSWORD})
    assertRedirects(signed_in, reverse("priorities:dashboard"))
    client.logout()
    assertContains(client.get(link_in(message)), "This link does not work")


def test_the_reset_page_answers_the_same_for_an_address_without_an_account(client, cast, sent):
    user = cast["officer"].user
    user.email = "olivia@example.org"
    user.save()
    known, _ = sent(client, reverse("password_reset"), {"email": "olivia@example.org"})
    unknown, mail = sent(client, reverse("password_reset"), {"email": "nobody@example.org"})
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert len(mail) == 1


def test_the_reset_email_is_only_queued_by_the_request(
    client, cast, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    user = cast["officer"].user
    user.email = "olivia@example.org"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "olivia@example.org"})
    assert mailoutbox == []
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["args"] == ["password_reset", user.pk]
    send_account_email.call(*queued.args_kwargs["args"])
    assert [m.to for m in mailoutbox] == [["olivia@example.org"]]


def test_a_new_password_lifts_a_lock_after_too_many_wrong_ones(client, cast, sent, password):
    user = cast["officer"].user
    user.email = "olivia@example.org"
    user.save()
    for _ in range(5):
        client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "officer", "password": password})
    assertContains(locked, reverse("password_reset"), status_code=429)
    _, mail = sent(client, reverse("password_reset"), {"email": "olivia@example.org"})
    form = client.get(link_in(mail[-1]))
    client.post(form.url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    signed_in = client.post(reverse("login"), {"username": "officer", "password": NEW_PASSWORD})
    assertRedirects(signed_in, reverse("priorities:dashboard"))


def test_create_council_makes_the_council_and_prints_a_working_link(client, db, capsys, mailoutbox):
    call_command(
        "create_council",
        "Surrey County Council",
        "--kind",
        "county",
        "--admin-email",
        "sam@surrey.example.org",
        "--admin-name",
        "Sam Surrey",
    )
    out = capsys.readouterr().out
    council = Organisation.objects.get(name="Surrey County Council")
    assert council.kind == Organisation.Kind.COUNTY
    person = Person.objects.get(user__email="sam@surrey.example.org")
    assert (person.organisation, person.role) == (council, Person.Role.ADMINISTRATOR)
    link = re.search(r"http://testserver(/\S+)", out).group(1)
    client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert client.get(reverse("partners:people")).status_code == 200


def test_create_council_refuses_a_district(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("create_council", "Nowhere", "--kind", "district", "--admin-email", "a@b.c", "--admin-name", "A")
    assert not Organisation.objects.filter(name="Nowhere").exists()


@pytest.fixture
def superuser_client(client, db):
    superuser = get_user_model().objects.create_superuser("site", "site@example.org", "x")
    client.force_login(superuser, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_the_site_administrator_creates_a_council_and_invites_its_administrator(superuser_client, sent):
    data = {
        "name": "Barsetshire County Council",
        "kind": "county",
        "admin_name": "Bea Barset",
        "admin_email": "bea@barset.example.org",
    }
    response, mail = sent(superuser_client, reverse("partners:council_create"), data)
    assertRedirects(response, reverse("partners:councils"))
    person = Person.objects.get(user__email="bea@barset.example.org")
    assert person.organisation.name == "Barsetshire County Council"
    assert person.role == Person.Role.ADMINISTRATOR
    assert [m.to for m in mail] == [["bea@barset.example.org"]]
    page = superuser_client.get(reverse("partners:councils"))
    assertContains(page, "Barsetshire County Council")


def test_a_council_that_exists_is_not_made_twice(superuser_client, hampshire):
    data = {"name": "hampshire county council", "kind": "county", "admin_name": "X", "admin_email": "x@example.org"}
    response = superuser_client.post(reverse("partners:council_create"), data)
    assertContains(response, "There is already an organisation with this name.")
    assert not Person.objects.filter(user__email="x@example.org").exists()


def test_the_site_administrator_invites_a_government_reviewer(superuser_client, sent):
    odpm = Organisation.objects.create(name="ODPM", kind=Organisation.Kind.GOVERNMENT)
    data = {"name": "Gus Gov", "email": "gus@odpm.example.org", "organisation": odpm.pk, "job_title": ""}
    response, mail = sent(superuser_client, reverse("partners:reviewer_invite"), data)
    assertRedirects(response, reverse("partners:councils"))
    person = Person.objects.get(user__email="gus@odpm.example.org")
    assert (person.organisation, person.role) == (odpm, Person.Role.REVIEWER)
    assert len(mail) == 1


def test_a_name_with_a_line_break_is_refused(admin_client, district):
    response = admin_client.post(reverse("partners:invite"), invite_data(district, name="Nadia\nNew"))
    assertContains(response, "This must be on one line.")
    assert not Invitation.objects.exists()
