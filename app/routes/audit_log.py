"""The clinic's audit trail for its admins: ids and action names only, never plaintext."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, g, render_template, request

from app.extensions import htmx
from app.services import audit, users

bp = Blueprint("audit_log", __name__, url_prefix="/admin/audit")


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _filters() -> tuple[audit.Filters, dict[str, str]]:
    args = {
        k: request.args.get(k, "").strip()[:100]
        for k in ("action", "actor", "object", "since", "until")
    }
    zone = ZoneInfo(g.clinic.timezone)
    since, until = _day(args["since"]), _day(args["until"])
    return (
        audit.Filters(
            action=args["action"],
            actor_id=_uuid(args["actor"]) if args["actor"] else None,
            object_id=args["object"],
            since=datetime.combine(since, time(), zone) if since else None,
            until=datetime.combine(until + timedelta(days=1), time(), zone) if until else None,
        ),
        args,
    )


@bp.get("/")
def index() -> str:
    """List and filter the clinic's audit events, 50 to a page, with the chain's status."""
    filters, args = _filters()
    try:
        page = max(int(request.args.get("page", "1")), 1)
    except ValueError:
        page = 1
    events, more = audit.list_events(g.clinic_id, filters, page)
    checked, breaks = audit.verify(str(g.clinic_id))
    staff = {user.id: user.name for user, _, _ in users.clinic_staff(g.clinic)}
    return render_template(
        "audit_log/_events.html" if htmx else "audit_log/index.html",
        events=events,
        more=more,
        page=page,
        args=args,
        staff=staff,
        checked=checked,
        breaks=breaks,
    )
