"""Forms for booking, moving, cancelling and marking sessions (choices are set per request),
and what they say when the booking service refuses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    TimeField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from app.form_base import BOOKING_DAY, Form
from app.models import AppointmentStatus, CancelReason
from app.services import appointments, series
from app.services.i18n import clinic_zone

NO_REPEAT = "0"
REPEAT_CHOICES = [
    SelectChoice(NO_REPEAT, _l("Does not repeat")),
    SelectChoice("1", _l("Every week")),
    SelectChoice("2", _l("Every other week")),
]
SCOPE_CHOICES = [
    SelectChoice("0", _l("Only this session")),
    SelectChoice("1", _l("This and the following sessions")),
]
MAX_MINUTES = 8 * 60


def _length() -> IntegerField:
    return IntegerField(
        _l("Length (minutes)"), validators=[InputRequired(), NumberRange(min=5, max=MAX_MINUTES)]
    )


def _video_link() -> URLField:
    return URLField(
        _l("Video link"),
        validators=[
            Optional(),
            Length(max=500),
            Regexp(r"^https?://[^\s<>\"']+$", message=_l("Enter a link that starts with https://")),
        ],
    )


class AppointmentForm(Form):
    therapist_id = SelectField(_l("Therapist"))
    client_id = SelectField(_l("Client"))
    session_type = SelectField(_l("Session type"))
    date = DateField(_l("Date"), validators=[InputRequired(), BOOKING_DAY])
    time = TimeField(_l("Start"), validators=[InputRequired()])
    duration = _length()
    video_link = _video_link()
    override_hours = BooleanField(_l("Book outside working hours"))
    repeat = SelectField(_l("Repeat"), choices=REPEAT_CHOICES, default=NO_REPEAT)
    count = IntegerField(
        _l("Number of sessions"), validators=[Optional(), NumberRange(min=2, max=104)]
    )
    until = DateField(_l("Until"), validators=[Optional(), BOOKING_DAY])

    @property
    def repeating(self) -> bool:
        return self.repeat.data not in (None, "", NO_REPEAT)

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.repeating and (self.count.data is None) == (self.until.data is None):
            self.count.errors = [
                *self.count.errors,
                str(_l("Give either the number of sessions or an end date.")),
            ]
            valid = False
        return valid


class MoveForm(Form):
    therapist_id = SelectField(_l("Therapist"))
    date = DateField(_l("Date"), validators=[InputRequired(), BOOKING_DAY])
    time = TimeField(_l("Start"), validators=[InputRequired()])
    duration = _length()
    override_hours = BooleanField(_l("Book outside working hours"))
    following = RadioField(_l("Which sessions"), choices=SCOPE_CHOICES, default="0")


class DetailsForm(Form):
    session_type = SelectField(_l("Session type"), validators=[InputRequired()])
    video_link = _video_link()


class CancelForm(Form):
    reason = SelectField(
        _l("Reason"),
        choices=[
            SelectChoice(CancelReason.CLIENT.value, _l("Client cancelled")),
            SelectChoice(CancelReason.THERAPIST.value, _l("Therapist cancelled")),
            SelectChoice(CancelReason.LATE.value, _l("Late cancellation")),
        ],
        validators=[InputRequired()],
    )
    following = RadioField(_l("Which sessions"), choices=SCOPE_CHOICES, default="0")


class AttendanceForm(Form):
    status = SelectField(
        choices=[AppointmentStatus.ATTENDED.value, AppointmentStatus.NO_SHOW.value],
        validators=[InputRequired()],
    )


@dataclass
class Problem:
    """Why a booking or move was refused, for the form to show."""

    message: str
    alternatives: list[datetime] = field(default_factory=list)
    override: bool = False


def with_slot(data: MultiDict) -> MultiDict:
    """A picked alternative (`slot`, local ISO time) replaces the date and time typed."""
    try:
        moment = datetime.fromisoformat(data.get("slot", ""))
    except ValueError:
        return data
    data = data.copy()
    data["date"], data["time"] = moment.date().isoformat(), moment.strftime("%H:%M")
    return data


def problem_for(exc: appointments.BookingError, start: datetime) -> Problem:
    """What the form says when the booking service refused."""
    zone = clinic_zone()
    if isinstance(exc, appointments.SlotTaken):
        clash_start, clash_end = exc.clash_start.astimezone(zone), exc.clash_end.astimezone(zone)
        times = {"start": f"{clash_start:%H:%M}", "end": f"{clash_end:%H:%M}"}
        if exc.by_client:
            message = _("The client already has a session %(start)s–%(end)s.", **times)
        else:
            message = _("Conflicts with a session %(start)s–%(end)s.", **times)
        if clash_start.date() != start.astimezone(zone).date():
            message = f"{format_date(clash_start.date(), 'full')}: {message}"
        return Problem(message, [a.astimezone(zone) for a in exc.alternatives])
    if isinstance(exc, appointments.OutsideHours):
        return Problem(
            _("This time is outside the therapist's working hours."),
            override=True,
        )
    if isinstance(exc, series.SeriesConflict):
        days = ", ".join(format_date(s.astimezone(zone).date(), "medium") for s in exc.clashes)
        parts = [_("Clashes with other sessions on: %(days)s.", days=days)] if exc.clashes else []
        if exc.outside_hours:
            parts.append(_("Some sessions fall outside working hours."))
        return Problem(" ".join(parts), override=bool(exc.outside_hours))
    if isinstance(exc, appointments.InvalidLength):
        return Problem(_("A session lasts from 5 minutes to 12 hours."))
    if isinstance(exc, appointments.OutOfReach):
        return Problem(_("Sessions are booked within five years of today."))
    if isinstance(exc, appointments.NotBookable):
        return Problem(_("This session can no longer be changed."))
    return Problem(_("Choose a session type."))
