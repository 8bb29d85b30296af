"""Append-only, hash-chained audit trail: who did what to which object, when, from where.

Rows carry ids and action names only, never plaintext personal data. Each row's
hash covers its fields and the previous row's hash; the chain's head is kept
in its own table, so an edited, deleted or truncated row breaks `verify()`.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import ORMExecuteState, Session

from app import clock
from app.extensions import db, lock_for_write
from app.models import AuditEvent, AuditHead

GENESIS = "0" * 64
SYSTEM_CHAIN = "system"
# Left in a chain when its oldest rows are purged (retention): names the last purged
# row's seq and hash, from which verify() checks the rest.
PURGED = "audit.purged"


class AuditTampering(RuntimeError):
    """Raised when code tries to change or delete an audit row."""


def _object_ref(obj: Any) -> tuple[str | None, str | None]:
    if obj is None:
        return None, None
    if isinstance(obj, tuple):
        return str(obj[0]), str(obj[1])
    return obj.__tablename__, str(obj.id)


def _digest(event_: AuditEvent) -> str:
    fields = {
        "chain": event_.chain,
        "seq": event_.seq,
        "at": event_.at.isoformat(),
        "clinic_id": str(event_.clinic_id) if event_.clinic_id else None,
        "actor_id": str(event_.actor_id) if event_.actor_id else None,
        "actor_kind": event_.actor_kind,
        "action": event_.action,
        "object_type": event_.object_type,
        "object_id": event_.object_id,
        "ip": event_.ip,
        "details": event_.details,
        "prev_hash": event_.prev_hash,
    }
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def record(
    actor: Any,
    action: str,
    obj: Any = None,
    clinic_id: uuid.UUID | None = None,
    /,
    *,
    actor_kind: str | None = None,
    **details: Any,
) -> AuditEvent:
    """Append one event. `actor` is a User or None; `obj` a model row or (type, id). The
    first four are positional, so that a detail may be called `action` too."""
    chain = str(clinic_id) if clinic_id else SYSTEM_CHAIN
    head = _lock_head(chain)
    object_type, object_id = _object_ref(obj)
    event_ = AuditEvent(
        chain=chain,
        seq=head.seq + 1,
        at=clock.now(),
        clinic_id=clinic_id,
        actor_id=getattr(actor, "id", None),
        actor_kind=actor_kind or ("user" if actor is not None else "system"),
        action=action,
        object_type=object_type,
        object_id=object_id,
        ip=request.remote_addr if has_request_context() else None,
        details=json.dumps(details, sort_keys=True, default=str),
        prev_hash=head.hash,
    )
    event_.hash = _digest(event_)
    head.seq, head.hash = event_.seq, event_.hash
    db.session.add(event_)
    db.session.flush()
    return event_


def _lock_head(chain: str) -> AuditHead:
    """The chain's head, locked until commit so that two writers never take one seq."""
    lock_for_write()
    insert = (
        postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    )
    db.session.execute(
        insert(AuditHead).values(chain=chain, seq=0, hash=GENESIS).on_conflict_do_nothing()
    )
    return db.session.scalars(
        sa.select(AuditHead)
        .where(AuditHead.chain == chain)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


@dataclass(frozen=True)
class Break:
    chain: str
    seq: int
    problem: str


def verify(only: str | None = None) -> tuple[int, list[Break]]:
    """Walk every chain (or only the named one); return how many rows were checked and
    every break found."""
    checked, breaks = 0, []
    heads = {h.chain: h for h in db.session.scalars(sa.select(AuditHead))}
    chains = set(heads) | set(db.session.scalars(sa.select(AuditEvent.chain).distinct()))
    if only is not None:
        chains &= {only}
    for chain in sorted(chains):
        expected_seq, prev = _start(chain)
        rows = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.chain == chain).order_by(AuditEvent.seq)
        )
        for row in rows:
            checked += 1
            if row.seq != expected_seq:
                breaks.append(Break(chain, expected_seq, "missing row"))
            if row.prev_hash != prev:
                breaks.append(Break(chain, row.seq, "does not follow the previous row"))
            if _digest(row) != row.hash:
                breaks.append(Break(chain, row.seq, "row was altered"))
            expected_seq, prev = row.seq + 1, row.hash
        head = heads.get(chain)
        if head is None or head.seq != expected_seq - 1 or head.hash != prev:
            breaks.append(Break(chain, expected_seq, "rows missing at the end of the chain"))
    return checked, breaks


def verify_recent(chain: str, count: int) -> tuple[int, list[Break]]:
    """Check the chain's newest `count` rows and that they end at its head: what the
    audit page shows, at a cost that does not grow with years of history. `verify()`
    walks every row (`flask audit verify`)."""
    rows = list(
        db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.chain == chain)
            .order_by(AuditEvent.seq.desc())
            .limit(count)
        )
    )[::-1]
    head = db.session.get(AuditHead, chain)
    if not rows and head is None:
        return 0, []
    breaks = []
    expected_seq, prev = (rows[0].seq, rows[0].prev_hash) if rows else (1, GENESIS)
    for row in rows:
        if row.seq != expected_seq:
            breaks.append(Break(chain, expected_seq, "missing row"))
        if row.prev_hash != prev:
            breaks.append(Break(chain, row.seq, "does not follow the previous row"))
        if _digest(row) != row.hash:
            breaks.append(Break(chain, row.seq, "row was altered"))
        expected_seq, prev = row.seq + 1, row.hash
    if head is None or head.seq != expected_seq - 1 or head.hash != prev:
        breaks.append(Break(chain, expected_seq, "rows missing at the end of the chain"))
    return len(rows), breaks


