"""The second factor: TOTP (RFC 6238: HMAC-SHA1, 30-second steps, six digits), ten
single-use recovery codes, and browsers remembered for 30 days.

The TOTP seed must be read back to check a code, so it is sealed under a key derived from
the master ring (a staff account belongs to no clinic). Recovery codes and remembered
devices are random and stored only as keyed hashes: a copy of the database checks none."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import uuid
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote

import segno
import sqlalchemy as sa
from flask import current_app

from app import clock, crypto
from app.crypto import Binding
from app.extensions import db, lock_for_write
from app.models import Clinic, Membership, RecoveryCode, RememberedDevice, User
from app.models.scoping import all_clinics
from app.services import audit, auth, keys, throttle

ISSUER = "Seans"
STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1  # a code from the step before or after still counts (clock skew)
RECOVERY_CODES = 10
REMEMBER_DAYS = 30
REMEMBER_COOKIE = "seans_2fa"
_SECRET_BYTES = 20  # 160 bits, RFC 4226's recommendation
_SEED_INFO = b"seans totp seed v1"
_HASH_INFO = b"seans second factor hashes v1"
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


class CodeThrottled(Exception):
    """Too many wrong codes for this account in the login window."""


def hotp(secret: bytes, counter: int) -> str:
    """RFC 4226's HOTP value of `counter`."""
    digest = hmac.new(secret, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**DIGITS).zfill(DIGITS)


def current_step() -> int:
    return int(clock.now().timestamp()) // STEP_SECONDS


def _binding(user: User) -> Binding:
    return Binding("users", "totp_secret", str(user.id), "platform")


def _seal_seed(user: User, secret: bytes) -> bytes:
    ring = keys.master_ring()
    key = keys.platform_key(ring.active_id, _SEED_INFO)
    return crypto.seal(key, ring.active_id, secret, _binding(user))


def _seed(user: User) -> bytes:
    if user.totp_secret is None:
        raise ValueError("no seed")
    key = keys.platform_key(crypto.key_id_of(user.totp_secret), _SEED_INFO)
    return crypto.open_blob(key, user.totp_secret, _binding(user))


def _keyed_hash(kind: str, value: str) -> bytes:
    key = hmac.new(current_app.config["SECRET_KEY"].encode(), _HASH_INFO, hashlib.sha256)
    return hmac.new(key.digest(), f"{kind}\x1f{value}".encode(), hashlib.sha256).digest()


def enabled(user: User) -> bool:
    return user.totp_enabled_at is not None


def required(clinic: Clinic) -> bool:
    return clinic.second_factor_required


@dataclass(frozen=True)
class Enrolment:
    """What the person copies into their authenticator app, shown once."""

    secret_base32: str
    uri: str
    qr_svg: str


def _enrolment(user: User, secret: bytes) -> Enrolment:
    encoded = base64.b32encode(secret).decode().rstrip("=")
    label = quote(f"{ISSUER}:{user.email}", safe=":@")
    uri = (
        f"otpauth://totp/{label}?secret={encoded}&issuer={ISSUER}"
        f"&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}"
    )
    svg = segno.make(uri, error="m").svg_inline(scale=4, title="QR", dark="#111", light="#fff")
    return Enrolment(encoded, uri, svg)


def current_enrolment(user: User) -> Enrolment | None:
    """The unconfirmed seed again (after a wrong code); never once the factor is on."""
    if enabled(user) or user.totp_secret is None:
        return None
    return _enrolment(user, _seed(user))


def begin_enrolment(user: User) -> Enrolment:
    """A new seed, not yet in force: `confirm_enrolment` turns it on once a code from it
    proves the authenticator has it. Starting again replaces an unconfirmed seed."""
    if enabled(user):
        raise ValueError("already enabled")
    lock_for_write()
    secret = secrets.token_bytes(_SECRET_BYTES)
    user.totp_secret = _seal_seed(user, secret)
    return _enrolment(user, secret)


def _check_totp(user: User, code: str) -> bool:
    """A code of the current step (± drift) not older than the last one accepted."""
    if user.totp_secret is None or not (code.isascii() and code.isdigit() and len(code) == DIGITS):
        return False
    seed, now = _seed(user), current_step()
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if user.totp_last_step is not None and step <= user.totp_last_step:
            continue
        if hmac.compare_digest(hotp(seed, step), code):
            user.totp_last_step = step
            return True
    return False


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_keyed_hash("recovery", raw)))
    return codes


