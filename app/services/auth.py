"""Logins, server-side sessions, locking and throttling for a shared reception PC."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from app import clock
from app.extensions import db, lock_for_write
from app.models import Clinic, LoginFailure, Membership, User, UserSession
from app.models.scoping import all_clinics
from app.services import audit, login_devices, throttle
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


def address_block(ip: str) -> str:
    """The unit an attacker controls: one IPv4 address, or a whole IPv6 /64."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _unknown_device_limits(email: str, ip: str) -> dict[str, int]:
    config = current_app.config
    return {
        _account_key(email): config["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
        f"ip:{address_block(ip)}": config["LOGIN_MAX_FAILURES_PER_IP"],
    }


def _reserve_attempt(key: str, limit: int) -> bool:
    """Count this attempt before the password is checked, atomically, so parallel
    guesses cannot all pass the check; False once the window's limit is used up."""
    return throttle.count(key, current_app.config["LOGIN_WINDOW"]) <= limit


def _reserve(limits: dict[str, int]) -> bool:
    within = [_reserve_attempt(key, limit) for key, limit in limits.items()]  # count every key
    return all(within)


def _release_attempt(key: str, *, forget_all: bool) -> None:
    """A good password: the account starts afresh; the address just gets its try back."""
    count = (
        sa.literal(0)
        if forget_all
        else sa.case((LoginFailure.count > 0, LoginFailure.count - 1), else_=0)
    )
    db.session.execute(sa.update(LoginFailure).where(LoginFailure.key == key).values(count=count))


def _reserve_for(email: str, ip: str, device_cookie: str | None) -> dict[str, int]:
    """Count the attempt where it belongs: against this browser alone when it is a known
    device of the account, else against the account's unknown devices and the address.
    A known device that used up its own tries is an unknown one until the window ends."""
    nonce = login_devices.known_nonce(_account_key(email), device_cookie)
    if nonce is not None:
        limits = {
            login_devices.throttle_key(nonce): current_app.config["LOGIN_MAX_FAILURES_PER_DEVICE"]
        }
        if _reserve(limits):
            return limits
    limits = _unknown_device_limits(email, ip)
    if not _reserve(limits):
        raise LoginThrottled()
    return limits


def authenticate(
    email: str, password: str, ip: str, device_cookie: str | None = None
) -> tuple[User, Membership]:
    """Check a password, counting every attempt first (see `_reserve_for`). Only a full
    sign-in passes `device_cookie`: a screen left unlocked is not its owner's device."""
    lock_for_write()  # SQLite: attempts on the counters are serialised
    limits = _reserve_for(email, ip, device_cookie)
    user = db.session.scalars(sa.select(User).where(User.email == normalise_email(email))).first()
    ok = verify_password(user.password_hash if user else None, password)
    membership = _first_membership(user) if ok and user and user.active else None
    if user is None or membership is None:
        audit.record(None, "login.failed", actor_kind="anonymous")
        raise LoginFailed()
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    for key in limits:
        _release_attempt(key, forget_all=not key.startswith("ip:"))
    return user, membership


def device_cookie_after_sign_in(email: str, device_cookie: str | None) -> str:
    """The browser is now a known device of this account."""
    return login_devices.remember(_account_key(email), device_cookie)


def _first_membership(user: User) -> Membership | None:
    with all_clinics():
        return db.session.scalars(
            sa.select(Membership)
            .where(Membership.user_id == user.id, Membership.deactivated_at.is_(None))
            .order_by(Membership.id)
        ).first()


def active_membership(user: User, clinic_id: uuid.UUID) -> Membership | None:
    with all_clinics():
        return db.session.scalars(
            sa.select(Membership).where(
                Membership.user_id == user.id,
                Membership.clinic_id == clinic_id,
                Membership.deactivated_at.is_(None),
            )
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


@dataclass(frozen=True)
class SignedIn:
    """A live session with everything a request needs about who is calling."""

    row: UserSession
    membership: Membership
    user: User
    clinic: Clinic


def load_session(token: str | None, *, touch: bool = True) -> SignedIn | None:
    """The live session for a cookie token, ending it first if it timed out or its access
    was removed. A request the page makes by itself (a poll) passes `touch=False`: it is
    not activity. One statement: this runs before every staff page."""
    if not token:
        return None
    found = db.session.execute(
        sa.select(UserSession, Membership, User, Clinic)
        .join(Clinic, Clinic.id == UserSession.clinic_id)
        .outerjoin(
            Membership,
            (Membership.user_id == UserSession.user_id)
            & (Membership.clinic_id == UserSession.clinic_id),
        )
        .outerjoin(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash == _hash_token(token))
        .execution_options(all_clinics=True)  # no clinic is in scope before the session
    ).first()
    if found is None:
        return None
    row, membership, user, clinic = found
    if row.revoked_at is not None:
        return None
    if membership is not None and membership.deactivated_at is not None:
        end_session(row, "deactivated")
        return None
    if membership is None or user is None or not user.active:
        end_session(row, "access_removed")
        return None
    now = clock.now()
    idle = timedelta(minutes=clinic.idle_timeout_minutes)
    if now - row.created_at >= current_app.config["SESSION_ABSOLUTE_TIMEOUT"]:
        end_session(row, "absolute_timeout")
        return None
    if now - row.last_seen_at >= idle:
        end_session(row, "idle_timeout")
        return None
    if touch and now - row.last_seen_at >= current_app.config["SESSION_TOUCH_INTERVAL"]:
        lock_for_write()  # read, then written, often on a GET: see extensions.lock_for_write
        row.last_seen_at = now
    return SignedIn(row, membership, user, clinic)


def end_session(row: UserSession, reason: str, actor: User | None = None) -> None:
    """Revoke a session; `actor` is whoever ended it (None: the system, e.g. a timeout)."""
    lock_for_write()  # may follow reads on a GET (an idle timeout noticed)
    if row.revoked_at is None:
        row.revoked_at, row.ended_reason = clock.now(), reason
        audit.record(actor, f"session.{reason}", ("user", row.user_id), row.clinic_id)


def end_all_sessions(
    user_id: uuid.UUID,
    reason: str,
    keep: UserSession | None = None,
    clinic_id: uuid.UUID | None = None,
    actor: User | None = None,
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
            end_session(row, reason, actor)
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
    return end_all_sessions(user.id, "password_changed", keep=session_row, actor=user)
