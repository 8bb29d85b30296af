"""The second factor: the sign-in step that asks for a code, enrolment (at sign-in when
the clinic requires it, or from the account page), and the clinic's rule."""

from __future__ import annotations

import uuid

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.extensions import db
from app.forms import (
    CodeForm,
    ConfirmPasswordForm,
    EnrolForm,
    LoginForm,
    SecondFactorRuleForm,
)
from app.models import Membership, User
from app.routes.auth import finish_sign_in, pending_sign_in
from app.services import auth, second_factor

bp = Blueprint("second_factor", __name__)

TOO_MANY = "Too many attempts. Wait a few minutes and try again."


def _pending_or_login() -> tuple[User, Membership, str | None] | Response:
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    pending = pending_sign_in()
    if pending is None:  # ten minutes passed, or someone came here without a password
        flash(_("Your session ended. Please sign in again."), "info")
        return make_response(render_template("auth/login.html", form=LoginForm(formdata=None)))
    return pending


@bp.route("/login/code", methods=["GET", "POST"])
def code() -> str | Response | tuple[str, int]:
    """The second step of a sign-in: a code from the authenticator, or a recovery code."""
    pending = _pending_or_login()
    if isinstance(pending, Response):
        return pending
    user, membership, next_url = pending
    form = CodeForm()
    if form.validate_on_submit():
        try:
            ok = second_factor.verify(user, form.code.data, membership.clinic_id)
        except second_factor.CodeThrottled:
            db.session.commit()
            form.code.errors.append(_(TOO_MANY))
            return render_template("second_factor/code.html", form=form), 429
        if ok:
            return finish_sign_in(user, membership, next_url, form.remember.data)
        db.session.commit()
        form.code.errors.append(_("That code is not right. Try the newest one."))
    status = 422 if form.errors else 200
    return render_template("second_factor/code.html", form=form), status


@bp.get("/login/second-factor")
def enrol() -> str | Response:
    """The clinic requires a second factor and this account has none yet."""
    pending = _pending_or_login()
    if isinstance(pending, Response):
        return pending
    return render_template("second_factor/intro.html", start=url_for(".enrol_start"))


@bp.post("/login/second-factor/start")
def enrol_start() -> str | Response:
    pending = _pending_or_login()
    if isinstance(pending, Response):
        return pending
    user, _membership, _next = pending
    return _enrolment_page(user, url_for(".enrol_confirm"), EnrolForm())


@bp.post("/login/second-factor")
def enrol_confirm() -> str | Response | tuple[str, int]:
    pending = _pending_or_login()
    if isinstance(pending, Response):
        return pending
    user, membership, next_url = pending
    form = EnrolForm()
    codes = _confirm(user, membership.clinic_id, form)
    if isinstance(codes, tuple):
        return codes
    page = render_template(
        "second_factor/codes.html", codes=codes, onward=next_url or url_for("home.index")
    )
    return finish_sign_in(user, membership, next_url, page=page)


def _confirm(user: User, clinic_id: uuid.UUID, form: EnrolForm) -> list[str] | tuple[str, int]:
    """The recovery codes once a code proves the app holds the seed; else the page again."""
    if not form.validate_on_submit() or user.totp_secret is None:
        abort(400)
    try:
        codes = second_factor.confirm_enrolment(user, form.code.data, clinic_id)
    except second_factor.CodeThrottled:
        db.session.commit()
        form.code.errors.append(_(TOO_MANY))
        return _enrolment_page(user, request.path, form, again=True), 429
    if codes is None:
        db.session.commit()
        form.code.errors.append(_("That code is not right. Check the app and try the newest one."))
        return _enrolment_page(user, request.path, form, again=True), 422
    return codes


def _enrolment_page(user: User, action: str, form: EnrolForm, again: bool = False) -> str:
    """A new seed with its QR code (or, after a wrong code, the same one again)."""
    enrolment = second_factor.current_enrolment(user) if again else None
    if enrolment is None:
        enrolment = second_factor.begin_enrolment(user)
    db.session.commit()
    return render_template(
        "second_factor/enrol.html", enrolment=enrolment, form=form, action=action
    )


@bp.get("/account/second-factor")
def settings() -> str:
    """The account's second factor: its state and what can be done with it."""
    return render_template(
        "second_factor/settings.html",
        enabled=second_factor.enabled(current_user),
        required=second_factor.required(g.clinic),
        codes_left=second_factor.recovery_codes_left(current_user),
        renew_form=ConfirmPasswordForm(prefix="renew"),
        off_form=ConfirmPasswordForm(prefix="off"),
    )


@bp.post("/account/second-factor/start")
def account_start() -> str | Response:
    if second_factor.enabled(current_user):
        return redirect(url_for(".settings"))
    return _enrolment_page(current_user, url_for(".account_confirm"), EnrolForm())


@bp.post("/account/second-factor/confirm")
def account_confirm() -> str | tuple[str, int]:
    codes = _confirm(current_user, g.clinic_id, EnrolForm())
    if isinstance(codes, tuple):
        return codes
    db.session.commit()
    return render_template("second_factor/codes.html", codes=codes, onward=url_for(".settings"))


def _password_checked(form: ConfirmPasswordForm) -> tuple[str, int] | None:
    """The account's password again before its factor changes (throttled like a login)."""
    if not form.validate_on_submit():
        abort(400)
    try:
        auth.authenticate(current_user.email, form.password.data, request.remote_addr or "")
    except auth.LoginThrottled:
        db.session.commit()
        flash(_(TOO_MANY), "error")
        return settings(), 429
    except auth.LoginFailed:
        db.session.commit()
        flash(_("Wrong password."), "error")
        return settings(), 422
    return None


@bp.post("/account/second-factor/codes")
def renew_codes() -> str | tuple[str, int]:
    refused = _password_checked(ConfirmPasswordForm(prefix="renew"))
    if refused is not None:
        return refused
    if not second_factor.enabled(current_user):
        abort(400)
    codes = second_factor.regenerate_recovery_codes(current_user, g.clinic_id)
    db.session.commit()
    return render_template("second_factor/codes.html", codes=codes, onward=url_for(".settings"))


@bp.post("/account/second-factor/off")
def turn_off() -> str | Response | tuple[str, int]:
    if second_factor.required(g.clinic):
        abort(403)
    refused = _password_checked(ConfirmPasswordForm(prefix="off"))
    if refused is not None:
        return refused
    second_factor.disable(current_user, current_user, g.clinic_id)
    db.session.commit()
    flash(_("Two-step sign-in is off."), "info")
    return redirect(url_for(".settings"))


@bp.post("/admin/second-factor")
def clinic_rule() -> Response:
    """The admin's switch: every member signs in with a second factor."""
    form = SecondFactorRuleForm()
    if not form.validate_on_submit():
        abort(400)
    if second_factor.set_required(g.clinic, form.required.data, current_user):
        db.session.commit()
        flash(_("Saved."), "info")
    return redirect(url_for("admin.settings") + "#second-factor")


@bp.post("/admin/users/<uuid:user_id>/second-factor/reset")
def reset_member(user_id: uuid.UUID) -> Response:
    """A member lost their phone and their recovery codes: the admin turns the factor off."""
    try:
        user = second_factor.reset_for_member(g.clinic_id, user_id, current_user)
    except second_factor.NotResettable:
        abort(409)
    if user is None:
        abort(404)
    db.session.commit()
    flash(_("Two-step sign-in is off for %(name)s; their sessions ended.", name=user.name), "info")
    return redirect(url_for("admin.settings") + "#staff")
