"""Indicators and targets out to a spreadsheet and back: exactly what was edited changes."""

import csv
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from pytest_django.asserts import assertContains, assertRedirects

from lpsa.snapshot import framework_snapshot
from priorities.models import AgreementTarget, Indicator, Stage, Target
from priorities.spreadsheet import HEADINGS
from tests.factories import make_tree

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def two_targets(framework, group):
    make_tree(framework, group=group, areas=2, targets=1)
    return framework


def exported_rows(client, framework) -> list[list]:
    response = client.get(reverse("priorities:export_xlsx", args=[framework.slug]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def as_xlsx(rows, name="edited.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type=XLSX)


def upload(client, framework, file):
    return client.post(reverse("priorities:import", args=[framework.slug]), {"file": file})


def confirm(client, framework):
    return client.post(reverse("priorities:import", args=[framework.slug]), {"action": "confirm"})


def import_errors(response) -> list[tuple[str, str, str]]:
    """The problems table of an import page: (row, column, message) for each problem."""
    cell = r'<td class="govuk-table__cell">(.*?)</td>'
    return re.findall(cell * 3, response.content.decode())


def test_the_export_has_one_row_per_target_under_the_import_headings(login, cast, two_targets):
    rows = exported_rows(login(cast["chiefexec"]), two_targets)
    assert rows[0] == HEADINGS
    assert len(rows) == 3
    assert rows[1][1:7] == ["Area 1.1", "Indicator 1.1.1", None, "Higher is better", "2003/04", 50]
    assert rows[1][9:12] == ["2007/08", 51, 55]


def test_the_csv_export_has_the_same_layout(login, cast, two_targets):
    response = login(cast["officer"]).get(reverse("priorities:export_csv", args=[two_targets.slug]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == HEADINGS
    assert rows[1][2] == "Indicator 1.1.1"


def test_an_edited_export_imported_back_changes_exactly_what_was_edited(login, cast, two_targets):
    client = login(cast["officer"])
    rows = exported_rows(client, two_targets)
    before = framework_snapshot(two_targets)
    rows[1][11] = 57  # with LPSA2 of the first target
    rows[2][6] = 48.5  # baseline of the second indicator
    new_target = list(rows[1])
    new_target[7:15] = [None, "Women returners", "2007/08", 40, 44, None, None, None]
    rows.append(new_target)

    preview = upload(client, two_targets, as_xlsx(rows))
    assertContains(preview, "Check what will change")
    assertContains(preview, "with LPSA2 55 → 57")
    assertContains(preview, "baseline value 50 → 48.5")
    assertContains(preview, "New target to 2007/08")
    assert framework_snapshot(two_targets) == before  # a preview writes nothing

    assertRedirects(confirm(client, two_targets), two_targets.get_absolute_url())
    first, second = Indicator.objects.order_by("pk")
    assert first.targets.order_by("pk").first().with_lpsa == Decimal("57")
    assert second.baseline_value == Decimal("48.5")
    assert first.targets.get(title="Women returners").with_lpsa == Decimal("44")
    after = framework_snapshot(two_targets)
    changed = [
        (area["title"], indicator["title"])
        for priority, old_priority in zip(after["priorities"], before["priorities"], strict=True)
        for area, old_area in zip(priority["target_areas"], old_priority["target_areas"], strict=True)
        for indicator, old_indicator in zip(area["indicators"], old_area["indicators"], strict=True)
        if indicator != old_indicator
    ]
    assert changed == [("Area 1.1", "Indicator 1.1.1"), ("Area 1.2", "Indicator 1.2.1")]
    assert Target.objects.get(title="Women returners").history.get().history_change_reason == (
        "Imported from a spreadsheet"
    )


def test_a_file_with_mistakes_names_each_row_and_column_and_changes_nothing(login, cast, two_targets):
    client = login(cast["officer"])
    rows = exported_rows(client, two_targets)
    rows[1][11] = "lots"
    rows[2][4] = "Sideways"
    rows[2][10] = 50
    rows.append([None, "No such area", "New one", None, None, None, None, None, None, None, None, None])
    rows.append([None, "Area 1.1", "Falls", None, "Higher is better", None, None, None, None, "2007/08", 10, 8])
    before = framework_snapshot(two_targets)
    response = upload(client, two_targets, as_xlsx(rows))
    assert response.status_code == 400
    assertContains(response, "The file has 4 problems. Nothing was imported.", status_code=400)
    for row, column, message in [
        ("2", "With LPSA2", "“lots” is not a number."),
        ("3", "Direction", "Enter “Higher is better” or “Lower is better”."),
        ("4", "Target area", "There is no target area called “No such area” in this framework."),
        ("5", "With LPSA2", "For this indicator higher is better"),
    ]:
        assertContains(
            response,
            f'<td class="govuk-table__cell">{row}</td><td class="govuk-table__cell">{column}</td>',
            status_code=400,
        )
        assertContains(response, message, status_code=400)
    assert framework_snapshot(two_targets) == before
    assert confirm(client, two_targets).status_code == 400  # nothing was kept to confirm


def test_a_missing_column_is_named(login, cast, two_targets):
    response = upload(login(cast["officer"]), two_targets, as_xlsx([["Indicator", "With LPSA2"], ["x", 1]]))
    assertContains(response, "The column “Indicator ID” is missing.", status_code=400)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"%PDF-1.7 a pdf", "Choose an Excel workbook (.xlsx) or a CSV file."),
        ("renamed.xlsx", b"%PDF-1.7 not a workbook", "This is not an Excel workbook."),
        ("macros.xlsm", b"PK\x03\x04", "without macros"),
        ("latin1.csv", "Indicator ID,Café\n".encode("latin-1"), "Save it as “CSV UTF-8”"),
        ("huge.csv", b"a" * (2 * 1024 * 1024 + 1), "Files can be 2 MB at most."),
    ],
)
def test_files_that_cannot_be_read_safely_are_refused_clearly(login, cast, two_targets, name, content, message):
    before = framework_snapshot(two_targets)
    response = upload(login(cast["officer"]), two_targets, SimpleUploadedFile(name, content))
    assertContains(response, message, status_code=400)
    assert framework_snapshot(two_targets) == before


def test_a_workbook_hiding_macros_is_refused(login, cast, two_targets):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/vbaProject.bin", b"macro")
    response = upload(login(cast["officer"]), two_targets, SimpleUploadedFile("innocent.xlsx", out.getvalue()))
    assertContains(response, "The workbook contains macros", status_code=400)


def test_cancelling_the_preview_changes_nothing(login, cast, two_targets):
    client = login(cast["officer"])
    rows = exported_rows(client, two_targets)
    rows[1][11] = 99
    upload(client, two_targets, as_xlsx(rows))
    client.post(reverse("priorities:import", args=[two_targets.slug]), {"action": "cancel"})
    assert not Target.objects.filter(with_lpsa=99).exists()
    assert confirm(client, two_targets).status_code == 400


def test_a_change_made_between_preview_and_import_stops_the_whole_import(login, cast, two_targets):
    client = login(cast["officer"])
    rows = exported_rows(client, two_targets)
    rows[1][11] = 57
    rows[2][11] = 58
    upload(client, two_targets, as_xlsx(rows))
    second = Target.objects.order_by("pk").last()
    second.with_lpsa = Decimal("70")
    second.save_checked(expected_version=second.version)
    response = confirm(client, two_targets)
    assertContains(response, "Someone changed the framework since you checked the file", status_code=409)
    assertContains(response, "with LPSA2 70 → 58", status_code=409)
    assert set(Target.objects.values_list("with_lpsa", flat=True)) == {Decimal("55"), Decimal("70")}
    # Confirming the new preview is a deliberate choice, and goes through.
    assert confirm(client, two_targets).status_code == 302
    assert set(Target.objects.values_list("with_lpsa", flat=True)) == {Decimal("57"), Decimal("58")}


def test_only_editors_import(login, cast, two_targets):
    response = upload(login(cast["wglead"]), two_targets, as_xlsx([HEADINGS]))
    assert response.status_code == 403


def test_a_direction_turned_against_the_targets_of_an_indicator_is_refused(login, cast, framework, group):
    make_tree(framework, group=group, targets=2)  # one indicator, targets 51 → 55 and 51 → 56
    client = login(cast["officer"])
    rows = exported_rows(client, framework)
    del rows[2]  # the second target is left as it is, better only if higher is better
    rows[1][4] = "Lower is better"
    rows[1][11] = 48
    before = framework_snapshot(framework)

    response = upload(client, framework, as_xlsx(rows))

    assert import_errors(response) == [
        ("2", "Direction", "The targets of this indicator stretch the other way. Change their figures first.")
    ]
    assert framework_snapshot(framework) == before


REASON = 15  # "Reason for change", the last column


@pytest.fixture
def seen_by_government(two_targets):
    two_targets.stage = Stage.TWO_DRAFTING
    two_targets.save(update_fields=["stage"])
    return two_targets


def test_changed_figures_need_a_reason_once_government_has_seen_a_version(login, cast, seen_by_government):
    client = login(cast["officer"])
    rows = exported_rows(client, seen_by_government)
    assert rows[1][REASON] is None  # an export leaves the reason empty
    rows[1][11] = 57
    before = framework_snapshot(seen_by_government)

    response = upload(client, seen_by_government, as_xlsx(rows))

    assert import_errors(response) == [
        ("2", "Reason for change", "Say why the figures are changing. Government has seen them.")
    ]
    assert framework_snapshot(seen_by_government) == before


def test_the_reason_given_in_the_file_is_kept_with_the_change(login, cast, seen_by_government):
    client = login(cast["officer"])
    rows = exported_rows(client, seen_by_government)
    rows[1][11] = 57
    rows[1][REASON] = "The police data was revised."
    assert upload(client, seen_by_government, as_xlsx(rows)).status_code == 200
    assertRedirects(confirm(client, seen_by_government), seen_by_government.get_absolute_url())
    target = Target.objects.get(with_lpsa=57)
    assert target.history.latest().history_change_reason == "The police data was revised."


def test_an_old_export_without_the_reason_column_still_imports_when_none_is_needed(login, cast, two_targets):
    client = login(cast["officer"])
    rows = [row[:REASON] for row in exported_rows(client, two_targets)]
    rows[1][11] = 57
    assert upload(client, two_targets, as_xlsx(rows)).status_code == 200
    assert confirm(client, two_targets).status_code == 302
    assert Target.objects.filter(with_lpsa=57).exists()


def test_an_old_export_without_the_reason_column_is_refused_when_one_is_needed(login, cast, seen_by_government):
    client = login(cast["officer"])
    rows = [row[:REASON] for row in exported_rows(client, seen_by_government)]
    rows[1][11] = 57
    response = upload(client, seen_by_government, as_xlsx(rows))
    assert import_errors(response) == [
        ("2", "Reason for change", "Say why the figures are changing. Government has seen them.")
    ]


def test_a_figure_changed_by_an_import_makes_an_agreed_target_proposed(login, cast, agreed_target):
    client = login(cast["officer"])
    rows = exported_rows(client, agreed_target.framework)
    rows[1][11] = 58
    rows[1][REASON] = "New data."
    assert upload(client, agreed_target.framework, as_xlsx(rows)).status_code == 200
    assert confirm(client, agreed_target.framework).status_code == 302
    agreed_target.refresh_from_db()
    assert (agreed_target.with_lpsa, agreed_target.status) == (Decimal("58"), Indicator.Status.PROPOSED)
    assert Indicator.objects.get().status == Indicator.Status.PROPOSED


def test_the_numbered_target_and_weight_go_out_and_come_back_in(login, cast, two_targets):
    client = login(cast["officer"])
    rows = exported_rows(client, two_targets)
    numbered_column, weight_column = HEADINGS.index("Numbered target"), HEADINGS.index("Weight (%)")
    assert [row[numbered_column] for row in rows[1:]] == [1, 2]
    # Both lines into Target 1, weighted 70 and 30.
    rows[1][weight_column] = 70
    rows[2][numbered_column], rows[2][weight_column] = "Target 1", 30
    preview = upload(client, two_targets, as_xlsx(rows))
    assertContains(preview, "moves to Target 1: Indicator 1.1.1")
    assertContains(preview, "weight (empty) → 70")
    assertRedirects(confirm(client, two_targets), two_targets.get_absolute_url())
    first = AgreementTarget.objects.get(position=1)
    assert [(line.indicator.title, line.weight) for line in first.lines_in_order()] == [
        ("Indicator 1.1.1", Decimal("70")),
        ("Indicator 1.2.1", Decimal("30")),
    ]


def test_a_numbered_target_that_does_not_exist_is_named_and_nothing_changes(login, cast, two_targets):
    client = login(cast["officer"])
    rows = exported_rows(client, two_targets)
    before = framework_snapshot(two_targets)
    rows[1][HEADINGS.index("Numbered target")] = 14
    rows[2][HEADINGS.index("Numbered target")] = "the first"
    response = upload(client, two_targets, as_xlsx(rows))
    assert import_errors(response) == [
        ("2", "Numbered target", "There is no Target 14 in this framework. Add it on the numbered targets page first."),
        ("3", "Numbered target", "“the first” is not the number of a numbered target. Enter a number like 5."),
    ]
    assert framework_snapshot(two_targets) == before


def test_an_export_without_the_numbered_target_column_leaves_lines_where_they_are(login, cast, two_targets):
    client = login(cast["officer"])
    rows = [row[: HEADINGS.index("Numbered target")] for row in exported_rows(client, two_targets)]
    rows[1][11] = 57
    upload(client, two_targets, as_xlsx(rows))
    assertRedirects(confirm(client, two_targets), two_targets.get_absolute_url())
    line = Target.objects.order_by("pk").first()
    assert (line.with_lpsa, line.agreement_target.number) == (Decimal("57"), 1)
