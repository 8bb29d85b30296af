"""WTForms classes; each is a form_base.Form (a FlaskForm: CSRF, the text and day rules)."""

from __future__ import annotations

import re
from zoneinfo import available_timezones

from babel.dates import get_day_names
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from app.form_base import Form
from app.labels import ROLES
from app.services.hours import MAX_BUFFER, SLOT_STEPS

LANGUAGE_CHOICES = [SelectChoice("tr", "Türkçe"), SelectChoice("en", "English")]


class LoginForm(Form):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1000)])


class UnlockForm(Form):
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1000)])


class PasswordForm(Form):
    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=10, max=1000)])


ROLE_CHOICES = [SelectChoice(role.value, label) for role, label in ROLES.items()]


class InviteForm(Form):
    """A new member; the address is checked by the service (one answer for any refusal)."""

    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default="therapist")


class RoleForm(Form):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)


class SetPasswordForm(Form):
    """The password behind an invitation or reset link (its length is the service's rule)."""

    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=1000)])


class LanguageForm(Form):
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)


class ClientForm(Form):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    phone = StringField(_l("Mobile phone"), validators=[Optional(), Length(max=40)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Length(max=254)])
    language = SelectField(_l("Language for messages"), choices=LANGUAGE_CHOICES)
    address_form = SelectField(
        _l("In Turkish messages, address them as"),
        choices=[
            SelectChoice("", _l("First name only (Elif)")),
            SelectChoice("hanim", _l("First name and Hanım (Elif Hanım)")),
            SelectChoice("bey", _l("First name and Bey (Ahmet Bey)")),
        ],
        default="",
    )
    channel = SelectField(
        _l("How to reach them"),
        choices=[
            SelectChoice("sms", _l("Text messages (SMS)")),
            SelectChoice("phone", _l("Phone calls by the clinic (no automatic messages)")),
        ],
        default="sms",
    )


class ClinicForm(Form):
    name = StringField(_l("Clinic name"), validators=[DataRequired(), Length(max=200)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    timezone = SelectField(
        _l("Time zone"), choices=[SelectChoice(z, z) for z in sorted(available_timezones())]
    )
    locale = SelectField(_l("Default language"), choices=LANGUAGE_CHOICES)
    idle_timeout_minutes = IntegerField(
        _l("Lock after idle minutes"), validators=[DataRequired(), NumberRange(min=1, max=240)]
    )
    prep_minutes = IntegerField(
        _l("Show “up next” minutes before a session"),
        # Left out of a form (an older page): the current setting stays.
        validators=[Optional(), NumberRange(min=0, max=60)],
    )
    late_cancel_hours = IntegerField(
        _l("Cancelling later than this many hours before a session is late"),
        # Left out of a form (an older page): the current setting stays.
        validators=[Optional(), NumberRange(min=0, max=168)],
    )
    # The page sends "n" after the box, so a missing value means an older page.
    reschedule_needs_approval = BooleanField(
        _l("A new time a client picks on their link waits for staff approval"),
        false_values=("false", "", "n"),
    )


class AudioNotesForm(Form):
    """The clinic's audio notes: off until an admin turns them on."""

    audio_notes_enabled = BooleanField(
        _l("Therapists may record audio notes (each turns them on for themselves too)")
    )
    audio_keep_failed_hours = IntegerField(
        _l("Delete a recording that could not be transcribed after this many hours"),
        validators=[InputRequired(), NumberRange(min=1, max=168)],
    )


class MyAudioNotesForm(Form):
    """A therapist's own choice to record audio notes."""

    audio_notes_enabled = BooleanField(_l("Record audio notes in my sessions"))


def _strip(value: str | None) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) else value


def _names_a_number(form: Form, field: TextAreaField) -> None:
    """A clinic's own emergency text must still tell the client whom to call."""
    if field.data and not re.search(r"\d{3}", field.data):
        raise ValidationError(_l("Name an emergency number (such as 112) in the text."))


class AssistantAnswersForm(Form):
    """What the assistant may tell a client who asks by SMS (empty: staff answer)."""

    parking_info = TextAreaField(
        _l("Parking"), filters=[_strip], validators=[Optional(), Length(max=300)]
    )
    online_info = TextAreaField(
        _l("Online sessions"), filters=[_strip], validators=[Optional(), Length(max=300)]
    )
    fee_info = TextAreaField(_l("Fee"), filters=[_strip], validators=[Optional(), Length(max=200)])
    emergency_text = TextAreaField(
        _l("Emergency text"),
        filters=[_strip],
        validators=[Optional(), Length(max=320), _names_a_number],
    )


class ReminderPlanForm(Form):
    """When the clinic's SMS go out; an empty number of hours means that reminder is off."""

    send_confirmation = SelectField(
        _l("Confirmation when a session is booked"),
        choices=[SelectChoice("yes", _l("Send")), SelectChoice("no", _l("Do not send"))],
    )
    first_reminder_hours = IntegerField(
        _l("First reminder, hours before the session"),
        validators=[Optional(), NumberRange(min=1, max=168)],
    )
    second_reminder_hours = IntegerField(
        _l("Second reminder, hours before the session"),
        validators=[Optional(), NumberRange(min=1, max=48)],
    )
    quiet_start = TimeField(_l("No messages from"), validators=[InputRequired()])
    quiet_end = TimeField(_l("until"), validators=[InputRequired()])


def weekday_names() -> list[str]:
    """Monday to Sunday in the request's language (CLDR names, no catalogue needed)."""
    names = get_day_names("wide", locale=get_locale())
    return [names[day] for day in range(7)]


def weekday_choices() -> list[SelectChoice]:
    return [SelectChoice(day, name) for day, name in enumerate(weekday_names())]


class HoursForm(Form):
    weekday = SelectField(_l("Day"), coerce=int)
    kind = SelectField(
        _l("Kind"),
        choices=[SelectChoice("work", _l("Working time")), SelectChoice("break", _l("Break"))],
    )
    starts = TimeField(_l("From"), validators=[InputRequired()])
    ends = TimeField(_l("Until"), validators=[InputRequired()])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.weekday.choices = weekday_choices()


class TimeOffForm(Form):
    first_day = DateField(_l("First day"), validators=[InputRequired()])
    last_day = DateField(_l("Last day"), validators=[Optional()])
    starts = TimeField(_l("From (time)"), validators=[Optional()])
    ends = TimeField(_l("Until (time)"), validators=[Optional()])
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=120)])


