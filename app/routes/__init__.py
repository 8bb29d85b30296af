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
        client_pages,
        clients,
        commands,
        consent_texts,
        data_requests,
        emergency,
        exports,
        feeds,
        home,
        inbox,
        links,
        message_texts,
        notes,
        privacy,
        public,
        recordings,
        requests,
        second_factor,
        webhooks,
    )

    for module in (
        public,
        auth,
        second_factor,
        account,
        home,
        calendar,
        commands,
        appointments,
        notes,
        recordings,
        emergency,
        clients,
        inbox,
        admin,
        consent_texts,
        message_texts,
        audit_log,
        availability,
        feeds,
        links,
        client_pages,
        exports,
        privacy,
        data_requests,
        requests,
        webhooks,
    ):
        app.register_blueprint(module.bp)
