"""A client's SMS reaches only the clinic it answers (issue 16): the pen test's finding
replayed with two clinics, the routing rules, and what routing costs.

Replies arrive the production way (signed Vonage webhooks), and are read by the real
job; outbound texts go through the outbox to the fake gateway on loopback."""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sms_support import fake_vonage, own_queue, post_reply

from app import jobs
from app.extensions import db
from app.fakesms import FakeGateway
from app.fakesms.model import FAKE_API_KEY, FAKE_SIGNATURE_SECRET
from app.fakesms.webhooks import inbound_params, signed
from app.models import (
    Appointment,
    AppointmentStatus,
    AuditEvent,
    Clinic,
    InboundMessage,
    OutboxMessage,
    SmsRoute,
    UnroutedSms,
)
from app.models.scoping import all_clinics, clinic_scope
from app.services import (
    appointments,
    clients,
    clinics,
    export,
    inbound,
    outbox,
    outbox_sending,
    sms_routes,
)

IST = ZoneInfo("Europe/Istanbul")
PHONE = "905321234567"  # Elif Kaya of clinic A (the world's client)
SHARED = "Seans"  # what the shared number's replies arrive "to" in the fake gateway
OWN_NUMBER = "905551110000"


@pytest.fixture(autouse=True)
def queue(app) -> Iterator[None]:
    with own_queue(app, "routing"):
        yield


@pytest.fixture
def gateway(app, clock, tmp_path: Path) -> Iterator[FakeGateway]:
    with fake_vonage(app, clock, tmp_path / "fake") as fake:
        yield fake


def reply(app, clock, text: str, sender: str = PHONE, to: str = SHARED) -> None:
    post_reply(app, clock, text, sender, to)


def stored(app, clinic_id: uuid.UUID) -> list[InboundMessage]:
    with app.app_context(), clinic_scope(clinic_id):
        rows = list(db.session.scalars(sa.select(InboundMessage)))
        db.session.expunge_all()
        return rows


def count(app, model, clinic_id: uuid.UUID) -> int:
    with app.app_context(), all_clinics():
        return db.session.scalar(
            sa.select(sa.func.count()).select_from(model).where(model.clinic_id == clinic_id)
        )


def twin_in_clinic_b(app, world, clock) -> tuple[uuid.UUID, uuid.UUID]:
    """Clinic B registers Elif's phone for a client of its own, with a session tomorrow."""
    with app.app_context(), clinic_scope(world.other_clinic_id):
        clinic = db.session.get_one(Clinic, world.other_clinic_id)
        therapist = world.user_ids["foreign_therapist"]
        twin = clients.create_client(clinic.id, "Elif Kaya", "0532 123 45 67")
        appointment = appointments.book_appointment(
            clinic, therapist, twin.id, clock() + timedelta(days=1), override_hours=True
        )
        db.session.commit()
        return twin.id, appointment.id


def other_clinic_pages(make_browser, world, twin_id: uuid.UUID) -> str:
    """Every page of clinic B where a reply could show, as each of its staff sees it."""
    pages = []
    for who in ("foreign_admin", "foreign_therapist", "foreign_receptionist"):
        browser = make_browser()
        assert browser.login(world.emails[who]).status_code == 302
        for url in ("/inbox", f"/inbox/{twin_id}", f"/clients/{twin_id}", "/day", "/week"):
            page = browser.get(url)
            assert page.status_code in (200, 403, 404), url
            pages.append(page.get_data(as_text=True))
    return "\n".join(pages)


def test_a_clinic_that_never_wrote_to_the_phone_never_sees_the_reply(
    app, world, clock, gateway, make_browser, caplog
):
    """The pen test's High finding: clinic B registers a phone clinic A texts, and used to
    read A's client's replies, answer them and cancel its own session on them."""
    twin_id, twin_session = twin_in_clinic_b(app, world, clock)
    with app.app_context(), all_clinics():
        audit_before = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.clinic_id == world.other_clinic_id)
        )
    canary = f"canary-{secrets.token_hex(6)}"
    reply(app, clock, f"Yarın gelemiyorum, iptal edin lütfen. {canary}")
    (message,) = stored(app, world.clinic_id)
    assert message.client_id == world.client_id
    with app.app_context():
        jobs.interpret_inbound(str(message.id))
    assert stored(app, world.other_clinic_id) == []
    assert count(app, OutboxMessage, world.other_clinic_id) == 0
    assert count(app, SmsRoute, world.other_clinic_id) == 0
    with app.app_context(), all_clinics():
        assert db.session.get_one(Appointment, twin_session).status is AppointmentStatus.BOOKED
        audit_after = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.clinic_id == world.other_clinic_id)
        )
    assert audit_after == audit_before
    assert all(m.sender != "Clinic B" for m in gateway.messages())
    assert canary not in other_clinic_pages(make_browser, world, twin_id)
    with app.app_context(), clinic_scope(world.other_clinic_id):
        archive = export.build_archive(
            world.other_clinic_id,
            twin_id,
            include_notes=True,
            notes_by=world.user_ids["foreign_therapist"],
        )
    assert canary not in json.dumps(archive, default=str)
    with app.app_context(), clinic_scope(world.clinic_id):
        own = export.build_archive(
            world.clinic_id,
            world.client_id,
            include_notes=True,
            notes_by=world.user_ids["therapist"],
        )
    assert canary in json.dumps(own, default=str)  # the archive would show it: A's does
    assert all(canary not in record.getMessage() for record in caplog.records)


