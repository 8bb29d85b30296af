"""Defects found in review, each pinned by a test that failed before its fix."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
import sqlalchemy as sa

from app import create_app
from app.extensions import db
from app.models import AuditEvent, UserSession
from app.models.scoping import clinic_scope
from app.services import audit, passwords
from tests.conftest import PASSWORD, Browser


def test_login_works_over_https_without_a_referer(app, world):
    """Pages send no Referer (Referrer-Policy: no-referrer); HTTPS logins must still work."""
    browser = Browser(app.test_client())
    browser.client.environ_base["wsgi.url_scheme"] = "https"
    page = browser.client.get("/login", base_url="https://localhost")
    token = page.get_data(as_text=True).split('"X-CSRFToken": "')[1].split('"')[0]
    response = browser.client.post(
        "/login",
        base_url="https://localhost",
        data={"csrf_token": token, "email": world.emails["receptionist"], "password": PASSWORD},
    )
    assert response.status_code == 302


def test_a_cross_site_post_is_refused_even_with_a_token(browser, world):
    browser.login(world.emails["receptionist"])
    response = browser.post("/lock", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    assert browser.post("/lock", headers={"Sec-Fetch-Site": "same-origin"}).status_code == 302


def test_a_master_rotation_in_another_process_does_not_break_running_ones(app, world, backend):
    """The web tier keeps serving after `flask keys rotate --master` ran elsewhere."""
    if backend != "sqlite":
        pytest.skip("key files do not depend on the database")
    serving = Browser(app.test_client())
    serving.login(world.emails["receptionist"])
    assert serving.get(f"/clients/{world.client_id}").status_code == 200
    other_process = create_app(dict(app.config), instance_path=app.instance_path)
    result = other_process.test_cli_runner().invoke(args=["keys", "rotate", "--master"])
    assert result.exit_code == 0, result.output
    page = serving.get(f"/clients/{world.client_id}")
    assert page.status_code == 200 and "Elif Kaya" in page.get_data(as_text=True)


def test_concurrent_audit_writes_never_collide(app, world):
    """Every page view writes an audit row; parallel ones must all land, in one chain."""
    errors: list[str] = []
    barrier = threading.Barrier(12)

    def write(n: int) -> None:
        with app.app_context(), clinic_scope(world.clinic_id):
            barrier.wait()
            try:
                for i in range(5):
                    db.session.scalar(sa.select(sa.func.count()).select_from(UserSession))
                    audit.record(None, "test.parallel", ("thread", f"{n}-{i}"), world.clinic_id)
                    db.session.commit()
            except Exception as exc:  # noqa: BLE001 - any failure is the finding
                db.session.rollback()
                errors.append(repr(exc))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    with app.app_context():
        written = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "test.parallel")
        )
        checked, breaks = audit.verify()
    assert written == 60 and breaks == []


def test_parallel_guesses_cannot_pass_the_account_limit(app, world, monkeypatch):
    """Attempts are counted before the password is checked, so parallel guesses queue up."""
    checked = Counter()
    real = passwords.verify_password

    def counting(password_hash, password):
        checked["verify"] += 1
        return real(password_hash, password)

    monkeypatch.setattr("app.services.auth.verify_password", counting)
    statuses: list[int] = []
    barrier = threading.Barrier(30)

    def guess() -> None:
        browser = Browser(app.test_client())
        data = {"csrf_token": browser.csrf(), "email": world.emails["admin"], "password": "no"}
        barrier.wait()
        statuses.append(browser.client.post("/login", data=data).status_code)

    threads = [threading.Thread(target=guess) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert Counter(statuses) == {422: 10, 429: 20}
    assert checked["verify"] == 10


def test_an_instance_made_by_seans_init_uses_secure_cookies(tmp_path, monkeypatch):
    monkeypatch.delenv("SEANS_SESSION_COOKIE_SECURE", raising=False)
    instance = tmp_path / "instance"
    create_app(instance_path=str(instance)).test_cli_runner().invoke(args=["seans", "init"])
    assert create_app(instance_path=str(instance)).config["SESSION_COOKIE_SECURE"] is True


def test_a_server_error_still_renders_the_app_error_page(app, world, browser, monkeypatch):
    """After a failed transaction the 500 page must not fail too (it would lose its headers)."""
    browser.login(world.emails["receptionist"])

    def broken(*args, **kwargs):
        db.session.execute(sa.text("SELECT * FROM no_such_table"))

    monkeypatch.setattr("app.services.calendar.day_schedule", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = browser.get("/day")
    assert response.status_code == 500
    assert "Content-Security-Policy" in response.headers
    assert "<html" in response.get_data(as_text=True)


def test_static_files_do_not_touch_the_login_session(app, world, browser, clock):
    browser.login(world.emails["receptionist"])
    with app.app_context():
        before = db.session.scalars(sa.select(UserSession.last_seen_at)).one()
    clock.advance(minutes=5)
    response = browser.get("/static/css/app.css")
    response.close()
    with app.app_context():
        assert db.session.scalars(sa.select(UserSession.last_seen_at)).one() == before
