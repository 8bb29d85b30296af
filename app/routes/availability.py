"""Availability administration: weekly hours, breaks, time off, holidays, booking settings.

Each card on the pages is a component that updates itself: an HTMX post answers with
the refreshed card and an empty form (422 and the form as sent when it has errors); a
plain form post is redirected back to its page."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from app import clock
from app.extensions import db, htmx
from app.forms import BookingSettingsForm, HolidayForm, HoursForm, TimeOffForm, weekday_names
from app.models import User, WeeklyHours
from app.services import audit, feeds, hours, users

bp = Blueprint("availability", __name__, url_prefix="/admin/availability")

FIRST_YEAR, LAST_YEAR = clock.FIRST_DAY.year, clock.LAST_DAY.year
PROBLEMS = {
    "order": _l("The end must come after the start."),
    "overlap": _l("This overlaps another span of the same kind on that day."),
    "too_long": _l("Enter at most a year at a time."),
    "far": _l("Enter a day from %(first)d to %(last)d.", first=FIRST_YEAR, last=LAST_YEAR),
    "range": _l("Enter a number from 0 to 60."),
    "step": _l("Choose one of the offered steps."),
    "weekday": _l("Choose a day."),
    "kind": _l("Choose working time or break."),
}
Answer = str | Response | tuple[str, int]


def load_therapist(therapist_id: uuid.UUID) -> User:
    """A therapist of this clinic, or 404 (another clinic's looks like none at all)."""
    therapist = hours.find_therapist(g.clinic_id, therapist_id)
    if therapist is None:
        abort(404)
    return therapist


def _refused(form: Any, error: hours.InvalidAvailability) -> None:
    getattr(form, error.field).errors.append(str(PROBLEMS[error.problem]))


def _changed(fragment: str, context: dict[str, Any], back: str, message: str) -> Answer:
    """HTMX gets the refreshed card; a plain form post goes back to the page."""
    if htmx:
        return render_template(fragment, saved=message, **context)
    flash(message, "success")
    return redirect(back)


def _invalid(fragment: str, context: dict[str, Any], page: Callable[[], str]) -> tuple[str, int]:
    return (render_template(fragment, **context) if htmx else page()), 422


# --- the clinic: holidays and booking settings ---------------------------------------


def _holidays(form: HolidayForm | None = None) -> dict[str, Any]:
    return {
        "holidays": hours.absences(g.clinic, None, clock.now()),
        "holiday_form": form or HolidayForm(formdata=None),
    }


def _booking(form: BookingSettingsForm | None = None) -> dict[str, Any]:
    return {"booking_form": form or BookingSettingsForm(formdata=None, obj=g.clinic)}


def _clinic_page(
    holiday_form: HolidayForm | None = None, booking_form: BookingSettingsForm | None = None
) -> str:
    return render_template(
        "availability/index.html",
        therapists=users.therapists(g.clinic_id),
        **{**_holidays(holiday_form), **_booking(booking_form)},
    )


@bp.get("/")
def index() -> str:
    """Therapists to pick from, the clinic's holidays and its booking settings."""
    return _clinic_page()


@bp.post("/booking")
def update_booking() -> Answer:
    """Save the buffer after each session and the step between offered start times."""
    form = BookingSettingsForm()
    if form.validate_on_submit():
        try:
            changed = hours.update_booking_settings(
                g.clinic, form.buffer_minutes.data, form.slot_step_minutes.data
            )
        except hours.InvalidAvailability as exc:
            _refused(form, exc)
        else:
            audit.record(
                current_user, "clinic.booking_updated", g.clinic, g.clinic_id, fields=changed
            )
            db.session.commit()
            return _changed(
                "availability/_booking_form.html",
                _booking(),
                url_for("availability.index"),
                _("Booking settings saved."),
            )
    return _invalid(
        "availability/_booking_form.html", _booking(form), lambda: _clinic_page(booking_form=form)
    )


@bp.post("/holidays")
def add_holiday() -> Answer:
    """Close the clinic for whole days."""
    form = HolidayForm()
    if form.validate_on_submit():
        try:
            holiday = hours.add_holiday(
                g.clinic, form.first_day.data, form.last_day.data, form.reason.data
            )
        except hours.InvalidAvailability as exc:
            _refused(form, exc)
        else:
            audit.record(current_user, "holiday.added", holiday, g.clinic_id)
            db.session.commit()
            return _changed(
                "availability/_holidays.html",
                _holidays(),
                url_for("availability.index"),
                _("Holiday added."),
            )
    return _invalid(
        "availability/_holidays.html", _holidays(form), lambda: _clinic_page(holiday_form=form)
    )


@bp.post("/holidays/<uuid:holiday_id>/delete")
def remove_holiday(holiday_id: uuid.UUID) -> Answer:
    """Open the clinic again on a holiday."""
    holiday = hours.remove_time_off(None, holiday_id)
    if holiday is None:
        abort(404)
    audit.record(current_user, "holiday.removed", holiday, g.clinic_id)
    db.session.commit()
    return _changed(
        "availability/_holidays.html",
        _holidays(),
        url_for("availability.index"),
        _("Holiday removed."),
    )


# --- one therapist: weekly hours and time off ----------------------------------------


def _hours(therapist: User, form: HoursForm | None = None) -> dict[str, Any]:
    return {
        "therapist": therapist,
        "week": hours.weekly_hours(therapist.id),
        "day_names": weekday_names(),
        "hours_form": form or HoursForm(formdata=None),
    }


def _time_off(therapist: User, form: TimeOffForm | None = None) -> dict[str, Any]:
    return {
        "therapist": therapist,
        "absences": hours.absences(g.clinic, therapist.id, clock.now()),
        "time_off_form": form or TimeOffForm(formdata=None),
    }


def _therapist_page(
    therapist: User, hours_form: HoursForm | None = None, time_off_form: TimeOffForm | None = None
) -> str:
    context = {**_hours(therapist, hours_form), **_time_off(therapist, time_off_form)}
    return render_template(
        "availability/therapist.html", feed=feeds.active_feed(therapist.id), **context
    )


@bp.get("/<uuid:therapist_id>")
def therapist(therapist_id: uuid.UUID) -> str:
    """A therapist's weekly hours, breaks, time off and calendar feed."""
    return _therapist_page(load_therapist(therapist_id))


@bp.post("/<uuid:therapist_id>/hours")
def add_hours(therapist_id: uuid.UUID) -> Answer:
    """Add a working span or a break on one weekday."""
    therapist = load_therapist(therapist_id)
    form = HoursForm()
    if form.validate_on_submit():
        try:
            row = hours.add_hours(
                g.clinic_id,
                therapist.id,
                form.weekday.data,
                form.kind.data,
                form.starts.data,
                form.ends.data,
            )
        except hours.InvalidAvailability as exc:
            _refused(form, exc)
        else:
            return _hours_changed(therapist, row, "hours.added")
    return _invalid(
        "availability/_hours.html",
        _hours(therapist, form),
        lambda: _therapist_page(therapist, hours_form=form),
    )


@bp.post("/<uuid:therapist_id>/hours/<int:hours_id>/delete")
def remove_hours(therapist_id: uuid.UUID, hours_id: int) -> Answer:
    """Remove a working span or a break."""
    therapist = load_therapist(therapist_id)
    row = hours.remove_hours(therapist.id, hours_id)
    if row is None:
        abort(404)
    return _hours_changed(therapist, row, "hours.removed")


def _hours_changed(therapist: User, row: WeeklyHours, action: str) -> Answer:
    """Audit a change to the weekly hours, commit, and answer with the fresh card."""
    audit.record(
        current_user,
        action,
        ("user", therapist.id),
        g.clinic_id,
        weekday=row.weekday,
        kind=row.kind,
        starts=row.starts.isoformat("minutes"),
        ends=row.ends.isoformat("minutes"),
    )
    db.session.commit()
    return _changed(
        "availability/_hours.html",
        _hours(therapist),
        url_for("availability.therapist", therapist_id=therapist.id),
        _("Working hours saved."),
    )


@bp.post("/<uuid:therapist_id>/time-off")
def add_time_off(therapist_id: uuid.UUID) -> Answer:
    """Take a therapist off the calendar for some hours or whole days."""
    therapist = load_therapist(therapist_id)
    form = TimeOffForm()
    if form.validate_on_submit():
        try:
            absence = hours.add_time_off(
                g.clinic,
                therapist.id,
                form.first_day.data,
                form.last_day.data,
                form.starts.data,
                form.ends.data,
                form.reason.data,
            )
        except hours.InvalidAvailability as exc:
            _refused(form, exc)
        else:
            audit.record(current_user, "time_off.added", absence, g.clinic_id)
            db.session.commit()
            return _changed(
                "availability/_time_off.html",
                _time_off(therapist),
                url_for("availability.therapist", therapist_id=therapist.id),
                _("Time off added."),
            )
    return _invalid(
        "availability/_time_off.html",
        _time_off(therapist, form),
        lambda: _therapist_page(therapist, time_off_form=form),
    )


@bp.post("/<uuid:therapist_id>/time-off/<uuid:time_off_id>/delete")
def remove_time_off(therapist_id: uuid.UUID, time_off_id: uuid.UUID) -> Answer:
    """Cancel a therapist's time off."""
    therapist = load_therapist(therapist_id)
    absence = hours.remove_time_off(therapist.id, time_off_id)
    if absence is None:
        abort(404)
    audit.record(current_user, "time_off.removed", absence, g.clinic_id)
    db.session.commit()
    return _changed(
        "availability/_time_off.html",
        _time_off(therapist),
        url_for("availability.therapist", therapist_id=therapist.id),
        _("Time off removed."),
    )
