"""Magic links: what a client without an account opens from an SMS or a copied URL.

The token in the URL is the only key, so it carries 128 random bits (enough against
guessing, and short enough for an SMS) and only its SHA-256 is stored. A link belongs
to one client and one purpose and expires; a new consent link replaces the client's
older ones. The link page reaches the clinic's data with no one signed in, so the
link is found across clinics and everything after that runs inside its own clinic."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from app import clock
from app.extensions import db
from app.models import (
    Appointment,
    Client,
    Clinic,
    ConsentKind,
    ConsentMethod,
    ConsentText,
    MagicLink,
    User,
)
from app.models.scoping import clinic_scope
from app.services import audit, consent
from app.urls import external_url

CONSENT = "consent"
APPOINTMENT = "appointment"
# A client's copy of their data (services/export_delivery); staff issue it for an access
# request, and it works for an archived client too: the right of access outlives archiving.
EXPORT = "export"
PURPOSES = frozenset({CONSENT, APPOINTMENT, EXPORT})
# Purposes of which a client has one live link at a time: a new one replaces the old.
ONE_AT_A_TIME = frozenset({CONSENT, EXPORT})
# Where each purpose's page lives (`/c/<token>`, `/r/<token>`, `/x/<token>`): its
# endpoint and the URL argument that takes the token.
PAGES = {
    CONSENT: ("links.consent", "link_token"),
    APPOINTMENT: ("client_pages.show", "appointment_token"),
    EXPORT: ("exports.link_page", "export_token"),
}
TOKEN_BYTES = 16
MAX_TOKEN_LENGTH = 100
VALID_FOR = timedelta(days=7)


@dataclass(frozen=True)
class ConsentItem:
    kind: ConsentKind
    version: int
    body: str


@dataclass(frozen=True)
class ConsentPage:
    """What the consent page may show: no contact details, appointments or notes."""

    clinic_name: str
    language: str
    offered: list[ConsentItem]
    given: list[ConsentItem]


def token_digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def issue_link(
    client: Client,
    purpose: str,
    *,
    created_by: User | None,
    appointment: Appointment | None = None,
    valid_for: timedelta = VALID_FOR,
) -> str:
    """A new link; the token is returned here and never again."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown link purpose {purpose!r}")
    replaced = revoke_links(client, purpose) if purpose in ONE_AT_A_TIME else 0
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = clock.now()
    link = MagicLink(
        clinic_id=client.clinic_id,
        client_id=client.id,
        appointment_id=appointment.id if appointment else None,
        purpose=purpose,
        token_digest=token_digest(token),
        created_by=created_by.id if created_by else None,
        created_at=now,
        expires_at=now + valid_for,
    )
    db.session.add(link)
    db.session.flush()
    if created_by is None:
        return token  # the clinic's own message: its outbox row records the send
    audit.record(
        created_by,
        "link.issued",
        link,
        client.clinic_id,
        purpose=purpose,
        client=str(client.id),
        replaced=replaced,
    )
    return token


def issue_system_link(client: Client, appointment: Appointment | None) -> str:
    """A link for a message the clinic sends by itself: an appointment's link works
    until a day after the session; a consent link for the usual week."""
    if appointment is None:
        return issue_link(client, CONSENT, created_by=None)
    valid_for = appointment.end_at + timedelta(days=1) - clock.now()
    return issue_link(
        client, APPOINTMENT, created_by=None, appointment=appointment, valid_for=valid_for
    )


def public_url(token: str, purpose: str = APPOINTMENT) -> str:
    """The absolute address a client opens, on PUBLIC_URL (messages are composed outside
    any request, and a staff screen must not take the host its request named)."""
    endpoint, argument = PAGES[purpose]
    return external_url(endpoint, **{argument: token})


