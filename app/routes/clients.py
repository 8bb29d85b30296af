from __future__ import annotations

import uuid

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from app.extensions import db, htmx
from app.forms import (
    CONSENT_METHODS,
    ClientForm,
    ConsentKindForm,
    consent_kind_choices,
    consent_kind_label,
)
from app.models import ConsentKind, ConsentMethod, Role
from app.policy import P, require
from app.routes.data_requests import restriction_context, section_context
from app.services import audit, calendar, client_list, clients, consent, links

bp = Blueprint("clients", __name__, url_prefix="/clients")

PROBLEMS = {
    "name": _l("Enter the client's name."),
    "phone": _l("Enter a mobile number such as 0532 123 45 67."),
    "email": _l("Enter an e-mail address such as ad@ornek.com."),
}


def load_client(client_id: uuid.UUID) -> clients.Client:
    """The clinic's client, or 404; a therapist must be treating them."""
    client = clients.get_client(g.clinic_id, client_id)
    if client is None:
        abort(404)
    if g.role is Role.THERAPIST:
        treating = calendar.is_treating(current_user.id, client.id)
        require(P.TREATING_THERAPIST if treating else P.OTHER_THERAPIST)
    else:
        require(P.ADMIN if g.role is Role.ADMIN else P.RECEPTIONIST)
    return client


@bp.get("/")
def index() -> str:
    """One page of the clinic's clients, newest first (a therapist sees only their own)."""
    page = client_list.page_number(request.args.get("page"))
    listing = client_list.current_clients(g.clinic_id, page, _therapist())
    audit.record(current_user, "client.list_viewed", None, g.clinic_id, shown=len(listing.rows))
    db.session.commit()
    return render_template(
        "clients/index.html",
        listing=listing,
        form=ClientForm(),
        can_create=g.role is not Role.THERAPIST,
    )


def _therapist() -> uuid.UUID | None:
    """Whose clients only: a therapist's own; the front desk and admins see all."""
    return current_user.id if g.role is Role.THERAPIST else None


@bp.post("/")
def create() -> str | Response | tuple[str, int]:
    """Add a client; personal fields are sealed before they reach the database."""
    form = ClientForm()
    if form.validate_on_submit():
        try:
            client = clients.create_client(
                g.clinic_id,
                form.name.data,
                form.phone.data,
                form.email.data,
                form.language.data,
                form.channel.data,
            )
        except clients.InvalidClient as exc:
            getattr(form, exc.field).errors.append(str(PROBLEMS[exc.field]))
        else:
            clients.set_address_form(client, form.address_form.data)
            audit.record(current_user, "client.created", client, g.clinic_id)
            db.session.commit()
            return redirect(url_for("clients.show", client_id=client.id))
    template = "clients/_form.html" if htmx else "clients/index.html"
    return render_template(
        template,
        form=form,
        can_create=True,
        listing=None if htmx else client_list.current_clients(g.clinic_id),
    ), 422


@bp.get("/<uuid:client_id>")
def show(client_id: uuid.UUID) -> str:
    """Show one client's details."""
    client = load_client(client_id)
    details = clients.reveal(client)
    audit.record(current_user, "client.viewed", client, g.clinic_id)
    db.session.commit()
    return render_template(
        "clients/show.html",
        client=details,
        archived=client.archived_at is not None,
        can_archive=g.role is not Role.THERAPIST,
        **restriction_context(client),
        **_consent_context(client),
        **_data_requests(client),
    )


def _data_requests(client: clients.Client) -> dict:
    """The "Data requests" section: the front desk's and admins' only."""
    return {} if g.role is Role.THERAPIST else section_context(client)


@bp.get("/search")
def search() -> str:
    """Find clients by initials ("E.K."), phone or whole name words, a page at a time
    (an HTMX fragment, or the whole list page)."""
    query = request.args.get("q", "")[:200]
    page = client_list.page_number(request.args.get("page"))
    if not query.strip():
        listing = client_list.current_clients(g.clinic_id, page, _therapist())
    else:
        listing = client_list.search_clients(g.clinic_id, query, page, _therapist())
    # The query itself may be a name or a phone number, so only the count is kept.
    audit.record(current_user, "client.searched", None, g.clinic_id, shown=len(listing.rows))
    db.session.commit()
    template = "clients/_results.html" if htmx else "clients/index.html"
    return render_template(
        template,
        listing=listing,
        query=query,
        form=ClientForm(),
        can_create=g.role is not Role.THERAPIST,
    )


