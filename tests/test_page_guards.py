"""Guards that pages do not slow down with history, without timing anything (issue 17):
every staff page sends as many SQL statements with 1,000 appointments and clients as with
10 (no query per row), and the queries under the hot pages read an index on SQLite and
PostgreSQL (no full scan of appointments, clients, replies or audit rows)."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from app import crypto
from app.crypto import Binding
from app.extensions import db
from app.models import (
    Appointment,
    AuditEvent,
    AuditHead,
    Client,
    ClientIndex,
    InboundMessage,
    RescheduleRequest,
)
from app.models.scoping import clinic_scope
from app.services import audit, keys

WATCHED = ("appointments", "clients", "inbound_messages", "audit_events")
BADGE_INDEX = "ix_appointments_late_cancel_waiting"
PENDING_INDEX = "ix_reschedule_requests_pending"


@dataclass(frozen=True)
class Page:
    url: str
    role: str
    htmx: bool = False


def staff_pages(world) -> list[Page]:
    """Every staff GET page, as the role that uses it."""
    a, c, t = world.appointment_id, world.client_id, world.user_ids["therapist"]
    return [
        Page("/day", "receptionist"),
        Page("/week", "therapist"),
        Page("/month", "receptionist"),
        Page("/month", "therapist"),
        Page("/clients/", "receptionist"),
        Page("/clients/", "therapist"),
        Page("/clients/search?q=Elif", "receptionist"),
        Page("/clients/search?q=Elif", "therapist"),
        Page("/clients/search?q=E.K.", "receptionist", htmx=True),
        Page(f"/clients/{c}", "receptionist"),
        Page(f"/clients/{c}/edit", "receptionist"),
        Page(f"/appointments/{a}", "receptionist"),
        Page(f"/appointments/{a}/move", "receptionist"),
        Page("/appointments/new", "receptionist"),
        Page(f"/appointments/{a}/note", "therapist"),
        Page("/up-next", "therapist", htmx=True),
        Page("/inbox/urgent", "therapist", htmx=True),
        Page("/inbox", "receptionist"),
        Page("/inbox", "therapist"),
        Page(f"/inbox/{c}", "receptionist"),
        Page("/requests", "receptionist"),
        Page("/requests", "therapist"),
        Page("/account", "receptionist"),
        Page("/admin/", "admin"),
        Page("/admin/audit/", "admin"),
        Page("/admin/availability/", "admin"),
        Page(f"/admin/availability/{t}", "admin"),
        Page("/admin/consent-texts/", "admin"),
        Page("/admin/messages/", "admin"),
        Page("/admin/messages/reminder_24h/tr", "admin"),
    ]


# --- the clinic's history, in bulk ------------------------------------------------------


def grow(app, world, clock, count: int) -> None:
    """`count` more clients named Elif, each with one session of the world's therapist
    (half past, half ahead, an hour apart), and in proportion: replies, reschedule
    requests and late cancellations waiting, audit rows. Names are sealed under the
    world client's key, so each costs one seal and no key of its own."""
    now = clock()
    with app.app_context(), clinic_scope(world.clinic_id):
        clinic_id, therapist_id = world.clinic_id, world.user_ids["therapist"]
        key_id, key = keys.active_client_key(db.session.get_one(Client, world.client_id))
        index_key = keys.index_key(clinic_id)
        offset = db.session.scalar(sa.select(sa.func.count()).select_from(Appointment)) or 0
        people, entries, sessions, replies, asked, late = [], [], [], [], [], []
        for n in range(count):
            client_id, appointment_id = uuid.uuid4(), uuid.uuid4()
            seal = Binding("clients", "name_sealed", str(client_id), str(clinic_id))
            people.append(
                {
                    "id": client_id,
                    "clinic_id": clinic_id,
                    "name_sealed": crypto.seal(key, key_id, f"Elif Test{n}".encode(), seal),
                    "phone_sealed": None,
                    "language": "tr",
                    "channel": "sms",
                    "created_at": now - timedelta(minutes=offset + n),
                }
            )
            entries += [
                {
                    "clinic_id": clinic_id,
                    "client_id": client_id,
                    "kind": kind,
                    "digest": crypto.blind_index(index_key, kind, value),
                }
                for kind, value in (("token", "elif"), ("initials", "et"))
            ]
            step = offset + n + 2
            start = now + timedelta(hours=step if n % 2 else -step)
            sessions.append(
                {
                    "id": appointment_id,
                    "clinic_id": clinic_id,
                    "therapist_id": therapist_id,
                    "client_id": client_id,
                    "start_at": start,
                    "end_at": start + timedelta(minutes=50),
                    "blocked_until": start + timedelta(minutes=60),
                    "session_type": "individual",
                    "status": "booked" if start > now else "attended",
                    "outside_hours": True,
                    "cancel_reason": "late" if start > now and n % 10 == 1 else None,
                    "created_at": now - timedelta(days=30),
                    "updated_at": now - timedelta(days=30),
                }
            )
            late += [appointment_id] if start > now and n % 10 == 1 else []
            if n % 2 == 0:
                replies.append(
                    {
                        "id": uuid.uuid4(),
                        "clinic_id": clinic_id,
                        "client_id": client_id,
                        "appointment_id": appointment_id,
                        "provider_key": f"guard-{client_id}",
                        "parts_total": 1,
                        "body_sealed": None,
                        "state": "handled" if n % 4 else "forwarded",
                        "urgent": False,
                        "clinical": False,
                        "received_at": start - timedelta(hours=1),
                    }
                )
            if start < now or n % 10 == 3:  # decided long ago, or waiting
                asked.append(
                    {
                        "id": uuid.uuid4(),
                        "clinic_id": clinic_id,
                        "appointment_id": appointment_id,
                        "client_id": client_id,
                        "proposed_start": start + timedelta(days=400),
                        "source": "link",
                        "state": "pending" if start > now else "declined",
                        "created_at": min(start, now) - timedelta(hours=1),
                    }
                )
        for model, rows in (
            (Client, people),
            (ClientIndex, entries),
            (Appointment, sessions),
            (InboundMessage, replies),
            (RescheduleRequest, asked),
        ):
            if rows:
                db.session.execute(sa.insert(model), rows)
        db.session.commit()
    add_audit_rows(app, world, clock, count * 2)


