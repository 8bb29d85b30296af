#!/usr/bin/env python
"""Calendar benchmark: a clinic with 10 therapists and 200,000 appointments over
five years, then p50/p95 server time of the day view, the week view and
`availability.free_slots` on SQLite and PostgreSQL.

    .venv/bin/python bench/calendar.py [--backend sqlite|postgresql|both]
        [--appointments 200000] [--therapists 10] [--years 5] [--samples 200]

A report, not a test: it exits 0 even when a target is missed. See bench/README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path and "calendar" would
# shadow the standard library module of that name; drop it before importing more.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
ROOT = _HERE.parent
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import contextlib  # noqa: E402
import cProfile  # noqa: E402
import inspect  # noqa: E402
import io  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time as _time  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from datetime import UTC, date, datetime, time, timedelta  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

import sqlalchemy as sa  # noqa: E402

SEED = 20260523
PASSWORD = "bench password 1234"
VIEW_TARGET_MS = 50.0
SLOTS_TARGET_MS = 5.0
BATCH = 5_000
WARMUP = 20
CANCELLED_SHARE = 0.08  # of all rows; half of them in a slot that was then rebooked
MAX_FILL = 0.85  # active sessions / bookable slots, so that free slots still exist

FIRST = "Elif Zeynep Ayşe Mehmet Can Deniz Ece Burak Selin Emre Fatma Ali Merve Kerem".split()
LAST = "Kaya Yılmaz Demir Şahin Çelik Yıldız Aydın Öztürk Arslan Doğan Kılıç Aslan Koç".split()


def progress(message: str) -> None:
    print(f"[bench {_time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Working-hour patterns. Sessions are "individual" (50 min) plus the clinic's
# 10-minute buffer, so each pattern is a list of hourly session starts.


@dataclass(frozen=True)
class Pattern:
    name: str
    weekdays: tuple[int, ...]
    work: tuple[time, time]
    pause: tuple[time, time]  # the lunch break
    starts: tuple[time, ...]  # session starts that fit inside work minus break

    def describe(self) -> str:
        days = "Mon-Fri" if self.weekdays == (0, 1, 2, 3, 4) else "Mon-Sun"
        return (
            f"{self.name}: {days} {self.work[0]:%H:%M}-{self.work[1]:%H:%M}, "
            f"break {self.pause[0]:%H:%M}-{self.pause[1]:%H:%M}, {len(self.starts)} sessions/day"
        )


def _hourly(first: time, last: time) -> list[time]:
    return [time(h, first.minute) for h in range(first.hour, last.hour + 1)]


# The app's default hours (availability.DEFAULT_HOURS): 09:00-18:00, break 12:30-13:30.
DEFAULT = Pattern(
    "default hours",
    (0, 1, 2, 3, 4),
    (time(9), time(18)),
    (time(12, 30), time(13, 30)),
    tuple(_hourly(time(9), time(11)) + _hourly(time(13, 30), time(16, 30))),
)
# 200,000 sessions for 10 therapists in 5 years do not fit the default hours
# (at most 7 a weekday: ~91,000), so the bench widens them when it must.
EXTENDED = Pattern(
    "extended hours",
    (0, 1, 2, 3, 4, 5, 6),
    (time(7), time(22)),
    (time(12), time(13)),
    tuple(_hourly(time(7), time(11)) + _hourly(time(13), time(21))),
)


# --------------------------------------------------------------------------
# Backends


@contextlib.contextmanager
def sqlite_database(workdir: Path) -> Iterator[str]:
    yield f"sqlite:///{workdir / 'seans.db'}"


def _psycopg_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@contextlib.contextmanager
def postgresql_database(workdir: Path) -> Iterator[str]:
    """A scratch database on SEANS_BENCH_PG_URL's server, or a throwaway cluster
    started with scripts/lib.sh start_postgres; either is removed at the end."""
    given = os.environ.get("SEANS_BENCH_PG_URL")
    cluster = workdir / "pg"
    if given:
        server_url = _psycopg_url(given)
        progress(f"PostgreSQL from SEANS_BENCH_PG_URL ({sa.engine.make_url(server_url).host})")
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
            yield (
                sa.engine.make_url(server_url)
                .set(database=name)
                .render_as_string(hide_password=False)
            )
        finally:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
        if not given:
            progress("stopping the throwaway PostgreSQL cluster")
            _lib_sh(f"stop_postgres {cluster}")


def _lib_sh(command: str) -> str:
    script = f'source "{ROOT}/scripts/lib.sh"; {command}'
    done = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"scripts/lib.sh {command.split()[0]} failed")
    return done.stdout


# --------------------------------------------------------------------------
# Building the clinic


@dataclass
class Built:
    backend: str
    app: object
    clinic_id: uuid.UUID
    receptionist: str
    therapists: list[tuple[uuid.UUID, str]]  # id, e-mail
    first_day: date
    last_day: date
    pattern: Pattern
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    analyzed: bool = False
    plans: dict[str, str] = field(default_factory=dict)
    index_order: str = ""


def make_app(url: str, instance: Path):
    from app import create_app
    from app.crypto import MasterKeyRing

    MasterKeyRing.generate(instance / "keys" / "master.json")
    config = {
        "SECRET_KEY": "bench-secret-" + "x" * 40,
        "SQLALCHEMY_DATABASE_URI": url,
        "ARGON2_PROFILE": "cheapest",
        "SESSION_COOKIE_SECURE": False,
        "MASTER_KEYS": None,
        "SERVER_NAME": None,
        # The test client asks for http://localhost/; the app answers only PUBLIC_URL's host.
        "PUBLIC_URL": "http://localhost",
    }
    return create_app(config, instance_path=str(instance))


def build(backend: str, url: str, workdir: Path, args: argparse.Namespace) -> Built:
    from flask_migrate import upgrade

    from app.extensions import db
    from app.models import Role, WeeklyHours
    from app.models.scoping import clinic_scope
    from app.services import clinics, users

    rng = random.Random(SEED)
    started = _time.perf_counter()
    app = make_app(url, workdir / "instance")
    with app.app_context():
        progress(f"{backend}: migrating")
        upgrade()
        clinic = clinics.create_clinic("Bench Clinic", "bench", timezone=args.timezone)
        clinic_id = clinic.id
        buffer = clinic.buffer_minutes
        with clinic_scope(clinic_id):
            receptionist = "desk@bench.test"
            users.create_user(clinic_id, receptionist, "Front Desk", PASSWORD, Role.RECEPTIONIST)
            therapists = []
            for n in range(args.therapists):
                email = f"t{n + 1:02d}@bench.test"
                user = users.create_user(
                    clinic_id, email, f"Therapist {n + 1:02d}", PASSWORD, Role.THERAPIST
                )
                therapists.append((user.id, email))
        db.session.commit()

        today = datetime.now(ZoneInfo(args.timezone)).date()
        half = timedelta(days=round(args.years * 365.25 / 2))
        first_day, last_day = today - half, today + half
        days = [first_day + timedelta(days=i) for i in range((last_day - first_day).days + 1)]
        pattern = choose_pattern(days, args)
        if pattern is not DEFAULT:
            with clinic_scope(clinic_id):
                ids = [t for t, _ in therapists]
                db.session.execute(sa.delete(WeeklyHours).where(WeeklyHours.therapist_id.in_(ids)))
                for therapist_id in ids:
                    for weekday in pattern.weekdays:
                        for kind, (a, b) in (("work", pattern.work), ("break", pattern.pause)):
                            db.session.add(
                                WeeklyHours(
                                    clinic_id=clinic_id,
                                    therapist_id=therapist_id,
                                    weekday=weekday,
                                    starts=a,
                                    ends=b,
                                    kind=kind,
                                )
                            )
            db.session.commit()
        progress(f"{backend}: {pattern.describe()}")
        index_order = pin_sqlite_index_order(args) if backend == "sqlite" else ""

        t0 = _time.perf_counter()
        client_ids = make_clients(clinic_id, args.clients, rng, backend)
        t_clients = _time.perf_counter() - t0

        t0 = _time.perf_counter()
        counts = insert_appointments(
            clinic_id,
            [t for t, _ in therapists],
            client_ids,
            days,
            pattern,
            buffer,
            args,
            rng,
            backend,
        )
        t_appointments = _time.perf_counter() - t0
        t0 = _time.perf_counter()
        analyzed = analyze(backend, args)
        t_analyze = _time.perf_counter() - t0
        db.session.remove()
    built = Built(
        backend, app, clinic_id, receptionist, therapists, first_day, last_day, pattern, counts
    )
    built.counts["clients"] = len(client_ids)
    built.analyzed = analyzed
    built.index_order = index_order
    built.timings = {
        "total": _time.perf_counter() - started,
        "clients": t_clients,
        "appointments": t_appointments,
        "analyze": t_analyze,
    }
    return built


CLINIC_START = "ix_appointments_clinic_start"


def pin_sqlite_index_order(args: argparse.Namespace) -> str:
    """Without statistics SQLite picks among equally good indexes by their order in the
    schema, and the batch migrations create them in set order, which differs from run
    to run (and from install to install): therapist queries then use either
    (therapist_id, start_at) or (clinic_id, start_at). For figures that do not flip
    between runs, recreate the same indexes with the clinic one last, the order in
    which SQLite prefers it: the less favourable case an install can get."""
    from app.extensions import db

    if args.sqlite_index_order == "migrated":
        return "as the migration left it (differs between runs)"
    with db.engine.begin() as conn:
        rows = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
            "AND tbl_name = 'appointments' AND sql IS NOT NULL ORDER BY rowid"
        ).all()
        if CLINIC_START not in {name for name, _ in rows}:
            return f"as the migration left it (no {CLINIC_START})"
        for name, _ in rows:
            conn.exec_driver_sql(f'DROP INDEX "{name}"')
        for _, sql in sorted(rows, key=lambda row: row[0] == CLINIC_START):
            conn.exec_driver_sql(sql)
    db.engine.dispose()
    return f"{CLINIC_START} created last, which SQLite then prefers (the worse case)"


def choose_pattern(days: list[date], args: argparse.Namespace) -> Pattern:
    active = round(args.appointments * (1 - CANCELLED_SHARE))
    for pattern in (DEFAULT, EXTENDED):
        capacity = args.therapists * sum(
            len(pattern.starts) for d in days if d.weekday() in pattern.weekdays
        )
        if active <= MAX_FILL * capacity:
            return pattern
        progress(
            f"{active:,} active sessions do not fit {pattern.name} "
            f"({capacity:,} slots at most {MAX_FILL:.0%} full)"
        )
    raise SystemExit("too many appointments for 10 therapists even with extended hours")


def make_clients(clinic_id: uuid.UUID, count: int, rng: random.Random, backend: str) -> list:
    """Real, encrypted clients through the service (slow-ish, a few ms each)."""
    from app.extensions import db
    from app.models.scoping import clinic_scope
    from app.services import clients

    ids = []
    with clinic_scope(clinic_id):
        for n in range(count):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            phone = f"05{rng.choice('3456')}{rng.randrange(10)} {rng.randrange(10**7):07d}"
            try:
                client = clients.create_client(clinic_id, name, phone)
            except clients.InvalidClient:
                client = clients.create_client(clinic_id, name)
            ids.append(client.id)
            if (n + 1) % 250 == 0:
                db.session.commit()
                progress(f"{backend}: {n + 1:,}/{count:,} clients")
    db.session.commit()
    return ids


def insert_appointments(
    clinic_id: uuid.UUID,
    therapist_ids: list[uuid.UUID],
    client_ids: list[uuid.UUID],
    days: list[date],
    pattern: Pattern,
    buffer_minutes: int,
    args: argparse.Namespace,
    rng: random.Random,
    backend: str,
) -> dict[str, int]:
    """Bulk Core inserts with the column values book_appointment would write.

    Each therapist's bookable slots (the pattern's starts on its weekdays) are
    filled at random to the wanted count of active sessions (attended/no-show in
    the past, booked/confirmed ahead). Cancelled rows sit either in an empty slot
    or in a slot that was then booked again. Each client sees one therapist, so
    no client holds two overlapping sessions either."""
    from app.extensions import db
    from app.models import Appointment

    zone = ZoneInfo(args.timezone)
    now = datetime.now(UTC)
    length, buffer = timedelta(minutes=50), timedelta(minutes=buffer_minutes)
    per_therapist = [
        datetime.combine(d, s, zone).astimezone(UTC)
        for d in days
        if d.weekday() in pattern.weekdays
        for s in pattern.starts
    ]
    slots = len(per_therapist) * len(therapist_ids)
    cancelled = round(args.appointments * CANCELLED_SHARE)
    active = args.appointments - cancelled
    chosen = rng.sample(range(slots), active)
    chosen_set = set(chosen)
    rebooked = set(rng.sample(chosen, cancelled // 2))  # cancelled, then booked again
    empty = rng.sample(range(slots - active), cancelled - len(rebooked))
    free_index = sorted(set(range(slots)) - chosen_set)
    cancelled_only = {free_index[i] for i in empty}
    del free_index, empty, chosen
    pools = [client_ids[i :: len(therapist_ids)] for i in range(len(therapist_ids))]
    reasons = ("client", "therapist", "late")

    def row(start: datetime, therapist: int, status: str) -> dict:
        created = min(start - timedelta(days=rng.randint(1, 28), minutes=rng.randrange(600)), now)
        cancelled_at = None
        if status == "cancelled":
            cancelled_at = min(start - timedelta(hours=rng.randint(1, 96)), now)
            cancelled_at = max(cancelled_at, created)
        end = start + length
        return {
            "id": uuid.UUID(int=rng.getrandbits(128), version=4),
            "clinic_id": clinic_id,
            "therapist_id": therapist_ids[therapist],
            "client_id": rng.choice(pools[therapist]),
            "start_at": start,
            "end_at": end,
            "blocked_until": end + buffer,
            "session_type": "individual",
            "status": status,
            "video_link": None,
            "outside_hours": False,
            "cancel_reason": rng.choice(reasons) if status == "cancelled" else None,
            "cancelled_at": cancelled_at,
            "series_id": None,
            "series_index": None,
            "created_at": created,
            "updated_at": cancelled_at or created,
        }

    def active_status(start: datetime) -> str:
        if start < now:
            return "attended" if rng.random() < 0.9 else "no_show"
        return "booked" if rng.random() < 0.7 else "confirmed"

    def rows() -> Iterator[dict]:
        for index in range(slots):
            if index not in chosen_set and index not in cancelled_only:
                continue
            therapist, start = divmod(index, len(per_therapist))
            start = per_therapist[start]
            if index in cancelled_only or index in rebooked:
                yield row(start, therapist, "cancelled")
            if index in chosen_set:
                yield row(start, therapist, active_status(start))

    table = Appointment.__table__
    insert = table.insert()
    total = 0
    batch: list[dict] = []
    with db.engine.begin() as conn:
        for item in rows():
            batch.append(item)
            if len(batch) == BATCH:
                conn.execute(insert, batch)
                total += len(batch)
                batch = []
                if total % 50_000 == 0:
                    progress(f"{backend}: {total:,}/{args.appointments:,} appointments")
        if batch:
            conn.execute(insert, batch)
            total += len(batch)
    with db.engine.connect() as conn:
        counted = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        by_status = dict(
            conn.execute(sa.select(table.c.status, sa.func.count()).group_by(table.c.status)).all()
        )
    progress(f"{backend}: {counted:,} appointments in the table")
    return {
        "appointments": counted,
        "bookable_slots": slots,
        **{f"status_{k}": v for k, v in sorted(by_status.items())},
    }


def analyze(backend: str, args: argparse.Namespace) -> bool:
    """PostgreSQL: ANALYZE, as autovacuum would soon after such a load. SQLite: the
    app never runs ANALYZE (nor PRAGMA optimize), so by default the planner has no
    statistics there, as in production; --sqlite-analyze measures with them."""
    from app.extensions import db

    if backend == "sqlite" and not args.sqlite_analyze:
        return False
    progress(f"{backend}: ANALYZE")
    with db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    db.engine.dispose()  # SQLite reads statistics when a connection loads the schema
    return True


# --------------------------------------------------------------------------
# Measuring


@dataclass
class Result:
    backend: str
    measure: str
    target_ms: float
    samples: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def p50(self) -> float:
        return percentile(self.samples, 50)

    @property
    def p95(self) -> float:
        return percentile(self.samples, 95)


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


class MeasureFailed(RuntimeError):
    """A measured call did not succeed (a view answering an error, say)."""


CSRF_HEADER = re.compile(r'"X-CSRFToken": "([^"]+)"')


def login(app, email: str):
    client = app.test_client()
    page = client.get("/login")
    token = CSRF_HEADER.search(page.get_data(as_text=True))
    if token is None:
        raise SystemExit("no CSRF token on /login")
    answer = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)}
    )
    if answer.status_code != 302:
        raise SystemExit(f"login as {email} failed: {answer.status_code}")
    return client


def find_endpoint(app, candidates: list[str], pattern: str, exclude: str = "^$") -> str | None:
    """A known endpoint name, else the first GET endpoint matching `pattern`."""
    endpoints = {r.endpoint: r for r in app.url_map.iter_rules() if "GET" in r.methods}
    for name in candidates:
        if name in endpoints:
            return name
    for name in sorted(endpoints):
        if re.search(pattern, name) and not re.search(exclude, name):
            return name
    return None


def run_measure(
    result: Result,
    calls: list[Callable[[], float]],
    warmup: list[Callable[[], float]],
    profile: bool,
) -> Result:
    """Each call times itself and returns milliseconds."""
    for call in warmup:
        call()
    profiler = cProfile.Profile() if profile else None
    for n, call in enumerate(calls):
        if profiler is not None:
            profiler.enable()
        result.samples.append(call())
        if profiler is not None:
            profiler.disable()
        if (n + 1) % 100 == 0:
            progress(f"{result.backend}: {result.measure}: {n + 1}/{len(calls)}")
    if profiler is not None:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative")
        stats.print_stats(30)
        progress(f"{result.backend}: profile of {result.measure}\n{out.getvalue()}")
    return result


def measure(built: Built, args: argparse.Namespace) -> list[Result]:
    from flask import url_for

    from app.extensions import db
    from app.models import Clinic
    from app.models.scoping import clinic_scope
    from app.services import availability
    from app.services import calendar as calendar_service

    app = built.app
    rng = random.Random(SEED + 1)
    n = args.samples
    results: list[Result] = []
    zone = ZoneInfo(args.timezone)
    span = (built.last_day - built.first_day).days
    working = [
        built.first_day + timedelta(days=i)
        for i in range(span + 1)
        if (built.first_day + timedelta(days=i)).weekday() in built.pattern.weekdays
    ]
    mondays = sorted({d - timedelta(days=d.weekday()) for d in working})

    def get(client, url: str) -> Callable[[], float]:
        def call() -> float:
            t0 = _time.perf_counter()
            answer = client.get(url)
            elapsed = (_time.perf_counter() - t0) * 1000
            if answer.status_code != 200:
                raise MeasureFailed(f"GET {url} answered {answer.status_code}")
            return elapsed

        return call

    def in_clinic(fn: Callable[[Clinic], object]) -> Callable[[], float]:
        """A service call in a fresh app context, as in a request: empty key cache and
        session; only the call itself is timed (the Clinic row is loaded before)."""

        def call() -> float:
            with app.app_context(), clinic_scope(built.clinic_id):
                clinic = db.session.get(Clinic, built.clinic_id)
                t0 = _time.perf_counter()
                fn(clinic)
                elapsed = (_time.perf_counter() - t0) * 1000
                db.session.rollback()
            return elapsed

        return call

    def measure_all(label, target, make, pick, note=""):
        result = Result(built.backend, label, target, note=note)
        calls = [make(pick()) for _ in range(n)]
        warmup = [make(pick()) for _ in range(WARMUP)]
        try:
            run_measure(result, calls, warmup, args.profile)
        except Exception as exc:  # a view or service broken mid-change: report, go on
            progress(f"{built.backend}: {label} failed: {exc!r}")
            result.samples, result.note = [], f"FAILED: {exc}"[:120]
        results.append(result)
        return result

    def route(candidates: list[str], pattern: str, exclude: str) -> tuple[str, str] | None:
        endpoint = find_endpoint(app, candidates, pattern, exclude)
        if endpoint is None:
            return None
        with app.test_request_context():
            return endpoint, url_for(endpoint)

    desk = login(app, built.receptionist)
    therapist_id, therapist_email = built.therapists[0]
    own = login(app, therapist_email)

    # Day view across all therapists (the receptionist's home).
    day = route(
        ["calendar.day", "calendar.reception_day", "home.reception_day"],
        r"day$",
        r"my|therapist|month|week",
    )
    if day:
        progress(f"{built.backend}: day view {day[1]} ({day[0]})")
        measure_all(
            f"day view GET {day[1]} (all therapists)",
            VIEW_TARGET_MS,
            lambda d: get(desk, f"{day[1]}?date={d.isoformat()}"),
            lambda: rng.choice(working),
        )
    measure_all(
        "calendar.day_schedule (all therapists)",
        VIEW_TARGET_MS,
        lambda d: in_clinic(lambda clinic: calendar_service.day_schedule(clinic, d)),
        lambda: rng.choice(working),
    )

    # Week view per therapist (the therapist's home), whatever exists by now.
    week = route(
        ["calendar.week", "calendar.therapist_week", "home.therapist_week", "home.week"],
        r"week",
        r"feed|ics|month",
    )
    if week:
        progress(f"{built.backend}: week view {week[1]} ({week[0]})")
        measure_all(
            f"week view GET {week[1]} (therapist)",
            VIEW_TARGET_MS,
            lambda d: get(own, f"{week[1]}?date={d.isoformat()}"),
            lambda: rng.choice(mondays),
        )
    else:
        results.append(
            Result(built.backend, "week view", VIEW_TARGET_MS, note="week view not built yet")
        )
    week_fn = getattr(calendar_service, "week_schedule", None)
    extra = {}
    if week_fn is not None:
        if "viewer_id" in inspect.signature(week_fn).parameters:
            extra = {"viewer_id": therapist_id}  # as the therapist's own week view asks
        measure_all(
            "calendar.week_schedule (one therapist)",
            VIEW_TARGET_MS,
            lambda d: in_clinic(
                lambda clinic: week_fn(clinic, therapist_id=therapist_id, day=d, **extra)
            ),
            lambda: rng.choice(mondays),
        )

    # free_slots: the next 10 slots of 50 minutes within 14 days, from random instants.
    first = datetime.combine(built.first_day, time(0), zone).astimezone(UTC)
    last = datetime.combine(built.last_day - timedelta(days=14), time(0), zone).astimezone(UTC)
    minutes = int((last - first).total_seconds() // 60)
    found: list[int] = []

    def slots(pick: tuple[uuid.UUID, datetime]) -> Callable[[], float]:
        therapist, start = pick

        def fn(clinic) -> None:
            got = availability.free_slots(
                therapist, 50, start, start + timedelta(days=14), 10, clinic=clinic
            )
            found.append(len(got))

        return in_clinic(fn)

    result = measure_all(
        "availability.free_slots (10 x 50 min, 14 days)",
        SLOTS_TARGET_MS,
        slots,
        lambda: (
            rng.choice(built.therapists)[0],
            first + timedelta(minutes=rng.randrange(minutes)),
        ),
    )
    short = sum(1 for c in found[WARMUP:] if c < 10)
    if short:
        result.note = f"{short} of {n} calls found fewer than 10"

    # Which index each query takes, late in the range (where an unbounded scan hurts most).
    late = built.last_day - timedelta(days=30)
    late_start = datetime.combine(late, time(8), zone).astimezone(UTC)
    probes = {"day_schedule": lambda clinic: calendar_service.day_schedule(clinic, late)}
    if week_fn is not None:
        probes["week_schedule"] = lambda clinic: week_fn(
            clinic, therapist_id=therapist_id, day=late, **extra
        )
    probes["free_slots"] = lambda clinic: availability.free_slots(
        therapist_id, 50, late_start, late_start + timedelta(days=14), 10, clinic=clinic
    )
    built.plans = query_plans(built, probes)
    return results


PLAN_INDEX = re.compile(
    r"(?:USING (?:COVERING )?INDEX|Index (?:Only )?Scan(?: Backward)? using|Bitmap Index Scan on)"
    r" (\w+)"
)


def query_plans(built: Built, calls: dict[str, Callable[[object], object]]) -> dict[str, str]:
    """The index each query on appointments uses inside a call (EXPLAIN of the SQL sent)."""
    from app.extensions import db
    from app.models import Clinic
    from app.models.scoping import clinic_scope

    found: dict[str, str] = {}
    for label, fn in calls.items():
        seen: list[tuple[str, object]] = []

        def capture(conn, cursor, statement, params, context, many, seen=seen) -> None:
            if statement.lstrip().upper().startswith("SELECT") and "FROM appointments" in statement:
                seen.append((statement, params))

        with built.app.app_context(), clinic_scope(built.clinic_id):
            clinic = db.session.get(Clinic, built.clinic_id)
            sa.event.listen(db.engine, "before_cursor_execute", capture)
            try:
                fn(clinic)
            except Exception as exc:  # reported with the measures already
                seen.clear()
                found[label] = f"failed ({type(exc).__name__})"
            finally:
                sa.event.remove(db.engine, "before_cursor_execute", capture)
            prefix = "EXPLAIN QUERY PLAN " if built.backend == "sqlite" else "EXPLAIN "
            used = []
            for statement, params in seen:
                rows = db.session.connection().exec_driver_sql(prefix + statement, params).all()
                text = " ".join(str(column) for row in rows for column in row)
                names = PLAN_INDEX.findall(text)
                if re.search(r"SCAN appointments\b(?! USING)|Seq Scan on appointments", text):
                    names.append("full table scan")
                used.append("+".join(dict.fromkeys(names)) or "?")
            db.session.rollback()
        found.setdefault(label, ", ".join(used) or "no query on appointments")
    return found


# --------------------------------------------------------------------------
# Report


def report(
    built_all: list[Built],
    results: list[Result],
    args: argparse.Namespace,
    load: tuple[float, float],
) -> None:
    print()
    print(
        f"Seans calendar benchmark: {args.therapists} therapists, {args.appointments:,} "
        f"appointments over {args.years} years, {args.clients:,} clients, "
        f"{args.samples} samples per measure (after {WARMUP} warm-up), zone {args.timezone}, "
        f"seed {SEED}"
    )
    for built in built_all:
        c, t = built.counts, built.timings
        statuses = ", ".join(
            f"{k.removeprefix('status_')} {v:,}" for k, v in c.items() if k.startswith("status_")
        )
        print(
            f"  {built.backend}: built in {t['total']:.1f} s (clients {t['clients']:.1f} s, "
            f"appointments {t['appointments']:.1f} s, analyze {t['analyze']:.1f} s); "
            f"rows: appointments {c['appointments']:,} ({statuses}), clients {c['clients']:,}"
        )
        stats = "ANALYZE run" if built.analyzed else "none (no ANALYZE, as in production)"
        fill = (c["appointments"] - c.get("status_cancelled", 0)) / c["bookable_slots"]
        print(
            f"    planner statistics: {stats}; {built.pattern.describe()}; "
            f"{built.first_day} .. {built.last_day}; "
            f"active fill {fill:.0%} of {c['bookable_slots']:,} bookable slots"
        )
        if built.index_order:
            print(f"    index order: {built.index_order}")
        if built.plans:
            print(
                "    indexes used on appointments: "
                + "; ".join(f"{k}: {v}" for k, v in built.plans.items())
            )
    print()
    line = "{:<11} {:<52} {:>4} {:>8} {:>8}  {:<12} {}".format
    header = line("backend", "measure", "n", "p50 ms", "p95 ms", "target", "result")
    print(header)
    print("-" * len(header))
    for r in results:
        target = f"p95 < {r.target_ms:g} ms"
        if not r.samples:
            print(line(r.backend, r.measure, "-", "-", "-", target, r.note))
            continue
        verdict = "PASS" if r.p95 < r.target_ms else "MISS"
        verdict += f"  ({r.note})" if r.note else ""
        p50, p95 = f"{r.p50:.2f}", f"{r.p95:.2f}"
        print(line(r.backend, r.measure, len(r.samples), p50, p95, target, verdict))
    misses = [r for r in results if r.samples and r.p95 >= r.target_ms]
    print()
    print(
        "Targets missed: " + "; ".join(f"{r.backend} {r.measure}" for r in misses)
        if misses
        else "All measured targets met."
    )
    print(
        "Views are timed around Flask's test client (full request path: session, policy, "
        "audit row, template); services in a fresh app context each call."
    )
    cores = os.cpu_count() or 1
    busy = (
        "  -- more work than cores: p95 figures include waiting for a CPU"
        if max(load) > cores
        else ""
    )
    print(f"Load average (1 min) at start {load[0]:.2f}, at end {load[1]:.2f}, {cores} cores{busy}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--appointments", type=int, default=200_000)
    parser.add_argument("--therapists", type=int, default=10)
    parser.add_argument("--years", type=float, default=5)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--clients", type=int, default=2_000, help="created through the service")
    parser.add_argument("--timezone", default="Europe/Istanbul")
    parser.add_argument(
        "--sqlite-analyze", action="store_true", help="run ANALYZE on SQLite too (the app does not)"
    )
    parser.add_argument(
        "--sqlite-index-order",
        choices=["worst", "migrated"],
        default="worst",
        help="SQLite: pin the less favourable index order (default) or keep the migration's",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile each measure to stderr")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder (SQLite file)")
    args = parser.parse_args()

    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    load_before = os.getloadavg()[0]
    built_all: list[Built] = []
    results: list[Result] = []
    for backend in backends:
        workdir = Path(tempfile.mkdtemp(prefix=f"seans-bench-{backend}-"))
        try:
            opener = sqlite_database if backend == "sqlite" else postgresql_database
            with opener(workdir) as url:
                built = build(backend, url, workdir, args)
                built_all.append(built)
                results += measure(built, args)
                from app.extensions import db

                with built.app.app_context():
                    db.session.remove()
                    db.engine.dispose()
        finally:
            if args.keep:
                progress(f"{backend}: kept {workdir}")
            else:
                shutil.rmtree(workdir, ignore_errors=True)
    report(built_all, results, args, (load_before, os.getloadavg()[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
