"""Booking, moving, cancelling and marking sessions from the calendar.

Forms open in the calendar's side panel. A refused change answers 422 with the form
again, saying why (a clash with the nearest free times to pick from, or hours that
need an override); a change that worked answers 204 with the `calendar-changed`
event, on which the calendar view reloads itself.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from app import clock, labels
from app.booking_forms import (
    AppointmentForm,
    AttendanceForm,
    CancelForm,
    DetailsForm,
    MoveForm,
    Problem,
    problem_for,
    with_slot,
)
from app.extensions import db, htmx
from app.models import Appointment, AppointmentStatus, CancelReason, Role
from app.policy import P, require
from app.services import appointments, audit, booking, clients, notes, series, users
from app.services.i18n import clinic_zone

bp = Blueprint("appointments", __name__, url_prefix="/appointments")

CHANGED = "calendar-changed"
Rendered = tuple[str, int]


@bp.context_processor
def _helpers() -> dict:
    return {"cancel_reason_label": labels.cancel_reason_label}


def load_appointment(appointment_id: uuid.UUID) -> Appointment:
    """The clinic's appointment, or 404; a therapist may act only on their own."""
    appointment = booking.get_appointment(g.clinic_id, appointment_id)
    if appointment is None:
        abort(404)
    if g.role is Role.THERAPIST:
        own = appointment.therapist_id == current_user.id
        require(P.TREATING_THERAPIST if own else P.OTHER_THERAPIST)
    else:
        require(P.ADMIN if g.role is Role.ADMIN else P.RECEPTIONIST)
    return appointment


def _therapist_choices() -> list[tuple[str, str]]:
    if g.role is Role.THERAPIST:
        return [(str(current_user.id), current_user.name)]
    return [(str(t.id), t.name) for t in users.therapists(g.clinic_id)]


def _type_choices() -> list[tuple[str, str, int, bool]]:
    return [
        (t.code, _type_label(t.code, t.name), t.duration_minutes, t.online)
        for t in booking.session_types(g.clinic_id)
    ]


def _type_label(code: str, name: str) -> str:
    return labels.session_type_label(code) if code in labels.SESSION_TYPES else name


def _start(form: AppointmentForm | MoveForm) -> datetime | None:
    start = booking.local_start(form.date.data, form.time.data, clinic_zone())
    if start is None:
        form.time.errors = [_("The clocks change at this time; choose another.")]
    return start


def _changed(day: date) -> Response:
    """Tell the calendar to reload itself (or, without HTMX, go back to it)."""
    if htmx:
        return Response(status=204, headers={"HX-Trigger": CHANGED})
    endpoint = "calendar.week" if g.role is Role.THERAPIST else "calendar.day"
    return redirect(url_for(endpoint, date=day.isoformat()), 303)


def _render(fragment: str, status: int = 200, **context) -> Rendered:
    if htmx:
        return render_template(fragment, **context), status
    return render_template("appointments/page.html", fragment=fragment, **context), status


# --- booking ---------------------------------------------------------------------


def _booking_form(formdata: MultiDict | None) -> tuple[AppointmentForm, list]:
    form = AppointmentForm(formdata=formdata)
    form.therapist_id.choices = _therapist_choices()
    viewer = current_user.id if g.role is Role.THERAPIST else None
    form.client_id.choices = [
        (str(i), name) for i, name in booking.client_choices(g.clinic_id, viewer)
    ]
    types = _type_choices()
    form.session_type.choices = [(code, label) for code, label, _m, _o in types]
    return form, types


def _render_booking(
    form: AppointmentForm, types: list, status: int = 200, problem: Problem | None = None
) -> Rendered:
    online = {code for code, _l, _m, is_online in types if is_online}
    return _render(
        "appointments/_form.html",
        status,
        form=form,
        problem=problem,
        online=form.session_type.data in online,
        show_override=bool(form.override_hours.data or (problem and problem.override)),
        title=_("New session"),
    )


