"""Getting a client their copy: the therapist's say on notes, the link, the download.

For an open access request the client's treating therapist decides whether their
session notes and the client's clinical messages go into the copy; staff then have an
export link (the usual magic link: 128 random bits, stored hashed, one live at a time,
VALID_FOR long) texted to the client's own mobile number (`export_channel`). No one at
the clinic sees the link: staff learn whether it went, when and until when it works,
and whether the client has downloaded their copy. The client opens it on their phone
and downloads the JSON archive or reads the printable version; both are built at that
moment from the database and never stored. Every approval, link, text, refusal and
download leaves an audit row, without content.

A link serves the client's newest access request received before it was made: that
request's approval decides about notes and clinical messages, at each download."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app import clock
from app.extensions import db, lock_for_write
from app.models import (
    Client,
    Clinic,
    DataRequest,
    DataRequestKind,
    DataRequestStatus,
    MagicLink,
    Note,
    User,
)
from app.models.scoping import clinic_scope
from app.services import audit, calendar, clients, export, export_channel, links, throttle
from app.services import export_rows as rows
from app.services.auth import address_block

OPEN_STATUSES = (DataRequestStatus.OPEN, DataRequestStatus.IN_PROGRESS)
VALID_FOR = timedelta(days=7)
# Requests the export pages answer before "too many" (building an archive is not free).
WINDOW = timedelta(minutes=10)
PER_LINK = 20
PER_ADDRESS = 60
ACTOR = "client_link"
JSON, PRINT = "json", "print"


class NotTreating(Exception):
    """Only a therapist treating the client decides about notes in their copy."""


class NoChannel(Exception):
    """The client has no number of their own to text the link to: nothing was made."""

    def __init__(self, reach: export_channel.Reach) -> None:
        super().__init__(reach.problem)
        self.reach = reach


@dataclass(frozen=True)
class LinkStatus:
    """The newest link texted for a request, as staff may know it: never the link."""

    sent_at: datetime
    sent_by: str | None
    expires_at: datetime
    downloaded_at: datetime | None
    expired: bool


@dataclass(frozen=True)
class RequestView:
    """An open access request as the client's page shows it to staff."""

    request: DataRequest
    approved_by_name: str | None
    own_notes: int  # the viewing therapist's notes about this client
    link: LinkStatus | None


@dataclass(frozen=True)
class Delivery:
    """What staff are told after asking for the link to be texted."""

    sent: bool
    expires_at: datetime


@dataclass(frozen=True)
class Opened:
    link: MagicLink
    client: Client
    clinic: Clinic
    request: DataRequest | None


@dataclass(frozen=True)
class LinkPage:
    """What the client's export page may show: no data until they ask for it."""

    clinic_name: str
    clinic_slug: str  # for the footer's link to the clinic's transparency page
    language: str
    first_name: str
    expires_at: datetime  # in the clinic's zone
    notes_pending: bool
    messages_pending: bool


def get_access_request(
    clinic_id: uuid.UUID, client_id: uuid.UUID, request_id: uuid.UUID
) -> DataRequest | None:
    """The client's open access request with this id, or None."""
    return db.session.scalars(
        sa.select(DataRequest).where(
            DataRequest.clinic_id == clinic_id,
            DataRequest.client_id == client_id,
            DataRequest.id == request_id,
            DataRequest.kind == DataRequestKind.ACCESS,
            DataRequest.status.in_(OPEN_STATUSES),
        )
    ).first()


def open_requests(client: Client, viewer: User | None = None) -> list[RequestView]:
    """The client's open access requests, oldest due first."""
    found = db.session.scalars(
        sa.select(DataRequest)
        .where(
            DataRequest.clinic_id == client.clinic_id,
            DataRequest.client_id == client.id,
            DataRequest.kind == DataRequestKind.ACCESS,
            DataRequest.status.in_(OPEN_STATUSES),
        )
        .order_by(DataRequest.due_at)
    ).all()
    own = _notes_by(client, viewer.id) if viewer is not None else 0
    return [
        RequestView(
            request=row,
            approved_by_name=_name(row.notes_approved_by),
            own_notes=own,
            link=_link_status(client, row),
        )
        for row in found
    ]


def _link_status(client: Client, request: DataRequest) -> LinkStatus | None:
    """The newest link texted since the request arrived and not withdrawn (a link whose
    text failed is withdrawn at once)."""
    link = db.session.scalars(
        sa.select(MagicLink)
        .where(
            MagicLink.clinic_id == client.clinic_id,
            MagicLink.client_id == client.id,
            MagicLink.purpose == links.EXPORT,
            MagicLink.created_at >= request.received_at,
            MagicLink.revoked_at.is_(None),
        )
        .order_by(MagicLink.created_at.desc())
        .limit(1)
    ).first()
    if link is None:
        return None
    return LinkStatus(
        sent_at=link.created_at,
        sent_by=_name(link.created_by),
        expires_at=link.expires_at,
        downloaded_at=link.used_at,
        expired=link.expires_at <= clock.now(),
    )


def _name(user_id: uuid.UUID | None) -> str | None:
    user = db.session.get(User, user_id) if user_id else None
    return user.name if user else None


def _notes_by(client: Client, therapist_id: uuid.UUID) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Note)
            .where(
                Note.clinic_id == client.clinic_id,
                Note.client_id == client.id,
                Note.therapist_id == therapist_id,
            )
        )
        or 0
    )


