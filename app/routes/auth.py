from __future__ import annotations

import uuid

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app import clock
from app.extensions import db
from app.forms import LoginForm, UnlockForm
from app.models import Clinic, Membership, User
from app.services import auth, login_devices, second_factor
from app.web import safe_next

bp = Blueprint("auth", __name__)

# Not "cookies": they would take the device cookies (login_devices, second_factor) that
# let the owner in while an attacker's guesses are throttled; the session cookie is
# emptied (Flask then expires it) and its server-side session is ended anyway.
CLEAR_SITE_DATA = '"cache", "storage"'
PENDING = "pending_sign_in"
PENDING_SECONDS = 600


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    """Sign in; a shared PC gets a fresh server-side session per login."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user, membership = auth.authenticate(
                form.email.data,
                form.password.data,
                request.remote_addr or "",
                request.cookies.get(login_devices.COOKIE_NAME),
            )
        except auth.LoginThrottled:
            db.session.commit()
            form.password.errors.append(_("Too many attempts. Wait a few minutes and try again."))
            return render_template("auth/login.html", form=form), 429
        except auth.LoginFailed:
            db.session.commit()
            form.password.errors.append(_("E-mail or password is wrong."))
            return render_template("auth/login.html", form=form), 422
        return after_password(user, membership, safe_next(request.args.get("next")))
    if request.args.get("expired"):
        flash(_("Your session ended. Please sign in again."), "info")
    status = 422 if form.errors else 200
    return render_template("auth/login.html", form=form), status


def after_password(user: User, membership: Membership, next_url: str | None) -> Response:
    """The password was right: ask for the second factor where the account has one (unless
    this browser is remembered for it) or where the clinic requires one, else sign in."""
    clinic = db.session.get(Clinic, membership.clinic_id)
    has_factor = second_factor.enabled(user)
    remembered = second_factor.device_remembered(
        user, request.cookies.get(second_factor.REMEMBER_COOKIE)
    )
    if has_factor and not remembered:
        step = "second_factor.code"
    elif not has_factor and clinic is not None and second_factor.required(clinic):
        step = "second_factor.enrol"
    else:
        return finish_sign_in(user, membership, next_url)
    db.session.commit()
    session.clear()
    session[PENDING] = {
        "user": str(user.id),
        "clinic": str(membership.clinic_id),
        "at": clock.now().timestamp(),
        "next": next_url,
    }
    return redirect(url_for(step))


def finish_sign_in(
    user: User,
    membership: Membership,
    next_url: str | None,
    remember_factor: bool = False,
    page: str | None = None,
) -> Response:
    """Start the server-side session; this browser becomes a known device of the account.
    Then go on to `next_url`, or show `page` (recovery codes, which must not be a GET)."""
    token = auth.start_session(
        user, membership.clinic_id, request.remote_addr, request.user_agent.string
    )
    device = auth.device_cookie_after_sign_in(
        user.email, request.cookies.get(login_devices.COOKIE_NAME)
    )
    remembered = None
    if remember_factor:
        remembered = second_factor.remember_device(
            user, request.cookies.get(second_factor.REMEMBER_COOKIE)
        )
    db.session.commit()
    session.clear()
    session["sid"] = token
    response = make_response(page) if page else redirect(next_url or url_for("home.index"))
    days = current_app.config["LOGIN_DEVICE_COOKIE_DAYS"]
    response.set_cookie(login_devices.COOKIE_NAME, device, **login_devices.cookie_options(days))
    if remembered is not None:
        options = login_devices.cookie_options(second_factor.REMEMBER_DAYS)
        response.set_cookie(second_factor.REMEMBER_COOKIE, remembered, **options)
    return response


def pending_sign_in() -> tuple[User, Membership, str | None] | None:
    """Who passed the password step in this browser, within the last ten minutes."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    if clock.now().timestamp() - float(pending.get("at", 0)) > PENDING_SECONDS:
        session.pop(PENDING, None)
        return None
    user = db.session.get(User, uuid.UUID(pending["user"]))
    membership = auth.active_membership(user, uuid.UUID(pending["clinic"])) if user else None
    if user is None or membership is None or not user.active:
        session.pop(PENDING, None)
        return None
    return user, membership, pending.get("next")


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
