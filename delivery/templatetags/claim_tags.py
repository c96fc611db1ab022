"""How a claim's figures read: pounds and pence, figures without trailing zeros, dates."""

import datetime
from decimal import Decimal

from django import template

from delivery import numbers

register = template.Library()


@register.filter
def pounds(value) -> str:
    """£1,234.56, or £1,234 for whole pounds; a dash for none."""
    if value in (None, ""):
        return "–"
    return numbers.money(Decimal(value))


@register.filter
def number(value) -> str:
    return "–" if value in (None, "") else numbers.figure(Decimal(value))


@register.filter
def iso_date(value) -> str:
    """“27 June 2008” from 2008-06-27, or from a timestamp."""
    if not value:
        return ""
    if "T" in str(value):
        return f"{datetime.datetime.fromisoformat(value):%-d %B %Y, %H:%M}"
    return f"{datetime.date.fromisoformat(value):%-d %B %Y}"
