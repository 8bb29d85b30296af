from __future__ import annotations

from flask import Blueprint, g, redirect, url_for
from werkzeug.wrappers import Response

from app.models import Role

bp = Blueprint("home", __name__)

# The front desk starts on the day across therapists, a therapist on their own week.
FIRST_PAGE = {
    Role.RECEPTIONIST: "calendar.day",
    Role.THERAPIST: "calendar.week",
    Role.ADMIN: "admin.settings",
}


@bp.get("/")
def index() -> Response:
    """Send each role to its first page."""
    return redirect(url_for(FIRST_PAGE[g.role]))
