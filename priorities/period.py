"""The agreement's period and the financial years that follow from it.

A council's financial year runs from 1 April to 31 March, and is written 2005/06. An
agreement ran about three years, usually April to March but not always (York's ended in
December). Its reward is paid in two instalments, in the two financial years after the
one it ends in; a payment on account, where agreed interim levels are met, comes in the
year before the first instalment, the year the agreement ends in.
"""

import datetime
from dataclasses import dataclass

#: An agreement runs about three years: a period outside these bounds is probably mistyped.
SHORTEST_YEARS = 2
LONGEST_YEARS = 4


def financial_year_of(day: datetime.date) -> int:
    """The calendar year the financial year holding ``day`` starts in: 2005 for 2005/06."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(start_year: int) -> str:
    """2005 -> "2005/06"; 1999 -> "1999/00"."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def years_after(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def length_problem(start: datetime.date, end: datetime.date) -> str | None:
    """Why a period from ``start`` to ``end`` (both days included) looks wrong, if it does."""
    if end <= start:
        return "The agreement must end after it starts."
    # 1 April 2005 to 31 March 2008 is three years exactly: the day after the end is the anniversary.
    after = end + datetime.timedelta(days=1)
    if after < years_after(start, SHORTEST_YEARS):
        return (
            f"An agreement runs about three years, but this one runs less than {SHORTEST_YEARS}: "
            "check the start and end dates."
        )
    if after > years_after(start, LONGEST_YEARS):
        return (
            f"An agreement runs about three years, but this one runs more than {LONGEST_YEARS}: "
            "check the start and end dates."
        )
    return None


def in_words(labels: list[str]) -> str:
    """["2005/06", "2006/07", "2007/08"] -> "2005/06, 2006/07 and 2007/08"."""
    if len(labels) < 2:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


@dataclass(frozen=True)
class AgreementPeriod:
    """An agreement's start and end (both days included), and the years that follow from them."""

    start: datetime.date
    end: datetime.date

    @property
    def financial_years(self) -> list[str]:
        """Every financial year the period touches, in order."""
        first, last = financial_year_of(self.start), financial_year_of(self.end)
        return [financial_year_label(year) for year in range(first, last + 1)]

    @property
    def final_year(self) -> str:
        """The financial year the agreement ends in."""
        return financial_year_label(financial_year_of(self.end))

    @property
    def payment_years(self) -> list[str]:
        """The reward's two instalments: the two financial years after the one the period ends in."""
        last = financial_year_of(self.end)
        return [financial_year_label(last + 1), financial_year_label(last + 2)]

    @property
    def on_account_year(self) -> str:
        """A payment on account comes in the financial year before the first instalment."""
        return self.final_year

    @property
    def financial_years_in_words(self) -> str:
        return in_words(self.financial_years)
