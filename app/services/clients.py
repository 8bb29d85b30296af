"""Clients: personal fields sealed under the client's data key, found by blind index."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers
import sqlalchemy as sa

from app import clock, crypto
from app.crypto import Binding
from app.extensions import db
from app.models import Client, ClientIndex, Clinic
from app.services import keys, reminders
from app.textnorm import fold, initials, name_tokens

PHONE, INITIALS, TOKEN, PREFIX = "phone", "initials", "token", "prefix"
# Name fragments are found through digests of each word's beginnings ("ayş" → Ayşe).
# Shorter fragments would match too many names and say too much about each.
MIN_FRAGMENT = 3
# How the client wants to hear from the clinic: "sms" gets automatic reminders; "phone"
# means staff call, and nothing is sent automatically.
CHANNELS = ("sms", "phone")
# How Turkish messages address a client after the first name ("Elif Hanım").
ADDRESS_FORMS = {"hanim": "Hanım", "bey": "Bey"}


class InvalidClient(ValueError):
    """Input that cannot make a client; the message names the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ClientDetails:
    """A client's personal fields in clear, for one request only."""

    id: uuid.UUID
    name: str
    phone: str | None
    email: str | None
    language: str
    channel: str
    address_form: str | None = None

    @property
    def title(self) -> str | None:
        """ "Hanım" or "Bey" for Turkish messages; English ones use the first name."""
        return ADDRESS_FORMS.get(self.address_form or "") if self.language == "tr" else None

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else self.name


