"""AES-256-GCM field encryption, the master key ring and HMAC blind indexes.

A sealed blob is self-describing so that keys can rotate: it names the key that
sealed it. Associated data binds every ciphertext to where it lives (table,
column, row, clinic), so a ciphertext copied to another row does not open.

    blob = VERSION (1 byte) | len(key_id) (1 byte) | key_id (ascii) | nonce (12) | ciphertext+tag

This module is pure: it knows bytes and key ids, never the database.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

BLOB_VERSION = 1
KEY_BYTES = 32
NONCE_BYTES = 12
INDEX_BYTES = 16


class CryptoError(Exception):
    """Base class for encryption failures."""


class DecryptionFailed(CryptoError):
    """Wrong key, wrong binding or tampered ciphertext; deliberately vague."""


class UnknownKey(CryptoError):
    """The blob names a key this process does not hold (destroyed or never loaded)."""


@dataclass(frozen=True)
class Binding:
    """Where a ciphertext lives; becomes the GCM associated data."""

    table: str
    column: str
    row_id: str
    clinic_id: str

    def associated_data(self, key_id: str) -> bytes:
        parts = (
            "seans",
            str(BLOB_VERSION),
            key_id,
            self.table,
            self.column,
            self.row_id,
            self.clinic_id,
        )
        return "\x1f".join(parts).encode()


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def new_key_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(8)}"


def seal(key: bytes, key_id: str, plaintext: bytes, binding: Binding) -> bytes:
    """Encrypt with a fresh 96-bit random nonce."""
    kid = key_id.encode("ascii")
    if len(key) != KEY_BYTES or not 0 < len(kid) < 256:
        raise CryptoError("bad key or key id")
    nonce = os.urandom(NONCE_BYTES)
    body = AESGCM(key).encrypt(nonce, plaintext, binding.associated_data(key_id))
    return bytes([BLOB_VERSION, len(kid)]) + kid + nonce + body


def key_id_of(blob: bytes) -> str:
    if len(blob) < 2 or blob[0] != BLOB_VERSION:
        raise DecryptionFailed("not a sealed blob")
    end = 2 + blob[1]
    return blob[2:end].decode("ascii", errors="replace")


def open_blob(key: bytes, blob: bytes, binding: Binding) -> bytes:
    key_id = key_id_of(blob)
    start = 2 + blob[1]
    nonce, body = blob[start : start + NONCE_BYTES], blob[start + NONCE_BYTES :]
    try:
        return AESGCM(key).decrypt(nonce, body, binding.associated_data(key_id))
    except (InvalidTag, ValueError) as exc:
        raise DecryptionFailed("ciphertext does not open here") from exc


def blind_index(index_key: bytes, kind: str, value: str) -> bytes:
    """Keyed, truncated HMAC-SHA256 of a normalised value, for equality lookups."""
    mac = hmac.new(index_key, f"{kind}\x1f{value}".encode(), hashlib.sha256)
    return mac.digest()[:INDEX_BYTES]


@dataclass
class MasterKeyRing:
    """Master keys live outside the database: an instance file or the environment."""

    active_id: str
    keys: dict[str, bytes] = field(repr=False)
    path: Path | None = None
    _stamp: int = field(default=0, repr=False)

    def key(self, key_id: str) -> bytes:
        if key_id not in self.keys:
            self.reload()  # another process (a rotation) may have added it
        try:
            return self.keys[key_id]
        except KeyError:
            raise UnknownKey(key_id) from None

    def wrap(self, key: bytes, binding: Binding) -> bytes:
        self.reload()
        return seal(self.keys[self.active_id], self.active_id, key, binding)

    def reload(self) -> None:
        """Pick up a rotation done by another process; cheap when the file is unchanged."""
        if self.path is None:
            return
        stamp = self.path.stat().st_mtime_ns
        if stamp == self._stamp:
            return
        fresh = MasterKeyRing.from_file(self.path)
        self.active_id, self.keys, self._stamp = fresh.active_id, fresh.keys, fresh._stamp

    def unwrap(self, blob: bytes, binding: Binding) -> bytes:
        return open_blob(self.key(key_id_of(blob)), blob, binding)

    def add_active(self) -> str:
        """Generate a new active master key and persist the ring; old keys stay to unwrap."""
        if self.path is None:
            raise CryptoError(
                "master keys come from SEANS_MASTER_KEYS: put a new key first in that "
                "variable and run the rotation again"
            )
        self.reload()
        key_id = new_key_id("mk")
        self.keys[key_id] = new_key()
        self.active_id = key_id
        self.save()
        return key_id

    def save(self) -> None:
        if self.path is None:
            raise CryptoError("this key ring has no file to save to")
        document = {
            "active": self.active_id,
            "keys": {kid: base64.b64encode(k).decode() for kid, k in self.keys.items()},
        }
        tmp = self.path.with_suffix(".tmp")
        tmp.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(document, fh, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
        # The rename must be durable before rows re-wrapped under the new key commit.
        directory = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
        self._stamp = self.path.stat().st_mtime_ns

    @classmethod
    def generate(cls, path: Path) -> MasterKeyRing:
        key_id = new_key_id("mk")
        ring = cls(active_id=key_id, keys={key_id: new_key()}, path=path)
        ring.save()
        return ring

    @classmethod
    def from_file(cls, path: Path) -> MasterKeyRing:
        stamp = path.stat().st_mtime_ns
        document = json.loads(path.read_text())
        keys = {kid: base64.b64decode(v) for kid, v in document["keys"].items()}
        return cls(active_id=document["active"], keys=keys, path=path, _stamp=stamp)

    @classmethod
    def from_env(cls, value: str) -> MasterKeyRing:
        """Parse "id:base64,id:base64"; the first key is the active one."""
        problem = CryptoError("SEANS_MASTER_KEYS must hold 32-byte keys as id:base64")
        keys: dict[str, bytes] = {}
        for item in value.split(","):
            key_id, _, encoded = item.strip().partition(":")
            if not key_id.isascii() or not 0 < len(key_id) < 256 or key_id in keys:
                raise problem
            try:
                keys[key_id] = base64.b64decode(encoded.strip(), validate=True)
            except ValueError:
                raise problem from None
        if not keys or any(len(k) != KEY_BYTES for k in keys.values()):
            raise problem
        return cls(active_id=next(iter(keys)), keys=keys)
