"""Sending the outbox through the real vonage SDK to the loopback fake gateway."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from app import sms
from app.extensions import db
from app.fakesms import Drop, FakeGateway, Hang, Status
from app.fakesms.model import FAKE_API_KEY, FAKE_API_SECRET, FAKE_SIGNATURE_SECRET
from app.fakesms.webhooks import receipt_params, signed
from app.models import (
    Appointment,
    Client,
    Clinic,
    ConsentKind,
    ConsentMethod,
    MessageKind,
    NoteTemplate,
    OutboxMessage,
    OutboxState,
    User,
)
from app.models.scoping import clinic_scope
from app.services import appointments, clients, consent, notes, outbox, outbox_sending

IST = ZoneInfo("Europe/Istanbul")
PHONE = "905321234567"


@pytest.fixture
def gateway(app, clock, tmp_path: Path) -> Iterator[FakeGateway]:
    with FakeGateway(tmp_path / "fake", receipt_delay=None, clock=clock) as fake:
        app.config.update(
            VONAGE_API_KEY=FAKE_API_KEY,
            VONAGE_API_SECRET=FAKE_API_SECRET,
            VONAGE_SIGNATURE_SECRET=FAKE_SIGNATURE_SECRET,
            VONAGE_REST_HOST=fake.rest_host,
            VONAGE_CA_BUNDLE=str(fake.cert_path),
            VONAGE_TIMEOUT=0.5,
            PUBLIC_URL="https://seans.example",
        )
        yield fake


def _textable(world, client_id) -> None:
    client = db.session.get_one(Client, client_id)
    by = db.session.get_one(User, world.user_ids["receptionist"])
    if not consent.has_consent(client.id, ConsentKind.SMS):
        consent.record_consent(client, ConsentKind.SMS, ConsentMethod.PAPER, recorded_by=by)


def _booked(app, world, day: int = 25, hour: int = 14, client_id=None) -> uuid.UUID:
    """A textable client's session; its confirmation is due now."""
    with app.app_context(), clinic_scope(world.clinic_id):
        _textable(world, client_id or world.client_id)
        clinic = db.session.get_one(Clinic, world.clinic_id)
        start = datetime(2026, 11, day, hour, tzinfo=IST)
        appointment = appointments.book_appointment(
            clinic,
            world.user_ids["therapist"],
            client_id or world.client_id,
            start,
            override_hours=True,
        )
        db.session.commit()
        return appointment.id


def _rows(app, world, appointment_id) -> dict[MessageKind, OutboxMessage]:
    with app.app_context(), clinic_scope(world.clinic_id):
        rows = db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.appointment_id == appointment_id)
        ).all()
        db.session.expunge_all()
        return {row.kind: row for row in rows if row.state is not OutboxState.CANCELLED}


def _send_due(app) -> list[OutboxState | None]:
    with app.app_context():
        claims = outbox.claim_due(50)
        return [outbox_sending.send_claimed(claim) for claim in claims]


def test_a_due_confirmation_is_sent_once_with_its_row_as_client_ref(app, world, gateway):
    appointment_id = _booked(app, world)
    assert _send_due(app) == [OutboxState.SENT]
    assert _send_due(app) == []  # nothing more is due
    (message,) = gateway.messages()
    row = _rows(app, world, appointment_id)[MessageKind.CONFIRMATION]
    assert message.client_ref == str(row.id) and message.to == PHONE
    assert "Elif" in message.text and "https://seans.example/r/" in message.text
    assert row.provider_ids == ",".join(message.message_ids) and row.parts == len(
        message.message_ids
    )
    assert row.body_sealed and b"Elif" not in row.body_sealed
    with app.app_context(), clinic_scope(world.clinic_id):
        assert outbox.open_body(row) == message.text


def test_a_first_session_gets_the_consent_link_and_the_address(app, world, gateway):
    with app.app_context(), clinic_scope(world.clinic_id):
        db.session.get_one(Clinic, world.clinic_id).address = "Moda Cad. 12, Kadıköy"
        newcomer = clients.create_client(world.clinic_id, "Deniz Acar", "0533 111 22 33").id
        db.session.commit()
    _booked(app, world, client_id=newcomer)
    _send_due(app)
    (message,) = gateway.messages()
    assert "https://seans.example/c/" in message.text and "Moda Cad. 12" in message.text
    assert message.text.startswith(("Günaydın Deniz", "Deniz", "Merhaba Deniz", "İyi günler"))