def test_the_clinic_that_wrote_last_gets_the_reply_and_no_other(app, world, clock):
    twin_id, twin_session = twin_in_clinic_b(app, world, clock)
    clock.advance(hours=1)
    with app.app_context():
        sms_routes.wrote(world.other_clinic_id, twin_id, "+" + PHONE, twin_session, shared=True)
        db.session.commit()
    reply(app, clock, "Tamam, yarın geliyorum")
    assert stored(app, world.clinic_id) == []
    (message,) = stored(app, world.other_clinic_id)
    assert (message.client_id, message.appointment_id) == (twin_id, twin_session)


def test_a_reply_to_a_clinics_own_number_is_that_clinics(app, world, clock):
    twin_id, twin_session = twin_in_clinic_b(app, world, clock)
    with app.app_context():
        db.session.get_one(Clinic, world.clinic_id).sms_number = OWN_NUMBER
        clock.advance(hours=1)  # B wrote last, from the shared number
        sms_routes.wrote(world.other_clinic_id, twin_id, "+" + PHONE, twin_session, shared=True)
        db.session.commit()
    reply(app, clock, "A'ya yazıyorum", to=OWN_NUMBER)
    reply(app, clock, "B'ye yazıyorum", to=SHARED)
    (to_a,) = stored(app, world.clinic_id)
    (to_b,) = stored(app, world.other_clinic_id)
    with app.app_context(), clinic_scope(world.clinic_id):
        assert inbound.open_body(to_a) == "A'ya yazıyorum"
    with app.app_context(), clinic_scope(world.other_clinic_id):
        assert inbound.open_body(to_b) == "B'ye yazıyorum"


def test_texts_go_out_from_a_clinics_own_number_and_open_its_conversation(
    app, world, clock, gateway
):
    with app.app_context(), clinic_scope(world.clinic_id):
        db.session.get_one(Clinic, world.clinic_id).sms_number = OWN_NUMBER
        db.session.execute(sa.delete(SmsRoute).execution_options(all_clinics=True))
        client = clients.find_by_phone(world.clinic_id, PHONE)[0]
        from app.models import ConsentKind, ConsentMethod, User
        from app.services import consent

        by = db.session.get_one(User, world.user_ids["receptionist"])
        consent.record_consent(client, ConsentKind.SMS, ConsentMethod.PAPER, recorded_by=by)
        clinic = db.session.get_one(Clinic, world.clinic_id)
        session = appointments.book_appointment(
            clinic,
            world.user_ids["therapist"],
            client.id,
            datetime(2026, 11, 25, 14, tzinfo=IST),
            override_hours=True,
        )
        db.session.commit()
        session_id = session.id
    with app.app_context():
        for claim in outbox.claim_due(50):
            outbox_sending.send_claimed(claim)
    (sent,) = gateway.messages()
    assert sent.sender == OWN_NUMBER and sent.to == PHONE
    reply(app, clock, "Evet", to=OWN_NUMBER)
    (message,) = stored(app, world.clinic_id)
    assert message.appointment_id == session_id
    reply(app, clock, "Evet", to=SHARED)  # not from the shared number: no conversation there
    assert len(stored(app, world.clinic_id)) == 1


def test_outside_the_window_a_reply_is_no_clinics_and_only_the_operator_reads_it(
    app, world, clock, gateway, tmp_path
):
    twin_in_clinic_b(app, world, clock)
    clock.advance(days=15)  # the world's text to Elif is older than 14 days
    canary = f"canary-{secrets.token_hex(6)}"
    reply(app, clock, f"Merhaba, iptal {canary}")
    reply(app, clock, f"Merhaba, iptal {canary}")  # the same words again, a new message
    assert stored(app, world.clinic_id) == stored(app, world.other_clinic_id) == []
    assert gateway.messages() == []
    with app.app_context():
        kept = db.session.scalars(sa.select(UnroutedSms)).all()
        assert len(kept) == 2 and all(canary.encode() not in row.sealed for row in kept)
        events = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "sms.inbound_unrouted")
        ).all()
        assert len(events) == 2 and all(e.clinic_id is None for e in events)
        assert all(canary not in (e.details or "") for e in events)
        db.session.expunge_all()
    result = app.test_cli_runner().invoke(args=["sms", "unrouted"])
    assert result.exit_code == 0 and result.output.count(canary) == 2
    assert "+" + PHONE in result.output


