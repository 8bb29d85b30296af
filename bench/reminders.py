#!/usr/bin/env python
"""Reminders benchmark: 10,000 due reminders sent through the fake Vonage gateway by
two RQ workers, timed from due to sent (target: all sent within 60 s).

    .venv/bin/python bench/reminders.py [--messages 10000] [--workers 2]
        [--backend sqlite|postgresql] [--batch N] [--receipt-delay 1]
        [--sweep-seconds 10] [--keep]

It runs what production runs, each in its own process, on loopback: a private Redis
(scripts/lib.sh start_redis), a migrated SQLite file (or a scratch PostgreSQL
database, as bench/calendar.py makes one), `flask sms fake-gateway` (HTTPS,
automatic signed delivery receipts), the app serving the receipts webhook (werkzeug,
threaded, in this process) and N `flask --app wsgi rq worker` subprocesses with their
keeper threads. The rows are made due all at once; the report gives messages/s,
p50/p95 due→sent latency, the total wall time, the CPU each part used while sending
(a worker's start-up apart), where a send job's time went per message (claim,
compose, intent commit, HTTP send, outcome commit: CPU and wall, from the jobs'
results), checks that the gateway got each row exactly once, and counts the delivery
receipts the app failed (answered non-2xx, or not within the gateway's 5 s timeout).

A report, not a test: it exits 0 even when the target is missed. See bench/README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path, and bench/calendar.py
# would shadow the standard library module of that name; drop it before importing more.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
ROOT = _HERE.parent
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import collections  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402

import sqlalchemy as sa  # noqa: E402

TARGET_S = 60.0
CLIENTS = 50
SECRET_KEY = "bench-secret-" + "x" * 40
QUEUE = "bench-reminders"


def progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _lib_sh(command: str) -> str:
    script = f'source "{ROOT}/scripts/lib.sh"; {command}'
    done = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"scripts/lib.sh {command.split()[0]} failed")
    return done.stdout


@contextlib.contextmanager
def private_redis(workdir: Path) -> Iterator[str]:
    folder = workdir / "redis"
    _lib_sh(f"start_redis {folder}")
    try:
        yield f"unix://{folder}/redis.sock"
    finally:
        _lib_sh(f"stop_redis {folder}")


def _psycopg_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@contextlib.contextmanager
def database(backend: str, workdir: Path) -> Iterator[str]:
    """A SQLite file, or a scratch PostgreSQL database on SEANS_BENCH_PG_URL's server
    (else a throwaway cluster from scripts/lib.sh start_postgres), dropped at the end."""
    if backend == "sqlite":
        yield f"sqlite:///{workdir / 'seans.db'}"
        return
    given = os.environ.get("SEANS_BENCH_PG_URL")
    cluster = workdir / "pg"
    if given:
        server_url = _psycopg_url(given)
    else:
        progress("starting a throwaway PostgreSQL cluster (scripts/lib.sh start_postgres)")
        cluster.mkdir(parents=True)
        os.chmod(workdir, 0o755)  # the postgres user must reach the cluster folder
        server_url = _lib_sh(f"start_postgres {cluster}").strip().splitlines()[-1]
    name = f"seans_bench_{os.getpid()}"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        try:
            url = sa.engine.make_url(server_url).set(database=name)
            yield url.render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
        if not given:
            _lib_sh(f"stop_postgres {cluster}")


# --------------------------------------------------------------------------
# The clinic and its due reminders


def make_app(url: str, instance: Path):
    from app import create_app
    from app.crypto import MasterKeyRing

    MasterKeyRing.generate(instance / "keys" / "master.json")
    config = {
        "SECRET_KEY": SECRET_KEY,
        "SQLALCHEMY_DATABASE_URI": url,
        "ARGON2_PROFILE": "cheapest",
        "MASTER_KEYS": None,
    }
    return create_app(config, instance_path=str(instance))


def build(app, messages: int) -> None:
    """A clinic without quiet hours, textable clients, and one planned reminder per
    session (bulk Core inserts of what booking writes), not yet due."""
    from flask_migrate import upgrade

    from app.extensions import db
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
    from app.services import clients, clinics, consent, users

    with app.app_context():
        upgrade()
        clinic = clinics.create_clinic("Bench Terapi", "bench", address="Moda Cad. 12")
        clinic.quiet_start_minute = clinic.quiet_end_minute = 0  # the bench may run at night
        with clinic_scope(clinic.id):
            therapist = users.create_user(
                clinic.id, "t@bench.test", "Ayşe Yılmaz", "bench password 1234", Role.THERAPIST
            )
            people = []
            for i in range(CLIENTS):
                person = clients.create_client(clinic.id, f"Elif Kaya {i}", f"0532 200 {i:04d}")
                consent.record_consent(
                    person, ConsentKind.SMS, ConsentMethod.PAPER, recorded_by=therapist
                )
                people.append(person.id)
            now = datetime.now(UTC)
            first = now.replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
            later = now + timedelta(days=365)
            sessions, rows = [], []
            for i in range(messages):
                start = first + timedelta(hours=i)
                session_id = uuid.uuid4()
                sessions.append(
                    {
                        "id": session_id,
                        "clinic_id": clinic.id,
                        "therapist_id": therapist.id,
                        "client_id": people[i % CLIENTS],
                        "start_at": start,
                        "end_at": start + timedelta(minutes=50),
                        "blocked_until": start + timedelta(minutes=60),
                        "session_type": "individual",
                        "status": AppointmentStatus.BOOKED,
                        "outside_hours": True,
                    }
                )
                rows.append(
                    {
                        "id": uuid.uuid4(),
                        "clinic_id": clinic.id,
                        "client_id": people[i % CLIENTS],
                        "appointment_id": session_id,
                        "kind": MessageKind.REMINDER_FIRST,
                        "for_start": start,
                        "due_at": later,
                        "state": OutboxState.PLANNED,
                        "attempts": 0,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            for at in range(0, messages, 5_000):
                db.session.execute(sa.insert(Appointment), sessions[at : at + 5_000])
                db.session.execute(sa.insert(OutboxMessage), rows[at : at + 5_000])
        db.session.commit()


# --------------------------------------------------------------------------
# The moving parts: each a process of its own, as in production


class Answers:
    """Counts the app's answers to delivery receipts by status code (WSGI middleware)."""

    def __init__(self, app) -> None:
        self.app, self.codes, self._lock = app, collections.Counter(), threading.Lock()

    def __call__(self, environ, start_response):
        if not environ.get("PATH_INFO", "").endswith("/webhooks/vonage/status"):
            return self.app(environ, start_response)

        def counted(status, headers, exc_info=None):
            with self._lock:
                self.codes[int(status.split()[0])] += 1
            return start_response(status, headers, exc_info)

        return self.app(environ, counted)

    def failed(self) -> int:
        return sum(n for code, n in self.codes.items() if not 200 <= code < 300)


