"""The key hierarchy and key rotation through `flask keys rotate`, on both backends.

master key (instance file or SEANS_MASTER_KEYS) → clinic key → one data key per client.
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from app import create_app, crypto
from app.crypto import Binding, CryptoError, MasterKeyRing, key_id_of
from app.extensions import db
from app.models import Client, ClientKey, Clinic, ClinicKey, KeyRotation
from app.models.scoping import all_clinics, clinic_scope
from app.services import clients, clinics, keys

SEALED_COLUMNS = ("name_sealed", "phone_sealed", "email_sealed")
EXTRA_CLINICS = 10
EXTRA_CLIENTS = 25
BATCH = 5


@dataclass
class Population:
    """Clinic A with many clients, clinic B, and extra clinics (so master keys batch too)."""

    expected: dict[uuid.UUID, tuple[str, str | None, str | None]]
    clinic_a: uuid.UUID
    clinic_b: uuid.UUID
    elif_id: uuid.UUID


@pytest.fixture
def population(app: Flask, world) -> Population:
    expected = {
        world.client_id: ("Elif Kaya", "+905321234567", None),
        world.other_client_id: ("Murat Yıldız", "+905337654321", None),
    }
    with app.app_context():
        with clinic_scope(world.clinic_id):
            for i in range(EXTRA_CLIENTS):
                name = f"Danışan Çağrı Öztürk {i:02d}"
                email = f"client{i}@example.test" if i % 2 else None
                client = clients.create_client(world.clinic_id, name, f"0532 100 00 {i:02d}", email)
                expected[client.id] = (name, f"+9053210000{i:02d}", email)
        for i in range(EXTRA_CLINICS):
            clinics.create_clinic(f"Extra {i}", f"extra-{i}")
        db.session.commit()
    return Population(expected, world.clinic_id, world.other_clinic_id, world.client_id)


def rotate(app: Flask, *args: str):
    return app.test_cli_runner().invoke(args=["keys", "rotate", *args])


def key_file(app: Flask) -> Path:
    return Path(app.instance_path) / app.config["MASTER_KEY_FILE"]


def reload_master_keys(app: Flask) -> MasterKeyRing:
    """What a fresh process would load: the instance key file only."""
    ring = MasterKeyRing.from_file(key_file(app))
    app.extensions["seans.master_keys"] = ring
    return ring


def reveal_all(app: Flask) -> dict[uuid.UUID, tuple[str, str | None, str | None]]:
    """Every client's fields, decrypted in a fresh app context (no cached keys)."""
    with app.app_context(), all_clinics():
        return {
            c.id: (d.name, d.phone, d.email)
            for c in db.session.scalars(sa.select(Client))
            for d in [clients.reveal(c)]
        }


def active_data_key(clinic_id: uuid.UUID) -> ClinicKey:
    return db.session.scalars(
        sa.select(ClinicKey).where(
            ClinicKey.clinic_id == clinic_id,
            ClinicKey.purpose == "data",
            ClinicKey.active.is_(True),
        )
    ).one()


def client_keys(clinic_id: uuid.UUID) -> list[ClientKey]:
    with all_clinics():
        return list(
            db.session.scalars(sa.select(ClientKey).where(ClientKey.clinic_id == clinic_id))
        )


