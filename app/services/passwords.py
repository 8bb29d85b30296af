"""Argon2id hashing with the RFC 9106 low-memory profile (cheapest in tests)."""

from __future__ import annotations

import functools

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

PROFILES = {
    "rfc9106_low_memory": profiles.RFC_9106_LOW_MEMORY,
    "cheapest": profiles.CHEAPEST,
}
# Verified against when the account does not exist, so timing does not tell.
_DUMMY_PASSWORD = "not-a-real-password"  # noqa: S105


def hasher() -> PasswordHasher:
    return PasswordHasher.from_parameters(PROFILES[current_app.config["ARGON2_PROFILE"]])


def hash_password(password: str) -> str:
    return hasher().hash(password)


@functools.cache
def _dummy_hash(profile: str) -> str:
    """Made once per profile: hashing it on every unknown e-mail would double the work
    and so make a missing account answer measurably slower."""
    return PasswordHasher.from_parameters(PROFILES[profile]).hash(_DUMMY_PASSWORD)


def verify_password(password_hash: str | None, password: str) -> bool:
    ph = hasher()
    try:
        stored = password_hash or _dummy_hash(current_app.config["ARGON2_PROFILE"])
        matches = ph.verify(stored, password)
        return matches and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return hasher().check_needs_rehash(password_hash)
