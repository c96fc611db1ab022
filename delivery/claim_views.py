"""The reward claims' pages: both claims, one claim, checking and submitting it, its PDF,
government's decision, the payments, and audit's sign-off of figures and claims.

Every page asks delivery.permissions who may see and do what; the rules are the services'.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from delivery import claim_services as services
from delivery import claims as claim_rules
from delivery import permissions as perms
from delivery.claim_forms import DecisionForm, PaymentForm, SubmitForm, VerificationForm, payment_choices
from delivery.models import CLAIM_STAGES, Claim, Payment
from partners.forms import add_errors

KINDS = (Claim.Kind.INTERIM, Claim.Kind.FINAL)
NEXT_STEP = {
    Claim.Status.DRAFT: "Have audit verify the figures and the claim, then submit it.",
    Claim.Status.SUBMITTED: "Government is deciding on it.",
    Claim.Status.RETURNED: "Correct what government asked, have audit sign it off again, and submit it again.",
    Claim.Status.ACCEPTED: "Record each payment when government makes it.",
    Claim.Status.PAID: "Nothing: every payment is recorded.",
}


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise Http404("No such claim.")
    return kind


def _shown_figures(user, framework, kind: str, claim: Claim | None) -> tuple[dict, bool]:
    """The frozen figures of a claim with government (a reviewer sees only those), else worked out now."""
    if claim is not None and (claim.is_frozen or perms.is_reviewer(user)):
        return claim.figures or {}, True
    return services.claim_figures(framework, kind), False


def claims(request: HttpRequest, slug: str) -> HttpResponse:
    framework = perms.get_framework_for_delivery(request.user, slug)
    visible = {claim.kind: claim for claim in perms.claims_for(request.user, framework)}
    period = framework.agreement_period
    rows = []
    for kind in KINDS:
        claim = visible.get(kind)
        frozen = claim is not None and (claim.is_frozen or perms.is_reviewer(request.user))
        if frozen:
            amount = claim.total
        elif perms.is_reviewer(request.user):
            amount = None
        else:
            # A draft's amount is what the final figures give today.
            amount = services.claim_figures(framework, kind).get("total")
        rows.append(
            {
                "kind": kind,
                "name": Claim.Kind(kind).label,
                "claim": claim,
                "status": claim.get_status_display() if claim else "Not started",
                "amount": amount,
                "year": (period.on_account_year if kind == Claim.Kind.INTERIM else " and ".join(period.payment_years))
                if period
                else "",
                "next": NEXT_STEP[claim.status] if claim else "Have audit verify the final figures, then prepare it.",
                "frozen": frozen,
                "stages": CLAIM_STAGES[kind],
            }
        )
    context = {"framework": framework, "rows": rows, "is_reviewer": perms.is_reviewer(request.user)}
    return render(request, "delivery/claims/claims.html", context)


def claim(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    kind = _kind(kind)
    framework = perms.get_framework_for_delivery(request.user, slug)
    item = perms.get_claim_for_user(request.user, framework, kind)
    reviewer = perms.is_reviewer(request.user)
    if item is None and reviewer:
        raise Http404("No such claim.")
    figures, frozen = _shown_figures(request.user, framework, kind, item)
    payments = list(item.payments.select_related("recorded_by")) if item else []
    verification = getattr(item, "verification", None) if item and item.pk else None
    can_prepare = perms.can_prepare_claim(request.user, framework, kind) and (item is None or not item.is_frozen)
    context = {
        "framework": framework,
        "kind": kind,
        "kind_name": Claim.Kind(kind).label,
        "claim": item,
        "figures": figures,
        "frozen": frozen,
        "payments": payments,
        "verification": verification,
        "outstanding": claim_rules.payments_outstanding(item) if item and item.status == Claim.Status.ACCEPTED else [],
        "can_prepare": can_prepare,
        "can_verify_figures": perms.can_record(request.user, framework, perms.RETURN_STAGES),
        "can_decide": item is not None and perms.can_decide_claim(request.user, item),
        "can_pay": item is not None
        and perms.can_record_payment(request.user, item)
        and bool(claim_rules.payments_outstanding(item)),
        "is_reviewer": reviewer,
    }
    return render(request, "delivery/claims/claim.html", context)


def claim_submit(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    kind = _kind(kind)
    framework = perms.get_framework_for_delivery(request.user, slug)
    item = perms.get_claim_for_user(request.user, framework, kind)
    if item is None and perms.is_reviewer(request.user):
        raise Http404("No such claim.")
    perms.require(perms.can_prepare_claim(request.user, framework, kind))
    if item is not None and item.is_frozen:
        raise PermissionDenied("The claim has been submitted to government already, so it cannot be submitted again.")
    initial = {"signatory_name": item.signatory_name, "signatory_title": item.signatory_title} if item else {}
    form = SubmitForm(request.POST or None, initial=initial, confirmation=services.CONFIRMATION)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.claim_submit(
                    framework=framework,
                    kind=kind,
                    user=request.user,
                    signatory_name=form.cleaned_data["signatory_name"],
                    signatory_title=form.cleaned_data["signatory_title"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "The claim is submitted to government. Its PDF is ready to download.")
                return redirect("delivery:claim", framework.slug, kind)
        status = 400
    figures = services.claim_figures(framework, kind)
    context = {
        "framework": framework,
        "kind": kind,
        "kind_name": Claim.Kind(kind).label,
        "claim": item,
        "figures": figures,
        "problems": services.submit_problems(framework, kind, item, figures),
        "form": form,
        "declaration": services.DECLARATION,
    }
    return render(request, "delivery/claims/submit.html", context, status=status)


@never_cache
def claim_pdf(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    kind = _kind(kind)
    framework = perms.get_framework_for_delivery(request.user, slug)
    item = perms.get_claim_or_404(request.user, framework, kind)
    if not item.sha256 or not item.pdf:
        raise Http404("The claim has no PDF until it is submitted.")
    try:
        data = services.claim_bytes(item)
    except ValueError as error:
        raise PermissionDenied(str(error)) from error
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{framework.slug}-{kind}-claim-v{item.version}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["ETag"] = f'"{item.sha256}"'
    response["X-Content-SHA256"] = item.sha256
    return response


def claim_decide(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    kind = _kind(kind)
    framework = perms.get_framework_for_delivery(request.user, slug)
    item = perms.get_claim_or_404(request.user, framework, kind)
    perms.require(perms.can_decide_claim(request.user, item))
    form = DecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.claim_decide(
                    claim=item,
                    user=request.user,
                    accept=form.cleaned_data["decision"] == "accept",
                    note=form.cleaned_data["reasons"],
                )
            except ValidationError as error:
                add_errors(form, error, {"decision_note": "reasons"})
            else:
                messages.success(request, "Your decision is recorded and the council is told.")
                return redirect("delivery:claim", framework.slug, kind)
        status = 400
    context = {"framework": framework, "kind": kind, "kind_name": Claim.Kind(kind).label, "claim": item, "form": form}
    return render(request, "delivery/claims/decide.html", context, status=status)


def payment_create(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    kind = _kind(kind)
    framework = perms.get_framework_for_delivery(request.user, slug)
    item = perms.get_claim_or_404(request.user, framework, kind)
    perms.require(perms.can_record_payment(request.user, item))
    recorded = set(item.payments.values_list("what", flat=True))
    whats = [what for what in claim_rules.expected_payments(item) if what not in recorded]
    if not whats:
        raise PermissionDenied("Every payment of this claim is recorded already.")
    on_behalf = not perms.is_reviewer(request.user)
    form = PaymentForm(request.POST or None, choices=payment_choices(whats), on_behalf=on_behalf)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.payment_record(
                    claim=item,
                    user=request.user,
                    what=data["what"],
                    capital=data["capital"],
                    revenue=data["revenue"],
                    paid_on=data["paid_on"],
                    how_told=data.get("how_told", ""),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "The payment is recorded.")
                return redirect("delivery:claim", framework.slug, kind)
        status = 400
    expected = [
        {
            "what": Payment.What(what).label,
            "year": services.payment_year(item, what),
            **(services.expected_amount(item, what) or {}),
        }
        for what in whats
    ]
    context = {
        "framework": framework,
        "kind": kind,
        "kind_name": Claim.Kind(kind).label,
        "claim": item,
        "form": form,
        "expected": expected,
        "on_behalf": on_behalf,
    }
    return render(request, "delivery/claims/payment.html", context, status=status)


def _verification_initial(verification) -> dict:
    if verification is None:
        return {}
    return {
        "verifier_name": verification.verifier_name,
        "verifier_title": verification.verifier_title,
        "verified_on": verification.verified_on,
        "note": verification.note,
    }


def _save_verification(request, form, **owner) -> bool:
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        services.verification_record(
            user=request.user,
            verifier_name=data["verifier_name"],
            verifier_title=data["verifier_title"],
            verified_on=data["verified_on"],
            note=data["note"],
            upload=data.get("evidence"),
            **owner,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            add_errors(form, error)
        else:
            form.add_error("evidence", error.messages)
        return False
    return True


def verify_figure(request: HttpRequest, pk: int) -> HttpResponse:
    item = perms.get_final_return_for_user(request.user, pk)
    framework = item.framework
    perms.require(perms.can_verify_figure(request.user, item))
    verification = getattr(item, "verification", None)
    form = VerificationForm(request.POST or None, request.FILES or None, initial=_verification_initial(verification))
    status = 200
    if request.method == "POST":
        if _save_verification(request, form, performance_return=item):
            messages.success(request, f"Audit's sign-off of the final figure for {item.period_label} is recorded.")
            back = request.GET.get("kind")
            if back in KINDS:
                return redirect("delivery:claim", framework.slug, back)
            return redirect("delivery:claims", framework.slug)
        status = 400
    context = {
        "framework": framework,
        "item": item,
        "verification": verification,
        "form": form,
        "title": f"Verify the final figure for {item.period_label}",
        "back_kind": request.GET.get("kind") if request.GET.get("kind") in KINDS else None,
    }
    return render(request, "delivery/claims/verify.html", context, status=status)


def verify_claim(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    kind = _kind(kind)
    framework = perms.get_framework_for_delivery(request.user, slug)
    item = perms.get_claim_for_user(request.user, framework, kind)
    if item is None and perms.is_reviewer(request.user):
        raise Http404("No such claim.")
    perms.require(perms.can_verify_claim(request.user, framework, kind, item))
    verification = getattr(item, "verification", None) if item else None
    form = VerificationForm(request.POST or None, request.FILES or None, initial=_verification_initial(verification))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            item = item or services.claim_get_or_start(framework=framework, kind=kind)
        if _save_verification(request, form, claim=item):
            messages.success(request, "Audit's sign-off of the claim is recorded.")
            return redirect("delivery:claim", framework.slug, kind)
        status = 400
    context = {
        "framework": framework,
        "kind": kind,
        "claim": item,
        "verification": verification,
        "form": form,
        "title": f"Record audit's sign-off of the {Claim.Kind(kind).label.lower()}",
    }
    return render(request, "delivery/claims/verify.html", context, status=status)
