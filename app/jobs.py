"""RQ jobs. Jobs take ids, reload rows and commit; each runs in a fresh app context.

The outbox sweep is periodic: every worker runs a small keeper thread that, once per
OUTBOX_SWEEP_SECONDS across all workers (a Redis key with a TTL decides which), puts
a sweep on the queue. The sweep recovers stale claims and queues one send job per
batch of due rows; each claims its batch as it starts, so every worker shares the
sending. The database rows, not the queue, are the truth: a lost job or a Redis
restart only delays a message.

The same thread queues the nightly retention run once a day, at or after
RETENTION_HOUR in DEFAULT_CLINIC_TIMEZONE: the first keeper to claim that day's
Redis key (SET NX, kept two days) queues it. A day on which no worker ran is caught
up when one starts; running it twice would be harmless.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import ParamSpec, TypeVar
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue

from app.clock import system_now
from app.extensions import db
from app.logsafe import failure

P = ParamSpec("P")
R = TypeVar("R")
SWEEP_KEY = "seans:outbox-sweep:{queue}"  # per queue: installations may share a Redis
NIGHTLY_KEY = "seans:nightly:{queue}:{day}"
NIGHTLY_KEY_TTL = 2 * 24 * 3600
log = logging.getLogger(__name__)


def redis_connection(app: Flask | None = None) -> Redis:
    config = (app or current_app).config
    return Redis.from_url(config["REDIS_URL"])


def queue(app: Flask | None = None) -> Queue:
    config = (app or current_app).config
    return Queue(config["RQ_QUEUE"], connection=redis_connection(app))


def in_fresh_context(job: Callable[P, R]) -> Callable[P, R]:
    """Run a job in its own app context (its own `g`, session and key cache), on
    database connections of its own rather than ones inherited from a parent process."""

    @functools.wraps(job)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        with app.app_context():
            _own_connections()
            try:
                return job(*args, **kwargs)
            finally:
                db.session.remove()

    return run


_pool_pid: int | None = None


def _own_connections() -> None:
    """A forked work horse must not talk on its parent's pooled connections."""
    global _pool_pid
    if _pool_pid != os.getpid():
        db.engine.dispose(close=False)
        _pool_pid = os.getpid()


def heartbeat() -> str:
    """A no-op job that proves a worker runs jobs inside the app context."""
    return f"ok:{current_app.name}"


