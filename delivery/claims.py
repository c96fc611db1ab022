"""The reward claims: their figures from the final returns, and their life with government.

The arithmetic is in ``claim_maths``; this module reads the figures it needs, in a fixed
number of queries, and moves a claim from draft to submitted to decided to paid.
"""

from decimal import Decimal

from delivery.claim_maths import FinalClaim, InterimClaim, LineFigures, final_claim, interim_claim
from delivery.models import Claim, Payment, PerformanceReturn
from delivery.progress import year_end_period
from priorities.agreement import framework_agreement
from priorities.models import Framework, Indicator

ZERO = Decimal(0)


def line_figures(framework: Framework) -> list[LineFigures]:
    """Every scored line of the agreement with its share and its final figures, in order."""
    agreement = framework_agreement(framework)
    scored = [(numbered, line) for numbered in agreement.numbered for line in numbered.lines if line.target.is_scored]
    finals = {
        (item.line_id, item.period): item.actual
        for item in PerformanceReturn.objects.filter(
            line_id__in=[line.target.pk for _, line in scored], status=PerformanceReturn.Status.FINAL
        ).only("line_id", "period", "actual")
    }
    result = []
    for numbered, line in scored:
        target = line.target
        if target.without_lpsa is None or target.with_lpsa is None:
            continue
        final_period = year_end_period(target, target.period)
        interim_period = year_end_period(target, target.interim_period) if target.interim_period else None
        result.append(
            LineFigures(
                line_id=target.pk,
                number=numbered.item.number,
                label=target.label,
                share=line.share or ZERO,
                without=target.without_lpsa,
                with_lpsa=target.with_lpsa,
                higher_is_better=target.indicator.direction == Indicator.Direction.HIGHER,
                achieved=finals.get((target.pk, final_period.key)) if final_period else None,
                interim_without=target.interim_without_lpsa,
                interim_with=target.interim_with_lpsa,
                interim_achieved=finals.get((target.pk, interim_period.key)) if interim_period else None,
            )
        )
    return result


def on_account_paid(framework: Framework) -> Decimal:
    """What government paid on account: the interim claim's payment once recorded, else what it accepted."""
    claim = framework.claims.filter(kind=Claim.Kind.INTERIM).first()
    if claim is None or claim.status not in (Claim.Status.ACCEPTED, Claim.Status.PAID):
        return ZERO
    payment = claim.payments.filter(what=Payment.What.ON_ACCOUNT).first()
    return payment.total if payment else (claim.total or ZERO)


def work_out_interim(framework: Framework) -> InterimClaim:
    return interim_claim(line_figures(framework))


def work_out_final(framework: Framework) -> FinalClaim:
    period = framework.agreement_period
    return final_claim(line_figures(framework), on_account_paid(framework), period.payment_years if period else [])


def expected_payments(claim: Claim) -> list[str]:
    """The payments an accepted claim's frozen figures call for, in order (Payment.What values)."""
    figures = claim.figures or {}
    if claim.kind == Claim.Kind.INTERIM:
        return [Payment.What.ON_ACCOUNT] if Decimal(figures.get("total", claim.total or 0)) > 0 else []
    wanted = []
    instalments = figures.get("instalments", [])
    if instalments:
        for what, instalment in zip((Payment.What.FIRST, Payment.What.SECOND), instalments, strict=False):
            if Decimal(instalment["total"]) > 0:
                wanted.append(what)
    elif Decimal(figures.get("payable", "0")) > 0:
        wanted += [Payment.What.FIRST, Payment.What.SECOND]
    if Decimal(figures.get("due_back", "0")) > 0:
        wanted.append(Payment.What.REPAID)
    return wanted


#: What each payment is called in a sentence ("Record the … once it is made").
PAYMENT_WORDS = {
    Payment.What.ON_ACCOUNT: "payment on account",
    Payment.What.FIRST: "first instalment",
    Payment.What.SECOND: "second instalment",
    Payment.What.REPAID: "council's repayment of what is due back",
}


def payments_outstanding(claim: Claim) -> list[str]:
    """The payments of an accepted claim not yet recorded, in words."""
    recorded = set(claim.payments.values_list("what", flat=True))
    return [PAYMENT_WORDS[what] for what in expected_payments(claim) if what not in recorded]
