"""The reward claims' actions: their figures in words and numbers, audit sign-off, submission,
government's decision and the payments it makes.

A draft claim is worked out afresh from the final figures each time (``claim_figures``);
submitting freezes that same dictionary into ``Claim.figures`` (Decimals as strings) with its
PDF and the PDF's SHA-256, so that the page, the PDF and every later reading show what was
submitted, whatever happens to the returns afterwards.
"""

import datetime
import hashlib
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from delivery import claims
from delivery.claim_maths import FinalClaim, InterimClaim, Split
from delivery.models import CLAIM_STAGES, Claim, NotInThisStage, Payment, PerformanceReturn, Verification
from delivery.progress import missing_final_figures, year_end_period
from partners.permissions import person_of
from priorities.models import Framework, FrameworkClosed, Target

#: What the submitting officer confirms for the officer who signs.
DECLARATION = (
    "I certify that this claim is made from the agreement's final figures, each verified by internal audit, "
    "that the reward grant claimed is due under the terms of the Local Public Service Agreement, and that "
    "it will be used as capital and revenue grant in the amounts shown."
)
CONFIRMATION = "The officer named above has read the claim and signs the declaration."

KIND_WORDS = {Claim.Kind.INTERIM: "interim claim", Claim.Kind.FINAL: "final claim"}


def _money(value: Decimal) -> str:
    return f"{Decimal(value).quantize(Decimal('0.01'))}"


def _number(value) -> str | None:
    return None if value is None else f"{Decimal(value).normalize():f}"


def _split(split: Split) -> dict:
    return {"total": _money(split.total), "capital": _money(split.capital), "revenue": _money(split.revenue)}


def _verification(item: Verification | None) -> dict | None:
    if item is None:
        return None
    return {
        "name": item.verifier_name,
        "title": item.verifier_title,
        "on": item.verified_on.isoformat(),
        "note": item.note,
        "evidence": [{"name": evidence.name, "id": evidence.pk} for evidence in item.evidence.all()],
    }


def _finals(framework: Framework) -> dict[tuple[int, str], PerformanceReturn]:
    """Every final return of the framework's lines, with its audit sign-off, in two queries."""
    returns = (
        PerformanceReturn.objects.filter(
            line__indicator__target_area__priority__framework=framework, status=PerformanceReturn.Status.FINAL
        )
        .select_related("verification")
        .prefetch_related("verification__evidence")
    )
    return {(item.line_id, item.period): item for item in returns}


def _return_fields(item: PerformanceReturn | None) -> dict:
    if item is None:
        return {"return_id": None, "verification": None}
    verification = getattr(item, "verification", None)
    return {"return_id": item.pk, "verification": _verification(verification)}


def _period_words(framework: Framework) -> dict:
    period = framework.agreement_period
    if period is None:
        return {}
    return {
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "financial_years": period.financial_years,
        "final_year": period.final_year,
        "on_account_year": period.on_account_year,
        "payment_years": period.payment_years,
    }


def _lines_by_id(framework: Framework) -> dict[int, Target]:
    return {
        line.pk: line
        for line in Target.objects.filter(indicator__target_area__priority__framework=framework).select_related(
            "indicator__target_area__priority", "agreement_target"
        )
    }


def claim_figures(framework: Framework, kind: str) -> dict:
    """The claim as worked out now from the final figures: everything its page and PDF show."""
    targets = _lines_by_id(framework)
    finals = _finals(framework)
    base = {
        "kind": kind,
        "council": framework.council.name,
        "title": framework.title,
        "period": _period_words(framework),
        "potential_reward": _money(framework.potential_reward) if framework.potential_reward is not None else None,
    }
    if kind == Claim.Kind.INTERIM:
        return {**base, **_interim(claims.work_out_interim(framework), targets, finals)}
    return {**base, **_final(claims.work_out_final(framework), targets, finals)}


def _line_base(figures, target: Target) -> dict:
    numbered = target.agreement_target
    return {
        "line_id": figures.line_id,
        "number": figures.number,
        "target_title": numbered.title if numbered else "",
        "label": figures.label,
        "unit": target.indicator.unit,
        "higher_is_better": figures.higher_is_better,
        "share": _money(figures.share),
        "without": _number(figures.without),
        "with": _number(figures.with_lpsa),
    }


