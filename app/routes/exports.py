"""A client's copy of their data: staff have its link texted to the client from the
client's page (never shown to them), the client downloads it through that link.

The link pages (`/x/<token>`) are like the other client pages: GET only, in the
client's language, rate-limited, one answer for every link that does not work."""

from __future__ import annotations

import json
import uuid

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_login import current_user
from werkzeug.wrappers import Response

from app.export_labels import Printer
from app.extensions import db, htmx
from app.models import Client, DataRequest, Role
from app.policy import P, allowed
from app.services import calendar, clients, export_channel, export_delivery
from app.services.export_delivery import JSON, PRINT

bp = Blueprint("exports", __name__)

RETRY_AFTER = str(int(export_delivery.WINDOW.total_seconds()))


# --- staff, on the client's page ---------------------------------------------------


def _principal(client: Client) -> P:
    if g.role is Role.THERAPIST:
        treating = calendar.is_treating(current_user.id, client.id)
        return P.TREATING_THERAPIST if treating else P.OTHER_THERAPIST
    return P.ADMIN if g.role is Role.ADMIN else P.RECEPTIONIST


def _load(client_id: uuid.UUID) -> Client:
    """The clinic's client, or 404 for anyone this route is not for: whether the client
    exists is nobody else's business."""
    client = clients.get_client(g.clinic_id, client_id)
    if client is None or not allowed(request.endpoint or "", _principal(client)):
        abort(404)
    return client


def _load_request(client: Client, request_id: uuid.UUID) -> DataRequest:
    """The client's open access request, or 404."""
    found = export_delivery.get_access_request(g.clinic_id, client.id, request_id)
    if found is None:
        abort(404)
    return found


def _panel(client: Client, status: int = 200, **context) -> str | tuple[str, int]:
    therapist = g.role is Role.THERAPIST
    context = {
        "client_id": client.id,
        "requests": export_delivery.open_requests(client, current_user if therapist else None),
        "is_therapist": therapist,
        "can_send": not therapist,
        "reach": None if therapist else export_channel.reach(client),
        "settle_days": export_channel.PHONE_SETTLES.days,
        **context,
    }
    template = "exports/_panel.html" if htmx else "exports/panel.html"
    return render_template(template, **context), status


@bp.get("/clients/<uuid:client_id>/export")
def panel(client_id: uuid.UUID) -> str | tuple[str, int]:
    """The client's open access requests: notes approval and the download link."""
    return _panel(_load(client_id))


@bp.post("/clients/<uuid:client_id>/export/<uuid:data_request_id>/approve-notes")
def approve_notes(client_id: uuid.UUID, data_request_id: uuid.UUID) -> str | tuple | Response:
    """The treating therapist approves including their session notes in the copy."""
    client = _load(client_id)
    data_request = _load_request(client, data_request_id)
    try:
        export_delivery.approve_notes(data_request, current_user)
    except export_delivery.NotTreating:
        abort(404)
    db.session.commit()
    if not htmx:
        return redirect(url_for("clients.show", client_id=client.id))
    return _panel(client)


@bp.post("/clients/<uuid:client_id>/export/<uuid:data_request_id>/link")
def prepare(client_id: uuid.UUID, data_request_id: uuid.UUID) -> str | tuple[str, int]:
    """Text the client a link to their copy, to their own mobile number: staff never
    see it."""
    client = _load(client_id)
    data_request = _load_request(client, data_request_id)
    try:
        delivery = export_delivery.send_link(data_request, client, current_user)
    except export_delivery.NoChannel:
        db.session.commit()  # the refused attempt stays in the audit trail
        return _panel(client, 422, refused_for=data_request.id)
    db.session.commit()
    return _panel(client, delivery=delivery, delivered_for=data_request.id)


# --- the client, through the link ----------------------------------------------------


@bp.before_request
def _throttle() -> tuple[str, int, dict[str, str]] | None:
    token = (request.view_args or {}).get("export_token")
    if token is None:
        return None
    within = export_delivery.allow_request(token, request.remote_addr)
    db.session.commit()  # the count stands whatever the request does next
    if not within:
        return render_template("links/appointment_busy.html"), 429, {"Retry-After": RETRY_AFTER}
    return None


def _missing() -> tuple[str, int]:
    return render_template("links/missing.html"), 404


@bp.get("/x/<export_token>")
def link_page(export_token: str) -> str | tuple[str, int]:
    """What the client sees first: two ways to take their data, nothing of it yet."""
    page = export_delivery.link_page(export_token)
    if page is None:
        return _missing()
    db.session.commit()
    with force_locale(page.language):
        return render_template("exports/link.html", page=page, token=export_token)


@bp.get("/x/<export_token>/archive.json")
def download_json(export_token: str) -> Response | tuple[str, int]:
    """The machine-readable archive (docs/export-schema.md), built now."""
    archive = export_delivery.download(export_token, JSON)
    if archive is None:
        return _missing()
    db.session.commit()
    day = archive["generated_at"][:10]
    return Response(
        json.dumps(archive, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="data-{day}.json"'},
    )


@bp.get("/x/<export_token>/print")
def print_view(export_token: str) -> str | tuple[str, int]:
    """The same data as a document to read, print or save as PDF."""
    archive = export_delivery.download(export_token, PRINT)
    if archive is None:
        return _missing()
    db.session.commit()
    language = archive["client"]["language"]
    with force_locale(language):
        return render_template(
            "exports/print.html",
            a=archive,
            fmt=Printer(archive["clinic"]["timezone"], language),
            language=language,
        )
