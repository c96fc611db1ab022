"""Line breaks, tabs and other control characters: refused on one-line fields, in words people understand."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django.asserts import assertContains, assertNotContains

from lpsa.models import Comment
from partners.fields import NO_NULL, ONE_LINE
from partners.models import Organisation, Person
from priorities.models import Indicator, Priority
from tests.priorities.test_spreadsheets import as_xlsx, upload

DJANGOS_MESSAGE = "Null characters are not allowed."


def priority_form(priority: Priority, **changes) -> dict:
    data = {"title": priority.title, "outcome": priority.outcome, "evidence": priority.evidence}
    return {**data, "version": priority.version, **changes}


@pytest.mark.parametrize(
    "title",
    ["Line one\r\nLine two", "Line one\nLine two", "Tab\there", "Null\x00here", "Next\x85line", "Para\u2029graph"],
)
def test_a_title_that_is_not_on_one_line_is_refused_next_to_the_field(login, cast, tree, title):
    response = login(cast["officer"]).post(
        reverse("priorities:priority_edit", args=[tree.pk]), priority_form(tree, title=title)
    )
    assertContains(response, 'id="id_title_1_error"')
    assertContains(response, ONE_LINE, count=2)  # in the summary and next to the field
    assertNotContains(response, DJANGOS_MESSAGE)
    tree.refresh_from_db()
    assert (tree.title, tree.version) == ("Priority 1", 1)


def test_text_of_several_lines_keeps_its_line_breaks(login, cast, tree):
    client = login(cast["officer"])
    client.post(reverse("priorities:priority_edit", args=[tree.pk]), priority_form(tree, outcome="First\r\nSecond"))
    tree.refresh_from_db()
    assert tree.outcome == "First\r\nSecond"


def test_a_null_character_in_text_of_several_lines_is_refused_in_plain_words(login, cast, tree):
    response = login(cast["officer"]).post(
        reverse("priorities:priority_edit", args=[tree.pk]), priority_form(tree, outcome="Better\x00lives")
    )
    assertContains(response, 'id="id_outcome_1_error"')
    assertContains(response, NO_NULL, count=2)
    assertNotContains(response, DJANGOS_MESSAGE)
    tree.refresh_from_db()
    assert tree.outcome == "Better lives"


def test_an_imported_title_with_a_line_break_is_a_row_error(login, cast, tree):
    client = login(cast["officer"])
    export = client.get(reverse("priorities:export_xlsx", args=[tree.framework.slug])).content
    rows = [list(row) for row in load_workbook(io.BytesIO(export)).active.iter_rows(values_only=True)]
    rows[1][2] = "Indicator\nwith a line break"
    rows[1][3] = "people\tper household"
    response = upload(client, tree.framework, as_xlsx(rows))
    for column in ("Indicator", "Unit"):
        assertContains(
            response,
            f'<td class="govuk-table__cell">2</td><td class="govuk-table__cell">{column}</td>'
            f'<td class="govuk-table__cell">{ONE_LINE}</td>',
            status_code=400,
        )
    assert Indicator.objects.get().title == "Indicator 1.1.1"


def test_an_imported_csv_cell_with_a_carriage_return_is_a_row_error(login, cast, tree):
    client = login(cast["officer"])
    export = client.get(reverse("priorities:export_csv", args=[tree.framework.slug])).content.decode()
    edited = export.replace("Indicator 1.1.1", '"Indicator\r1.1.1"')
    response = upload(client, tree.framework, SimpleUploadedFile("edited.csv", edited.encode()))
    assertContains(response, ONE_LINE, status_code=400)
    assert Indicator.objects.get().title == "Indicator 1.1.1"


def one_line_problems(item) -> list[str]:
    try:
        item.full_clean()
    except ValidationError as error:
        return [field for field, messages in error.message_dict.items() if ONE_LINE in messages]
    return []


def test_partners_names_and_job_titles_are_one_line(hampshire, cast, group):
    organisation = Organisation(name="Rushmoor\nBorough", short_name="R\tB", kind=Organisation.Kind.DISTRICT)
    assert one_line_problems(organisation) == ["name", "short_name"]
    person = Person.objects.get(user__username="officer")
    person.job_title = "Head of\r\nPolicy"
    assert one_line_problems(person) == ["job_title"]
    group.name, group.subject = "Feeling\x0bsafe", "Housing\u2028and more"
    assert one_line_problems(group) == ["name", "subject"]


def test_a_year_with_a_trailing_line_break_is_refused(tree):
    indicator = Indicator.objects.get()
    indicator.baseline_year = "2003/04\n"
    with pytest.raises(ValidationError, match="Enter a year like 2004"):
        indicator.full_clean()


def test_comments_keep_line_breaks_and_refuse_null_characters(cast, tree):
    comment = Comment(framework=tree.framework, priority=tree, author=cast["officer"].user, text="One\nTwo")
    comment.full_clean()
    comment.text = "One\x00Two"
    with pytest.raises(ValidationError) as refused:
        comment.full_clean()
    assert refused.value.message_dict == {"text": [NO_NULL]}
