"""Performance returns to and from spreadsheets: export, preview, all-or-nothing import."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from delivery import returns_spreadsheet as sheet
from delivery.models import PerformanceReturn
from priorities.models import Stage
from tests.delivery.conftest import put_at

D = Decimal


def export(client, framework, fmt=None):
    url = reverse("delivery:returns_export", args=[framework.slug])
    return client.get(url if fmt is None else f"{url}?format={fmt}")


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def to_csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def upload(client, framework, rows, name="returns.csv"):
    data = rows if isinstance(rows, bytes) else to_csv(rows)
    url = reverse("delivery:returns_import", args=[framework.slug])
    return client.post(url, {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def confirm(client, framework):
    return client.post(reverse("delivery:returns_import", args=[framework.slug]), {"action": "confirm"})


def row_for(rows, line, period):
    return next(row for row in rows if row[0] == str(line.pk) and row[4] == period)


def snapshot():
    return sorted(
        PerformanceReturn.objects.values_list("line_id", "period", "actual", "status", "source", "note", "version")
    )


# --- export ------------------------------------------------------------------------------


def test_the_export_is_a_workbook_with_a_row_for_every_line_and_period_up_to_today(delivery_world, cast, login):
    response = export(login(cast["officer"]), delivery_world["framework"])
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="hampshire-performance-returns.xlsx"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert list(rows[0]) == sheet.HEADINGS
    # The annual line has three years; the quarterly one twelve quarters.
    assert len(rows) == 1 + 3 + 12
    annual = delivery_world["line"]
    first = next(row for row in rows[1:] if row[0] == annual.pk and row[4] == "2005/06")
    assert first[1] == "Target 1" and first[5] == 51.5 and first[6] == "Final" and first[7] == "Survey"
    empty = next(row for row in rows[1:] if row[0] == annual.pk and row[4] == "2006/07")
    assert all(cell in (None, "") for cell in empty[5:])


def test_the_csv_export_has_the_same_rows_with_dates_written_year_first(delivery_world, cast, login):
    PerformanceReturn.objects.filter(pk=delivery_world["sent_return"].pk).update(
        source_date="2006-04-30", note="Checked twice"
    )
    rows = csv_rows(export(login(cast["officer"]), delivery_world["framework"], "csv"))
    assert rows[0] == sheet.HEADINGS
    row = row_for(rows, delivery_world["line"], "2005/06")
    assert row[5:10] == ["51.5", "Final", "Survey", "2006-04-30", "Checked twice"]
    assert len(rows) == 16


def test_text_that_would_run_as_a_formula_is_exported_as_text(delivery_world, cast, login):
    PerformanceReturn.objects.filter(pk=delivery_world["draft_return"].pk).update(
        source='=HYPERLINK("http://evil.example")', note="+SUM(A1:A9)"
    )
    client = login(cast["officer"])
    row = row_for(
        csv_rows(export(client, delivery_world["framework"], "csv")), delivery_world["quarterly_line"], "2005/06 Q1"
    )
    assert row[7] == '\'=HYPERLINK("http://evil.example")'
    assert row[9] == "'+SUM(A1:A9)"
    workbook = load_workbook(io.BytesIO(export(client, delivery_world["framework"]).content))
    cells = [
        cell for row in workbook.active.iter_rows() for cell in row if cell.value and str(cell.value).startswith("=")
    ]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_a_reviewers_export_has_only_the_figures_sent_to_government(delivery_world, cast, login):
    rows = csv_rows(export(login(cast["reviewer"]), delivery_world["framework"], "csv"))
    assert row_for(rows, delivery_world["line"], "2005/06")[5] == "51.5"
    assert row_for(rows, delivery_world["quarterly_line"], "2005/06 Q1")[5:] == [""] * 6


def test_another_councils_officer_cannot_export_or_import(delivery_world, cast, login):
    client = login(cast["otherofficer"])
    framework = delivery_world["framework"]
    assert export(client, framework).status_code == 404
    assert upload(client, framework, [sheet.HEADINGS]).status_code == 404


# --- import ------------------------------------------------------------------------------


def test_an_exported_sheet_filled_in_previews_its_changes_then_imports_them_all(delivery_world, cast, login):
    framework, annual, quarterly = delivery_world["framework"], delivery_world["line"], delivery_world["quarterly_line"]
    client = login(cast["officer"])
    rows = csv_rows(export(client, framework, "csv"))
    new = row_for(rows, annual, "2006/07")
    new[5:10] = ["52.5", "Estimate", "Residents' survey", "2007-05-01", "Early figure"]
    changed = row_for(rows, quarterly, "2005/06 Q1")
    changed[5] = "196"
    before = snapshot()
    preview = upload(client, framework, rows)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert 'New returns</dt><dd class="govuk-summary-list__value">1' in page
    assert 'Changed returns</dt><dd class="govuk-summary-list__value">1' in page
    assert 'Rows that change nothing</dt><dd class="govuk-summary-list__value">1, skipped' in page
    assert "actual value 198 → 196" in page
    assert snapshot() == before  # nothing is written by the preview
    response = confirm(client, framework)
    assert response.status_code == 302
    made = PerformanceReturn.objects.get(line=annual, period="2006/07")
    assert made.actual == D("52.5") and made.source == "Residents' survey" and made.note == "Early figure"
    assert made.entered_by == cast["officer"].user and made.sent_at is None
    assert str(made.source_date) == "2007-05-01"
    draft = PerformanceReturn.objects.get(pk=delivery_world["draft_return"].pk)
    assert draft.actual == D("196") and draft.version == 2
    assert draft.history.first().history_change_reason == "Imported from a spreadsheet"
    # The sheet is used once: confirming again finds nothing to import.
    assert confirm(client, framework).status_code == 400


def test_the_workbook_export_imports_back_unchanged(delivery_world, cast, login):
    client = login(cast["officer"])
    data = export(client, delivery_world["framework"]).content
    url = reverse("delivery:returns_import", args=[delivery_world["framework"].slug])
    response = client.post(url, {"file": SimpleUploadedFile("returns.xlsx", data)})
    assert response.status_code == 200
    assert "there is nothing to import" in response.content.decode()


def test_a_sheet_with_one_bad_row_changes_nothing_and_says_which_rows_are_wrong(delivery_world, cast, login):
    framework, annual, quarterly = delivery_world["framework"], delivery_world["line"], delivery_world["quarterly_line"]
    client = login(cast["officer"])
    headings = sheet.HEADINGS
    rows = [
        headings,
        [annual.pk, "", "", "", "2006/07", "52", "Estimate", "Survey", "", "", ""],  # good
        [quarterly.pk, "", "", "", "2006/07", "180", "Estimate", "Survey", "", "", ""],  # quarterly, given a year
        [annual.pk, "", "", "", "2009/10", "52", "Estimate", "Survey", "", "", ""],  # after the agreement
        [annual.pk, "", "", "", "2007/08", "lots", "Estimate", "Survey", "", "", ""],
        [quarterly.pk, "", "", "", "2006/07 Q2", "53", "Maybe", "Survey", "31/05/2008", "", ""],
        [quarterly.pk, "", "", "", "2006/07 Q3", "53", "Final", "", "", "", ""],
        [999999, "", "", "", "2005/06", "1", "", "Survey", "", "", ""],
        [annual.pk, "", "", "", "2006/07", "52", "Estimate", "Survey", "", "", ""],  # the good row again
    ]
    before = snapshot()
    response = upload(client, framework, rows)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported." in page
    for expected in (
        "This indicator is collected quarterly, so enter a period like 2006/07 Q1.",
        "The period is outside the agreement, which runs from 1 April 2005 to 31 March 2008.",
        "“lots” is not a number. Enter a figure like 42 or 12.5.",
        "Enter “Estimate” or “Final”.",
        "“31/05/2008” is not a date. Write it as year, month and day, like 2006-05-31.",
        "Enter where the figure comes from",
        "There is no line with this ID in the agreement.",
        "Row 2 is for the same line and period. Give each one row only.",
    ):
        assert expected in page, expected
    plan = sheet.plan_import(framework, sheet.read_table("r.csv", to_csv(rows)))
    assert sorted({error.row for error in plan.errors}) == [3, 4, 5, 6, 7, 8, 9]
    assert snapshot() == before
    # A refused file leaves nothing to confirm.
    assert confirm(client, framework).status_code == 400
    assert snapshot() == before


def test_a_final_figure_changes_only_with_a_reason_which_its_history_keeps(delivery_world, cast, login):
    framework, annual = delivery_world["framework"], delivery_world["line"]
    client = login(cast["officer"])
    rows = csv_rows(export(client, framework, "csv"))
    row_for(rows, annual, "2005/06")[5] = "51.8"
    response = upload(client, framework, rows)
    assert response.status_code == 400
    assert "Say why this final figure is changing." in response.content.decode()
    assert PerformanceReturn.objects.get(pk=delivery_world["sent_return"].pk).actual == D("51.5")
    row_for(rows, annual, "2005/06")[10] = "The audit corrected the count"
    assert upload(client, framework, rows).status_code == 200
    assert confirm(client, framework).status_code == 302
    item = PerformanceReturn.objects.get(pk=delivery_world["sent_return"].pk)
    assert item.actual == D("51.8")
    assert item.history.first().history_change_reason == "The audit corrected the count"


def test_a_return_cannot_be_emptied_by_an_import(delivery_world, cast, login):
    client = login(cast["officer"])
    rows = csv_rows(export(client, delivery_world["framework"], "csv"))
    row_for(rows, delivery_world["quarterly_line"], "2005/06 Q1")[5] = ""
    response = upload(client, delivery_world["framework"], rows)
    assert response.status_code == 400
    assert "An import cannot take a return away" in response.content.decode()


def test_a_change_made_between_the_preview_and_the_import_makes_it_refuse(delivery_world, cast, login):
    framework, quarterly = delivery_world["framework"], delivery_world["quarterly_line"]
    client = login(cast["officer"])
    rows = csv_rows(export(client, framework, "csv"))
    row_for(rows, quarterly, "2005/06 Q1")[5] = "196"
    row_for(rows, delivery_world["line"], "2006/07")[5:8] = ["52", "Estimate", "Survey"]
    assert upload(client, framework, rows).status_code == 200
    draft = PerformanceReturn.objects.get(pk=delivery_world["draft_return"].pk)
    draft.actual = D("197")
    draft.save_checked(expected_version=draft.version, fields=["actual"])
    response = confirm(client, framework)
    assert response.status_code == 409
    assert (
        "Someone changed the returns since you checked the file, so nothing was imported." in response.content.decode()
    )
    assert not PerformanceReturn.objects.filter(line=delivery_world["line"], period="2006/07").exists()
    assert PerformanceReturn.objects.get(pk=draft.pk).actual == D("197")


def test_applying_a_plan_whose_return_changed_since_writes_none_of_it(delivery_world, cast, lines):
    framework, annual, quarterly = delivery_world["framework"], *lines
    table = [
        sheet.HEADINGS,
        [str(annual.pk), "", "", "", "2006/07", "52", "Estimate", "Survey", "", "", ""],
        [str(quarterly.pk), "", "", "", "2005/06 Q1", "196", "Estimate", "Survey", "", "", ""],
    ]
    plan = sheet.plan_import(framework, table)
    assert not plan.errors and len(plan.rows) == 2
    PerformanceReturn.objects.filter(pk=delivery_world["draft_return"].pk).update(version=5)
    with pytest.raises(sheet.ImportConflict):
        sheet.apply_import(framework, plan.rows, cast["officer"].user)
    assert not PerformanceReturn.objects.filter(line=annual, period="2006/07").exists()


def test_a_return_entered_by_someone_else_since_the_preview_makes_it_refuse(delivery_world, cast, lines):
    framework, annual, _ = delivery_world["framework"], *lines
    table = [sheet.HEADINGS, [str(annual.pk), "", "", "", "2006/07", "52", "Estimate", "Survey", "", "", ""]]
    plan = sheet.plan_import(framework, table)
    PerformanceReturn.objects.create(line=annual, period="2006/07", period_end="2007-03-31", actual=1, source="Other")
    with pytest.raises(sheet.ImportConflict):
        sheet.apply_import(framework, plan.rows, cast["officer"].user)


def test_a_sheet_of_too_many_rows_is_refused_whole(delivery_world, cast, login):
    rows = [sheet.HEADINGS] + [[delivery_world["line"].pk, "", "", "", "2006/07", "1", "", "S", "", "", ""]] * (
        sheet.MAX_ROWS + 1
    )
    response = upload(login(cast["officer"]), delivery_world["framework"], rows)
    assert response.status_code == 400
    assert f"The file has more than {sheet.MAX_ROWS} rows." in response.content.decode()


def test_a_file_over_the_size_limit_is_refused(delivery_world, cast, login):
    data = b"x" * (sheet.MAX_BYTES + 1)
    response = upload(login(cast["officer"]), delivery_world["framework"], data)
    assert response.status_code == 400
    assert "Files can be 2 MB at most." in response.content.decode()


def test_a_sheet_without_the_needed_columns_is_refused(delivery_world, cast, login):
    response = upload(login(cast["officer"]), delivery_world["framework"], [["Line ID", "Period"], ["1", "2005/06"]])
    assert response.status_code == 400
    assert "The column “Actual value” is missing." in response.content.decode()


def test_the_working_group_lead_imports_the_returns_of_their_groups_lines(delivery_world, cast, login):
    framework, annual = delivery_world["framework"], delivery_world["line"]
    client = login(cast["wglead"])
    table = [sheet.HEADINGS, [annual.pk, "", "", "", "2006/07", "52", "Estimate", "Survey", "", "", ""]]
    assert upload(client, framework, table).status_code == 200
    assert confirm(client, framework).status_code == 302
    assert PerformanceReturn.objects.get(line=annual, period="2006/07").entered_by == cast["wglead"].user


def test_a_lead_cannot_import_for_a_priority_their_group_does_not_lead(delivery_world, cast, lines):
    framework, annual, _ = delivery_world["framework"], *lines
    table = [sheet.HEADINGS, [str(annual.pk), "", "", "", "2006/07", "52", "Estimate", "Survey", "", "", ""]]
    plan = sheet.plan_import(framework, table, allowed={-1})
    assert [error.message for error in plan.errors] == [
        "You can enter returns only for the lines of priorities your group leads."
    ]


@pytest.mark.parametrize("role", ["chiefexec", "reviewer"])
def test_those_who_do_not_enter_returns_cannot_import_them(delivery_world, cast, login, role):
    table = [sheet.HEADINGS, [delivery_world["line"].pk, "", "", "", "2006/07", "52", "Estimate", "Survey", "", "", ""]]
    response = upload(login(cast[role]), delivery_world["framework"], table)
    assert response.status_code == (404 if role == "reviewer" else 403)
    assert not PerformanceReturn.objects.filter(period="2006/07").exists()


@pytest.mark.parametrize("stage", [Stage.SIGNED, Stage.COMPLETE])
def test_returns_are_imported_only_while_returns_are_made(delivery_world, cast, login, stage):
    client = login(cast["officer"])
    table = [sheet.HEADINGS, [delivery_world["line"].pk, "", "", "", "2006/07", "52", "Estimate", "Survey", "", "", ""]]
    assert upload(client, delivery_world["framework"], table).status_code == 200
    put_at(delivery_world["framework"], stage)
    assert confirm(client, delivery_world["framework"]).status_code == 403
    assert not PerformanceReturn.objects.filter(period="2006/07").exists()


def test_a_closed_agreement_imports_nothing(delivery_world, cast, login):
    framework = delivery_world["framework"]
    client = login(cast["officer"])
    table = [sheet.HEADINGS, [delivery_world["line"].pk, "", "", "", "2006/07", "52", "Estimate", "Survey", "", "", ""]]
    assert upload(client, framework, table).status_code == 200
    framework.closed_at = timezone.now()
    framework.save(update_fields=["closed_at"])
    assert confirm(client, framework).status_code == 403
    assert not PerformanceReturn.objects.filter(period="2006/07").exists()