@bp.get("/<uuid:client_id>/edit")
def edit(client_id: uuid.UUID) -> str:
    """The edit form, filled with the client's details."""
    client = load_client(client_id)
    details = clients.reveal(client)
    audit.record(current_user, "client.viewed", client, g.clinic_id)
    db.session.commit()
    form = ClientForm(
        data={
            "name": details.name,
            "phone": details.phone,
            "email": details.email,
            "language": details.language,
            "channel": details.channel,
            "address_form": details.address_form or "",
        }
    )
    return render_template("clients/edit.html", client=details, form=form)


@bp.post("/<uuid:client_id>/edit")
def update(client_id: uuid.UUID) -> str | Response | tuple[str, int]:
    """Save new details; fields are sealed again and the search index rebuilt."""
    client = load_client(client_id)
    form = ClientForm()
    if form.validate_on_submit():
        try:
            changed = clients.update_client(
                client,
                form.name.data,
                form.phone.data,
                form.email.data,
                form.language.data,
                form.channel.data,
            )
        except clients.InvalidClient as exc:
            getattr(form, exc.field).errors.append(str(PROBLEMS[exc.field]))
        else:
            if clients.set_address_form(client, form.address_form.data):
                changed.append("address_form")
            audit.record(current_user, "client.updated", client, g.clinic_id, fields=changed)
            db.session.commit()
            return redirect(url_for("clients.show", client_id=client.id))
    template = "clients/_edit_form.html" if htmx else "clients/edit.html"
    return render_template(template, client=client, form=form), 422


@bp.post("/<uuid:client_id>/archive")
def archive(client_id: uuid.UUID) -> Response:
    """Hide the client from lists and searches; their records stay."""
    client = load_client(client_id)
    if clients.archive_client(client):
        audit.record(current_user, "client.archived", client, g.clinic_id)
        db.session.commit()
    return redirect(url_for("clients.index"))


def _consent_context(client: clients.Client) -> dict:
    return {
        "client_id": client.id,
        "consents": consent.client_consents(client),
        "missing": consent.missing_consents(client.id),
        "kind_choices": [(c.value, c.label) for c in consent_kind_choices()],
        "kind_label": consent_kind_label,
        "method_label": lambda method: str(CONSENT_METHODS.get(str(method), method)),
        "consent_link": links.live_link(client, links.CONSENT),
        "opted_out_at": client.opted_out_at,
    }


def _consents_response(client: clients.Client, status: int = 200) -> str | Response | tuple:
    if htmx:
        return render_template("clients/_consents.html", **_consent_context(client)), status
    if status != 200:
        abort(status)
    return redirect(url_for("clients.show", client_id=client.id))


@bp.post("/<uuid:client_id>/consents")
def record_consent(client_id: uuid.UUID) -> str | Response | tuple:
    """Record a consent the client signed on paper."""
    client = load_client(client_id)
    form = ConsentKindForm()
    if not form.validate_on_submit():
        return _consents_response(client, 422)
    try:
        consent.record_consent(
            client, ConsentKind(form.kind.data), ConsentMethod.PAPER, recorded_by=current_user
        )
    except consent.ConsentError:
        db.session.rollback()
        return _consents_response(client, 422)
    db.session.commit()
    return _consents_response(client)


@bp.post("/<uuid:client_id>/consent-link")
def consent_link(client_id: uuid.UUID) -> str:
    """Make a link for the client to give consents on their phone; the URL is shown only now."""
    client = load_client(client_id)
    token = links.issue_link(client, links.CONSENT, created_by=current_user)
    db.session.commit()
    context = {
        **_consent_context(client),
        "new_link_url": links.public_url(token, links.CONSENT),
    }
    if htmx:
        return render_template("clients/_consents.html", **context)
    audit.record(current_user, "client.viewed", client, g.clinic_id)
    db.session.commit()
    return render_template(
        "clients/show.html",
        client=clients.reveal(client),
        archived=client.archived_at is not None,
        can_archive=g.role is not Role.THERAPIST,
        **context,
        **_data_requests(client),
    )


@bp.post("/<uuid:client_id>/consents/withdraw")
def withdraw_consent(client_id: uuid.UUID) -> str | Response | tuple:
    """Withdraw the client's consent of one kind (e.g. no more SMS reminders)."""
    client = load_client(client_id)
    form = ConsentKindForm()
    if not form.validate_on_submit():
        return _consents_response(client, 422)
    consent.withdraw_consent(client, ConsentKind(form.kind.data), by=current_user)
    db.session.commit()
    return _consents_response(client)
