"""One blueprint per feature."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from app.routes import (
        account,
        admin,
        appointments,
        auth,
        availability,
        calendar,
        clients,
        feeds,
        home,
        public,
    )

    for module in (
        public,
        auth,
        account,
        home,
        calendar,
        appointments,
        clients,
        admin,
        availability,
        feeds,
    ):
        app.register_blueprint(module.bp)
