"""The form a client fills in on a magic-link page (its choices are set per request)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length

from app.form_base import Form
from app.services.links import ConsentItem


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class OnlineConsentForm(Form):
    kinds = SelectMultipleField(
        _l("Consents"), validators=[DataRequired(_l("Tick at least one box to give consent."))]
    )
    full_name = StringField(
        _l("Your full name"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Type your full name.")),
            Length(min=2, max=200, message=_l("Type your full name (2 to 200 characters).")),
        ],
    )

    def __init__(self, offered: list[ConsentItem], *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kinds.choices = [(item.kind.value, item.kind.value) for item in offered]
