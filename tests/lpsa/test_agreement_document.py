"""The Stage Two document is the agreement itself: its main text, signatures, and figures read right."""

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from lpsa.models import Submission
from lpsa.pdf import render_submission_pdf
from lpsa.snapshot import framework_snapshot
from lpsa.workflow import framework_move
from priorities.models import AgreementTarget, Indicator, Stage, Target
from priorities.templatetags.figures import enhancement, enhancement_unit, unit_head
from tests.factories import add


def words(data: bytes) -> tuple[str, list[str]]:
    """The whole text and each page's text, with the wrapping of lines undone."""
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]
    return " ".join(pages), pages


def draft_of(framework, **changes) -> bytes:
    snapshot = framework_snapshot(framework)
    snapshot["framework"].update(changes)
    return render_submission_pdf(snapshot, stage="two", version=None, approval=None)


def approved_two(framework, cast) -> bytes:
    framework_move(framework=framework, move_name="approve_two", user=cast["chiefexec"].user, declared=True)
    return Submission.objects.get(framework=framework, stage="two").pdf.read()


@pytest.fixture
def rate(ready):
    """The framework's one indicator measured as a percentage, its target five points better."""
    Indicator.objects.update(title="Adults in work", unit="%")
    Target.objects.update(without_lpsa=Decimal("61"), with_lpsa=Decimal("66"))
    return ready


def test_the_main_text_names_the_parties_and_says_what_the_agreement_is(rate):
    text, _ = words(draft_of(rate))
    for expected in [
        "The agreement 1. The parties",
        "Hampshire County Council (“the council”), the accountable body for the agreement",
        "the partners taking part with the council (“the partners”): Rushmoor Borough Council; and",
        "government, represented by the Minister who signs on its behalf (“the Minister”)",
        "The council and its partners commit themselves to the enhanced targets in Schedule 1",
        "the freedoms and flexibilities in Schedule 2",
        "the pump-priming grant in Schedule 3",
        "the reward grant in Schedule 4",
        "This agreement is not legally binding",
        "The council will use its best endeavours",
    ]:
        assert expected in text, expected


def test_the_period_is_the_frameworks_dates_or_said_to_be_unsettled(rate):
    unsettled, _ = words(draft_of(rate))
    assert "The period of the agreement is still to be settled" in unsettled
    dated, _ = words(draft_of(rate, agreement_start="2005-04-01", agreement_end="2008-03-31"))
    assert (
        "2. The period of the agreement The agreement runs from 1 April 2005 to 31 March 2008, "
        "covering the financial years 2005/06, 2006/07 and 2007/08." in dated
    )
    assert "still to be settled" not in dated


def test_the_enhancement_is_named_with_the_stretch_once_then_alone(rate):
    text, _ = words(draft_of(rate))
    assert "the enhancement (the stretch): the improvement beyond what is expected without the agreement" in text
    assert text.lower().count("stretch") == 1


def test_a_draft_has_empty_signature_blocks_for_the_council_and_the_minister(rate):
    text, _ = words(draft_of(rate))
    assert (
        "Signed on behalf of Hampshire County Council by its chief executive or leader Name Position Signature Date"
        in text
    )
    assert "Signed on behalf of government by the Minister Name Position Signature Date" in text
    assert "Approved by" not in text


def test_an_approved_agreement_says_who_approved_it_and_keeps_the_lines_for_ink(cast, rate):
    cast["chiefexec"].job_title = "Chief Executive"
    cast["chiefexec"].save()
    rate.stage = Stage.TWO_AWAITING_APPROVAL
    rate.save(update_fields=["stage"])
    text, _ = words(approved_two(rate, cast))
    assert (
        "by its chief executive or leader Approved for submission to government by Chiefexec, Chief Executive, on "
        in text
    )
    assert (
        "Name Position Signature Date Signed on behalf of government by the Minister Name Position Signature Date"
        in text
    )


def test_a_draft_says_draft_in_the_header_of_every_page(rate):
    _, pages = words(draft_of(rate))
    assert len(pages) > 5
    for number, page in enumerate(pages, start=1):
        assert "DRAFT: not approved" in page, f"page {number}"


def test_an_approved_agreement_says_draft_nowhere(cast, rate):
    rate.stage = Stage.TWO_AWAITING_APPROVAL
    rate.save(update_fields=["stage"])
    text, _ = words(approved_two(rate, cast))
    assert "draft" not in text.lower()


def test_every_figure_column_head_carries_the_unit_and_a_rate_gains_percentage_points(rate):
    text, _ = words(draft_of(rate))
    assert "Target Baseline (%) Without LPSA2 (%) With LPSA2 (%) Enhancement (percentage points)" in text
    assert "Target for 2007/08 50 in 2003/04 61 66 +5" in text


def test_a_count_keeps_its_own_unit_for_the_enhancement(rate):
    Indicator.objects.update(unit="adults a year")
    text, _ = words(draft_of(rate))
    assert (
        "Baseline (adults a year) Without LPSA2 (adults a year) With LPSA2 (adults a year) "
        "Enhancement (adults a year)" in text
    )
    assert "percentage points" not in text


def test_a_priority_chapter_groups_its_figures_by_target_area(rate):
    text, _ = words(draft_of(rate))
    assert "Indicators and targets Area 1.1 Adults in work Target Baseline (%)" in text


