"""Staff accounts and their roles in a clinic: invited, deactivated and reactivated,
their role changed, a password link made, by the clinic's admin."""

from __future__ import annotations

import enum
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from app import clock
from app.extensions import db, lock_for_write
from app.models import (
    AccountLink,
    AccountLinkPurpose,
    Clinic,
    Membership,
    Role,
    User,
    UserSession,
    WeeklyHours,
)
from app.services import account_links, audit, auth, availability, throttle
from app.services.auth import normalise_email
from app.services.passwords import hash_password


def create_user(
    clinic_id: uuid.UUID,
    email: str,
    name: str,
    password: str,
    role: Role,
    locale: str | None = None,
) -> User:
    user = User(
        email=normalise_email(email),
        name=name,
        password_hash=hash_password(password),
        locale=locale,
    )
    db.session.add(user)
    db.session.add(Membership(user_id=user.id, clinic_id=clinic_id, role=role))
    db.session.flush()
    if role is Role.THERAPIST:
        availability.set_default_hours(clinic_id, user.id)
    return user


def set_locale(user: User, locale: str) -> None:
    if locale in current_app.config["LANGUAGES"]:
        # Read, then written: on SQLite a poll that wrote meanwhile would otherwise make
        # this write fail at once with "database is locked" (extensions.lock_for_write).
        lock_for_write()
        user.locale = locale


class AudioNotesOff(Exception):
    """The clinic has not turned audio notes on, so no therapist may."""


def set_audio_notes(user: User, clinic: Clinic, enabled: bool) -> bool:
    """A therapist's own switch for audio notes, inside what the clinic allows; whether
    it changed. Turning it off is always allowed."""
    if enabled and not clinic.audio_notes_enabled:
        raise AudioNotesOff()
    changed = user.audio_notes_enabled != enabled
    user.audio_notes_enabled = enabled
    db.session.flush()
    return changed


def _live_sessions(clinic: Clinic) -> sa.ScalarSelect[int]:
    """For a query on User: how many live sessions they have in the clinic (sessions
    past their idle or absolute timeout do not count, even if unrevoked)."""
    now = clock.now()
    return (
        sa.select(sa.func.count())
        .where(
            UserSession.user_id == User.id,
            UserSession.clinic_id == clinic.id,
            UserSession.revoked_at.is_(None),
            UserSession.last_seen_at > now - timedelta(minutes=clinic.idle_timeout_minutes),
            UserSession.created_at > now - current_app.config["SESSION_ABSOLUTE_TIMEOUT"],
        )
        .scalar_subquery()
    )


def clinic_staff(clinic: Clinic) -> list[tuple[User, Role, int]]:
    """Users of a clinic with their role and how many live sessions they have."""
    clinic_id = clinic.id
    rows = db.session.execute(
        sa.select(User, Membership.role, _live_sessions(clinic))
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.clinic_id == clinic_id)
        .order_by(User.name)
    )
    return [(user, role, count) for user, role, count in rows]


class StaffStatus(enum.StrEnum):
    ACTIVE = "active"
    INVITED = "invited"  # the invitation link still works
    INVITATION_EXPIRED = "invitation_expired"  # invited, the link ran out unused
    DEACTIVATED = "deactivated"


@dataclass(frozen=True)
class StaffEntry:
    """One line of the admin's staff list."""

    user: User
    role: Role
    live_sessions: int
    status: StaffStatus
    pending: AccountLink | None  # an unused link that still works


def staff_list(clinic: Clinic) -> list[StaffEntry]:
    """The clinic's staff with their status, for the admin; deactivated members stay."""
    clinic_id = clinic.id
    links = account_links.links_by_user(clinic_id)
    now = clock.now()
    rows = db.session.execute(
        sa.select(User, Membership, _live_sessions(clinic))
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.clinic_id == clinic_id)
        .order_by(User.name)
    )
    entries = []
    for user, membership, live in rows:
        mine = links.get(user.id, [])
        pending = max(
            (link for link in mine if link.used_at is None and link.expires_at > now),
            key=lambda link: link.created_at,
            default=None,
        )
        entries.append(
            StaffEntry(user, membership.role, live, _status(membership, mine, pending), pending)
        )
    return entries


def _status(
    membership: Membership, links: list[AccountLink], pending: AccountLink | None
) -> StaffStatus:
    if membership.deactivated_at is not None or not membership.user.active:
        return StaffStatus.DEACTIVATED
    invitations = [link for link in links if link.purpose is AccountLinkPurpose.INVITE]
    if invitations and all(link.used_at is None for link in invitations):
        return StaffStatus.INVITED if pending is not None else StaffStatus.INVITATION_EXPIRED
    return StaffStatus.ACTIVE


def staff_member(clinic_id: uuid.UUID, user_id: uuid.UUID) -> User | None:
    return db.session.scalars(
        sa.select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.clinic_id == clinic_id, User.id == user_id)
    ).first()


def therapists(clinic_id: uuid.UUID) -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.clinic_id == clinic_id,
                Membership.role == Role.THERAPIST,
                User.active.is_(True),
            )
            .order_by(User.name)
        )
    )


# An address worth inviting: something@somewhere.tld, nothing a form field could not hold.
_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
INVITE_WINDOW = timedelta(hours=1)
INVITES_PER_WINDOW = 30


class InviteRefused(Exception):
    """The address cannot be invited. Said the same way whether it is malformed or
    belongs to an account of another clinic: which one is not this clinic's to know."""


class InvitesThrottled(Exception):
    """Too many invitations from this clinic in the window."""


