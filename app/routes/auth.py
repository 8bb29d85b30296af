from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.extensions import db
from app.forms import LoginForm, UnlockForm
from app.services import auth
from app.web import safe_next

bp = Blueprint("auth", __name__)

CLEAR_SITE_DATA = '"cache", "cookies", "storage"'


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    """Sign in; a shared PC gets a fresh server-side session per login."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user, membership = auth.authenticate(
                form.email.data, form.password.data, request.remote_addr or ""
            )
        except auth.LoginThrottled:
            db.session.commit()
            form.password.errors.append(_("Too many attempts. Wait a few minutes and try again."))
            return render_template("auth/login.html", form=form), 429
        except auth.LoginFailed:
            db.session.commit()
            form.password.errors.append(_("E-mail or password is wrong."))
            return render_template("auth/login.html", form=form), 422
        token = auth.start_session(
            user, membership.clinic_id, request.remote_addr, request.user_agent.string
        )
        db.session.commit()
        session.clear()
        session["sid"] = token
        return redirect(safe_next(request.args.get("next")) or url_for("home.index"))
    if request.args.get("expired"):
        flash(_("Your session ended. Please sign in again."), "info")
    status = 422 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout() -> Response:
    """End the session on the server and clear everything the browser kept."""
    auth.end_session(g.user_session, "logout", actor=current_user)
    db.session.commit()
    session.clear()
    response = redirect(url_for("auth.login"))
    response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
    return response


@bp.post("/lock")
def lock() -> Response:
    """Hide the screen; the same person's password or a new login opens it."""
    auth.lock(g.user_session)
    db.session.commit()
    # A changed cookie and a cleared cache keep Back from showing the page behind the lock.
    session["locked"] = True
    response = redirect(url_for("auth.locked"))
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


@bp.get("/locked")
def locked() -> str | Response:
    """Show the lock screen, with no client data on it."""
    if g.user_session.locked_at is None:
        return redirect(url_for("home.index"))
    return render_template("auth/locked.html", form=UnlockForm())


@bp.post("/unlock")
def unlock() -> str | Response | tuple[str, int]:
    """Open a locked screen with the same user's password."""
    form = UnlockForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        auth.unlock(g.user_session, current_user, form.password.data, request.remote_addr or "")
    except auth.LoginThrottled:
        db.session.commit()
        form.password.errors.append(_("Too many attempts. Wait a few minutes and try again."))
        return render_template("auth/locked.html", form=form), 429
    except auth.LoginFailed:
        db.session.commit()
        form.password.errors.append(_("Wrong password."))
        return render_template("auth/locked.html", form=form), 422
    db.session.commit()
    session.pop("locked", None)
    return redirect(url_for("home.index"))
