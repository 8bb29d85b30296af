"""End to end through the fake gateway: a client answers a reminder with "Perşembe 15:00
olur mu?", the receptionist approves the request in one click, the client gets the new
time. Everything runs as in production: the signed webhook, the RQ worker, the outbox."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from redis import Redis
from redis.exceptions import RedisError

from app import jobs
from app.extensions import db
from app.fakesms import FakeGateway
from app.fakesms.model import FAKE_API_KEY, FAKE_API_SECRET, FAKE_SIGNATURE_SECRET
from app.fakesms.webhooks import inbound_params, signed
from app.models import (
    Appointment,
    Client,
    Clinic,
    ConsentKind,
    ConsentMethod,
    InboundMessage,
    InboundState,
    MessageKind,
    OutboxMessage,
    RequestState,
    RescheduleRequest,
    User,
)
from app.models.scoping import clinic_scope
from app.services import appointments, consent

IST = ZoneInfo("Europe/Istanbul")
PHONE = "905321234567"  # Elif Kaya, the world's client
WEDNESDAY = datetime(2026, 11, 25, 11, tzinfo=IST)
THURSDAY_15 = datetime(2026, 11, 26, 15, tzinfo=IST)


@pytest.fixture
def gateway(app, clock, tmp_path: Path) -> Iterator[FakeGateway]:
    url = os.environ.get("SEANS_TEST_REDIS_URL")
    try:
        if not url:
            raise RedisError("SEANS_TEST_REDIS_URL is not set")
        Redis.from_url(url).ping()
    except RedisError:
        if os.environ.get("SEANS_REQUIRE_SERVICES"):
            pytest.fail("no Redis for the end-to-end test")
        pytest.skip("no Redis: set SEANS_TEST_REDIS_URL (./scripts/test does)")
    with FakeGateway(tmp_path / "fake", receipt_delay=None, clock=clock) as fake:
        app.config.update(
            REDIS_URL=url,
            RQ_QUEUE=f"test-replies-e2e-{os.getpid()}",
            VONAGE_API_KEY=FAKE_API_KEY,
            VONAGE_API_SECRET=FAKE_API_SECRET,
            VONAGE_SIGNATURE_SECRET=FAKE_SIGNATURE_SECRET,
            VONAGE_REST_HOST=fake.rest_host,
            VONAGE_CA_BUNDLE=str(fake.cert_path),
            VONAGE_TIMEOUT=2,
            PUBLIC_URL="https://seans.example",
        )
        yield fake
        with app.app_context():
            jobs.queue().empty()


def work(app) -> None:
    """Run the RQ worker until the queue is empty (`flask rq worker --burst`)."""
    result = app.test_cli_runner().invoke(args=["rq", "worker", "--burst"])
    assert result.exit_code == 0, result.output


def sweep(app) -> None:
    """The periodic outbox sweep, as the worker's keeper thread queues it."""
    with app.app_context():
        jobs.queue().enqueue(jobs.sweep_outbox)
    work(app)


def outbox_id(app, world, kind: MessageKind) -> str:
    with app.app_context(), clinic_scope(world.clinic_id):
        return str(
            db.session.scalars(sa.select(OutboxMessage.id).where(OutboxMessage.kind == kind)).one()
        )


def test_a_reply_to_a_reminder_is_approved_in_one_click_and_the_client_gets_the_new_time(
    app, world, clock, gateway, make_browser
):
    # Elif, who agreed to SMS, has a session on Wednesday at 11:00.
    with app.app_context(), clinic_scope(world.clinic_id):
        client = db.session.get_one(Client, world.client_id)
        by = db.session.get_one(User, world.user_ids["receptionist"])
        consent.record_consent(client, ConsentKind.SMS, ConsentMethod.PAPER, recorded_by=by)
        clinic = db.session.get_one(Clinic, world.clinic_id)
        session_id = appointments.book_appointment(
            clinic, world.user_ids["therapist"], client.id, WEDNESDAY
        ).id
        db.session.commit()
    sweep(app)  # the booking confirmation
    clock.current = datetime(2026, 11, 24, 11, 1, tzinfo=IST).astimezone(UTC)
    sweep(app)  # Tuesday 11:00: the reminder a day before
    reminder = gateway.messages()[-1]
    assert reminder.to == PHONE
    assert reminder.client_ref == outbox_id(app, world, MessageKind.REMINDER_FIRST)

    # She answers the reminder; the webhook is signed as Vonage signs it.
    clock.advance(minutes=3)
    for params in inbound_params(
        PHONE, gateway.virtual_number, "Perşembe 15:00 olur mu?", 1, clock()
    ):
        params = signed(params, FAKE_API_KEY, FAKE_SIGNATURE_SECRET, clock())
        with app.test_client() as http:
            assert http.post("/webhooks/vonage/inbound", data=params).status_code == 204
    work(app)  # the interpret_inbound job

    with app.app_context(), clinic_scope(world.clinic_id):
        message = db.session.scalars(sa.select(InboundMessage)).one()
        assert (message.intent, message.state) == ("reschedule", InboundState.FORWARDED)
        assert message.appointment_id == session_id
        request = db.session.scalars(sa.select(RescheduleRequest)).one()
        assert (request.state, request.source) == (RequestState.PENDING, "sms")
        assert request.proposed_start == THURSDAY_15
        request_id = request.id
    asked = gateway.messages()[-1]
    assert asked.to == PHONE and asked.client_ref == f"reply:{message.id}"
    assert asked.text.startswith("26 Kasım Perşembe 15:00 için isteğinizi ekibimize ilettik.")

    # The receptionist sees it on /requests and approves it with its one button.
    desk = make_browser()
    assert desk.login(world.emails["receptionist"]).status_code == 302
    desk.post("/language", {"language": "en"})
    page = desk.get("/requests").get_data(as_text=True)
    assert "Elif Kaya" in page and "Nov 26, 2026" in page and "15:00" in page
    (action,) = re.findall(r'action="(/requests/[^"]+/approve)"', page)
    assert action == f"/requests/{request_id}/approve"
    assert desk.post(action).status_code == 302

    with app.app_context(), clinic_scope(world.clinic_id):
        assert db.session.get_one(Appointment, session_id).start_at == THURSDAY_15
        decided = db.session.get_one(RescheduleRequest, request_id)
        assert (decided.state, decided.decided_by) == (
            RequestState.APPROVED,
            world.user_ids["receptionist"],
        )

    # The outbox sends the new time.
    sweep(app)
    moved = gateway.messages()[-1]
    assert moved.to == PHONE
    assert moved.client_ref == outbox_id(app, world, MessageKind.MOVED)
    assert "Perşembe" in moved.text and "15:00" in moved.text
