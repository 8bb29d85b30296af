"""The key hierarchy: master key ring → clinic keys → one data key per client.

Unwrapped keys are cached for the current app context only.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app, g

from app import clock, crypto
from app.crypto import Binding, MasterKeyRing
from app.extensions import db
from app.models import (
    Client,
    ClientKey,
    ClinicKey,
    Consent,
    DataRequest,
    EmergencyAccess,
    InboundMessage,
    InboundPart,
    KeyRotation,
    Note,
    NoteVersion,
    OutboxMessage,
)
from app.models.scoping import all_clinics

DATA, INDEX = "data", "index"


@dataclass(frozen=True)
class SealedColumns:
    """A table whose columns are sealed under a client's data key."""

    model: type
    columns: tuple[str, ...]
    rows_of_client: Callable[[uuid.UUID], sa.Select]


SEALED: list[SealedColumns] = [
    SealedColumns(
        Client,
        ("name_sealed", "phone_sealed", "email_sealed"),
        lambda client_id: sa.select(Client).where(Client.id == client_id),
    ),
    SealedColumns(
        Note,
        ("body_sealed", "transcript_sealed"),
        lambda client_id: sa.select(Note).where(Note.client_id == client_id),
    ),
    SealedColumns(
        NoteVersion,
        ("body_sealed",),
        lambda client_id: sa.select(NoteVersion).where(NoteVersion.client_id == client_id),
    ),
    SealedColumns(
        Consent,
        ("typed_name_sealed", "ip_sealed"),
        lambda client_id: sa.select(Consent).where(Consent.client_id == client_id),
    ),
    SealedColumns(
        EmergencyAccess,
        ("reason_sealed",),
        lambda client_id: sa.select(EmergencyAccess).where(EmergencyAccess.client_id == client_id),
    ),
    SealedColumns(
        OutboxMessage,
        ("body_sealed",),
        lambda client_id: sa.select(OutboxMessage).where(OutboxMessage.client_id == client_id),
    ),
    SealedColumns(
        InboundMessage,
        ("body_sealed",),
        lambda client_id: sa.select(InboundMessage).where(InboundMessage.client_id == client_id),
    ),
    SealedColumns(
        InboundPart,
        ("text_sealed",),
        lambda client_id: sa.select(InboundPart).where(InboundPart.client_id == client_id),
    ),
    SealedColumns(
        DataRequest,
        ("details_sealed",),
        lambda client_id: sa.select(DataRequest).where(DataRequest.client_id == client_id),
    ),
]


def master_ring() -> MasterKeyRing:
    return current_app.extensions["seans.master_keys"]


def platform_key(key_id: str, info: bytes) -> bytes:
    """A key for data that belongs to no clinic (SMS routing, staff second factors),
    derived from master key `key_id` for one purpose (`info`)."""
    return hmac.new(master_ring().key(key_id), info, hashlib.sha256).digest()


def _cache() -> dict[str, bytes]:
    if "seans_keys" not in g:
        g.seans_keys = {}
    return g.seans_keys


def _clinic_key_binding(key_id: str, clinic_id: uuid.UUID) -> Binding:
    return Binding("clinic_keys", "wrapped", key_id, str(clinic_id))


def _client_key_binding(key_id: str, clinic_id: uuid.UUID) -> Binding:
    return Binding("client_keys", "wrapped", key_id, str(clinic_id))


def provision_clinic_keys(clinic_id: uuid.UUID) -> None:
    for purpose in (DATA, INDEX):
        _new_clinic_key(clinic_id, purpose)


def _new_clinic_key(clinic_id: uuid.UUID, purpose: str) -> ClinicKey:
    ring = master_ring()
    key_id, key = crypto.new_key_id("ck"), crypto.new_key()
    row = ClinicKey(
        id=key_id,
        clinic_id=clinic_id,
        purpose=purpose,
        active=True,
        master_key_id=ring.active_id,
        wrapped=ring.wrap(key, _clinic_key_binding(key_id, clinic_id)),
    )
    db.session.add(row)
    _cache()[key_id] = key
    return row


def _unwrap_clinic_key(row: ClinicKey) -> bytes:
    cache = _cache()
    if row.id not in cache:
        binding = _clinic_key_binding(row.id, row.clinic_id)
        cache[row.id] = master_ring().unwrap(row.wrapped, binding)
    return cache[row.id]


def _clinic_key(
    clinic_id: uuid.UUID, *, purpose: str = DATA, key_id: str | None = None
) -> ClinicKey:
    query = sa.select(ClinicKey).where(ClinicKey.clinic_id == clinic_id)
    if key_id is None:
        query = query.where(ClinicKey.purpose == purpose, ClinicKey.active.is_(True))
    else:
        query = query.where(ClinicKey.id == key_id)
    row = db.session.scalars(query).first()
    if row is None:
        raise crypto.UnknownKey(key_id or f"{purpose} key of clinic {clinic_id}")
    return row


