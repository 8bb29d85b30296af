"""Client replies: the signed inbound webhook, opt-out, and the staff inbox."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from datetime import datetime
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
from app.fakesms.webhooks import inbound_params, receipt_params, signed
from app.models import (
    AuditEvent,
    Client,
    Clinic,
    ConsentKind,
    ConsentMethod,
    InboundMessage,
    InboundPart,
    InboundState,
    OutboxMessage,
    OutboxState,
    Role,
    User,
)
from app.models.scoping import clinic_scope
from app.services import appointments, consent, inbound, inbox, outbox, outbox_sending

IST = ZoneInfo("Europe/Istanbul")
PHONE = "905321234567"  # the world's client, Elif Kaya, in clinic A
URL = "/webhooks/vonage/inbound"


@pytest.fixture(autouse=True)
def own_queue(app) -> Iterator[None]:
    app.config["RQ_QUEUE"] = f"test-inbox-{os.getpid()}"
    app.config.update(
        VONAGE_API_KEY=FAKE_API_KEY,
        VONAGE_API_SECRET=FAKE_API_SECRET,
        VONAGE_SIGNATURE_SECRET=FAKE_SIGNATURE_SECRET,
    )
    yield
    try:
        with app.app_context():
            jobs.queue().empty()
    except RedisError:
        pass


@pytest.fixture
def gateway(app, clock, tmp_path: Path) -> Iterator[FakeGateway]:
    with FakeGateway(tmp_path / "fake", receipt_delay=None, clock=clock) as fake:
        app.config.update(
            VONAGE_REST_HOST=fake.rest_host,
            VONAGE_CA_BUNDLE=str(fake.cert_path),
            VONAGE_TIMEOUT=0.5,
            PUBLIC_URL="https://seans.example",
        )
        yield fake


def _redis(app) -> Redis:
    try:
        connection = Redis.from_url(app.config["REDIS_URL"])
        connection.ping()
    except RedisError:
        pytest.skip("no Redis: set SEANS_TEST_REDIS_URL (./scripts/test does)")
    return connection


def _webhooks(clock, text: str, sender: str = PHONE, parts: int = 1) -> list[dict[str, str]]:
    return [
        signed(params, FAKE_API_KEY, FAKE_SIGNATURE_SECRET, clock())
        for params in inbound_params(sender, "Seans", text, parts, clock())
    ]


def _post(app, params: dict[str, str], method: str = "POST"):
    with app.test_client() as http:
        if method == "JSON":
            return http.post(URL, json=params)
        return http.post(URL, data=params)


def _reply(app, clock, text: str, sender: str = PHONE) -> None:
    for params in _webhooks(clock, text, sender):
        assert _post(app, params).status_code == 204


def _messages(app, clinic_id) -> list[InboundMessage]:
    with app.app_context(), clinic_scope(clinic_id):
        rows = db.session.scalars(
            sa.select(InboundMessage).order_by(InboundMessage.received_at)
        ).all()
        db.session.expunge_all()
        return list(rows)


def _text(app, message: InboundMessage) -> str | None:
    with app.app_context(), clinic_scope(message.clinic_id):
        return inbound.open_body(message)


def _audit(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        rows = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)).all()
        db.session.expunge_all()
        return list(rows)


def _interpret(app, message: InboundMessage) -> str | None:
    with app.app_context():
        return jobs.interpret_inbound(str(message.id))


@pytest.mark.parametrize("method", ["POST", "JSON"])
def test_a_signed_reply_is_stored_sealed_for_its_client(app, world, clock, method):
    canary = f"kanarya-{uuid.uuid4().hex}"
    (params,) = _webhooks(clock, f"Otopark var mı? {canary}")
    assert _post(app, params, method).status_code == 204
    (message,) = _messages(app, world.clinic_id)
    assert message.client_id == world.client_id and message.state is InboundState.NEW
    assert message.provider_key == params["messageId"]
    assert message.appointment_id == world.appointment_id  # the next session
    assert _text(app, message) == f"Otopark var mı? {canary}"
    assert _messages(app, world.other_clinic_id) == []
    with app.app_context(), db.engine.connect() as conn:
        raw = [repr(tuple(row)) for row in conn.execute(sa.text("SELECT * FROM inbound_messages"))]
        audit_rows = [repr(tuple(r)) for r in conn.execute(sa.text("SELECT * FROM audit_events"))]
    assert len(raw) == 1 and canary not in raw[0]
    assert not any(canary in row or PHONE in row for row in audit_rows)


@pytest.mark.parametrize("path", [URL, "/webhooks/vonage/status"])
def test_a_webhook_by_get_answers_405_and_changes_nothing(app, world, clock, path):
    """Vonage's GET setting would put the phone number and the text in the query string,
    and so in access logs: the webhooks take POST alone, even correctly signed."""
    (params,) = _webhooks(clock, "Yarın gelemiyorum")
    receipt = signed(
        receipt_params(
            message_id="0A00000000000001",
            recipient=PHONE,
            sender="Seans",
            price="0.03",
            client_ref=None,
            status="delivered",
            err_code="0",
            now=clock(),
        ),
        FAKE_API_KEY,
        FAKE_SIGNATURE_SECRET,
        clock(),
    )
    with app.test_client() as http:
        response = http.get(path, query_string=params if path == URL else receipt)
    assert response.status_code == 405
    assert _messages(app, world.clinic_id) == []
    with app.app_context(), db.engine.connect() as conn:
        dump = repr(conn.execute(sa.text("SELECT * FROM audit_events")).all())
    assert PHONE not in dump


@pytest.mark.parametrize("path", [URL, "/webhooks/vonage/status"])
def test_a_json_body_that_is_not_an_object_is_400_before_anything_reads_it(app, world, path):
    """An array, a string or a number raised AttributeError before the signature check:
    a 500 for anyone on the internet. Broken and too deeply nested JSON is 400 too."""
    bodies = [b"[]", b'[{"msisdn": "905321234567"}]', b'"text"', b"42", b"null", b"true"]
    bodies += [b"", b"{", b"\xff\xfe", b"[" * 100_000, b"1" * 5000]
    with app.test_client() as http:
        for body in bodies:
            answer = http.post(path, data=body, content_type="application/json")
            assert answer.status_code == 400, body[:30]
    assert _messages(app, world.clinic_id) == []


def test_the_job_is_queued_with_the_message_id_only(app, world, clock):
    _redis(app)
    canary = f"kanarya-{uuid.uuid4().hex}"
    _reply(app, clock, f"Geliyorum {canary}")
    (message,) = _messages(app, world.clinic_id)
    with app.app_context():
        (job,) = jobs.queue().get_jobs()
    assert job.func_name == "app.jobs.interpret_inbound"
    assert job.args == (str(message.id),) and job.kwargs == {}
    assert canary not in (job.description or "")


@pytest.mark.parametrize(
    "spoil",
    [
        lambda p: {k: v for k, v in p.items() if k != "sig"},  # unsigned
        lambda p: {**p, "text": "STOP"},  # tampered
        lambda p: {**p, "msisdn": "905337654321"},  # someone else's number
        lambda p: {**p, "sig": "0" * 64},
    ],
)
def test_an_unsigned_or_tampered_reply_is_refused_and_nothing_stored(app, world, clock, spoil):
    (params,) = _webhooks(clock, "Merhaba")
    assert _post(app, spoil(params)).status_code == 403
    assert _messages(app, world.clinic_id) == _messages(app, world.other_clinic_id) == []


def test_a_stale_signature_is_refused(app, world, clock):
    (params,) = _webhooks(clock, "Merhaba")
    clock.advance(minutes=10)
    assert _post(app, params).status_code == 403
    assert _messages(app, world.clinic_id) == []


def test_a_repeated_webhook_is_stored_once(app, world, clock):
    (params,) = _webhooks(clock, "Tamam, geliyorum")
    for method in ("POST", "POST", "JSON"):
        assert _post(app, params, method).status_code == 204
    assert len(_messages(app, world.clinic_id)) == 1
    assert len(_audit(app, "sms.inbound_received")) == 1


def test_a_long_reply_is_joined_from_its_parts_in_any_order(app, world, clock):
    text = "Merhaba, " + "salı günü işten çıkamıyorum, perşembe olur mu acaba? " * 4
    first, second, third = _webhooks(clock, text, parts=3)
    for params in (third, first, third):
        assert _post(app, params).status_code == 204
    (partial,) = _messages(app, world.clinic_id)
    assert partial.state is InboundState.PARTIAL and partial.body_sealed is None
    assert _post(app, second).status_code == 204
    assert _post(app, first).status_code == 204  # a late repeat of a part
    (message,) = _messages(app, world.clinic_id)
    assert message.state is InboundState.NEW and message.parts_total == 3
    assert _text(app, message) == text
    with app.app_context(), clinic_scope(world.clinic_id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(InboundPart)) == 0


def test_a_concat_ref_used_again_later_is_a_new_message(app, world, clock):
    earlier = _webhooks(clock, "Birinci uzun mesajın iki parçası var", parts=2)
    for params in earlier:
        assert _post(app, params).status_code == 204
    clock.advance(days=3)
    later = [
        signed(
            {**p, "concat-ref": earlier[0]["concat-ref"]},
            FAKE_API_KEY,
            FAKE_SIGNATURE_SECRET,
            clock(),
        )
        for p in inbound_params(PHONE, "Seans", "İkinci uzun mesaj, yine iki parça", 2, clock())
    ]
    for params in later:
        assert _post(app, params).status_code == 204
    texts = [_text(app, m) for m in _messages(app, world.clinic_id)]
    assert texts == ["Birinci uzun mesajın iki parçası var", "İkinci uzun mesaj, yine iki parça"]


def test_an_unknown_sender_is_no_clinics_and_leaves_an_audit_row(app, world, clock):
    """(Who gets a reply at all is tests/test_sms_routing.py.)"""
    (params,) = _webhooks(clock, "Kimsiniz?", sender="905559998877")
    assert _post(app, params).status_code == 204
    assert _messages(app, world.clinic_id) == _messages(app, world.other_clinic_id) == []
    (event,) = _audit(app, "sms.inbound_unrouted")
    assert json.loads(event.details) == {"message": params["messageId"]}
    assert event.clinic_id is None


def _textable(app, world, client_id=None, language: str | None = None) -> uuid.UUID:
    """A client with SMS consent and a session on Wednesday, reminders planned."""
    with app.app_context(), clinic_scope(world.clinic_id):
        client = db.session.get_one(Client, client_id or world.client_id)
        if language:
            client.language = language
        by = db.session.get_one(User, world.user_ids["receptionist"])
        consent.record_consent(client, ConsentKind.SMS, ConsentMethod.PAPER, recorded_by=by)
        clinic = db.session.get_one(Clinic, world.clinic_id)
        appointment = appointments.book_appointment(
            clinic,
            world.user_ids["therapist"],
            client.id,
            datetime(2026, 11, 25, 14, tzinfo=IST),
            override_hours=True,
        )
        db.session.commit()
        return appointment.id


def _planned(app, world) -> int:
    with app.app_context(), clinic_scope(world.clinic_id):
        return db.session.scalar(
            sa.select(sa.func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.state == OutboxState.PLANNED)
        )


def test_stop_opts_out_cancels_reminders_and_is_confirmed_once(app, world, clock, gateway):
    _textable(app, world)
    assert _planned(app, world) > 0
    _reply(app, clock, "STOP")
    (message,) = _messages(app, world.clinic_id)
    assert _interpret(app, message) == "handled"
    assert _interpret(app, message) is None  # a job run twice acts once
    with app.app_context(), clinic_scope(world.clinic_id):
        assert db.session.get_one(Client, world.client_id).opted_out_at == clock()
    assert _planned(app, world) == 0
    (sent,) = gateway.messages()
    assert sent.to == PHONE and sent.client_ref == f"optout:{message.id}"
    assert sent.text.startswith("Bu numaraya artık SMS göndermeyeceğiz.")
    assert len(_audit(app, "sms.opted_out")) == 1
    clock.advance(minutes=5)
    _reply(app, clock, "stop sms")
    second = _messages(app, world.clinic_id)[-1]
    assert _interpret(app, second) == "handled"
    assert len(gateway.messages()) == 1  # confirmed once
    handled = _messages(app, world.clinic_id)
    assert [(m.state, m.intent) for m in handled] == [(InboundState.HANDLED, "opt_out")] * 2


def test_an_english_client_is_confirmed_in_english(app, world, clock, gateway):
    _textable(app, world, language="en")
    _reply(app, clock, "Unsubscribe!")
    _interpret(app, _messages(app, world.clinic_id)[0])
    (sent,) = gateway.messages()
    assert sent.text.startswith("We will not send any more text messages")


def test_iptal_alone_is_not_an_opt_out(app, world, clock, gateway):
    _textable(app, world)
    _reply(app, clock, "İptal")
    (message,) = _messages(app, world.clinic_id)
    # A cancellation (of the session an hour away: too late, so staff decide), not STOP.
    assert _interpret(app, message) == "forwarded"
    with app.app_context(), clinic_scope(world.clinic_id):
        assert db.session.get_one(Client, world.client_id).opted_out_at is None
    assert _planned(app, world) > 0
    assert not any(m.client_ref.startswith("optout:") for m in gateway.messages())
    assert _messages(app, world.clinic_id)[0].intent != "opt_out"


@pytest.mark.parametrize(
    ("text", "opt_out"),
    [
        ("STOP", True),
        ("Stop.", True),
        (" STOP\u200b ", True),
        ("DUR", True),
        ("RET", True),
        ("İPTAL SMS", True),
        ("IPTAL SMS", True),
        ("iptal sms!", True),
        ("SMS İSTEMİYORUM", True),
        ("sms istemiyorum 🙏", True),
        ("Stop SMS", True),
        ("unsubscribe", True),
        ("iptal", False),
        ("İPTAL", False),
        ("Randevuyu iptal edin", False),
        ("Durum nedir?", False),
        ("Please stop by at five", False),
        ("", False),
    ],
)
def test_opt_out_keywords(text, opt_out):
    assert inbound.is_opt_out(text) is opt_out


def test_staff_see_the_opt_out_and_a_new_sms_consent_ends_it(
    app, world, clock, gateway, make_browser
):
    _textable(app, world)
    _reply(app, clock, "DUR")
    _interpret(app, _messages(app, world.clinic_id)[0])
    desk = make_browser()
    desk.login(world.emails["receptionist"])
    desk.post("/language", {"language": "en"})
    page = desk.get(f"/clients/{world.client_id}").get_data(as_text=True)
    assert "Opted out of SMS on" in page
    assert desk.post(f"/clients/{world.client_id}/consents", {"kind": "sms"}).status_code == 302
    with app.app_context(), clinic_scope(world.clinic_id):
        assert db.session.get_one(Client, world.client_id).opted_out_at is None
    assert _planned(app, world) > 0  # reminders are planned again
    assert "Opted out of SMS on" not in desk.get(f"/clients/{world.client_id}").get_data(
        as_text=True
    )


def _two_replies(app, world, clock) -> tuple[InboundMessage, InboundMessage]:
    """A logistics question, and a clinical reply (the assistant would mark it so)."""
    _reply(app, clock, "Otopark var mı?")
    clock.advance(minutes=1)
    _reply(app, clock, "Çok kötü hissediyorum")
    plain, clinical = _messages(app, world.clinic_id)
    for message in (plain, clinical):
        _interpret(app, message)
    with app.app_context(), clinic_scope(world.clinic_id):
        db.session.execute(
            sa.update(InboundMessage)
            .where(InboundMessage.id == clinical.id)
            .values(clinical=True, urgent=True)
        )
        db.session.commit()
    return plain, clinical


def _signed_in(make_browser, world, who: str):
    browser = make_browser()
    assert browser.login(world.emails[who]).status_code == 302
    browser.post("/language", {"language": "en"})
    return browser


@pytest.mark.parametrize(
    ("who", "listed", "plain", "clinical"),
    [
        ("receptionist", True, True, False),
        ("admin", True, True, False),
        ("therapist", True, True, True),
        ("other_therapist", False, False, False),
        ("foreign_receptionist", False, False, False),
        ("foreign_therapist", False, False, False),
    ],
)
def test_who_sees_which_reply(app, world, clock, make_browser, who, listed, plain, clinical):
    _two_replies(app, world, clock)
    browser = _signed_in(make_browser, world, who)
    listing = browser.get("/inbox").get_data(as_text=True)
    assert ("Elif Kaya" in listing) is listed
    assert "Urgent" in listing if listed else "Urgent" not in listing
    answer = browser.get(f"/inbox/{world.client_id}")
    page = answer.get_data(as_text=True)
    if not listed:
        assert answer.status_code == (404 if who.startswith("foreign") else 403)
    assert ("Otopark var mı?" in page) is plain
    assert ("Çok kötü hissediyorum" in page) is clinical
    if listed and not clinical:
        assert "Forwarded to the therapist" in page
    if listed:
        (event,) = _audit(app, "inbox.viewed")
        assert json.loads(event.details) == {"count": 1 + clinical}
        assert event.object_id == str(world.client_id)


def test_the_inbox_speaks_turkish_and_htmx_gets_fragments(app, world, clock, make_browser):
    _two_replies(app, world, clock)
    browser = make_browser()
    browser.login(world.emails["receptionist"])  # clinic A speaks Turkish
    page = browser.get(f"/inbox/{world.client_id}").get_data(as_text=True)
    assert "Terapiste iletildi" in page and "Gelen kutusu" in page
    for url in ("/inbox", f"/inbox/{world.client_id}"):
        fragment = browser.get(url, headers={"HX-Request": "true"})
        assert fragment.status_code == 200 and "<html" not in fragment.get_data(as_text=True)


def test_sent_texts_and_replies_are_interleaved_and_linked(app, world, clock, gateway):
    appointment_id = _textable(app, world)
    with app.app_context():
        sent = [outbox_sending.send_claimed(c) for c in outbox.claim_due(50)]
    assert sent == [OutboxState.SENT]
    clock.advance(minutes=5)
    _reply(app, clock, "Teşekkürler, orada olacağım")
    (message,) = _messages(app, world.clinic_id)
    assert message.appointment_id == appointment_id  # the session last texted about
    with app.test_request_context(), clinic_scope(world.clinic_id):
        client = db.session.get_one(Client, world.client_id)
        viewer = inbox.Viewer(world.user_ids["receptionist"], Role.RECEPTIONIST)
        conversation = inbox.open_conversation(client, viewer)
    assert [e.inbound for e in conversation.entries] == [True, False]
    assert conversation.entries[0].text == "Teşekkürler, orada olacağım"
    assert conversation.entries[1].text == gateway.messages()[0].text


def test_mark_handled(app, world, clock, make_browser):
    plain, clinical = _two_replies(app, world, clock)
    desk = _signed_in(make_browser, world, "receptionist")
    url = f"/inbox/messages/{plain.id}/handled"
    answer = desk.post(url, headers={"HX-Request": "true"})
    assert answer.status_code == 200 and answer.headers["HX-Trigger"] == "inbox-changed"
    fragment = answer.get_data(as_text=True)
    assert "<html" not in fragment and "Handled by Receptionist" in fragment
    assert desk.post(url, headers={"HX-Request": "true"}).status_code == 200  # harmless again
    assert desk.post(f"/inbox/messages/{clinical.id}/handled").status_code == 403
    therapist = _signed_in(make_browser, world, "therapist")
    assert therapist.post(f"/inbox/messages/{clinical.id}/handled").status_code == 302
    first, second = _messages(app, world.clinic_id)
    assert (first.state, first.handled_by) == (
        InboundState.HANDLED,
        world.user_ids["receptionist"],
    )
    assert (second.state, second.handled_by) == (InboundState.HANDLED, world.user_ids["therapist"])
    assert first.handled_at == clock()
    assert len(_audit(app, "inbox.handled")) == 2
    foreign = _signed_in(make_browser, world, "foreign_receptionist")
    assert foreign.post(url).status_code == 404


def test_with_redis_down_the_reply_is_stored_and_caught_up_later(app, world, clock):
    redis_url = app.config["REDIS_URL"]
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    _reply(app, clock, "Merhaba")  # nothing the assistant can act on: a person reads it
    (message,) = _messages(app, world.clinic_id)
    assert message.state is InboundState.NEW
    app.config["REDIS_URL"] = redis_url
    _redis(app)
    with app.app_context():
        assert jobs.requeue_new_inbound() == 0  # not a minute old yet
        clock.advance(minutes=2)
        assert jobs.requeue_new_inbound() == 1
        assert jobs.requeue_new_inbound() == 0  # already waiting in the queue
        (job,) = jobs.queue().get_jobs()
        assert job.args == (str(message.id),)
        assert jobs.interpret_inbound(*job.args) == "forwarded"
    (message,) = _messages(app, world.clinic_id)
    assert message.state is InboundState.FORWARDED
