"""Clients' requests about their own data: a copy, a correction, erasure, restriction,
or withdrawing a consent (KVKK art. 11 and 13, GDPR art. 12 and 15-21).

The law the clinic names sets the clock: KVKK gives 30 days, GDPR one month (the same
day of the next month, or that month's last day when it has no such day), counted from
the day the request arrives in the clinic's zone; the answer is due by the end of that
day. A request's due date never moves once it is set. What the client wrote is sealed
under their key; the audit trail holds kinds, statuses, dates and reason codes only."""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app import clock
from app.crypto import Binding
from app.extensions import db, lock_for_write
from app.models import (
    Client,
    Clinic,
    DataRequest,
    DataRequestKind,
    DataRequestStatus,
    User,
)
from app.services import audit, clients, keys

KVKK, GDPR = "kvkk", "gdpr"
LAWS = (KVKK, GDPR)
KVKK_DAYS = 30
DUE_SOON = timedelta(days=7)
OPEN_STATUSES = (DataRequestStatus.OPEN, DataRequestStatus.IN_PROGRESS)
LINK, STAFF = "link", "staff"
CLIENT_ACTOR = "client_link"
MAX_DETAILS = 2000
DONE = "done"
# Why a request may be refused; the client is told the reason in their language.
REFUSAL_REASONS = ("retention_period", "identity_unverified", "unfounded", "no_data", "other")
END_OF_DAY = time(23, 59, 59)


class RequestClosed(Exception):
    """The request was answered or refused already."""


@dataclass(frozen=True)
class RequestView:
    """One request as staff see it; dates are in the clinic's zone."""

    id: uuid.UUID
    client_id: uuid.UUID | None
    client_name: str
    kind: DataRequestKind
    status: DataRequestStatus
    source: str
    received_on: date
    due_on: date
    handled_by: str | None  # the staff member's name
    handled_by_id: uuid.UUID | None
    closed_on: date | None
    outcome: str | None
    details: str | None
    overdue: bool
    due_soon: bool  # due within DUE_SOON, not yet overdue

    @property
    def open(self) -> bool:
        return self.status in OPEN_STATUSES


def add_month(day: date) -> date:
    """The same day of the next month, or that month's last day (31 Jan → 28/29 Feb)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_on(law: str, received_on: date) -> date:
    """The last day to answer a request received on `received_on` (a local date)."""
    if law == GDPR:
        return add_month(received_on)
    if law == KVKK:
        return received_on + timedelta(days=KVKK_DAYS)
    raise ValueError(f"unknown privacy law {law!r}")


def due_at(law: str, received_at: datetime, zone: ZoneInfo) -> datetime:
    """The moment a request received at `received_at` is overdue after: the end of its
    due day in the clinic's zone, as aware UTC."""
    last_day = due_on(law, received_at.astimezone(zone).date())
    return datetime.combine(last_day, END_OF_DAY, tzinfo=zone).astimezone(UTC)


def is_overdue(row: DataRequest, now: datetime | None = None) -> bool:
    return row.status in OPEN_STATUSES and row.due_at < (now or clock.now())


def _binding(row: DataRequest) -> Binding:
    return Binding("data_requests", "details_sealed", str(row.id), str(row.clinic_id))


def _clean(details: str | None) -> str | None:
    text = (details or "").strip()
    return text[:MAX_DETAILS] if text else None


def open_request_of(client: Client, kind: DataRequestKind) -> DataRequest | None:
    """The client's request of this kind that is still open or in progress, if any."""
    return db.session.scalars(
        sa.select(DataRequest)
        .where(
            DataRequest.clinic_id == client.clinic_id,
            DataRequest.client_id == client.id,
            DataRequest.kind == kind,
            DataRequest.status.in_(OPEN_STATUSES),
        )
        .order_by(DataRequest.received_at)
    ).first()


def record_request(
    client: Client,
    kind: DataRequestKind,
    *,
    source: str,
    actor: User | None = None,
    details: str | None = None,
    received_at: datetime | None = None,
) -> tuple[DataRequest, bool]:
    """Record a request, or find the open one of the same kind (asking twice, or a form
    sent twice, is one request). Returns the row and whether it is new."""
    if source not in (LINK, STAFF):
        raise ValueError(f"unknown source {source!r}")
    if received_at is not None and not (
        datetime.combine(clock.FIRST_DAY, time.min, UTC) <= received_at <= clock.now()
    ):
        raise ValueError("a request is received between clock.FIRST_DAY and now")
    lock_for_write()  # SQLite: two submits of one form must not both insert
    db.session.execute(  # PostgreSQL: the same, one client at a time
        sa.select(Client.id).where(Client.id == client.id).with_for_update()
    )
    existing = open_request_of(client, kind)
    if existing is not None:
        return existing, False
    clinic = db.session.get_one(Clinic, client.clinic_id)
    received = received_at or clock.now()
    row = DataRequest(
        clinic_id=client.clinic_id,
        client_id=client.id,
        kind=kind,
        status=DataRequestStatus.OPEN,
        source=source,
        received_at=received,
        due_at=due_at(clinic.privacy_law, received, ZoneInfo(clinic.timezone)),
    )
    text = _clean(details)
    if text is not None:
        row.details_sealed = keys.seal_for_client(client, _binding(row), text)
    db.session.add(row)
    db.session.flush()
    audit.record(
        actor,
        "data_request.recorded",
        row,
        row.clinic_id,
        actor_kind=None if actor is not None else CLIENT_ACTOR,
        client=str(client.id),
        kind=kind.value,
        source=source,
        law=clinic.privacy_law,
        received=received.isoformat(),
        due=row.due_at.isoformat(),
        with_details=text is not None,
    )
    return row, True


