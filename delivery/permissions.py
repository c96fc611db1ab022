"""Who may see and record what in an agreement's delivery. Every delivery view asks here.

- The council's people (every signatory's officers, administrators, working-group leads and
  chief executives) read the delivery of their own signed agreements.
- Government's reviewers read every signed agreement's delivery, but only what was sent to
  them: returns once the council has sent them, claims once submitted. Drafts of either are
  404s, as if they did not exist.
- Officers and administrators record everything the council records. A working-group lead
  enters and changes the returns of the lines of priorities their group leads.
- Reviewers decide on submitted claims and record what government paid; an officer may
  record a payment on government's behalf, saying how government told them.
- Everything is written only in its own stages (models.*_STAGES), and nothing once closed.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from delivery.models import (
    CLAIM_STAGES,
    MONEY_STAGES,
    RETURN_STAGES,
    TRAJECTORY_STAGES,
    Claim,
    Evidence,
    PartnerShare,
    PerformanceReturn,
)
from partners.models import Person
from partners.permissions import person_of
from priorities.models import DELIVERY_STAGES, Framework, Freedom, Priority, PumpPriming, Stage, Target
from priorities.permissions import frameworks_for, is_council_editor, is_signatory_person

R = Person.Role


def is_reviewer(user) -> bool:
    person = person_of(user)
    return person is not None and person.role == R.REVIEWER


def delivery_frameworks_for(user) -> QuerySet[Framework]:
    """Signed agreements the user may read the delivery of."""
    signed = Framework.objects.filter(stage__in=DELIVERY_STAGES)
    if is_reviewer(user):
        return signed
    return signed.filter(pk__in=frameworks_for(user).values("pk"))


def get_framework_for_delivery(user, slug: str) -> Framework:
    framework = delivery_frameworks_for(user).select_related("council").filter(slug=slug).first()
    if framework is None:
        raise Http404("No such agreement.")
    return framework


def get_line_for_delivery(user, pk: int) -> Target:
    line = (
        Target.objects.select_related("indicator__target_area__priority__framework__council", "agreement_target")
        .filter(pk=pk, indicator__target_area__priority__framework__in=delivery_frameworks_for(user))
        .first()
    )
    if line is None:
        raise Http404("No such line.")
    return line


def _open(framework: Framework, stages) -> bool:
    return framework.stage in stages and not framework.is_closed


def can_record(user, framework: Framework, stages=MONEY_STAGES) -> bool:
    """The council's officers and administrators record delivery in its stages."""
    return _open(framework, stages) and is_council_editor(user, framework)


def can_edit_trajectory(user, framework: Framework) -> bool:
    return can_record(user, framework, TRAJECTORY_STAGES)


def return_priority_ids(user, framework: Framework) -> set[int] | None:
    """Priorities whose lines' returns the user may enter; None means all of them."""
    if not _open(framework, RETURN_STAGES):
        return set()
    if is_council_editor(user, framework):
        return None
    person = person_of(user)
    if person is None or person.role != R.WORKING_GROUP_LEAD or not is_signatory_person(person, framework):
        return set()
    led = Q(leading_group__lead_person=person) | Q(leading_group__member_people=person)
    return set(Priority.objects.filter(led, framework=framework).values_list("pk", flat=True))


def can_enter_returns(user, line: Target, allowed: set[int] | bool | None = False) -> bool:
    """Officers for every line, leads for their group's priorities' lines, in the returns' stages.

    ``allowed`` is ``return_priority_ids`` worked out once for a page of many lines.
    """
    if allowed is False:
        allowed = return_priority_ids(user, line.framework)
    return allowed is None or line.indicator.target_area.priority_id in allowed


def can_send_returns(user, framework: Framework) -> bool:
    return can_record(user, framework, RETURN_STAGES)


def returns_for(user, framework: Framework) -> QuerySet[PerformanceReturn]:
    """The returns of a framework the user may read: a reviewer, only those sent to government."""
    returns = PerformanceReturn.objects.filter(line__indicator__target_area__priority__framework=framework)
    return returns.filter(sent_at__isnull=False) if is_reviewer(user) else returns


def get_return_for_user(user, pk: int) -> PerformanceReturn:
    item = (
        PerformanceReturn.objects.select_related("line__indicator__target_area__priority__framework__council")
        .filter(pk=pk, line__indicator__target_area__priority__framework__in=delivery_frameworks_for(user))
        .first()
    )
    if item is None or (is_reviewer(user) and not item.is_sent):
        raise Http404("No such return.")
    return item


def get_evidence_for_user(user, pk: int) -> Evidence:
    """An evidence file of the user's council's agreement, or one government was sent; else a 404."""
    evidence = (
        Evidence.objects.select_related(
            "performance_return__line__indicator__target_area__priority__framework",
            "verification__performance_return__line__indicator__target_area__priority__framework",
            "verification__claim__framework",
        )
        .filter(pk=pk)
        .first()
    )
    if evidence is None:
        raise Http404("No such file.")
    framework = evidence.framework
    if not delivery_frameworks_for(user).filter(pk=framework.pk).exists():
        raise Http404("No such file.")
    if is_reviewer(user) and not _sent_to_government(evidence):
        raise Http404("No such file.")
    return evidence


