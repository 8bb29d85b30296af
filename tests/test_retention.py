"""Retention with a controlled clock (issue 8, item 4): the nightly job shreds a client
whose retention period has passed and leaves one inside it restricted; old message
bodies and audit rows go; the job reports what it did."""

from __future__ import annotations

import json
import os
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from app import jobs, sms
from app.crypto import Binding
from app.extensions import db
from app.models import (
    AppointmentStatus,
    AuditEvent,
    Client,
    Clinic,
    InboundMessage,
    MessageKind,
    OutboxMessage,
    OutboxState,
)
from app.models.scoping import all_clinics, clinic_scope
from app.services import (
    appointments,
    audit,
    clients,
    erasure,
    inbound,
    keys,
    retention,
    sms_routes,
    tombstones,
)


@pytest.fixture
def redis_app(app: Flask) -> Flask:
    url = os.environ.get("SEANS_TEST_REDIS_URL")
    if not url:
        if os.environ.get("SEANS_REQUIRE_SERVICES"):
            pytest.fail("SEANS_TEST_REDIS_URL is not set")
        pytest.skip("no Redis: set SEANS_TEST_REDIS_URL (./scripts/test does)")
    try:
        Redis.from_url(url).ping()
    except RedisConnectionError:
        pytest.fail(f"Redis at {url} does not answer")
    app.config["REDIS_URL"] = url
    app.config["RQ_QUEUE"] = f"test-retention-{uuid.uuid4().hex[:8]}"
    yield app
    with app.app_context():
        jobs.queue().empty()
        connection = jobs.redis_connection()
        for key in connection.scan_iter(f"seans:nightly:{app.config['RQ_QUEUE']}:*"):
            connection.delete(key)


def client_with_session(app: Flask, world, clock, name: str, phone: str) -> uuid.UUID:
    """A client with one session, held now (the clock is moved past it)."""
    with app.app_context(), clinic_scope(world.clinic_id):
        clinic = db.session.get_one(Clinic, world.clinic_id)
        client = clients.create_client(world.clinic_id, name, phone)
        appointment = appointments.book_appointment(
            clinic, world.user_ids["therapist"], client.id, clock(), override_hours=True
        )
        appointments.mark_attendance(appointment, AppointmentStatus.ATTENDED)
        db.session.commit()
        return client.id


def ask_erasure(app: Flask, world, client_id: uuid.UUID) -> erasure.Erasure:
    with app.app_context(), clinic_scope(world.clinic_id):
        result = erasure.erase_client(db.session.get_one(Client, client_id), by=None)
        db.session.commit()
        return result


def set_clinic(app: Flask, world, **values: int) -> None:
    with app.app_context():
        clinic = db.session.get_one(Clinic, world.clinic_id)
        for name, value in values.items():
            setattr(clinic, name, value)
        db.session.commit()


def test_the_nightly_job_shreds_past_retention_and_keeps_inside_restricted(
    redis_app, backend, world, clock
):
    app = redis_app
    set_clinic(app, world, clinical_retention_years=1)
    early = client_with_session(app, world, clock, "Deniz Aksoy", "0532 111 22 33")
    clock.advance(days=200)
    late = client_with_session(app, world, clock, "Selin Uçar", "0532 444 55 66")
    clock.advance(days=1)
    # Both ask for erasure while their records must still be kept: restricted.
    assert ask_erasure(app, world, early).outcome is erasure.Outcome.RESTRICTED
    assert ask_erasure(app, world, late).outcome is erasure.Outcome.RESTRICTED

    # A year and a bit after the first session; the nightly hour in Istanbul.
    clock.current = datetime(2027, 11, 26, 0, 30, tzinfo=UTC)  # 03:30 Istanbul
    with app.app_context():
        too_early = datetime(2027, 11, 25, 23, 0, tzinfo=UTC)  # 02:00 Istanbul
        assert not jobs.queue_nightly(app, jobs.redis_connection(), too_early)
        assert jobs.queue_nightly(app, jobs.redis_connection(), clock())
        assert not jobs.queue_nightly(app, jobs.redis_connection(), clock())  # once a day
        assert jobs.queue().count == 1
    result = app.test_cli_runner().invoke(args=["rq", "worker", "--burst"])
    assert result.exit_code == 0, result.output

    with app.app_context():
        with all_clinics():
            assert db.session.get(Client, early) is None
            kept = db.session.get_one(Client, late)
            assert kept.restricted_at is not None and kept.shred_after > clock()
            assert clients.reveal(kept).name == "Selin Uçar"
            report = db.session.scalars(
                sa.select(AuditEvent)
                .where(AuditEvent.action == "retention.applied")
                .order_by(AuditEvent.id)
            ).all()
    assert early in tombstones.load(Path(app.instance_path) / "keys/tombstones.json")
    counts = {json.loads(r.details)["clinic"]: json.loads(r.details) for r in report}
    assert counts["clinic-a"]["shredded"] == 1 and counts["clinic-b"]["shredded"] == 0
    print(
        f"\n[retention] {backend}: nightly job shredded {counts['clinic-a']['shredded']} "
        f"(past retention), kept 1 restricted until {kept.shred_after:%Y-%m-%d}"
    )