@contextlib.contextmanager
def receipts_server(app, answers: Answers) -> Iterator[str]:
    """The app itself, serving /webhooks/vonage/status on a loopback port."""
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per receipt
    server = make_server("127.0.0.1", 0, answers, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="receipts", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def base_env(app, redis_url: str) -> dict[str, str]:
    """The environment `flask --app wsgi ...` needs to be this app (SEANS_* settings)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEANS_")}
    env.pop("DATABASE_URL", None)
    env.update(
        SEANS_INSTANCE_PATH=app.instance_path,
        SEANS_SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        SEANS_SECRET_KEY=SECRET_KEY,
        SEANS_REDIS_URL=redis_url,
        SEANS_RQ_QUEUE=QUEUE,
        SEANS_PUBLIC_URL=app.config["PUBLIC_URL"],
    )
    return env


def spawn(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(
            [str(ROOT / ".venv/bin/flask"), "--app", "wsgi", *args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: a worker's work horses go with it
        )


def stop(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@contextlib.contextmanager
def fake_gateway(
    env: dict[str, str], workdir: Path, receipt_delay: float
) -> Iterator[tuple[str, int]]:
    """`flask sms fake-gateway` on a free port; yields its REST host and pid."""
    log = workdir / "fake-gateway.log"
    folder = workdir / "fake-sms"
    proc = spawn(
        [
            "sms",
            "fake-gateway",
            "--port",
            "0",
            "--dir",
            str(folder),
            "--webhook-base",
            env["SEANS_PUBLIC_URL"],
            "--receipt-delay",
            str(receipt_delay),
        ],
        env,
        log,
    )
    try:
        deadline = time.monotonic() + 30
        while not (found := re.search(r"SEANS_VONAGE_REST_HOST=(\S+)", log.read_text())):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the fake gateway did not start; see {log}")
            time.sleep(0.1)
        yield found.group(1), proc.pid
    finally:
        stop([proc])


@contextlib.contextmanager
def workers(count: int, env: dict[str, str], workdir: Path) -> Iterator[list[subprocess.Popen]]:
    procs = []
    try:
        for n in range(count):
            procs.append(spawn(["rq", "worker"], env, workdir / f"worker-{n}.log"))
        yield procs
    finally:
        stop(procs)


def wait_for_workers(redis_url: str, count: int, procs: list[subprocess.Popen]) -> None:
    from redis import Redis
    from rq import Queue, Worker

    connection = Redis.from_url(redis_url)
    q = Queue(QUEUE, connection=connection)
    deadline = time.monotonic() + 60
    while Worker.count(queue=q) < count:
        if any(p.poll() is not None for p in procs):
            raise SystemExit("a worker exited at once; see its log")
        if time.monotonic() > deadline:
            raise SystemExit("the workers did not register within 60 s")
        time.sleep(0.1)
    connection.close()


def receipts_not_taken(workdir: Path) -> int:
    """Receipts the fake gateway could not deliver (non-2xx, timed out, refused)."""
    log = workdir / "fake-gateway.log"
    return log.read_text(errors="replace").count(" not delivered: ") if log.exists() else 0


def receipts_due(workdir: Path) -> int:
    """Receipts the gateway will post: one per message part it accepted."""
    log = workdir / "fake-sms" / "sent.jsonl"
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return sum(len(json.loads(line)["message_ids"]) for line in lines)


def send_job_phases(redis_url: str) -> tuple[int, dict[str, dict[str, float]]]:
    """Rows sent and the seconds per phase summed over the finished send jobs' results."""
    from redis import Redis
    from rq import Queue
    from rq.job import Job

    connection = Redis.from_url(redis_url)
    q = Queue(QUEUE, connection=connection)
    rows, total = 0, {"cpu": collections.Counter(), "wall": collections.Counter()}
    ids = q.finished_job_registry.get_job_ids()
    for job in Job.fetch_many(ids, connection=connection):
        result = job.return_value() if job is not None else None
        if not isinstance(result, dict) or "phases" not in result:
            continue
        rows += sum(n for key, n in result.items() if key != "phases")
        for kind in ("cpu", "wall"):
            total[kind].update(result["phases"].get(kind, {}))
    connection.close()
    return rows, {kind: dict(seconds) for kind, seconds in total.items()}


def cpu_seconds(pid: int) -> float:
    """CPU used by a process and its reaped children (a worker's work horses)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------------
# Measuring


@dataclass
class Outcome:
    wall: float
    latencies: list[float]
    states: dict[str, int]
    gateway_refs: collections.Counter
    delivered_after: float | None
    cpu: dict[str, float]
    startup_cpu: float
    receipts: dict[str, int]
    phases: tuple[int, dict[str, dict[str, float]]]


def make_due(app) -> datetime:
    from app.extensions import db
    from app.models import OutboxMessage

    with app.app_context():
        now = datetime.now(UTC)
        db.session.execute(
            sa.update(OutboxMessage)
            .values(due_at=now)
            .execution_options(synchronize_session=False, all_clinics=True)
        )
        db.session.commit()
        db.session.remove()
    return now


def counts(app) -> dict[str, int]:
    from app.extensions import db
    from app.models import OutboxMessage

    with app.app_context():
        rows = db.session.execute(
            sa.select(OutboxMessage.state, sa.func.count())
            .group_by(OutboxMessage.state)
            .execution_options(all_clinics=True)
        ).all()
        db.session.remove()
    return {state.value: n for state, n in rows}


def latencies(app) -> list[float]:
    from app.extensions import db
    from app.models import OutboxMessage

    with app.app_context():
        rows = db.session.execute(
            sa.select(OutboxMessage.due_at, OutboxMessage.sent_at)
            .where(OutboxMessage.sent_at.is_not(None))
            .execution_options(all_clinics=True)
        ).all()
        db.session.remove()
    return sorted((sent - due).total_seconds() for due, sent in rows)


def gateway_refs(workdir: Path) -> collections.Counter:
    """How often the gateway accepted each client_ref (its sent.jsonl)."""
    log = workdir / "fake-sms" / "sent.jsonl"
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return collections.Counter(json.loads(line)["client_ref"] for line in lines)


def wait_until_sent(app, args: argparse.Namespace, started: float) -> None:
    last = -1
    while True:
        now = counts(app)
        done = now.get("sent", 0) + now.get("delivered", 0)
        if done // 1000 != last // 1000 or done == args.messages:
            progress(f"{done:,} sent ({time.monotonic() - started:.0f} s)")
        last = done
        if done + now.get("failed", 0) + now.get("cancelled", 0) >= args.messages:
            return
        if time.monotonic() - started > args.give_up:
            progress(f"giving up after {args.give_up:g} s")
            return
        time.sleep(0.25)


def run(args: argparse.Namespace, url: str, workdir: Path) -> Outcome:
    from app.extensions import db
    from app.fakesms.model import FAKE_API_KEY, FAKE_API_SECRET, FAKE_SIGNATURE_SECRET

    app = make_app(url, workdir / "instance")
    app.config.update(
        VONAGE_API_KEY=FAKE_API_KEY,
        VONAGE_API_SECRET=FAKE_API_SECRET,
        VONAGE_SIGNATURE_SECRET=FAKE_SIGNATURE_SECRET,
    )
    progress(f"building {args.messages:,} planned reminders ({args.backend})")
    build(app, args.messages)
    answers = Answers(app)
    with private_redis(workdir) as redis_url, receipts_server(app, answers) as public_url:
        app.config["PUBLIC_URL"] = public_url
        env = base_env(app, redis_url)
        with fake_gateway(env, workdir, args.receipt_delay) as (rest_host, gateway_pid):
            env |= {
                "SEANS_VONAGE_API_KEY": FAKE_API_KEY,
                "SEANS_VONAGE_API_SECRET": FAKE_API_SECRET,
                "SEANS_VONAGE_SIGNATURE_SECRET": FAKE_SIGNATURE_SECRET,
                "SEANS_VONAGE_REST_HOST": rest_host,
                "SEANS_VONAGE_CA_BUNDLE": str(workdir / "fake-sms" / "cert.pem"),
                "SEANS_OUTBOX_SWEEP_SECONDS": str(args.sweep_seconds),
            }
            if args.batch:
                env["SEANS_OUTBOX_BATCH"] = str(args.batch)
            with workers(args.workers, env, workdir) as procs:
                wait_for_workers(redis_url, args.workers, procs)
                progress(f"{args.workers} workers up; every reminder is due now")
                cpu_before = os.times()
                startup = {p.pid: cpu_seconds(p.pid) for p in procs}
                gateway_before = cpu_seconds(gateway_pid)
                due = make_due(app)
                started = time.monotonic()
                wait_until_sent(app, args, started)
                lat = latencies(app)
                cpu = {
                    "workers": sum(cpu_seconds(p.pid) - startup[p.pid] for p in procs),
                    "gateway": cpu_seconds(gateway_pid) - gateway_before,
                    "bench and receipts": sum(os.times()[:2]) - sum(cpu_before[:2]),
                }
                phases = send_job_phases(redis_url)
                delivered_after = None
                # Until every receipt the gateway owes was taken or refused (or give-up).
                while args.receipt_delay >= 0 and time.monotonic() - started < args.give_up:
                    if counts(app).get("delivered", 0) >= args.messages:
                        delivered_after = (datetime.now(UTC) - due).total_seconds()
                        break
                    taken = sum(n for c, n in answers.codes.items() if 200 <= c < 300)
                    if taken + receipts_not_taken(workdir) >= receipts_due(workdir):
                        break  # some failed: the rows they named stay `sent`
                    time.sleep(0.5)
                time.sleep(1)  # answers to receipts still in flight
        states = counts(app)
        receipts = {
            "posted": receipts_due(workdir) if args.receipt_delay >= 0 else 0,
            "answered 2xx": sum(n for c, n in answers.codes.items() if 200 <= c < 300),
            "answered non-2xx": answers.failed(),
            "not taken": receipts_not_taken(workdir),
        }
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    wall = max(lat) if lat else float("nan")
    return Outcome(
        wall,
        lat,
        states,
        gateway_refs(workdir),
        delivered_after,
        cpu,
        sum(startup.values()),
        receipts,
        phases,
    )


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(share * len(values)))]


def report(outcome: Outcome, args: argparse.Namespace, load: tuple[float, float]) -> None:
    sent = len(outcome.latencies)
    doubled = sum(1 for n in outcome.gateway_refs.values() if n > 1)
    rate = sent / outcome.wall if outcome.wall else 0.0
    verdict = "PASS" if sent == args.messages and outcome.wall < TARGET_S else "MISS"
    receipts = f"receipts after {args.receipt_delay:g} s" if args.receipt_delay >= 0 else "none"
    print()
    print(
        f"Seans reminders benchmark: {args.messages:,} due reminders, {args.workers} RQ "
        f"workers (OUTBOX_BATCH {args.batch or 'default'}, sweep every {args.sweep_seconds} s), "
        f"{args.backend}, fake Vonage gateway on loopback HTTPS ({receipts})"
    )
    print(
        f"  sent {sent:,} in {outcome.wall:.1f} s from due: {rate:.0f} messages/s; "
        f"due→sent p50 {percentile(outcome.latencies, 0.5):.1f} s, "
        f"p95 {percentile(outcome.latencies, 0.95):.1f} s; "
        f"target all within {TARGET_S:g} s: {verdict}"
    )
    print(
        f"  gateway: {sum(outcome.gateway_refs.values()):,} messages for "
        f"{len(outcome.gateway_refs):,} rows, {doubled} sent twice; final states "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(outcome.states.items()))
    )
    if outcome.delivered_after is not None:
        print(f"  every delivery receipt applied {outcome.delivered_after:.1f} s after due")
    per = ", ".join(
        f"{name} {secs:.1f} s ({1000 * secs / max(sent, 1):.1f} ms/message)"
        for name, secs in outcome.cpu.items()
    )
    print(f"  CPU while sending: {per}")
    print(f"  worker start-up (not counted above): {outcome.startup_cpu:.1f} s CPU in all")
    rows, phases = outcome.phases
    if rows:
        order = ["claim", "compose", "intent commit", "send", "outcome commit"]
        cpu, wall = phases.get("cpu", {}), phases.get("wall", {})
        split = ", ".join(
            f"{name} {1000 * cpu.get(name, 0) / rows:.2f} ({1000 * wall.get(name, 0) / rows:.2f})"
            for name in order + sorted(set(cpu) - set(order))
        )
        jobs_cpu = sum(cpu.values())
        print(
            f"  per message in the send jobs ({rows:,} rows), ms CPU (ms wall): {split}; "
            f"CPU in all {1000 * jobs_cpu / rows:.2f} ms"
        )
    if args.receipt_delay >= 0:
        r = outcome.receipts
        # The gateway's count covers both ways to fail: an answer that is not 2xx, and
        # none within its 5 s timeout (the app may still answer, late, after that).
        print(
            f"  delivery receipts: {r['posted']:,} posted, {r['answered 2xx']:,} answered 2xx; "
            f"failed webhooks {r['not taken']} (no 2xx within the gateway's 5 s; "
            f"the app answered non-2xx {r['answered non-2xx']} times)"
        )
    cores = os.cpu_count() or 1
    print(f"Load average (1 min) at start {load[0]:.2f}, at end {load[1]:.2f}, {cores} cores")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument(
        "--receipt-delay", type=float, default=1.0, help="seconds; negative: no receipts"
    )
    parser.add_argument("--sweep-seconds", type=int, default=5, help="OUTBOX_SWEEP_SECONDS")
    parser.add_argument("--batch", type=int, default=None, help="OUTBOX_BATCH for the workers")
    parser.add_argument("--give-up", type=float, default=600.0, help="seconds")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder and logs")
    args = parser.parse_args()
    # Ctrl-C or a TERM unwinds the context managers, which stop every process started.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    load_before = os.getloadavg()[0]
    workdir = Path(tempfile.mkdtemp(prefix="seans-bench-reminders-"))
    try:
        with database(args.backend, workdir) as url:
            outcome = run(args, url, workdir)
    finally:
        if args.keep:
            progress(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    report(outcome, args, (load_before, os.getloadavg()[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