class HolidayForm(Form):
    first_day = DateField(_l("First day"), validators=[InputRequired()])
    last_day = DateField(_l("Last day"), validators=[Optional()])
    reason = StringField(_l("Holiday"), validators=[DataRequired(), Length(max=120)])


class BookingSettingsForm(Form):
    buffer_minutes = IntegerField(
        _l("Buffer after each session (minutes)"),
        validators=[InputRequired(), NumberRange(min=0, max=MAX_BUFFER)],
    )
    slot_step_minutes = SelectField(
        _l("Offer start times every"),
        coerce=int,
        choices=[SelectChoice(step, _l("%(count)d min", count=step)) for step in SLOT_STEPS],
    )


CONSENT_KINDS = {
    "data_processing": _l("Data processing (KVKK/GDPR)"),
    "sms": _l("SMS reminders"),
    "ai_assistant": _l("AI-assisted administration"),
    "recording": _l("Audio recording"),
}
CONSENT_METHODS = {"paper": _l("On paper"), "online": _l("Online")}


def consent_kind_label(kind: str) -> str:
    return str(CONSENT_KINDS.get(str(kind), kind))


def consent_kind_choices() -> list[SelectChoice]:
    return [SelectChoice(kind, label) for kind, label in CONSENT_KINDS.items()]


class ConsentKindForm(Form):
    """Record a paper consent, or withdraw one, of the chosen kind."""

    kind = SelectField(_l("Consent"), validators=[DataRequired()])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = consent_kind_choices()


class ConsentTextForm(Form):
    kind = SelectField(_l("Consent"), validators=[DataRequired()])
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)
    body = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=20000)])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = consent_kind_choices()


class CodeForm(Form):
    """The second step of a sign-in: a code from the authenticator or a recovery code."""

    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=20)])
    remember = BooleanField(_l("Remember this device for 30 days"))


class EnrolForm(Form):
    code = StringField(_l("Code from the app"), validators=[DataRequired(), Length(max=20)])


class ConfirmPasswordForm(Form):
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1000)])


class SecondFactorRuleForm(Form):
    required = BooleanField(_l("Every member of the clinic signs in with a second factor"))
