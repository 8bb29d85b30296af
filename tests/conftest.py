"""Fixtures: an app per test on SQLite and on PostgreSQL, a world of users per role,
a controllable clock, and a browser-like client that sends CSRF tokens."""

from __future__ import annotations

import os
import re
import shutil
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit, urlunsplit

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.crypto import MasterKeyRing

PASSWORD = "correct horse battery"


def _own_services_per_worker() -> None:
    """Under pytest-xdist each worker gets its own PostgreSQL database and Redis database
    (tests recreate the schema and empty queues), set in the environment before anything
    reads it, so subprocesses and every fixture see the worker's own."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")  # gw0, gw1, ...
    if not worker:
        return
    number = int(worker.removeprefix("gw"))
    if pg := os.environ.get("SEANS_TEST_PG_URL"):
        url = sa.engine.make_url(pg)
        name = f"{url.database}_{worker}"
        engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            found = conn.scalar(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            )
            if not found:
                conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        os.environ["SEANS_TEST_PG_URL"] = url.set(database=name).render_as_string(
            hide_password=False
        )
    redis = urlsplit(os.environ.get("SEANS_TEST_REDIS_URL", "redis://127.0.0.1:6379/15"))
    if redis.scheme == "unix":  # unix:///path/redis.sock?db=N
        base = int(parse_qs(redis.query).get("db", ["0"])[0])
        own = f"unix://{redis.path}?db={(base + 1 + number) % 16}"
    else:  # redis://host:port/N
        base = int(redis.path.strip("/") or 0)
        own = urlunsplit(redis._replace(path=f"/{(base + 1 + number) % 16}"))
    os.environ["SEANS_TEST_REDIS_URL"] = own


_own_services_per_worker()
PG_URL = os.environ.get("SEANS_TEST_PG_URL")
REDIS_URL = os.environ.get("SEANS_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
BACKENDS = ["sqlite", "postgresql"]
# Monday 2026-11-23, 10:00 in Istanbul.
FIXED_START = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("SEANS_REQUIRE_SERVICES") and not PG_URL:
        raise pytest.UsageError("SEANS_REQUIRE_SERVICES is set but SEANS_TEST_PG_URL is not")


class FakeClock:
    """A clock that only moves when a test says so."""

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or FIXED_START

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with every migration applied, copied for each test."""
    from flask_migrate import upgrade

    folder = tmp_path_factory.mktemp("template")
    path = folder / "seans.db"
    app = create_app(_base_config(f"sqlite:///{path}"), instance_path=str(folder))
    with app.app_context():
        upgrade()
        from app.extensions import db

        db.engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_migrated(tmp_path_factory: pytest.TempPathFactory) -> str:
    if not PG_URL:
        pytest.skip("no PostgreSQL: set SEANS_TEST_PG_URL (./scripts/test does)")
    from flask_migrate import upgrade

    folder = tmp_path_factory.mktemp("pg")
    engine = sa.create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    app = create_app(_base_config(PG_URL), instance_path=str(folder))
    with app.app_context():
        upgrade()
        from app.extensions import db

        db.engine.dispose()
    return PG_URL


def _base_config(url: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-" + "x" * 40,
        "SQLALCHEMY_DATABASE_URI": url,
        "ARGON2_PROFILE": "cheapest",
        "SESSION_COOKIE_SECURE": False,
        "REDIS_URL": REDIS_URL,
        "MASTER_KEYS": None,
        "SERVER_NAME": None,
        # Flask's test client asks for http://localhost/: the app answers only its
        # PUBLIC_URL's host, and the links it builds start with it.
        "PUBLIC_URL": "http://localhost",
    }


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if backend == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        target = tmp_path / "seans.db"
        shutil.copy(template, target)
        return f"sqlite:///{target}"
    url = request.getfixturevalue("pg_migrated")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        tables = [
            r[0]
            for r in conn.execute(
                sa.text(
                    "SELECT tablename FROM pg_tables WHERE schemaname='public' "
                    "AND tablename <> 'alembic_version'"
                )
            )
        ]
        conn.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url


