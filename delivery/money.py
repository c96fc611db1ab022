"""Money in delivery: pump-priming spend against each allocation, freedoms' progress, and the
reward the partners share.

The page's lists come in a fixed number of queries whatever the agreement's size: the
allocations (one) and their spend (one), the freedoms with their progress (one) and the
partners' shares (one), besides the reward itself.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from delivery import sharing
from delivery.claims import work_out_final
from delivery.models import Claim, PartnerShare, Spend
from priorities.models import EditConflict, Framework, Freedom, PumpPriming

ZERO = Decimal(0)


def agreement_years(framework: Framework) -> list[str]:
    period = framework.agreement_period
    return period.financial_years if period else []


@dataclass
class AllocationSpend:
    """One allocation with what was spent of it in each year of the agreement."""

    allocation: PumpPriming
    by_year: list[tuple[str, Decimal | None]]  # every year of the agreement; None where nothing is recorded
    spent: Decimal

    @property
    def left(self) -> Decimal:
        return self.allocation.amount - self.spent


@dataclass
class GrantSpend:
    grant: Decimal | None
    years: list[str]
    allocations: list[AllocationSpend]

    @property
    def allocated(self) -> Decimal:
        return sum((row.allocation.amount for row in self.allocations), ZERO)

    @property
    def spent(self) -> Decimal:
        return sum((row.spent for row in self.allocations), ZERO)

    @property
    def left(self) -> Decimal:
        return self.allocated - self.spent

    @property
    def spent_by_year(self) -> list[tuple[str, Decimal]]:
        return [
            (year, sum((amount or ZERO for row in self.allocations for y, amount in row.by_year if y == year), ZERO))
            for year in self.years
        ]

    def kind_total(self, kind: str) -> Decimal:
        return sum((row.allocation.amount for row in self.allocations if row.allocation.kind == kind), ZERO)

    @property
    def capital(self) -> Decimal:
        return self.kind_total(PumpPriming.Kind.CAPITAL)

    @property
    def revenue(self) -> Decimal:
        return self.kind_total(PumpPriming.Kind.REVENUE)


def allocation_spend(allocation: PumpPriming, spend: list[Spend], years: list[str]) -> AllocationSpend:
    recorded = {item.year: item.amount for item in spend}
    # A year outside the agreement (dates changed since) still counts towards what was spent.
    return AllocationSpend(
        allocation=allocation,
        by_year=[(year, recorded.get(year)) for year in years],
        spent=sum(recorded.values(), ZERO),
    )


def grant_spend(framework: Framework) -> GrantSpend:
    """Every allocation of the framework's pump-priming grant with its spend: two queries."""
    years = agreement_years(framework)
    allocations = list(
        PumpPriming.objects.filter(framework=framework)
        .select_related("target__indicator")
        .prefetch_related("spend")
        .order_by("pk")
    )
    return GrantSpend(
        grant=framework.pump_priming_grant,
        years=years,
        allocations=[allocation_spend(item, list(item.spend.all()), years) for item in allocations],
    )


def freedoms_of(framework: Framework) -> list[Freedom]:
    """The agreement's freedoms and flexibilities, each with its progress if any: one query."""
    return list(
        Freedom.objects.filter(target__indicator__target_area__priority__framework=framework)
        .select_related("progress", "target__indicator")
        .order_by("pk")
    )


def progress_of(freedom: Freedom):
    try:
        return freedom.progress
    except Freedom.progress.RelatedObjectDoesNotExist:
        return None


# --- pump-priming spend -----------------------------------------------------------------


@transaction.atomic
def spend_record(*, allocation: PumpPriming, amounts: dict[str, Decimal | None], versions: dict[str, int | None]):
    """Record what was spent of ``allocation`` in each year (None: nothing), all or nothing.

    ``versions`` are the versions of the years' rows the editor saw (None where there was no
    row). The framework's row is locked first, so two editors' totals are checked one after
    the other. Lower amounts are saved before higher ones, so that moving spend from one year
    to another is checked against the allocation as it ends up, not half-way.

    Raises ValidationError keyed by year, or EditConflict naming the year's row as it stands.
    """
    Framework.objects.select_for_update().filter(pk=allocation.framework_id).first()
    stored = {item.year: item for item in Spend.objects.filter(allocation=allocation)}
    changes = []
    for year, amount in amounts.items():
        item = stored.get(year)
        if item is not None and item.version != versions.get(year):
            raise EditConflict(item)
        if item is None and versions.get(year) is not None:
            raise EditConflict(None)
        before = item.amount if item is not None else None
        if amount != before:
            changes.append((year, item, amount, (amount or ZERO) - (before or ZERO)))
    # Decreases first: each save is checked against the spend as it then stands.
    changes.sort(key=lambda change: change[3])
    for year, item, amount, _ in changes:
        if amount is None:
            item.refuse_if_locked()
            item.delete()
            continue
        if item is None:
            item = Spend(allocation=allocation, year=year, amount=amount)
            expected = None
        else:
            expected = item.version
            item.amount = amount
        try:
            item.full_clean()
        except ValidationError as error:
            raise ValidationError({year: error.message_dict.get("amount") or error.messages}) from error
        item.save_checked(expected_version=expected, fields=["amount"])


# --- the reward and its sharing ---------------------------------------------------------


@dataclass
class RewardToShare:
    amount: Decimal | None
    source: str  # "claim": the submitted final claim's; "worked_out": from final figures so far
    potential: Decimal | None

    @property
    def from_claim(self) -> bool:
        return self.source == "claim"


def reward_to_share(framework: Framework) -> RewardToShare:
    """The final claim's earned reward once it is submitted; else what final figures so far earn."""
    claim = framework.claims.filter(kind=Claim.Kind.FINAL, submitted_at__isnull=False).first()
    if claim is not None:
        figures = claim.figures or {}
        earned = figures.get("earned")
        amount = Decimal(str(earned)) if earned is not None else claim.total
        if amount is not None:
            return RewardToShare(amount, "claim", framework.potential_reward)
    return RewardToShare(work_out_final(framework).earned, "worked_out", framework.potential_reward)


def shares_of(framework: Framework) -> list[PartnerShare]:
    return list(framework.reward_shares.select_related("organisation").order_by("basis", "pk"))


def rules_of(shares: list[PartnerShare]) -> list[sharing.Rule]:
    return [sharing.Rule(share.pk, share.organisation.name, share.basis, share.percent) for share in shares]


def reward_sharing(shares: list[PartnerShare], reward: Decimal | None) -> sharing.Sharing | None:
    if reward is None:
        return None
    return sharing.share_reward(reward, rules_of(shares))


@dataclass
class ShareRow:
    share: PartnerShare
    amount: Decimal | None  # of the reward to share
    potential: Decimal | None  # of the potential reward


def share_rows(shares: list[PartnerShare], of_reward, of_potential) -> list[ShareRow]:
    """Each share with its part of the reward and of the potential one: top-slices first, as the rule goes."""
    amounts = {part.rule.key: part.amount for part in of_reward.parts} if of_reward else {}
    potentials = {part.rule.key: part.amount for part in of_potential.parts} if of_potential else {}
    ordered = sorted(shares, key=lambda share: (share.basis != PartnerShare.Basis.TOP_SLICE, share.pk))
    return [ShareRow(share, amounts.get(share.pk), potentials.get(share.pk)) for share in ordered]
