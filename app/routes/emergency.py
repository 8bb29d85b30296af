"""Break-glass: a clinic admin reads one note in an emergency, and its therapist is told.

The admin states a reason and gets EMERGENCY_MINUTES on that one note; each view is an
audited read. The therapist sees every grant on their week until they mark it seen.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.extensions import db
from app.models import Appointment
from app.policy import P, require
from app.routes import notes as notes_routes
from app.routes.appointments import load_appointment
from app.services import clients, emergency, notes
from app.services.i18n import clinic_zone
from app.textnorm import clean_text

bp = Blueprint("emergency", __name__)
bp.context_processor(notes_routes.note_helpers)

Rendered = tuple[str, int]


def _page(appointment: Appointment, status: int = 200, **context) -> Rendered:
    note = notes.note_for(appointment)
    name = clients.reveal_names(g.clinic_id, [appointment.client_id]).get(appointment.client_id)
    page = render_template(
        "emergency/page.html",
        appointment=appointment,
        note=note,
        client_name=name or "",
        start=appointment.start_at.astimezone(clinic_zone()),
        zone=clinic_zone(),
        history=emergency.grants_for_note(note) if note else [],
        minutes=emergency.EMERGENCY_MINUTES,
        min_reason=emergency.MIN_REASON_CHARS,
        **context,
    )
    return page, status


@bp.get("/appointments/<uuid:appointment_id>/note/emergency")
def page(appointment_id: uuid.UUID) -> Rendered:
    """The note through a live grant, or the form that asks why one is needed."""
    appointment = load_appointment(appointment_id)
    note = notes.note_for(appointment)
    if note is None:
        return _page(appointment)
    try:
        text, grant = emergency.read(note, current_user)
    except emergency.NoEmergencyAccess:
        return _page(appointment)
    rendered = _page(appointment, text=text, grant=grant)
    db.session.commit()
    return rendered


@bp.post("/appointments/<uuid:appointment_id>/note/emergency")
def open_access(appointment_id: uuid.UUID) -> Response | Rendered:
    """Open a grant for this note with the reason given."""
    appointment = load_appointment(appointment_id)
    note = notes.note_for(appointment)
    if note is None:  # nothing to open: the page says so
        return redirect(url_for("emergency.page", appointment_id=appointment.id), 303)
    reason = clean_text(request.form.get("reason", ""))
    try:
        emergency.open_access(note, current_user, reason)
    except emergency.ReasonTooShort:
        db.session.rollback()
        error = _(
            "Write why you need this note (at least %(count)s characters). "
            "The therapist will read it.",
            count=emergency.MIN_REASON_CHARS,
        )
        return _page(appointment, 422, error=error, reason=reason)
    db.session.commit()
    return redirect(url_for("emergency.page", appointment_id=appointment.id), 303)


@bp.post("/emergency-access/<uuid:grant_id>/seen")
def seen(grant_id: uuid.UUID) -> Response:
    """The therapist has read the notice about an emergency read of their note."""
    grant = emergency.get_grant(g.clinic_id, grant_id)
    if grant is None:
        abort(404)
    require(P.TREATING_THERAPIST if grant.therapist_id == current_user.id else P.OTHER_THERAPIST)
    emergency.mark_seen(grant, current_user)
    db.session.commit()
    return redirect(url_for("calendar.week"), 303)