def test_personal_fields_are_sealed_under_the_clients_key_wrapped_up_to_the_master(app, world):
    with app.app_context(), all_clinics():
        with clinic_scope(world.clinic_id):
            second = clients.create_client(
                world.clinic_id, "Zeynep Çelik", "0532 555 44 33", "zeynep@example.test"
            )
        db.session.commit()
        master_id = json.loads(key_file(app).read_text())["active"]
        seen_client_keys = set()
        for client_id, clinic_id, name in [
            (world.client_id, world.clinic_id, "Elif Kaya"),
            (second.id, world.clinic_id, "Zeynep Çelik"),
            (world.other_client_id, world.other_clinic_id, "Murat Yıldız"),
        ]:
            client = db.session.get_one(Client, client_id)
            client_key = db.session.scalars(
                sa.select(ClientKey).where(ClientKey.client_id == client_id)
            ).one()
            clinic_key = db.session.get_one(ClinicKey, client_key.clinic_key_id)

            assert client_key.id.startswith("dk_") and client_key.active
            for column in ("name_sealed", "phone_sealed"):
                assert key_id_of(getattr(client, column)) == client_key.id
            assert (clinic_key.clinic_id, clinic_key.purpose, clinic_key.active) == (
                clinic_id,
                "data",
                True,
            )
            assert key_id_of(client_key.wrapped) == clinic_key.id
            assert clinic_key.master_key_id == master_id == key_id_of(clinic_key.wrapped)
            seen_client_keys.add(client_key.id)

            # Walk the chain by hand, starting from the key file alone.
            ring = MasterKeyRing.from_file(key_file(app))
            clinic_secret = crypto.open_blob(
                ring.key(master_id),
                clinic_key.wrapped,
                Binding("clinic_keys", "wrapped", clinic_key.id, str(clinic_id)),
            )
            data_secret = crypto.open_blob(
                clinic_secret,
                client_key.wrapped,
                Binding("client_keys", "wrapped", client_key.id, str(clinic_id)),
            )
            opened = crypto.open_blob(
                data_secret,
                client.name_sealed,
                Binding("clients", "name_sealed", str(client.id), str(clinic_id)),
            )
            assert opened.decode() == name
            for wrong in (ring.key(master_id), clinic_secret):
                with pytest.raises(crypto.DecryptionFailed):
                    crypto.open_blob(
                        wrong,
                        client.name_sealed,
                        Binding("clients", "name_sealed", str(client.id), str(clinic_id)),
                    )
        assert len(seen_client_keys) == 3  # one data key per client
        email = db.session.get_one(Client, second.id).email_sealed
        assert key_id_of(email) == next(
            k.id for k in client_keys(world.clinic_id) if k.client_id == second.id
        )
        index_key = db.session.scalars(
            sa.select(ClinicKey).where(
                ClinicKey.clinic_id == world.clinic_id, ClinicKey.purpose == "index"
            )
        ).one()
        assert index_key.id != active_data_key(world.clinic_id).id


@pytest.mark.parametrize("column", ["name_sealed", "phone_sealed"])
@pytest.mark.parametrize("target", ["same_clinic", "other_clinic"])
def test_a_ciphertext_copied_to_another_row_does_not_decrypt(app, world, column, target):
    if target == "same_clinic":
        with app.app_context(), clinic_scope(world.clinic_id):
            victim_id = clients.create_client(world.clinic_id, "Zeynep Çelik", "0532 555 44 33").id
            db.session.commit()
    else:
        victim_id = world.other_client_id
    with app.app_context(), all_clinics():
        source = db.session.get_one(Client, world.client_id)
        victim = db.session.get_one(Client, victim_id)
        setattr(victim, column, getattr(source, column))
        db.session.commit()

    with app.app_context(), all_clinics():
        victim = db.session.get_one(Client, victim_id)
        with pytest.raises(CryptoError):
            clients.reveal(victim)
        # Even with the source client's key unwrapped and cached in this context.
        assert clients.reveal(db.session.get_one(Client, world.client_id)).name == "Elif Kaya"
        with pytest.raises(CryptoError):
            clients.reveal(victim)


def test_master_rotation(app, population):
    old_id = json.loads(key_file(app).read_text())["active"]
    with app.app_context(), all_clinics():
        total = db.session.scalar(sa.select(sa.func.count()).select_from(ClinicKey))
    result = rotate(app, "--master")
    assert result.exit_code == 0, result.output

    document = json.loads(key_file(app).read_text())
    new_id = document["active"]
    assert new_id != old_id and new_id.startswith("mk_")
    assert set(document["keys"]) == {old_id, new_id}
    assert f"master key {new_id} active; {total} clinic keys re-wrapped" in result.output
    with app.app_context():
        rows = db.session.scalars(sa.select(ClinicKey)).all()
        assert len(rows) == total == 2 * (2 + EXTRA_CLINICS)
        assert {r.master_key_id for r in rows} == {new_id}
        assert {key_id_of(r.wrapped) for r in rows} == {new_id}

    ring = reload_master_keys(app)
    assert reveal_all(app) == population.expected
    # Nothing still needs the old master key.
    app.extensions["seans.master_keys"] = MasterKeyRing(new_id, {new_id: ring.keys[new_id]})
    assert reveal_all(app) == population.expected


