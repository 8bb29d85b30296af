from __future__ import annotations

import uuid
from datetime import time

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.assistant import reply_texts
from app.extensions import db, htmx
from app.forms import AssistantAnswersForm, AudioNotesForm, ClinicForm, ReminderPlanForm
from app.privacy_forms import PrivacySettingsForm
from app.routes.data_requests import dashboard_context
from app.services import audit, auth, clinics, users

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _page(
    form: ClinicForm,
    plan: ReminderPlanForm | None = None,
    answers: AssistantAnswersForm | None = None,
    privacy: PrivacySettingsForm | None = None,
    audio: AudioNotesForm | None = None,
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
        staff=users.clinic_staff(g.clinic),
        **dashboard,
    )


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
            address=form.address.data,
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
