"""Configuration layering, migrations, the set-up command and the demo data."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from sqlalchemy import inspect

from app import create_app
from app.config import Defaults
from app.extensions import db


def test_config_layers_defaults_instance_file_then_environment(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text(
        'SECRET_KEY = "from-file"\nRQ_QUEUE = "file-queue"\nARGON2_PROFILE = "cheapest"\n'
    )
    monkeypatch.setenv("SEANS_RQ_QUEUE", "env-queue")
    monkeypatch.setenv("SEANS_LOGIN_MAX_FAILURES_PER_IP", "7")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app(instance_path=str(tmp_path))
    assert app.config["SECRET_KEY"] == "from-file"
    assert app.config["RQ_QUEUE"] == "env-queue"
    assert app.config["LOGIN_MAX_FAILURES_PER_IP"] == 7
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/seans.db"


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h:5433/db", "postgresql+psycopg://u@h:5433/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ],
)
def test_database_url_selects_postgresql(tmp_path, monkeypatch, given, used):
    monkeypatch.setenv("DATABASE_URL", given)
    app = create_app({"SECRET_KEY": "x"}, instance_path=str(tmp_path))
    assert app.config["SQLALCHEMY_DATABASE_URI"] == used


def test_production_defaults_are_strict():
    assert Defaults.SESSION_COOKIE_SECURE is True
    assert Defaults.SESSION_COOKIE_HTTPONLY is True
    assert Defaults.SESSION_COOKIE_SAMESITE == "Lax"
    assert Defaults.ARGON2_PROFILE == "rfc9106_low_memory"
    assert Defaults.MAX_CONTENT_LENGTH


def test_seans_init_creates_private_secrets_once(tmp_path, monkeypatch):
    monkeypatch.delenv("SEANS_MASTER_KEYS", raising=False)
    app = create_app(instance_path=str(tmp_path / "instance"))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seans", "init"]).exit_code == 0
    config = tmp_path / "instance" / "config.py"
    key_file = tmp_path / "instance" / "keys" / "master.json"
    first = (config.read_text(), key_file.read_text())
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(json.loads(key_file.read_text())["keys"]) == 1
    assert runner.invoke(args=["seans", "init"]).exit_code == 0
    assert (config.read_text(), key_file.read_text()) == first


def test_migrations_match_the_models(app):
    """The committed migrations build exactly the schema the models describe."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with app.app_context(), db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == []
        assert "alembic_version" in inspect(conn).get_table_names()


def test_migrations_run_on_an_empty_sqlite_file(tmp_path):
    app = create_app(
        {"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.db'}"},
        instance_path=str(tmp_path),
    )
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        db.engine.dispose()
    assert {"clinics", "users", "clients", "appointments", "audit_events"} <= tables


def test_demo_data_loads_once_and_every_demo_login_works(app, make_browser):
    from app.models import Appointment, Client, Clinic, User
    from app.models.scoping import all_clinics
    from app.services import demo

    runner = app.test_cli_runner()
    assert "demo data loaded" in runner.invoke(args=["demo", "load"]).output
    assert "not loaded" in runner.invoke(args=["demo", "load"]).output
    with app.app_context(), all_clinics():
        count = lambda model: db.session.scalar(sa.select(sa.func.count()).select_from(model))  # noqa: E731
        assert count(Clinic) == 1
        assert count(User) == 4
        assert count(Client) == 12
        assert count(Appointment) >= 40
    for role, email, password in demo.LOGINS:
        response = make_browser().login(email, password)
        assert response.status_code == 302, role
    logins = runner.invoke(args=["demo", "logins"]).output
    assert all(email in logins for _, email, _ in demo.LOGINS)


def test_wsgi_module_builds_the_app(tmp_path, monkeypatch):
    monkeypatch.setenv("SEANS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("SEANS_SECRET_KEY", "from-env")
    import importlib

    import wsgi

    module = importlib.reload(wsgi)
    assert module.app.config["SECRET_KEY"] == "from-env"
    assert Path(module.app.instance_path) == tmp_path


@pytest.mark.parametrize(("hops", "recorded"), [(0, "127.0.0.1"), (1, "203.0.113.9")])
def test_client_address_behind_a_proxy_only_when_configured(
    app, world, make_browser, hops, recorded
):
    """Per-IP throttling and the audit trail need the real address, never a spoofed one."""
    from app.models import UserSession

    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops)
    browser = make_browser()
    response = browser.login(
        world.emails["receptionist"], headers={"X-Forwarded-For": "203.0.113.9"}
    )
    assert response.status_code == 302
    with app.app_context():
        assert [s.ip for s in db.session.scalars(sa.select(UserSession))] == [recorded]


def test_proxy_fix_is_installed_from_config(tmp_path):
    from werkzeug.middleware.proxy_fix import ProxyFix

    plain = create_app({"SECRET_KEY": "x"}, instance_path=str(tmp_path))
    proxied = create_app({"SECRET_KEY": "x", "PROXY_FIX_HOPS": 1}, instance_path=str(tmp_path))
    assert not isinstance(plain.wsgi_app, ProxyFix)
    assert isinstance(proxied.wsgi_app, ProxyFix)