def _interim(worked: InterimClaim, targets, finals) -> dict:
    lines = []
    for item in worked.lines:
        figures, target = item.figures, targets[item.figures.line_id]
        period = year_end_period(target, target.interim_period) if target.interim_period else None
        used = finals.get((target.pk, period.key)) if period else None
        if figures.interim_with is None:
            met = "no interim level"
        elif item.met is None:
            met = "no final figure yet"
        else:
            met = "met" if item.met else "not met"
        lines.append(
            {
                **_line_base(figures, target),
                "interim_year": target.interim_period,
                "period_label": period.label if period else "",
                "interim_without": _number(figures.interim_without),
                "interim_with": _number(figures.interim_with),
                "achieved": _number(figures.interim_achieved),
                "met": met,
                "payment": _money(item.payment),
                "payment_split": _split(Split(item.payment)),
                **_return_fields(used if figures.interim_with is not None else None),
            }
        )
    total = worked.total
    return {"lines": lines, "total": _money(total.total), "on_account": _split(total)}


def _final(worked: FinalClaim, targets, finals) -> dict:
    lines = []
    for item in worked.lines:
        figures, target = item.figures, targets[item.figures.line_id]
        period = year_end_period(target, target.period)
        used = finals.get((target.pk, period.key)) if period else None
        if item.fraction is None:
            rule = "no final figure yet"
        elif item.below_threshold:
            rule = "below 60%: nothing"
        elif item.capped:
            rule = "capped at 100%"
        else:
            rule = ""
        lines.append(
            {
                **_line_base(figures, target),
                "final_year": target.period,
                "period_label": period.label if period else "",
                "period": period.key if period else "",
                "achieved": _number(figures.achieved),
                "percent": _number(item.percent),
                "counted": _number((item.counted * 100).quantize(Decimal("0.1")))
                if item.fraction is not None
                else None,
                "rule": rule,
                "earned": _money(item.earned),
                "earned_split": _split(Split(item.earned)),
                **_return_fields(used),
            }
        )
    years = worked.payment_years or ["", ""]
    return {
        "lines": lines,
        "potential": _money(worked.potential),
        "earned": _split(worked.earned_split),
        "on_account": _split(worked.on_account_split),
        "payable": _money(worked.payable),
        "payable_split": _split(worked.payable_split),
        "due_back": _money(worked.due_back),
        "due_back_split": _split(worked.due_back_split),
        "instalments": [
            {"year": year, **_split(split)} for year, split in zip(years, worked.instalments, strict=False)
        ],
        "total": _money(worked.payable),
    }


# --- what stops a submission ------------------------------------------------------------


def submit_problems(framework: Framework, kind: str, claim: Claim | None, figures: dict) -> list[str]:
    """Everything that stops the claim being submitted now, in words; none means it may go."""
    if framework.stage not in CLAIM_STAGES[kind]:
        return [str(NotInThisStage(f"The {KIND_WORDS[kind]}", CLAIM_STAGES[kind]))]
    if claim is not None and claim.is_frozen:
        return [f"The {KIND_WORDS[kind]} has been submitted to government already."]
    problems = []
    if framework.potential_reward is None:
        problems.append("The agreement has no net budget requirement recorded, so it has no reward to claim.")
    other = framework.claims.filter(kind=Claim.Kind.FINAL if kind == Claim.Kind.INTERIM else Claim.Kind.INTERIM).first()
    if kind == Claim.Kind.INTERIM:
        if other is not None and other.submitted_at is not None:
            problems.append("The final claim has been submitted, so a payment on account can no longer be claimed.")
        if Decimal(figures.get("total", "0")) <= 0:
            problems.append(
                "No agreed interim level has been met by a final figure, so there is no payment on account to claim."
            )
    else:
        if other is not None and other.status == Claim.Status.SUBMITTED:
            problems.append(
                "Government has not yet decided on the interim claim. The final claim takes off what it pays "
                "on account, so submit the final claim once government has decided."
            )
        for line, period in missing_final_figures(framework):
            problems.append(f"Return the final figure for {period.label} of “{line.label}”.")
    for line in figures.get("lines", []):
        if line.get("return_id") and line.get("verification") is None:
            problems.append(
                f"The final figure for {line['period_label']} of “{line['label']}” is not yet verified by audit."
            )
    verification = getattr(claim, "verification", None) if claim is not None and claim.pk else None
    if verification is None:
        problems.append(f"Record internal audit's sign-off of the {KIND_WORDS[kind]}.")
    elif claim.decided_at is not None and verification.recorded_at < claim.decided_at:
        problems.append(
            f"Government returned the {KIND_WORDS[kind]} after audit signed it off. "
            "Record audit's sign-off of the corrected claim."
        )
    return problems


