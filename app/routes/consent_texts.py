"""Admins publish new versions of the clinic's consent texts; old versions stay."""

from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from app.extensions import db, htmx
from app.forms import ConsentTextForm, consent_kind_label
from app.models import ConsentKind
from app.services import audit, consent

bp = Blueprint("consent_texts", __name__, url_prefix="/admin/consent-texts")


def _page(form: ConsentTextForm) -> str:
    return render_template(
        "consent_texts/index.html",
        form=form,
        texts=consent.list_texts(g.clinic_id),
        kind_label=consent_kind_label,
    )


@bp.get("/")
def index() -> str:
    """Every version of every consent text, newest first per kind and language."""
    return _page(ConsentTextForm())


@bp.post("/")
def publish() -> str | Response | tuple[str, int]:
    """Publish a new version; consents given earlier keep pointing at their version."""
    form = ConsentTextForm()
    if form.validate_on_submit():
        text = consent.publish_text(
            g.clinic_id, ConsentKind(form.kind.data), form.language.data, form.body.data
        )
        audit.record(
            current_user,
            "consent_text.published",
            text,
            g.clinic_id,
            kind=text.kind.value,
            language=text.language,
            version=text.version,
        )
        db.session.commit()
        return redirect(url_for("consent_texts.index"))
    if htmx:
        return render_template("consent_texts/_form.html", form=form), 422
    return _page(form), 422
