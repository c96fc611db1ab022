"""The reward grant: what each target could earn and what a given performance would earn.

The rules (LPSA2 guidance, DESIGN.md §2):
- the potential reward is 2.5% of the net budget requirement for the base year;
- it is split equally across the agreement's numbered targets, and a numbered target's
  share equally across its lines (each an indicator's figures) unless the agreement
  weights them;
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


def shares(numbered: dict[int, list], reward: Decimal | None) -> dict[int, Decimal]:
    """Each line's share of the reward, keyed by line id.

    ``numbered`` maps each numbered target of the agreement to its lines (anything with
    ``pk`` and ``weight``), in order. The numbered targets share the reward equally, lines
    or none; a numbered target's share goes to its lines equally, or by their weights when
    every line has one and they add up to 100. A line weighted 0 gets nothing.
    """
    if reward is None or not numbered:
        return {}
    each = reward / len(numbered)
    result = {}
    for lines in numbered.values():
        weights = [line.weight for line in lines]
        weighted = all(weight is not None for weight in weights) and sum(weights) == 100
        for line in lines:
            portion = each * line.weight / 100 if weighted else each / len(lines)
            result[line.pk] = portion.quantize(PENNY, ROUND_HALF_UP)
    return result


def target_share(reward: Decimal | None, count: int) -> Decimal | None:
    """What each of ``count`` numbered targets could earn."""
    if reward is None or not count:
        return None
    return (reward / count).quantize(PENNY, ROUND_HALF_UP)


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


# The agreement states the reward rounded (the Isle of Wight's computed £3,324,825 was stated
# as £3,325,000); a stated figure further than this from the computed one is a mistake.
STATED_TOLERANCE = Decimal("0.01")


def stated_reward_fits(stated: Decimal, computed: Decimal) -> bool:
    """Whether the reward the agreement states is within 1% of the one computed from the budget."""
    return abs(Decimal(stated) - computed) <= computed * STATED_TOLERANCE
