"""The client's appointment page behind an SMS link: confirm, cancel, another time.

GET only shows (SMS apps fetch links to preview them); each action is a POST with a
CSRF token. Every request counts against the link's and the address's limits first.
The page speaks the client's language, whatever the browser asks for."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, render_template, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.services import appointments, client_pages
from app.services.client_pages import AppointmentPage, Outcome

bp = Blueprint("client_pages", __name__, url_prefix="/r")

Rendered = str | tuple[str, int]
RETRY_AFTER = str(int(client_pages.WINDOW.total_seconds()))
# Shown after an action; lazy, so they come out in the client's language.
CLOSED = _l("This session can no longer be changed here. Please call the clinic.")
CONFIRMED = _l("Thank you, your session is confirmed.")
CANCELLED = _l("Your session is cancelled.")
LATE = _l("It is too late to cancel this session here. The clinic will call you about it.")
REQUESTED = _l(
    "Thank you. The clinic will let you know whether the new time suits them. "
    "Until then your session stays as it is."
)
MOVED = _l("Your session is moved to the new time.")
PICK_ONE = _l("Pick one of the times below.")
TAKEN = _l("Sorry, that time has just been taken. Please pick another one.")


@bp.before_request
def _throttle() -> tuple[str, int, dict[str, str]] | None:
    token = (request.view_args or {}).get("appointment_token", "")
    allowed = client_pages.allow_request(token, request.remote_addr)
    db.session.commit()  # the count stands whatever the request does next
    if not allowed:
        return render_template("links/appointment_busy.html"), 429, {"Retry-After": RETRY_AFTER}
    return None


def _missing() -> tuple[str, int]:
    # Unknown, expired, revoked and altered links get one answer, in the browser's language.
    return render_template("links/missing.html"), 404


def _render(template: str, page: AppointmentPage, status: int = 200, **context) -> Rendered:
    token = (request.view_args or {})["appointment_token"]
    with force_locale(page.language):
        return render_template(template, page=page, token=token, **context), status


def _show(token: str, status: int = 200, **context) -> Rendered:
    page = client_pages.appointment_page(token)
    if page is None:
        return _missing()
    db.session.commit()
    return _render("links/appointment.html", page, status, **context)


@bp.get("/<appointment_token>")
def show(appointment_token: str) -> Rendered:
    """Show the session: date, time, therapist, status, and what the client may do."""
    page = client_pages.appointment_page(appointment_token, opened=True)
    if page is None:
        return _missing()
    db.session.commit()
    return _render("links/appointment.html", page)


@bp.post("/<appointment_token>/confirm")
def confirm(appointment_token: str) -> Rendered:
    """Confirm the session."""
    outcome = client_pages.confirm(appointment_token)
    if outcome is None:
        return _missing()
    if outcome is Outcome.CLOSED:
        return _show(appointment_token, 409, notice=CLOSED)
    return _show(appointment_token, notice=CONFIRMED)


@bp.get("/<appointment_token>/cancel")
def cancel_form(appointment_token: str) -> Rendered:
    """The clinic's cancellation rule, and the button that cancels."""
    page = client_pages.appointment_page(appointment_token)
    if page is None:
        return _missing()
    db.session.commit()
    if not page.open:
        return _render("links/appointment.html", page)
    return _render("links/appointment_cancel.html", page)


@bp.post("/<appointment_token>/cancel")
def cancel(appointment_token: str) -> Rendered:
    """Cancel in good time, or ask the clinic to when it is late."""
    outcome = client_pages.cancel(appointment_token)
    if outcome is None:
        return _missing()
    if outcome is Outcome.CLOSED:
        return _show(appointment_token, 409, notice=CLOSED)
    if outcome is Outcome.LATE_CANCEL_ASKED:
        return _show(appointment_token, notice=LATE)
    return _show(appointment_token, notice=CANCELLED)


def _times(token: str, status: int = 200, problem: object = None) -> Rendered:
    found = client_pages.offered_times(token)
    if found is None:
        return _missing()
    page, days = found
    db.session.commit()
    if not page.open:
        return _render("links/appointment.html", page)
    return _render("links/appointment_times.html", page, status, days=days, problem=problem)


@bp.get("/<appointment_token>/times")
def times(appointment_token: str) -> Rendered:
    """Free times with the same therapist over the next two weeks."""
    return _times(appointment_token)


def _picked() -> datetime | None:
    try:
        start = datetime.fromisoformat(request.form.get("slot", ""))
    except ValueError:
        return None
    return start if start.tzinfo is not None else None


@bp.post("/<appointment_token>/times")
def pick(appointment_token: str) -> Rendered:
    """Move to the picked time, or ask the clinic to, as the clinic wants."""
    start = _picked()
    if start is None:
        return _times(appointment_token, 422, PICK_ONE)
    try:
        outcome = client_pages.pick_time(appointment_token, start)
    except (client_pages.SlotGone, appointments.BookingError):
        db.session.rollback()
        return _times(appointment_token, 409, TAKEN)
    if outcome is None:
        return _missing()
    if outcome is Outcome.CLOSED:
        return _show(appointment_token, 409, notice=CLOSED)
    if outcome is Outcome.REQUESTED:
        return _show(appointment_token, notice=REQUESTED)
    return _show(appointment_token, notice=MOVED)
