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


def is_rate(unit: str) -> bool:
    """Whether an indicator's unit is a percentage, whose changes are percentage points."""
    unit = (unit or "").strip().lower()
    return unit.startswith(("%", "percentage", "per cent", "percent"))


@register.filter
def unit_head(unit: str) -> str:
    """A figure column's unit, to follow its head: “ (%)”, “ (adults a year)”; nothing without one."""
    unit = (unit or "").strip()
    return f" ({unit})" if unit else ""


@register.filter
def enhancement_unit(unit: str) -> str:
    """The unit an enhancement is counted in: a rate's in percentage points, else the indicator's."""
    return "percentage points" if is_rate(unit) else (unit or "").strip()


@register.filter
def enhancement(value, unit: str) -> str:
    """An enhancement with its unit, in words: “+5 percentage points”, “+300 adults a year”."""
    text = figure(value, True)
    counted_in = enhancement_unit(unit)
    if text == "–" or not counted_in:
        return text
    if counted_in == "percentage points" and Decimal(value).copy_abs() == 1:
        counted_in = "percentage point"
    return f"{text} {counted_in}"


NOT_GIVEN = "Not given"


@register.filter
def answer(value) -> object:
    """What someone answered, or “Not given” when they left it empty: the one way every page
    and the agreement document show an empty answer."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return NOT_GIVEN
    return value


@register.filter
def impact(flag) -> str:
    """A cross-cutting impact as recorded: “Yes”, “No”, or, when nobody has assessed it yet
    (None), “Not assessed”: an unanswered question is never printed as “No”."""
    if flag is None:
        return "Not assessed"
    return "Yes" if flag else "No"