# --- actions ----------------------------------------------------------------------------


def _refuse_if_closed(framework: Framework) -> None:
    if Framework.objects.filter(pk=framework.pk, closed_at__isnull=False).exists():
        raise FrameworkClosed()


def claim_get_or_start(*, framework: Framework, kind: str) -> Claim:
    claim, _ = Claim.objects.get_or_create(framework=framework, kind=kind)
    return claim


@transaction.atomic
def verification_record(
    *,
    user,
    verifier_name: str,
    verifier_title: str,
    verified_on: datetime.date,
    note: str = "",
    performance_return: PerformanceReturn | None = None,
    claim: Claim | None = None,
    upload=None,
) -> Verification:
    """Record (or record again) audit's sign-off of a final figure or of a claim, with its evidence."""
    from delivery.evidence import evidence_add

    owner = performance_return or claim
    _refuse_if_closed(owner.framework)
    if claim is not None:
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        if locked.is_frozen:
            raise PermissionDenied("The claim has been submitted, so its audit sign-off cannot change.")
    existing = Verification.objects.filter(performance_return=performance_return, claim=claim).first()
    item = existing or Verification(performance_return=performance_return, claim=claim)
    item.verifier_name = verifier_name
    item.verifier_title = verifier_title
    item.verified_on = verified_on
    item.note = note
    item.recorded_by = user
    item.full_clean()
    item.save()
    if existing is not None:
        # Signed off again (after a return, say): it counts from now.
        Verification.objects.filter(pk=item.pk).update(recorded_at=timezone.now())
        item.refresh_from_db()
    if upload is not None:
        evidence_add(upload=upload, user=user, verification=item)
    return item


def _signatory_block(claim: Claim) -> dict:
    return {"name": claim.signatory_name, "title": claim.signatory_title}


def claim_submit(*, framework: Framework, kind: str, user, signatory_name: str, signatory_title: str, at=None) -> Claim:
    """Freeze the claim's figures and PDF and send it to government; refused with every problem.

    ``at``: when it was submitted, for a claim recorded after the fact (the demo's); now by default.
    """
    from delivery import claim_pdf

    # A claim gets its row when audit first signs it off, so a refused submission writes nothing.
    claim = Claim.objects.filter(framework=framework, kind=kind).first()
    _refuse_if_closed(framework)
    figures = claim_figures(framework, kind)
    problems = submit_problems(framework, kind, claim, figures)
    errors = {}
    if not signatory_name.strip():
        errors["signatory_name"] = "Enter the name of the officer who signs the claim."
    if not signatory_title.strip():
        errors["signatory_title"] = "Enter their job title, such as Director of Finance."
    if errors:
        raise ValidationError(errors)
    if problems:
        raise ValidationError(problems)
    assert claim is not None  # its audit sign-off is one of the checks
    now = at or timezone.now()
    person = person_of(user)
    verification = claim.verification
    figures.update(
        {
            "version": claim.version if claim.submitted_at is None else claim.version + 1,
            "claim_verification": _verification(verification),
            "signatory": {"name": signatory_name.strip(), "title": signatory_title.strip()},
            "declaration": DECLARATION,
            "submitted_at": now.isoformat(),
            "submitted_by": {
                "name": user.get_full_name() or user.username,
                "title": person.job_title if person else "",
            },
        }
    )
    pdf = claim_pdf.render_claim_pdf_bounded(figures)
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        if locked.is_frozen:
            raise ValidationError(f"The {KIND_WORDS[kind]} has been submitted to government already.")
        locked.version = figures["version"]
        locked.signatory_name = figures["signatory"]["name"]
        locked.signatory_title = figures["signatory"]["title"]
        locked.figures = figures
        locked.total = Decimal(figures["total"])
        locked.submitted_at = now
        locked.submitted_by = user
        locked.status = Claim.Status.SUBMITTED
        locked.decided_at = None
        locked.decided_by = None
        locked.decision_note = ""
        name = f"{framework.slug}-{kind}-claim-v{locked.version}.pdf"
        locked.pdf.save(name, ContentFile(pdf), save=False)
        locked.sha256 = hashlib.sha256(pdf).hexdigest()
        locked._history_user = user
        try:
            locked.full_clean(exclude=["pdf"])
            locked.save()
        except Exception:
            locked.pdf.delete(save=False)
            raise
        _notify("claim_submitted", locked.pk)
    return locked


