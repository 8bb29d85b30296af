"""Erasure by crypto-shredding, and restriction of processing.

Everything personal about a client is sealed under the client's own data key. Shredding
overwrites that key's wrapped value with NULL and deletes every row about the client in
the same transaction; the client's id goes on the tombstone list beside the master keys
(`services.tombstones`), so restoring an older backup shreds them again. On SQLite the
freed pages are zeroed (secure_delete) and, once the transaction commits, the WAL is
checkpointed and truncated, so neither file keeps the ciphertext.

While a legal retention period for clinical records still runs (the clinic's
`clinical_retention_years` after the client's last session), an erasure waits: the
client's processing is restricted and `shred_after` is set; the nightly retention job
shreds them then. Restricted means no reminders, the assistant does not read their
replies (a person does), and they are left out of lists and searches.
"""

from __future__ import annotations

import enum
import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app import clock
from app.extensions import db, lock_for_write
from app.models import (
    Appointment,
    AppointmentStatus,
    Client,
    ClientIndex,
    ClientKey,
    Clinic,
    Consent,
    DataRequest,
    EmergencyAccess,
    InboundMessage,
    InboundPart,
    MagicLink,
    Note,
    NoteVersion,
    OutboxMessage,
    Recording,
    RescheduleRequest,
    Series,
    SmsRoute,
)
from app.models.scoping import clinic_scope
from app.services import audit, keys, reminders, tombstones

log = logging.getLogger(__name__)

# Every table with a client's rows, children before parents. A test checks that each
# foreign key to clients is here or in KEPT.
SHRED_ORDER: tuple[type, ...] = (
    InboundPart,
    InboundMessage,
    OutboxMessage,
    RescheduleRequest,
    MagicLink,
    EmergencyAccess,
    Recording,
    NoteVersion,
    Note,
    Consent,
    SmsRoute,
    Appointment,
    Series,
    ClientIndex,
    ClientKey,
)
# Kept with client_id set to NULL: the record that the client's request was answered.
KEPT: tuple[type, ...] = (DataRequest,)
SCRUB = "seans_scrub_after_commit"
_SCRUB_COMMITTED = "seans_scrub_committed"


class Outcome(enum.StrEnum):
    SHREDDED = "shredded"
    RESTRICTED = "restricted"  # a retention period runs; shredded at `shred_after`


@dataclass(frozen=True)
class Erasure:
    outcome: Outcome
    client_id: uuid.UUID
    shred_after: datetime | None = None
    rows: dict[str, int] = field(default_factory=dict)