def _sent_to_government(evidence: Evidence) -> bool:
    if evidence.performance_return_id:
        return evidence.performance_return.is_sent
    verification = evidence.verification
    if verification.performance_return_id:
        return verification.performance_return.is_sent
    return verification.claim.is_with_government


def claims_for(user, framework: Framework) -> QuerySet[Claim]:
    claims = framework.claims.all()
    return claims.filter(submitted_at__isnull=False) if is_reviewer(user) else claims


def get_claim_for_user(user, framework: Framework, kind: str) -> Claim | None:
    """The claim of this kind, if the user may see it. None when the council has not started
    one (its page then offers to); a reviewer's None means there is nothing for them to see."""
    return claims_for(user, framework).filter(kind=kind).first()


def can_prepare_claim(user, framework: Framework, kind: str) -> bool:
    return can_record(user, framework, CLAIM_STAGES[kind])


def can_decide_claim(user, claim: Claim) -> bool:
    return is_reviewer(user) and claim.status == Claim.Status.SUBMITTED and not claim.framework.is_closed


def can_record_payment(user, claim: Claim) -> bool:
    """Government records what it paid; the council may record it on government's behalf."""
    if claim.framework.is_closed or claim.status not in (Claim.Status.ACCEPTED, Claim.Status.PAID):
        return False
    return is_reviewer(user) or is_council_editor(user, claim.framework)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("Your role does not allow you to record this, or not at this stage.")


def can_verify_figure(user, item: PerformanceReturn) -> bool:
    """Officers and administrators record audit's sign-off of a final figure while returns are open."""
    return item.is_final and can_record(user, item.framework, RETURN_STAGES)


def can_verify_claim(user, framework: Framework, kind: str, claim: Claim | None) -> bool:
    """Audit signs a claim off before it goes to government, so only a draft or returned claim."""
    return can_prepare_claim(user, framework, kind) and (claim is None or not claim.is_frozen)


def get_final_return_for_user(user, pk: int) -> PerformanceReturn:
    """A final return the user may see; anything else (an estimate included) is a 404."""
    item = get_return_for_user(user, pk)
    if not item.is_final:
        raise Http404("Only a final figure is verified.")
    return item


def get_claim_or_404(user, framework: Framework, kind: str) -> Claim:
    """A claim the user may see, for its PDF, decision and payments: a 404 when none is."""
    if kind not in CLAIM_STAGES:
        raise Http404("No such claim.")
    claim = get_claim_for_user(user, framework, kind)
    if claim is None:
        raise Http404("No such claim.")
    return claim


# --- money in delivery: pump-priming spend, freedoms, and how the reward is shared ---------


def get_allocation_for_delivery(user, pk: int) -> PumpPriming:
    """A pump-priming allocation of an agreement the user may read the delivery of, or a 404."""
    allocation = (
        PumpPriming.objects.select_related("framework__council", "target__indicator")
        .filter(pk=pk, framework__in=delivery_frameworks_for(user))
        .first()
    )
    if allocation is None:
        raise Http404("No such allocation.")
    return allocation


def get_freedom_for_delivery(user, pk: int) -> Freedom:
    freedom = (
        Freedom.objects.select_related("target__indicator__target_area__priority__framework__council")
        .filter(pk=pk, target__indicator__target_area__priority__framework__in=delivery_frameworks_for(user))
        .first()
    )
    if freedom is None:
        raise Http404("No such freedom.")
    return freedom


def can_see_reward_sharing(user) -> bool:
    """How the reward is shared is the council's own arrangement with its partners: not government's."""
    return not is_reviewer(user)


def can_record_shares(user, framework: Framework) -> bool:
    return can_record(user, framework, PartnerShare.open_stages)


def get_share_for_user(user, pk: int) -> PartnerShare:
    """A partner's share of the user's council's reward, or a 404 (always, for a reviewer)."""
    share = None
    if can_see_reward_sharing(user):
        share = (
            PartnerShare.objects.select_related("framework__council", "organisation")
            .filter(pk=pk, framework__in=delivery_frameworks_for(user))
            .first()
        )
    if share is None:
        raise Http404("No such share.")
    return share


def get_framework_for_signing(user, slug: str) -> Framework:
    """A framework whose signing page the user may read: the council's own in any stage, or
    (for a reviewer) a signed one; else a 404."""
    source = delivery_frameworks_for(user) if is_reviewer(user) else frameworks_for(user)
    framework = source.select_related("council").filter(slug=slug).first()
    if framework is None:
        raise Http404("No such agreement.")
    return framework


def can_sign(user, framework: Framework) -> bool:
    """A signatory's officer or administrator records the signing, once Stage Two is agreed."""
    from lpsa.workflow import MOVES_BY_NAME, may_make

    return framework.stage == Stage.TWO_AGREED and may_make(user, framework, MOVES_BY_NAME["sign"])


def can_enter_any_returns(user, framework: Framework) -> bool:
    """Whether the user may enter the returns of at least one line (the send page is officers' only)."""
    return return_priority_ids(user, framework) != set()
