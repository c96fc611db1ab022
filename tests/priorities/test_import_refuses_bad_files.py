"""Files that are broken, oversized or contradict themselves: a plain refusal, never a crash."""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from pytest_django.asserts import assertContains

from lpsa.snapshot import framework_snapshot
from priorities import spreadsheet
from priorities.spreadsheet import HEADINGS
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


def workbook_with_sheet(sheet_xml: bytes) -> bytes:
    """A workbook made by openpyxl, with its sheet's XML replaced."""
    plain = io.BytesIO()
    Workbook().save(plain)
    return rezipped(
        plain.getvalue(), lambda name, content: sheet_xml if name == "xl/worksheets/sheet1.xml" else content
    )


def sheet(rows: str, dimension: str | None = None) -> bytes:
    claimed = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{claimed}<sheetData>{rows}</sheetData></worksheet>"
    ).encode()


def headings_row() -> str:
    cells = "".join(
        f'<c r="{get_column_letter(n)}1" t="inlineStr"><is><t>{h}</t></is></c>' for n, h in enumerate(HEADINGS, 1)
    )
    return f'<row r="1">{cells}</row>'


def test_a_small_workbook_that_unpacks_to_a_huge_sheet_is_refused_at_once(login, cast, two_targets):
    # One tag 8 MB long: the XML parser's time grows with the square of a tag's length.
    data = workbook_with_sheet(sheet(headings_row() + f'<row r="2" spans="{"1" * 8_000_000}"/>'))
    assert len(data) < 100_000
    started = time.monotonic()
    response = upload(login(cast["officer"]), two_targets, SimpleUploadedFile("bomb.xlsx", data))
    assertContains(response, "The workbook is too large once unpacked.", status_code=400)
    assert time.monotonic() - started < 2


def test_a_workbook_claiming_16384_columns_is_read_in_little_memory(login, cast, two_targets):
    # Every row is blank, but is read as wide as the sheet claims to be.
    blank = "".join(f'<row r="{n}"><c r="XFD{n}"/></row>' for n in range(2, 2000))
    data = workbook_with_sheet(sheet(headings_row() + blank, dimension="A1:XFD2000"))
    assert len(data) < 20_000
    client = login(cast["officer"])
    tracemalloc.start()
    try:
        response = upload(client, two_targets, SimpleUploadedFile("wide.xlsx", data))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assertContains(response, "there is nothing to import")
    assert peak < 30 * 1024 * 1024


def test_a_csv_of_blank_lines_is_refused_in_little_memory(login, cast, two_targets):
    client = login(cast["officer"])
    tracemalloc.start()
    try:
        response = upload(client, two_targets, SimpleUploadedFile("blank.csv", b"\n" * 2_000_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assertContains(response, "The file has more than 2000 rows.", status_code=400)
    assert peak < 30 * 1024 * 1024


def test_a_workbook_that_takes_too_long_to_read_is_refused(login, cast, two_targets, monkeypatch):
    client = login(cast["officer"])
    data = as_xlsx(exported_rows(client, two_targets))
    monkeypatch.setattr(spreadsheet, "READ_SECONDS", 0)
    response = upload(client, two_targets, data)
    assertContains(response, "The workbook took too long to read.", status_code=400)


def test_the_largest_workbook_an_export_makes_is_still_read():
    # MAX_ROWS rows with every text as long as its field allows stays inside the limits.
    longest = ["9" * 9, "A" * 200, "T" * 200, "U" * 60, "Lower is better", "2003/04", 123456789012.125]
    longest += ["9" * 9, "L" * 200, "2007/08", 123456789012.125, 123456789013.125, "2005/06", 1.125, 2.125]
    data = as_xlsx([HEADINGS, *[longest] * spreadsheet.MAX_ROWS]).read()
    rows = spreadsheet.read_table("largest.xlsx", data)
    assert len(rows) == spreadsheet.MAX_ROWS + 1
    assert rows[-1][:3] == ["9" * 9, "A" * 200, "T" * 200]
