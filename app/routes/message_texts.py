"""Admins word the clinic's SMS themselves, with a preview of how each one reads."""

from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from app.assistant.compose import PLACEHOLDERS, TemplateError
from app.extensions import db
from app.services import audit, message_texts, users
from app.textnorm import clean_text

bp = Blueprint("message_texts", __name__, url_prefix="/admin/messages")
Rendered = tuple[str, int]

KIND_LABELS = {
    "confirmation": _l("Confirmation when a session is booked"),
    "reminder_24h": _l("First reminder, asking to confirm"),
    "reminder_2h": _l("Short reminder before the session"),
    "moved": _l("New time after a session is moved"),
}
SITUATION_LABELS = {
    "first": _l("First session"),
    "follow_up": _l("Follow-up session"),
    "online": _l("Online session"),
}
LANGUAGE_LABELS = {"tr": "Türkçe", "en": "English"}


def problem_text(problem: TemplateError) -> str:
    """A wording problem in the admin's language."""
    name = problem.placeholder or ""
    return {
        "empty": _("The text is empty."),
        "unknown_placeholder": _("There is no placeholder {%(name)s}.", name=name),
        "empty_placeholder": _("Empty braces {}: write {{ or }} for a brace itself."),
        "format": _("Write {%(name)s} without anything after a colon.", name=name),
        "brace": _("A brace is not closed: write {{ or }} for a brace itself."),
        "missing_placeholder": _(
            "The text needs {%(name)s}, or the client cannot answer it.", name=name
        ),
        "no_value": _("{%(name)s} has no value for this kind of session.", name=name),
        "too_long": _(
            "The text is too long (at most %(count)s characters).",
            count=message_texts.MAX_CHARS,
        ),
    }.get(problem.code, _("This text cannot be used."))


@bp.context_processor
def _helpers() -> dict:
    return {
        "kind_labels": KIND_LABELS,
        "situation_labels": SITUATION_LABELS,
        "language_labels": LANGUAGE_LABELS,
        "problem_text": problem_text,
        "placeholders": sorted(PLACEHOLDERS),
    }


def _checked(kind: str, language: str) -> None:
    if kind not in message_texts.EDITABLE or language not in message_texts.LANGUAGES:
        abort(404)


@bp.get("/")
def index() -> str:
    """Every kind of message in both languages: the clinic's wording or ours."""
    return render_template(
        "message_texts/index.html",
        kinds=message_texts.EDITABLE,
        languages=message_texts.LANGUAGES,
        custom=message_texts.texts(g.clinic_id),
    )


def _therapist_name() -> str:
    therapists = users.therapists(g.clinic_id)
    return therapists[0].name if therapists else ""


def _edit_page(kind: str, language: str, body: str, status: int = 200, **context) -> Rendered:
    samples = message_texts.preview(g.clinic, kind, language, body, _therapist_name())
    page = render_template(
        "message_texts/edit.html",
        kind=kind,
        language=language,
        body=body,
        samples=samples,
        custom=message_texts.custom_text(g.clinic_id, kind, language),
        **context,
    )
    return page, status


@bp.get("/<kind>/<language>")
def edit(kind: str, language: str) -> Rendered:
    """The wording in use (or ours, to start from), with its preview."""
    _checked(kind, language)
    row = message_texts.custom_text(g.clinic_id, kind, language)
    body = row.body if row else message_texts.builtin(g.clinic, kind, language)
    return _edit_page(kind, language, body)


@bp.post("/<kind>/<language>/preview")
def preview(kind: str, language: str) -> Rendered:
    """How the text being typed reads, for three kinds of session (HTMX)."""
    _checked(kind, language)
    body = clean_text(request.form.get("body", ""))
    samples = message_texts.preview(g.clinic, kind, language, body, _therapist_name())
    problems = message_texts.problems(kind, body)
    fragment = render_template("message_texts/_preview.html", samples=samples, problems=problems)
    return fragment, 200


@bp.post("/<kind>/<language>")
def save(kind: str, language: str) -> Response | Rendered:
    """Use this wording from the next message on."""
    _checked(kind, language)
    body = clean_text(request.form.get("body", ""))
    try:
        row = message_texts.save_text(g.clinic, kind, language, body, current_user)
    except message_texts.InvalidText as exc:
        db.session.rollback()
        return _edit_page(kind, language, body, 422, problems=exc.problems)
    audit.record(current_user, "message_text.saved", row, g.clinic_id, kind=kind, language=language)
    db.session.commit()
    return redirect(url_for("message_texts.index"), 303)


@bp.post("/<kind>/<language>/reset")
def reset(kind: str, language: str) -> Response:
    """Go back to the built-in phrasings."""
    _checked(kind, language)
    if message_texts.reset_text(g.clinic, kind, language):
        audit.record(
            current_user,
            "message_text.reset",
            ("message_texts", f"{kind}/{language}"),
            g.clinic_id,
            kind=kind,
            language=language,
        )
        db.session.commit()
    return redirect(url_for("message_texts.index"), 303)