def test_a_follow_up_gets_only_the_confirmation_link(app, world, gateway):
    with app.app_context():
        db.session.get_one(Clinic, world.clinic_id).address = "Moda Cad. 12, Kadıköy"
        db.session.commit()
    _booked(app, world)  # Elif has a session on Monday already
    _send_due(app)
    (message,) = gateway.messages()
    assert "/c/" not in message.text and "Moda Cad." not in message.text
    assert "https://seans.example/r/" in message.text


def test_no_note_text_ever_reaches_a_message(app, world, gateway, clock):
    canary = f"kanarya-{uuid.uuid4().hex}"
    with app.app_context(), clinic_scope(world.clinic_id):
        appointment = db.session.get_one(Appointment, world.appointment_id)
        therapist = db.session.get_one(User, world.user_ids["therapist"])
        note = notes.start_note(appointment, therapist, NoteTemplate.FREE)
        notes.save_draft(note, therapist, {"text": canary}, based_on=0)
        db.session.commit()
    _booked(app, world, day=30)
    clock.advance(days=7)
    _send_due(app)
    assert gateway.messages() and all(canary not in m.text for m in gateway.messages())


def test_withdrawn_sms_consent_means_nothing_is_sent_even_if_already_claimed(app, world, gateway):
    """Issue 4's acceptance, the sending half: a claimed reminder checks again."""
    _booked(app, world)
    with app.app_context():
        claims = outbox.claim_due(50)
        with clinic_scope(world.clinic_id):
            client = db.session.get_one(Client, world.client_id)
            consent.withdraw_consent(client, ConsentKind.SMS)
            db.session.commit()
        assert [outbox_sending.send_claimed(c) for c in claims] == [OutboxState.CANCELLED]
    assert gateway.messages() == []


def test_a_session_moved_after_the_claim_does_not_get_the_old_time(app, world, gateway):
    appointment_id = _booked(app, world)
    with app.app_context():
        claims = outbox.claim_due(50)
        with clinic_scope(world.clinic_id):
            clinic = db.session.get_one(Clinic, world.clinic_id)
            appointment = db.session.get_one(Appointment, appointment_id)
            appointments.move_appointment(
                clinic, appointment, datetime(2026, 11, 26, 15, tzinfo=IST), override_hours=True
            )
            db.session.commit()
        assert [outbox_sending.send_claimed(c) for c in claims] == [OutboxState.CANCELLED]
    assert gateway.messages() == []
    assert _send_due(app) == [OutboxState.SENT]  # the notice of the new time
    assert "15:00" in gateway.messages()[0].text


def test_provider_throttling_is_retried_with_backoff_and_sent_once(app, world, gateway, clock):
    appointment_id = _booked(app, world)
    gateway.script(Status("1"), times=2)  # throttled twice
    assert _send_due(app) == [OutboxState.PLANNED]
    row = _rows(app, world, appointment_id)[MessageKind.CONFIRMATION]
    assert row.error == "temporary:1" and 24 <= (row.due_at - clock()).total_seconds() <= 36
    assert _send_due(app) == []  # not due yet: no retry storm
    clock.advance(seconds=40)
    assert _send_due(app) == [OutboxState.PLANNED]
    second = _rows(app, world, appointment_id)[MessageKind.CONFIRMATION]
    assert 48 <= (second.due_at - clock()).total_seconds() <= 72  # doubled
    clock.advance(seconds=80)
    assert _send_due(app) == [OutboxState.SENT]
    assert len(gateway.messages()) == 1


def test_a_rejected_number_fails_for_good(app, world, gateway):
    appointment_id = _booked(app, world)
    gateway.script(Status("6"))
    assert _send_due(app) == [OutboxState.FAILED]
    assert _rows(app, world, appointment_id)[MessageKind.CONFIRMATION].error == "rejected:6"


