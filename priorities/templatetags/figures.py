from decimal import ROUND_FLOOR, Decimal

from django import template

register = template.Library()


@register.filter
def figure(value, signed: bool = False) -> str:
    """A figure as people write it: 1,600 or 68.5, never 68.500; “–” when missing.

    With ``signed`` a positive figure gets a plus sign, for stretches.
    """
    if value is None or value == "":
        return "–"
    number = Decimal(value)
    text = f"{number.normalize():,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if signed and number > 0:
        text = f"+{text}"
    return text


@register.filter
def money(value) -> str:
    """Whole pounds with thousands separators: £31,250,000."""
    if value is None:
        return "–"
    return f"£{Decimal(value):,.0f}"


@register.filter
def with_unit(value, unit: str) -> str:
    """A figure followed by its unit: 68%, 1,200 adults a year."""
    text = figure(value)
    if not unit or text == "–":
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


@register.filter
def percent(value) -> str:
    """A fraction as a percentage, rounded down to a tenth: 0.5967 is 59.6%, never “60%”.

    Rounding down matters at the 60% threshold, where 59.97% earns nothing.
    """
    if value is None:
        return "–"
    tenths = (Decimal(value) * 100).quantize(Decimal("0.1"), rounding=ROUND_FLOOR)
    return f"{tenths.normalize():,f}%".replace(".0%", "%")
