"""Dates typed as day, month and year: what the field reads, and what it says when it cannot."""

import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from partners.dates import GovDateField
from priorities.forms import FrameworkForm


@pytest.mark.parametrize(
    ("parts", "date"),
    [
        (["27", "3", "2005"], datetime.date(2005, 3, 27)),
        (["01", "04", "2005"], datetime.date(2005, 4, 1)),
        ([" 29 ", "2", "2004"], datetime.date(2004, 2, 29)),
    ],
)
def test_it_reads_a_day_month_and_year(parts, date):
    assert GovDateField().clean(parts) == date


@pytest.mark.parametrize(
    ("parts", "message", "marked"),
    [
        (["27", "3", ""], "The date must include a year.", "year"),
        (["", "3", "2005"], "The date must include a day.", "day"),
        (["27", "", ""], "The date must include a month and year.", "month"),
        (["29", "2", "2005"], "Enter a real date.", "day"),
        (["27", "13", "2005"], "Enter a real date.", "month"),
        (["27", "March", "2005"], "Enter a real date.", "month"),
        (["27", "3", "05"], "The year must include 4 numbers.", "year"),
        (["27", "3", "１２３４"], "Enter a real date.", "year"),
        (["27", "3", "1066"], "The year must be between 1900 and 2200.", "year"),
    ],
)
def test_it_says_what_is_wrong_and_marks_the_box_to_change(parts, message, marked):
    field = GovDateField()
    with pytest.raises(Exception) as refused:
        field.clean(parts)
    assert refused.value.messages == [message]
    errors = {name: part.widget.errors for name, part in zip(("day", "month", "year"), field.fields, strict=True)}
    assert errors[marked] == [message]
    assert [name for name, found in errors.items() if found] == [marked]


def test_an_empty_date_is_asked_for_only_when_required():
    assert GovDateField(required=False).clean(["", "", ""]) is None
    with pytest.raises(Exception) as refused:
        GovDateField(error_messages={"required": "Enter the Stage One deadline."}).clean(["", "", ""])
    assert refused.value.messages == ["Enter the Stage One deadline."]


def test_its_hint_gives_an_example_in_the_boxes_order():
    assert GovDateField().help_text == "For example, 27 3 2005."
    assert GovDateField(help_text="When it ends.").help_text == "When it ends. For example, 27 3 2005."


def framework_data(framework, **fields) -> dict:
    data = {
        "title": framework.title,
        "stage_one_deadline_0": "31",
        "stage_one_deadline_1": "7",
        "stage_one_deadline_2": "2004",
        "stage_two_deadline_0": "30",
        "stage_two_deadline_1": "11",
        "stage_two_deadline_2": "2004",
        "version": framework.version,
    }
    data.update(fields)
    return data


def test_the_framework_form_reads_its_dates_from_the_boxes(framework):
    data = framework_data(
        framework,
        agreement_start_0="1",
        agreement_start_1="4",
        agreement_start_2="2005",
        agreement_end_0="31",
        agreement_end_1="3",
        agreement_end_2="2008",
    )
    form = FrameworkForm(data, instance=framework)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["agreement_start"] == datetime.date(2005, 4, 1)
    assert form.cleaned_data["agreement_end"] == datetime.date(2008, 3, 31)


def test_the_framework_form_still_takes_a_whole_date_posted_in_one_field(framework):
    data = {"title": framework.title, "stage_one_deadline": "2004-07-31", "stage_two_deadline": "2004-11-30"}
    form = FrameworkForm(data, instance=framework)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["stage_two_deadline"] == datetime.date(2004, 11, 30)


def test_a_bad_deadline_is_refused_next_to_its_boxes_and_saves_nothing(login, cast, framework):
    before = framework.stage_two_deadline
    data = framework_data(framework, stage_two_deadline_0="31", stage_two_deadline_1="11")
    response = login(cast["officer"]).post(reverse("priorities:framework_edit", args=[framework.slug]), data)
    assertContains(response, "There is a problem")
    # In the summary, linked to the day box, and in the fieldset beside the boxes.
    assertContains(response, '<a href="#id_stage_two_deadline_0">Enter a real date.</a>', html=True)
    assertContains(response, 'id="id_stage_two_deadline_1_error"')
    assertContains(response, "govuk-input govuk-date-input__input govuk-input--width-2 govuk-input--error")
    framework.refresh_from_db()
    assert framework.stage_two_deadline == before


def test_the_framework_form_draws_each_date_as_a_gov_uk_date_input(login, cast, framework):
    page = login(cast["officer"]).get(reverse("priorities:framework_edit", args=[framework.slug]))
    assertContains(page, '<div class="govuk-date-input" id="id_stage_one_deadline">')
    assertContains(page, "When the framework must be agreed with government. For example, 31 7 2004.")
    assertContains(page, 'name="stage_one_deadline_0" value="31"')
