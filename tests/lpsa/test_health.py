from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client


def test_the_health_endpoint_answers_without_signing_in(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@contextmanager
def database_down():
    """The database refuses every new query, as when its server has stopped."""
    refused = OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=refused):
        yield


def test_the_health_endpoint_reports_a_database_that_is_down(db):
    with database_down():
        response = Client().get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.fixture
def signed_in(cast):
    client = Client(raise_request_exception=False)
    client.force_login(cast["officer"].user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_a_database_outage_shows_a_plain_page_not_a_stack_trace(signed_in):
    with database_down():
        response = signed_in.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert "Sorry, the service is unavailable" in page
    assert "Everything you saved before this message is safe." in page
    assert "Traceback" not in page and "OperationalError" not in page


def test_a_database_that_cannot_be_reached_at_all_gets_the_plain_page():
    """A real process pointed at a port where no database listens."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "client = Client(raise_request_exception=False)\n"
        "print(client.get('/health/').status_code)\n"
        "page = client.post('/sign-in/', {'username': 'officer', 'password': 'x'})\n"
        "print(page.status_code, 'Sorry, the service is unavailable' in page.content.decode())\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lpsa.settings",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/nothing_listens_here",
        "DEBUG": "false",
        "SECRET_KEY": "test-only-" + "x" * 50,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.stdout.split() == ["503", "503", "True"], result.stderr[-2000:]
