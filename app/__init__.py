"""Seans: practice administration for independent therapists and small clinics."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask


def create_app(
    test_config: dict[str, Any] | None = None, *, instance_path: str | None = None
) -> Flask:
    """Build the app: defaults, then instance/config.py, then SEANS_* variables."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=instance_path or os.environ.get("SEANS_INSTANCE_PATH"),
    )
    _configure(app, test_config)

    from app import access_log, cli, urls, web
    from app.extensions import babel, csrf, db, htmx, login_manager, migrate
    from app.models.base import render_migration_item
    from app.routes import register_blueprints
    from app.services.i18n import select_locale, select_timezone

    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(Path(app.root_path).parent / "migrations"),
        render_as_batch=True,
        render_item=render_migration_item,
    )
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    htmx.init_app(app)
    _load_master_keys(app)

    web.install(app)
    app.url_map.converters["int"] = urls.RowNumber
    register_blueprints(app)
    access_log.install(app)  # reads the routes registered above
    if app.config["PROXY_FIX_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = int(app.config["PROXY_FIX_HOPS"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    cli.register(app)
    return app


def _configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    from app.config import Defaults

    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("SEANS")
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = _database_url(os.environ["DATABASE_URL"])
    if test_config:
        app.config.update(test_config)
    if app.config.get("TRUSTED_HOSTS") is None:
        from app.urls import trusted_hosts

        # A request naming another host answers 400 (Flask checks it before routing).
        app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config["PUBLIC_URL"])
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{app.instance_path}/seans.db"


def _database_url(url: str) -> str:
    """Accept the common postgres:// spellings and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _load_master_keys(app: Flask) -> None:
    from app.crypto import MasterKeyRing

    if app.config.get("MASTER_KEYS"):
        app.extensions["seans.master_keys"] = MasterKeyRing.from_env(app.config["MASTER_KEYS"])
        return
    path = Path(app.instance_path) / app.config["MASTER_KEY_FILE"]
    if path.exists():
        app.extensions["seans.master_keys"] = MasterKeyRing.from_file(path)
