"""How delivery shows figures and money."""

from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")


def figure(value: Decimal | None) -> str:
    """A figure as people write it: 1,234.5, with no trailing zeros; a dash for none."""
    if value is None:
        return "–"
    value = Decimal(value).quantize(Decimal("0.001"), ROUND_HALF_UP).normalize()
    text = f"{value:,f}"
    return text


def money(value: Decimal | None) -> str:
    """£1,234.56, or £1,234 for whole pounds."""
    if value is None:
        return "–"
    value = Decimal(value).quantize(PENNY, ROUND_HALF_UP)
    if value == value.to_integral_value():
        return f"£{value:,.0f}"
    return f"£{value:,.2f}"
