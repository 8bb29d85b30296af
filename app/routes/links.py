"""Magic-link pages a client opens on their phone without an account.

GET only shows (SMS apps fetch links to preview them); POST records. Every request
counts against the link's and the address's limits first, as on appointment links.
The page speaks the client's language, whatever the browser asks for."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import force_locale

from app.extensions import db
from app.forms import consent_kind_label
from app.link_forms import OnlineConsentForm
from app.models import ConsentKind
from app.services import client_pages, links

bp = Blueprint("links", __name__)
RETRY_AFTER = str(int(client_pages.WINDOW.total_seconds()))


@bp.before_request
def _throttle() -> tuple[str, int, dict[str, str]] | None:
    token = (request.view_args or {}).get("link_token", "")
    allowed = client_pages.allow_request(token, request.remote_addr, links.CONSENT)
    db.session.commit()  # the count stands whatever the request does next
    if not allowed:
        return render_template("links/appointment_busy.html"), 429, {"Retry-After": RETRY_AFTER}
    return None


def _render(template: str, page: links.ConsentPage, **context) -> str:
    return render_template(template, page=page, kind_label=consent_kind_label, **context)


def _missing() -> tuple[str, int]:
    # Unknown, expired and revoked links get one answer, in the browser's language.
    return render_template("links/missing.html"), 404


@bp.get("/c/<link_token>")
def consent(link_token: str) -> str | tuple[str, int]:
    """Show the clinic's consent texts the client has not given yet."""
    page = links.consent_page(link_token, opened=True)
    if page is None:
        return _missing()
    db.session.commit()
    with force_locale(page.language):
        return _render("links/consent.html", page, form=OnlineConsentForm(page.offered))


@bp.post("/c/<link_token>")
def give(link_token: str) -> str | tuple[str, int]:
    """Record each ticked consent with the typed full name."""
    page = links.consent_page(link_token)
    if page is None:
        return _missing()
    with force_locale(page.language):
        form = OnlineConsentForm(page.offered)
        if not form.validate_on_submit():
            return _render("links/consent.html", page, form=form), 422
        recorded = links.give_consents(
            link_token,
            [ConsentKind(kind) for kind in form.kinds.data],
            form.full_name.data,
            request.remote_addr,
        )
        if recorded is None:
            return _missing()
        db.session.commit()
        page = links.consent_page(link_token) or page
        return _render("links/thanks.html", page, recorded=recorded)