def wrap_under_clinic_key(clinic_id: uuid.UUID, key: bytes, binding: Binding) -> bytes:
    """Wrap a short-lived data key (a recording's) under the clinic's active data key."""
    clinic_key = _clinic_key(clinic_id)
    return crypto.seal(_unwrap_clinic_key(clinic_key), clinic_key.id, key, binding)


def unwrap_under_clinic_key(clinic_id: uuid.UUID, wrapped: bytes, binding: Binding) -> bytes:
    clinic_key = _clinic_key(clinic_id, key_id=crypto.key_id_of(wrapped))
    return crypto.open_blob(_unwrap_clinic_key(clinic_key), wrapped, binding)


def index_key(clinic_id: uuid.UUID) -> bytes:
    return _unwrap_clinic_key(_clinic_key(clinic_id, purpose=INDEX))


def new_client_key(client: Client, rotation_id: uuid.UUID | None = None) -> tuple[str, bytes]:
    clinic_key = _clinic_key(client.clinic_id)
    key_id, key = crypto.new_key_id("dk"), crypto.new_key()
    wrapped = crypto.seal(
        _unwrap_clinic_key(clinic_key),
        clinic_key.id,
        key,
        _client_key_binding(key_id, client.clinic_id),
    )
    db.session.add(
        ClientKey(
            id=key_id,
            clinic_id=client.clinic_id,
            client_id=client.id,
            wrapped=wrapped,
            clinic_key_id=clinic_key.id,
            rotation_id=rotation_id,
        )
    )
    _cache()[key_id] = key
    return key_id, key


def _client_key(row: ClientKey) -> bytes:
    cache = _cache()
    if row.id not in cache:
        if row.wrapped is None:
            raise crypto.UnknownKey(row.id)
        clinic_key = _clinic_key(row.clinic_id, key_id=row.clinic_key_id)
        cache[row.id] = crypto.open_blob(
            _unwrap_clinic_key(clinic_key), row.wrapped, _client_key_binding(row.id, row.clinic_id)
        )
    return cache[row.id]


def active_client_key(client: Client) -> tuple[str, bytes]:
    row = db.session.scalars(
        sa.select(ClientKey).where(ClientKey.client_id == client.id, ClientKey.active.is_(True))
    ).first()
    if row is None:
        return new_client_key(client)
    return row.id, _client_key(row)


def active_client_keys(client_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, tuple[str, bytes]]:
    """The active keys of many clients in one query (a send batch), by client id. A
    client without one, or whose key cannot be opened (destroyed), is left out:
    `active_client_key` makes or refuses theirs, for that client alone."""
    rows = db.session.scalars(
        sa.select(ClientKey)
        .where(ClientKey.client_id.in_(set(client_ids)), ClientKey.active.is_(True))
        .execution_options(all_clinics=True)
    )
    found = {}
    for row in rows:
        try:
            found[row.client_id] = (row.id, _client_key(row))
        except crypto.CryptoError:
            continue
    return found


def client_key_by_id(clinic_id: uuid.UUID, key_id: str) -> bytes:
    cached = _cache().get(key_id)
    if cached is not None:
        return cached
    row = db.session.scalars(
        sa.select(ClientKey).where(ClientKey.clinic_id == clinic_id, ClientKey.id == key_id)
    ).first()
    if row is None:
        raise crypto.UnknownKey(key_id)
    return _client_key(row)


def preload_client_keys(clinic_id: uuid.UUID, key_ids: Iterable[str]) -> None:
    """Unwrap many client keys at once (one query each for client and clinic keys), so a
    page showing many clients does not look their keys up one by one. Keys that are
    destroyed or unknown are skipped; opening their data raises as usual."""
    cache = _cache()
    wanted = set(key_ids) - cache.keys()
    if not wanted:
        return
    rows = db.session.execute(
        sa.select(ClientKey.id, ClientKey.clinic_key_id, ClientKey.wrapped).where(
            ClientKey.clinic_id == clinic_id, ClientKey.id.in_(wanted)
        )
    ).all()
    clinic_keys = {
        row.id: _unwrap_clinic_key(row)
        for row in db.session.scalars(
            sa.select(ClinicKey).where(
                ClinicKey.clinic_id == clinic_id,
                ClinicKey.id.in_({row.clinic_key_id for row in rows}),
            )
        )
    }
    for key_id, clinic_key_id, wrapped in rows:
        if wrapped is None or clinic_key_id not in clinic_keys:
            continue
        binding = _client_key_binding(key_id, clinic_id)
        cache[key_id] = crypto.open_blob(clinic_keys[clinic_key_id], wrapped, binding)


def forget_client_keys(key_ids: Iterable[str]) -> None:
    """Drop unwrapped client keys from this context's cache (the client was erased)."""
    cache = _cache()
    for key_id in key_ids:
        cache.pop(key_id, None)


def seal_for_client(client: Client, binding: Binding, plaintext: str | None) -> bytes | None:
    if plaintext is None:
        return None
    key_id, key = active_client_key(client)
    return crypto.seal(key, key_id, plaintext.encode(), binding)


def open_for_client(clinic_id: uuid.UUID, binding: Binding, blob: bytes | None) -> str | None:
    if blob is None:
        return None
    key = client_key_by_id(clinic_id, crypto.key_id_of(blob))
    return crypto.open_blob(key, blob, binding).decode()


