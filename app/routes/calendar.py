"""The calendar: a day across therapists, a therapist's week, and a month overview.

Each view is a page that includes its fragment; an HTMX request (navigation, or the
view refreshing itself on the `calendar-changed` event) gets the fragment alone.
A therapist sees client names only in their own sessions; another therapist's
sessions show as busy.
"""

from __future__ import annotations

import uuid
from datetime import date

from flask import Blueprint, g, render_template, request
from flask_login import current_user

from app import labels
from app.extensions import db, htmx
from app.models import AppointmentStatus, Role, User
from app.services import audit, calendar, emergency, users
from app.services.i18n import clinic_zone

bp = Blueprint("calendar", __name__)

ALL = "all"


def _viewer() -> uuid.UUID | None:
    """The therapist looking at the calendar, or None for the front desk."""
    return current_user.id if g.role is Role.THERAPIST else None


def _picked(therapists: list[User]) -> uuid.UUID | str | None:
    """The `therapist` asked for: one of the clinic's, ALL, or None when not given."""
    value = request.args.get("therapist", "")
    if value == ALL:
        return ALL
    try:
        wanted = uuid.UUID(value)
    except ValueError:
        return None
    return wanted if any(t.id == wanted for t in therapists) else None


def _render(page: str, fragment: str, **context) -> str:
    """The page, or its fragment for HTMX. Rendered before the commit that follows, which
    would otherwise expire every row the template still reads."""
    return render_template(
        fragment if htmx else page,
        status_names={status: labels.status_label(status) for status in AppointmentStatus},
        type_names={code: str(name) for code, name in labels.SESSION_TYPES.items()},
        **context,
    )


def _context(
    day: date, picked: uuid.UUID | str | None, chosen: object, therapists: list[User]
) -> dict:
    """What every view's template needs; `keep` carries an explicit choice into links."""
    return {
        "therapists": therapists,
        "chosen": str(chosen or ""),
        "keep": {"therapist": str(picked)} if picked else {},
        "day": day,
    }


@bp.get("/day")
def day() -> str:
    """One day: every therapist for the front desk, a therapist's own day for them."""
    selected = calendar.parse_day(request.args.get("date"), clinic_zone())
    therapists = users.therapists(g.clinic_id)
    picked = _picked(therapists)
    if picked == ALL or (picked is None and _viewer() is None):
        shown = None
    else:
        shown = [picked or current_user.id]
    schedule = calendar.day_schedule(
        g.clinic, selected, shown, viewer_id=_viewer(), therapists=therapists
    )
    page = _render(
        "calendar/day.html",
        "calendar/_day.html",
        schedule=schedule,
        **_context(selected, picked, shown[0] if shown else ALL, therapists),
    )
    audit.record(
        current_user,
        "calendar.day_viewed",
        None,
        g.clinic_id,
        day=schedule.day.isoformat(),
        appointments=schedule.count,
        therapists=len(schedule.therapists),
    )
    db.session.commit()
    return page


@bp.get("/week")
def week() -> str:
    """One therapist's week, Monday to Sunday (the therapist's home)."""
    selected = calendar.parse_day(request.args.get("date"), clinic_zone())
    therapists = users.therapists(g.clinic_id)
    picked = _picked(therapists)
    if picked == ALL:
        picked = None
    therapist_id = picked or (_viewer() or (therapists[0].id if therapists else None))
    schedule = (
        calendar.week_schedule(g.clinic, therapist_id, selected, viewer_id=_viewer())
        if therapist_id
        else None
    )
    page = _render(
        "calendar/week.html",
        "calendar/_week.html",
        schedule=schedule,
        emergency_notices=(
            emergency.unseen_by_therapist(current_user, g.clinic_id) if _viewer() else []
        ),
        **_context(selected, picked, therapist_id, therapists),
    )
    if schedule is not None:
        audit.record(
            current_user,
            "calendar.week_viewed",
            ("users", therapist_id),
            g.clinic_id,
            week=schedule.monday.isoformat(),
            appointments=schedule.count,
        )
        db.session.commit()
    return page


@bp.get("/month")
def month() -> str:
    """Sessions per day over a month, each day leading to its day view."""
    selected = calendar.parse_day(request.args.get("date"), clinic_zone())
    therapists = users.therapists(g.clinic_id)
    picked = _picked(therapists)
    therapist_id = picked if isinstance(picked, uuid.UUID) else None
    if picked is None:
        therapist_id = _viewer()
    overview = calendar.month_overview(g.clinic, selected, therapist_id)
    return _render(
        "calendar/month.html",
        "calendar/_month.html",
        month=overview,
        **_context(selected, picked, therapist_id or ALL, therapists),
    )
