"""The reward grant: what each target could earn and what a given performance would earn.

The rules (LPSA2 guidance, DESIGN.md §2):
- the potential reward is 2.5% of the net budget requirement for the base year;
- it is split equally across the targets, and a target's share equally across its
  sub-targets unless the agreement sets other shares;
- a target earns its share times the fraction of its stretch achieved, capped at 100%,
  and nothing below 60%;
- the reward is paid in two equal instalments in the two years after the agreement ends;
  a fifth of a target's share may be paid early, on account, where its agreed interim
  level is met, and is then taken off what the final reward pays.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

RATE = Decimal("0.025")
THRESHOLD = Decimal("0.6")
ON_ACCOUNT = Decimal("0.2")
PENNY = Decimal("0.01")


def potential_reward(net_budget_requirement: Decimal | None) -> Decimal | None:
    if net_budget_requirement is None:
        return None
    return (Decimal(net_budget_requirement) * RATE).quantize(PENNY, ROUND_HALF_UP)


def fraction_of_stretch(without: Decimal, with_lpsa: Decimal, achieved: Decimal) -> Decimal:
    """How much of the stretch was achieved: 0 at the without-LPSA2 level, 1 at the target.

    Works in either direction of improvement, since the stretch and the achievement above
    the without-LPSA2 level carry the same sign when things go well. A target with no
    stretch has nothing to achieve, so it counts as achieved only when met.
    """
    stretch = with_lpsa - without
    if stretch == 0:
        return Decimal(1) if achieved == with_lpsa else Decimal(0)
    return (achieved - without) / stretch


def earned(share: Decimal, fraction: Decimal) -> Decimal:
    """The share times the fraction achieved, capped at the share, nothing below 60%."""
    if fraction < THRESHOLD:
        return Decimal(0)
    return (share * min(fraction, Decimal(1))).quantize(PENNY, ROUND_HALF_UP)


def interim_met(direction_higher: bool, interim_with: Decimal, achieved: Decimal) -> bool:
    return achieved >= interim_with if direction_higher else achieved <= interim_with


def shares(targets: list, reward: Decimal | None) -> dict[int, Decimal]:
    """Each scored line's share of the reward, keyed by target id.

    ``targets`` are all the framework's targets (sub-targets too). Top-level targets share
    the reward equally; a target with sub-targets passes its share on to them, equally or
    by the percentages set on them (the percentages must then add up to 100).
    """
    if reward is None:
        return {}
    top = [t for t in targets if not t.parent_id]
    if not top:
        return {}
    children: dict[int, list] = {}
    for target in targets:
        if target.parent_id:
            children.setdefault(target.parent_id, []).append(target)
    each = reward / len(top)
    result = {}
    for target in top:
        subs = children.get(target.pk, [])
        if not subs:
            result[target.pk] = each.quantize(PENNY, ROUND_HALF_UP)
            continue
        set_shares = [s.reward_share for s in subs]
        if all(share is not None for share in set_shares) and sum(set_shares) == 100:
            for sub in subs:
                result[sub.pk] = (each * sub.reward_share / 100).quantize(PENNY, ROUND_HALF_UP)
        else:
            for sub in subs:
                result[sub.pk] = (each / len(subs)).quantize(PENNY, ROUND_HALF_UP)
    return result


@dataclass
class Expected:
    """What the council expects one scored line to reach, with what it could earn."""

    line: object
    share: Decimal
    without: Decimal
    with_lpsa: Decimal
    final: Decimal | None
    higher_is_better: bool
    interim_with: Decimal | None = None
    interim: Decimal | None = None


@dataclass
class LineResult:
    expected: Expected
    fraction: Decimal | None
    earned: Decimal
    interim_met: bool | None
    on_account: Decimal


@dataclass
class Result:
    lines: list[LineResult]
    potential: Decimal
    earned: Decimal
    on_account: Decimal
    instalment: Decimal


def calculate(expectations: list[Expected]) -> Result:
    """What the reward grant would be if each line reached what is expected of it.

    A line with no expected result earns nothing. A fifth of a line's share is paid on
    account when its interim level is met; the rest of the reward comes in two equal
    instalments after the agreement ends (never below nothing).
    """
    lines = []
    for item in expectations:
        fraction = None if item.final is None else fraction_of_stretch(item.without, item.with_lpsa, item.final)
        gained = Decimal(0) if fraction is None else earned(item.share, fraction)
        met = None
        on_account = Decimal(0)
        if item.interim is not None and item.interim_with is not None:
            met = interim_met(item.higher_is_better, item.interim_with, item.interim)
            if met:
                on_account = (item.share * ON_ACCOUNT).quantize(PENNY, ROUND_HALF_UP)
        lines.append(LineResult(item, fraction, gained, met, on_account))
    total = sum((line.earned for line in lines), Decimal(0))
    on_account = sum((line.on_account for line in lines), Decimal(0))
    remaining = max(total - on_account, Decimal(0))
    return Result(
        lines=lines,
        potential=sum((item.share for item in expectations), Decimal(0)),
        earned=total,
        on_account=on_account,
        instalment=(remaining / 2).quantize(PENNY, ROUND_HALF_UP),
    )
