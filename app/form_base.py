"""The base of every form: what any field refuses or cleans, whatever its form says.

Typed text is cleaned by textnorm's one policy (docs/decisions.md, "Text from forms"):
a one-line field refuses a line break, a text area keeps them; passwords are taken as
typed. A day outside clock.FIRST_DAY..LAST_DAY is refused, so no form hands a service
a date whose arithmetic overflows; fields whose domain is narrower add their own range.
A whole number beyond 64 bits is refused before any other check of its field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, Field, IntegerField, PasswordField, StringField, TextAreaField
from wtforms.validators import StopValidation, ValidationError

from app import clock
from app.textnorm import clean_line, clean_text

LARGEST = 2**63 - 1


def _cleaned(clean: Callable[[str], str]) -> Callable[[Any], Any]:
    return lambda value: clean(value) if isinstance(value, str) else value


def fits_a_column(form: FlaskForm, field: Field) -> None:
    """A number a database column holds; a longer one would overflow the query, or
    NumberRange itself (it asks whether a 400-digit number is NaN as a float)."""
    if isinstance(field.data, int) and abs(field.data) > LARGEST:
        raise StopValidation(_l("This number is out of range."))


def one_line(form: FlaskForm, field: Field) -> None:
    if isinstance(field.data, str) and "\n" in field.data:
        raise ValidationError(_l("Write this on one line."))


class DayRange:
    """Refuses a day outside a range, and ends the field's checks (a booking day is also
    inside ANY_DAY: one message is enough); `bounds` gives it at validation time."""

    def __init__(self, bounds: Callable[[], tuple[date, date]]) -> None:
        self.bounds = bounds

    def __call__(self, form: FlaskForm, field: Field) -> None:
        first, last = self.bounds()
        if isinstance(field.data, date) and not first <= field.data <= last:
            raise StopValidation(
                _(
                    "Choose a day between %(first)s and %(last)s.",
                    first=format_date(first, "medium"),
                    last=format_date(last, "medium"),
                )
            )


ANY_DAY = DayRange(lambda: (clock.FIRST_DAY, clock.LAST_DAY))
BOOKING_DAY = DayRange(clock.booking_days)


class Form(FlaskForm):
    """A FlaskForm whose fields follow the rules above."""

    class Meta:
        def bind_field(self, form: FlaskForm, unbound_field: Any, options: dict) -> Field:
            kind = unbound_field.field_class
            kwargs = unbound_field.kwargs
            validators = list(kwargs.get("validators") or ())
            filters = list(kwargs.get("filters") or ())
            if issubclass(kind, StringField) and not issubclass(kind, PasswordField):
                multi_line = issubclass(kind, TextAreaField)
                options["filters"] = [_cleaned(clean_text if multi_line else clean_line), *filters]
                if not multi_line:
                    options["validators"] = [*validators, one_line]
            elif issubclass(kind, IntegerField):
                options["validators"] = [fits_a_column, *validators]
            elif issubclass(kind, DateField):
                options["validators"] = [*validators, ANY_DAY]
            return unbound_field.bind(form=form, **options)
