"""The Word file for cabinet papers says what the PDF says, in Word's own structure, for the
people who may read the PDF, and within the PDF's bounds."""

import io
import re
from decimal import Decimal

import docx
import pytest
from django.core.management import call_command
from django.urls import reverse
from docx.oxml.ns import qn
from pytest_django.asserts import assertContains

from lpsa.models import Submission
from lpsa.pdf import render_submission_pdf, submission_context
from lpsa.snapshot import framework_snapshot
from lpsa.word import CONTENT_TYPE, render_submission_docx
from lpsa.workflow import framework_move
from priorities.models import Framework, Stage, Target
from priorities.templatetags.figures import figure
from tests.factories import make_tree
from tests.lpsa.test_agreement_document import words

HEADING = re.compile(r"^(Title|Heading \d)$")


def opened(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def is_heading(paragraph) -> bool:
    """A paragraph in one of Word's heading styles, or a style built on one."""
    style = paragraph.style
    while style is not None:
        if HEADING.match(style.name):
            return True
        style = style.base_style
    return False


def spaced(text: str) -> str:
    return " ".join(text.split())


def squashed(text: str) -> str:
    return "".join(text.split())


def headings(document) -> list[str]:
    return [spaced(p.text) for p in document.paragraphs if is_heading(p)]


def cells(document) -> list[str]:
    """Every filled cell of every table, once per cell (Word repeats a merged cell's text)."""
    found = []
    for table in document.tables:
        for row in table.rows:
            seen = set()
            for cell in row.cells:
                if id(cell._tc) not in seen and cell.text.strip():
                    found.append(spaced(cell.text))
                seen.add(id(cell._tc))
    return found


@pytest.fixture
def demo_hampshire(db, settings):
    """The Hampshire demo framework: four priorities, nine numbered targets, money and freedoms."""
    settings.DEBUG = True  # load_demo refuses to run otherwise
    call_command("load_demo", stdout=io.StringIO())
    return Framework.objects.get(slug="hampshire")


@pytest.mark.parametrize("stage", ["one", "two"])
def test_the_word_file_has_the_pdfs_headings_figures_and_money_in_its_order(demo_hampshire, stage):
    snapshot = framework_snapshot(demo_hampshire)
    pdf_text, _ = words(render_submission_pdf(snapshot, stage=stage, version=None, approval=None))
    # The PDF breaks lines after a slash or inside a long word too; compared without any spacing,
    # a line break there cannot hide a difference in the words.
    pdf_text = squashed(pdf_text)
    document = opened(render_submission_docx(snapshot, stage=stage, version=None, approval=None))

    titles = headings(document)
    # Every heading of the Word file is in the PDF, in the same order.
    position = 0
    for title in titles:
        found = pdf_text.find(squashed(title), position)
        assert found >= 0, f"{title!r} is not in the PDF after the heading before it"
        position = found + len(squashed(title))
    # Every figure and name in a table of the Word file is in the PDF.
    missing = [cell for cell in cells(document) if squashed(cell) not in pdf_text]
    assert missing == []
    # And the money said in sentences (Schedules 3 and 4).
    money = [spaced(p.text) for p in document.paragraphs if "£" in p.text]
    assert [sentence for sentence in money if squashed(sentence) not in pdf_text] == []

    # What the document must say, from the context both documents are made from.
    context = submission_context(snapshot, stage=stage, version=None, approval=None, for_pdf=True)
    for priority in context["priorities"]:
        assert priority["title"] in titles
    if stage == "one":
        assert "Schedule 1: the targets" not in titles
        assert not money
        return
    assert [
        title for title in titles if title in ("The agreement", "Schedule 1: the targets", "Schedule 4: reward grant")
    ] == ["The agreement", "Schedule 1: the targets", "Schedule 4: reward grant"]
    all_cells = cells(document)
    assert len(context["numbered"]) == 9
    for item in context["numbered"]:
        assert f"Target {item['number']}: {item['title']}" in titles
        for line in item["rows"]:
            assert any(title.startswith(f"{line['number']}: {line['label']}") for title in titles)
            for value in (line["target"]["without_lpsa"], line["target"]["with_lpsa"]):
                assert figure(value) in all_cells
    assert f"£{context['reward']:,.0f}" in " ".join(money)


def test_the_stage_one_document_is_the_framework_and_stage_two_the_agreement(demo_hampshire):
    snapshot = framework_snapshot(demo_hampshire)
    one = headings(opened(render_submission_docx(snapshot, stage="one", version=None, approval=None)))
    two = headings(opened(render_submission_docx(snapshot, stage="two", version=None, approval=None)))
    assert "The agreement" not in one and "The agreement" in two
    assert "Schedule 2: freedoms and flexibilities" in two
    assert one[:3] == ["Local Public Service Agreement — second generation", "Contents", "Partners and working groups"]


def test_headings_are_in_word_heading_styles_and_the_contents_is_a_table_of_contents(demo_hampshire):
    data = render_submission_docx(framework_snapshot(demo_hampshire), stage="two", version=None, approval=None)
    document = opened(data)
    styles = {spaced(p.text): p.style for p in document.paragraphs if is_heading(p)}
    assert styles["Local Public Service Agreement — second generation"].name == "Title"
    assert styles["Tackling Barriers to Recruitment in Hampshire"].name == "Heading 1"
    assert styles["Schedule 1: the targets"].name == "Heading 1"
    assert styles["1. The parties"].name == "Heading 2"
    target = styles["Target 4: Reduce anti-social behaviour"]
    assert target.base_style.name == "Heading 2"  # so the navigation pane shows it under its chapter
    body = document.element.body
    [instruction] = [t.text for t in body.iter(qn("w:instrText")) if "TOC" in t.text]
    assert '\\o "1-1"' in instruction
    contents = [spaced(p.text) for p in document.paragraphs if p.style.name.startswith("TOC ")]
    assert "Schedule 1: the targets" in contents
    assert "Target 4: Reduce anti-social behaviour" in contents


def test_tables_have_repeating_header_rows_captions_and_units_in_their_heads(demo_hampshire):
    document = opened(
        render_submission_docx(framework_snapshot(demo_hampshire), stage="two", version=None, approval=None)
    )
    assert len(document.tables) > 20
    for table in document.tables:
        first = table.rows[0]._tr
        assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
        assert table._tbl.tblPr.find(qn("w:tblCaption")) is not None
    heads = {spaced(cell.text) for table in document.tables for cell in table.rows[0].cells}
    assert "Share of reward (£)" in heads
    assert "Without LPSA2 (%)" in heads


def test_the_file_carries_its_title_author_and_language(demo_hampshire):
    document = opened(
        render_submission_docx(framework_snapshot(demo_hampshire), stage="one", version=None, approval=None)
    )
    properties = document.core_properties
    assert properties.title == (
        "Hampshire County Council: Local Public Service Agreement, second generation. Stage One: the framework"
    )
    assert properties.author == "Hampshire County Council"
    assert properties.language == "en-GB"
    normal = document.styles["Normal"].element.rPr
    assert normal.find(qn("w:lang")).get(qn("w:val")) == "en-GB"
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    assert "DRAFT: not approved" in header


# --- downloads -------------------------------------------------------------------------------


def test_an_officer_downloads_the_live_draft_for_the_stage_asked_for(login, cast, ready):
    client = login(cast["officer"])
    response = client.get(reverse("lpsa:draft_docx", args=[ready.slug]) + "?stage=two")
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE
    assert response["Content-Disposition"] == f'attachment; filename="{ready.slug}-stage-two-draft.docx"'
    titles = headings(opened(response.content))
    assert "Schedule 1: the targets" in titles
    # By default, the framework's own stage, as the preview.
    response = client.get(reverse("lpsa:draft_docx", args=[ready.slug]))
    assert response["Content-Disposition"] == f'attachment; filename="{ready.slug}-stage-one-draft.docx"'
    assert "Schedule 1: the targets" not in headings(opened(response.content))


@pytest.fixture
def submitted(cast, at_stage):
    framework = at_stage(Stage.ONE_AWAITING_APPROVAL)
    framework_move(framework=framework, move_name="approve_one", user=cast["chiefexec"].user, declared=True)
    framework.stage = Stage.ONE_SUBMITTED
    framework.save(update_fields=["stage"])
    return Submission.objects.get()


def test_a_reviewer_gets_the_submitted_version_as_approved_and_never_the_live_draft(login, cast, submitted):
    # The council goes on editing after submitting; the reviewer's file is what was submitted.
    Target.objects.update(with_lpsa=Decimal("99"))
    client = login(cast["reviewer"])
    response = client.get(reverse("lpsa:submission_docx", args=[submitted.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{submitted.framework.slug}-stage-one-v1.docx"'
    document = opened(response.content)
    text = " ".join(spaced(p.text) for p in document.paragraphs)
    assert "Approved for submission to government" in text
    assert "Version: 1" in text
    assert not " ".join(p.text for p in document.sections[0].header.paragraphs).strip()  # no DRAFT mark
    assert client.get(reverse("lpsa:draft_docx", args=[submitted.framework.slug])).status_code == 404


def test_another_councils_officer_gets_nothing(login, cast, submitted):
    client = login(cast["otherofficer"])
    assert client.get(reverse("lpsa:submission_docx", args=[submitted.pk])).status_code == 404
    assert client.get(reverse("lpsa:draft_docx", args=[submitted.framework.slug])).status_code == 404


def test_a_framework_over_the_pdfs_size_limit_is_refused_plainly(login, cast, ready, settings):
    settings.DRAFT_PDF_MAX_TARGETS = 2
    make_tree(ready, targets=2)
    response = login(cast["officer"]).get(reverse("lpsa:draft_docx", args=[ready.slug]))
    assertContains(
        response,
        "This framework has 3 targets, and a Word document of it can hold at most 2.",
        status_code=422,
    )
    assert response["Content-Type"].startswith("text/html")


def test_a_submission_over_the_size_limit_is_refused_plainly(login, cast, submitted, settings):
    settings.DRAFT_PDF_MAX_TARGETS = 0
    response = login(cast["reviewer"]).get(reverse("lpsa:submission_docx", args=[submitted.pk]))
    assertContains(
        response, "This framework has 1 target, and a Word document of it can hold at most 0.", status_code=422
    )
