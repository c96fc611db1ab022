"""Red, amber or green: how a line's latest figure compares with its trajectory, with the rule in words."""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from delivery.numbers import figure


class Rating(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NONE = "none"

    @property
    def label(self) -> str:
        return {"green": "Green", "amber": "Amber", "red": "Red", "none": "Not rated"}[self.value]

    @property
    def tag(self) -> str:
        """The GOV.UK tag colour for the rating."""
        return {"green": "govuk-tag--green", "amber": "govuk-tag--yellow", "red": "govuk-tag--red"}.get(
            self.value, "govuk-tag--grey"
        )


@dataclass(frozen=True)
class Rated:
    rating: Rating
    rule: str  # how the rating is worked out, for this line and this period, in words


def rate(
    actual: Decimal | None, without: Decimal | None, with_lpsa: Decimal | None, *, higher_is_better: bool, when: str
) -> Rated:
    """Rate a figure against the trajectory at its period's end.

    Green at or beyond the with-agreement trajectory, red at or short of the without-agreement
    one, amber between the two. Where the two trajectories meet, there is no amber.
    """
    if actual is None:
        return Rated(Rating.NONE, "No figure has been returned yet, so the line is not rated.")
    if without is None or with_lpsa is None:
        return Rated(
            Rating.NONE,
            "The line has no trajectory for this period (it needs a baseline, or points entered for its years), "
            "so it is not rated.",
        )
    beyond, short = ("at or above", "at or below") if higher_is_better else ("at or below", "at or above")
    rule = (
        f"Green {beyond} the with-agreement trajectory ({figure(with_lpsa)} by {when}), "
        f"red {short} the without-agreement trajectory ({figure(without)}), amber between the two."
    )
    sign = 1 if higher_is_better else -1
    if sign * (actual - with_lpsa) >= 0:
        return Rated(Rating.GREEN, rule)
    if sign * (actual - without) <= 0:
        return Rated(Rating.RED, rule)
    return Rated(Rating.AMBER, rule)
