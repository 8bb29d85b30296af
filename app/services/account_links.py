"""One-time links with which a staff member sets their password: an admin's invitation,
or a reset an admin made for them.

The app sends no e-mail yet, so the admin is shown the link once and hands it over. The
token carries 256 random bits and only its SHA-256 is stored; a link works once, for 72
hours, and a new link for the same user and purpose ends the older unused ones. Making
a link changes nothing else: until the link is used, the old password still works."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from app import clock
from app.extensions import db, lock_for_write
from app.models import AccountLink, AccountLinkPurpose, Clinic, Membership, User
from app.models.scoping import clinic_scope
from app.services import audit, auth, throttle
from app.services.active_members import of_active_member
from app.services.passwords import hash_password
from app.urls import external_url

VALID_FOR = timedelta(hours=72)
TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 100
# Requests to the setup page, per address and per link: nothing to guess in 256 bits,
# but each POST with a live link costs an Argon2 hash.
WINDOW = timedelta(minutes=15)
PER_ADDRESS = 60
PER_LINK = 20


class LinkGone(Exception):
    """Unknown, used, expired or replaced: the holder needs a new link from their admin."""


@dataclass(frozen=True)
class IssuedLink:
    """A link just made: its URL exists here and nowhere else."""

    user: User
    purpose: AccountLinkPurpose
    url: str
    expires_at: datetime


@dataclass(frozen=True)
class SetupPage:
    name: str
    email: str
    purpose: AccountLinkPurpose
    clinic_name: str


def token_digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def issue_link(
    user: User, clinic_id: uuid.UUID, purpose: AccountLinkPurpose, actor: User
) -> IssuedLink:
    """A new link for `user`, replacing their older unused ones of the same purpose."""
    replaced = revoke_links(user.id, clinic_id, purpose)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = clock.now()
    link = AccountLink(
        clinic_id=clinic_id,
        user_id=user.id,
        purpose=purpose,
        token_hash=token_digest(token),
        created_by_id=actor.id,
        created_at=now,
        expires_at=now + VALID_FOR,
    )
    db.session.add(link)
    db.session.flush()
    audit.record(
        actor,
        "account_link.issued",
        ("user", user.id),
        clinic_id,
        purpose=purpose.value,
        link=str(link.id),
        replaced=replaced,
    )
    url = external_url("account.setup", token=token)
    return IssuedLink(user=user, purpose=purpose, url=url, expires_at=link.expires_at)


def revoke_links(
    user_id: uuid.UUID, clinic_id: uuid.UUID, purpose: AccountLinkPurpose | None = None
) -> int:
    """End the user's unused links that still work (of one purpose, or all); how many.
    A revoked link is one that expired now: the model keeps no other state for it."""
    now = clock.now()
    query = sa.select(AccountLink).where(
        AccountLink.clinic_id == clinic_id,
        AccountLink.user_id == user_id,
        AccountLink.used_at.is_(None),
        AccountLink.expires_at > now,
    )
    if purpose is not None:
        query = query.where(AccountLink.purpose == purpose)
    live = db.session.scalars(query).all()
    for link in live:
        link.expires_at = now
    db.session.flush()
    return len(live)


def links_by_user(clinic_id: uuid.UUID) -> dict[uuid.UUID, list[AccountLink]]:
    """Every link ever made in the clinic, by user (a few per person), for the staff list."""
    found: dict[uuid.UUID, list[AccountLink]] = {}
    for link in db.session.scalars(
        sa.select(AccountLink).where(AccountLink.clinic_id == clinic_id)
    ):
        found.setdefault(link.user_id, []).append(link)
    return found


def invitation_pending_clause() -> sa.ColumnElement[bool]:
    """For a query on User: invited, and no invitation was ever used (no password set)."""
    invitations = sa.select(AccountLink.id).where(
        AccountLink.user_id == User.id, AccountLink.purpose == AccountLinkPurpose.INVITE
    )
    return sa.and_(
        invitations.exists(), ~invitations.where(AccountLink.used_at.is_not(None)).exists()
    )


def _live(token: str) -> AccountLink | None:
    """The link a URL's token opens, whatever the clinic, if it still works and its user
    is still an active member of the link's clinic."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    statement = of_active_member(
        sa.select(AccountLink), AccountLink.user_id, AccountLink.clinic_id
    ).where(
        AccountLink.token_hash == token_digest(token),
        AccountLink.used_at.is_(None),
        AccountLink.expires_at > clock.now(),
    )
    # the token alone says which clinic
    return db.session.scalars(statement.execution_options(all_clinics=True)).first()


def allow_request(token: str, ip: str | None) -> bool:
    """Count this request per address and, for a live link, per link; False once either
    is over its limit. The caller commits, whatever comes next."""
    lock_for_write()  # before the link is read: SQLite begins again for the lock
    link = _live(token)
    return throttle.allow_link_request(
        throttle.LinkLimits(window=WINDOW, per_address=PER_ADDRESS, per_link=PER_LINK),
        f"account-link-ip:{auth.address_block(ip or '')}",
        f"account-link:{link.id}" if link else None,
    )


def setup_page(token: str) -> SetupPage | None:
    """What the page behind a live link shows: whose account it is, nothing more."""
    link = _live(token)
    if link is None:
        return None
    user = db.session.get_one(User, link.user_id)
    clinic = db.session.get_one(Clinic, link.clinic_id)
    return SetupPage(
        name=user.name, email=user.email, purpose=link.purpose, clinic_name=clinic.name
    )


def complete_account_link(token: str, password: str) -> tuple[User, Membership]:
    """Set the password the link was made for and spend the link: every other session of
    the user ends and no other link of theirs works any more. The sign-in goes on from
    the password step (the second factor, where the account or the clinic asks for one)."""
    link = _live(token)
    if link is None:
        raise LinkGone()
    if len(password) < auth.MIN_PASSWORD_LENGTH:
        raise auth.PasswordRejected("length")
    now = clock.now()
    # Spent in one conditional statement, so two submissions at once cannot both pass.
    spent = db.session.execute(
        sa.update(AccountLink)
        .where(AccountLink.id == link.id, AccountLink.used_at.is_(None))
        .values(used_at=now)
        .execution_options(all_clinics=True, synchronize_session=False)
    ).rowcount
    if spent != 1:
        raise LinkGone()
    db.session.expire(link)
    user = db.session.get_one(User, link.user_id)
    user.password_hash = hash_password(password)
    user.password_changed_at = now
    with clinic_scope(link.clinic_id):
        revoke_links(user.id, link.clinic_id)
    ended = auth.end_all_sessions(user.id, "password_set", actor=user)
    audit.record(
        user,
        "account.password_set",
        ("user", user.id),
        link.clinic_id,
        purpose=link.purpose.value,
        link=str(link.id),
        sessions_ended=ended,
    )
    membership = auth.active_membership(user, link.clinic_id)
    if membership is None:  # deactivated since the link was made (which ends its links)
        raise LinkGone()
    return user, membership
