"""The clinic's transparency page, public and behind a client's magic link, and the
form a link holder uses to ask for a copy, a correction or deletion of their data.

Behind a link, every request counts against its limits first; GET only shows and POST
records (once, however often it is sent). Pages behind a link speak the client's
language; the public page follows the visitor's choice, like the other public pages."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import force_locale

from app.extensions import db
from app.models import DataRequestKind
from app.privacy_forms import CLIENT_KINDS, DETAILS_HINT, ClientRequestForm
from app.services import client_pages, links, privacy_pages
from app.services.privacy_pages import LinkHolder

bp = Blueprint("privacy", __name__)

Rendered = str | tuple[str, int]
RETRY_AFTER = str(int(client_pages.WINDOW.total_seconds()))
# The URL argument naming each kind of link, and the pages a link holder moves between.
TOKEN_ARGS = {"appointment_token": links.APPOINTMENT, "link_token": links.CONSENT}
ENDPOINTS = {
    links.APPOINTMENT: ("appointment_token", "client_pages.show", "privacy.appointment"),
    links.CONSENT: ("link_token", "links.consent", "privacy.consent"),
}


def _link() -> tuple[str, str] | None:
    """The token and purpose of the link in this request's URL, if any."""
    values = request.view_args or {}
    for name, purpose in TOKEN_ARGS.items():
        if name in values:
            return values[name], purpose
    return None


def _url(purpose: str, token: str, page: str) -> str:
    """`back` (the link's own page), `page` (transparency) or `form` behind the link."""
    argument, back, prefix = ENDPOINTS[purpose]
    endpoint = {"back": back, "page": f"{prefix}_page", "form": f"{prefix}_form"}[page]
    return url_for(endpoint, **{argument: token})


@bp.app_context_processor
def _privacy_link() -> dict:
    return {"privacy_link": _privacy_url}


def _privacy_url() -> str | None:
    """For a link page's footer: this link's transparency page (None off link pages)."""
    found = _link()
    if found is None or request.endpoint in ("privacy.appointment_page", "privacy.consent_page"):
        return None
    return _url(found[1], found[0], "page")


@bp.before_request
def _throttle() -> tuple[str, int, dict[str, str]] | None:
    found = _link()
    if found is None:
        return None  # the public page holds no one's data
    allowed = privacy_pages.allow_request(
        *found, request.remote_addr, submitting=request.method == "POST"
    )
    db.session.commit()  # the count stands whatever the request does next
    if not allowed:
        return render_template("links/appointment_busy.html"), 429, {"Retry-After": RETRY_AFTER}
    return None


def _missing() -> tuple[str, int]:
    # Unknown, expired and revoked links get one answer, in the browser's language.
    return render_template("links/missing.html"), 404


@bp.get("/privacy/<clinic_slug>")
def clinic_page(clinic_slug: str) -> str:
    """How the clinic handles clients' data, from its real settings (no sign-in)."""
    facts = privacy_pages.clinic_page(clinic_slug)
    if facts is None:
        abort(404)
    return render_template("privacy/clinic.html", facts=facts, request_url=None)


def _render(template: str, holder: LinkHolder, purpose: str, token: str, **context) -> str:
    return render_template(
        template,
        page=holder,
        facts=holder.transparency,
        request_url=_url(purpose, token, "form"),
        back_url=_url(purpose, token, "back"),
        privacy_url=_url(purpose, token, "page"),
        client_kinds=CLIENT_KINDS,
        details_hint=DETAILS_HINT,
        **context,
    )


def _page(token: str, purpose: str) -> Rendered:
    holder = privacy_pages.holder(token, purpose)
    if holder is None:
        return _missing()
    with force_locale(holder.language):
        return _render("privacy/link.html", holder, purpose, token)


def _form(token: str, purpose: str) -> Rendered:
    holder = privacy_pages.holder(token, purpose)
    if holder is None:
        return _missing()
    with force_locale(holder.language):
        return _render("privacy/request.html", holder, purpose, token, form=ClientRequestForm())


def _submit(token: str, purpose: str) -> Rendered:
    holder = privacy_pages.holder(token, purpose)
    if holder is None:
        return _missing()
    with force_locale(holder.language):
        form = ClientRequestForm()
        if not form.validate_on_submit():
            return _render("privacy/request.html", holder, purpose, token, form=form), 422
        done = privacy_pages.submit(
            token, purpose, DataRequestKind(form.kind.data), form.details.data
        )
        if done is None:
            return _missing()
        db.session.commit()
        return _render("privacy/requested.html", holder, purpose, token, done=done)


@bp.get("/r/<appointment_token>/privacy")
def appointment_page(appointment_token: str) -> Rendered:
    """The clinic's transparency page, reached from an appointment link."""
    return _page(appointment_token, links.APPOINTMENT)


@bp.get("/r/<appointment_token>/privacy-request")
def appointment_form(appointment_token: str) -> Rendered:
    """The request form behind an appointment link."""
    return _form(appointment_token, links.APPOINTMENT)


@bp.post("/r/<appointment_token>/privacy-request")
def appointment_submit(appointment_token: str) -> Rendered:
    """Record the request and say by when the clinic answers."""
    return _submit(appointment_token, links.APPOINTMENT)


@bp.get("/c/<link_token>/privacy")
def consent_page(link_token: str) -> Rendered:
    """The clinic's transparency page, reached from a consent link."""
    return _page(link_token, links.CONSENT)


@bp.get("/c/<link_token>/privacy-request")
def consent_form(link_token: str) -> Rendered:
    """The request form behind a consent link."""
    return _form(link_token, links.CONSENT)


@bp.post("/c/<link_token>/privacy-request")
def consent_submit(link_token: str) -> Rendered:
    """Record the request and say by when the clinic answers."""
    return _submit(link_token, links.CONSENT)
