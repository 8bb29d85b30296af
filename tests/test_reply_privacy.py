"""Minimum access for the assistant (DESIGN promises 1 and 3), as an acceptance test:
with a canary note in the database, the canary appears in 0 contexts, prompts, job
payloads and log lines produced while interpreting 100 replies.

The replies go the production way: signed Vonage webhooks, RQ jobs in a real Redis
(their stored payloads are read back raw), then each job as the worker runs it, with the
chat model tier pointed at tests/fakechat.py's recording server on loopback. Recorded:
every `ReplyContext` the policy hands to the interpreter; every prompt the pipeline
builds, and one built from each recorded context besides; every request body the chat
server receives; every log record at DEBUG, SQL statements included, by a handler of
this test's own (the suite runs with `-p no:logging`, so not `caplog`).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import uuid
import zlib
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from redis import Redis
from redis.exceptions import RedisError

from app import jobs
from app.assistant import chat_model, prompts
from app.assistant import replies as assistant_replies
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
    NoteTemplate,
    User,
)
from app.models.scoping import clinic_scope
from app.services import appointments, consent, notes
from app.services import replies as reply_service
from tests.fakechat import Canned, FakeChat

IST = ZoneInfo("Europe/Istanbul")
PHONE = "905321234567"  # the world's client, Elif Kaya
HELDOUT = Path(__file__).resolve().parent / "data" / "replies_heldout.jsonl"
REPLIES = 100


def _texts() -> list[str]:
    """100 replies of every kind but opt-out (which would end the conversation)."""
    rows = [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines()]
    texts = [r["in"]["text"] for r in rows if "opt_out" not in r["expect"]["intent"]]
    step = len(texts) / REPLIES
    return [texts[int(i * step)] for i in range(REPLIES)]


class Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        line = f"{record.name} {record.levelname} {record.getMessage()}"
        if record.exc_info:
            line += " " + logging.Formatter().formatException(record.exc_info)
        self.lines.append(line)


@pytest.fixture
def recorded_logs():
    """Every record at DEBUG from every logger, SQL statements and parameters included."""
    recorder = Recorder()
    root = logging.getLogger()
    noisy = [logging.getLogger(name) for name in ("sqlalchemy.engine", "rq", "app", "werkzeug")]
    saved = [(root, root.level)] + [(lg, lg.level) for lg in noisy]
    root.addHandler(recorder)
    root.setLevel(logging.DEBUG)
    for lg in noisy:
        lg.setLevel(logging.DEBUG)
    yield recorder
    root.removeHandler(recorder)
    for lg, level in saved:
        lg.setLevel(level)


@pytest.fixture
def chat_server():
    """The chat tier's endpoint: it keeps every request body and reads every reply as
    `other`, so that a person gets it."""
    answer = Canned.answer({"intent": "other", "topic": None, "confidence": 0.9})
    with FakeChat(reply=answer) as chat:
        yield chat


@pytest.fixture
def service_setup(app, world, clock, tmp_path: Path, chat_server: FakeChat):
    app.config.update(
        RQ_QUEUE=f"test-privacy-{os.getpid()}-{uuid.uuid4().hex[:8]}",
        VONAGE_API_KEY=FAKE_API_KEY,
        VONAGE_API_SECRET=FAKE_API_SECRET,
        VONAGE_SIGNATURE_SECRET=FAKE_SIGNATURE_SECRET,
        ASSISTANT_MODEL="chat",
        ASSISTANT_CHAT_URL=chat_server.base_url,
        ASSISTANT_CHAT_MODEL="recording",
        ASSISTANT_CHAT_TIMEOUT=5,
    )
    try:
        Redis.from_url(app.config["REDIS_URL"]).ping()
    except RedisError:
        pytest.skip("no Redis: set SEANS_TEST_REDIS_URL (./scripts/test does)")
    with FakeGateway(tmp_path / "fake", receipt_delay=None, clock=clock) as gateway:
        app.config.update(
            VONAGE_REST_HOST=gateway.rest_host,
            VONAGE_CA_BUNDLE=str(gateway.cert_path),
            VONAGE_TIMEOUT=0.5,
            PUBLIC_URL="https://seans.example",
        )
        yield gateway
        with app.app_context():
            jobs.queue().empty()


def _plant_canary(app, world) -> str:
    """A note holding a unique string, on the session the replies are about and on the
    client's next one, written through the note service as a therapist would."""
    canary = f"KANARYA-{uuid.uuid4().hex}"
    with app.app_context(), clinic_scope(world.clinic_id):
        therapist = db.session.get_one(User, world.user_ids["therapist"])
        client = db.session.get_one(Client, world.client_id)
        by = db.session.get_one(User, world.user_ids["receptionist"])
        consent.record_consent(client, ConsentKind.SMS, ConsentMethod.PAPER, recorded_by=by)
        later = appointments.book_appointment(
            db.session.get_one(Clinic, world.clinic_id),
            world.user_ids["therapist"],
            client.id,
            datetime(2026, 11, 25, 14, tzinfo=IST),
            override_hours=True,
        )
        for appointment in (db.session.get_one(Appointment, world.appointment_id), later):
            note = notes.start_note(appointment, therapist, NoteTemplate.SOAP)
            notes.save_draft(
                note,
                therapist,
                {"subjective": f"Danışan {canary} dedi.", "plan": canary},
                based_on=0,
            )
        db.session.commit()
        assert canary in notes.read_note(note, therapist).fields["plan"]  # it is really there
    return canary


