"""The partner consultation: when each partner was sent the draft, and when and what it answered."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from priorities.models import Involvement


@pytest.fixture
def involvement(framework, district):
    return Involvement.objects.create(framework=framework, organisation=district, role=Involvement.Role.DISTRICT)


def errors_of(involvement) -> dict:
    with pytest.raises(ValidationError) as refused:
        involvement.full_clean()
    return refused.value.message_dict


def test_an_answer_cannot_come_before_the_draft_was_sent(involvement):
    involvement.consulted_on = datetime.date(2004, 6, 10)
    involvement.answered_on = datetime.date(2004, 6, 9)
    involvement.answer = "We support it."
    assert errors_of(involvement) == {
        "answered_on": ["The date they answered must be the same as or after the date the draft was sent."]
    }


def test_neither_date_may_be_in_the_future(involvement):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    involvement.consulted_on = tomorrow
    involvement.answered_on = tomorrow
    involvement.answer = "We support it."
    errors = errors_of(involvement)
    assert errors["consulted_on"] == ["The date the draft was sent must be today or in the past."]
    assert errors["answered_on"] == ["The date they answered must be today or in the past."]


def test_an_answer_needs_the_date_the_draft_was_sent(involvement):
    involvement.answered_on = datetime.date(2004, 6, 9)
    involvement.answer = "We support it."
    assert errors_of(involvement) == {
        "consulted_on": ["Enter the date the draft was sent, since they have answered it."]
    }


def test_an_answer_and_its_date_go_together(involvement):
    involvement.consulted_on = datetime.date(2004, 6, 1)
    involvement.answer = "We support it."
    assert errors_of(involvement) == {"answered_on": ["Enter the date they answered."]}
    involvement.answer = ""
    involvement.answered_on = datetime.date(2004, 6, 9)
    assert errors_of(involvement) == {"answer": ["Enter what they answered, or leave the date they answered empty."]}


def test_an_answer_on_the_day_the_draft_was_sent_is_accepted(involvement):
    involvement.consulted_on = involvement.answered_on = datetime.date(2004, 6, 1)
    involvement.answer = "Agreed at once."
    involvement.full_clean()


def test_the_database_refuses_an_answer_before_the_draft_was_sent(involvement):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Involvement.objects.filter(pk=involvement.pk).update(
            consulted_on=datetime.date(2004, 6, 10), answered_on=datetime.date(2004, 6, 1)
        )


def form_data(involvement, **fields) -> dict:
    return {
        "organisation": involvement.organisation_id,
        "role": involvement.role,
        "status": involvement.status,
        "consulted_on": "",
        "answered_on": "",
        "answer": "",
        "notes": "",
        "version": involvement.version,
        **fields,
    }


def test_the_partners_page_records_an_answer_and_shows_who_has_answered(login, cast, involvement):
    client = login(cast["officer"])
    edit = reverse("priorities:involvement_edit", args=[involvement.pk])
    response = client.post(
        edit, form_data(involvement, consulted_on="2004-06-01", answered_on="2004-06-20", answer="We support it.")
    )
    assert response.status_code == 302
    involvement.refresh_from_db()
    assert (involvement.consulted_on, involvement.answered_on, involvement.answer) == (
        datetime.date(2004, 6, 1),
        datetime.date(2004, 6, 20),
        "We support it.",
    )
    page = client.get(reverse("priorities:framework_partners", args=[involvement.framework.slug]))
    assertContains(page, "Districts: 1 of 1 answered")
    assertContains(page, "Answered 20 Jun 2004")
    assertContains(page, "We support it.")


def test_a_bad_answer_date_is_refused_next_to_the_field_and_saves_nothing(login, cast, involvement):
    client = login(cast["officer"])
    edit = reverse("priorities:involvement_edit", args=[involvement.pk])
    response = client.post(
        edit, form_data(involvement, consulted_on="2004-06-10", answered_on="2004-06-01", answer="Yes.")
    )
    assertContains(
        response, "The date they answered must be the same as or after the date the draft was sent.", status_code=200
    )
    assert "This partner is already listed" not in response.content.decode()
    involvement.refresh_from_db()
    assert involvement.consulted_on is None and involvement.answered_on is None
