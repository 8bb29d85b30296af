"""One blueprint per feature."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from app.routes import (
        account,
        admin,
        appointments,
        audit_log,
        auth,
        availability,
        calendar,
        clients,
        consent_texts,
        feeds,
        home,
        notes,
        public,
    )

    for module in (
        public,
        auth,
        account,
        home,
        calendar,
        appointments,
        notes,
        clients,
        admin,
        consent_texts,
        audit_log,
        availability,
        feeds,
    ):
        app.register_blueprint(module.bp)
