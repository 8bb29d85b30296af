"""Clients' data requests as staff handle them: recorded on the client's page, taken,
answered or refused there; the admin's dashboard lists what is open across the clinic,
soonest due first. An action answers HTMX with the section it came from, and a plain
form with a redirect back to its page."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from app import clock
from app.extensions import db, htmx
from app.models import DataRequest, DataRequestKind, Role
from app.privacy_forms import (
    REASONS,
    RESTRICTED_UNTIL,
    RefuseForm,
    StaffRequestForm,
    kind_label,
    outcome_label,
    status_label,
)
from app.services import audit, clients, data_requests, erasure
from app.services.i18n import clinic_zone

bp = Blueprint("data_requests", __name__)

Answer = str | Response | tuple[str, int]
DASHBOARD = "dashboard"
CLOSED = _l("This request was already answered or refused.")
NOT_RECORDED = _l("The request was not recorded. Check its kind and date.")
WRONG_KIND = _l("This action does not fit this request.")
CONFIRM = "confirm"


def _today() -> date:
    return clock.now().astimezone(clinic_zone()).date()


def _received_at(day: date) -> datetime:
    """Now for a request received today; midday in the clinic's zone for an earlier one."""
    if day >= _today():
        return clock.now()
    return datetime.combine(day, time(12), tzinfo=clinic_zone()).astimezone(UTC)


def _labels() -> dict[str, Any]:
    return {
        "request_kind_label": kind_label,
        "request_status_label": status_label,
        "request_outcome_label": outcome_label,
        "refusal_reasons": REASONS,
    }


def restriction_context(client: clients.Client) -> dict:
    """The "Processing restricted" badge on the client page's header: when, if ever, the
    client is shredded, and whether the signed-in user may lift the restriction."""
    if client.restricted_at is None:
        return {"restriction": None}
    shred_on = client.shred_after.astimezone(clinic_zone()).date() if client.shred_after else None
    return {
        "restriction": {
            "client_id": client.id,
            "shred_on": shred_on,
            "can_lift": g.role is Role.ADMIN and shred_on is None,
        }
    }


def section_context(client: clients.Client, form: StaffRequestForm | None = None) -> dict:
    """What the client page's "Data requests" section shows (front desk and admins)."""
    return {
        "request_client_id": client.id,
        "data_requests": data_requests.requests_of(client),
        "request_form": form or StaffRequestForm(formdata=None, today=_today()),
        "can_erase": g.role is Role.ADMIN,
        **_labels(),
    }


def dashboard_context() -> dict:
    """The admin's list of open requests; revealing the clients' names is audited (the
    caller commits)."""
    rows = data_requests.open_requests(g.clinic)
    if rows:
        audit.record(current_user, "data_request.list_viewed", None, g.clinic_id, shown=len(rows))
    return {
        "open_requests": rows,
        "overdue_count": sum(row.overdue for row in rows),
        **_labels(),
    }


def _section(
    client: clients.Client,
    *,
    notice: str | None = None,
    problem: str | None = None,
    form: StaffRequestForm | None = None,
) -> Answer:
    if htmx:
        context = section_context(client, form)
        # The header's restriction badge is swapped out of band beside the section.
        return render_template(
            "data_requests/_section.html",
            notice=notice,
            problem=problem,
            restriction_oob=True,
            **restriction_context(client),
            **context,
        ), (422 if problem or form else 200)
    flash(problem or notice or "", "error" if problem else "success")
    return redirect(url_for("clients.show", client_id=client.id) + "#data-requests")


def _dashboard(*, notice: str | None = None, problem: str | None = None) -> Answer:
    if htmx:
        context = dashboard_context()
        db.session.commit()
        return render_template(
            "data_requests/_dashboard.html", notice=notice, problem=problem, **context
        ), (422 if problem else 200)
    flash(problem or notice or "", "error" if problem else "success")
    return redirect(url_for("admin.settings") + "#data-requests-dashboard")


def _answer(row: DataRequest, *, notice: str | None = None, problem: str | None = None) -> Answer:
    """Back to where the action came from: the dashboard (admins) or the client's page."""
    on_dashboard = request.form.get("on") == DASHBOARD and g.role is Role.ADMIN
    client = clients.get_client(g.clinic_id, row.client_id) if row.client_id else None
    if on_dashboard or client is None:
        if g.role is not Role.ADMIN:
            flash(problem or notice or "", "error" if problem else "success")
            return redirect(url_for("home.index"))
        return _dashboard(notice=notice, problem=problem)
    return _section(client, notice=notice, problem=problem)


def _load(data_request_id: uuid.UUID) -> DataRequest:
    row = data_requests.get_request(g.clinic_id, data_request_id)
    if row is None:
        abort(404)
    return row


