"""The clinic's audit trail for its admins: ids and action names only, never plaintext."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Blueprint, g, render_template, request

from app.extensions import htmx
from app.services import audit, users

bp = Blueprint("audit_log", __name__, url_prefix="/admin/audit")


def _args() -> dict[str, str]:
    """The filter fields as typed, for the form and the pager's links."""
    return {k: request.args.get(k, "").strip()[:100] for k in audit.FILTER_ARGS}


@bp.get("/")
def index() -> str:
    """List and filter the clinic's audit events, 50 to a page, with the chain's status."""
    args = _args()
    filters = audit.parse_filters(args, ZoneInfo(g.clinic.timezone))
    page = audit.page_number(request.args.get("page"))
    events, more = audit.list_events(g.clinic_id, filters, page)
    # The newest rows, as far back as the page reads; `flask audit verify` checks all.
    checked, breaks = audit.verify_recent(str(g.clinic_id), page * audit.PAGE_SIZE)
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
