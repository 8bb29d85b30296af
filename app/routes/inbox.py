"""The staff inbox: what clients wrote back, beside what was sent to them."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from app.extensions import db, htmx
from app.models import InboundMessage, Role
from app.policy import staff_only
from app.routes.clients import load_client
from app.services import audit, inbox

bp = Blueprint("inbox", __name__, url_prefix="/inbox")
CHANGED = "inbox-changed"  # the conversation list refreshes itself on this event


def _viewer() -> inbox.Viewer:
    return inbox.Viewer(current_user.id, g.role)


@bp.app_context_processor
def _urgent_bar() -> dict:
    return {"urgent_alerts": _urgent_alerts}


def _urgent_alerts() -> list[inbox.UrgentAlert]:
    """The open urgent replies for the signed-in therapist, for the bar that base.html
    shows on each of their pages; looked up at most once a request, and never for other
    staff, behind a locked screen or on a page that a link or anyone may open."""
    if "urgent_alerts" not in g:
        shown = (
            current_user.is_authenticated
            and g.get("role") is Role.THERAPIST
            and g.user_session.locked_at is None
            and staff_only(request.endpoint)
        )
        g.urgent_alerts = inbox.urgent_alerts(g.clinic_id, current_user.id) if shown else []
    return g.urgent_alerts


def _summaries() -> list[inbox.Summary]:
    listing = inbox.list_conversations(g.clinic_id, _viewer())
    audit.record(current_user, "inbox.list_viewed", None, g.clinic_id, shown=len(listing))
    return listing


@bp.get("")
def index() -> str:
    """List the conversations; an HTMX request gets the list alone (it refreshes itself)."""
    conversations = _summaries()
    db.session.commit()
    template = "inbox/_list.html" if htmx else "inbox/index.html"
    return render_template(template, conversations=conversations, conversation=None)


@bp.get("/<uuid:client_id>")
def conversation(client_id: uuid.UUID) -> str:
    """One client's replies and the texts sent to them, newest first."""
    client = load_client(client_id)
    opened = inbox.open_conversation(client, _viewer())
    if htmx:
        db.session.commit()
        return render_template("inbox/_conversation.html", conversation=opened)
    conversations = _summaries()
    db.session.commit()
    return render_template("inbox/index.html", conversations=conversations, conversation=opened)


@bp.get("/urgent")
def urgent_bar() -> str:
    """The urgent bar alone: it asks again whenever a reply is marked handled, and goes
    away with the last one."""
    return render_template("inbox/_urgent_alerts.html")


def load_message(message_id: uuid.UUID) -> InboundMessage:
    """The clinic's reply, or 404; the same rules as its client, and a clinical reply is
    closed only by a therapist treating the client."""
    message = inbox.get_message(g.clinic_id, message_id)
    if message is None:
        abort(404)
    load_client(message.client_id)
    if message.clinical and not _viewer().reads_clinical(message.client_id):
        abort(403)
    return message


@bp.post("/messages/<uuid:message_id>/handled")
def mark_handled(message_id: uuid.UUID) -> str | Response | tuple[str, int, dict[str, str]]:
    """Close a reply a person has dealt with."""
    message = load_message(message_id)
    inbox.mark_handled(message, _viewer())
    db.session.commit()
    if not htmx:
        return redirect(url_for("inbox.conversation", client_id=message.client_id))
    entry = inbox.status_of(message, _viewer())
    return render_template("inbox/_status.html", entry=entry), 200, {"HX-Trigger": CHANGED}