def _job_payloads(app) -> list[bytes]:
    """Each queued job's stored hash in Redis, raw, plus its decompressed data."""
    connection = Redis.from_url(app.config["REDIS_URL"])
    with app.app_context():
        job_ids = jobs.queue().get_job_ids()
    payloads = []
    for job_id in job_ids:
        stored = connection.hgetall(f"rq:job:{job_id}")
        assert stored, f"job {job_id} not in Redis"
        blob = b"\n".join(k + b"=" + v for k, v in sorted(stored.items()))
        data = stored.get(b"data", b"")
        try:
            blob += b"\n" + zlib.decompress(data)
        except zlib.error:
            pass
        payloads.append(blob)
    return payloads


def _count(canary: str, items) -> int:
    needle = canary.encode()
    return sum(
        (item if isinstance(item, bytes) else str(item).encode("utf-8", "replace")).count(needle)
        > 0
        for item in items
    )


def _context_text(context) -> str:
    return repr(context) + " " + repr(dataclasses.asdict(context))


def test_the_canary_note_reaches_no_context_prompt_payload_or_log_line(
    app, world, clock, service_setup, chat_server, recorded_logs, monkeypatch
):
    gateway = service_setup
    canary = _plant_canary(app, world)
    assert _count(canary, [f"log {canary}.", b"x", canary.encode()]) == 2  # the counter sees it
    contexts, texts_read, built, own_prompts = [], [], [], []

    real_interpret = assistant_replies.interpret_reply
    real_build = prompts.build_reply_prompt

    def recording_interpret(text, context, model=None):
        contexts.append(context)
        texts_read.append(text)
        own_prompts.append(real_build(text, context))  # as a model tier would get it
        return real_interpret(text, context, model)

    def recording_build(text, context):
        prompt = real_build(text, context)
        built.append(prompt)
        return prompt

    monkeypatch.setattr(reply_service, "interpret_reply", recording_interpret)
    monkeypatch.setattr(assistant_replies, "interpret_reply", recording_interpret)
    monkeypatch.setattr(prompts, "build_reply_prompt", recording_build)
    monkeypatch.setattr(chat_model, "build_reply_prompt", recording_build)

    recorded_logs.lines.clear()
    for text in _texts():
        for params in inbound_params(PHONE, "Seans", text, 1, clock()):
            with app.test_client() as http:
                answer = http.post(
                    "/webhooks/vonage/inbound",
                    data=signed(params, FAKE_API_KEY, FAKE_SIGNATURE_SECRET, clock()),
                )
            assert answer.status_code == 204
        clock.advance(seconds=5)

    payloads = _job_payloads(app)
    assert len(payloads) == REPLIES, "every reply queued as its own job"
    with app.app_context():
        queued = jobs.queue().get_jobs()
    for job in queued:
        assert job.func_name == "app.jobs.interpret_inbound"
        with app.app_context():
            job.func(*job.args, **job.kwargs)  # what the worker runs, from the stored job

    with app.app_context():
        states = db.session.scalars(
            sa.select(InboundMessage.state).execution_options(all_clinics=True)
        ).all()
    assert len(states) == REPLIES and all(s.value != "new" for s in states)
    assert len(contexts) == REPLIES, "the recorder saw every context"
    assert built, "the rules left no reply to the chat model: nothing tested the prompt path"
    assert len(chat_server.raw_requests) == len(built), "every prompt built went to the server"
    assert len(recorded_logs.lines) > REPLIES, "the log recorder saw the run"
    all_prompts = [json.dumps(p, ensure_ascii=False) for p in built + own_prompts]

    in_contexts = _count(canary, [_context_text(c) for c in contexts])
    in_texts = _count(canary, texts_read)
    in_prompts = _count(canary, all_prompts)
    in_requests = _count(canary, chat_server.raw_requests)
    in_payloads = _count(canary, payloads)
    in_logs = _count(canary, recorded_logs.lines)
    in_sms = _count(canary, [m.text for m in gateway.messages()])
    print(
        f"[min-access] {REPLIES} replies: canary in {in_contexts} contexts, {in_prompts} "
        f"prompts, {in_payloads} job payloads, {in_logs} log lines "
        f"(recorded {len(contexts)} contexts, {len(all_prompts)} prompts of which "
        f"{len(built)} built by the pipeline, {len(chat_server.raw_requests)} chat requests "
        f"[canary in {in_requests}], {len(payloads)} job payloads, "
        f"{len(recorded_logs.lines)} log lines, {len(gateway.messages())} SMS [canary in {in_sms}])"
    )
    assert (in_contexts, in_texts, in_prompts, in_requests, in_payloads, in_logs, in_sms) == (
        0,
    ) * 7
    for context in contexts:  # the typed context holds nothing but these
        assert {f.name for f in dataclasses.fields(context)} == {
            "now",
            "tz",
            "appointment_start",
            "appointment_type",
            "language",
        }