@bp.get("/new")
def new() -> Rendered:
    """The booking form for a free slot; re-rendered as the type or repeat changes."""
    changed = request.args.get("changed")
    form, types = _booking_form(request.args if changed else None)
    defaults = {code: minutes for code, _l, minutes, _o in types}
    if changed == "session_type" and form.session_type.data in defaults:
        form.duration.data = defaults[form.session_type.data]
        form.duration.raw_data = None  # show the type's length, not the one sent
    if not changed:
        zone = clinic_zone()
        therapist = request.args.get("therapist", "")
        if therapist in dict(form.therapist_id.choices):
            form.therapist_id.data = therapist
        try:
            start = datetime.fromisoformat(request.args.get("start", "")).replace(tzinfo=zone)
        except ValueError:
            step = g.clinic.slot_step_minutes
            now = clock.now().astimezone(zone).replace(second=0, microsecond=0)
            start = now + timedelta(minutes=-(now.hour * 60 + now.minute) % step)
        form.date.data, form.time.data = start.date(), start.time()
        if types:
            form.session_type.data = types[0][0]
            form.duration.data = types[0][2]
    return _render_booking(form, types)


@bp.post("/")
def create() -> Response | Rendered:
    """Book one session, or a weekly or every-other-week series."""
    form, types = _booking_form(with_slot(request.form))
    if not form.validate_on_submit() or (start := _start(form)) is None:
        return _render_booking(form, types, 422)
    therapist_id, client_id = uuid.UUID(form.therapist_id.data), uuid.UUID(form.client_id.data)
    try:
        if form.repeating:
            made = series.create_series(
                g.clinic,
                therapist_id,
                client_id,
                start,
                form.session_type.data,
                int(form.repeat.data),
                count=form.count.data,
                until=form.until.data,
                video_link=form.video_link.data or None,
                override_hours=form.override_hours.data,
            )
            action = "series.created"
        else:
            made = appointments.book_appointment(
                g.clinic,
                therapist_id,
                client_id,
                start,
                form.session_type.data,
                duration=form.duration.data,
                video_link=form.video_link.data or None,
                override_hours=form.override_hours.data,
            )
            action = "appointment.created"
    except appointments.BookingError as exc:
        db.session.rollback()
        return _render_booking(form, types, 422, problem_for(exc, start))
    except ValueError:  # a series that cannot be (an end date before the first session)
        db.session.rollback()
        form.until.errors = [_("The end date must come after the first session.")]
        return _render_booking(form, types, 422)
    audit.record(
        current_user,
        action,
        made,
        g.clinic_id,
        therapist_id=therapist_id,
        client_id=client_id,
        start=start.isoformat(),
        outside_hours=form.override_hours.data,
    )
    db.session.commit()
    return _changed(form.date.data)


# --- one appointment ---------------------------------------------------------------


def _render_detail(
    appointment: Appointment,
    status: int = 200,
    cancel: CancelForm | None = None,
    error=None,
    details: DetailsForm | None = None,
) -> Rendered:
    zone = clinic_zone()
    name = clients.reveal_names(g.clinic_id, [appointment.client_id]).get(appointment.client_id)
    therapist = users.staff_member(g.clinic_id, appointment.therapist_id)
    return _render(
        "appointments/_detail.html",
        status,
        appointment=appointment,
        client_name=name or "",
        therapist_name=therapist.name if therapist else "",
        start=appointment.start_at.astimezone(zone),
        end=appointment.end_at.astimezone(zone),
        active=appointment.status in (AppointmentStatus.BOOKED, AppointmentStatus.CONFIRMED),
        begun=appointment.start_at <= clock.now(),
        cancel=cancel or CancelForm(formdata=None),
        details=details or _details_form(appointment, None),
        error=error,
        has_note=notes.note_for(appointment) is not None,
        title=_("Session"),
    )


@bp.get("/<uuid:appointment_id>")
def show(appointment_id: uuid.UUID) -> Rendered:
    """One session with what can be done to it."""
    appointment = load_appointment(appointment_id)
    audit.record(current_user, "appointment.viewed", appointment, g.clinic_id)
    db.session.commit()
    return _render_detail(appointment)