def test_clinic_rotation_rewraps_client_keys(app, population):
    with app.app_context():
        old = active_data_key(population.clinic_a).id
        other_clinic_key = active_data_key(population.clinic_b).id
        before = {k.id: k.wrapped for k in client_keys(population.clinic_a)}
    result = rotate(app, "--clinic", "clinic-a", "--batch-size", str(BATCH))
    assert result.exit_code == 0, result.output

    with app.app_context():
        new = active_data_key(population.clinic_a)
        assert new.id != old
        assert f"clinic key {new.id} active; {len(before)} client keys re-wrapped" in result.output
        retired = db.session.get_one(ClinicKey, old)
        assert not retired.active and retired.retired_at is not None
        after = client_keys(population.clinic_a)
        assert {k.id for k in after} == set(before)  # same data keys, re-wrapped
        for row in after:
            assert row.clinic_key_id == new.id == key_id_of(row.wrapped)
            assert row.wrapped != before[row.id]
        assert active_data_key(population.clinic_b).id == other_clinic_key
        assert {k.clinic_key_id for k in client_keys(population.clinic_b)} == {other_clinic_key}
        with clinic_scope(population.clinic_a):  # blind indexes are untouched
            found = clients.find_by_phone(population.clinic_a, "0532 123 45 67")
            assert [c.id for c in found] == [population.elif_id]

    assert reveal_all(app) == population.expected
    assert_no_data_under_retired_clinic_keys(app, population)


def test_reencryption_gives_every_client_a_new_data_key(app, population):
    with app.app_context():
        old_keys = {k.client_id: k.id for k in client_keys(population.clinic_a)}
        b_keys = {k.id for k in client_keys(population.clinic_b)}
    result = rotate(app, "--clinic", "clinic-a", "--reencrypt", "--batch-size", str(BATCH))
    assert result.exit_code == 0, result.output
    assert f"{len(old_keys)} clients re-encrypted under new data keys" in result.output

    with app.app_context():
        rotation = db.session.scalars(sa.select(KeyRotation)).one()
        assert rotation.finished_at is not None and rotation.done == len(old_keys)
        assert_reencrypted(population.clinic_a, rotation.id, old_keys)
        assert {k.id for k in client_keys(population.clinic_b)} == b_keys
    assert reveal_all(app) == population.expected


def assert_reencrypted(
    clinic_id: uuid.UUID, rotation_id: uuid.UUID, old_keys: dict[uuid.UUID, str]
) -> None:
    rows = client_keys(clinic_id)
    active = {k.client_id: k for k in rows if k.active}
    assert set(active) == set(old_keys)
    for client_id, key in active.items():
        assert key.id != old_keys[client_id]
        assert key.rotation_id == rotation_id and key.wrapped is not None
    for key in rows:
        if not key.active:
            assert key.wrapped is None and key.destroyed_at is not None
    assert {k.id for k in rows if not k.active} >= set(old_keys.values())
    with all_clinics():
        for client in db.session.scalars(sa.select(Client).where(Client.clinic_id == clinic_id)):
            for column in SEALED_COLUMNS:
                blob = getattr(client, column)
                if blob is not None:
                    assert key_id_of(blob) == active[client.id].id


def assert_no_data_under_retired_clinic_keys(app: Flask, population: Population) -> None:
    """Delete the retired clinic keys (in a transaction rolled back) and decrypt everything."""
    with app.app_context():
        db.session.execute(sa.delete(ClinicKey).where(ClinicKey.active.is_(False)))
        db.session.flush()
        with all_clinics():
            opened = {
                c.id: (d.name, d.phone, d.email)
                for c in db.session.scalars(sa.select(Client))
                for d in [clients.reveal(c)]
            }
        db.session.rollback()
    assert opened == population.expected