@pytest.mark.parametrize("behaviour", [Hang(2.0), Drop()])
def test_no_answer_is_unknown_and_reconciled_from_the_receipt_not_resent(
    app, world, gateway, clock, behaviour
):
    appointment_id = _booked(app, world)
    gateway.script(behaviour)
    assert _send_due(app) == [OutboxState.UNKNOWN]
    (message,) = gateway.messages()  # the gateway did take it
    clock.advance(hours=2)  # well past the grace period
    receipt = _receipt(message.message_ids[0], str(message.client_ref), clock())
    with app.test_client() as http:
        answer = http.post("/webhooks/vonage/status", data=receipt)
        assert answer.status_code == 204, answer.get_data(as_text=True)[:3000]
    with app.app_context():
        outbox.retry_unanswered()
    assert _send_due(app) == []
    row = _rows(app, world, appointment_id)[MessageKind.CONFIRMATION]
    assert row.state is OutboxState.DELIVERED and len(gateway.messages()) == 1


def test_an_unknown_message_no_receipt_names_is_sent_again_after_the_grace(
    app, world, gateway, clock
):
    _booked(app, world)
    gateway.script(Hang(2.0))
    assert _send_due(app) == [OutboxState.UNKNOWN]
    clock.advance(minutes=29)
    with app.app_context():
        assert outbox.retry_unanswered() == 0
    clock.advance(minutes=2)
    with app.app_context():
        assert outbox.retry_unanswered() == 1
    assert _send_due(app) == [OutboxState.SENT]


def test_a_worker_lost_mid_send_leaves_nothing_lost_or_doubled(app, world, gateway, clock):
    first = _booked(app, world)
    second = _booked(app, world, day=26)
    with app.app_context():
        claims = outbox.claim_due(50)  # a worker claims both, then dies:
        with clinic_scope(world.clinic_id):  # …one just after committing its provider call
            db.session.execute(
                sa.update(OutboxMessage)
                .where(OutboxMessage.id == claims[0].outbox_id)
                .values(provider_called_at=clock())
            )
            db.session.commit()
    clock.advance(minutes=3)  # the lease (2 minutes) runs out
    with app.app_context():
        assert outbox.recover_stale() == (1, 1)
    assert _send_due(app) == [OutboxState.SENT]  # the one never sent goes now
    states = {a: _rows(app, world, a)[MessageKind.CONFIRMATION].state for a in (first, second)}
    assert sorted(states.values()) == [OutboxState.SENT, OutboxState.UNKNOWN]
    with app.app_context():  # the dead worker's claims are void
        assert [outbox_sending.send_claimed(c) for c in claims] == [None, None]
    assert len(gateway.messages()) == 1


def test_nothing_goes_out_in_the_quiet_hours(app, world, gateway, clock):
    appointment_id = _booked(app, world, day=27)
    clock.current = datetime(2026, 11, 23, 21, 30, tzinfo=IST)  # the worker was late
    assert _send_due(app) == [OutboxState.PLANNED]
    row = _rows(app, world, appointment_id)[MessageKind.CONFIRMATION]
    assert row.due_at == datetime(2026, 11, 24, 9, 0, tzinfo=IST)
    assert gateway.messages() == []


def _receipt(message_id: str, client_ref: str, now: datetime, status: str = "delivered"):
    params = receipt_params(
        message_id=message_id,
        recipient=PHONE,
        sender="Seans",
        price="0.03",
        client_ref=client_ref,
        status=status,
        err_code="0",
        now=now,
    )
    return signed(params, FAKE_API_KEY, FAKE_SIGNATURE_SECRET, now)


def test_receipts_are_signed_idempotent_and_never_go_backwards(app, world, gateway, clock):
    appointment_id = _booked(app, world)
    _send_due(app)
    (message,) = gateway.messages()
    delivered = _receipt(message.message_ids[0], str(message.client_ref), clock())
    tampered = {**delivered, "status": "failed"}
    stale = _receipt(message.message_ids[0], str(message.client_ref), clock().replace(hour=1))
    with app.test_client() as http:
        assert http.post("/webhooks/vonage/status", data=tampered).status_code == 403
        assert http.post("/webhooks/vonage/status", data=stale).status_code == 403
        for _ in range(2):
            assert http.post("/webhooks/vonage/status", data=delivered).status_code == 204
        late_failure = _receipt(
            message.message_ids[0], str(message.client_ref), clock(), status="failed"
        )
        assert http.post("/webhooks/vonage/status", json=late_failure).status_code == 204
    row = _rows(app, world, appointment_id)[MessageKind.CONFIRMATION]
    assert row.state is OutboxState.DELIVERED


