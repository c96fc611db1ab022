import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects


def test_the_sign_in_page_is_the_only_page_open_to_everyone(client):
    assert client.get(reverse("login")).status_code == 200
    response = client.get(reverse("priorities:dashboard"))
    assertRedirects(response, f"{reverse('login')}?next=/")


def test_signing_in_lands_on_the_dashboard(client, cast, password):
    response = client.post(reverse("login"), {"username": "officer", "password": password})
    assertRedirects(response, reverse("priorities:dashboard"))


def test_a_wrong_password_says_so_in_plain_words(client, cast):
    response = client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    assertContains(response, "Enter a correct username and password. Both are case-sensitive.")
    assertContains(response, "There is a problem")


def test_empty_fields_are_named(client, db):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    assertContains(response, "Enter your username.")
    assertContains(response, "Enter your password.")


def test_five_failures_lock_the_account(client, cast, password):
    for _ in range(5):
        client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "officer", "password": password})
    assertContains(response, "Too many attempts to sign in", status_code=429)
    assert "_auth_user_id" not in client.session


def test_behind_a_proxy_failures_lock_out_their_own_address_only(client, cast, password, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for n in range(5):
        # Whatever the guesser writes into the header, the proxy appends the real address.
        forwarded = f"192.0.2.{n}, 203.0.113.9"
        client.post(
            reverse("login"),
            {"username": "chiefexec", "password": "wrong"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=forwarded,
        )
    guesser = client.post(
        reverse("login"),
        {"username": "chiefexec", "password": password},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.9",
    )
    assertContains(guesser, "Too many attempts to sign in", status_code=429)
    chief = Client().post(
        reverse("login"),
        {"username": "chiefexec", "password": password},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="198.51.100.4",
    )
    assertRedirects(chief, reverse("priorities:dashboard"))


def test_without_proxies_a_forwarded_address_is_not_believed(client, cast, password):
    for n in range(5):
        client.post(reverse("login"), {"username": "officer", "password": "wrong"}, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = client.post(
        reverse("login"), {"username": "officer", "password": password}, HTTP_X_FORWARDED_FOR="192.0.2.200"
    )
    assertContains(response, "Too many attempts to sign in", status_code=429)


def test_signing_out_needs_a_post(login, cast):
    client = login(cast["officer"])
    assert client.get(reverse("logout")).status_code == 405
    assertRedirects(client.post(reverse("logout")), reverse("login"))
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("url", ["/", "/sign-in/"])
def test_pages_carry_a_strict_content_security_policy(client, db, url):
    response = client.get(url, follow=True)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_header_names_the_service_on_the_sign_in_page(client, db, settings):
    settings.SITE_NAME = "Hampshire LPSA2"
    assertContains(
        client.get(reverse("login")),
        '<a href="/" class="govuk-generic-header__homepage-link">Hampshire LPSA2</a>',
        html=True,
    )


def test_a_very_long_username_is_refused_plainly(client, db):
    response = client.post(reverse("login"), {"username": "é" * 300, "password": "x"})
    assertContains(response, "Usernames are 150 characters or fewer.")