@pytest.fixture
def app(database_url: str, tmp_path: Path, clock: FakeClock) -> Flask:
    instance = tmp_path / "instance"
    MasterKeyRing.generate(instance / "keys" / "master.json")
    app = create_app({**_base_config(database_url), "CLOCK": clock}, instance_path=str(instance))
    yield app
    from app.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def ctx(app: Flask):
    with app.app_context():
        yield


@dataclass
class World:
    """Two clinics; clinic A has one user of each role, a client and a session."""

    clinic_id: uuid.UUID
    other_clinic_id: uuid.UUID
    emails: dict[str, str]
    user_ids: dict[str, uuid.UUID]
    client_id: uuid.UUID
    other_client_id: uuid.UUID
    appointment_id: uuid.UUID


@pytest.fixture
def world(app: Flask, clock: FakeClock) -> World:
    from app.extensions import db
    from app.models import Role
    from app.models.scoping import clinic_scope
    from app.services import appointments, clients, clinics, sms_routes, users

    emails = {
        "admin": "admin@a.test",
        "receptionist": "desk@a.test",
        "therapist": "t1@a.test",
        "other_therapist": "t2@a.test",
        "foreign_admin": "admin@b.test",
        "foreign_therapist": "t@b.test",
        "foreign_receptionist": "desk@b.test",
    }
    roles = {
        "admin": Role.ADMIN,
        "receptionist": Role.RECEPTIONIST,
        "therapist": Role.THERAPIST,
        "other_therapist": Role.THERAPIST,
        "foreign_admin": Role.ADMIN,
        "foreign_therapist": Role.THERAPIST,
        "foreign_receptionist": Role.RECEPTIONIST,
    }
    with app.app_context():
        a = clinics.create_clinic("Clinic A", "clinic-a")
        b = clinics.create_clinic("Clinic B", "clinic-b", locale="en")
        ids = {}
        for key, email in emails.items():
            clinic = b if key.startswith("foreign") else a
            with clinic_scope(clinic.id):
                ids[key] = users.create_user(
                    clinic.id, email, key.replace("_", " ").title(), PASSWORD, roles[key]
                ).id
        with clinic_scope(a.id):
            client = clients.create_client(a.id, "Elif Kaya", "0532 123 45 67")
            # Monday 11:00 in Istanbul, inside the default working hours.
            appointment = appointments.book_appointment(
                a, ids["therapist"], client.id, clock() + timedelta(hours=1), "individual"
            )
            # Its confirmation went out by SMS: Elif's replies are clinic A's, about it.
            sms_routes.wrote(a.id, client.id, "+905321234567", appointment.id, shared=True)
        with clinic_scope(b.id):
            other = clients.create_client(b.id, "Murat Yıldız", "0533 765 43 21")
        db.session.commit()
        return World(a.id, b.id, emails, ids, client.id, other.id, appointment.id)


CSRF_PATTERN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
HEADER_PATTERN = re.compile(r'"X-CSRFToken": "([^"]+)"')


class Browser:
    """A test client that behaves like a person's browser: it picks up CSRF tokens."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def csrf(self) -> str:
        page = self.client.get("/login")
        if page.status_code == 302:
            page = self.client.get("/account")
        match = HEADER_PATTERN.search(page.get_data(as_text=True))
        assert match, "no CSRF token on the page"
        return match.group(1)

    def get(self, url: str, **kwargs):
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict | None = None, *, csrf: bool = True, **kwargs):
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", self.csrf())
        return self.client.post(url, data=data, **kwargs)

    def login(self, email: str, password: str = PASSWORD, *, csrf: bool = True, **kwargs):
        return self.post("/login", {"email": email, "password": password}, csrf=csrf, **kwargs)

    def logout(self):
        return self.post("/logout")


@pytest.fixture
def browser(app: Flask) -> Browser:
    return Browser(app.test_client())


@pytest.fixture
def make_browser(app: Flask):
    return lambda: Browser(app.test_client())
