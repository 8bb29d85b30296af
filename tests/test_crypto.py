"""Field encryption, key ids, bindings, blind indexes and the master key ring (no app)."""

from __future__ import annotations

import base64
import dataclasses
import json
import stat

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app import crypto
from app.crypto import (
    BLOB_VERSION,
    NONCE_BYTES,
    Binding,
    CryptoError,
    DecryptionFailed,
    MasterKeyRing,
    UnknownKey,
    blind_index,
    key_id_of,
    open_blob,
    seal,
)

BINDING = Binding("clients", "name_sealed", "8d0c7a4e-row", "2f1b9c3d-clinic")
KEY = bytes(range(32))
KEY_ID = "dk_0123456789abcdef"


def _b64(key: bytes) -> str:
    return base64.b64encode(key).decode()


def _nonce(blob: bytes) -> bytes:
    start = 2 + blob[1]
    return blob[start : start + NONCE_BYTES]


def test_seal_then_open_gives_the_plaintext_back():
    blob = seal(KEY, KEY_ID, "Şükrü Işık +905321234567".encode(), BINDING)
    assert open_blob(KEY, blob, BINDING).decode() == "Şükrü Işık +905321234567"


@pytest.mark.parametrize("key_id", ["dk_0123456789abcdef", "ck_ffff", "mk_x", "k" * 255])
def test_every_blob_names_its_version_and_key(key_id):
    blob = seal(KEY, key_id, b"x", BINDING)
    assert blob[0] == BLOB_VERSION == 1
    assert key_id_of(blob) == key_id
    # version + id length + id + nonce + 1 byte of ciphertext + 16-byte GCM tag
    assert len(blob) == 2 + len(key_id) + NONCE_BYTES + 1 + 16


def test_two_seals_of_the_same_plaintext_differ():
    assert NONCE_BYTES == 12
    blobs = [seal(KEY, KEY_ID, b"same text", BINDING) for _ in range(50)]
    nonces = {_nonce(b) for b in blobs}
    assert len(set(blobs)) == 50
    assert len(nonces) == 50
    assert all(len(n) == 12 for n in nonces)


@pytest.mark.parametrize(
    ("key", "key_id"),
    [
        (b"", KEY_ID),
        (b"k" * 31, KEY_ID),
        (b"k" * 33, KEY_ID),
        (KEY, ""),
        (KEY, "k" * 256),
    ],
)
def test_seal_refuses_a_bad_key_or_key_id(key, key_id):
    with pytest.raises(CryptoError):
        seal(key, key_id, b"x", BINDING)


def test_opening_with_another_key_fails():
    blob = seal(KEY, KEY_ID, b"secret", BINDING)
    with pytest.raises(DecryptionFailed):
        open_blob(crypto.new_key(), blob, BINDING)


def test_every_flipped_byte_is_detected():
    blob = seal(KEY, KEY_ID, b"secret text", BINDING)
    for position in range(len(blob)):
        tampered = bytearray(blob)
        tampered[position] ^= 0x01
        with pytest.raises(DecryptionFailed):
            open_blob(KEY, bytes(tampered), BINDING)


@pytest.mark.parametrize("cut", [1, 16, 2 + len(KEY_ID) + NONCE_BYTES])
def test_a_truncated_blob_fails(cut):
    blob = seal(KEY, KEY_ID, b"secret text", BINDING)
    with pytest.raises(DecryptionFailed):
        open_blob(KEY, blob[:-cut], BINDING)


@pytest.mark.parametrize("blob", [b"", b"\x01", b"\x02\x03abc" + b"\x00" * 40, b"plain text"])
def test_what_is_not_a_sealed_blob_fails(blob):
    with pytest.raises(DecryptionFailed):
        open_blob(KEY, blob, BINDING)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("table", "appointments"),
        ("column", "phone_sealed"),
        ("row_id", "8d0c7a4e-other"),
        ("clinic_id", "2f1b9c3d-other"),
    ],
)
def test_a_ciphertext_moved_elsewhere_fails(field, value):
    blob = seal(KEY, KEY_ID, b"Elif Kaya", BINDING)
    elsewhere = dataclasses.replace(BINDING, **{field: value})
    with pytest.raises(DecryptionFailed):
        open_blob(KEY, blob, elsewhere)
    assert open_blob(KEY, blob, BINDING) == b"Elif Kaya"


def test_the_key_id_is_bound_too():
    """Relabelling a blob with another key id (same key bytes) does not open."""
    blob = seal(KEY, "dk_aaaa", b"secret", BINDING)
    relabelled = bytes([blob[0], blob[1]]) + b"dk_bbbb" + blob[2 + blob[1] :]
    assert key_id_of(relabelled) == "dk_bbbb"
    with pytest.raises(DecryptionFailed):
        open_blob(KEY, relabelled, BINDING)


