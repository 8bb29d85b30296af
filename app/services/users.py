"""Staff accounts and their roles in a clinic."""

from __future__ import annotations

import uuid
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from app import clock
from app.extensions import db, lock_for_write
from app.models import Clinic, Membership, Role, User, UserSession
from app.services import availability
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


def clinic_staff(clinic: Clinic) -> list[tuple[User, Role, int]]:
    """Users of a clinic with their role and how many live sessions they have
    (sessions past their idle or absolute timeout do not count, even if unrevoked)."""
    now = clock.now()
    live = (
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
    clinic_id = clinic.id
    rows = db.session.execute(
        sa.select(User, Membership.role, live)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.clinic_id == clinic_id)
        .order_by(User.name)
    )
    return [(user, role, count) for user, role, count in rows]


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
