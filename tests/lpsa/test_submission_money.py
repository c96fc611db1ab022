"""The agreement's period and money, frozen into the snapshot and printed in Schedules 2 to 4."""

import datetime
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from lpsa.compare import compare
from lpsa.pdf import render_submission_html, render_submission_pdf
from lpsa.snapshot import framework_snapshot
from priorities.models import Freedom, PumpPriming, Target


@pytest.fixture
def money(ready):
    """The ready framework with its period, a stated reward, a grant and its lines, and borrowing."""
    ready.agreement_start = datetime.date(2005, 4, 1)
    ready.agreement_end = datetime.date(2008, 3, 31)
    ready.stated_reward = Decimal("25100000")  # 2.5% of £1,000,000,000 is £25,000,000
    ready.population = 1_240_000
    ready.pump_priming_grant = Decimal("400000")
    ready.pump_priming_year = "2005/06"
    ready.pump_priming_conditions = "Spent by March 2007."
    ready.full_clean()
    ready.save()
    target = Target.objects.get()
    PumpPriming.objects.create(framework=ready, target=target, amount=150000, spend_on="A youth centre", kind="capital")
    PumpPriming.objects.create(
        framework=ready, purpose="Co-ordination", amount=50000, spend_on="A manager", kind="revenue"
    )
    Freedom.objects.create(
        target=target, request="Borrow for a recycling plant", kind=Freedom.Kind.BORROWING, borrowing_amount=5_000_000
    )
    return ready


def pdf_words(snapshot: dict) -> str:
    pdf = render_submission_pdf(snapshot, stage="two", version=None, approval=None)
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_the_snapshot_freezes_the_period_the_stated_reward_and_every_line(money):
    snapshot = framework_snapshot(money)
    framework = snapshot["framework"]
    assert (framework["agreement_start"], framework["agreement_end"]) == ("2005-04-01", "2008-03-31")
    assert (framework["stated_reward"], framework["population"]) == ("25100000", "1240000")
    assert (framework["pump_priming_year"], framework["pump_priming_conditions"]) == ("2005/06", "Spent by March 2007.")
    target = snapshot["priorities"][0]["target_areas"][0]["indicators"][0]["targets"][0]
    assert [(a["kind"], a["amount"]) for a in target["pump_priming"]] == [("Capital", "150000")]
    assert target["freedoms"][0]["borrowing_amount"] == "5000000"
    assert [(a["purpose"], a["kind"], a["amount"]) for a in snapshot["pump_priming"]] == [
        ("Co-ordination", "Revenue", "50000")
    ]


def test_the_stage_two_pdf_states_the_money_with_its_years(money):
    text = pdf_words(framework_snapshot(money))
    for expected in [
        "Extra borrowing: £5,000,000",
        "Pump-priming grant of £400,000, paid in 2005/06: £200,000 allocated (£150,000 capital, £50,000 revenue)",
        "£200,000 not yet allocated",
        "Conditions: Spent by March 2007.",
        "Co-ordination (not tied to a target)",
        "A youth centre Capital £150,000",
        "stated in this agreement as £25,100,000",
        "The agreement runs from 1 April 2005 to 31 March 2008, covering the financial years 2005/06, 2006/07 and 2007/08.",
        "The reward is paid in two instalments, in 2008/09 and 2009/10.",
        "may be made in 2007/08.",
    ]:
        assert expected in text, expected


def test_a_snapshot_taken_before_the_money_was_stated_still_renders(money):
    snapshot = framework_snapshot(money)
    for name in (
        "agreement_start",
        "agreement_end",
        "stated_reward",
        "population",
        "pump_priming_year",
        "pump_priming_conditions",
    ):
        del snapshot["framework"][name]
    del snapshot["pump_priming"]
    target = snapshot["priorities"][0]["target_areas"][0]["indicators"][0]["targets"][0]
    for line in target["pump_priming"]:
        del line["kind"], line["purpose"]
    del target["freedoms"][0]["borrowing_amount"]
    html = render_submission_html(snapshot, stage="two", version=1, approval=None, for_pdf=False)
    assert "A youth centre" in html
    assert "The agreement runs from" not in html
    assert "Co-ordination" not in html
    assert "Extra borrowing</td>" in html


def test_a_line_not_tied_to_a_target_is_compared_between_versions(money):
    before = framework_snapshot(money)
    PumpPriming.objects.filter(purpose="Co-ordination").update(amount=60000)
    changes = compare(before, framework_snapshot(money))
    assert [(c.kind, c.label, c.fields) for c in changes] == [
        ("pumppriming", "£60000 for Co-ordination", [("Amount (£)", "50000", "60000")])
    ]