def revoke_links(client: Client, purpose: str) -> int:
    """Revoke the client's live links of this purpose; return how many there were."""
    live = db.session.scalars(
        sa.select(MagicLink).where(
            MagicLink.clinic_id == client.clinic_id,
            MagicLink.client_id == client.id,
            MagicLink.purpose == purpose,
            MagicLink.revoked_at.is_(None),
            MagicLink.expires_at > clock.now(),
        )
    ).all()
    for link in live:
        link.revoked_at = clock.now()
    db.session.flush()
    return len(live)


def live_link(client: Client, purpose: str) -> MagicLink | None:
    """The client's newest link of this purpose that still works."""
    return db.session.scalars(
        sa.select(MagicLink)
        .where(
            MagicLink.clinic_id == client.clinic_id,
            MagicLink.client_id == client.id,
            MagicLink.purpose == purpose,
            MagicLink.revoked_at.is_(None),
            MagicLink.expires_at > clock.now(),
        )
        .order_by(MagicLink.created_at.desc())
    ).first()


def resolve_link(token: str, purpose: str) -> MagicLink | None:
    """The live link a URL's token opens, whatever the clinic; None for an unknown,
    expired or revoked token, one made for another purpose, or an archived client's
    (except an export link: a former client may still take their data away)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    # Found by digest through a unique index: no comparison of secrets in Python.
    return db.session.scalars(
        sa.select(MagicLink)
        .join(Client, Client.id == MagicLink.client_id)
        .where(
            MagicLink.token_digest == token_digest(token),
            MagicLink.purpose == purpose,
            MagicLink.revoked_at.is_(None),
            MagicLink.expires_at > clock.now(),
            sa.or_(Client.archived_at.is_(None), MagicLink.purpose == EXPORT),
        )
        .execution_options(all_clinics=True)  # the token alone says which clinic
    ).first()


def _item(text: ConsentText) -> ConsentItem:
    return ConsentItem(kind=ConsentKind(text.kind), version=text.version, body=text.body)


def _page(link: MagicLink) -> ConsentPage:
    client = db.session.get(Client, link.client_id)
    clinic = db.session.get(Clinic, link.clinic_id)
    in_force = {
        row.kind: text
        for row, text in reversed(consent.client_consents(client))
        if row.withdrawn_at is None and row.given_at <= clock.now()
    }
    offered = []
    for kind in ConsentKind:
        text = None if kind in in_force else consent.current_text(clinic.id, kind, client.language)
        if text is not None:
            offered.append(_item(text))
    return ConsentPage(
        clinic_name=clinic.name,
        language=client.language,
        offered=offered,
        given=[_item(in_force[kind]) for kind in ConsentKind if kind in in_force],
    )


def consent_page(token: str, *, opened: bool = False) -> ConsentPage | None:
    """The consent page behind a link, or None; `opened` audits that the client saw it."""
    link = resolve_link(token, CONSENT)
    if link is None:
        return None
    with clinic_scope(link.clinic_id):
        page = _page(link)
        if opened:
            audit.record(
                None, "link.opened", link, link.clinic_id, actor_kind="client_link", purpose=CONSENT
            )
    return page


def give_consents(
    token: str, kinds: list[ConsentKind], typed_name: str, ip: str | None
) -> list[ConsentItem] | None:
    """Record each ticked consent not already in force; return what was recorded, or
    None when the link no longer works. Sending the form twice records nothing twice."""
    link = resolve_link(token, CONSENT)
    if link is None:
        return None
    with clinic_scope(link.clinic_id):
        client = db.session.get(Client, link.client_id)
        recorded = []
        for kind in ConsentKind:
            if kind in kinds and not consent.has_consent(client.id, kind):
                given = consent.record_consent(
                    client, kind, ConsentMethod.ONLINE, typed_name=typed_name, ip=ip
                )
                recorded.append(_item(db.session.get(ConsentText, given.text_id)))
        if recorded and link.used_at is None:
            link.used_at = clock.now()
        db.session.flush()
    return recorded