def _start(chain: str) -> tuple[int, str]:
    """Where the chain's check begins: its first row, or, when its oldest rows were
    purged, the row after the purge's checkpoint (a row of the chain itself, so the
    checkpoint is checked like any other row)."""
    first = db.session.scalar(
        sa.select(sa.func.min(AuditEvent.seq)).where(AuditEvent.chain == chain)
    )
    if first is None or first == 1:
        return 1, GENESIS
    for details in db.session.scalars(
        sa.select(AuditEvent.details).where(
            AuditEvent.chain == chain, AuditEvent.action == PURGED, AuditEvent.seq >= first
        )
    ):
        checkpoint = json.loads(details)
        if checkpoint.get("through_seq") == first - 1:
            return first, str(checkpoint.get("through_hash"))
    return 1, GENESIS


def purge_before(chain: str, cutoff: datetime, clinic_id: uuid.UUID | None = None) -> int:
    """Delete the chain's rows written before `cutoff` (audit retention) and append an
    `audit.purged` checkpoint naming the last one's seq and hash; the number deleted.

    The ORM refuses to delete audit rows; this is the one sanctioned way, on the
    connection itself."""
    _lock_head(chain)
    last = db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.chain == chain, AuditEvent.at < cutoff)
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    ).first()
    if last is None:
        return 0
    through_seq, through_hash = last.seq, last.hash
    table = AuditEvent.__table__
    deleted = (
        db.session.connection()
        .execute(table.delete().where(table.c.chain == chain, table.c.seq <= through_seq))
        .rowcount
    )
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, AuditEvent) and obj.chain == chain and obj.seq <= through_seq:
            db.session.expunge(obj)
    record(
        None,
        PURGED,
        None,
        clinic_id,
        through_seq=through_seq,
        through_hash=through_hash,
        before=cutoff.isoformat(),
        rows=deleted,
    )
    return deleted


PAGE_SIZE = 50
# Far past any clinic's trail; the row offset stays well inside a 64-bit integer.
MAX_PAGE = 1_000_000
# Days a filter may name: no event lies outside them, and the date maths cannot overflow.
EARLIEST_DAY, LATEST_DAY = date(1900, 1, 1), date(2999, 12, 31)
FILTER_ARGS = ("action", "actor", "object", "since", "until")


@dataclass(frozen=True)
class Filters:
    action: str = ""
    actor_id: uuid.UUID | None = None
    object_id: str = ""
    since: datetime | None = None
    until: datetime | None = None  # exclusive


def parse_filters(args: Mapping[str, str], zone: ZoneInfo) -> Filters:
    """Filters from the log page's query (FILTER_ARGS, already trimmed): an unreadable
    value filters nothing, a day beyond the range is taken as its end."""
    since, until = _day(args.get("since", "")), _day(args.get("until", ""))
    return Filters(
        # No action or id holds a NUL, and PostgreSQL refuses one in a parameter.
        action=args.get("action", "").replace("\x00", ""),
        actor_id=_uuid(args.get("actor", "")),
        object_id=args.get("object", "").replace("\x00", ""),
        since=datetime.combine(since, time(), zone) if since else None,
        until=datetime.combine(until + timedelta(days=1), time(), zone) if until else None,
    )


def page_number(value: str | None) -> int:
    """A page number from a query string: 1 when unreadable, clamped to 1..MAX_PAGE."""
    try:
        page = int(value or "1")
    except ValueError:
        return 1
    return min(max(page, 1), MAX_PAGE)


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


def _day(value: str) -> date | None:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return min(max(day, EARLIEST_DAY), LATEST_DAY)


def list_events(
    clinic_id: uuid.UUID, filters: Filters, page: int = 1
) -> tuple[list[AuditEvent], bool]:
    """One page of the clinic's events, newest first, and whether there is another page."""
    query = sa.select(AuditEvent).where(AuditEvent.chain == str(clinic_id))
    if filters.action:
        escaped = filters.action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(AuditEvent.action.like(escaped + "%", escape="\\"))
    if filters.actor_id:
        query = query.where(AuditEvent.actor_id == filters.actor_id)
    if filters.object_id:
        query = query.where(AuditEvent.object_id == filters.object_id)
    if filters.since:
        query = query.where(AuditEvent.at >= filters.since)
    if filters.until:
        query = query.where(AuditEvent.at < filters.until)
    rows = list(
        db.session.scalars(
            query.order_by(AuditEvent.seq.desc())
            .offset((min(max(page, 1), MAX_PAGE) - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE + 1)
        )
    )
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session: Session, flush_context: Any, instances: Any) -> None:
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, AuditEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditTampering("audit events are append-only")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_audit_changes(state: ORMExecuteState) -> None:
    """ORM-enabled UPDATE/DELETE statements bypass the flush, so they are checked here."""
    if (state.is_update or state.is_delete) and any(
        m.class_ is AuditEvent for m in state.all_mappers
    ):
        raise AuditTampering("audit events are append-only")
