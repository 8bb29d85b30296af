"""Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies").

A browser where someone signed in fully gets a cookie naming that account. Wrong
passwords from such a known device count against that device alone; wrong passwords
from anywhere else count against "unknown devices" of the account and against their
address. So an attacker guessing from their own browser locks out only unknown
devices, and the account's owner signs in from their known device at once.

The cookie holds one entry per account that signed in on the browser (a reception PC
is shared), each an unguessable nonce with an HMAC binding it to the account; it
reveals nothing about the account and is worthless on any other account."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from flask import current_app

COOKIE_NAME = "seans_device"
COOKIE_PATH = "/"
MAX_ENTRIES = 8  # accounts remembered by one browser; the oldest drops out
_NONCE_BYTES = 16
_MAC_BYTES = 16


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _mac(account: str, nonce: str) -> str:
    key = hmac.new(
        current_app.config["SECRET_KEY"].encode(), b"seans device cookie", hashlib.sha256
    ).digest()
    digest = hmac.new(key, f"{account}\x1f{nonce}".encode(), hashlib.sha256).digest()
    return _b64(digest[:_MAC_BYTES])


def entries(cookie: str | None) -> list[str]:
    """The well-formed entries of a cookie value, newest last."""
    if not cookie:
        return []
    return [part for part in cookie.split("~") if part.count(".") == 1][-MAX_ENTRIES:]


def known_nonce(account: str, cookie: str | None) -> str | None:
    """The nonce of this browser's entry for `account`, if it has a genuine one."""
    for entry in entries(cookie):
        nonce, mac = entry.split(".")
        if hmac.compare_digest(mac, _mac(account, nonce)):
            return nonce
    return None


def remember(account: str, cookie: str | None) -> str:
    """The cookie value after a full sign-in to `account` on this browser: a fresh entry
    for the account (an old one is replaced, so a locked-out entry is never reused)."""
    kept = [e for e in entries(cookie) if known_nonce(account, e) is None]
    nonce = _b64(secrets.token_bytes(_NONCE_BYTES))
    return "~".join([*kept, f"{nonce}.{_mac(account, nonce)}"][-MAX_ENTRIES:])


def throttle_key(nonce: str) -> str:
    return f"device:{nonce}"


def cookie_options(max_age_days: int) -> dict[str, object]:
    return {
        "max_age": max_age_days * 24 * 3600,
        "path": COOKIE_PATH,
        "secure": current_app.config["SESSION_COOKIE_SECURE"],
        "httponly": True,
        "samesite": "Lax",
    }
