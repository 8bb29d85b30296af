from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from app.extensions import db
from app.forms import LanguageForm, MyAudioNotesForm, PasswordForm, SetPasswordForm
from app.models import Role
from app.routes.auth import after_password
from app.services import account_links, audit, auth, users
from app.web import safe_next

bp = Blueprint("account", __name__)


@bp.post("/language")
def set_language() -> Response:
    """Switch the interface language; a signed-in user keeps the choice."""
    form = LanguageForm()
    if not form.validate_on_submit():
        abort(400)
    if current_user.is_authenticated:
        users.set_locale(current_user, form.language.data)
        db.session.commit()
    session["locale"] = form.language.data
    back = safe_next(request.form.get("next")) or url_for("home.index")
    return redirect(back)


def _audio_form() -> MyAudioNotesForm | None:
    """A therapist's own audio-notes switch, offered only once the clinic allows them."""
    if g.role is not Role.THERAPIST or not g.clinic.audio_notes_enabled:
        return None
    return MyAudioNotesForm(formdata=None, obj=current_user)


def _page(password_form: PasswordForm) -> str:
    return render_template(
        "account/settings.html",
        password_form=password_form,
        language_form=LanguageForm(language=current_user.locale or "tr"),
        audio_form=_audio_form(),
    )


@bp.get("/account")
def settings() -> str:
    """Show the user's language and password settings."""
    return _page(PasswordForm())


@bp.post("/account/audio-notes")
def update_audio_notes() -> Response:
    """A therapist turns audio notes on or off for their own sessions."""
    form = MyAudioNotesForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        changed = users.set_audio_notes(current_user, g.clinic, form.audio_notes_enabled.data)
    except users.AudioNotesOff:
        abort(403)
    if changed:
        audit.record(
            current_user,
            "user.audio_notes_updated",
            current_user,
            g.clinic_id,
            enabled=current_user.audio_notes_enabled,
        )
    db.session.commit()
    flash(
        _("Audio notes are on for your sessions.")
        if current_user.audio_notes_enabled
        else _("Audio notes are off for your sessions."),
        "success",
    )
    return redirect(url_for("account.settings"))


@bp.post("/account/password")
def change_password() -> str | Response | tuple[str, int]:
    """Change the password and end the user's other sessions."""
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            ended = auth.change_password(
                current_user,
                form.current.data,
                form.new.data,
                g.user_session,
                request.remote_addr or "",
            )
        except auth.LoginThrottled:
            db.session.commit()
            form.current.errors.append(_("Too many attempts. Wait a few minutes and try again."))
            return _page(form), 429
        except auth.PasswordRejected as exc:
            db.session.commit()  # keep the failure count
            field = form.current if str(exc) == "current" else form.new
            field.errors.append(
                _("Wrong password.") if str(exc) == "current" else _("Use at least 10 characters.")
            )
        else:
            # A reset link still pending would undo the password just chosen.
            account_links.revoke_links(current_user.id, g.clinic_id)
            db.session.commit()
            flash(
                ngettext(
                    "Password changed. %(num)d other session ended.",
                    "Password changed. %(num)d other sessions ended.",
                    ended,
                ),
                "success",
            )
            return redirect(url_for("account.settings"))
    return _page(form), 422


def _link_gone() -> tuple[str, int]:
    # Unknown, used, expired and replaced links get one answer.
    return render_template("account/link_gone.html"), 410


def _count_request(token: str) -> None:
    allowed = account_links.allow_request(token, request.remote_addr)
    db.session.commit()  # the count stands whatever the request does next
    if not allowed:
        abort(429)


@bp.get("/account/setup/<token>")
def setup(token: str) -> str | tuple[str, int]:
    """Show whose password the link sets; GET changes nothing (link previews fetch it)."""
    if current_user.is_authenticated:
        return render_template("account/setup_signed_in.html")
    _count_request(token)
    page = account_links.setup_page(token)
    if page is None:
        return _link_gone()
    return render_template("account/setup.html", page=page, form=SetPasswordForm())


@bp.post("/account/setup/<token>")
def complete_setup(token: str) -> str | tuple[str, int] | Response:
    """Set the password and spend the link; the person then signs in."""
    _count_request(token)
    page = account_links.setup_page(token)
    if page is None:
        return _link_gone()
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user, membership = account_links.complete_account_link(token, form.password.data)
        except account_links.LinkGone:
            return _link_gone()
        except auth.PasswordRejected:
            form.password.errors.append(_("Use at least 10 characters."))
        else:
            # A new account is offered the second factor at once (it may be required).
            onward = url_for("second_factor.settings") if page.purpose.value == "invite" else None
            response = after_password(user, membership, onward)
            flash(_("Your password is set."), "success")  # after: signing in clears the session
            return response
    return render_template("account/setup.html", page=page, form=form), 422
