"""One blueprint per feature."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from app.routes import account, admin, auth, clients, home, public

    for module in (public, auth, account, home, clients, admin):
        app.register_blueprint(module.bp)