# --- interrupted rotations --------------------------------------------------


class Interrupted(Exception):
    """A simulated crash in the middle of a rotation."""


class FailOnCall:
    """Wrap a function so that its Nth call (and every later one) raises."""

    def __init__(self, function, fail_on: int) -> None:
        self.function, self.fail_on, self.calls = function, fail_on, 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        if self.calls >= self.fail_on:
            raise Interrupted(f"crash on call {self.calls}")
        return self.function(*args, **kwargs)


@dataclass(frozen=True)
class Scenario:
    args: tuple[str, ...]
    fault: str  # function in app.services.keys that crashes
    fail_on: int  # two batches of BATCH commit before the crash
    unit: str


SCENARIOS = {
    "master": Scenario(("--master",), "rewrap_master_batch", 3, "clinic keys"),
    "clinic": Scenario(("--clinic", "clinic-a"), "rewrap_clinic_batch", 3, "client keys"),
    "reencrypt": Scenario(
        ("--clinic", "clinic-a", "--reencrypt"), "_reseal_client", 2 * BATCH + 1, "clients"
    ),
}


def progress(app: Flask, kind: str, clinic_id: uuid.UUID) -> tuple[int, int, tuple]:
    """(done, pending, identity of the rotation in progress) for one kind of rotation."""
    with app.app_context(), all_clinics():
        if kind == "master":
            document = json.loads(key_file(app).read_text())
            active = document["active"]
            rows = db.session.scalars(sa.select(ClinicKey)).all()
            done = sum(r.master_key_id == active == key_id_of(r.wrapped) for r in rows)
            return done, len(rows) - done, (active, len(document["keys"]))
        clinic_key = active_data_key(clinic_id)
        data_keys = db.session.scalars(
            sa.select(ClinicKey.id).where(
                ClinicKey.clinic_id == clinic_id, ClinicKey.purpose == "data"
            )
        ).all()
        rows = [k for k in client_keys(clinic_id) if k.wrapped is not None]
        if kind == "clinic":
            done = sum(k.clinic_key_id == clinic_key.id == key_id_of(k.wrapped) for k in rows)
            return done, len(rows) - done, (clinic_key.id, len(data_keys))
        rotations = db.session.scalars(sa.select(KeyRotation)).all()
        assert len(rotations) == 1
        active = [k for k in rows if k.active]
        done = sum(k.rotation_id == rotations[0].id for k in active)
        return done, len(active) - done, (clinic_key.id, len(data_keys), rotations[0].id)


@pytest.mark.parametrize("kind", list(SCENARIOS))
def test_an_interrupted_rotation_resumes(app, population, monkeypatch, kind, backend):
    scenario = SCENARIOS[kind]
    args = (*scenario.args, "--batch-size", str(BATCH))
    fault = FailOnCall(getattr(keys, scenario.fault), scenario.fail_on)
    monkeypatch.setattr(keys, scenario.fault, fault)

    crashed = rotate(app, *args)
    assert crashed.exit_code != 0
    assert isinstance(crashed.exception, Interrupted), crashed.output
    done, pending, identity = progress(app, kind, population.clinic_a)
    assert done == 2 * BATCH and pending > 0  # the committed batches stay done

    monkeypatch.undo()
    reload_master_keys(app)  # as a new process would
    resumed = rotate(app, *args)
    assert resumed.exit_code == 0, resumed.output
    done_after, pending_after, identity_after = progress(app, kind, population.clinic_a)
    assert identity_after == identity  # resumed, not a second rotation
    assert (done_after, pending_after) == (done + pending, 0)
    resumed_line = {
        "master": f"{pending} clinic keys re-wrapped",
        "clinic": f"{pending} client keys re-wrapped",
        "reencrypt": f"{pending} clients re-encrypted",
    }[kind]
    assert resumed_line in resumed.output

    assert reveal_all(app) == population.expected
    if kind == "master":
        ring = reload_master_keys(app)
        app.extensions["seans.master_keys"] = MasterKeyRing(
            ring.active_id, {ring.active_id: ring.keys[ring.active_id]}
        )
        assert reveal_all(app) == population.expected
    elif kind == "clinic":
        assert_no_data_under_retired_clinic_keys(app, population)
    else:
        with app.app_context():
            rotation = db.session.scalars(sa.select(KeyRotation)).one()
            assert rotation.finished_at is not None and rotation.done == done + pending
            old = {
                k.client_id: k.id for k in client_keys(population.clinic_a) if k.rotation_id is None
            }
            assert_reencrypted(population.clinic_a, rotation.id, old)
    print(
        f"\n[{backend}] {kind} rotation: rotated {done + pending} {scenario.unit}, "
        f"crashed after {done} in batches of {BATCH}, resumed with {pending} left; "
        f"{len(population.expected)} clients decrypt"
    )


