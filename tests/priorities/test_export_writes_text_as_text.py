"""Text that a spreadsheet program would run as a formula is exported as text, and reads back unchanged."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django.asserts import assertContains

from lpsa.snapshot import framework_snapshot
from priorities.models import Indicator, Target, TargetArea
from tests.factories import make_tree
from tests.priorities.test_spreadsheets import upload

HYPERLINK = '=HYPERLINK("http://x","y")'


@pytest.fixture
def formulas(framework, group):
    """Two indicators whose texts start like formulas, one of them already quoted."""
    make_tree(framework, group=group, areas=2, targets=1)
    first, second = Indicator.objects.order_by("pk")
    Indicator.objects.filter(pk=first.pk).update(title=HYPERLINK, unit="-5 people", baseline_value=Decimal("-5"))
    Indicator.objects.filter(pk=second.pk).update(title="'=already quoted")
    Target.objects.filter(indicator=first).update(title="@SUM(A1)")
    TargetArea.objects.filter(pk=second.target_area_id).update(title="+44 area")
    return framework


def export(client, framework, fmt: str) -> bytes:
    return client.get(reverse(f"priorities:export_{fmt}", args=[framework.slug])).content


def test_text_that_looks_like_a_formula_is_a_text_cell_in_the_workbook(login, cast, formulas):
    sheet = load_workbook(io.BytesIO(export(login(cast["officer"]), formulas, "xlsx"))).active
    cells = {cell.value: cell.data_type for row in sheet.iter_rows(min_row=2) for cell in row if cell.value}
    for text in [HYPERLINK, "-5 people", "@SUM(A1)", "+44 area", "'=already quoted"]:
        assert cells[text] == "s", text
    assert cells[-5] == "n"  # a negative figure stays a number


def test_text_that_looks_like_a_formula_starts_with_an_apostrophe_in_the_csv(login, cast, formulas):
    rows = list(csv.reader(io.StringIO(export(login(cast["officer"]), formulas, "csv").decode())))
    first, second = rows[1], rows[2]
    assert first[2:4] == ["'" + HYPERLINK, "'-5 people"]
    assert first[6] == "-5"  # a negative figure stays a number
    assert first[8] == "'@SUM(A1)"
    assert second[1:3] == ["'+44 area", "''=already quoted"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_export_imported_back_changes_nothing(login, cast, formulas, fmt):
    client = login(cast["officer"])
    before = framework_snapshot(formulas)
    response = upload(client, formulas, SimpleUploadedFile(f"export.{fmt}", export(client, formulas, fmt)))
    assertContains(response, "there is nothing to import")
    assert framework_snapshot(formulas) == before
