"""A date typed as day, month and year in three boxes: the GOV.UK date input.

Every app's forms take dates with it (``GovDateField``), so it lives in partners, the app the
others build on. Its messages say in plain English what is wrong, next to the field; the
error is tied to the box that needs changing, so that box is the one marked and linked to
from the error summary (crispy-forms-gds reads ``errors`` off each part's widget).
"""

import datetime
import re

from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.core.exceptions import ValidationError

PARTS = ("day", "month", "year")
ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")

REAL = "Enter a real date."
FOUR_FIGURE_YEAR = "The year must include 4 numbers."
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200


def hint(example: datetime.date) -> str:
    return f"For example, {example.day} {example.month} {example.year}"


class GovDateWidget(DateInputWidget):
    """Three boxes named ``<name>_0`` (day), ``_1`` (month) and ``_2`` (year).

    It also reads a date posted whole, as 2004-07-31, under the field's own name: what these
    forms took before, and what a script or a browser without the boxes may still send.
    """

    def value_from_datadict(self, data, files, name):
        if not any(f"{name}_{i}" in data for i in range(3)) and name in data:
            whole = str(data.get(name) or "")
            match = ISO.match(whole)
            if match:
                year, month, day = match.groups()
                return [day, month, year]
            return [whole, whole, whole] if whole.strip() else ["", "", ""]
        return super().value_from_datadict(data, files, name)

    def decompress(self, value):
        if isinstance(value, str):  # an initial value given as text
            match = ISO.match(value)
            if match:
                year, month, day = match.groups()
                return [int(day), int(month), int(year)]
            return [None, None, None]
        return super().decompress(value)


class GovDateField(forms.MultiValueField):
    """A date from a day, a month and a year, with the GOV.UK design system's messages.

    ``help_text`` comes before the example ("For example, 27 3 2005"), which ``example`` sets.
    """

    widget = GovDateWidget

    def __init__(self, *, example: datetime.date = datetime.date(2005, 3, 27), help_text: str = "", **kwargs):
        kwargs.pop("max_length", None)
        kwargs.pop("empty_value", None)
        parts = tuple(forms.CharField(required=False, max_length=20) for _ in PARTS)
        for part in parts:
            part.widget.errors = []
        text = f"{help_text} {hint(example)}." if help_text else f"{hint(example)}."
        super().__init__(fields=parts, require_all_fields=False, help_text=text, **kwargs)
        if self.error_messages["required"] == forms.Field.default_error_messages["required"]:
            self.error_messages["required"] = "Enter the date."

    def _mark(self, message: str, parts: list[str]) -> ValidationError:
        """Tie the message to the first box to change; with none named, all three are marked."""
        for part in self.fields:
            part.widget.errors = []
        if parts:
            self.fields[PARTS.index(parts[0])].widget.errors = [message]
        return ValidationError(message, code="invalid")

    def clean(self, value):
        for part in self.fields:
            part.widget.errors = []
        if not isinstance(value, list | tuple) or len(value) != 3:
            value = ["", "", ""]
        texts = [str(v).strip() if v is not None else "" for v in value]
        if not any(texts):
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        missing = [name for name, text in zip(PARTS, texts, strict=True) if not text]
        if missing:
            named = " and ".join(missing) if len(missing) < 3 else "day, month and year"
            article = "an" if named.startswith("a") else "a"
            raise self._mark(f"The date must include {article} {named}.", missing)
        wrong = [name for name, text in zip(PARTS, texts, strict=True) if not text.isdigit() or not text.isascii()]
        if wrong:
            raise self._mark(REAL, wrong)
        day, month, year = (int(t) for t in texts)
        if len(texts[2]) != 4:
            raise self._mark(FOUR_FIGURE_YEAR, ["year"])
        if not 1 <= month <= 12:
            raise self._mark(REAL, ["month"])
        if not EARLIEST_YEAR <= year <= LATEST_YEAR:
            raise self._mark(f"The year must be between {EARLIEST_YEAR} and {LATEST_YEAR}.", ["year"])
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            raise self._mark(REAL, ["day"]) from None
        self.validate(date)
        self.run_validators(date)
        return date

    def compress(self, data_list):  # clean() builds the date itself
        return None

    def has_changed(self, initial, data) -> bool:
        try:
            return self.clean(data) != (
                initial if not isinstance(initial, str) else datetime.date.fromisoformat(initial)
            )
        except (ValidationError, ValueError):
            return True