def approve_notes(request: DataRequest, therapist: User) -> bool:
    """Record that the treating therapist approves including their session notes; False
    when it was already approved (by them or, first, by another treating therapist)."""
    if request.client_id is None or not calendar.is_treating(therapist.id, request.client_id):
        raise NotTreating()
    if request.notes_approved_at is not None:
        return False
    request.notes_approved_by, request.notes_approved_at = therapist.id, clock.now()
    db.session.flush()
    audit.record(therapist, "export.notes_approved", request, request.clinic_id)
    return True


def send_link(request: DataRequest, client: Client, user: User) -> Delivery:
    """Text a new export link to the client's own mobile number (their older link stops
    working). NoChannel, with nothing made or sent, when they have none that counts."""
    reach, phone = export_channel.check(client)
    if phone is None:
        audit.record(
            user,
            "export.not_sent",
            request,
            request.clinic_id,
            client=str(client.id),
            reason=str(reach.problem),
        )
        raise NoChannel(reach)
    token = links.issue_link(client, links.EXPORT, created_by=user, valid_for=VALID_FOR)
    link = db.session.scalars(
        sa.select(MagicLink).where(MagicLink.token_digest == links.token_digest(token))
    ).one()
    audit.record(user, "export.prepared", request, request.clinic_id, client=str(client.id))
    sent = export_channel.text_link(
        client,
        user,
        phone,
        links.public_url(token, links.EXPORT),
        link.expires_at,
        request=str(request.id),
    )
    if not sent:  # it reached no one: withdrawn, so no status ever calls it texted
        link.revoked_at = clock.now()
        db.session.flush()
    return Delivery(sent=sent, expires_at=link.expires_at)


# --- the client's side ------------------------------------------------------------


def allow_request(token: str, ip: str | None) -> bool:
    """Count this request per address and, for a live link, per link; False once either
    is over its limit for the window. The caller commits, whatever comes next."""
    lock_for_write()  # before the link is read: SQLite begins again for the lock
    link = links.resolve_link(token, links.EXPORT)
    return throttle.allow_link_request(
        throttle.LinkLimits(window=WINDOW, per_address=PER_ADDRESS, per_link=PER_LINK),
        f"export-ip:{address_block(ip or '')}",
        f"export-link:{link.id}" if link else None,
    )


def request_for(link: MagicLink) -> DataRequest | None:
    """The access request a link serves: the client's newest one made before the link."""
    return db.session.scalars(
        sa.select(DataRequest)
        .where(
            DataRequest.clinic_id == link.clinic_id,
            DataRequest.client_id == link.client_id,
            DataRequest.kind == DataRequestKind.ACCESS,
            DataRequest.status != DataRequestStatus.REFUSED,
            DataRequest.received_at <= link.created_at,
        )
        .order_by(DataRequest.received_at.desc())
        .limit(1)
    ).first()


@contextmanager
def _opened(token: str) -> Iterator[Opened | None]:
    link = links.resolve_link(token, links.EXPORT)
    if link is None:
        yield None
        return
    with clinic_scope(link.clinic_id):
        client = clients.get_client(link.clinic_id, link.client_id)
        if client is None:
            yield None
            return
        clinic = db.session.get_one(Clinic, link.clinic_id)
        yield Opened(link, client, clinic, request_for(link))


def _approver(found: Opened) -> uuid.UUID | None:
    """The therapist whose approval stands for this copy, if it still holds."""
    request = found.request
    if request is None or request.notes_approved_at is None or request.notes_approved_by is None:
        return None
    if not calendar.is_treating(request.notes_approved_by, found.client.id):
        return None
    return request.notes_approved_by


def link_page(token: str) -> LinkPage | None:
    """The export page behind a link, or None; opening it is audited."""
    with _opened(token) as found:
        if found is None:
            return None
        audit.record(
            None, "link.opened", found.link, found.clinic.id, actor_kind=ACTOR, purpose=links.EXPORT
        )
        name = clients.reveal_names(found.clinic.id, [found.client.id]).get(found.client.id, "")
        approver = _approver(found)
        withheld = (
            sa.select(sa.func.count())
            .select_from(Note)
            .where(Note.clinic_id == found.clinic.id, Note.client_id == found.client.id)
        )
        if approver is not None:
            withheld = withheld.where(Note.therapist_id != approver)
        pending = db.session.scalar(withheld) or 0
        held = rows.held_count(found.clinic.id, found.client.id) if approver is None else 0
        return LinkPage(
            clinic_name=found.clinic.name,
            clinic_slug=found.clinic.slug,
            language=found.client.language,
            first_name=name.split()[0] if name.split() else "",
            expires_at=found.link.expires_at.astimezone(ZoneInfo(found.clinic.timezone)),
            notes_pending=pending > 0,
            messages_pending=held > 0,
        )


def download(token: str, form: str) -> dict[str, Any] | None:
    """The client's archive, built now, or None for a link that does not work. Audited
    with its format and counts, never its content."""
    with _opened(token) as found:
        if found is None:
            return None
        approver = _approver(found)
        archive = export.build_archive(
            found.clinic.id, found.client.id, include_notes=approver is not None, notes_by=approver
        )
        found.link.used_at = found.link.used_at or clock.now()
        audit.record(
            None,
            "export.downloaded",
            found.link,
            found.clinic.id,
            actor_kind=ACTOR,
            format=form,
            client=str(found.client.id),
            request=str(found.request.id) if found.request else None,
            counts=archive["counts"],
        )
        db.session.flush()
        return archive
