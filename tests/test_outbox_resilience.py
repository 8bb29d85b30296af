"""The outbox under failure (issue 5): workers killed mid-send, Redis going away, and a
provider that throttles or hangs. Nothing may be lost and nothing sent twice: each
row's id is its client_ref, so the fake gateway can count both.

The first two tests run what production runs, on the real clock: `flask --app wsgi rq
worker` subprocesses, a real Redis, the fake Vonage gateway on loopback HTTPS with
automatic signed receipts, and the app itself serving those receipts over HTTP. They
use a SQLite file of their own (every process opens it) and take about 30 and 10 s."""

from __future__ import annotations

import collections
import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import PASSWORD, Browser
from flask import Flask
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue

from app import create_app
from app.crypto import MasterKeyRing
from app.extensions import db
from app.fakesms import FakeGateway, Hang, Status
from app.fakesms.model import FAKE_API_KEY, FAKE_API_SECRET, FAKE_SIGNATURE_SECRET
from app.models import (
    Appointment,
    AppointmentStatus,
    ConsentKind,
    ConsentMethod,
    MessageKind,
    OutboxMessage,
    OutboxState,
    Role,
)
from app.models.scoping import clinic_scope
from app.services import clients, clinics, consent, outbox, outbox_sending, users

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "test-secret-" + "x" * 40
DONE = (OutboxState.SENT, OutboxState.DELIVERED)
# Short enough to see several recoveries in a test, long enough for a send to finish.
FAST_OUTBOX = {"OUTBOX_LEASE_SECONDS": 3, "OUTBOX_SWEEP_SECONDS": 1}
# How long "eventually" may take: a bound, not a speed target (bench/reminders.py measures
# speed). CI runs these files beside another pytest worker on two cores (transcription,
# a 10,000-example fuzz run), and a worker restarted twenty times pays its start-up each time.
LIVENESS_SECONDS = 150


def _redis_url() -> str:
    url = os.environ.get("SEANS_TEST_REDIS_URL")
    if not url:
        if os.environ.get("SEANS_REQUIRE_SERVICES"):
            pytest.fail("SEANS_TEST_REDIS_URL is not set")
        pytest.skip("no Redis: set SEANS_TEST_REDIS_URL (./scripts/test does)")
    return url


# --------------------------------------------------------------------------
# A site: the app on a SQLite file, the fake gateway, and the app serving receipts


@dataclass
class Site:
    app: Flask
    folder: Path
    queue: str
    gateway: FakeGateway | None = None
    public_url: str = "http://127.0.0.1:9"

    def worker_env(self, redis_url: str, **settings: object) -> dict[str, str]:
        """What a `flask --app wsgi` subprocess needs to be this site (SEANS_* settings)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("SEANS_")}
        env.pop("DATABASE_URL", None)
        env.update(
            SEANS_INSTANCE_PATH=self.app.instance_path,
            SEANS_SQLALCHEMY_DATABASE_URI=self.app.config["SQLALCHEMY_DATABASE_URI"],
            SEANS_SECRET_KEY=SECRET_KEY,
            SEANS_REDIS_URL=redis_url,
            SEANS_RQ_QUEUE=self.queue,
            SEANS_PUBLIC_URL=self.public_url,
            SEANS_VONAGE_API_KEY=FAKE_API_KEY,
            SEANS_VONAGE_API_SECRET=FAKE_API_SECRET,
            SEANS_VONAGE_SIGNATURE_SECRET=FAKE_SIGNATURE_SECRET,
        )
        if self.gateway is not None:
            env["SEANS_VONAGE_REST_HOST"] = self.gateway.rest_host
            env["SEANS_VONAGE_CA_BUNDLE"] = str(self.gateway.cert_path)
        env.update({f"SEANS_{name}": str(value) for name, value in settings.items()})
        return env


@pytest.fixture
def site(sqlite_template: Path, tmp_path: Path) -> Iterator[Site]:
    target = tmp_path / "seans.db"
    shutil.copy(sqlite_template, target)
    instance = tmp_path / "instance"
    MasterKeyRing.generate(instance / "keys" / "master.json")
    config = {
        "TESTING": True,
        "SECRET_KEY": SECRET_KEY,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{target}",
        "ARGON2_PROFILE": "cheapest",
        "SESSION_COOKIE_SECURE": False,
        "MASTER_KEYS": None,
        "SERVER_NAME": None,
        # Flask's test client names localhost; the gateway posts receipts to 127.0.0.1.
        "TRUSTED_HOSTS": ["localhost", "127.0.0.1"],
        "VONAGE_API_KEY": FAKE_API_KEY,
        "VONAGE_API_SECRET": FAKE_API_SECRET,
        "VONAGE_SIGNATURE_SECRET": FAKE_SIGNATURE_SECRET,
    }
    app = create_app(config, instance_path=str(instance))
    yield Site(app, tmp_path, f"test-resilience-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@contextlib.contextmanager
def serving(app: Flask) -> Iterator[str]:
    """The app on a loopback port, so that the gateway's receipts arrive over HTTP."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    server.daemon_threads = False  # server_close() joins the request threads
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextlib.contextmanager
def gateway_and_receipts(site: Site, receipt_delay: float | None) -> Iterator[FakeGateway]:
    with serving(site.app) as url:
        site.public_url = url
        site.app.config["PUBLIC_URL"] = url
        fake = FakeGateway(site.folder / "fake", webhook_base=url, receipt_delay=receipt_delay)
        with fake:
            site.gateway = fake
            yield fake


