from __future__ import annotations

import uuid

from flask import Blueprint, abort, g, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from app.extensions import db, htmx
from app.forms import ClientForm
from app.models import Role
from app.policy import P, require
from app.services import audit, calendar, clients

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
    """List the clinic's clients (a therapist sees only their own)."""
    listing = clients.list_clients(g.clinic_id)
    if g.role is Role.THERAPIST:
        listing = [c for c in listing if calendar.is_treating(current_user.id, c.id)]
    audit.record(current_user, "client.list_viewed", None, g.clinic_id, shown=len(listing))
    db.session.commit()
    return render_template(
        "clients/index.html",
        clients=listing,
        form=ClientForm(),
        can_create=g.role is not Role.THERAPIST,
    )


@bp.post("/")
def create() -> str | Response | tuple[str, int]:
    """Add a client; personal fields are sealed before they reach the database."""
    form = ClientForm()
    if form.validate_on_submit():
        try:
            client = clients.create_client(
                g.clinic_id, form.name.data, form.phone.data, form.email.data, form.language.data
            )
        except clients.InvalidClient as exc:
            getattr(form, exc.field).errors.append(str(PROBLEMS[exc.field]))
        else:
            audit.record(current_user, "client.created", client, g.clinic_id)
            db.session.commit()
            return redirect(url_for("clients.show", client_id=client.id))
    template = "clients/_form.html" if htmx else "clients/index.html"
    return render_template(
        template,
        form=form,
        can_create=True,
        clients=[] if htmx else clients.list_clients(g.clinic_id),
    ), 422


@bp.get("/<uuid:client_id>")
def show(client_id: uuid.UUID) -> str:
    """Show one client's details."""
    client = load_client(client_id)
    details = clients.reveal(client)
    audit.record(current_user, "client.viewed", client, g.clinic_id)
    db.session.commit()
    return render_template("clients/show.html", client=details)