def _move_form(appointment: Appointment, formdata: MultiDict | None) -> MoveForm:
    form = MoveForm(formdata=formdata)
    form.therapist_id.choices = _therapist_choices()
    if formdata is None:
        start = appointment.start_at.astimezone(clinic_zone())
        form.therapist_id.data = str(appointment.therapist_id)
        form.date.data, form.time.data = start.date(), start.time()
        form.duration.data = int((appointment.end_at - appointment.start_at).total_seconds() // 60)
    return form


def _render_move(
    appointment: Appointment, form: MoveForm, status: int = 200, problem: Problem | None = None
) -> Rendered:
    return _render(
        "appointments/_move.html",
        status,
        appointment=appointment,
        form=form,
        problem=problem,
        show_override=bool(form.override_hours.data or (problem and problem.override)),
        title=_("Move session"),
    )


@bp.get("/<uuid:appointment_id>/move")
def edit(appointment_id: uuid.UUID) -> Rendered:
    """The form to move a session to another time or therapist."""
    appointment = load_appointment(appointment_id)
    return _render_move(appointment, _move_form(appointment, None))


@bp.post("/<uuid:appointment_id>/move")
def move(appointment_id: uuid.UUID) -> Response | Rendered:
    """Move one session, or it and the following ones of its series."""
    appointment = load_appointment(appointment_id)
    form = _move_form(appointment, with_slot(request.form))
    if not form.validate_on_submit() or (start := _start(form)) is None:
        return _render_move(appointment, form, 422)
    therapist_id = uuid.UUID(form.therapist_id.data)
    following = form.following.data == "1" and appointment.series_id is not None
    length = int((appointment.end_at - appointment.start_at).total_seconds() // 60)
    if following and (therapist_id != appointment.therapist_id or form.duration.data != length):
        form.following.errors = [_("Change the therapist or length one session at a time.")]
        return _render_move(appointment, form, 422)
    try:
        if following:
            moved = series.move_occurrences(
                g.clinic,
                appointment,
                start,
                following=True,
                override_hours=form.override_hours.data,
            )
        else:
            appointments.move_appointment(
                g.clinic,
                appointment,
                start,
                therapist_id=therapist_id,
                duration=form.duration.data,
                override_hours=form.override_hours.data,
            )
            moved = 1
    except appointments.BookingError as exc:
        db.session.rollback()
        return _render_move(appointment, form, 422, problem_for(exc, start))
    audit.record(
        current_user,
        "appointment.moved",
        appointment,
        g.clinic_id,
        therapist_id=therapist_id,
        start=start.isoformat(),
        following=following,
        moved=moved,
    )
    db.session.commit()
    return _changed(form.date.data)


@bp.post("/<uuid:appointment_id>/details")
def details(appointment_id: uuid.UUID) -> Response | Rendered:
    """Change a session's type or video link."""
    appointment = load_appointment(appointment_id)
    form = _details_form(appointment, request.form)
    if not form.validate_on_submit():
        return _render_detail(appointment, 422, details=form)
    try:
        appointments.change_details(
            g.clinic, appointment, form.session_type.data, form.video_link.data or None
        )
    except appointments.BookingError:
        db.session.rollback()
        return _render_detail(appointment, 422, error=_("This session can no longer be changed."))
    audit.record(current_user, "appointment.details_changed", appointment, g.clinic_id)
    db.session.commit()
    return _changed(appointment.start_at.astimezone(clinic_zone()).date())


def _details_form(appointment: Appointment, formdata: MultiDict | None) -> DetailsForm:
    form = DetailsForm(
        formdata=formdata,
        session_type=appointment.session_type,
        video_link=appointment.video_link,
    )
    form.session_type.choices = [(code, label) for code, label, _m, _o in _type_choices()]
    return form


@bp.post("/<uuid:appointment_id>/cancel")
def cancel(appointment_id: uuid.UUID) -> Response | Rendered:
    """Cancel a session (or it and the following ones) with the reason."""
    appointment = load_appointment(appointment_id)
    form = CancelForm()
    if not form.validate_on_submit():
        return _render_detail(appointment, 422, cancel=form)
    reason = CancelReason(form.reason.data)
    following = form.following.data == "1"
    cancelled = series.cancel_occurrences(appointment, reason, following=following)
    audit.record(
        current_user,
        "appointment.cancelled",
        appointment,
        g.clinic_id,
        reason=reason.value,
        following=following,
        cancelled=cancelled,
    )
    db.session.commit()
    return _changed(appointment.start_at.astimezone(clinic_zone()).date())


@bp.post("/<uuid:appointment_id>/attendance")
def attendance(appointment_id: uuid.UUID) -> Response | Rendered:
    """Mark a session attended or a no-show."""
    appointment = load_appointment(appointment_id)
    form = AttendanceForm()
    if not form.validate_on_submit():
        return _render_detail(appointment, 422, error=_("Choose attended or no-show."))
    status = AppointmentStatus(form.status.data)
    try:
        appointments.mark_attendance(appointment, status)
    except appointments.BookingError:
        db.session.rollback()
        return _render_detail(appointment, 422, error=_("This session can no longer be changed."))
    audit.record(
        current_user, "appointment.attendance_marked", appointment, g.clinic_id, status=status.value
    )
    db.session.commit()
    return _changed(appointment.start_at.astimezone(clinic_zone()).date())