class WorkerProcess:
    """`flask --app wsgi rq worker` in a process group of its own, with its work horses."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "wsgi", "rq", "worker"],
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        """SIGKILL the worker and its work horse, as a crash or an OOM kill would. A
        horse leads a process group of its own (RQ calls setpgrp), so the worker is
        stopped first (it can fork no other) and its children are found by their parent."""
        pid = self.proc.pid
        self._signal(signal.SIGSTOP)
        deadline = time.monotonic() + 5
        while _stat(pid)[0] not in "TtZX" and time.monotonic() < deadline:
            time.sleep(0.005)
        for child in _children(pid):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child, signal.SIGKILL)
        self._signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self._signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()

    def _signal(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signum)

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]


def _stat(pid: int) -> list[str]:
    """/proc/PID/stat after the command name: state, ppid, pgrp, ..."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return ["X"]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and _stat(int(entry.name))[1:2] == [str(pid)]:
            found.append(int(entry.name))
    return found


def forget_queue(redis_url: str, name: str) -> None:
    """Remove the queue, its jobs and registries from a Redis other tests share."""
    connection = Redis.from_url(redis_url)
    try:
        q = Queue(name, connection=connection)
        registries = (
            q.started_job_registry,
            q.finished_job_registry,
            q.failed_job_registry,
            q.deferred_job_registry,
            q.scheduled_job_registry,
            q.canceled_job_registry,
        )
        job_ids = set(q.get_job_ids())
        for registry in registries:
            job_ids.update(registry.get_job_ids())
        for job_id in job_ids:
            connection.delete(f"rq:job:{job_id}", f"rq:results:{job_id}")
        for key in connection.scan_iter(match=f"*{name}*"):
            connection.delete(key)
    finally:
        connection.close()


def wait_for(
    check: Callable[[], bool], seconds: float, what: str, where: Callable[[], str] = str
) -> float:
    """Poll until `check()`; the seconds it took. `where()` says how far things got."""
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > seconds:
            pytest.fail(f"not within {seconds} s: {what}; {where()}")
        time.sleep(0.2)
    return time.monotonic() - started


# --------------------------------------------------------------------------
# The clinic and its due reminders


@dataclass
class Practice:
    id: uuid.UUID
    therapist_id: uuid.UUID
    receptionist_email: str
    client_ids: list[uuid.UUID]


def textable_clinic(app: Flask, people: int) -> Practice:
    """A clinic without quiet hours (tests run at any hour), a therapist, a receptionist
    and clients who gave SMS consent."""
    with app.app_context():
        clinic = clinics.create_clinic("Dayanıklı Terapi", "dayanikli")
        clinic.quiet_start_minute = clinic.quiet_end_minute = 0
        with clinic_scope(clinic.id):
            therapist = users.create_user(
                clinic.id, "t@dayanikli.test", "Ayşe Yılmaz", PASSWORD, Role.THERAPIST
            )
            users.create_user(
                clinic.id, "desk@dayanikli.test", "Zeynep Çelik", PASSWORD, Role.RECEPTIONIST
            )
            ids = []
            for n in range(people):
                client = clients.create_client(clinic.id, f"Elif Kaya {n}", f"0532 300 {n:04d}")
                consent.record_consent(
                    client, ConsentKind.SMS, ConsentMethod.PAPER, recorded_by=therapist
                )
                ids.append(client.id)
        db.session.commit()
        return Practice(clinic.id, therapist.id, "desk@dayanikli.test", ids)


