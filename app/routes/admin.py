from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from app.extensions import db, htmx
from app.forms import ClinicForm
from app.services import audit, auth, clinics, users

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _page(form: ClinicForm) -> str:
    return render_template("admin/settings.html", form=form, staff=users.clinic_staff(g.clinic))


@bp.get("/")
def settings() -> str:
    """The clinic's settings and its staff."""
    return _page(ClinicForm(obj=g.clinic))


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
