"""What clients asked of staff through their links: another time, or a late cancellation.

Reception and admins see the whole clinic; a therapist sees their own sessions. A
decision answers with the list fragment to HTMX, and a redirect to a plain form."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.extensions import db, htmx
from app.models import Appointment, RescheduleRequest, Role
from app.policy import P, require
from app.services import appointments, booking, client_requests

bp = Blueprint("requests", __name__, url_prefix="/requests")

Rendered = tuple[str, int]
FRONT_DESK_ROLES = (Role.RECEPTIONIST, Role.ADMIN)


@bp.app_context_processor
def _waiting_badge() -> dict:
    return {"waiting_requests": _waiting_count}


def _waiting_count() -> int | None:
    """How many requests wait, for the navigation; None for whoever has no link there."""
    if not current_user.is_authenticated or g.get("role") not in FRONT_DESK_ROLES:
        return None
    return client_requests.waiting_count(g.clinic_id)


def _own_only() -> uuid.UUID | None:
    return current_user.id if g.role is Role.THERAPIST else None


def _render(
    status: int = 200, *, notice: str | None = None, problem: str | None = None
) -> Rendered:
    pending, late = client_requests.waiting(g.clinic, _own_only())
    template = "requests/_list.html" if htmx else "requests/index.html"
    context = {"pending": pending, "late": late, "notice": notice, "problem": problem}
    return render_template(template, **context), status


def _answer(*, notice: str | None = None, problem: str | None = None) -> Response | Rendered:
    if htmx:
        return _render(422 if problem else 200, notice=notice, problem=problem)
    flash(problem or notice or "", "error" if problem else "success")
    return redirect(url_for("requests.index"))


def _check(appointment: Appointment) -> None:
    """A therapist may decide only for their own sessions."""
    if g.role is Role.THERAPIST:
        own = appointment.therapist_id == current_user.id
        require(P.TREATING_THERAPIST if own else P.OTHER_THERAPIST)
    else:
        require(P.ADMIN if g.role is Role.ADMIN else P.RECEPTIONIST)


def _load(request_id: uuid.UUID) -> RescheduleRequest:
    row = client_requests.get_request(g.clinic_id, request_id)
    if row is None:
        abort(404)
    _check(db.session.get_one(Appointment, row.appointment_id))
    return row


@bp.get("")
def index() -> Rendered:
    """Reschedule requests and late cancellations waiting for staff."""
    return _render()


@bp.post("/<uuid:request_id>/approve")
def approve(request_id: uuid.UUID) -> Response | Rendered:
    """Move the session to the time the client asked for."""
    row = _load(request_id)
    try:
        client_requests.approve(g.clinic, row, current_user)
    except client_requests.AlreadyDecided:
        return _answer(problem=_("This request was already answered."))
    except appointments.BookingError:
        db.session.rollback()
        return _answer(
            problem=_("The time the client asked for is no longer free. The request stays open.")
        )
    db.session.commit()
    return _answer(notice=_("The session is moved to the time the client asked for."))


@bp.post("/<uuid:request_id>/decline")
def decline(request_id: uuid.UUID) -> Response | Rendered:
    """Turn the request down; the session stays where it is."""
    row = _load(request_id)
    try:
        client_requests.decline(row, current_user)
    except client_requests.AlreadyDecided:
        return _answer(problem=_("This request was already answered."))
    db.session.commit()
    return _answer(notice=_("Request declined. The session stays at its time."))


@bp.post("/late/<uuid:appointment_id>")
def settle_late(appointment_id: uuid.UUID) -> Response | Rendered:
    """Answer a late cancellation: cancel the session as late, or keep it."""
    appointment = booking.get_appointment(g.clinic_id, appointment_id)
    if appointment is None:
        abort(404)
    _check(appointment)
    decision = request.form.get("decision")
    if decision not in ("cancel", "keep"):
        return _answer(problem=_("Choose whether to cancel the session or keep it."))
    cancel = decision == "cancel"
    if not client_requests.settle_late_cancel(appointment, current_user, cancel=cancel):
        return _answer(problem=_("This request was already answered."))
    db.session.commit()
    if cancel:
        return _answer(notice=_("The session is cancelled as a late cancellation."))
    return _answer(notice=_("The session is kept."))
