"""Files that are broken, oversized or contradict themselves: a plain refusal, never a crash."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains

from lpsa.snapshot import framework_snapshot
from tests.factories import make_tree
from tests.priorities.test_spreadsheets import as_xlsx, confirm, exported_rows, upload


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


def test_a_new_indicator_cannot_take_another_indicators_target(login, cast, two_targets):
    client = login(cast["officer"])
    rows = exported_rows(client, two_targets)
    stolen = list(rows[1])
    stolen[0] = None  # a new indicator…
    stolen[2] = "Brand new indicator"
    rows.append(stolen)  # …with the first indicator's target ID
    before = framework_snapshot(two_targets)
    response = upload(client, two_targets, as_xlsx(rows))
    assertContains(
        response, '<td class="govuk-table__cell">4</td><td class="govuk-table__cell">Target ID</td>', status_code=400
    )
    assertContains(response, "belongs to another indicator", status_code=400)
    assert confirm(client, two_targets).status_code == 400
    assert framework_snapshot(two_targets) == before


def test_two_rows_of_one_new_indicator_must_agree_on_its_direction(login, cast, two_targets):
    client = login(cast["officer"])
    rows = exported_rows(client, two_targets)
    new = [None, "Area 1.1", "Fewer burglaries", "incidents", "Lower is better", None, None, None, None, "2007/08"]
    rows.append([*new, 40, 30, None, None, None])
    rows.append([*new[:4], "Higher is better", *new[5:], 40, 50, None, None, None])
    before = framework_snapshot(two_targets)
    response = upload(client, two_targets, as_xlsx(rows))
    assertContains(
        response, '<td class="govuk-table__cell">5</td><td class="govuk-table__cell">Direction</td>', status_code=400
    )
    assertContains(
        response,
        "Row 4 gives this indicator “Lower is better”, this row “Higher is better”. "
        "Give every row of one indicator the same “Direction”.",
        status_code=400,
    )
    assert confirm(client, two_targets).status_code == 400
    assert framework_snapshot(two_targets) == before


def test_two_rows_of_one_indicator_must_agree_on_its_baseline(login, cast, two_targets):
    client = login(cast["officer"])
    rows = exported_rows(client, two_targets)
    second_target = list(rows[1])
    second_target[7:15] = [None, "Women returners", "2007/08", 40, 44, None, None, None]
    second_target[6] = 48  # the first row keeps the baseline of 50
    rows.append(second_target)
    before = framework_snapshot(two_targets)
    response = upload(client, two_targets, as_xlsx(rows))
    assertContains(
        response,
        '<td class="govuk-table__cell">4</td><td class="govuk-table__cell">Baseline value</td>'
        '<td class="govuk-table__cell">Row 2 gives this indicator “50”, this row “48”.',
        status_code=400,
    )
    assert framework_snapshot(two_targets) == before
