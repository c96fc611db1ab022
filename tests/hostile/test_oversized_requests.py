"""Bodies too large, or with too many files, get a plain 400 before they are read, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains

from lpsa.models import Comment
from priorities.models import Indicator

MB = 1024 * 1024


@pytest.fixture
def comment_url(ready):
    return reverse("lpsa:comment_create", args=["indicator", Indicator.objects.get().pk])


def test_a_file_too_large_is_refused_before_it_is_read(login, cast, comment_url):
    # A page that takes no file at all: Django would still stream it to a temporary file.
    upload = SimpleUploadedFile("big.bin", b"x" * (4 * MB))
    response = login(cast["officer"]).post(comment_url, {"text": "Fine", "file": upload})
    assertContains(response, "Sorry, the site could not take what was sent", status_code=400)
    assert not Comment.objects.exists()


def test_a_form_too_large_is_refused(login, cast, comment_url):
    response = login(cast["officer"]).post(comment_url, {"text": "x" * (4 * MB)})
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_a_file_too_large_is_refused_even_before_signing_in(client, db):
    upload = SimpleUploadedFile("big.bin", b"x" * (4 * MB))
    response = client.post(reverse("login"), {"username": "officer", "password": "x", "file": upload})
    assert response.status_code == 400


def test_too_many_files_are_refused(login, cast, comment_url):
    files = {f"file{n}": SimpleUploadedFile(f"{n}.txt", b"x") for n in range(6)}
    response = login(cast["officer"]).post(comment_url, {"text": "Fine", **files})
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_an_import_just_over_two_megabytes_still_gets_its_own_message(login, cast, ready):
    upload = SimpleUploadedFile("targets.csv", b"x" * (2 * MB + 200 * 1024), content_type="text/csv")
    response = login(cast["officer"]).post(reverse("priorities:import", args=[ready.slug]), {"file": upload})
    assertContains(response, "Files can be 2 MB at most.", status_code=400)
