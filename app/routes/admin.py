from __future__ import annotations

import uuid
from datetime import time
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.assistant import reply_texts
from app.extensions import db, htmx
from app.forms import (
    ROLE_CHOICES,
    AssistantAnswersForm,
    AudioNotesForm,
    ClinicForm,
    InviteForm,
    ReminderPlanForm,
    RoleForm,
)
from app.labels import role_label
from app.models import Membership, Role
from app.privacy_forms import PrivacySettingsForm
from app.routes.data_requests import dashboard_context
from app.services import audit, auth, clinics, users
from app.services.account_links import IssuedLink

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _page(
    form: ClinicForm,
    plan: ReminderPlanForm | None = None,
    answers: AssistantAnswersForm | None = None,
    privacy: PrivacySettingsForm | None = None,
    audio: AudioNotesForm | None = None,
    **staff: Any,
) -> str:
    dashboard = dashboard_context()
    db.session.commit()  # the audit row for the clients' names on the dashboard
    return render_template(
        "admin/settings.html",
        form=form,
        plan=plan or _plan_form(),
        answers=answers or AssistantAnswersForm(formdata=None, obj=g.clinic),
        privacy=privacy or PrivacySettingsForm(formdata=None, obj=g.clinic),
        audio=audio or AudioNotesForm(formdata=None, obj=g.clinic),
        default_emergency=_default_emergency(),
        **_staff_context(**staff),
        **dashboard,
    )


def _staff_context(
    invite_form: InviteForm | None = None,
    issued: IssuedLink | None = None,
    notice: str | None = None,
    problem: str | None = None,
) -> dict[str, Any]:
    """The staff section: its list, the invitation form, and what the last action said
    (a link just made is in this one answer and nowhere else)."""
    return {
        "staff": users.staff_list(g.clinic),
        "role_choices": ROLE_CHOICES,
        "invite_form": invite_form or InviteForm(formdata=None, prefix="invite"),
        "issued": issued,
        "notice": notice,
        "problem": problem,
    }


def _default_emergency() -> str:
    """The text a crisis reply gets when the clinic wrote none, in the page's language."""
    return reply_texts.emergency(str(get_locale()))


