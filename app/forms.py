"""WTForms classes; FlaskForm adds the CSRF field to each."""

from __future__ import annotations

from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

LANGUAGE_CHOICES = [SelectChoice("tr", "Türkçe"), SelectChoice("en", "English")]


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1000)])


class UnlockForm(FlaskForm):
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1000)])


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=10, max=1000)])


class LanguageForm(FlaskForm):
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)


class ClientForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    phone = StringField(_l("Mobile phone"), validators=[Optional(), Length(max=40)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Length(max=254)])
    language = SelectField(_l("Language for messages"), choices=LANGUAGE_CHOICES)


class ClinicForm(FlaskForm):
    name = StringField(_l("Clinic name"), validators=[DataRequired(), Length(max=200)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    timezone = SelectField(
        _l("Time zone"), choices=[SelectChoice(z, z) for z in sorted(available_timezones())]
    )
    locale = SelectField(_l("Default language"), choices=LANGUAGE_CHOICES)
    idle_timeout_minutes = IntegerField(
        _l("Lock after idle minutes"), validators=[DataRequired(), NumberRange(min=1, max=240)]
    )