def add_audit_rows(app, world, clock, count: int) -> None:
    """A chain that still verifies: `count` more rows after the head."""
    chain = str(world.clinic_id)
    with app.app_context():
        head = db.session.get(AuditHead, chain)
        if head is None:
            head = AuditHead(chain=chain, seq=0, hash=audit.GENESIS)
            db.session.add(head)
            db.session.flush()
        seq, prev, rows = head.seq, head.hash, []
        for _ in range(count):
            seq += 1
            row = SimpleNamespace(
                chain=chain,
                seq=seq,
                at=clock(),
                clinic_id=world.clinic_id,
                actor_id=None,
                actor_kind="system",
                action="guard.filler",
                object_type=None,
                object_id=None,
                ip=None,
                details=json.dumps({}),
                prev_hash=prev,
            )
            prev = audit._digest(row)  # noqa: SLF001 - the chain must still verify
            rows.append({**vars(row), "hash": prev})
        db.session.execute(sa.insert(AuditEvent), rows)
        db.session.execute(
            sa.update(AuditHead).where(AuditHead.chain == chain).values(seq=seq, hash=prev)
        )
        db.session.commit()


# --- watching the SQL -------------------------------------------------------------------


@contextmanager
def statements(app) -> Iterator[list[tuple[str, object]]]:
    seen: list[tuple[str, object]] = []

    def note(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", note)


def browsers(make_browser, world) -> dict[str, object]:
    signed = {}
    for role in ("receptionist", "therapist", "admin"):
        browser = make_browser()
        assert browser.login(world.emails[role]).status_code == 302
        signed[role] = browser
    return signed


def render(app, signed, page: Page) -> list[tuple[str, object]]:
    """The statements of one view of the page (after a first view warmed it)."""
    headers = {"HX-Request": "true"} if page.htmx else {}
    for _ in range(2):
        with statements(app) as seen:
            answer = signed[page.role].get(page.url, headers=headers)
        assert answer.status_code == 200, (page, answer.status_code)
    return seen


def counts(app, signed, pages: list[Page]) -> dict[Page, int]:
    return {page: len(render(app, signed, page)) for page in pages}


def test_statements_per_page_do_not_grow_with_the_data(app, world, clock, make_browser):
    grow(app, world, clock, 9)  # 10 clients and sessions with the world's own
    signed = browsers(make_browser, world)
    pages = staff_pages(world)
    small = counts(app, signed, pages)
    grow(app, world, clock, 990)  # 1,000
    large = counts(app, signed, pages)
    grown = {p.url + f" ({p.role})": (small[p], large[p]) for p in pages if large[p] > small[p]}
    assert not grown, f"statements with 10 and with 1,000 rows: {grown}"


def test_every_page_of_the_client_list_costs_the_same(app, world, clock, make_browser):
    grow(app, world, clock, 120)  # three pages of fifty
    signed = browsers(make_browser, world)
    pages = [Page(f"/clients/?page={n}", role) for n in (1, 2, 3) for role in ("receptionist",)]
    pages += [Page(f"/clients/search?q=Elif&page={n}", "therapist") for n in (1, 2, 3)]
    found = counts(app, signed, pages)
    assert len(set(found.values())) <= 2, found  # the list, and the search
    body = signed["receptionist"].get("/clients/?page=3").get_data(as_text=True)
    assert body.count("Elif Test") == 21 and "page=2" in body and "page=4" not in body


# --- plans ----------------------------------------------------------------------------

HOT_PAGES = [
    Page("/day", "receptionist"),
    Page("/week", "therapist"),
    Page("/clients/", "receptionist"),
    Page("/clients/", "therapist"),
    Page("/clients/search?q=Elif", "receptionist"),
    Page("/clients/search?q=Elif", "therapist"),
    Page("/inbox", "receptionist"),
    Page("/requests", "receptionist"),
    Page("/admin/audit/", "admin"),
    Page("/up-next", "therapist", htmx=True),
]
TABLES = "|".join(WATCHED)
FULL_SCAN = {
    # A time index read with no lower bound on start_at walks every past session: a full
    # scan of a clinic's (or a therapist's) history in all but name.
    "sqlite": re.compile(
        rf"\bSCAN ({TABLES})\b"
        r"|SEARCH appointments USING INDEX ix_appointments_\w+_start "
        r"\((clinic|therapist)_id=\?( AND start_at<\?)?\)"
    ),
    "postgresql": re.compile(rf"Seq Scan on ({TABLES})\b"),
}


def plan(app, statement: str, parameters: object) -> str:
    """The plan of one statement; PostgreSQL is steered off sequential scans, so that a
    query with no usable index shows as one however few rows the test has."""
    with app.app_context(), db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":  # no ANALYZE: the app never runs one
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            return "\n".join(str(row[-1]) for row in rows)
        conn.exec_driver_sql("SET enable_seqscan = off")
        rows = conn.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()
        conn.rollback()
        return "\n".join(str(row[0]) for row in rows)


def watched(statement: str) -> bool:
    return statement.lstrip().upper().startswith(("SELECT", "WITH")) and any(
        re.search(rf"\b{table}\b", statement) for table in WATCHED
    )


@pytest.fixture
def grown(app, world, clock) -> None:
    """300 more of everything; PostgreSQL's statistics taken, as autovacuum soon would
    (without them its planner takes any index on clinic_id as just as good)."""
    grow(app, world, clock, 300)
    with app.app_context(), db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(
                "ANALYZE appointments, clients, inbound_messages, audit_events, reschedule_requests"
            )


def test_hot_pages_read_indexes_not_whole_tables(app, world, grown, make_browser, backend):
    signed = browsers(make_browser, world)
    scans = {}
    for page in HOT_PAGES:
        for statement, parameters in render(app, signed, page):
            if not watched(statement):
                continue
            steps = plan(app, statement, parameters)
            if FULL_SCAN[backend].search(steps):
                scans[f"{page.url} ({page.role})"] = f"{statement}\n{steps}"
    assert not scans, "full scans:\n\n" + "\n\n".join(f"{k}: {v}" for k, v in scans.items())


def badge_statements(app, signed) -> dict[str, tuple[str, object]]:
    """The badge's two counts, from a page with nothing else on it."""
    with statements(app) as seen:
        signed["receptionist"].get("/account")
    counts = [(s, p) for s, p in seen if "count(" in s]
    (late,) = [(s, p) for s, p in counts if "cancel_reason" in s]
    (pending,) = [(s, p) for s, p in counts if "FROM reschedule_requests" in s]
    return {BADGE_INDEX: late, PENDING_INDEX: pending}


def test_the_badge_counts_from_its_partial_indexes(app, world, grown, make_browser):
    signed = browsers(make_browser, world)
    body = signed["receptionist"].get("/account").get_data(as_text=True)
    assert '<span class="badge">60<' in body  # 30 late cancellations, 30 requests
    for index, (statement, parameters) in badge_statements(app, signed).items():
        steps = plan(app, statement, parameters)
        assert index in steps, steps
