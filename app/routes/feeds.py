"""Calendar feeds: a therapist (or an admin for them) makes or revokes a private
iCalendar URL; calendar apps fetch it without signing in."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.extensions import db, htmx
from app.models import Role, User
from app.policy import P, require
from app.services import audit, feeds, hours
from app.urls import external_url

bp = Blueprint("feeds", __name__)

# One answer for a revoked and an unknown token, without a page or a session cookie.
NOT_FOUND = "Not found\n"


def load_therapist(therapist_id: uuid.UUID) -> User:
    """A therapist of this clinic, or 404; a therapist may only manage their own feed."""
    therapist = hours.find_therapist(g.clinic_id, therapist_id)
    if therapist is None:
        abort(404)
    if g.role is Role.THERAPIST:
        require(P.TREATING_THERAPIST if therapist.id == current_user.id else P.OTHER_THERAPIST)
    else:
        require(P.ADMIN if g.role is Role.ADMIN else P.RECEPTIONIST)
    return therapist


def _page(therapist: User, new_url: str | None = None) -> str:
    template = "feeds/_feed.html" if htmx else "feeds/show.html"
    return render_template(
        template, therapist=therapist, feed=feeds.active_feed(therapist.id), new_url=new_url
    )


@bp.get("/calendar-feed")
def mine() -> str:
    """The signed-in therapist's own calendar feed."""
    return _page(current_user)


@bp.get("/therapists/<uuid:therapist_id>/calendar-feed")
def show(therapist_id: uuid.UUID) -> str:
    """Whether a therapist has a live calendar feed."""
    return _page(load_therapist(therapist_id))


@bp.post("/therapists/<uuid:therapist_id>/calendar-feed")
def create(therapist_id: uuid.UUID) -> str:
    """Make a new feed URL, revoking the old one; the URL is shown this once."""
    therapist = load_therapist(therapist_id)
    feed, token = feeds.create_feed(g.clinic_id, therapist.id)
    audit.record(current_user, "feed.created", feed, g.clinic_id, therapist=str(therapist.id))
    db.session.commit()
    return _page(therapist, new_url=external_url("feeds.ics", token=token))


@bp.post("/therapists/<uuid:therapist_id>/calendar-feed/revoke")
def revoke(therapist_id: uuid.UUID) -> str | Response:
    """Stop the feed URL from working."""
    therapist = load_therapist(therapist_id)
    count = feeds.revoke_feeds(therapist.id)
    audit.record(current_user, "feed.revoked", ("user", therapist.id), g.clinic_id, count=count)
    db.session.commit()
    if htmx:
        return _page(therapist)
    flash(_("The calendar feed was revoked."), "success")
    return redirect(url_for("feeds.show", therapist_id=therapist.id))


@bp.get("/feeds/<token>.ics")
def ics(token: str) -> Response:
    """A therapist's sessions for a calendar app; the token is the only credential."""
    feed = feeds.feed_for_token(token)
    if feed is None:
        return Response(NOT_FOUND, 404, mimetype="text/plain")
    body, count = feeds.feed_calendar(feed)
    audit.record(None, "feed.fetched", feed, feed.clinic_id, actor_kind="feed", events=count)
    db.session.commit()
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Cache-Control": "no-store",
            "Content-Disposition": 'inline; filename="seans.ics"',
        },
    )
