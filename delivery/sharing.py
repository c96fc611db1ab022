"""How the reward is shared with partners: the arithmetic, with no database in it.

The rule councils recorded: top-slices come off the whole reward first (the voluntary
sector's 5%, say); what is left after them is shared by contribution, as percentages of that
rest. Whatever is not allocated, by percentages that fall short of 100 or by rounding to the
penny, stays with the accountable body, the lead council, so the parts always add up to the
whole reward.
"""

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

TOP_SLICE = "top_slice"
CONTRIBUTION = "contribution"

PENNY = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)


@dataclass(frozen=True)
class Rule:
    """One partner's part of the rule: its basis and its percentage (of the whole, or of the rest)."""

    key: object
    name: str
    basis: str
    percent: Decimal


@dataclass(frozen=True)
class Part:
    rule: Rule
    amount: Decimal


@dataclass(frozen=True)
class Sharing:
    reward: Decimal
    top_slices: list[Part]
    contributions: list[Part]
    rest: Decimal  # what is left of the reward once the top-slices are taken off
    kept: Decimal  # what stays with the accountable body: not allocated, and the pennies of rounding

    @property
    def parts(self) -> list[Part]:
        return [*self.top_slices, *self.contributions]

    @property
    def top_sliced_percent(self) -> Decimal:
        return sum((part.rule.percent for part in self.top_slices), ZERO)

    @property
    def contribution_percent(self) -> Decimal:
        return sum((part.rule.percent for part in self.contributions), ZERO)

    @property
    def unallocated_percent(self) -> Decimal:
        """The percentage of the rest no contribution claims."""
        return max(HUNDRED - self.contribution_percent, ZERO)


def _part_of(amount: Decimal, percent: Decimal) -> Decimal:
    # Rounded down to the penny, so the parts never add up to more than the whole.
    return (amount * percent / HUNDRED).quantize(PENNY, ROUND_DOWN)


def share_reward(reward: Decimal, rules: list[Rule]) -> Sharing:
    """Each partner's part of ``reward`` by ``rules``, in the rules' order within each basis.

    Top-slices that would take the whole reward, or contributions above 100%, are the model's
    to refuse; given them anyway, no part is ever more than what is left to give.
    """
    reward = Decimal(reward).quantize(PENNY, ROUND_DOWN)
    left = reward
    top_slices = []
    for rule in rules:
        if rule.basis == TOP_SLICE:
            amount = min(_part_of(reward, rule.percent), left)
            left -= amount
            top_slices.append(Part(rule, amount))
    rest = left
    contributions = []
    for rule in rules:
        if rule.basis == CONTRIBUTION:
            amount = min(_part_of(rest, rule.percent), left)
            left -= amount
            contributions.append(Part(rule, amount))
    return Sharing(reward=reward, top_slices=top_slices, contributions=contributions, rest=rest, kept=left)