def test_a_session_after_the_request_postpones_the_shred(app, backend, world, clock):
    set_clinic(app, world, clinical_retention_years=1)
    client_id = client_with_session(app, world, clock, "Deniz Aksoy", "0532 111 22 33")
    first = ask_erasure(app, world, client_id).shred_after
    clock.advance(days=100)
    with app.app_context(), clinic_scope(world.clinic_id):  # booked by hand all the same
        clinic = db.session.get_one(Clinic, world.clinic_id)
        later = appointments.book_appointment(
            clinic, world.user_ids["therapist"], client_id, clock(), override_hours=True
        )
        appointments.mark_attendance(later, AppointmentStatus.ATTENDED)
        db.session.commit()
    clock.current = first + timedelta(days=1)
    with app.app_context():
        report = retention.run_nightly()
        with clinic_scope(world.clinic_id):
            client = db.session.get_one(Client, client_id)
            assert client.shred_after > clock()
    assert report.totals()["shreds_postponed"] == 1 and report.totals()["shredded"] == 0


def sent_message(world, text: str, sent_at: datetime) -> None:
    """An SMS we sent Elif about her session, its text kept sealed."""
    appointment = db.session.get_one(appointments.Appointment, world.appointment_id)
    row = OutboxMessage(
        clinic_id=world.clinic_id,
        client_id=world.client_id,
        appointment_id=appointment.id,
        kind=MessageKind.CONFIRMATION,
        for_start=appointment.start_at,
        due_at=sent_at,
        state=OutboxState.SENT,
        sent_at=sent_at,
        updated_at=sent_at,
    )
    db.session.add(row)
    client = db.session.get_one(Client, world.client_id)
    binding = Binding("outbox", "body_sealed", str(row.id), str(row.clinic_id))
    row.body_sealed = keys.seal_for_client(client, binding, text)


def receive(world, message_id: str, text: str) -> None:
    """Elif's reply to a text clinic A has just sent her."""
    sms_routes.wrote(world.clinic_id, world.client_id, "+905321234567", None, shared=True)
    reply = sms.InboundSms(
        message_id=message_id,
        msisdn="905321234567",  # Elif Kaya's
        to="Seans",
        text=text,
        type="text",
        keyword=None,
        message_timestamp=None,
        concat=None,
    )
    assert inbound.receive_sms(reply)


def test_message_bodies_are_emptied_after_the_clinics_retention_days(app, backend, world, clock):
    set_clinic(app, world, message_retention_days=30)
    with app.app_context(), clinic_scope(world.clinic_id):
        sent_message(world, "Yarın 11:00 seansınız var", clock())
        receive(world, "old-1", "Evet geleceğim")
        db.session.commit()
    clock.advance(days=20)
    with app.app_context(), clinic_scope(world.clinic_id):
        receive(world, "new-1", "Biraz gecikeceğim")
        db.session.commit()
    clock.advance(days=11)  # the first messages are 31 days old, the second 11
    with app.app_context():
        report = retention.run_nightly()
        with clinic_scope(world.clinic_id):
            bodies = {
                m.provider_key: inbound.open_body(m)
                for m in db.session.scalars(sa.select(InboundMessage))
            }
            outbox_bodies = db.session.scalars(sa.select(OutboxMessage.body_sealed)).all()
        assert audit.verify()[1] == []
    assert bodies == {"old-1": None, "new-1": "Biraz gecikeceğim"}
    assert not any(outbox_bodies)
    a = next(r for r in report.clinics if r.clinic == "clinic-a")
    assert (a.outbox_bodies_purged, a.inbound_bodies_purged) == (1, 1)
    print(
        f"\n[retention] {backend}: message bodies purged after 30 days: sent "
        f"{a.outbox_bodies_purged}, received {a.inbound_bodies_purged}; newer kept 1"
    )