def add_years(moment: datetime, years: int) -> datetime:
    """The same date `years` later (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


def last_session(client_id: uuid.UUID, now: datetime) -> datetime | None:
    """When the client's last session that took place (or was due to) ended: clinical
    records exist for it. Cancelled sessions and sessions still to come do not count."""
    return db.session.scalar(
        sa.select(sa.func.max(Appointment.end_at)).where(
            Appointment.client_id == client_id,
            Appointment.status != AppointmentStatus.CANCELLED,
            Appointment.start_at <= now,
        )
    )


def retention_end(client: Client, clinic: Clinic, now: datetime | None = None) -> datetime | None:
    """When the clinic must stop keeping the client's clinical records; None when it
    holds none (no session) or keeps none (a retention of 0 years)."""
    last = last_session(client.id, now or clock.now())
    if last is None or clinic.clinical_retention_years <= 0:
        return None
    return add_years(last, clinic.clinical_retention_years)


def erase_client(client: Client, *, by: Any, request: DataRequest | None = None) -> Erasure:
    """Erase the client now, or, while a legal retention period runs, restrict their
    processing and schedule the shred for its end. `by` is the staff member (None: the
    system). The caller commits."""
    clinic = db.session.get_one(Clinic, client.clinic_id)
    end = retention_end(client, clinic)
    if end is not None and end > clock.now():
        restrict_client(client, by=by, request=request, shred_after=end)
        return Erasure(Outcome.RESTRICTED, client.id, shred_after=end)
    client_id = client.id
    rows = shred_client(client, by=by, request=request, reason="erasure")
    return Erasure(Outcome.SHREDDED, client_id, rows=rows)


def restrict_client(
    client: Client,
    *,
    by: Any,
    request: DataRequest | None = None,
    shred_after: datetime | None = None,
) -> bool:
    """Restrict processing (a restriction request, or an erasure that must wait): no
    reminders, no assistant, out of lists and searches. False if it already was."""
    first = client.restricted_at is None
    if first:
        client.restricted_at = clock.now()
    if shred_after is not None:
        client.shred_after = shred_after
    reminders.cancel_for_client(client.id)
    _discard_recordings(client.id, by)
    db.session.flush()
    audit.record(
        by,
        "client.restricted",
        client,
        client.clinic_id,
        reason="erasure_pending" if shred_after else "requested",
        shred_after=shred_after.isoformat() if shred_after else None,
        request=str(request.id) if request else None,
        already=not first,
    )
    return first


def lift_restriction(client: Client, *, by: Any, request: DataRequest | None = None) -> bool:
    """Process the client's data again (the client asked, or withdrew an erasure that was
    waiting); their coming sessions get reminders again. False if not restricted."""
    if client.restricted_at is None:
        return False
    client.restricted_at = None
    client.shred_after = None
    db.session.flush()
    reminders.replan_client(db.session.get_one(Clinic, client.clinic_id), client.id)
    audit.record(
        by,
        "client.restriction_lifted",
        client,
        client.clinic_id,
        request=str(request.id) if request else None,
    )
    return True


def shred_client(
    client: Client, *, by: Any, request: DataRequest | None = None, reason: str
) -> dict[str, int]:
    """Destroy the client's keys and delete their rows; how many rows went, by table.

    The tombstone is written (durably) before anything changes here: should the
    transaction then not commit, the nightly job finds the tombstone and shreds the
    client; the other way round, a failure could leave an erasure an old backup undoes."""
    client_id, clinic_id = client.id, client.clinic_id
    now = clock.now()
    lock_for_write()
    tombstones.add([client_id], now)
    with clinic_scope(clinic_id):
        _discard_recordings(client_id, by)
        key_ids = list(
            db.session.scalars(sa.select(ClientKey.id).where(ClientKey.client_id == client_id))
        )
        # The wrapped keys are overwritten before their rows go, in this transaction.
        db.session.execute(
            sa.update(ClientKey)
            .where(ClientKey.client_id == client_id)
            .values(wrapped=None, destroyed_at=now, active=False)
            .execution_options(synchronize_session="fetch")
        )
        rows = {}
        for model in SHRED_ORDER:
            rows[model.__tablename__] = db.session.execute(
                sa.delete(model)
                .where(model.client_id == client_id)
                .execution_options(synchronize_session="fetch")
            ).rowcount
        # What the client wrote in a request could no longer be opened: it goes too.
        rows["data_requests_kept"] = db.session.execute(
            sa.update(DataRequest)
            .where(DataRequest.client_id == client_id)
            .values(client_id=None, details_sealed=None)
            .execution_options(synchronize_session="fetch")
        ).rowcount
        db.session.execute(
            sa.delete(Client)
            .where(Client.id == client_id)
            .execution_options(synchronize_session="fetch")
        )
        rows["clients"] = 1
    keys.forget_client_keys(key_ids)
    audit.record(
        by,
        "client.erased",
        ("clients", client_id),
        clinic_id,
        reason=reason,
        request=str(request.id) if request else None,
        keys_destroyed=len(key_ids),
        rows=rows,
    )
    db.session.info[SCRUB] = True
    return rows


def _discard_recordings(client_id: uuid.UUID, by: Any) -> None:
    from app.services import recordings  # it uses SCRUB from here

    recordings.discard_for_client(client_id, "client_erased_or_restricted", by)


def scrub_storage(engine: Engine) -> dict[str, int] | None:
    """On SQLite, copy the WAL into the database file and truncate it, so the pages that
    held erased rows survive only as their zeroed versions. (PostgreSQL keeps dead row
    versions until VACUUM reuses their space: there the destroyed key is what protects
    them, and pg_dump never copies them into a backup.)"""
    if engine.dialect.name != "sqlite":
        return None
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        busy, frames, done = cursor.fetchone()
        cursor.close()
    finally:
        raw.close()
    if busy:
        log.warning("WAL not truncated after an erasure: a reader was busy; the next one will")
    return {"busy": busy, "wal_frames": frames, "checkpointed": done}


@event.listens_for(Session, "after_commit")
def _scrub_after_commit(session: Session) -> None:
    if session.info.pop(SCRUB, False):
        session.info[_SCRUB_COMMITTED] = True


@event.listens_for(Session, "after_transaction_end")
def _scrub_once_released(session: Session, transaction: Any) -> None:
    """Scrub once the session has given its connection back to the pool, not while it
    holds it (`after_commit` comes before that): a second connection per request would
    leave a full pool's requests each waiting for another's, until the pool times out."""
    if transaction.parent is None and session.info.pop(_SCRUB_COMMITTED, False):
        scrub_storage(session.get_bind())


@event.listens_for(Session, "after_rollback")
def _nothing_to_scrub(session: Session) -> None:
    session.info.pop(SCRUB, None)
