#!/usr/bin/env python
"""Pages benchmark: every staff GET page, as the role that uses it, on the benchmark
clinic (bench/calendar.py's: 10 therapists, 2,000 clients, 200,000 appointments) with
client messages, reschedule requests and audit rows in proportion; p50/p95 server time
and SQL statements per page on SQLite and PostgreSQL, against p95 < 50 ms.

    .venv/bin/python bench/pages.py [--backend sqlite|postgresql|both]
        [--appointments 200000] [--clients 2000] [--samples 50] [--only day,week]

A report, not a test: it exits 0 even when a target is missed. See bench/README.md.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
ROOT = _HERE.parent
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import time as _time  # noqa: E402
import types  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

import sqlalchemy as sa  # noqa: E402


def _load_calendar_bench() -> types.ModuleType:
    """bench/calendar.py's clinic builder; loaded by path, as its name is the stdlib's."""
    spec = importlib.util.spec_from_file_location("bench_calendar", _HERE / "calendar.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_calendar"] = module
    spec.loader.exec_module(module)
    return module


cal = _load_calendar_bench()
progress = cal.progress
TARGET_MS = 50.0
GOAL_MS = 20.0
WARMUP = 5
ADMIN = "admin@bench.test"


@dataclass
class Page:
    name: str
    role: str  # receptionist, therapist, admin
    urls: Callable[[], str]
    htmx: bool = False
    samples: list[float] = field(default_factory=list)
    statements: list[int] = field(default_factory=list)
    note: str = ""

    def pct(self, p: float) -> float:
        return cal.percentile(self.samples, p)


# --------------------------------------------------------------------------
# What the calendar builder does not make: an admin, replies and sent texts, reschedule
# requests, late cancellations waiting, and the audit trail such a history leaves.


def add_history(built, args: argparse.Namespace) -> dict[str, int]:
    from app.extensions import db
    from app.models import (
        Appointment,
        AuditEvent,
        AuditHead,
        InboundMessage,
        OutboxMessage,
        RescheduleRequest,
        Role,
    )
    from app.models.scoping import clinic_scope
    from app.services import audit, users

    rng = random.Random(cal.SEED + 7)
    clinic_id = built.clinic_id
    now = datetime.now(UTC)
    with built.app.app_context():
        with clinic_scope(clinic_id):
            users.create_user(clinic_id, ADMIN, "Clinic Admin", cal.PASSWORD, Role.ADMIN)
        db.session.commit()
        table = Appointment.__table__
        with db.engine.connect() as conn:
            rows = conn.execute(
                sa.select(table.c.id, table.c.client_id, table.c.start_at, table.c.status)
            ).all()
        past = [r for r in rows if r.start_at < now and r.status in ("attended", "no_show")]
        future = [r for r in rows if r.start_at > now and r.status in ("booked", "confirmed")]
        messages = args.appointments // 10
        requests = args.appointments // 100 if args.requests is None else args.requests
        audits = args.appointments

        inbound, outbox = [], []
        messages = min(messages, len(past))
        for n, a in enumerate(rng.sample(past, messages)):
            received = a.start_at - timedelta(hours=rng.randint(1, 48))
            handled = n >= 30
            inbound.append(
                {
                    "id": uuid.uuid4(),
                    "clinic_id": clinic_id,
                    "client_id": a.client_id,
                    "appointment_id": a.id,
                    "provider_key": f"bench-{n}",
                    "parts_total": 1,
                    "body_sealed": None,
                    "state": "handled" if handled else "forwarded",
                    "intent": rng.choice(["confirm", "cancel", "question", "other"]),
                    "urgent": n < 3,
                    "clinical": False,
                    "received_at": received,
                    "handled_at": received + timedelta(hours=1) if handled else None,
                }
            )
            outbox.append(
                {
                    "id": uuid.uuid4(),
                    "clinic_id": clinic_id,
                    "client_id": a.client_id,
                    "appointment_id": a.id,
                    "kind": "reminder_first",
                    "for_start": a.start_at,
                    "due_at": a.start_at - timedelta(days=1),
                    "state": "delivered",
                    "attempts": 1,
                    "sent_at": a.start_at - timedelta(days=1),
                    "body_sealed": None,
                    "created_at": a.start_at - timedelta(days=2),
                    "updated_at": a.start_at - timedelta(days=1),
                }
            )
        asked = []
        for n in range(requests):
            pending = n < 20
            a = rng.choice(future if pending else past)
            created = min(a.start_at - timedelta(days=2), now - timedelta(hours=1))
            asked.append(
                {
                    "id": uuid.uuid4(),
                    "clinic_id": clinic_id,
                    "appointment_id": a.id,
                    "client_id": a.client_id,
                    "proposed_start": a.start_at + timedelta(days=1),
                    "source": "link",
                    "state": "pending" if pending else rng.choice(["approved", "declined"]),
                    "created_at": created,
                    "decided_at": None if pending else created + timedelta(hours=2),
                }
            )
        late = [r.id for r in rng.sample(future, 20)]

        chain = str(clinic_id)
        with db.engine.connect() as conn:
            head = conn.execute(
                sa.select(AuditHead.seq, AuditHead.hash).where(AuditHead.chain == chain)
            ).first()
        seq, prev = (head.seq, head.hash) if head else (0, audit.GENESIS)
        trail = []
        start = now - timedelta(days=900)
        actions = ("client.viewed", "appointment.booked", "inbox.viewed", "client.list_viewed")
        for n in range(audits):
            seq += 1
            event = types.SimpleNamespace(
                chain=chain,
                seq=seq,
                at=start + timedelta(seconds=n * 388),
                clinic_id=clinic_id,
                actor_id=None,
                actor_kind="user",
                action=rng.choice(actions),
                object_type="appointments",
                object_id=str(rows[n % len(rows)].id),
                ip="127.0.0.1",
                details=json.dumps({}),
                prev_hash=prev,
            )
            prev = audit._digest(event)  # noqa: SLF001 - the chain must verify
            trail.append({**vars(event), "hash": prev})

        with db.engine.begin() as conn:
            for target, items in (
                (InboundMessage.__table__, inbound),
                (OutboxMessage.__table__, outbox),
                (RescheduleRequest.__table__, asked),
                (AuditEvent.__table__, trail),
            ):
                for i in range(0, len(items), cal.BATCH):
                    conn.execute(target.insert(), items[i : i + cal.BATCH])
            conn.execute(table.update().where(table.c.id.in_(late)).values(cancel_reason="late"))
            head_table = AuditHead.__table__
            if head is None:
                conn.execute(head_table.insert().values(chain=chain, seq=seq, hash=prev))
            else:
                conn.execute(
                    head_table.update()
                    .where(head_table.c.chain == chain)
                    .values(seq=seq, hash=prev)
                )
        if built.backend == "postgresql":
            with db.engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE")
        db.session.remove()
    return {
        "messages": messages,
        "sent": messages,
        "requests": requests,
        "late_cancels": len(late),
        "audit_rows": audits,
    }


# --------------------------------------------------------------------------
# Pages


def pages(built, args: argparse.Namespace) -> list[Page]:
    from app.extensions import db
    from app.models import Appointment, Client, InboundMessage
    from app.models.scoping import clinic_scope

    rng = random.Random(cal.SEED + 3)
    zone = ZoneInfo(args.timezone)
    today = datetime.now(zone).date()
    therapist_id = built.therapists[0][0]
    span = (built.last_day - built.first_day).days
    working = [
        built.first_day + timedelta(days=i)
        for i in range(span + 1)
        if (built.first_day + timedelta(days=i)).weekday() in built.pattern.weekdays
    ]
    now = datetime.now(UTC)
    with built.app.app_context(), clinic_scope(built.clinic_id):
        own = db.session.scalars(
            sa.select(Appointment.id)
            .where(
                Appointment.therapist_id == therapist_id,
                Appointment.status.in_(["attended", "booked", "confirmed"]),
                Appointment.start_at.between(now - timedelta(days=30), now + timedelta(days=30)),
            )
            .limit(40)
        ).all()
        attended = db.session.scalars(
            sa.select(Appointment.id)
            .where(
                Appointment.therapist_id == therapist_id,
                Appointment.status == "attended",
                Appointment.start_at > now - timedelta(days=30),
            )
            .limit(20)
        ).all()
        client_ids = db.session.scalars(sa.select(Client.id).limit(200)).all()
        writers = db.session.scalars(
            sa.select(InboundMessage.client_id).distinct().limit(100)
        ).all()
        db.session.remove()

    def day() -> str:
        return f"/day?date={rng.choice(working).isoformat()}"

    def week() -> str:
        d = rng.choice(working)
        return f"/week?date={(d - timedelta(days=d.weekday())).isoformat()}"

    def month() -> str:
        d = rng.choice(working)
        return f"/month?date={d.replace(day=1).isoformat()}"

    def one(items: list) -> Callable[[], object]:
        return lambda: rng.choice(items)

    client = one(client_ids)
    appointment = one(own)
    first = one(cal.FIRST)
    pair = lambda: f"{rng.choice(cal.FIRST)} {rng.choice(cal.LAST)}"  # noqa: E731
    initials = lambda: f"{rng.choice(cal.FIRST)[0]}.{rng.choice(cal.LAST)[0]}."  # noqa: E731
    return [
        Page("day view", "receptionist", day),
        Page("day view (today)", "receptionist", lambda: f"/day?date={today.isoformat()}"),
        Page("week view", "therapist", week),
        Page("month view", "receptionist", month),
        Page("month view", "therapist", month),
        Page("clients list", "receptionist", lambda: "/clients/"),
        Page("clients list", "therapist", lambda: "/clients/"),
        Page(
            "clients search, a first name", "receptionist", lambda: f"/clients/search?q={first()}"
        ),
        Page("clients search, full name", "receptionist", lambda: f"/clients/search?q={pair()}"),
        Page("clients search, initials", "receptionist", lambda: f"/clients/search?q={initials()}"),
        Page("clients search (HTMX)", "receptionist", lambda: f"/clients/search?q={first()}", True),
        Page("client page", "receptionist", lambda: f"/clients/{client()}"),
        Page("client edit form", "receptionist", lambda: f"/clients/{client()}/edit"),
        Page("appointment panel", "receptionist", lambda: f"/appointments/{appointment()}"),
        Page(
            "appointment move form", "receptionist", lambda: f"/appointments/{appointment()}/move"
        ),
        Page("new appointment form", "receptionist", lambda: "/appointments/new"),
        Page("note editor", "therapist", lambda: f"/appointments/{rng.choice(attended)}/note"),
        Page("up-next poll (HTMX)", "therapist", lambda: "/up-next", True),
        Page("urgent bar poll (HTMX)", "therapist", lambda: "/inbox/urgent", True),
        Page("inbox", "receptionist", lambda: "/inbox"),
        Page("inbox", "therapist", lambda: "/inbox"),
        Page("conversation", "receptionist", lambda: f"/inbox/{rng.choice(writers)}"),
        Page("requests", "receptionist", lambda: "/requests"),
        Page("requests", "therapist", lambda: "/requests"),
        Page("account", "receptionist", lambda: "/account"),
        Page("admin settings", "admin", lambda: "/admin/"),
        Page("admin audit log", "admin", lambda: "/admin/audit/"),
        Page("admin audit log, page 3", "admin", lambda: "/admin/audit/?page=3"),
        Page("admin working hours", "admin", lambda: "/admin/availability/"),
        Page("admin hours of one", "admin", lambda: f"/admin/availability/{therapist_id}"),
        Page("admin consent texts", "admin", lambda: "/admin/consent-texts/"),
        Page("admin message texts", "admin", lambda: "/admin/messages/"),
        Page("admin message text", "admin", lambda: "/admin/messages/reminder_24h/tr"),
    ]


def measure(built, args: argparse.Namespace) -> list[Page]:
    from app.extensions import db

    counter = [0]

    def count(*_args) -> None:
        counter[0] += 1

    with built.app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    logins = {
        "receptionist": cal.login(built.app, built.receptionist),
        "therapist": cal.login(built.app, built.therapists[0][1]),
        "admin": cal.login(built.app, ADMIN),
    }
    chosen = pages(built, args)
    if args.only:
        wanted = args.only.split(",")
        chosen = [p for p in chosen if any(w in p.name for w in wanted)]
    for page in chosen:
        browser = logins[page.role]
        headers = {"HX-Request": "true"} if page.htmx else {}
        try:
            for n in range(args.warmup + args.samples):
                url = page.urls()
                counter[0] = 0
                t0 = _time.perf_counter()
                answer = browser.get(url, headers=headers)
                elapsed = (_time.perf_counter() - t0) * 1000
                if answer.status_code != 200:
                    raise cal.MeasureFailed(f"GET {url} answered {answer.status_code}")
                if n >= args.warmup:
                    page.samples.append(elapsed)
                    page.statements.append(counter[0])
        except Exception as exc:  # a page broken mid-change: report it and go on
            page.samples, page.note = [], f"FAILED: {exc}"[:100]
        progress(
            f"{built.backend}: {page.name} ({page.role}) "
            + (f"p95 {page.pct(95):.1f} ms" if page.samples else page.note)
        )
    sa.event.remove(engine, "before_cursor_execute", count)
    return chosen


def report(backend: str, built, history: dict[str, int], results: list[Page], load) -> None:
    c = built.counts
    print()
    print(
        f"Seans pages benchmark, {backend}: {len(built.therapists)} therapists, "
        f"{c['clients']:,} clients, {c['appointments']:,} appointments, "
        f"{history['messages']:,} replies + {history['sent']:,} sent texts, "
        f"{history['requests']:,} reschedule requests ({min(20, history['requests'])} pending), "
        f"{history['late_cancels']} late cancellations waiting, "
        f"{history['audit_rows']:,} audit rows"
    )
    line = "{:<32} {:<13} {:>4} {:>8} {:>8} {:>6}  {}".format
    header = line("page", "role", "n", "p50 ms", "p95 ms", "SQL", "p95 < 50 ms")
    print(header)
    print("-" * len(header))
    for page in results:
        if not page.samples:
            print(line(page.name, page.role, "-", "-", "-", "-", page.note))
            continue
        sql = sorted(set(page.statements))
        statements = str(sql[0]) if len(sql) == 1 else f"{sql[0]}-{sql[-1]}"
        p95 = page.pct(95)
        verdict = "PASS" if p95 < TARGET_MS else "MISS"
        verdict += " (goal 20 ms met)" if p95 < GOAL_MS else ""
        print(
            line(
                page.name,
                page.role,
                len(page.samples),
                f"{page.pct(50):.1f}",
                f"{p95:.1f}",
                statements,
                verdict,
            )
        )
    misses = [p for p in results if p.samples and p.pct(95) >= TARGET_MS]
    print(
        "Missed: " + ", ".join(f"{p.name} ({p.role})" for p in misses)
        if misses
        else "Every page measured met p95 < 50 ms."
    )
    cores = os.cpu_count() or 1
    print(
        f"Load average (1 min) at start {load[0]:.2f}, at end {load[1]:.2f}, {cores} cores; "
        "server time around Flask's test client, SQL = statements per request"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--appointments", type=int, default=200_000)
    parser.add_argument("--clients", type=int, default=2_000)
    parser.add_argument("--therapists", type=int, default=10)
    parser.add_argument("--years", type=float, default=5)
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=WARMUP, help="views before the timed ones")
    parser.add_argument(
        "--requests",
        type=int,
        default=None,
        help="reschedule requests in the history (default 1 in 100 sessions; 20 are pending)",
    )
    parser.add_argument("--only", default="", help="comma-separated parts of page names")
    parser.add_argument("--timezone", default="Europe/Istanbul")
    args = parser.parse_args()
    # What bench/calendar.py's builder reads: no ANALYZE on SQLite, the worse index order.
    args.sqlite_analyze, args.sqlite_index_order = False, "worst"

    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    for backend in backends:
        workdir = Path(tempfile.mkdtemp(prefix=f"seans-pages-{backend}-"))
        try:
            opener = cal.sqlite_database if backend == "sqlite" else cal.postgresql_database
            with opener(workdir) as url:
                built = cal.build(backend, url, workdir, args)
                progress(f"{backend}: adding messages, requests and audit rows")
                history = add_history(built, args)
                load_before = os.getloadavg()[0]
                results = measure(built, args)
                report(backend, built, history, results, (load_before, os.getloadavg()[0]))
                from app.extensions import db

                with built.app.app_context():
                    db.session.remove()
                    db.engine.dispose()
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