class AlreadyMember(Exception):
    """Someone of this clinic (active or not) already uses the address."""


class LastAdmin(Exception):
    """The change would leave the clinic without an active admin."""


class NotActive(Exception):
    """A deactivated member gets no link until reactivated."""


def invite_user(
    clinic_id: uuid.UUID, name: str, email: str, role: Role, actor: User
) -> account_links.IssuedLink:
    """A new member who cannot sign in until they set a password through the link."""
    if throttle.count(f"invite:{clinic_id}", INVITE_WINDOW) > INVITES_PER_WINDOW:
        raise InvitesThrottled()
    address = normalise_email(email)
    existing = db.session.scalars(sa.select(User).where(User.email == address)).first()
    if existing is not None and membership_of(clinic_id, existing.id) is not None:
        audit.record(actor, "user.invite_refused", ("user", existing.id), clinic_id, member=True)
        raise AlreadyMember()
    if existing is not None or not _ADDRESS.fullmatch(address):
        audit.record(actor, "user.invite_refused", None, clinic_id)
        raise InviteRefused()
    try:
        with db.session.begin_nested():
            # A password nobody knows: signing in fails like any wrong password.
            user = create_user(clinic_id, address, name.strip(), secrets.token_urlsafe(32), role)
    except IntegrityError:  # the same address invited at the same moment elsewhere
        audit.record(actor, "user.invite_refused", None, clinic_id)
        raise InviteRefused() from None
    audit.record(actor, "user.invited", ("user", user.id), clinic_id, role=role.value)
    return account_links.issue_link(user, clinic_id, AccountLinkPurpose.INVITE, actor)


def membership_of(clinic_id: uuid.UUID, user_id: uuid.UUID) -> Membership | None:
    return db.session.scalars(
        sa.select(Membership).where(
            Membership.clinic_id == clinic_id, Membership.user_id == user_id
        )
    ).first()


def _lock_clinic(clinic_id: uuid.UUID) -> None:
    """Changes to a clinic's members take turns, so two admins demoting each other at
    once cannot both see the other still in place (SQLite's write lock does the same)."""
    db.session.execute(sa.select(Clinic.id).where(Clinic.id == clinic_id).with_for_update())


def _active_admins(clinic_id: uuid.UUID) -> set[uuid.UUID]:
    """Admins who can sign in: not deactivated, and past their invitation."""
    return set(
        db.session.scalars(
            sa.select(User.id)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.clinic_id == clinic_id,
                Membership.role == Role.ADMIN,
                Membership.deactivated_at.is_(None),
                User.active.is_(True),
                ~account_links.invitation_pending_clause(),
            )
        )
    )


def _refuse_last_admin(clinic_id: uuid.UUID, user_id: uuid.UUID) -> None:
    if _active_admins(clinic_id) == {user_id}:
        raise LastAdmin()


def deactivate_member(clinic_id: uuid.UUID, membership: Membership, actor: User) -> int:
    """End the user's access to this clinic at once (sessions, pending links); their
    account, history and audit trail stay. How many sessions were ended."""
    _lock_clinic(clinic_id)
    db.session.refresh(membership)
    if membership.deactivated_at is not None:
        return 0
    if membership.role is Role.ADMIN:
        _refuse_last_admin(clinic_id, membership.user_id)
    membership.deactivated_at = clock.now()
    revoked = account_links.revoke_links(membership.user_id, clinic_id)
    ended = auth.end_all_sessions(
        membership.user_id, "deactivated", clinic_id=clinic_id, actor=actor
    )
    audit.record(
        actor,
        "user.deactivated",
        ("user", membership.user_id),
        clinic_id,
        sessions_ended=ended,
        links_revoked=revoked,
    )
    return ended


def reactivate_member(clinic_id: uuid.UUID, membership: Membership, actor: User) -> bool:
    """Let a deactivated member sign in again with their password; whether it changed."""
    if membership.deactivated_at is None:
        return False
    membership.deactivated_at = None
    audit.record(actor, "user.reactivated", ("user", membership.user_id), clinic_id)
    return True


def change_role(clinic_id: uuid.UUID, membership: Membership, role: Role, actor: User) -> bool:
    """Give the member another role, effective at their next request; whether it changed."""
    _lock_clinic(clinic_id)
    db.session.refresh(membership)
    previous = membership.role
    if role is previous:
        return False
    if previous is Role.ADMIN:
        _refuse_last_admin(clinic_id, membership.user_id)
    membership.role = role
    if role is Role.THERAPIST and not _has_hours(membership.user_id):
        availability.set_default_hours(clinic_id, membership.user_id)
    audit.record(
        actor,
        "user.role_changed",
        ("user", membership.user_id),
        clinic_id,
        previous=previous.value,
        role=role.value,
    )
    return True


def _has_hours(user_id: uuid.UUID) -> bool:
    return bool(
        db.session.scalar(sa.select(sa.exists().where(WeeklyHours.therapist_id == user_id)))
    )


def issue_password_link(
    clinic_id: uuid.UUID, membership: Membership, actor: User
) -> account_links.IssuedLink:
    """A new invitation link while the user never set a password, else a reset link.
    The current password keeps working until the link is used."""
    if membership.deactivated_at is not None:
        raise NotActive()
    user = membership.user
    pending = db.session.scalar(
        sa.select(account_links.invitation_pending_clause()).where(User.id == user.id)
    )
    purpose = AccountLinkPurpose.INVITE if pending else AccountLinkPurpose.RESET
    return account_links.issue_link(user, clinic_id, purpose, actor)
