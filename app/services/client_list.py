"""The clients staff page through and search: one page at a time, newest first.

Names are sealed under each client's own key, so the database cannot sort by them, and
sorting in Python would open every client's name on every view (2,000 names, about
60 ms). The list is therefore newest first from an index, one page at a time, and only
the names and phones on that page are opened. A search narrows by blind index as
before (clients.search) and pages the same way."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from app import crypto
from app.crypto import Binding
from app.extensions import db
from app.models import CURRENT_CLIENT, Appointment, Client
from app.services import clients, keys

PAGE_SIZE = 50
MAX_PAGE = 10_000


@dataclass(frozen=True)
class ClientRow:
    id: uuid.UUID
    name: str
    phone: str | None


@dataclass(frozen=True)
class ClientPage:
    rows: list[ClientRow]
    page: int
    more: bool
    size: int = PAGE_SIZE


def page_number(value: str | None) -> int:
    """A page number from a query string: 1 when unreadable, clamped to 1..MAX_PAGE."""
    try:
        page = int(value or "1")
    except ValueError:
        return 1
    return min(max(page, 1), MAX_PAGE)


def current_clients(
    clinic_id: uuid.UUID, page: int = 1, therapist_id: uuid.UUID | None = None
) -> ClientPage:
    """One page of the clinic's current clients (a therapist's: those they treat)."""
    query = sa.select(Client.id, Client.name_sealed, Client.phone_sealed).where(
        Client.clinic_id == clinic_id, CURRENT_CLIENT
    )
    if therapist_id is not None:
        query = query.where(_treats(therapist_id))
    rows = db.session.execute(
        query.order_by(Client.created_at.desc(), Client.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
    ).all()
    return ClientPage(_open(clinic_id, rows[:PAGE_SIZE]), page, len(rows) > PAGE_SIZE)


def search_clients(
    clinic_id: uuid.UUID, text: str, page: int = 1, therapist_id: uuid.UUID | None = None
) -> ClientPage:
    """One page of the clients a search finds (clients.search), newest first."""
    found = clients.search(clinic_id, text)
    if therapist_id is not None and found:
        treated = _treated(therapist_id, [c.id for c in found])
        found = [c for c in found if c.id in treated]
    found.sort(key=lambda c: (c.created_at, c.id), reverse=True)
    start = (page - 1) * PAGE_SIZE
    shown = found[start : start + PAGE_SIZE]
    rows = [(c.id, c.name_sealed, c.phone_sealed) for c in shown]
    return ClientPage(_open(clinic_id, rows), page, len(found) > start + PAGE_SIZE)


def _treated(therapist_id: uuid.UUID, client_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these clients the therapist treats, in one statement: a probe per client
    on (client, therapist). A list of ids against appointments lets SQLite's planner,
    without statistics, walk the clinic's whole time index instead."""
    return set(
        db.session.scalars(
            sa.select(Client.id).where(Client.id.in_(set(client_ids)), _treats(therapist_id))
        )
    )


def _treats(therapist_id: uuid.UUID) -> sa.Exists:
    return sa.exists().where(
        Appointment.client_id == Client.id, Appointment.therapist_id == therapist_id
    )


def _open(
    clinic_id: uuid.UUID, rows: Sequence[tuple[uuid.UUID, bytes, bytes | None]]
) -> list[ClientRow]:
    """Names and phones of one page, the keys unwrapped in one batch. An erased client
    (its key destroyed) shows with an empty name."""
    blobs = [blob for _, name, phone in rows for blob in (name, phone) if blob]
    keys.preload_client_keys(clinic_id, {crypto.key_id_of(blob) for blob in blobs})

    def open_(client_id: uuid.UUID, column: str, blob: bytes | None) -> str | None:
        binding = Binding("clients", column, str(client_id), str(clinic_id))
        try:
            return keys.open_for_client(clinic_id, binding, blob)
        except crypto.UnknownKey:
            return None

    return [
        ClientRow(
            client_id,
            open_(client_id, "name_sealed", name) or "",
            open_(client_id, "phone_sealed", phone),
        )
        for client_id, name, phone in rows
    ]