@in_fresh_context
def sweep_outbox() -> int:
    """Recover stale claims, then queue enough send jobs for what is due; the number
    of send jobs queued.

    A send job claims its batch when it starts, not here: a claim made here would age
    in the queue, and behind a backlog longer than the lease it would be recovered and
    claimed again while its job still waited."""
    from app.services import outbox

    outbox.recover_stale()
    outbox.retry_unanswered()
    requeue_new_inbound()
    sweep_recordings()
    batch = int(current_app.config["OUTBOX_BATCH"])
    q = queue()
    wanted = -(-outbox.count_due() // batch) - q.count  # jobs still waiting will claim too
    for _ in range(max(wanted, 0)):
        q.enqueue(send_outbox)
    return max(wanted, 0)


@in_fresh_context
def send_outbox() -> dict[str, object]:
    """Claim a batch of due rows and send them; how many ended in each state, and the
    seconds each phase took ("phases": CPU and wall, read by bench/reminders.py)."""
    from app.services import outbox, outbox_sending

    phases = outbox_sending.Phases()
    with phases.timing("claim"):
        claims = outbox.claim_due(int(current_app.config["OUTBOX_BATCH"]))
    try:
        states: dict[str, object] = dict(outbox_sending.send_batch(claims, phases=phases))
    except Exception as exc:  # their claims run out: the rows are planned again or reconciled
        log.error("outbox batch of %d not finished: %s", len(claims), failure(exc))
        db.session.rollback()
        states = {"error": len(claims)}
    return states | {"phases": phases.as_dict()}


# A job id per row: a row whose job already waits or runs is not queued twice.
WAITING_JOB = frozenset({"created", "queued", "started", "deferred", "scheduled"})


@in_fresh_context
def interpret_inbound(message_id: str) -> str | None:
    """Read one client reply and apply the clinic's policy to it (services.replies): act
    on the sender's own session, answer, or forward it to a person."""
    from app.services import inbound

    return inbound.interpret_message(uuid.UUID(message_id))


def queue_interpretation(message_ids: Iterable[uuid.UUID]) -> int:
    """Queue `interpret_inbound` for each message (ids only: no text enters Redis). With
    Redis away the messages stay NEW and `requeue_new_inbound` picks them up later."""
    return _queue_once_each(interpret_inbound, "interpret-inbound", message_ids)


def _queue_once_each(
    job: Callable[[str], object], prefix: str, ids: Iterable[uuid.UUID], timeout: int = 180
) -> int:
    """Queue `job(id)` for each id not already waiting or running (one job id per row);
    how many were queued. Redis away is logged, not raised: the caller's rows stay in
    their waiting state and the periodic sweep queues them again."""
    config, queued = current_app.config, 0
    try:
        # Short timeouts: a webhook or a page calls this and must answer fast.
        connection = Redis.from_url(config["REDIS_URL"], socket_connect_timeout=2, socket_timeout=2)
        q = Queue(config["RQ_QUEUE"], connection=connection)
        for row_id in ids:
            job_id = f"{prefix}-{row_id}"
            existing = q.fetch_job(job_id)
            if existing is not None and existing.get_status(refresh=False) in WAITING_JOB:
                continue
            q.enqueue(job, str(row_id), job_id=job_id, job_timeout=timeout)
            queued += 1
    except RedisError as exc:
        log.warning("%s jobs not queued, the sweep will: %s", prefix, type(exc).__name__)
    return queued


def requeue_new_inbound() -> int:
    """Queue again the replies still unread a minute after they came (Redis was away
    when they came, or their job was lost)."""
    from app.services import inbound

    return queue_interpretation(inbound.waiting_messages(timedelta(minutes=1)))


@in_fresh_context
def transcribe_recording(recording_id: str) -> str:
    """Transcribe one finished recording into its note's draft; delete the audio."""
    from app.services import transcription

    return transcription.transcribe(uuid.UUID(recording_id))


def queue_transcription(recording_ids: Iterable[uuid.UUID]) -> int:
    """Queue `transcribe_recording` for each (ids only: no audio or text enters Redis).
    With Redis away the recordings stay QUEUED and the sweep queues them later."""
    return _queue_once_each(transcribe_recording, "transcribe", recording_ids, timeout=3600)


def sweep_recordings() -> None:
    """Delete audio past its clinic's limit; queue again recordings whose job was lost."""
    from app.services import recordings

    recordings.purge_expired()
    db.session.commit()
    queue_transcription(recordings.waiting_for_transcription(timedelta(minutes=2)))


@in_fresh_context
def run_retention() -> dict[str, object]:
    """The nightly run: shred clients whose retention period ended, purge old message
    bodies and audit rows (services.retention); the counts."""
    from app.services import retention

    return retention.run_nightly().as_dict()


def nightly_day(app: Flask, now: datetime) -> str | None:
    """The local date whose nightly run is due at `now`, or None before the hour."""
    local = now.astimezone(ZoneInfo(app.config["DEFAULT_CLINIC_TIMEZONE"]))
    if local.hour < int(app.config["RETENTION_HOUR"]):
        return None
    return local.date().isoformat()


def queue_nightly(app: Flask, connection: Redis, now: datetime) -> bool:
    """Queue today's retention run unless a keeper already did; True if this one did."""
    day = nightly_day(app, now)
    if day is None:
        return False
    key = NIGHTLY_KEY.format(queue=app.config["RQ_QUEUE"], day=day)
    if not connection.set(key, "1", nx=True, ex=NIGHTLY_KEY_TTL):
        return False
    queue(app).enqueue(run_retention, job_timeout=3600)
    return True


def keep_sweeping(app: Flask, stop: threading.Event) -> threading.Thread:
    """Start the keeper thread for one worker process."""

    def tick() -> None:
        period = int(app.config["OUTBOX_SWEEP_SECONDS"])
        while not stop.is_set():
            try:
                connection = redis_connection(app)
                key = SWEEP_KEY.format(queue=app.config["RQ_QUEUE"])
                if connection.set(key, "1", nx=True, ex=period):
                    queue(app).enqueue(sweep_outbox, job_timeout=600)
                queue_nightly(app, connection, (app.config.get("CLOCK") or system_now)())
            except RedisError as exc:  # Redis away: try again next period
                log.warning("outbox sweep not queued: %s", exc)
            stop.wait(period / 2)

    thread = threading.Thread(target=tick, name="outbox-keeper", daemon=True)
    thread.start()
    return thread