@bp.post("/clients/<uuid:client_id>/data-requests")
def record(client_id: uuid.UUID) -> Answer:
    """Record a request the client made by phone, in person or in writing."""
    client = clients.get_client(g.clinic_id, client_id)  # the policy admits front desk only
    if client is None:
        abort(404)
    form = StaffRequestForm(today=_today())
    if not form.validate_on_submit():
        return _section(client, form=form, problem=str(NOT_RECORDED))
    row, new = data_requests.record_request(
        client,
        DataRequestKind(form.kind.data),
        source=data_requests.STAFF,
        actor=current_user,
        details=form.details.data,
        received_at=_received_at(form.received_on.data),
    )
    db.session.commit()
    due = format_date(row.due_at.astimezone(clinic_zone()).date(), "long")
    if new:
        return _section(client, notice=_("Request recorded. Answer by %(date)s.", date=due))
    return _section(client, notice=_("This request is already open. Answer by %(date)s.", date=due))


@bp.post("/data-requests/<uuid:data_request_id>/take")
def take(data_request_id: uuid.UUID) -> Answer:
    """The signed-in staff member handles the request from now on."""
    row = _load(data_request_id)
    try:
        data_requests.take_request(row, current_user)
    except data_requests.RequestClosed:
        db.session.rollback()
        return _answer(row, problem=str(CLOSED))
    db.session.commit()
    return _answer(row, notice=_("You are handling this request."))


@bp.post("/data-requests/<uuid:data_request_id>/done")
def complete(data_request_id: uuid.UUID) -> Answer:
    """The request is answered."""
    row = _load(data_request_id)
    try:
        data_requests.complete_request(row, current_user)
    except data_requests.RequestClosed:
        db.session.rollback()
        return _answer(row, problem=str(CLOSED))
    db.session.commit()
    return _answer(row, notice=_("Request marked as done."))


@bp.post("/data-requests/<uuid:data_request_id>/refuse")
def refuse(data_request_id: uuid.UUID) -> Answer:
    """Refuse the request, for a reason the client is told."""
    row = _load(data_request_id)
    form = RefuseForm()
    if not form.validate_on_submit():
        return _answer(row, problem=_("Pick the reason for refusing."))
    try:
        data_requests.refuse_request(row, current_user, form.reason.data)
    except data_requests.RequestClosed:
        db.session.rollback()
        return _answer(row, problem=str(CLOSED))
    db.session.commit()
    return _answer(row, notice=_("Request refused. Tell the client the reason."))


def _client_of(row: DataRequest) -> clients.Client | None:
    return clients.get_client(g.clinic_id, row.client_id) if row.client_id else None


def _gone(notice: str) -> Answer:
    """The client was shredded: their page is gone, so the answer is the clients list."""
    flash(notice, "success")
    target = url_for("clients.index")
    if htmx:
        return Response(status=204, headers={"HX-Redirect": target})
    return redirect(target)


@bp.post("/data-requests/<uuid:data_request_id>/erase")
def erase(data_request_id: uuid.UUID) -> Answer:
    """Answer an erasure request (admins): shred the client now, or, while the law keeps
    their records, restrict them and shred them when it no longer does."""
    row = _load(data_request_id)
    client = _client_of(row)
    if row.kind is not DataRequestKind.ERASURE or client is None:
        return _answer(row, problem=str(WRONG_KIND))
    try:
        data_requests.ensure_open(row)
    except data_requests.RequestClosed:
        return _answer(row, problem=str(CLOSED))
    if request.form.get(CONFIRM) != "yes":
        return _answer(row, problem=_("Tick “I understand this cannot be undone” to erase."))
    done = erasure.erase_client(client, by=current_user, request=row)
    if done.outcome is erasure.Outcome.SHREDDED:
        data_requests.complete_request(row, current_user, outcome=str(done.outcome))
        db.session.commit()
        return _gone(_("The client's data was erased."))
    day = (done.shred_after or clock.now()).astimezone(clinic_zone()).date()
    data_requests.complete_request(row, current_user, outcome=RESTRICTED_UNTIL + day.isoformat())
    db.session.commit()
    return _answer(
        row,
        notice=_(
            "The law keeps these records until %(date)s: the client is restricted now and "
            "erased then.",
            date=format_date(day, "long"),
        ),
    )


@bp.post("/data-requests/<uuid:data_request_id>/restrict")
def restrict(data_request_id: uuid.UUID) -> Answer:
    """Answer a restriction request: no reminders, no assistant, out of lists."""
    row = _load(data_request_id)
    client = _client_of(row)
    if row.kind is not DataRequestKind.RESTRICTION or client is None:
        return _answer(row, problem=str(WRONG_KIND))
    try:
        data_requests.ensure_open(row)
    except data_requests.RequestClosed:
        return _answer(row, problem=str(CLOSED))
    erasure.restrict_client(client, by=current_user, request=row)
    data_requests.complete_request(row, current_user, outcome="restricted")
    db.session.commit()
    return _answer(row, notice=_("Processing of the client's data is restricted."))


@bp.post("/clients/<uuid:client_id>/restriction/lift")
def lift_restriction(client_id: uuid.UUID) -> Answer:
    """Process the client's data again (admins); not while an erasure waits for its date."""
    client = clients.get_client(g.clinic_id, client_id)  # the policy admits admins only
    if client is None:
        abort(404)
    if client.shred_after is not None:
        return _section(client, problem=_("An erasure is waiting: this restriction stays."))
    if not erasure.lift_restriction(client, by=current_user):
        return _section(client, problem=_("This client's processing is not restricted."))
    db.session.commit()
    return _section(client, notice=_("The restriction is lifted."))