def normalise_phone(raw: str, region: str = "TR") -> str:
    """E.164 from local forms such as "0532 123 45 67"."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidClient("phone", "not a phone number") from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidClient("phone", "not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _binding(client: Client, column: str) -> Binding:
    return Binding("clients", column, str(client.id), str(client.clinic_id))


def create_client(
    clinic_id: uuid.UUID,
    name: str,
    phone: str | None = None,
    email: str | None = None,
    language: str = "tr",
    channel: str = "sms",
) -> Client:
    name, phone, email = _clean(name, phone, email)
    client = Client(
        clinic_id=clinic_id,
        language=language if language in ("tr", "en") else "tr",
        channel=channel if channel in CHANNELS else "sms",
        name_sealed=b"",
    )
    db.session.add(client)
    client.name_sealed = keys.seal_for_client(client, _binding(client, "name_sealed"), name)
    client.phone_sealed = keys.seal_for_client(client, _binding(client, "phone_sealed"), phone)
    client.email_sealed = keys.seal_for_client(client, _binding(client, "email_sealed"), email)
    _index(client, name, phone)
    db.session.flush()
    return client


def _clean(name: str, phone: str | None, email: str | None) -> tuple[str, str | None, str | None]:
    name = " ".join(name.split())
    if not name_tokens(name):
        raise InvalidClient("name", "a name is required")
    phone = normalise_phone(phone) if phone and phone.strip() else None
    email = email.strip().lower() if email and email.strip() else None
    if email is not None and "@" not in email:
        raise InvalidClient("email", "not an e-mail address")
    return name, phone, email


def update_client(
    client: Client,
    name: str,
    phone: str | None,
    email: str | None,
    language: str,
    channel: str | None = None,
) -> list[str]:
    """Re-seal the personal fields under the client's active key and rebuild its blind
    indexes; return the names (never the values) of the fields that changed."""
    name, phone, email = _clean(name, phone, email)
    before = reveal(client)
    changed = [
        field
        for field, old, new in (
            ("name", before.name, name),
            ("phone", before.phone, phone),
            ("email", before.email, email),
            ("language", before.language, language),
            ("channel", before.channel, channel or before.channel),
        )
        if old != new
    ]
    client.language = language if language in ("tr", "en") else client.language
    client.channel = channel if channel in CHANNELS else client.channel
    client.name_sealed = keys.seal_for_client(client, _binding(client, "name_sealed"), name)
    client.phone_sealed = keys.seal_for_client(client, _binding(client, "phone_sealed"), phone)
    client.email_sealed = keys.seal_for_client(client, _binding(client, "email_sealed"), email)
    db.session.execute(sa.delete(ClientIndex).where(ClientIndex.client_id == client.id))
    _index(client, name, phone)
    db.session.flush()
    if {"phone", "channel"} & set(changed):  # may now be textable, or no longer
        reminders.replan_client(db.session.get_one(Clinic, client.clinic_id), client.id)
    return changed


def set_address_form(client: Client, form: str | None) -> bool:
    """ "hanim", "bey" or None; True if it changed."""
    form = form if form in ADDRESS_FORMS else None
    if client.address_form == form:
        return False
    client.address_form = form
    db.session.flush()
    return True


def archive_client(client: Client) -> bool:
    """Hide the client from lists and searches; False if already archived."""
    if client.archived_at is not None:
        return False
    client.archived_at = clock.now()
    reminders.cancel_for_client(client.id)
    db.session.flush()
    return True


def looks_like_phone(text: str) -> bool:
    digits = sum(ch.isdigit() for ch in text)
    return digits >= 7 and all(ch.isdigit() or ch in " +-()." for ch in text.strip())


def looks_like_initials(text: str) -> bool:
    """ "E.K.", "E. K." or "e.k": single letters separated by dots."""
    parts = [p for p in text.replace(" ", "").split(".") if p]
    return "." in text and bool(parts) and all(len(p) == 1 and p.isalpha() for p in parts)


def search(clinic_id: uuid.UUID, text: str) -> list[Client]:
    """One box: initials ("E.K."), a phone number, or the beginnings of name words
    ("eli ka" finds Elif Kaya; every word given must match). The middle of a word is not
    found: the blind index holds digests of words and of their first letters only."""
    text = text.strip()
    if not text:
        return []
    if looks_like_initials(text):
        return find_by_initials(clinic_id, text)
    if looks_like_phone(text):
        return find_by_phone(clinic_id, text)
    return find_by_name(clinic_id, text)


def _index(client: Client, name: str, phone: str | None) -> None:
    index_key = keys.index_key(client.clinic_id)
    tokens = name_tokens(name)
    entries = {(INITIALS, initials(name))} | {(TOKEN, t) for t in tokens}
    entries |= {(PREFIX, t[:end]) for t in tokens for end in range(MIN_FRAGMENT, len(t))}
    if phone:
        entries.add((PHONE, phone))
    for kind, value in sorted(entries):
        db.session.add(
            ClientIndex(
                clinic_id=client.clinic_id,
                client_id=client.id,
                kind=kind,
                digest=crypto.blind_index(index_key, kind, value),
            )
        )


def reveal(client: Client) -> ClientDetails:
    def open_(column: str) -> str | None:
        return keys.open_for_client(
            client.clinic_id, _binding(client, column), getattr(client, column)
        )

    return ClientDetails(
        id=client.id,
        name=open_("name_sealed") or "",
        phone=open_("phone_sealed"),
        email=open_("email_sealed"),
        language=client.language,
        channel=client.channel,
        address_form=client.address_form,
    )


def reveal_names(clinic_id: uuid.UUID, client_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Names only, for a page listing many clients: one query for the rows and their keys
    are unwrapped in one batch. An erased client (its key destroyed) has an empty name."""
    wanted = set(client_ids)
    if not wanted:
        return {}
    rows = db.session.execute(
        sa.select(Client.id, Client.name_sealed).where(
            Client.clinic_id == clinic_id, Client.id.in_(wanted)
        )
    ).all()
    return open_names(clinic_id, rows)