# --- rotation -------------------------------------------------------------
# Each step is idempotent and works in batches; the caller commits after each
# batch, so an interrupted rotation resumes where it stopped.


def pending_master_rewraps() -> int:
    with all_clinics():
        return (
            db.session.scalar(
                sa.select(sa.func.count())
                .select_from(ClinicKey)
                .where(ClinicKey.master_key_id != master_ring().active_id)
            )
            or 0
        )


def start_master_rotation() -> str:
    """Make a new master key active unless an earlier rotation is still unfinished."""
    ring = master_ring()
    if pending_master_rewraps() == 0:
        ring.add_active()
    return ring.active_id


def rewrap_master_batch(limit: int) -> int:
    ring = master_ring()
    with all_clinics():
        rows = db.session.scalars(
            sa.select(ClinicKey)
            .where(ClinicKey.master_key_id != ring.active_id)
            .order_by(ClinicKey.id)
            .limit(limit)
        ).all()
        for row in rows:
            key = _unwrap_clinic_key(row)
            row.wrapped = ring.wrap(key, _clinic_key_binding(row.id, row.clinic_id))
            row.master_key_id = ring.active_id
    db.session.flush()
    return len(rows)


def _pending_client_rewraps(clinic_id: uuid.UUID, active_id: str):
    return sa.select(ClientKey).where(
        ClientKey.clinic_id == clinic_id,
        ClientKey.wrapped.is_not(None),
        ClientKey.clinic_key_id != active_id,
    )


def start_clinic_rotation(clinic_id: uuid.UUID, *, reencrypting: bool = False) -> str:
    """Make a new clinic data key active unless the last rotation is unfinished.

    A re-encrypting run that stopped after its clinic key was rotated resumes the
    re-encryption under that key instead of rotating the clinic key again."""
    active = _clinic_key(clinic_id)
    if db.session.scalars(_pending_client_rewraps(clinic_id, active.id).limit(1)).first():
        return active.id
    if reencrypting and _unfinished_reencryption(clinic_id) is not None:
        return active.id
    active.active = False
    active.retired_at = clock.now()
    db.session.flush()
    return _new_clinic_key(clinic_id, DATA).id


def rewrap_clinic_batch(clinic_id: uuid.UUID, limit: int) -> int:
    active = _clinic_key(clinic_id)
    active_key = _unwrap_clinic_key(active)
    rows = db.session.scalars(
        _pending_client_rewraps(clinic_id, active.id).order_by(ClientKey.id).limit(limit)
    ).all()
    for row in rows:
        key = _client_key(row)
        row.wrapped = crypto.seal(
            active_key, active.id, key, _client_key_binding(row.id, row.clinic_id)
        )
        row.clinic_key_id = active.id
    db.session.flush()
    return len(rows)


def _unfinished_reencryption(clinic_id: uuid.UUID) -> KeyRotation | None:
    return db.session.scalars(
        sa.select(KeyRotation).where(
            KeyRotation.clinic_id == clinic_id,
            KeyRotation.kind == DATA,
            KeyRotation.finished_at.is_(None),
        )
    ).first()


def start_reencryption(clinic_id: uuid.UUID) -> KeyRotation:
    rotation = _unfinished_reencryption(clinic_id)
    if rotation is None:
        rotation = KeyRotation(clinic_id=clinic_id, kind=DATA, started_at=clock.now())
        db.session.add(rotation)
        db.session.flush()
    return rotation


def reencrypt_batch(rotation: KeyRotation, limit: int) -> int:
    """Give up to `limit` clients a fresh data key and reseal all their fields."""
    pending = db.session.scalars(
        sa.select(ClientKey)
        .where(
            ClientKey.clinic_id == rotation.clinic_id,
            ClientKey.active.is_(True),
            sa.or_(ClientKey.rotation_id.is_(None), ClientKey.rotation_id != rotation.id),
        )
        .order_by(ClientKey.client_id)
        .limit(limit)
    ).all()
    for old in pending:
        _reseal_client(rotation, old)
    rotation.done += len(pending)
    if not pending:
        rotation.finished_at = clock.now()
    db.session.flush()
    return len(pending)


def _reseal_client(rotation: KeyRotation, old: ClientKey) -> None:
    old_key = _client_key(old)
    client = db.session.get_one(Client, old.client_id)
    old.active = False
    new_id, new_key = new_client_key(client, rotation_id=rotation.id)
    for sealed in SEALED:
        for row in db.session.scalars(sealed.rows_of_client(client.id)):
            for column in sealed.columns:
                blob = getattr(row, column)
                if blob is None:
                    continue
                binding = Binding(
                    sealed.model.__tablename__, column, str(row.id), str(row.clinic_id)
                )
                plaintext = crypto.open_blob(old_key, blob, binding)
                setattr(row, column, crypto.seal(new_key, new_id, plaintext, binding))
    old.wrapped = None
    old.destroyed_at = clock.now()
    _cache().pop(old.id, None)