# --- master keys from the environment ---------------------------------------


def _env_app(app: Flask, instance: Path, master_keys: str) -> Flask:
    names = (
        "TESTING",
        "SECRET_KEY",
        "SQLALCHEMY_DATABASE_URI",
        "ARGON2_PROFILE",
        "SESSION_COOKIE_SECURE",
        "REDIS_URL",
        "SERVER_NAME",
        "CLOCK",
    )
    return create_app(
        {**{n: app.config[n] for n in names}, "MASTER_KEYS": master_keys},
        instance_path=str(instance),
    )


def _b64(key: bytes) -> str:
    return base64.b64encode(key).decode()


def test_master_rotation_with_keys_from_the_environment(app, population, tmp_path):
    file_ring = app.extensions["seans.master_keys"]
    old_id, old_key = file_ring.active_id, file_ring.keys[file_ring.active_id]
    instance = tmp_path / "env-instance"

    same = _env_app(app, instance, f"{old_id}:{_b64(old_key)}")
    try:
        result = rotate(same, "--master")
        assert result.exit_code == 1
        assert "Error: master keys come from SEANS_MASTER_KEYS" in result.output
        assert "put a new key first" in result.output
        assert "Traceback" not in result.output
        assert not (instance / same.config["MASTER_KEY_FILE"]).exists()
        with same.app_context():
            assert set(db.session.scalars(sa.select(ClinicKey.master_key_id))) == {old_id}
    finally:
        with same.app_context():
            db.engine.dispose()

    new_key = crypto.new_key()
    rotated = _env_app(app, instance, f"mk_env2:{_b64(new_key)},{old_id}:{_b64(old_key)}")
    try:
        result = rotate(rotated, "--master", "--batch-size", str(BATCH))
        assert result.exit_code == 0, result.output
        assert "master key mk_env2 active" in result.output
        with rotated.app_context():
            assert set(db.session.scalars(sa.select(ClinicKey.master_key_id))) == {"mk_env2"}
        assert reveal_all(rotated) == population.expected
        again = rotate(rotated, "--master")
        assert again.exit_code == 1 and "SEANS_MASTER_KEYS" in again.output
    finally:
        with rotated.app_context():
            db.engine.dispose()

    only_new = _env_app(app, instance, f"mk_env2:{_b64(new_key)}")
    try:
        assert reveal_all(only_new) == population.expected
    finally:
        with only_new.app_context():
            db.engine.dispose()


def test_rotate_needs_exactly_one_target(app, world):
    for args in ((), ("--master", "--clinic", "clinic-a")):
        result = rotate(app, *args)
        assert result.exit_code == 2 and "exactly one of --master or --clinic" in result.output
    result = rotate(app, "--clinic", "no-such-clinic")
    assert result.exit_code == 1 and "no clinic with slug 'no-such-clinic'" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Clinic)) == 2


def test_every_sealed_column_is_known_to_the_reencryption():
    """A sealed column missing from keys.SEALED would be lost at `--reencrypt`."""
    from app.extensions import db as database
    from app.services.keys import SEALED

    sealed_in_models = {
        (table.name, column.name)
        for table in database.metadata.tables.values()
        for column in table.columns
        if column.name.endswith("_sealed")
    }
    registered = {(s.model.__tablename__, c) for s in SEALED for c in s.columns}
    assert sealed_in_models == registered
    assert sealed_in_models  # the check looks at something