def test_a_repeated_webhook_for_an_unrouted_reply_is_kept_once(app, world, clock):
    clock.advance(days=15)
    (params,) = inbound_params(PHONE, SHARED, "Kimsiniz?", 1, clock())
    params = signed(params, FAKE_API_KEY, FAKE_SIGNATURE_SECRET, clock())
    for _ in range(2):
        with app.test_client() as http:
            assert http.post("/webhooks/vonage/inbound", data=params).status_code == 204
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(UnroutedSms)) == 1


def test_of_two_clients_sharing_a_phone_the_reply_is_the_one_last_texted(app, world, clock):
    with app.app_context(), clinic_scope(world.clinic_id):
        child = clients.create_client(world.clinic_id, "Deniz Kaya", "0532 123 45 67")
        db.session.commit()
        clock.advance(minutes=5)
        sms_routes.wrote(world.clinic_id, child.id, "+" + PHONE, None, shared=True)
        db.session.commit()
        child_id = child.id
    reply(app, clock, "Deniz gelecek")
    (message,) = stored(app, world.clinic_id)
    assert message.client_id == child_id


def test_a_phone_changed_since_the_text_routes_nowhere(app, world, clock):
    """The route names a client; if their phone is no longer this one, nobody gets it."""
    with app.app_context(), clinic_scope(world.clinic_id):
        client = clients.find_by_phone(world.clinic_id, PHONE)[0]
        clients.update_client(client, "Elif Kaya", "0533 000 11 22", None, "tr")
        db.session.commit()
    reply(app, clock, "Evet")
    assert stored(app, world.clinic_id) == []


def test_routing_costs_the_same_statements_with_many_clinics(app, world, clock):
    """The cost of finding a reply's clinic does not grow with the number of clinics (the
    old code read every clinic's blind index): the same statements with 2 and 32."""

    def statements_for_one_reply() -> int:
        seen: list[str] = []
        with app.app_context():
            engine = db.engine

            def count_it(conn, cursor, statement, *args):
                seen.append(statement)

            sa.event.listen(engine, "before_cursor_execute", count_it)
            try:
                reply(app, clock, "Tamam")
            finally:
                sa.event.remove(engine, "before_cursor_execute", count_it)
        return len(seen)

    few = statements_for_one_reply()
    with app.app_context():
        for n in range(30):
            clinics.create_clinic(f"Clinic {n}", f"clinic-{n}-{secrets.token_hex(3)}")
        db.session.commit()
    many = statements_for_one_reply()
    assert many == few, (few, many)


def test_routes_older_than_the_window_are_forgotten_at_night(app, world, clock):
    from app.services import retention

    clock.advance(days=15)
    with app.app_context():
        report = retention.run_nightly()
        assert report.sms_routes_forgotten == 1
    assert count(app, SmsRoute, world.clinic_id) == 0


def test_a_send_batch_records_its_texts_as_one_by_one_would(app, world, clock):
    """A batch writes one route a conversation: the last text's time, the last session
    named (a text about no session keeps it), whichever clinic each text was from."""
    first, last = clock(), clock() + timedelta(seconds=5)
    with app.app_context(), clinic_scope(world.clinic_id):
        other = uuid.uuid4()
        sms_routes.wrote_all(
            [
                sms_routes.Wrote(world.clinic_id, world.client_id, "+" + PHONE, other, True, first),
                sms_routes.Wrote(
                    world.clinic_id, world.client_id, "+" + PHONE, world.appointment_id, True, first
                ),
                sms_routes.Wrote(world.clinic_id, world.client_id, "+" + PHONE, None, False, last),
                sms_routes.Wrote(
                    world.other_clinic_id, world.other_client_id, "+" + PHONE, None, True, first
                ),
            ]
        )
        db.session.commit()
    with app.app_context(), all_clinics():
        routes = {r.clinic_id: r for r in db.session.scalars(sa.select(SmsRoute))}
        assert set(routes) == {world.clinic_id, world.other_clinic_id}
        ours = routes[world.clinic_id]
        assert (ours.client_id, ours.appointment_id, ours.shared) == (
            world.client_id,
            world.appointment_id,
            False,
        )
        assert ours.last_sent_at == last
        assert routes[world.other_clinic_id].appointment_id is None
