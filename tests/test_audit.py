"""Promise 7: an append-only, hash-chained audit row for every access, with no plaintext."""

from __future__ import annotations

import re
import uuid

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, AuditHead
from app.services import audit

IP = "203.0.113.9"
NAME = "Gülşen Doğan-Ünlüer"
TYPED_PHONE = "0542 318 27 64"
E164_PHONE = "+905423182764"


def verify(app):
    return app.test_cli_runner().invoke(args=["audit", "verify"])


def activity(world, browser) -> uuid.UUID:
    """Failed logins, a login, a client created, viewed and listed, from one address."""
    browser.client.environ_base["REMOTE_ADDR"] = IP
    assert browser.login("nobody@example.test").status_code == 422
    assert browser.login(world.emails["receptionist"], "wrong password!").status_code == 422
    assert browser.login(world.emails["receptionist"]).status_code == 302
    created = browser.post(
        "/clients/",
        {"name": NAME, "phone": TYPED_PHONE, "email": "gulsen@example.test", "language": "tr"},
    )
    assert created.status_code == 302, created.get_data(as_text=True)
    client_id = uuid.UUID(created.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    assert NAME in browser.get(f"/clients/{client_id}").get_data(as_text=True)
    assert browser.get(f"/clients/{world.client_id}").status_code == 200
    assert NAME in browser.get("/clients/").get_data(as_text=True)
    return client_id


def events(chain: str | None = None) -> list[AuditEvent]:
    query = sa.select(AuditEvent).order_by(AuditEvent.chain, AuditEvent.seq)
    if chain is not None:
        query = query.where(AuditEvent.chain == chain)
    return list(db.session.scalars(query))


def test_record_appends_chained_rows(ctx):
    clinic_id = uuid.uuid4()
    first = audit.record(None, "test.first", ("client", "c1"), clinic_id, n=1)
    second = audit.record(None, "test.second", None, clinic_id)
    system = audit.record(None, "test.system")
    third = audit.record(None, "test.third", ("client", "c2"), clinic_id, n=3)
    db.session.commit()

    rows = events(str(clinic_id))
    assert [r.seq for r in rows] == [1, 2, 3]
    assert [r.action for r in rows] == ["test.first", "test.second", "test.third"]
    assert [r.id for r in rows] == [first.id, second.id, third.id]
    assert rows[0].prev_hash == audit.GENESIS
    assert rows[1].prev_hash == rows[0].hash and rows[2].prev_hash == rows[1].hash
    assert len({r.hash for r in rows}) == 3 and all(
        re.fullmatch("[0-9a-f]{64}", r.hash) for r in rows
    )
    assert (rows[0].object_type, rows[0].object_id, rows[0].details) == ("client", "c1", '{"n": 1}')
    assert rows[0].actor_kind == "system" and rows[0].ip is None
    assert (system.chain, system.seq, system.prev_hash) == ("system", 1, audit.GENESIS)
    head = db.session.get_one(AuditHead, str(clinic_id))
    assert (head.seq, head.hash) == (3, rows[2].hash)
    assert audit.verify() == (4, [])


def test_verify_passes_after_real_activity(app, world, browser):
    activity(world, browser)
    assert browser.logout().status_code == 302
    with app.app_context():
        total = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
        chains = set(db.session.scalars(sa.select(AuditEvent.chain)))
    assert total >= 8 and chains == {"system", str(world.clinic_id)}
    result = verify(app)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"{total} audit rows checked, 0 problems"
    print(f"\n[audit] verify: {total} rows in {len(chains)} chains, 0 problems")


def _row(chain: str, seq: int) -> dict:
    return dict(
        db.session.execute(
            sa.text("SELECT * FROM audit_events WHERE chain = :chain AND seq = :seq"),
            {"chain": chain, "seq": seq},
        )
        .mappings()
        .one()
    )


def _tamper(how: str, chain: str, last: int) -> int:
    """Change the chain behind the app's back; return the seq verify must name."""
    where = "WHERE chain = :chain AND seq = :seq"
    if how == "altered action":
        db.session.execute(
            sa.text(f"UPDATE audit_events SET action = 'client.list_viewed' {where}"),
            {"chain": chain, "seq": 2},
        )
        return 2
    if how == "altered row with its hash recomputed":
        row = _row(chain, 2)
        forged = AuditEvent(**{**row, "action": "client.list_viewed"})
        forged.at = db.session.get_one(AuditEvent, row["id"]).at  # the typed, aware value
        db.session.expunge_all()
        db.session.execute(
            sa.text(f"UPDATE audit_events SET action = :action, hash = :hash {where}"),
            {"chain": chain, "seq": 2, "action": forged.action, "hash": audit._digest(forged)},
        )
        return 3
    if how == "deleted middle row":
        db.session.execute(sa.text(f"DELETE FROM audit_events {where}"), {"chain": chain, "seq": 2})
        return 2
    if how == "deleted last row":
        db.session.execute(
            sa.text(f"DELETE FROM audit_events {where}"), {"chain": chain, "seq": last}
        )
        return last
    raise AssertionError(how)


@pytest.mark.parametrize(
    "how",
    [
        "altered action",
        "altered row with its hash recomputed",
        "deleted middle row",
        "deleted last row",
    ],
)
def test_verify_names_the_broken_row(app, world, browser, how):
    activity(world, browser)
    chain = str(world.clinic_id)
    with app.app_context():
        last = len(events(chain))
        assert last >= 4
        broken = _tamper(how, chain, last)
        db.session.commit()
    result = verify(app)
    assert result.exit_code == 1, result.output
    assert f"BROKEN chain={chain} seq={broken}:" in result.output
    assert "chain=system" not in result.output  # the other chain is intact
    assert re.search(r"^\d+ audit rows checked, [1-9]\d* problems$", result.output, re.M)


@pytest.mark.parametrize(
    "how", ["change attribute", "session.delete", "bulk update", "bulk delete"]
)
def test_the_orm_refuses_to_change_audit_rows(ctx, how):
    event_id = audit.record(None, "test.kept", ("client", "c1"), uuid.uuid4()).id
    db.session.commit()
    row = db.session.get_one(AuditEvent, event_id)
    with pytest.raises(audit.AuditTampering):
        if how == "change attribute":
            row.action = "test.changed"
            db.session.flush()
        elif how == "session.delete":
            db.session.delete(row)
            db.session.flush()
        elif how == "bulk update":
            db.session.execute(
                sa.update(AuditEvent).where(AuditEvent.id == event_id).values(action="test.changed")
            )
        else:
            db.session.execute(sa.delete(AuditEvent).where(AuditEvent.id == event_id))
    db.session.rollback()
    db.session.commit()
    db.session.expunge_all()
    assert db.session.get_one(AuditEvent, event_id).action == "test.kept"
    assert audit.verify() == (1, [])


def test_audit_rows_hold_no_client_plaintext(app, world, browser):
    client_id = activity(world, browser)
    with app.app_context():
        tables = [AuditEvent.__table__, AuditHead.__table__]
        text = "\n".join(
            " ".join(str(value) for value in row)
            for table in tables
            for row in db.session.execute(sa.select(table))
        )
        rows = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    assert str(client_id) in text  # ids are recorded, so the text really is the audit trail
    needles = [
        NAME,
        "Gülşen",
        "Doğan",
        "Ünlüer",
        "gülşen",
        "gulsen",
        TYPED_PHONE,
        E164_PHONE,
        E164_PHONE[3:],
        "Elif Kaya",
        "Elif",
        "Kaya",
        "+905321234567",
        "5321234567",
    ]
    found = {needle: text.casefold().count(needle.casefold()) for needle in needles}
    print(
        f"\n[audit] searched {rows} audit rows for {len(needles)} plaintext strings: "
        f"{sum(found.values())} found"
    )
    assert found == dict.fromkeys(needles, 0)


@pytest.mark.parametrize(
    ("action", "actor", "object_is_client"),
    [
        ("login.failed", None, False),
        ("login", "receptionist", False),
        ("client.created", "receptionist", True),
        ("client.viewed", "receptionist", True),
        ("client.list_viewed", "receptionist", False),
    ],
)
def test_access_leaves_a_row_with_who_and_where(
    app, world, browser, action, actor, object_is_client
):
    client_id = activity(world, browser)
    with app.app_context():
        rows = [r for r in events() if r.action == action]
    expected = {"login.failed": 2, "client.viewed": 2}.get(action, 1)
    assert len(rows) == expected
    for row in rows:
        assert row.ip == IP
        assert row.actor_id == (world.user_ids[actor] if actor else None)
        assert row.at is not None and row.at.tzinfo is not None
        if actor:
            assert row.clinic_id == world.clinic_id
    if object_is_client:
        assert {r.object_id for r in rows} >= {str(client_id)}
        assert {r.object_type for r in rows} == {"clients"}