def test_schedule_one_gives_each_numbered_target_a_sheet_with_its_lines(rate, district):
    AgreementTarget.objects.update(
        title="More adults in work", lead_partner=district, lead_department="Department for Work and Pensions"
    )
    Target.objects.update(interim_period="2005/06", interim_without_lpsa=Decimal("55"), interim_with_lpsa=Decimal("57"))
    text, _ = words(draft_of(rate))
    contents = text[text.index("Contents") : text.index("Schedule 2: freedoms")]
    assert "Target 1: More adults in work" in contents
    sheet = text[text.index("Schedule 1 Target 1: More adults in work") :]
    for expected in [
        "Priority it serves Main Priority 1: Priority 1",
        "Lead partner Rushmoor Borough Council",
        "Lead government department Department for Work and Pensions",
        "1.1: Adults in work",
        "Definition People in work",
        "Data source Census",
        "Baseline 50% in 2003/04",
        "Enhancement +5 percentage points by 2007/08; +2 percentage points by the interim year 2005/06",
        "Figures for line 1.1 Level Without LPSA2 (%) With LPSA2 (%) Enhancement (percentage points)",
        "Interim level, 2005/06 55 57 +2",
        "Target, 2007/08 61 66 +5",
    ]:
        assert expected in sheet, expected
    assert "Weight" not in sheet[: sheet.index("Figures for line 1.1")]
    assert "Chart 1: Adults in work (%). Line 1.1 of Schedule 1." in text


def test_a_line_is_measured_from_its_own_baseline_and_shows_its_weight(rate):
    numbered = AgreementTarget.objects.get()
    first = Target.objects.get()
    first.title, first.baseline_year, first.baseline_value, first.weight = "Women", "2004/05", Decimal("58"), 60
    first.save()
    indicator = first.indicator
    add(
        Target,
        indicator=indicator,
        agreement_target=numbered,
        title="Men",
        period="2007/08",
        weight=40,
        without_lpsa=Decimal("62"),
        with_lpsa=Decimal("64"),
    )
    text, _ = words(draft_of(rate))
    sheet = text[text.index("Schedule 1 Target 1:") :]
    assert "1.1: Adults in work: Women" in sheet
    assert (
        "Baseline 58% in 2004/05 (this line’s own) Enhancement +5 percentage points by 2007/08 Weight 60% of the target’s reward"
        in sheet
    )
    assert "1.2: Adults in work: Men" in sheet
    assert (
        "Baseline 50% in 2003/04 Enhancement +2 percentage points by 2007/08 Weight 40% of the target’s reward" in sheet
    )
    # The priority's chapter measures the line from its own baseline too.
    assert "Women, 2007/08 58 in 2004/05 61 66 +5" in text


def test_a_line_in_no_numbered_target_is_listed_rather_than_dropped(rate):
    indicator = Indicator.objects.get()
    add(
        Target,
        indicator=indicator,
        title="Lone parents",
        period="2007/08",
        without_lpsa=Decimal("40"),
        with_lpsa=Decimal("44"),
    )
    text, _ = words(draft_of(rate))
    sheet = text[text.index("Schedule 1 Not yet in a numbered target") :]
    assert "These lines have figures but are not yet part of a numbered target, so they earn no reward." in sheet
    assert "Adults in work: Lone parents" in sheet
    assert "Figures: Adults in work: Lone parents" in sheet
    assert "Target, 2007/08 40 44 +4" in sheet


def test_charts_are_numbered_with_the_unit_on_the_axis_and_their_figures_as_text(rate):
    text, _ = words(draft_of(rate))
    assert "Chart 1: Adults in work (%)" in text
    assert "Per cent (%)" in text  # the value axis's title, drawn into the page
    start = text.index("The targets in charts")
    chart = text[start : text.index("Schedule 2: freedoms", start)]
    for figure in ["50", "61", "66", "2003/04 baseline", "2007/08 without", "2007/08 with"]:
        assert figure in chart, figure


@pytest.mark.parametrize(
    ("value", "unit", "said"),
    [
        ("5", "%", "+5 percentage points"),
        ("-1", "percentage of residents", "-1 percentage point"),
        ("2.5", "Per cent", "+2.5 percentage points"),
        ("300", "adults a year", "+300 adults a year"),
        ("4", "", "+4"),
        (None, "%", "–"),
    ],
)
def test_an_enhancement_is_said_in_its_unit(value, unit, said):
    assert enhancement(value, unit) == said


def test_a_column_head_names_the_unit_only_when_there_is_one():
    assert unit_head("%") == " (%)"
    assert unit_head("") == ""
    assert enhancement_unit("%") == "percentage points"
    assert enhancement_unit("incidents a year") == "incidents a year"


def test_the_reward_schedule_names_each_lines_unit(rate):
    rate.net_budget_requirement = 1_000_000_000
    rate.save()
    _, pages = words(draft_of(rate))
    schedule_4 = next(page for page in pages if "Schedule 4: reward grant" in page and "Share of reward" in page)
    assert "Target, and each line with its unit Without LPSA2 With LPSA2 Share of reward (£)" in schedule_4
    assert "Adults in work (%) 61 66 £25,000,000" in schedule_4
