"""The command bar on the calendar: a typed command becomes a proposal card, and only
the card's confirm button changes the calendar.

Both routes take the command text and the card's picks; confirm proposes again on the
server from them (services.commands.confirm), so nothing the browser sends is acted on
unchecked. A confirmed change answers with the `calendar-changed` event.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from flask import Blueprint, g, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from app import labels
from app.extensions import db, htmx
from app.models import Role
from app.routes.appointments import CHANGED
from app.services import audit
from app.services import commands as service
from app.services.i18n import to_clinic_time
from app.textnorm import clean_text

bp = Blueprint("commands", __name__, url_prefix="/commands")

MAX_TEXT = 500


def _uuid(name: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.form.get(name, ""))
    except ValueError:
        return None


def _start() -> datetime | None:
    try:
        start = datetime.fromisoformat(request.form.get("start", ""))
    except ValueError:
        return None
    return start if start.tzinfo is not None else None


def _picks() -> service.Picks:
    return service.Picks(
        client_id=_uuid("client_id"),
        therapist_id=_uuid("therapist_id"),
        appointment_id=_uuid("appointment_id"),
        start=_start(),
    )


def _viewer() -> uuid.UUID | None:
    return current_user.id if g.role is Role.THERAPIST else None


def _card(proposal: service.Proposal, status: int = 200) -> tuple[str, int]:
    page = render_template(
        "commands/_card.html",
        p=proposal,
        type_label=labels.session_type_label(proposal.type_code),
        can_create_client=g.role is not Role.THERAPIST,
    )
    return page, status


def _audit(proposal: service.Proposal, action: str, obj: object = None) -> None:
    audit.record(
        current_user,
        action,
        obj,
        g.clinic_id,
        command=proposal.action.value,
        status=proposal.status.value,
        matches=len(proposal.client_choices) or int(proposal.client is not None),
    )


@bp.post("/preview")
def preview() -> tuple[str, int]:
    """What the command would do; changes nothing."""
    text = clean_text(request.form.get("text", ""))[:MAX_TEXT]
    proposal = service.propose(g.clinic, text, viewer_id=_viewer(), picks=_picks())
    page = _card(proposal)
    db.session.rollback()  # the trial booking is gone already; drop anything read
    _audit(proposal, "command.previewed")
    db.session.commit()
    return page


@bp.post("/confirm")
def confirm() -> Response | tuple[str, int]:
    """Do what the card proposed, checked again against the calendar."""
    text = clean_text(request.form.get("text", ""))[:MAX_TEXT]
    try:
        proposal, made = service.confirm(g.clinic, text, viewer_id=_viewer(), picks=_picks())
    except service.NotConfirmable as refused:
        db.session.rollback()
        return _card(refused.proposal, 422)
    done = {
        service.Action.BOOK: "appointment.created",
        service.Action.RESCHEDULE: "appointment.moved",
        service.Action.CANCEL: "appointment.cancelled",
    }[proposal.action]
    if proposal.repeat and proposal.action is service.Action.BOOK:
        done = "series.created"
    _audit(proposal, done, made)
    page = render_template("commands/_done.html", p=proposal)
    db.session.commit()
    if not htmx:
        day = to_clinic_time(proposal.start).date().isoformat() if proposal.start else None
        endpoint = "calendar.week" if g.role is Role.THERAPIST else "calendar.day"
        return redirect(url_for(endpoint, date=day), 303)
    return Response(page, 200, headers={"HX-Trigger": CHANGED})
