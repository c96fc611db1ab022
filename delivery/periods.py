"""The periods performance is returned for: quarters, half-years or whole financial years.

A return's period is written as its key: "2006/07" for a year, "2006/07 H1" for April to
September, "2006/07 Q3" for October to December. The indicator's collection frequency says
which: it is free text ("Quarterly", "Six-monthly", "Annual"), so it is read for its words,
and anything not recognised is returned yearly.
"""

import calendar
import datetime
import re
from dataclasses import dataclass
from enum import StrEnum

from priorities.period import financial_year_label, financial_year_of

KEY = re.compile(r"^(\d{4})/(\d{2})(?: ([HQ])([1-4]))?\Z")


class Frequency(StrEnum):
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"

    @property
    def parts(self) -> int:
        return {"quarter": 4, "half": 2, "year": 1}[self.value]

    @property
    def in_words(self) -> str:
        return {"quarter": "quarterly", "half": "every half-year", "year": "yearly"}[self.value]


def frequency_of(text: str) -> Frequency:
    """How often an indicator's collection frequency asks for a return."""
    words = text.lower()
    # Halves first: "six-monthly" names months too.
    if any(word in words for word in ("half", "six", "6-month", "6 month", "biannual", "bi-annual", "twice")):
        return Frequency.HALF
    if any(word in words for word in ("quarter", "month", "week", "termly", "continuous")):
        return Frequency.QUARTER
    return Frequency.YEAR


MONTH_NAMES = list(calendar.month_name)


@dataclass(frozen=True, order=True)
class Period:
    """One period of a financial year: ``start_year`` 2006 is 2006/07; ``part`` counts from 1."""

    start_year: int
    frequency: Frequency
    part: int = 1

    @classmethod
    def from_key(cls, key: str) -> "Period":
        """The period a key names; ValueError, in plain words, for anything else."""
        match = KEY.match(key.strip())
        if not match:
            raise ValueError(
                f"“{key}” is not a period. Write a year like 2006/07, a half like 2006/07 H1, or a quarter like 2006/07 Q3."
            )
        year, short, letter, number = match.groups()
        start = int(year)
        if f"{(start + 1) % 100:02d}" != short:
            raise ValueError(f"“{key}” is not a financial year: 2006/07 is followed by 2007/08.")
        if letter is None:
            return cls(start, Frequency.YEAR)
        frequency = Frequency.HALF if letter == "H" else Frequency.QUARTER
        part = int(number)
        if part > frequency.parts:
            raise ValueError(f"“{key}”: a year has only two halves, H1 and H2.")
        return cls(start, frequency, part)

    @property
    def key(self) -> str:
        year = financial_year_label(self.start_year)
        if self.frequency == Frequency.YEAR:
            return year
        return f"{year} {'H' if self.frequency == Frequency.HALF else 'Q'}{self.part}"

    @property
    def months(self) -> int:
        return 12 // self.frequency.parts

    @property
    def first_day(self) -> datetime.date:
        month = 4 + (self.part - 1) * self.months
        year = self.start_year + (month - 1) // 12
        return datetime.date(year, (month - 1) % 12 + 1, 1)

    @property
    def last_day(self) -> datetime.date:
        month = 3 + self.part * self.months
        year = self.start_year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        return datetime.date(year, month, calendar.monthrange(year, month)[1])

    @property
    def financial_year(self) -> str:
        return financial_year_label(self.start_year)

    @property
    def is_year_end(self) -> bool:
        """Whether the period ends its financial year: its figure is the year's."""
        return self.part == self.frequency.parts

    @property
    def label(self) -> str:
        """“2006/07”, or “Q3 2006/07 (October to December 2006)”."""
        if self.frequency == Frequency.YEAR:
            return self.financial_year
        first, last = self.first_day, self.last_day
        span = f"{MONTH_NAMES[first.month]} {first.year if first.year != last.year else ''}".strip()
        span = f"{span} to {MONTH_NAMES[last.month]} {last.year}"
        prefix = "H" if self.frequency == Frequency.HALF else "Q"
        return f"{prefix}{self.part} {self.financial_year} ({span})"

    def __str__(self) -> str:
        return self.label


def periods_between(start: datetime.date, end: datetime.date, frequency: Frequency) -> list[Period]:
    """Every period of this frequency in the financial years from ``start`` to ``end``."""
    first, last = financial_year_of(start), financial_year_of(end)
    return [Period(year, frequency, part) for year in range(first, last + 1) for part in range(1, frequency.parts + 1)]


def half_years_between(start: datetime.date, end: datetime.date) -> list[Period]:
    """The half-years a monitoring report may be chosen for."""
    return periods_between(start, end, Frequency.HALF)


def year_start(label: str) -> int | None:
    """2006 for "2006/07" or "2006"; None for anything else."""
    match = re.match(r"^(\d{4})(/\d{2})?\Z", label or "")
    return int(match.group(1)) if match else None
