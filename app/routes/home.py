from __future__ import annotations

import uuid

from flask import Blueprint, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.extensions import db, htmx
from app.models import Role
from app.services import audit, calendar
from app.services.i18n import clinic_zone

bp = Blueprint("home", __name__)

FIRST_PAGE = {
    Role.RECEPTIONIST: "home.reception_day",
    Role.THERAPIST: "home.therapist_day",
    Role.ADMIN: "admin.settings",
}


@bp.get("/")
def index() -> Response:
    """Send each role to its first page."""
    return redirect(url_for(FIRST_PAGE[g.role]))


@bp.get("/day")
def reception_day() -> str:
    """The front desk's day across all therapists."""
    return _day(_("Day"), therapist_ids=None)


@bp.get("/my-day")
def therapist_day() -> str:
    """A therapist's own day."""
    return _day(_("My day"), therapist_ids=[current_user.id])


def _day(title: str, therapist_ids: list[uuid.UUID] | None) -> str:
    day = calendar.parse_day(request.args.get("date"), clinic_zone())
    schedule = calendar.day_schedule(g.clinic, day, therapist_ids=therapist_ids)
    audit.record(
        current_user,
        "calendar.day_viewed",
        None,
        g.clinic_id,
        day=schedule.day.isoformat(),
        appointments=schedule.count,
    )
    db.session.commit()
    template = "home/_day.html" if htmx else "home/day.html"
    return render_template(template, schedule=schedule, endpoint=request.endpoint, title=title)