def claim_bytes(claim: Claim) -> bytes:
    """The stored PDF, checked against the hash taken when it was submitted."""
    with claim.pdf.open("rb") as stored:
        data = stored.read()
    if hashlib.sha256(data).hexdigest() != claim.sha256:
        raise ValueError(f"The stored PDF of {claim} does not match its recorded SHA-256.")
    return data


def _notify(kind: str, pk: int) -> None:
    from lpsa.tasks import notify_on_commit

    notify_on_commit(kind, pk)


@transaction.atomic
def claim_decide(*, claim: Claim, user, accept: bool, note: str) -> Claim:
    """Government accepts a submitted claim, or returns it with reasons for the council to correct."""
    _refuse_if_closed(claim.framework)
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if locked.status != Claim.Status.SUBMITTED:
        raise ValidationError("Only a claim waiting for government's decision can be decided.")
    note = note.strip()
    if not accept and not note:
        raise ValidationError(
            {"decision_note": "Enter why the claim is returned, so the council knows what to correct."}
        )
    locked.status = Claim.Status.ACCEPTED if accept else Claim.Status.RETURNED
    locked.decided_at = timezone.now()
    locked.decided_by = user
    locked.decision_note = note
    locked._history_user = user
    locked.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    if accept and not claims.expected_payments(locked):
        # Nothing to pay and nothing due back: accepted is as far as it goes.
        locked.status = Claim.Status.PAID
        locked.save(update_fields=["status"])
    _notify("claim_decided", locked.pk)
    return locked


def payment_year(claim: Claim, what: str) -> str:
    period = (claim.figures or {}).get("period") or _period_words(claim.framework)
    if what == Payment.What.ON_ACCOUNT:
        return period.get("on_account_year", "")
    years = period.get("payment_years") or ["", ""]
    if what == Payment.What.FIRST:
        return years[0]
    if what == Payment.What.SECOND:
        return years[1]
    return years[0]


def expected_amount(claim: Claim, what: str) -> dict | None:
    """What the claim's frozen figures say this payment should be, capital and revenue."""
    figures = claim.figures or {}
    if what == Payment.What.ON_ACCOUNT:
        return figures.get("on_account") if claim.kind == Claim.Kind.INTERIM else None
    if what == Payment.What.REPAID:
        return figures.get("due_back_split")
    instalments = figures.get("instalments") or []
    index = 0 if what == Payment.What.FIRST else 1
    return instalments[index] if len(instalments) > index else None


@transaction.atomic
def payment_record(
    *, claim: Claim, user, what: str, capital: Decimal, revenue: Decimal, paid_on: datetime.date, how_told: str = ""
) -> Payment:
    """Record what government paid (or the council repaid); the claim is paid once all are in."""
    from delivery.permissions import is_reviewer

    _refuse_if_closed(claim.framework)
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if locked.status not in (Claim.Status.ACCEPTED, Claim.Status.PAID):
        raise ValidationError("A payment is recorded only against a claim government has accepted.")
    if what not in claims.expected_payments(locked):
        raise ValidationError({"what": "Choose one of the payments this claim expects."})
    if not is_reviewer(user) and not how_told.strip():
        raise ValidationError(
            {"how_told": "Say how government told the council it paid, such as a remittance advice and its date."}
        )
    if locked.payments.filter(what=what).exists():
        raise ValidationError({"what": "This payment is recorded already."})
    payment = Payment(
        claim=locked,
        what=what,
        year=payment_year(locked, what),
        capital=capital,
        revenue=revenue,
        paid_on=paid_on,
        recorded_by=user,
        how_told=how_told.strip(),
    )
    payment.full_clean()
    payment.save()
    if not claims.payments_outstanding(locked):
        locked.status = Claim.Status.PAID
        locked._history_user = user
        locked.save(update_fields=["status"])
    return payment