def _plan_form() -> ReminderPlanForm:
    clinic = g.clinic
    return ReminderPlanForm(
        formdata=None,
        send_confirmation="yes" if clinic.send_confirmation else "no",
        first_reminder_hours=clinic.first_reminder_hours,
        second_reminder_hours=clinic.second_reminder_hours,
        quiet_start=time(clinic.quiet_start_minute // 60, clinic.quiet_start_minute % 60),
        quiet_end=time(clinic.quiet_end_minute // 60, clinic.quiet_end_minute % 60),
    )


@bp.get("/")
def settings() -> str:
    """The clinic's settings and its staff."""
    return _page(ClinicForm(obj=g.clinic))


@bp.post("/reminders")
def update_reminders() -> str | Response | tuple[str, int]:
    """When the clinic's SMS go out; coming sessions are planned again."""
    plan = ReminderPlanForm()
    if plan.validate_on_submit():
        changed = clinics.update_reminder_plan(
            g.clinic,
            send_confirmation=plan.send_confirmation.data == "yes",
            first_reminder_hours=plan.first_reminder_hours.data,
            second_reminder_hours=plan.second_reminder_hours.data,
            quiet_start_minute=plan.quiet_start.data.hour * 60 + plan.quiet_start.data.minute,
            quiet_end_minute=plan.quiet_end.data.hour * 60 + plan.quiet_end.data.minute,
        )
        audit.record(
            current_user, "clinic.reminders_updated", g.clinic, g.clinic_id, fields=changed
        )
        db.session.commit()
        flash(_("Reminder settings saved."), "success")
        return redirect(url_for("admin.settings"))
    if htmx:
        return render_template("admin/_reminder_form.html", plan=plan), 422
    return _page(ClinicForm(obj=g.clinic), plan), 422


@bp.post("/answers")
def update_answers() -> str | Response | tuple[str, int]:
    """What the assistant may tell clients who ask by SMS, and the emergency text."""
    answers = AssistantAnswersForm()
    if answers.validate_on_submit():
        changed = clinics.update_answers(
            g.clinic, **{name: answers[name].data or "" for name in clinics.ANSWERS}
        )
        audit.record(current_user, "clinic.answers_updated", g.clinic, g.clinic_id, fields=changed)
        db.session.commit()
        flash(_("Answers saved."), "success")
        return redirect(url_for("admin.settings"))
    if htmx:
        return render_template(
            "admin/_answers_form.html", answers=answers, default_emergency=_default_emergency()
        ), 422
    return _page(ClinicForm(obj=g.clinic), answers=answers), 422


@bp.post("/privacy")
def update_privacy() -> str | Response | tuple[str, int]:
    """The law that sets the clock for clients' data requests, and retention periods."""
    privacy = PrivacySettingsForm()
    if privacy.validate_on_submit():
        changed = clinics.update_privacy_settings(
            g.clinic, **{name: privacy[name].data for name in clinics.PRIVACY}
        )
        audit.record(current_user, "clinic.privacy_updated", g.clinic, g.clinic_id, fields=changed)
        db.session.commit()
        flash(_("Privacy settings saved."), "success")
        return redirect(url_for("admin.settings"))
    if htmx:
        return render_template("admin/_privacy_form.html", privacy=privacy), 422
    return _page(ClinicForm(obj=g.clinic), privacy=privacy), 422


@bp.post("/audio-notes")
def update_audio_notes() -> str | Response | tuple[str, int]:
    """Whether therapists may record audio notes, and how long failed audio may wait."""
    audio = AudioNotesForm()
    if audio.validate_on_submit():
        changed = clinics.update_audio_notes(
            g.clinic,
            enabled=audio.audio_notes_enabled.data,
            keep_failed_hours=audio.audio_keep_failed_hours.data,
        )
        audit.record(
            current_user, "clinic.audio_notes_updated", g.clinic, g.clinic_id, fields=changed
        )
        db.session.commit()
        flash(_("Audio note settings saved."), "success")
        return redirect(url_for("admin.settings"))
    if htmx:
        return render_template("admin/_audio_form.html", audio=audio), 422
    return _page(ClinicForm(obj=g.clinic), audio=audio), 422


def _or_current(value: int | None, current: int) -> int:
    return current if value is None else value


@bp.post("/clinic")
def update_clinic() -> str | Response | tuple[str, int]:
    """Save the clinic's settings."""
    form = ClinicForm()
    if form.validate_on_submit():
        changed = clinics.update_clinic(
            g.clinic,
            name=form.name.data,
            address=form.address.data or "",
            timezone=form.timezone.data,
            locale=form.locale.data,
            idle_timeout_minutes=form.idle_timeout_minutes.data,
            prep_minutes=_or_current(form.prep_minutes.data, g.clinic.prep_minutes),
            late_cancel_hours=_or_current(form.late_cancel_hours.data, g.clinic.late_cancel_hours),
            reschedule_needs_approval=(
                form.reschedule_needs_approval.data
                if form.reschedule_needs_approval.raw_data
                else g.clinic.reschedule_needs_approval
            ),
        )
        audit.record(current_user, "clinic.updated", g.clinic, g.clinic_id, fields=changed)
        db.session.commit()
        flash(_("Settings saved."), "success")
        return redirect(url_for("admin.settings"))
    if htmx:
        return render_template("admin/_clinic_form.html", form=form), 422
    return _page(form), 422


@bp.post("/users/<uuid:user_id>/end-sessions")
def end_sessions(user_id: uuid.UUID) -> Response:
    """Sign a staff member out everywhere (a lost tablet, a shared PC left open)."""
    user = users.staff_member(g.clinic_id, user_id)
    if user is None:
        abort(404)
    ended = auth.end_all_sessions(
        user.id, "ended_by_admin", clinic_id=g.clinic_id, actor=current_user
    )
    audit.record(current_user, "sessions.ended", ("user", user.id), g.clinic_id, count=ended)
    db.session.commit()
    flash(
        ngettext(
            "%(num)d session ended for %(name)s.",
            "%(num)d sessions ended for %(name)s.",
            ended,
            name=user.name,
        ),
        "success",
    )
    return redirect(url_for("admin.settings"))


def _staff_answer(status: int = 200, **staff: Any) -> tuple[str, int]:
    """The staff section to an HTMX request, the whole settings page otherwise."""
    if htmx:
        return render_template("admin/_staff.html", **_staff_context(**staff)), status
    return _page(ClinicForm(obj=g.clinic), **staff), status


def _done(message: str) -> tuple[str, int] | Response:
    if htmx:
        return _staff_answer(notice=message)
    flash(message, "success")
    return redirect(url_for("admin.settings", _anchor="staff"))


def _leave(endpoint: str) -> Response:
    """The admin just took away their own access to this page."""
    if htmx:
        return Response(status=204, headers={"HX-Redirect": url_for(endpoint)})
    return redirect(url_for(endpoint))


def _member(user_id: uuid.UUID) -> Membership:
    """A member of this clinic, active or not; 404 for anyone else's user id."""
    membership = users.membership_of(g.clinic_id, user_id)
    if membership is None:
        abort(404)
    return membership


def _last_admin(name: str) -> str:
    return _(
        "%(name)s is the clinic’s last active admin. Make someone else an admin first.",
        name=name,
    )


@bp.post("/users/invite")
def invite_user() -> tuple[str, int]:
    """Add a member who sets their own password through a one-time link."""
    form = InviteForm(prefix="invite")
    if not form.validate_on_submit():
        return _staff_answer(422, invite_form=form)
    try:
        issued = users.invite_user(
            g.clinic_id, form.name.data, form.email.data, Role(form.role.data), current_user
        )
    except users.InvitesThrottled:
        problem = _("Too many invitations in the last hour. Try again later.")
    except users.AlreadyMember:
        problem = _("Someone in this clinic already uses this address.")
    except users.InviteRefused:
        problem = _("This address cannot be invited. Check it, or use another one.")
    else:
        db.session.commit()
        return _staff_answer(issued=issued)
    db.session.commit()  # the refusal's audit row and count
    form.email.errors.append(problem)
    return _staff_answer(422, invite_form=form)


@bp.post("/users/<uuid:user_id>/password-link")
def password_link(user_id: uuid.UUID) -> tuple[str, int]:
    """A one-time link for the member to set a password, shown in this answer only."""
    membership = _member(user_id)
    try:
        issued = users.issue_password_link(g.clinic_id, membership, current_user)
    except users.NotActive:
        problem = _("Reactivate %(name)s first.", name=membership.user.name)
        return _staff_answer(422, problem=problem)
    db.session.commit()
    return _staff_answer(issued=issued)


@bp.post("/users/<uuid:user_id>/deactivate")
def deactivate_user(user_id: uuid.UUID) -> tuple[str, int] | Response:
    """End a member's access to this clinic at once; their account and history stay."""
    membership = _member(user_id)
    name = membership.user.name
    try:
        users.deactivate_member(g.clinic_id, membership, current_user)
    except users.LastAdmin:
        return _staff_answer(422, problem=_last_admin(name))
    db.session.commit()
    if membership.user_id == current_user.id:
        return _leave("auth.login")
    return _done(
        _(
            "%(name)s is deactivated: signed out everywhere in this clinic and unable to "
            "sign in. Their history stays.",
            name=name,
        )
    )


@bp.post("/users/<uuid:user_id>/reactivate")
def reactivate_user(user_id: uuid.UUID) -> tuple[str, int] | Response:
    """Let a deactivated member sign in again."""
    membership = _member(user_id)
    users.reactivate_member(g.clinic_id, membership, current_user)
    db.session.commit()
    return _done(_("%(name)s can sign in again.", name=membership.user.name))


@bp.post("/users/<uuid:user_id>/role")
def change_role(user_id: uuid.UUID) -> tuple[str, int] | Response:
    """Give a member another role; it applies from their next click."""
    membership = _member(user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        return _staff_answer(422, problem=_("Choose one of the roles."))
    name = membership.user.name
    try:
        users.change_role(g.clinic_id, membership, Role(form.role.data), current_user)
    except users.LastAdmin:
        return _staff_answer(422, problem=_last_admin(name))
    db.session.commit()
    if membership.user_id == current_user.id and membership.role is not Role.ADMIN:
        return _leave("home.index")
    return _done(_("%(name)s is now: %(role)s.", name=name, role=role_label(membership.role)))