def get_request(clinic_id: uuid.UUID, request_id: uuid.UUID) -> DataRequest | None:
    return db.session.scalars(
        sa.select(DataRequest).where(
            DataRequest.clinic_id == clinic_id, DataRequest.id == request_id
        )
    ).first()


def _still_open(row: DataRequest) -> None:
    if row.status not in OPEN_STATUSES:
        raise RequestClosed(str(row.id))


def take_request(row: DataRequest, user: User) -> bool:
    """The staff member handles the request from now on; False if they already did."""
    _still_open(row)
    if row.status is DataRequestStatus.IN_PROGRESS and row.handled_by == user.id:
        return False
    previous = row.handled_by
    row.status, row.handled_by = DataRequestStatus.IN_PROGRESS, user.id
    db.session.flush()
    audit.record(
        user,
        "data_request.taken",
        row,
        row.clinic_id,
        previous=str(previous) if previous else None,
    )
    return True


def _close(row: DataRequest, user: User, status: DataRequestStatus, outcome: str) -> None:
    _still_open(row)
    now = clock.now()
    late = row.due_at < now
    row.status, row.outcome, row.closed_at = status, outcome, now
    row.handled_by = row.handled_by or user.id
    db.session.flush()
    action = "data_request.done" if status is DataRequestStatus.DONE else "data_request.refused"
    audit.record(user, action, row, row.clinic_id, outcome=outcome, late=late)


def complete_request(row: DataRequest, user: User, outcome: str = DONE) -> None:
    """The request is answered (a copy given, data corrected or erased, ...); `outcome`
    says how when it matters ("shredded", "restricted", "restricted_until_<date>")."""
    _close(row, user, DataRequestStatus.DONE, outcome)


def ensure_open(row: DataRequest) -> None:
    """RequestClosed unless the request is open or in progress."""
    _still_open(row)


def refuse_request(row: DataRequest, user: User, reason: str) -> None:
    """The request is refused for one of REFUSAL_REASONS, which the client is told."""
    if reason not in REFUSAL_REASONS:
        raise ValueError(f"unknown refusal reason {reason!r}")
    _close(row, user, DataRequestStatus.REFUSED, reason)


def _local(moment: datetime | None, zone: ZoneInfo) -> date | None:
    return moment.astimezone(zone).date() if moment is not None else None


def _views(
    clinic: Clinic, rows: list[DataRequest], names: dict[uuid.UUID, str], *, details: bool
) -> list[RequestView]:
    zone, now = ZoneInfo(clinic.timezone), clock.now()
    staff = {
        user.id: user.name
        for user in db.session.scalars(
            sa.select(User).where(User.id.in_({r.handled_by for r in rows if r.handled_by}))
        )
    }
    views = []
    for row in rows:
        overdue = is_overdue(row, now)
        views.append(
            RequestView(
                id=row.id,
                client_id=row.client_id,
                client_name=names.get(row.client_id, "") if row.client_id else "",
                kind=row.kind,
                status=row.status,
                source=row.source,
                received_on=row.received_at.astimezone(zone).date(),
                due_on=row.due_at.astimezone(zone).date(),
                handled_by=staff.get(row.handled_by) if row.handled_by else None,
                handled_by_id=row.handled_by,
                closed_on=_local(row.closed_at, zone),
                outcome=row.outcome,
                details=(
                    keys.open_for_client(row.clinic_id, _binding(row), row.details_sealed)
                    if details
                    else None
                ),
                overdue=overdue,
                due_soon=(
                    not overdue and row.status in OPEN_STATUSES and row.due_at - now <= DUE_SOON
                ),
            )
        )
    return views


def requests_of(client: Client) -> list[RequestView]:
    """The client's requests, newest first, with what they wrote (for their page)."""
    rows = list(
        db.session.scalars(
            sa.select(DataRequest)
            .where(DataRequest.clinic_id == client.clinic_id, DataRequest.client_id == client.id)
            .order_by(DataRequest.received_at.desc())
        )
    )
    clinic = db.session.get_one(Clinic, client.clinic_id)
    return _views(clinic, rows, {}, details=True)


def open_requests(clinic: Clinic) -> list[RequestView]:
    """The clinic's open and in-progress requests, soonest due first, with the clients'
    names (an erased client's is empty) and without what they wrote."""
    rows = list(
        db.session.scalars(
            sa.select(DataRequest)
            .where(DataRequest.clinic_id == clinic.id, DataRequest.status.in_(OPEN_STATUSES))
            .order_by(DataRequest.due_at, DataRequest.received_at)
        )
    )
    names = clients.reveal_names(clinic.id, {r.client_id for r in rows if r.client_id})
    return _views(clinic, rows, names, details=False)
