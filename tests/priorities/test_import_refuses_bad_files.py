"""Files that are broken, oversized or contradict themselves: a plain refusal, never a crash."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains

from lpsa.snapshot import framework_snapshot
from tests.factories import make_tree
from tests.priorities.test_spreadsheets import as_xlsx, exported_rows, upload


@pytest.fixture
def two_targets(framework, group):
    make_tree(framework, group=group, areas=2, targets=1)
    return framework


def as_csv(rows) -> SimpleUploadedFile:
    text = "\n".join(",".join(f'"{cell}"' if cell is not None else "" for cell in row) for row in rows)
    return SimpleUploadedFile("edited.csv", text.encode())


def test_a_csv_cell_longer_than_any_column_takes_is_refused_by_row(login, cast, two_targets):
    client = login(cast["officer"])
    rows = exported_rows(client, two_targets)
    rows[2][2] = "x" * 1_900_000
    before = framework_snapshot(two_targets)
    response = upload(client, two_targets, as_csv(rows))
    assertContains(response, "Row 3 has a cell", status_code=400)
    assert framework_snapshot(two_targets) == before


@pytest.mark.parametrize("figure", ["1E+999999999", "-1E+999999999"])
def test_a_figure_too_big_to_store_is_a_row_error(login, cast, two_targets, figure):
    client = login(cast["officer"])
    rows = exported_rows(client, two_targets)
    rows[1][11] = figure
    before = framework_snapshot(two_targets)
    response = upload(client, two_targets, as_csv(rows))
    assertContains(
        response, '<td class="govuk-table__cell">2</td><td class="govuk-table__cell">With LPSA2</td>', status_code=400
    )
    assertContains(response, "at most 12 digits before the decimal point", status_code=400)
    assert framework_snapshot(two_targets) == before


def rezipped(data: bytes, change) -> bytes:
    """The workbook with each part passed through ``change(name, content)``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, change(info.filename, source.read(info)))
    return out.getvalue()


def test_a_workbook_whose_sheet_is_cut_short_is_refused(login, cast, two_targets):
    client = login(cast["officer"])
    good = as_xlsx(exported_rows(client, two_targets)).read()
    cut = rezipped(good, lambda name, content: content[: len(content) // 2] if "worksheets/" in name else content)
    before = framework_snapshot(two_targets)
    response = upload(client, two_targets, SimpleUploadedFile("cut.xlsx", cut))
    assertContains(response, "The workbook could not be read", status_code=400)
    assert framework_snapshot(two_targets) == before


def test_a_csv_with_old_mac_line_endings_is_read(login, cast, two_targets):
    client = login(cast["officer"])
    exported = client.get(reverse("priorities:export_csv", args=[two_targets.slug])).content
    response = upload(client, two_targets, SimpleUploadedFile("mac.csv", exported.replace(b"\r\n", b"\r")))
    assertContains(response, "there is nothing to import")
