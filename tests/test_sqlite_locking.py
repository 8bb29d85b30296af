"""On SQLite, a request that may write holds the write lock from its first read, so a
commit by someone else between its read and its write cannot fail it."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa

from app.extensions import db


def test_a_writing_request_holds_the_lock_from_its_first_read(app, world, make_browser, backend):
    if backend != "sqlite":
        pytest.skip("PostgreSQL has row locks and no such upgrade")
    browser = make_browser()
    assert browser.login(world.emails["therapist"]).status_code == 302
    token = browser.csrf()
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    others: list[str] = []

    def someone_writes_meanwhile(conn, cursor, statement, *args) -> None:
        if others or not statement.lstrip().upper().startswith("SELECT"):
            return
        other = sqlite3.connect(path, timeout=0.2, isolation_level=None)
        try:
            other.execute("UPDATE clinics SET name = name")
            others.append("committed between the request's read and its write")
        except sqlite3.OperationalError as error:
            others.append(str(error))
        finally:
            other.close()

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "after_cursor_execute", someone_writes_meanwhile)
    try:
        response = browser.client.post("/language", data={"language": "en", "csrf_token": token})
    finally:
        sa.event.remove(engine, "after_cursor_execute", someone_writes_meanwhile)
    assert response.status_code == 302
    assert others == ["database is locked"]  # the other writer waited for this request