def test_blind_index_is_deterministic_per_key_and_kind():
    other_key = crypto.new_key()
    digest = blind_index(KEY, "phone", "+905321234567")
    assert digest == blind_index(KEY, "phone", "+905321234567")
    assert len(digest) == crypto.INDEX_BYTES == 16
    assert digest != blind_index(other_key, "phone", "+905321234567")
    assert digest != blind_index(KEY, "token", "+905321234567")
    assert digest != blind_index(KEY, "phone", "+905321234568")
    assert b"905321234567" not in digest


def test_new_keys_and_ids_are_random():
    assert len(crypto.new_key()) == 32
    assert crypto.new_key() != crypto.new_key()
    key_id = crypto.new_key_id("dk")
    assert key_id.startswith("dk_") and len(key_id) == 19
    assert key_id != crypto.new_key_id("dk")


def test_master_key_ring_file_round_trip(tmp_path):
    path = tmp_path / "keys" / "master.json"
    ring = MasterKeyRing.generate(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    document = json.loads(path.read_text())
    assert document["active"] == ring.active_id
    assert set(document["keys"]) == {ring.active_id}

    wrapped = ring.wrap(KEY, BINDING)
    assert key_id_of(wrapped) == ring.active_id
    loaded = MasterKeyRing.from_file(path)
    assert (loaded.active_id, loaded.keys, loaded.path) == (ring.active_id, ring.keys, path)
    assert loaded.unwrap(wrapped, BINDING) == KEY

    old_id = loaded.active_id
    new_id = loaded.add_active()
    assert new_id != old_id and new_id.startswith("mk_")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not path.with_suffix(".tmp").exists()
    reloaded = MasterKeyRing.from_file(path)
    assert reloaded.active_id == new_id
    assert set(reloaded.keys) == {old_id, new_id}
    assert reloaded.unwrap(wrapped, BINDING) == KEY  # the old key still unwraps
    assert key_id_of(reloaded.wrap(KEY, BINDING)) == new_id


def test_the_ring_does_not_show_its_keys():
    ring = MasterKeyRing(active_id="mk_1", keys={"mk_1": KEY})
    assert _b64(KEY) not in repr(ring) and repr(KEY) not in repr(ring)


def test_an_unknown_master_key_is_named():
    ring = MasterKeyRing(active_id="mk_1", keys={"mk_1": KEY})
    other = MasterKeyRing(active_id="mk_2", keys={"mk_2": crypto.new_key()})
    with pytest.raises(UnknownKey, match="mk_2"):
        ring.unwrap(other.wrap(KEY, BINDING), BINDING)


def test_master_keys_from_the_environment():
    first, second = crypto.new_key(), crypto.new_key()
    ring = MasterKeyRing.from_env(f"mk_new:{_b64(first)}, mk_old:{_b64(second)}")
    assert ring.active_id == "mk_new"
    assert ring.keys == {"mk_new": first, "mk_old": second}
    assert ring.path is None
    assert key_id_of(ring.wrap(KEY, BINDING)) == "mk_new"
    with pytest.raises(CryptoError, match="SEANS_MASTER_KEYS"):
        ring.add_active()
    with pytest.raises(CryptoError):
        ring.save()


@pytest.mark.parametrize(
    "value",
    [
        "",
        "mk_1",
        "mk_1:",
        f"mk_1:{_b64(b'k' * 16)}",
        f"mk_1:{_b64(b'k' * 31)}",
        f"mk_1:{_b64(b'k' * 33)}",
        f"mk_1:{_b64(b'k' * 64)}",
        f"mk_1:{_b64(KEY)},mk_2:{_b64(b'k' * 24)}",
        f":{_b64(KEY)}",
        "mk_1:not base64 at all!",
        f"mk_1:{_b64(KEY)[:-2]}",
        f"mk_1:{_b64(KEY)},mk_1:{_b64(bytes(range(32, 64)))}",  # a repeated id
        f"mk_ı:{_b64(KEY)}",
    ],
)
def test_malformed_master_keys_in_the_environment_are_refused(value):
    with pytest.raises(CryptoError):
        MasterKeyRing.from_env(value)


@given(plaintext=st.binary(max_size=2048), row_id=st.uuids(), other_row=st.uuids())
def test_any_plaintext_round_trips_and_is_bound_to_its_row(plaintext, row_id, other_row):
    binding = Binding("notes", "body_sealed", str(row_id), "clinic")
    blob = seal(KEY, KEY_ID, plaintext, binding)
    assert open_blob(KEY, blob, binding) == plaintext
    if len(plaintext) >= 8:  # shorter strings could match random ciphertext by chance
        assert plaintext not in blob[2 + blob[1] :]
    if other_row != row_id:
        with pytest.raises(DecryptionFailed):
            open_blob(KEY, blob, dataclasses.replace(binding, row_id=str(other_row)))