def open_names(
    clinic_id: uuid.UUID, rows: Iterable[tuple[uuid.UUID, bytes]]
) -> dict[uuid.UUID, str]:
    """Names from (client id, sealed name) pairs a query already selected with its own
    rows, so that a page needs no second query for them; keys unwrapped as above."""
    rows = list(rows)
    keys.preload_client_keys(clinic_id, {crypto.key_id_of(blob) for _, blob in rows})
    names = {}
    for client_id, blob in rows:
        binding = Binding("clients", "name_sealed", str(client_id), str(clinic_id))
        try:
            names[client_id] = keys.open_for_client(clinic_id, binding, blob) or ""
        except crypto.UnknownKey:
            names[client_id] = ""
    return names


def _lookup(
    clinic_id: uuid.UUID, *entries: tuple[str, str], restricted: bool = False
) -> list[Client]:
    """Clients with any of these (kind, value) index entries. A client whose processing
    is restricted keeps their entries (an SMS from them must still reach a person) but is
    found only when `restricted` is asked for: staff searches leave them out."""
    index_key = keys.index_key(clinic_id)
    digests = [crypto.blind_index(index_key, kind, value) for kind, value in entries]
    query = (
        sa.select(Client)
        .join(ClientIndex, ClientIndex.client_id == Client.id)
        .where(
            ClientIndex.clinic_id == clinic_id,
            ClientIndex.kind.in_({kind for kind, _ in entries}),
            ClientIndex.digest.in_(digests),
            Client.archived_at.is_(None),
        )
        .distinct()
    )
    if not restricted:
        query = query.where(Client.restricted_at.is_(None))
    return list(db.session.scalars(query))


def find_by_phone(
    clinic_id: uuid.UUID, raw_phone: str, *, restricted: bool = False
) -> list[Client]:
    try:
        return _lookup(clinic_id, (PHONE, normalise_phone(raw_phone)), restricted=restricted)
    except InvalidClient:
        return []


def find_by_initials(clinic_id: uuid.UUID, text: str) -> list[Client]:
    """ "E.K.", "ek" or "E. K." all mean the initials e, k."""
    letters = "".join(ch for ch in fold(text) if ch.isalpha())
    return _lookup(clinic_id, (INITIALS, letters)) if letters else []


def find_by_name(clinic_id: uuid.UUID, text: str) -> list[Client]:
    """Clients whose name has, for every word given, a word that is it or starts with it."""
    tokens = name_tokens(text)
    if not tokens:
        return []
    found = [_lookup(clinic_id, *_word_or_start(t)) for t in tokens]
    ids = set.intersection(*({c.id for c in clients} for clients in found))
    return [c for c in found[0] if c.id in ids]


def _word_or_start(token: str) -> list[tuple[str, str]]:
    entries = [(TOKEN, token)]
    if len(token) >= MIN_FRAGMENT:
        entries.append((PREFIX, token))
    return entries


def rebuild_indexes(clinic_id: uuid.UUID) -> int:
    """Recompute every client's blind index entries (after an upgrade adds a kind)."""
    rebuilt = 0
    for client in db.session.scalars(sa.select(Client).where(Client.clinic_id == clinic_id)):
        try:
            details = reveal(client)
        except crypto.UnknownKey:  # erased: its index entries went with it
            continue
        db.session.execute(sa.delete(ClientIndex).where(ClientIndex.client_id == client.id))
        _index(client, details.name, details.phone)
        rebuilt += 1
    db.session.flush()
    return rebuilt


def list_clients(clinic_id: uuid.UUID) -> list[ClientDetails]:
    """Current clients: not archived, processing not restricted."""
    clients = db.session.scalars(
        sa.select(Client).where(
            Client.clinic_id == clinic_id,
            Client.archived_at.is_(None),
            Client.restricted_at.is_(None),
        )
    )
    return sorted((reveal(c) for c in clients), key=lambda d: fold(d.name))


def get_client(clinic_id: uuid.UUID, client_id: uuid.UUID) -> Client | None:
    return db.session.scalars(
        sa.select(Client).where(Client.clinic_id == clinic_id, Client.id == client_id)
    ).first()
