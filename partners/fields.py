"""Text fields that refuse characters people cannot see, with messages they understand.

Every app types text into them, so they live in partners, the app the others build on.
The rule is each field's default validator: it is checked wherever the model is
validated (forms, the admin, spreadsheet imports) and is not written into migrations.
"""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator, RegexValidator
from django.db import models

ONE_LINE = "This must be on one line. Remove line breaks, tabs and other control characters."
NO_NULL = (
    "This text holds a hidden character that cannot be saved. It often comes from pasting: "
    "type the text again, or paste it as plain text."
)

# Control characters (C0, DEL and C1) and Unicode's line and paragraph separators. A line
# break in a title would, for one, end up in the subject of every e-mail that names it.
one_line = RegexValidator(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", ONE_LINE, code="one_line", inverse_match=True)
no_null = ProhibitNullCharactersValidator(message=NO_NULL)


def _with_plain_check(field: forms.Field, check) -> forms.Field:
    """The form field, with Django's "Null characters are not allowed." swapped for ``check``."""
    field.validators = [v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)]
    field.validators.append(check)
    return field


class OneLineField(models.CharField):
    """A line of text, such as a title, a name or a unit: no line breaks, tabs or controls."""

    default_validators = [one_line]

    def formfield(self, **kwargs):
        return _with_plain_check(super().formfield(**kwargs), one_line)


class MultiLineField(models.TextField):
    """Text of several lines, such as evidence or a comment: anything but a null character."""

    default_validators = [no_null]

    def formfield(self, **kwargs):
        return _with_plain_check(super().formfield(**kwargs), no_null)