def _due_in_order(app, appointment_ids: list[uuid.UUID]) -> None:
    """Make the sessions' confirmations due one second apart, in the order given, so that
    claims take them in that order."""
    with app.app_context():
        base = datetime(2026, 11, 1, tzinfo=IST)
        for rank, appointment_id in enumerate(appointment_ids):
            db.session.execute(
                sa.update(OutboxMessage)
                .where(
                    OutboxMessage.appointment_id == appointment_id,
                    OutboxMessage.kind == MessageKind.CONFIRMATION,
                )
                .values(due_at=base + timedelta(seconds=rank))
                .execution_options(all_clinics=True)
            )
        db.session.commit()


def _recording_sender(seen: list[int]) -> outbox_sending.Sender:
    """A sender that notes how many rows' intent was committed when it was called (read on
    a connection of its own) and answers like Vonage."""

    def send(to: str, text: str, client_ref: str, *_: str) -> sms.SendResult:
        with db.engine.connect() as connection:
            seen.append(
                connection.scalar(
                    sa.select(sa.func.count())
                    .select_from(OutboxMessage)
                    .where(OutboxMessage.provider_called_at.is_not(None))
                )
            )
        return sms.SendResult((uuid.uuid4().hex[:16].upper(),), "0", None, client_ref)

    return send


def test_a_batch_is_composed_and_committed_a_chunk_at_a_time(app, world, gateway, monkeypatch):
    """On SQLite the transaction that checks and composes holds the write lock that a
    delivery receipt waits for: it covers a chunk of rows, and each chunk is sent before
    the next is composed, not the whole batch composed first."""
    monkeypatch.setattr(outbox_sending, "CHUNK", 2)
    booked = [_booked(app, world, hour=hour) for hour in range(9, 14)]
    _due_in_order(app, booked)
    seen: list[int] = []
    with app.app_context():
        claims = outbox.claim_due(50)
        assert outbox_sending.send_batch(claims, _recording_sender(seen)) == {"sent": 5}
    assert seen == [2, 2, 4, 4, 5]
    for appointment_id in booked:
        assert _rows(app, world, appointment_id)[MessageKind.CONFIRMATION].sent_at is not None


def test_composing_reads_each_kind_of_row_once_a_chunk_not_once_a_row(app, world, gateway):
    """The statements a chunk runs to check and compose its rows do not grow with its
    rows, but for the writes each row needs (its link, its intent, its outcome)."""
    booked = [_booked(app, world, hour=hour) for hour in range(8, 16)]
    _due_in_order(app, booked)  # the first session goes alone, first: it adds a consent link
    statements: list[str] = []

    def note(conn, cursor, statement, *args) -> None:
        statements.append(statement.split(None, 1)[0].upper())

    reads = []
    with app.app_context():
        outbox_sending.send_batch(outbox.claim_due(1), _recording_sender([]))
        sa.event.listen(db.engine, "before_cursor_execute", note)
        try:
            for size in (2, 5):
                statements.clear()
                assert outbox_sending.send_batch(
                    outbox.claim_due(size), lambda *a: _answer(a[2])
                ) == {"sent": size}
                reads.append(statements.count("SELECT"))
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", note)
    assert reads[0] == reads[1]


def _answer(client_ref: str) -> sms.SendResult:
    return sms.SendResult((uuid.uuid4().hex[:16].upper(),), "0", None, client_ref)


def test_a_send_job_says_where_its_time_went(app, world, gateway):
    _booked(app, world)
    phases = outbox_sending.Phases()
    with app.app_context():
        assert outbox_sending.send_batch(outbox.claim_due(50), phases=phases) == {"sent": 1}
    timed = phases.as_dict()
    assert (
        set(timed["cpu"])
        == set(timed["wall"])
        == {
            "compose",
            "intent commit",
            "send",
            "outcome commit",
        }
    )
    assert all(seconds >= 0 for seconds in timed["wall"].values())
