"""Request plumbing: who is calling, may they, and the headers every answer carries."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError
from werkzeug.wrappers import Response

from app import extensions, labels
from app.extensions import db, htmx, login_manager
from app.models import Role, User
from app.policy import PASSIVE, POLICY, WHILE_LOCKED, P, Principal
from app.services import auth

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)
HTMX_CONFIG = json.dumps(
    {
        "allowEval": False,
        "allowScriptTags": False,
        "selfRequestsOnly": True,
        "historyCacheSize": 0,
        "refreshOnHistoryMiss": True,
        "includeIndicatorStyles": False,
        "responseHandling": [
            {"code": "204", "swap": False},
            {"code": "[23]..", "swap": True},
            {"code": "422", "swap": True},
            {"code": "[45]..", "swap": False, "error": True},
        ],
    },
    separators=(",", ":"),
)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ROLE_PRINCIPALS: dict[Role, frozenset[Principal]] = {
    Role.ADMIN: frozenset({P.ADMIN}),
    Role.RECEPTIONIST: frozenset({P.RECEPTIONIST}),
    Role.THERAPIST: frozenset({P.TREATING_THERAPIST, P.OTHER_THERAPIST}),
}
NAVIGATION = [
    ("calendar.day", _l("Day")),
    ("calendar.week", _l("Week")),
    ("calendar.month", _l("Month")),
    ("clients.index", _l("Clients")),
    ("inbox.index", _l("Inbox")),
    ("admin.settings", _l("Settings")),
    ("availability.index", _l("Availability")),
    ("consent_texts.index", _l("Consent texts")),
    ("message_texts.index", _l("SMS texts")),
    ("audit_log.index", _l("Audit log")),
    ("feeds.mine", _l("Calendar feed")),
    ("account.settings", _l("Account")),
]


def install(app: Flask) -> None:
    login_manager.request_loader(_load_user)
    app.before_request(_writers_lock_sqlite_first)
    app.teardown_request(_writer_ends)
    app.before_request(_require_setup)
    app.before_request(_enforce_policy)
    app.after_request(_security_headers)
    app.context_processor(_template_globals)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(SecurityError, _untrusted_host)
    app.register_error_handler(HTTPException, _http_error)


def _writers_lock_sqlite_first() -> None:
    """On SQLite, every transaction of a request that may write takes the write lock
    before its first read.

    A transaction that has read cannot take the lock once another writer committed: its
    first write would fail at once with "database is locked" (the busy timeout does not
    apply). Waiting for the lock up front turns that into a short queue, for the
    transaction after the session touch's commit as for the first. Reads (GET) stay
    concurrent; the writes they make (audit rows, session touches) go through
    `lock_for_write`. PostgreSQL needs none of this (see docs/decisions.md)."""
    if request.method not in SAFE_METHODS:
        g.writing = extensions.start_writing()


def _writer_ends(_error: BaseException | None) -> None:
    token = g.pop("writing", None)
    if token is not None:
        extensions.stop_writing(token)


def _require_setup() -> Response | None:
    if not current_app.config.get("SECRET_KEY"):
        return Response("Not set up: run ./scripts/run or `flask --app wsgi seans init`.", 503)
    return None


def _load_user(_request: Any) -> User | None:
    signed_in = auth.load_session(session.get("sid"), touch=request.endpoint not in PASSIVE)
    if signed_in is None:
        if session.pop("sid", None):
            g.session_ended = True
            db.session.commit()  # a session that just ended, and its audit row
        return None
    if db.session.dirty:
        # The touch (last seen) is committed at once, so the write lock is not held for
        # the whole page; what was just read stays loaded rather than read again.
        extensions.commit_keeping_loaded()
    g.user_session, g.clinic_id = signed_in.row, signed_in.clinic.id
    g.role, g.clinic = signed_in.membership.role, signed_in.clinic
    return signed_in.user


def principals() -> frozenset[Principal]:
    """What the current caller is at role level (object checks refine therapists)."""
    if not current_user.is_authenticated:
        return frozenset({P.ANONYMOUS})
    return ROLE_PRINCIPALS[g.role]


def _enforce_policy() -> Response | None:
    endpoint = request.endpoint
    if endpoint is None or endpoint == "static":
        return None  # 404 or 405 follows; static files need no session
    if request.method not in SAFE_METHODS and request.headers.get("Sec-Fetch-Site") == "cross-site":
        abort(403)  # a second line behind the CSRF token: browsers say where a request came from
    allowed = POLICY.get(endpoint)
    if allowed is None:
        abort(404)  # a route without a policy entry is closed
    if not current_user.is_authenticated:
        if allowed & {P.ANONYMOUS, P.CLIENT_LINK}:
            return None
        return _to_login()
    if g.user_session.locked_at is not None and endpoint not in WHILE_LOCKED:
        return _redirect(url_for("auth.locked"))
    if not principals() & allowed:
        # On a route about one object, a refusal must not tell whether the id exists in
        # some clinic: the answer is the 404 that an unknown id gets.
        abort(404 if _names_an_object() else 403)
    return None


def _names_an_object() -> bool:
    return any(name.endswith("_id") for name in (request.view_args or {}))


def _redirect(location: str) -> Response:
    if htmx:
        return Response(status=204, headers={"HX-Redirect": location})
    return redirect(location)


def _to_login() -> Response:
    target = url_for("auth.login", expired=1) if g.get("session_ended") else url_for("auth.login")
    if htmx:
        return Response(status=401, headers={"HX-Redirect": target})
    if request.method == "GET" and not g.get("session_ended"):
        target = url_for("auth.login", next=request.full_path.rstrip("?"))
    return redirect(target)


def safe_next(value: str | None) -> str | None:
    """Only a path on this site; never another host."""
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/") or value.startswith("//"):
        return None
    return value


def _security_headers(response: Response) -> Response:
    headers = response.headers
    headers["Content-Security-Policy"] = CSP
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Frame-Options"] = "DENY"
    headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), geolocation=(), microphone=(self)"
    if request.endpoint != "static":
        headers["Cache-Control"] = "no-store"
        response.vary.add("HX-Request")
        response.vary.add("Cookie")
    return response


def _template_globals() -> dict[str, Any]:
    mine = principals()
    nav = [(endpoint, label) for endpoint, label in NAVIGATION if mine & POLICY[endpoint]]
    return {
        "htmx_config": HTMX_CONFIG,
        "navigation": nav,
        "clinic": g.get("clinic"),
        "role": g.get("role"),
        "languages": current_app.config["LANGUAGES"],
        "session_type_label": labels.session_type_label,
        "status_label": labels.status_label,
        "role_label": labels.role_label,
        "reply_intent_label": labels.reply_intent_label,
        "get_locale": get_locale,
    }


def _csrf_error(error: CSRFError) -> tuple[str, int]:
    return _render_error(400, str(_l("The form expired. Reload the page and try again.")))


def _untrusted_host(error: SecurityError) -> Response:
    # A Host other than PUBLIC_URL's (TRUSTED_HOSTS): no URL can be built for it, so the
    # answer is a line of text rather than a page full of links.
    return Response(str(_l("This address is not served here.")), 400, mimetype="text/plain")


MESSAGES = {
    403: _l("You do not have access to this page."),
    404: _l("This page does not exist."),
    405: _l("This action is not allowed here."),
    413: _l("The upload is too large."),
    429: _l("Too many attempts. Wait a few minutes and try again."),
}


def _http_error(error: HTTPException) -> tuple[str, int] | HTTPException:
    if error.code is None or error.code < 400:
        return error
    if error.code >= 500:
        db.session.rollback()  # the page itself must not trip over the failed transaction
    message = MESSAGES.get(error.code, _l("Something went wrong."))
    return _render_error(error.code, str(message))


def _render_error(code: int, message: str) -> tuple[str, int]:
    template = "errors/_error.html" if htmx else "errors/error.html"
    return render_template(template, code=code, message=message), code
