"""A signed agreement in delivery, with one of every delivery record, for the delivery tests.

The agreement is Hampshire's (with Portsmouth co-signing, as in the permission matrix): it
runs from 1 April 2005 to 31 March 2008, its net budget requirement is £1,000m (a reward of
£25m), and it has two numbered targets:

- Target 1, one line: an annual indicator, higher is better, baseline 50 in 2003/04, without
  the agreement 51 and with it 55 in 2007/08, interim 50.5 and 53 in 2006/07;
- Target 2, one line: a quarterly indicator, lower is better, baseline 200 in 2003/04,
  without 190 and with 170 in 2007/08, no interim levels.

Each target's share is £12.5m.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from delivery.models import (
    Claim,
    Evidence,
    FreedomProgress,
    PartnerShare,
    Payment,
    PerformanceReturn,
    Spend,
    TrajectoryPoint,
    Verification,
)
from priorities.models import AgreementTarget, Freedom, Indicator, PumpPriming, Stage, Target, TargetArea
from tests.factories import add

D = Decimal


def put_at(framework, stage: str):
    framework.stage = stage
    framework.save(update_fields=["stage"])
    return framework


@pytest.fixture
def agreement(ready, portsmouth):
    """The signed agreement, in delivery."""
    framework = ready
    framework.co_signatories.add(portsmouth)
    framework.agreement_start = datetime.date(2005, 4, 1)
    framework.agreement_end = datetime.date(2008, 3, 31)
    framework.pump_priming_grant = 1_000_000
    framework.signed_on = datetime.date(2005, 3, 10)
    framework.save()
    first = Target.objects.get(indicator__target_area__priority__framework=framework)
    first.interim_period = "2006/07"
    first.interim_without_lpsa = D("50.5")
    first.interim_with_lpsa = D("53")
    first.save()
    Indicator.objects.filter(pk=first.indicator_id).update(collection_frequency="Annual")
    priority = first.indicator.target_area.priority
    area = add(TargetArea, priority=priority, title="Fewer burglaries")
    indicator = add(
        Indicator,
        target_area=area,
        title="Domestic burglaries",
        definition="Burglaries of homes recorded by the police",
        data_source="Police recorded crime",
        collection_frequency="Quarterly",
        direction=Indicator.Direction.LOWER,
        baseline_year="2003/04",
        baseline_value=D("200"),
    )
    numbered = add(AgreementTarget, framework=framework, priority=priority, title="Reduce burglary")
    add(
        Target,
        indicator=indicator,
        agreement_target=numbered,
        period="2007/08",
        without_lpsa=D("190"),
        with_lpsa=D("170"),
    )
    Target.objects.filter(indicator__target_area__priority__framework=framework).update(status="agreed")
    return put_at(framework, Stage.IN_DELIVERY)


@pytest.fixture
def lines(agreement):
    """The agreement's two lines: [annual, higher is better; quarterly, lower is better]."""
    return sorted(Target.objects.filter(indicator__target_area__priority__framework=agreement), key=Target.display_key)


def make_return(line, period: str, actual, *, status=PerformanceReturn.Status.ESTIMATE, sent=False, by=None):
    item = PerformanceReturn(line=line, period=period, actual=D(str(actual)), status=status, source="Survey")
    item.full_clean()
    if sent:
        item.sent_at = datetime.datetime(2006, 5, 1, tzinfo=datetime.UTC)
    item.entered_by = by
    item.save()
    return item


@pytest.fixture
def delivery_world(agreement, lines, cast, district):
    """One of everything delivery records, for the permission matrix and the pages' tests.

    ``draft_return`` is the council's alone; ``sent_return`` has been sent to government.
    The interim claim is submitted; the final claim is the council's draft.
    """
    annual, quarterly = lines
    officer = cast["officer"].user
    sent_return = make_return(annual, "2005/06", "51.5", status=PerformanceReturn.Status.FINAL, sent=True, by=officer)
    draft_return = make_return(quarterly, "2005/06 Q1", "198", by=officer)
    sent_evidence = Evidence(performance_return=sent_return, name="survey.pdf", size=9, uploaded_by=officer)
    sent_evidence.file.save("survey.pdf", ContentFile(b"%PDF-1.7 x"), save=True)
    draft_evidence = Evidence(performance_return=draft_return, name="burglary.csv", size=6, uploaded_by=officer)
    draft_evidence.file.save("burglary.csv", ContentFile(b"a,b\n1,2"), save=True)
    verification = Verification.objects.create(
        performance_return=sent_return,
        verifier_name="Ann Auditor",
        verifier_title="Head of Internal Audit",
        verified_on=datetime.date(2006, 6, 1),
        recorded_by=officer,
    )
    allocation = PumpPriming.objects.create(
        framework=agreement, target=annual, amount=400_000, spend_on="Youth workers", kind="revenue"
    )
    spend = Spend.objects.create(allocation=allocation, year="2005/06", amount=150_000)
    freedom = Freedom.objects.create(target=annual, request="Relax a rule", kind=Freedom.Kind.STATUTORY)
    progress = FreedomProgress.objects.create(freedom=freedom)
    interim = Claim.objects.create(
        framework=agreement,
        kind=Claim.Kind.INTERIM,
        status=Claim.Status.SUBMITTED,
        total=D("2500000"),
        figures={"total": "2500000"},
        submitted_at=datetime.datetime(2007, 6, 1, tzinfo=datetime.UTC),
        submitted_by=officer,
    )
    final = Claim.objects.create(framework=agreement, kind=Claim.Kind.FINAL)
    share = PartnerShare.objects.create(
        framework=agreement, organisation=district, basis=PartnerShare.Basis.CONTRIBUTION, percent=D("40")
    )
    point = TrajectoryPoint.objects.create(line=annual, year="2005/06", without_lpsa=D("50.2"), with_lpsa=D("51"))
    return {
        "framework": agreement,
        "line": annual,
        "quarterly_line": quarterly,
        "sent_return": sent_return,
        "draft_return": draft_return,
        "sent_evidence": sent_evidence,
        "draft_evidence": draft_evidence,
        "verification": verification,
        "allocation": allocation,
        "spend": spend,
        "freedom": freedom,
        "progress": progress,
        "interim_claim": interim,
        "final_claim": final,
        "share": share,
        "point": point,
        "payment_kind": Payment.What.ON_ACCOUNT,
    }