def confirm_enrolment(user: User, code: str, clinic_id: uuid.UUID) -> list[str] | None:
    """Turn the factor on if `code` comes from the new seed; the recovery codes, to be
    shown once, or None for a wrong code."""
    lock_for_write()
    _count_attempt(user)
    if enabled(user) or not _check_totp(user, _digits(code)):
        return None
    user.totp_enabled_at = clock.now()
    throttle.reset(f"totp:{user.id}")
    audit.record(user, "second_factor.enabled", ("user", user.id), clinic_id)
    return _new_recovery_codes(user)


def _digits(code: str) -> str:
    return "".join(code.split())


def _count_attempt(user: User) -> None:
    config = current_app.config
    if throttle.count(f"totp:{user.id}", config["LOGIN_WINDOW"]) > config["SECOND_FACTOR_TRIES"]:
        raise CodeThrottled()


def verify(user: User, code: str, clinic_id: uuid.UUID) -> bool:
    """A sign-in's second step: a TOTP code, or an unused recovery code (used up)."""
    lock_for_write()
    _count_attempt(user)
    if _check_totp(user, _digits(code)):
        throttle.reset(f"totp:{user.id}")
        return True
    raw = "".join(ch for ch in code.lower() if ch.isalnum())
    row = db.session.scalars(
        sa.select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _keyed_hash("recovery", raw),
            RecoveryCode.used_at.is_(None),
        )
    ).first()
    if row is not None:
        row.used_at = clock.now()
        throttle.reset(f"totp:{user.id}")
        left = recovery_codes_left(user) - 1
        audit.record(user, "second_factor.recovery_used", ("user", user.id), clinic_id, left=left)
        return True
    audit.record(user, "second_factor.failed", ("user", user.id), clinic_id)
    return False


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
    )


def regenerate_recovery_codes(user: User, clinic_id: uuid.UUID) -> list[str]:
    lock_for_write()
    codes = _new_recovery_codes(user)
    audit.record(user, "second_factor.codes_renewed", ("user", user.id), clinic_id)
    return codes


def disable(user: User, actor: User, clinic_id: uuid.UUID) -> None:
    """Turn the factor off and forget everything that went with it."""
    lock_for_write()
    user.totp_secret = user.totp_enabled_at = user.totp_last_step = None
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    forget_devices(user)
    audit.record(actor, "second_factor.disabled", ("user", user.id), clinic_id)


def set_required(clinic: Clinic, on: bool, actor: User) -> bool:
    """The clinic's rule; whether it changed."""
    if clinic.second_factor_required == on:
        return False
    lock_for_write()
    clinic.second_factor_required = on
    action = "second_factor.required" if on else "second_factor.optional"
    audit.record(actor, action, ("clinic", clinic.id), clinic.id)
    return True


def remember_device(user: User, cookie: str | None) -> str:
    """The remembered-devices cookie with this browser added for `user`."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        RememberedDevice(
            user_id=user.id,
            token_hash=_keyed_hash("device", token),
            expires_at=clock.now() + timedelta(days=REMEMBER_DAYS),
        )
    )
    kept = [t for t in (cookie or "").split("~") if t][-7:]
    return "~".join([*kept, token])


def device_remembered(user: User, cookie: str | None) -> bool:
    tokens = [t for t in (cookie or "").split("~") if t][-8:]
    if not tokens:
        return False
    found = db.session.scalar(
        sa.select(sa.func.count()).where(
            RememberedDevice.user_id == user.id,
            RememberedDevice.token_hash.in_([_keyed_hash("device", t) for t in tokens]),
            RememberedDevice.expires_at > clock.now(),
        )
    )
    return bool(found)


def forget_devices(user: User) -> None:
    db.session.execute(sa.delete(RememberedDevice).where(RememberedDevice.user_id == user.id))


class NotResettable(Exception):
    """The account also belongs to another clinic: one clinic's admin cannot weaken it."""


def reset_for_member(clinic_id: uuid.UUID, user_id: uuid.UUID, actor: User) -> User | None:
    """An admin turns a member's factor off (a lost phone with no recovery codes left):
    their sessions end and they enrol again at next sign-in where the clinic requires it.
    None when the user is not a member of this clinic."""
    with all_clinics():
        clinics = db.session.scalars(
            sa.select(Membership.clinic_id).where(Membership.user_id == user_id)
        ).all()
    if clinic_id not in clinics:
        return None
    if set(clinics) != {clinic_id}:
        raise NotResettable()
    user = db.session.get(User, user_id)
    if user is None:
        return None
    disable(user, actor, clinic_id)
    auth.end_all_sessions(user.id, "second_factor_reset", clinic_id=clinic_id, actor=actor)
    return user