def plan_reminders(
    app: Flask, clinic: Practice, count: int, first_due: datetime, spread: timedelta
) -> list[uuid.UUID]:
    """`count` sessions two days on, each with one planned reminder; the reminders fall
    due one after another over `spread` (bulk inserts of what booking writes)."""
    start = (first_due + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    sessions, rows = [], []
    for n in range(count):
        at = start + timedelta(hours=n)
        session_id, client_id = uuid.uuid4(), clinic.client_ids[n % len(clinic.client_ids)]
        sessions.append(
            {
                "id": session_id,
                "clinic_id": clinic.id,
                "therapist_id": clinic.therapist_id,
                "client_id": client_id,
                "start_at": at,
                "end_at": at + timedelta(minutes=50),
                "blocked_until": at + timedelta(minutes=60),
                "session_type": "individual",
                "status": AppointmentStatus.BOOKED,
                "outside_hours": True,
            }
        )
        rows.append(
            {
                "id": uuid.uuid4(),
                "clinic_id": clinic.id,
                "client_id": client_id,
                "appointment_id": session_id,
                "kind": MessageKind.REMINDER_FIRST,
                "for_start": at,
                "due_at": first_due + spread * n / max(count - 1, 1),
                "state": OutboxState.PLANNED,
                "attempts": 0,
                "created_at": first_due,
                "updated_at": first_due,
            }
        )
    with app.app_context():
        db.session.execute(sa.insert(Appointment), sessions)
        db.session.execute(sa.insert(OutboxMessage), rows)
        db.session.commit()
    return [row["id"] for row in rows]


def outbox_rows(app: Flask) -> list[OutboxMessage]:
    with app.app_context():
        rows = db.session.scalars(
            sa.select(OutboxMessage).execution_options(all_clinics=True)
        ).all()
        db.session.expunge_all()
        db.session.remove()
        return list(rows)


def all_done(app: Flask, ids: list[uuid.UUID]) -> bool:
    states = {row.id: row.state for row in outbox_rows(app)}
    return all(states[i] in DONE for i in ids)


def states_now(app: Flask) -> str:
    """The outbox rows counted by state, e.g. "delivered 480, unknown 20"."""
    counts = collections.Counter(row.state.value for row in outbox_rows(app))
    return ", ".join(f"{state} {n}" for state, n in sorted(counts.items()))


def tally(gateway: FakeGateway, ids: list[uuid.UUID]) -> tuple[list[str], list[str]]:
    """(lost, doubled): rows the gateway never got, and rows it got more than once."""
    refs = collections.Counter(m.client_ref for m in gateway.messages())
    lost = [str(i) for i in ids if refs[str(i)] == 0]
    doubled = [ref for ref, n in refs.items() if n > 1]
    return lost, doubled


# --------------------------------------------------------------------------
# 1. Workers killed at random moments


KILLS = 20
REMINDERS = 500


def test_workers_killed_at_random_moments_lose_nothing_and_double_nothing(site, capsys):
    redis_url = _redis_url()
    seed = int(os.environ.get("SEANS_CRASH_SEED") or random.randrange(10**6))
    rng = random.Random(seed)
    clinic = textable_clinic(site.app, people=25)
    # All due at once: whenever a worker is up it is sending, so most kills land mid-batch.
    ids = plan_reminders(site.app, clinic, REMINDERS, datetime.now(UTC), timedelta(0))
    worker = None
    try:
        with gateway_and_receipts(site, receipt_delay=0.2) as gateway:
            env = site.worker_env(redis_url, **FAST_OUTBOX, OUTBOX_UNKNOWN_GRACE_SECONDS=10)
            worker = WorkerProcess(env, site.folder / "worker.log")
            worker.start()
            for _ in range(KILLS):
                time.sleep(rng.uniform(0.7, 2.2))  # start-up, sweeping or mid-send
                worker.kill()
                worker.start()
            settled = wait_for(
                lambda: all_done(site.app, ids),
                LIVENESS_SECONDS,
                f"every reminder sent (seed {seed}); worker log:\n{worker.tail()}",
                lambda: f"rows now: {states_now(site.app)}",
            )
            worker.stop()
            time.sleep(0.5)  # receipts still on their way
        lost, doubled = tally(gateway, ids)
    finally:
        if worker is not None:
            worker.stop()
        forget_queue(redis_url, site.queue)
    rows = outbox_rows(site.app)
    # Receipts alone say what happened to these: their worker died before it could.
    reconciled = sum(1 for r in rows if r.state is OutboxState.DELIVERED and r.parts is None)
    recovered = sum(1 for r in rows if r.attempts > 1)
    with capsys.disabled():
        print(
            f"\n[crash] {REMINDERS} reminders, {KILLS} kills: {len(lost)} lost, "
            f"{len(doubled)} duplicated, {reconciled} reconciled from receipts, "
            f"{recovered} claimed again after a kill, all sent {settled:.0f} s after the last "
            f"restart (seed {seed})"
        )
    assert (lost, doubled) == ([], []), f"seed {seed}"


# --------------------------------------------------------------------------
# 2. Redis away for a while


@contextlib.contextmanager
def private_redis() -> Iterator[tuple[str, Callable[[], None], Callable[[], None]]]:
    """A redis-server of this test's own on a unix socket: (url, start, stop)."""
    # A short folder: a unix socket path must stay under 104 characters.
    folder = Path(tempfile.mkdtemp(prefix="seans-redis-", dir="/tmp"))
    socket = folder / "redis.sock"
    server: list[subprocess.Popen] = []

    def start() -> None:
        server.append(
            subprocess.Popen(
                ["redis-server", "--port", "0", "--unixsocket", str(socket)]
                + ["--unixsocketperm", "700", "--save", "", "--appendonly", "no"]
                + ["--dir", str(folder), "--logfile", str(folder / "redis.log")],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
            )
        )
        wait_for(_answers, 10, "redis-server to answer")

    def _answers() -> bool:
        connection = Redis(unix_socket_path=str(socket))
        try:
            return bool(connection.ping())
        except RedisError:
            return False
        finally:
            connection.close()

    def stop() -> None:
        proc = server.pop()
        proc.terminate()
        proc.wait(timeout=10)

    try:
        yield f"unix://{socket}", start, stop
    finally:
        while server:
            stop()
        shutil.rmtree(folder, ignore_errors=True)


REDIS_DOWN_SECONDS = 6
BOOKINGS = 10


def _book(browser: Browser, clinic: Practice, client_id: uuid.UUID, day: datetime, hour: int):
    return browser.post(
        "/appointments/",
        {
            "therapist_id": str(clinic.therapist_id),
            "client_id": str(client_id),
            "session_type": "individual",
            "date": day.date().isoformat(),
            "time": f"{hour:02d}:00",
            "duration": "50",
            "repeat": "0",
            "override_hours": "y",
        },
    )


def test_with_redis_away_booking_works_and_its_messages_go_when_it_returns(site, capsys):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    clinic = textable_clinic(site.app, people=BOOKINGS + 1)
    browser = Browser(site.app.test_client())
    assert browser.login(clinic.receptionist_email).status_code in (302, 303)
    day = datetime.now(UTC) + timedelta(days=3)
    worker = None
    with private_redis() as (redis_url, start_redis, stop_redis):
        start_redis()
        try:
            with gateway_and_receipts(site, receipt_delay=None) as gateway:
                env = site.worker_env(redis_url, **FAST_OUTBOX)
                worker = WorkerProcess(env, site.folder / "worker.log")
                worker.start()
                assert _book(browser, clinic, clinic.client_ids[0], day, 9).status_code < 400
                wait_for(lambda: len(gateway.messages()) == 1, 30, "the first confirmation")

                stop_redis()
                down = time.monotonic()
                answers = [
                    _book(browser, clinic, client_id, day, 10 + n).status_code
                    for n, client_id in enumerate(clinic.client_ids[1:])
                ]
                time.sleep(max(0.0, REDIS_DOWN_SECONDS - (time.monotonic() - down)))
                assert len(gateway.messages()) == 1  # nothing could be queued meanwhile
                start_redis()
                away = time.monotonic() - down
                took = wait_for(
                    lambda: len(gateway.messages()) == 1 + BOOKINGS,
                    LIVENESS_SECONDS,
                    f"the confirmations booked while Redis was away; worker:\n{worker.tail()}",
                )
                worker.stop()
                notices = [
                    r.id for r in outbox_rows(site.app) if r.kind is MessageKind.CONFIRMATION
                ]
                lost, doubled = tally(gateway, notices)
        finally:
            if worker is not None:
                worker.stop()
    errors = sum(1 for status in answers if status >= 500)
    with capsys.disabled():
        print(
            f"\n[redis-down] Redis away {away:.1f} s: {BOOKINGS} bookings, {errors} server "
            f"errors; their {BOOKINGS} confirmations sent {took:.1f} s after Redis came back"
        )
    assert errors == 0 and all(status < 400 for status in answers), answers
    assert (lost, doubled) == ([], [])


def test_a_worker_whose_redis_vanishes_mid_job_serves_again_when_it_returns(site):
    """RQ retries a lost connection only while it waits for a job; lost during a job's
    bookkeeping, RQ's loop quits. The job here stops Redis from inside the work horse,
    so the connection is lost at exactly that moment, every run."""
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    with private_redis() as (redis_url, start_redis, _stop_redis):
        start_redis()
        connection = Redis.from_url(redis_url)
        worker = WorkerProcess(site.worker_env(redis_url), site.folder / "worker.log")
        worker.start()
        try:
            q = Queue(site.queue, connection=connection)
            q.enqueue(os.kill, int(connection.info()["process_id"]), signal.SIGTERM)
            wait_for(lambda: not _answers(connection), 60, "the job to stop Redis")
            time.sleep(3)  # the worker meets the closed connection after the job
            start_redis()
            job = Queue(site.queue, connection=connection).enqueue(os.getpid)
            wait_for(
                lambda: job.get_status(refresh=True) == "finished",
                LIVENESS_SECONDS,
                f"a job queued after Redis came back; worker:\n{worker.tail()}",
            )
            assert worker.proc.poll() is None
        finally:
            worker.stop()
            connection.close()


def _answers(connection: Redis) -> bool:
    try:
        return bool(connection.ping())
    except RedisError:
        return False


# --------------------------------------------------------------------------
# 3. The provider throttles, then hangs (in-process, on a clock the test moves)


def _sweep(app: Flask) -> collections.Counter:
    """What one sweep and its send jobs do, without Redis in between."""
    states: collections.Counter = collections.Counter()
    with app.app_context():
        outbox.recover_stale()
        outbox.retry_unanswered()
        while claims := outbox.claim_due(50):
            states.update(str(outbox_sending.send_claimed(claim)) for claim in claims)
    return states


def test_a_throttling_then_hanging_provider_gets_every_message_once(app, clock, tmp_path, capsys):
    batch = 50
    clinic = textable_clinic(app, people=10)
    ids = plan_reminders(app, clinic, batch, clock(), timedelta(0))
    with FakeGateway(tmp_path / "fake", receipt_delay=None, clock=clock) as gateway:
        app.config.update(
            VONAGE_REST_HOST=gateway.rest_host,
            VONAGE_CA_BUNDLE=str(gateway.cert_path),
            VONAGE_API_KEY=FAKE_API_KEY,
            VONAGE_API_SECRET=FAKE_API_SECRET,
            VONAGE_SIGNATURE_SECRET=FAKE_SIGNATURE_SECRET,
            VONAGE_TIMEOUT=0.3,
        )
        gateway.script(Status("1"), times=batch)  # throttled: all of them
        first = _sweep(app)
        assert first == {"planned": batch} and not gateway.messages()
        backoff = sorted((r.due_at - clock()).total_seconds() for r in outbox_rows(app))
        assert 24 <= backoff[0] and backoff[-1] <= 36  # 30 s, spread ±20 %
        assert _sweep(app) == {}  # nothing retried before its time

        clock.advance(seconds=40)
        gateway.script(Hang(1.0), times=5)  # then it takes five but never answers
        gateway.script(Status("1"), times=20)  # and throttles twenty more
        second = _sweep(app)
        assert second == {"unknown": 5, "planned": 20, "sent": batch - 25}
        retry = [r for r in outbox_rows(app) if r.state is OutboxState.PLANNED]
        assert all(48 <= (r.due_at - clock()).total_seconds() <= 72 for r in retry)  # doubled

        clock.advance(minutes=2)  # recovered; the hung five are not resent blindly
        third = _sweep(app)
        assert third == {"sent": 20}
        unknown = {str(r.id) for r in outbox_rows(app) if r.state is OutboxState.UNKNOWN}
        with app.test_client() as http:  # their receipts come
            for message in gateway.messages():
                if message.client_ref in unknown:
                    params = gateway.receipt(message.message_ids[0])
                    assert http.post("/webhooks/vonage/status", data=params).status_code == 204
        clock.advance(hours=1)  # well past the grace: nothing left to resend
        assert _sweep(app) == {}
        lost, doubled = tally(gateway, ids)
    rows = outbox_rows(app)
    assert all(r.state in DONE for r in rows)
    with capsys.disabled():
        print(
            f"\n[retries] {batch} messages: {batch} throttled, then 5 hung and 20 throttled "
            f"again; all {batch} sent after recovery, {len(lost)} lost, {len(doubled)} "
            f"duplicated; backoff {backoff[0]:.0f}-{backoff[-1]:.0f} s, then doubled"
        )
    assert (lost, doubled) == ([], [])
