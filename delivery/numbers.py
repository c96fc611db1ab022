"""How delivery shows figures and money."""

from decimal import ROUND_HALF_UP, Decimal

from priorities.templatetags import figures

PENNY = Decimal("0.01")


def figure(value: Decimal | None) -> str:
    """A figure as the pages write one (priorities' ``figure`` filter), rounded first to the
    three places a figure is kept to: a trajectory between year-ends has many more."""
    if value is None:
        return "–"
    return figures.figure(Decimal(value).quantize(Decimal("0.001"), ROUND_HALF_UP))


def money(value: Decimal | None) -> str:
    """£1,234.56, or £1,234 for whole pounds."""
    if value is None:
        return "–"
    value = Decimal(value).quantize(PENNY, ROUND_HALF_UP)
    if value == value.to_integral_value():
        return f"£{value:,.0f}"
    return f"£{value:,.2f}"