def test_old_audit_rows_go_and_the_chain_still_verifies(app, backend, world, clock, browser):
    set_clinic(app, world, audit_retention_years=1)
    assert browser.login(world.emails["receptionist"]).status_code == 302
    browser.get("/clients/")
    chain = str(world.clinic_id)
    with app.app_context():
        before = db.session.scalar(
            sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.chain == chain)
        )
    clock.advance(days=400)
    with app.app_context():
        audit.record(None, "test.recent", None, world.clinic_id)
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["retention", "run"])
    assert result.exit_code == 0, result.output
    assert f"{before} audit rows" in result.output
    assert app.test_cli_runner().invoke(args=["audit", "verify"]).exit_code == 0
    with app.app_context():
        remaining = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.chain == chain).order_by(AuditEvent.seq)
        ).all()
        assert [r.action for r in remaining] == [
            "test.recent",
            audit.PURGED,
            "retention.applied",
        ]
        # Deleting the oldest remaining row is still caught.
        db.session.execute(
            sa.text("DELETE FROM audit_events WHERE id = :id"), {"id": remaining[0].id}
        )
        db.session.commit()
    broken = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert broken.exit_code == 1 and f"BROKEN chain={chain}" in broken.output
    print(f"\n[retention] {backend}: {before} audit rows purged, checkpoint verified")


def test_the_report_is_returned_printed_and_audited(app, backend, world, clock):
    result = app.test_cli_runner().invoke(args=["retention", "run"])
    assert result.exit_code == 0, result.output
    assert "clinic-a: 0 clients shredded" in result.output
    assert result.output.strip().splitlines()[-1].startswith("total: shredded 0")
    with app.app_context():
        report = retention.run_nightly()
        with all_clinics():
            rows = db.session.scalars(
                sa.select(AuditEvent).where(AuditEvent.action == "retention.applied")
            ).all()
    assert len(rows) == 4  # two runs, two clinics
    assert set(report.as_dict()["totals"]) >= {"shredded", "outbox_bodies_purged"}


def test_a_tombstone_whose_erasure_did_not_commit_is_carried_out(app, backend, world, clock):
    with app.app_context():
        tombstones.add([world.client_id], clock())
        report = retention.run_nightly()
        with all_clinics():
            assert db.session.get(Client, world.client_id) is None
    assert report.totals()["tombstones_applied"] == 1


@pytest.mark.parametrize(
    ("moment", "due"),
    [
        (datetime(2026, 11, 23, 23, 5, tzinfo=UTC), None),  # 02:05 on the 24th, Istanbul
        (datetime(2026, 11, 24, 0, 5, tzinfo=UTC), "2026-11-24"),  # 03:05
        (datetime(2026, 11, 24, 20, 5, tzinfo=UTC), "2026-11-24"),  # 23:05: a late start
        (datetime(2026, 11, 24, 22, 5, tzinfo=UTC), None),  # 01:05 on the 25th
    ],
)
def test_the_nightly_run_is_due_from_three_in_the_morning_local_time(app, moment, due):
    assert jobs.nightly_day(app, moment) == due


def test_archived_clients_past_retention_are_shredded_and_others_kept(app, backend, world, clock):
    set_clinic(app, world, clinical_retention_years=1)
    gone = client_with_session(app, world, clock, "Deniz Aksoy", "0532 111 22 33")
    clock.advance(days=1)
    active = client_with_session(app, world, clock, "Selin Uçar", "0532 444 55 66")
    clock.advance(days=30)
    recent = client_with_session(app, world, clock, "Mert Ekin", "0532 777 88 99")
    with app.app_context(), clinic_scope(world.clinic_id):
        for client_id in (gone, recent):
            clients.archive_client(db.session.get_one(Client, client_id))
        db.session.commit()
    clock.advance(days=350)  # a year after the first two sessions, 11 months after the third
    with app.app_context():
        report = retention.run_nightly(clock())
        with all_clinics():
            assert db.session.get(Client, gone) is None
            assert db.session.get(Client, active) is not None  # still on the books
            assert db.session.get(Client, recent) is not None  # inside its retention
    assert report.totals()["archived_expired_shredded"] == 1
