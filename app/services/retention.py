"""The nightly retention run: each clinic's settings applied to what it keeps.

- Clients whose erasure waited for the end of a legal retention period
  (`shred_after` passed) are shredded, unless a later session moved the end.
- Archived clients (no longer in care) whose clinical records' retention ended (last
  session, or the archiving if they never had one, plus `clinical_retention_years`)
  are shredded. A client still on the books is never shredded without a person
  deciding: staff archive them first.
- Clients on the tombstone list still in the database (an erasure whose transaction
  did not commit after its tombstone was written) are shredded.
- Message bodies (our SMS and clients' replies) older than `message_retention_days`
  are emptied; the rows stay (what was sent when, and its state).
- SMS routes older than the routing window (`SMS_ROUTE_DAYS`) and replies no clinic
  wrote to, after a month, are deleted (platform-wide, not per clinic).
- Audit rows older than `audit_retention_years` are purged from the clinic's chain,
  leaving a checkpoint that keeps `flask audit verify` whole.

Each clinic's run ends with one `retention.applied` audit row holding the counts.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from app import clock
from app.extensions import db
from app.models import Client, Clinic, InboundMessage, InboundPart, OutboxMessage, OutboxState
from app.models.scoping import all_clinics, clinic_scope
from app.services import audit, erasure, sms_routes, tombstones


@dataclass
class ClinicReport:
    clinic: str  # the slug
    shredded: int = 0
    shreds_postponed: int = 0
    archived_expired_shredded: int = 0
    tombstones_applied: int = 0
    outbox_bodies_purged: int = 0
    inbound_bodies_purged: int = 0
    inbound_parts_purged: int = 0
    audit_rows_purged: int = 0


@dataclass
class RetentionReport:
    at: datetime
    clinics: list[ClinicReport] = field(default_factory=list)
    sms_routes_forgotten: int = 0
    unrouted_sms_purged: int = 0

    def totals(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for report in self.clinics:
            for name, value in asdict(report).items():
                if name != "clinic":
                    totals[name] = totals.get(name, 0) + value
        return totals

    def as_dict(self) -> dict[str, object]:
        return {
            "at": self.at.isoformat(),
            "clinics": [asdict(r) for r in self.clinics],
            "totals": self.totals(),
            "sms_routes_forgotten": self.sms_routes_forgotten,
            "unrouted_sms_purged": self.unrouted_sms_purged,
        }


def run_nightly(now: datetime | None = None) -> RetentionReport:
    """Apply every clinic's retention settings; commits after each clinic, so one
    clinic's failure leaves the others' work done. The job and `flask retention run`
    call this."""
    now = now or clock.now()
    report = RetentionReport(at=now)
    with all_clinics():
        clinic_ids = list(db.session.scalars(sa.select(Clinic.id).order_by(Clinic.slug)))
    for clinic_id in clinic_ids:
        with clinic_scope(clinic_id):
            clinic = db.session.get_one(Clinic, clinic_id)
            report.clinics.append(apply_retention(clinic, now))
        db.session.commit()
    report.sms_routes_forgotten, report.unrouted_sms_purged = sms_routes.prune(now)
    db.session.commit()
    return report


def apply_retention(clinic: Clinic, now: datetime) -> ClinicReport:
    """One clinic's retention run (the caller commits)."""
    report = ClinicReport(clinic=clinic.slug)
    report.tombstones_applied = apply_tombstones(clinic.id)
    for client in _due_for_shredding(clinic.id, now):
        end = erasure.retention_end(client, clinic, now)
        if end is not None and end > now:  # a session after the erasure was asked for
            client.shred_after = end
            audit.record(
                None, "client.shred_postponed", client, clinic.id, shred_after=end.isoformat()
            )
            report.shreds_postponed += 1
            continue
        erasure.shred_client(client, by=None, reason="retention")
        report.shredded += 1
    for client in _archived_past_retention(clinic, now):
        erasure.shred_client(client, by=None, reason="retention_expired")
        report.archived_expired_shredded += 1
    _purge_message_bodies(clinic, now, report)
    audit_cutoff = erasure.add_years(now, -clinic.audit_retention_years)
    report.audit_rows_purged = audit.purge_before(str(clinic.id), audit_cutoff, clinic.id)
    audit.record(None, "retention.applied", clinic, clinic.id, **asdict(report))
    return report


def apply_tombstones(clinic_id: uuid.UUID | None = None) -> int:
    """Shred every client on the tombstone list still in the database (in one clinic,
    or in all); how many. A restore and the nightly job run this."""
    erased = list(tombstones.load())
    if not erased:
        return 0
    query = sa.select(Client).where(Client.id.in_(erased))
    if clinic_id is not None:
        query = query.where(Client.clinic_id == clinic_id)
    with all_clinics():
        found = list(db.session.scalars(query.order_by(Client.id)))
    for client in found:
        erasure.shred_client(client, by=None, reason="tombstone")
    return len(found)


def _due_for_shredding(clinic_id: uuid.UUID, now: datetime) -> list[Client]:
    return list(
        db.session.scalars(
            sa.select(Client)
            .where(
                Client.clinic_id == clinic_id,
                Client.shred_after.is_not(None),
                Client.shred_after <= now,
            )
            .order_by(Client.shred_after)
        )
    )


def _archived_past_retention(clinic: Clinic, now: datetime) -> list[Client]:
    archived = db.session.scalars(
        sa.select(Client)
        .where(
            Client.clinic_id == clinic.id,
            Client.archived_at.is_not(None),
            Client.shred_after.is_(None),
        )
        .order_by(Client.archived_at)
    ).all()
    expired = []
    for client in archived:
        end = erasure.retention_end(client, clinic, now)
        if end is None:  # never had a session: kept as long from when it was archived
            end = erasure.add_years(client.archived_at or now, clinic.clinical_retention_years)
        if end <= now:
            expired.append(client)
    return expired


def _purge_message_bodies(clinic: Clinic, now: datetime, report: ClinicReport) -> None:
    cutoff = now - timedelta(days=clinic.message_retention_days)
    sent_or_touched = sa.func.coalesce(OutboxMessage.sent_at, OutboxMessage.updated_at)
    report.outbox_bodies_purged = db.session.execute(
        sa.update(OutboxMessage)
        .where(
            OutboxMessage.clinic_id == clinic.id,
            OutboxMessage.body_sealed.is_not(None),
            OutboxMessage.state.not_in((OutboxState.PLANNED, OutboxState.SENDING)),
            sent_or_touched < cutoff,
        )
        .values(body_sealed=None)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    old = sa.select(InboundMessage.id).where(
        InboundMessage.clinic_id == clinic.id, InboundMessage.received_at < cutoff
    )
    report.inbound_parts_purged = db.session.execute(
        sa.delete(InboundPart)
        .where(InboundPart.clinic_id == clinic.id, InboundPart.message_id.in_(old))
        .execution_options(synchronize_session="fetch")
    ).rowcount
    report.inbound_bodies_purged = db.session.execute(
        sa.update(InboundMessage)
        .where(
            InboundMessage.clinic_id == clinic.id,
            InboundMessage.body_sealed.is_not(None),
            InboundMessage.received_at < cutoff,
        )
        .values(body_sealed=None)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    if report.outbox_bodies_purged or report.inbound_bodies_purged or report.inbound_parts_purged:
        db.session.info[erasure.SCRUB] = True  # the old bodies leave the WAL too
