"""Logins, server-side sessions, locking and throttling for a shared reception PC."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from app import clock
from app.extensions import db
from app.models import Clinic, LoginFailure, Membership, User, UserSession
from app.models.scoping import all_clinics
from app.services import audit
from app.services.passwords import hash_password, needs_rehash, verify_password

MIN_PASSWORD_LENGTH = 10


class LoginFailed(Exception):
    """Wrong e-mail or password; the two are never told apart."""


class LoginThrottled(Exception):
    """Too many failures for this account or from this address."""


class PasswordRejected(ValueError):
    """A new password that does not meet the rules; the message says which."""


def _account_key(email: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, normalise_email(email).encode(), hashlib.sha256).hexdigest()
    return f"account:{digest[:40]}"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _failure_rows(keys: list[str]) -> dict[str, LoginFailure]:
    window = current_app.config["LOGIN_WINDOW"]
    now = clock.now()
    rows = {
        r.key: r
        for r in db.session.scalars(sa.select(LoginFailure).where(LoginFailure.key.in_(keys)))
    }
    for row in rows.values():
        if row.window_started_at + window <= now:
            row.count, row.window_started_at = 0, now
    return rows


def _limits(email: str, ip: str) -> dict[str, int]:
    config = current_app.config
    return {
        _account_key(email): config["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
        f"ip:{ip}": config["LOGIN_MAX_FAILURES_PER_IP"],
    }


def _count_failure(limits: dict[str, int]) -> None:
    """Increment atomically: two first failures at once must not collide on insert."""
    insert = (
        postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    )
    for key in limits:
        statement = insert(LoginFailure).values(key=key, count=1, window_started_at=clock.now())
        db.session.execute(
            statement.on_conflict_do_update(
                index_elements=[LoginFailure.key], set_={"count": LoginFailure.count + 1}
            )
        )


def authenticate(email: str, password: str, ip: str) -> tuple[User, Membership]:
    """Check a password; count failures per account and per address."""
    limits = _limits(email, ip)
    rows = _failure_rows(list(limits))
    if any(rows[k].count >= limit for k, limit in limits.items() if k in rows):
        raise LoginThrottled()
    user = db.session.scalars(sa.select(User).where(User.email == normalise_email(email))).first()
    ok = verify_password(user.password_hash if user else None, password)
    membership = _first_membership(user) if ok and user and user.active else None
    if user is None or membership is None:
        _count_failure(limits)
        audit.record(None, "login.failed", actor_kind="anonymous")
        raise LoginFailed()
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    account = rows.get(_account_key(email))
    if account is not None:
        account.count = 0
    return user, membership


def _first_membership(user: User) -> Membership | None:
    with all_clinics():
        return db.session.scalars(
            sa.select(Membership).where(Membership.user_id == user.id).order_by(Membership.id)
        ).first()


def _hash_token(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def start_session(user: User, clinic_id: uuid.UUID, ip: str | None, user_agent: str | None) -> str:
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            token_hash=_hash_token(token),
            user_id=user.id,
            clinic_id=clinic_id,
            ip=ip,
            created_at=clock.now(),
            last_seen_at=clock.now(),
            user_agent=(user_agent or "")[:200],
        )
    )
    audit.record(user, "login", ("user", user.id), clinic_id)
    return token


def load_session(token: str | None) -> UserSession | None:
    """The live session for a cookie token, ending it first if it timed out."""
    if not token:
        return None
    row = db.session.scalars(
        sa.select(UserSession).where(UserSession.token_hash == _hash_token(token))
    ).first()
    if row is None or row.revoked_at is not None:
        return None
    now = clock.now()
    clinic = db.session.get(Clinic, row.clinic_id)
    idle = timedelta(minutes=clinic.idle_timeout_minutes if clinic else 15)
    if now - row.created_at >= current_app.config["SESSION_ABSOLUTE_TIMEOUT"]:
        end_session(row, "absolute_timeout")
        return None
    if now - row.last_seen_at >= idle:
        end_session(row, "idle_timeout")
        return None
    if now - row.last_seen_at >= current_app.config["SESSION_TOUCH_INTERVAL"]:
        row.last_seen_at = now
    return row


def end_session(row: UserSession, reason: str) -> None:
    if row.revoked_at is None:
        row.revoked_at, row.ended_reason = clock.now(), reason
        audit.record(
            None,
            f"session.{reason}",
            ("user", row.user_id),
            row.clinic_id,
            actor_kind="user" if reason == "logout" else "system",
        )


def end_all_sessions(
    user_id: uuid.UUID,
    reason: str,
    keep: UserSession | None = None,
    clinic_id: uuid.UUID | None = None,
) -> int:
    """End a user's live sessions (only those in `clinic_id`, when given)."""
    query = sa.select(UserSession).where(
        UserSession.user_id == user_id, UserSession.revoked_at.is_(None)
    )
    if clinic_id is not None:
        query = query.where(UserSession.clinic_id == clinic_id)
    rows = db.session.scalars(query).all()
    ended = 0
    for row in rows:
        if keep is None or row.id != keep.id:
            end_session(row, reason)
            ended += 1
    return ended


def lock(row: UserSession) -> None:
    row.locked_at = clock.now()


def unlock(row: UserSession, user: User, password: str, ip: str) -> None:
    """Only the same person's password opens a locked screen."""
    authenticate(user.email, password, ip)
    row.locked_at = None
    row.last_seen_at = clock.now()


def change_password(user: User, current: str, new: str, session_row: UserSession, ip: str) -> int:
    """Set a new password and end every other session of the user.

    The current password is checked like a login, failures counted, so a session left
    open cannot be used to guess it without limit."""
    try:
        authenticate(user.email, current, ip)
    except LoginFailed:
        raise PasswordRejected("current") from None
    if len(new) < MIN_PASSWORD_LENGTH:
        raise PasswordRejected("length")
    user.password_hash = hash_password(new)
    user.password_changed_at = clock.now()
    audit.record(user, "password.changed", ("user", user.id), session_row.clinic_id)
    return end_all_sessions(user.id, "password_changed", keep=session_row)
