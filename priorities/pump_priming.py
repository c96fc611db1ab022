"""The pump-priming grant suggested for a council before government names a figure.

In the first round the grant was £750,000 plus £1 for each resident of the council's
area. Officers see it as a suggestion and type the grant government offers.
"""

from decimal import Decimal

FIRST_ROUND_BASE = Decimal(750_000)
FIRST_ROUND_PER_HEAD = Decimal(1)


def suggested_grant(population: int | None) -> Decimal | None:
    """£750,000 plus £1 a head, or None while the population is not known."""
    if population is None:
        return None
    return FIRST_ROUND_BASE + FIRST_ROUND_PER_HEAD * population
