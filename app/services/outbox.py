"""Sending the outbox: claim due rows, compose, send once, record what happened.

A row goes planned → sending (claimed, committed) → the provider is called (that
moment is committed first) → sent → delivered (by receipt). A worker killed at any
point leaves a row in `sending`; once its claim is stale, a row whose provider call
never started is planned again, and one whose call may have reached Vonage becomes
`unknown` and waits for the delivery receipt that names it (`client_ref` = row id).
Only if no receipt comes within the clinic's grace period is it sent again. A send
job does this for its batch a chunk of rows at a time (app/services/outbox_sending.py).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from app import clock, sms
from app.crypto import Binding
from app.extensions import db, lock_for_write
from app.models import (
    OutboxMessage,
    OutboxState,
)
from app.services import keys

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Claim:
    outbox_id: uuid.UUID
    token: str


def _setting(name: str) -> float:
    return float(current_app.config[name])


def claim_due(limit: int) -> list[Claim]:
    """Mark up to `limit` due rows as being sent by this caller, and commit."""
    now = clock.now()
    lock_for_write()
    due = (
        sa.select(OutboxMessage.id)
        .where(OutboxMessage.state == OutboxState.PLANNED, OutboxMessage.due_at <= now)
        .order_by(OutboxMessage.due_at)
        .limit(limit)
        .execution_options(all_clinics=True)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    ids = list(db.session.scalars(due))
    token = str(uuid.uuid4())
    if ids:
        db.session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.state == OutboxState.PLANNED)
            .values(
                state=OutboxState.SENDING,
                claim_token=token,
                claimed_at=now,
                provider_called_at=None,
                attempts=OutboxMessage.attempts + 1,
                updated_at=now,
            )
            .execution_options(synchronize_session=False, all_clinics=True)
        )
    db.session.commit()
    return [Claim(outbox_id, token) for outbox_id in ids]


def count_due() -> int:
    """Rows due and not yet claimed (the sweep queues enough send jobs for them)."""
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.state == OutboxState.PLANNED, OutboxMessage.due_at <= clock.now())
        .execution_options(all_clinics=True)
    )


def recover_stale() -> tuple[int, int]:
    """Claims older than the lease: (planned again, now unknown)."""
    now = clock.now()
    stale = now - timedelta(seconds=_setting("OUTBOX_LEASE_SECONDS"))
    base = sa.and_(OutboxMessage.state == OutboxState.SENDING, OutboxMessage.claimed_at < stale)
    lock_for_write()
    replanned = _update(
        sa.and_(base, OutboxMessage.provider_called_at.is_(None)),
        state=OutboxState.PLANNED,
        claim_token=None,
    )
    unknown = _update(
        sa.and_(base, OutboxMessage.provider_called_at.is_not(None)),
        state=OutboxState.UNKNOWN,
        claim_token=None,
        error="worker_lost",
    )
    db.session.commit()
    return replanned, unknown


def retry_unanswered() -> int:
    """Unknown rows no receipt has named within the grace period are sent again."""
    grace = timedelta(seconds=_setting("OUTBOX_UNKNOWN_GRACE_SECONDS"))
    lock_for_write()
    count = _update(
        sa.and_(
            OutboxMessage.state == OutboxState.UNKNOWN,
            OutboxMessage.provider_called_at < clock.now() - grace,
        ),
        state=OutboxState.PLANNED,
        error="no_receipt",
    )
    db.session.commit()
    return count


def _update(condition: sa.ColumnElement[bool], **values: object) -> int:
    return db.session.execute(
        sa.update(OutboxMessage)
        .where(condition)
        .values(updated_at=clock.now(), **values)
        .execution_options(synchronize_session=False, all_clinics=True)
    ).rowcount


def open_body(row: OutboxMessage) -> str | None:
    """What was sent, in clear, for staff who may see the client's messages."""
    if row.body_sealed is None:
        return None
    binding = Binding("outbox", "body_sealed", str(row.id), str(row.clinic_id))
    return keys.open_for_client(row.clinic_id, binding, row.body_sealed)


def record_receipt(receipt: sms.DeliveryReceipt) -> bool:
    """Apply a delivery receipt to the row it names; True if it changed anything.
    Receipts repeat and arrive in any order; a delivered row stays delivered."""
    try:
        outbox_id = uuid.UUID(receipt.client_ref or "")
    except ValueError:
        return False
    row = db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.id == outbox_id)
        .execution_options(all_clinics=True)
    ).first()
    if row is None or row.state in (OutboxState.DELIVERED, OutboxState.CANCELLED):
        return False
    lock_for_write()
    if receipt.status == "delivered":
        values: dict[str, object] = {"state": OutboxState.DELIVERED, "delivered_at": clock.now()}
    elif receipt.status in ("failed", "rejected", "expired"):
        values = {"state": OutboxState.FAILED, "error": f"receipt:{receipt.status}"}
    elif row.state is OutboxState.UNKNOWN:  # accepted or buffered: it did reach Vonage
        values = {"state": OutboxState.SENT}
    else:
        return False
    values.setdefault("sent_at", row.sent_at or clock.now())
    ids = set(filter(None, (row.provider_ids or "").split(","))) | {receipt.message_id}
    values["provider_ids"] = ",".join(sorted(ids))[:400]
    changed = _update(
        sa.and_(
            OutboxMessage.id == row.id,
            OutboxMessage.state.not_in((OutboxState.DELIVERED, OutboxState.CANCELLED)),
        ),
        **values,
    )
    db.session.commit()
    return changed == 1
