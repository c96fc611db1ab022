import pytest
from django.test import Client
from django.urls import reverse

from priorities.models import Priority


@pytest.fixture
def strict_client(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["officer"].user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_a_post_without_the_csrf_token_is_refused(strict_client, framework):
    url = reverse("priorities:priority_create", args=[framework.slug])
    response = strict_client.post(url, {"title": "Forged", "version": ""})
    assert response.status_code == 403
    assert not Priority.objects.exists()


def test_a_post_with_the_token_from_the_form_goes_through(strict_client, framework):
    url = reverse("priorities:priority_create", args=[framework.slug])
    strict_client.get(url)
    token = strict_client.cookies["csrftoken"].value
    response = strict_client.post(url, {"title": "Real", "version": "", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Priority.objects.get().title == "Real"


def test_signing_in_needs_the_token_too(db):
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("login"), {"username": "a", "password": "b"}).status_code == 403
