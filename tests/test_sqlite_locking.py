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


EDITS = {
    "create a client": (
        "receptionist",
        "/clients/",
        {"name": "Yeni Danışan", "phone": "", "language": "tr"},
    ),
    "edit a client": (
        "receptionist",
        "/clients/{client}/edit",
        {"name": "Elif Demir", "phone": "0532 123 45 67", "email": "", "language": "tr"},
    ),
    "save a note draft": ("therapist", "/appointments/{appointment}/note", {"body": "Taslak"}),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_every_transaction_of_a_writing_request_holds_the_lock(
    app, world, make_browser, backend, clock, edit
):
    """The session touch commits mid-request; the transaction after it must begin with the
    write lock too, or a service whose first write precedes its own lock request loses
    the race to another writer ("database is locked", a 500 and a lost edit)."""
    if backend != "sqlite":
        pytest.skip("PostgreSQL has row locks and no such upgrade")
    role, url, data = EDITS[edit]
    browser = make_browser()
    assert browser.login(world.emails[role]).status_code == 302
    token = browser.csrf()
    clock.advance(minutes=2)  # past the touch interval: this request commits the touch first
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    begun: list[bool] = []
    others: list[str] = []

    def transaction_begins(conn) -> None:
        begun.append(True)

    def someone_writes_meanwhile(conn, cursor, statement, *args) -> None:
        if not begun or statement.lstrip().upper().startswith("BEGIN"):
            return
        begun.pop()
        other = sqlite3.connect(path, timeout=0.2, isolation_level=None)
        try:
            other.execute("UPDATE clinics SET name = name")
            others.append("committed inside the request's transaction")
        except sqlite3.OperationalError as error:
            others.append(str(error))
        finally:
            other.close()

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "begin", transaction_begins)
    sa.event.listen(engine, "after_cursor_execute", someone_writes_meanwhile)
    url = url.format(client=world.client_id, appointment=world.appointment_id)
    try:
        response = browser.client.post(url, data={**data, "csrf_token": token})
    finally:
        sa.event.remove(engine, "after_cursor_execute", someone_writes_meanwhile)
        sa.event.remove(engine, "begin", transaction_begins)
    assert response.status_code in (200, 204, 302, 303), response.get_data(as_text=True)[:500]
    assert len(others) >= 2, others  # the touch's transaction and the edit's
    assert set(others) == {"database is locked"}, others
