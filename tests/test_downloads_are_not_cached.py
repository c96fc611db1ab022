"""Exports and PDFs carry a council's figures: no shared or browser cache may keep them."""

import pytest
from django.urls import reverse

from lpsa.models import DraftPdf, Submission
from lpsa.workflow import framework_move
from priorities.models import Stage


def assert_not_stored(response) -> None:
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives


@pytest.mark.parametrize("name", ["priorities:export_xlsx", "priorities:export_csv"])
def test_an_export_is_never_stored_by_a_cache(login, cast, ready, name):
    assert_not_stored(login(cast["officer"]).get(reverse(name, args=[ready.slug])))


def test_an_approved_pdf_is_never_stored_by_a_cache(login, cast, at_stage):
    framework = at_stage(Stage.ONE_AWAITING_APPROVAL)
    framework_move(framework=framework, move_name="approve_one", user=cast["chiefexec"].user, declared=True)
    submission = Submission.objects.get()
    assert_not_stored(login(cast["officer"]).get(reverse("lpsa:submission_pdf", args=[submission.pk])))


def test_a_draft_pdf_is_never_stored_by_a_cache(login, cast, ready):
    client = login(cast["officer"])
    client.post(reverse("lpsa:draft_pdf", args=[ready.slug]))
    draft = DraftPdf.objects.get()
    assert_not_stored(client.get(reverse("lpsa:draft_file", args=[ready.slug, draft.pk])))


def test_a_word_document_is_never_stored_by_a_cache(login, cast, at_stage):
    framework = at_stage(Stage.ONE_AWAITING_APPROVAL)
    framework_move(framework=framework, move_name="approve_one", user=cast["chiefexec"].user, declared=True)
    client = login(cast["officer"])
    assert_not_stored(client.get(reverse("lpsa:draft_docx", args=[framework.slug])))
    assert_not_stored(client.get(reverse("lpsa:submission_docx", args=[Submission.objects.get().pk])))
