"""The reward claim's arithmetic, kept apart from the database so that it can be worked by hand.

- A line's share of the reward comes from the agreement (priorities.agreement): the reward
  split equally across the numbered targets, each target's share across its lines equally
  or by their weights.
- Interim claim (a payment on account): a fifth of the share of each line whose agreed
  interim level was met by its final figure for the interim year.
- Final claim: per line, the fraction of the enhancement achieved by its final figure for
  the final year; below 60% it earns nothing, above 100% it earns its share and no more.
  The lines' rewards add up to the reward earned. What was paid on account is taken off;
  the rest is paid in two instalments (the first rounded to the penny, the second what is
  left), and a payment on account larger than the reward earned leaves that much due back.
- Every amount is paid half as capital grant and half as revenue grant.
"""

from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from priorities.reward import ON_ACCOUNT, THRESHOLD, fraction_of_stretch, interim_met

PENNY = Decimal("0.01")
ZERO = Decimal(0)


def pennies(value: Decimal) -> Decimal:
    return value.quantize(PENNY, ROUND_HALF_UP)


@dataclass(frozen=True)
class Split:
    """An amount, half capital and half revenue: capital takes the odd penny unless told
    otherwise (``capital``), so that the parts of a sum add up to the sum's own split."""

    total: Decimal
    given_capital: Decimal | None = None

    @property
    def capital(self) -> Decimal:
        return pennies(self.total / 2) if self.given_capital is None else self.given_capital

    @property
    def revenue(self) -> Decimal:
        return self.total - self.capital

    def __sub__(self, other: "Split") -> "Split":
        return Split(self.total - other.total, self.capital - other.capital)


@dataclass(frozen=True)
class LineFigures:
    """What the claim needs of one line: its share, agreed levels and final figures."""

    line_id: int
    number: int  # the numbered target it counts towards
    label: str
    share: Decimal
    without: Decimal
    with_lpsa: Decimal
    higher_is_better: bool
    achieved: Decimal | None = None  # its final figure for the final year
    interim_without: Decimal | None = None
    interim_with: Decimal | None = None
    interim_achieved: Decimal | None = None  # its final figure for the interim year


@dataclass(frozen=True)
class InterimLine:
    figures: LineFigures
    met: bool | None  # None: no interim level, or no final figure for it yet
    payment: Decimal


@dataclass
class InterimClaim:
    lines: list[InterimLine]

    @property
    def total(self) -> Split:
        return Split(sum((line.payment for line in self.lines), ZERO))


def interim_claim(lines: list[LineFigures]) -> InterimClaim:
    result = []
    for line in lines:
        if line.interim_with is None or line.interim_achieved is None:
            result.append(InterimLine(line, None, ZERO))
            continue
        met = interim_met(line.higher_is_better, line.interim_with, line.interim_achieved)
        result.append(InterimLine(line, met, pennies(line.share * ON_ACCOUNT) if met else ZERO))
    return InterimClaim(result)


@dataclass(frozen=True)
class FinalLine:
    figures: LineFigures
    fraction: Decimal | None  # of the enhancement achieved, as worked out; None without a final figure
    counted: Decimal  # the fraction paid for: 0 below 60%, at most 1
    earned: Decimal

    @property
    def percent(self) -> Decimal | None:
        # Rounded down, as the templates' ``percent`` does: 59.96% must never read as 60%.
        return None if self.fraction is None else (self.fraction * 100).quantize(Decimal("0.1"), ROUND_FLOOR)

    @property
    def below_threshold(self) -> bool:
        return self.fraction is not None and self.fraction < THRESHOLD

    @property
    def capped(self) -> bool:
        return self.fraction is not None and self.fraction > 1


@dataclass
class FinalClaim:
    lines: list[FinalLine]
    on_account: Decimal
    payment_years: list[str] = field(default_factory=list)

    @property
    def potential(self) -> Decimal:
        return sum((line.figures.share for line in self.lines), ZERO)

    @property
    def earned(self) -> Decimal:
        return sum((line.earned for line in self.lines), ZERO)

    @property
    def payable(self) -> Decimal:
        """What is still to pay once the payment on account is taken off; never below nothing."""
        return max(self.earned - self.on_account, ZERO)

    @property
    def due_back(self) -> Decimal:
        """What the council owes back when it was paid more on account than it earned."""
        return max(self.on_account - self.earned, ZERO)

    @property
    def earned_split(self) -> Split:
        return Split(self.earned)

    @property
    def on_account_split(self) -> Split:
        return Split(self.on_account)

    @property
    def payable_split(self) -> Split:
        """What is still to pay, as capital and revenue: the earned halves less those paid on
        account, so that on account and payable add up to the earned halves exactly."""
        if self.payable == 0:
            return Split(ZERO)
        return self.earned_split - self.on_account_split

    @property
    def due_back_split(self) -> Split:
        if self.due_back == 0:
            return Split(ZERO)
        return self.on_account_split - self.earned_split

    @property
    def instalments(self) -> list[Split]:
        """The two instalments: the first half the payable, rounded to the penny, the second
        the rest; in each column the second is what the first leaves of the payable's half."""
        payable = self.payable_split
        first = Split(pennies(self.payable / 2))
        first = Split(first.total, min(first.capital, payable.capital))
        return [first, payable - first]


def final_line(line: LineFigures) -> FinalLine:
    if line.achieved is None:
        return FinalLine(line, None, ZERO, ZERO)
    fraction = fraction_of_stretch(line.without, line.with_lpsa, line.achieved)
    counted = ZERO if fraction < THRESHOLD else min(fraction, Decimal(1))
    return FinalLine(line, fraction, counted, pennies(line.share * counted))


def final_claim(lines: list[LineFigures], on_account: Decimal, payment_years: list[str] | None = None) -> FinalClaim:
    return FinalClaim([final_line(line) for line in lines], Decimal(on_account), payment_years or [])
