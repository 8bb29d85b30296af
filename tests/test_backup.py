"""Backups (issue 8, item 5): `flask backup create` / `flask backup restore` round trip
on SQLite and PostgreSQL; a restore without the master key fails clearly and touches
nothing; a non-empty target is refused; a backup holds no key and no plaintext."""

from __future__ import annotations

import base64
import json
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from app.crypto import Binding, MasterKeyRing
from app.extensions import db
from app.models.scoping import all_clinics, clinic_scope
from app.services import clients, keys
from tests.privacy_support import app_on, backup_bytes, empty_database, occurrences, text_needles
from tests.test_erasure import make_canary
from tests.test_retention import sent_message

EXTRA_CLIENTS = 20


def sealed_values() -> dict[tuple[str, str, str], str | None]:
    """Every sealed value in the database, decrypted: (table, row, column) → text."""
    values = {}
    with all_clinics():
        for sealed in keys.SEALED:
            for row in db.session.scalars(sa.select(sealed.model)):
                for column in sealed.columns:
                    blob = getattr(row, column)
                    if blob is None:
                        continue
                    table = sealed.model.__tablename__
                    binding = Binding(table, column, str(row.id), str(row.clinic_id))
                    values[(table, str(row.id), column)] = keys.open_for_client(
                        row.clinic_id, binding, blob
                    )
    return values


def row_counts() -> dict[str, int]:
    with db.engine.connect() as connection:
        return {
            name: connection.scalar(sa.select(sa.func.count()).select_from(table))
            for name, table in db.metadata.tables.items()
        }


def invoke(app: Flask, *args: str):
    return app.test_cli_runner().invoke(args=list(args))


def master_key_bytes(app: Flask) -> list[bytes]:
    document = json.loads((Path(app.instance_path) / "keys/master.json").read_text())
    raw = [base64.b64decode(v) for v in document["keys"].values()]
    return raw + [base64.b64encode(k) for k in raw] + [k.hex().encode() for k in raw]


def test_round_trip_restores_every_value_and_holds_no_key_or_plaintext(
    app, backend, world, clock, tmp_path
):
    canary = make_canary(app, world, clock)
    with app.app_context(), clinic_scope(world.clinic_id):
        for i in range(EXTRA_CLIENTS):
            clients.create_client(
                world.clinic_id, f"Danışan Öztürk {i:02d}", f"0532 200 00 {i:02d}", f"d{i}@x.test"
            )
        sent_message(world, "Yarın 11:00 seansınız var, görüşmek üzere", clock())
        db.session.commit()
    with app.app_context():
        expected = sealed_values()
        counts = row_counts()
    tables = {table for table, _, _ in expected}
    assert {"clients", "notes", "note_versions", "inbound_messages", "outbox"} <= tables
    path = tmp_path / "seans.backup"
    created = invoke(app, "backup", "create", str(path))
    assert created.exit_code == 0, created.output
    assert path.stat().st_mode & 0o777 == 0o600

    content = backup_bytes(path)
    key_hits = occurrences(content, master_key_bytes(app))
    plaintext_hits = occurrences(content, text_needles(*canary.texts))
    assert (key_hits, plaintext_hits) == (0, 0)

    with empty_database(backend, tmp_path) as url:
        with app_on(url, Path(app.instance_path), clock) as restored:
            result = invoke(restored, "backup", "restore", str(path))
            assert result.exit_code == 0, result.output
            assert "0 erased client(s)" in result.output
            with restored.app_context():
                got = sealed_values()
                got_counts = row_counts()
    assert got == expected
    audit_tables = ("audit_events", "audit_heads")
    assert {n: c for n, c in got_counts.items() if n not in audit_tables} == {
        n: c for n, c in counts.items() if n not in audit_tables
    }
    # The restore adds its own audit row (in the system chain), nothing else.
    assert got_counts["audit_events"] == counts["audit_events"] + 1
    print(
        f"\n[backup] {backend}: {len(got)} sealed values in {len(tables)} tables decrypt "
        f"identically after restore; {sum(counts.values())} rows; {path.stat().st_size} "
        f"bytes; master key bytes in backup {key_hits}, canary plaintext {plaintext_hits}"
    )


@pytest.mark.parametrize("keys_there", ["none", "another", "same id, other key"])
def test_a_restore_without_the_master_key_fails_clearly_and_touches_nothing(
    app, backend, world, clock, tmp_path, keys_there
):
    path = tmp_path / "seans.backup"
    assert invoke(app, "backup", "create", str(path)).exit_code == 0
    with app.app_context():
        needed = sorted(
            {row.master_key_id for row in db.session.scalars(sa.select(keys.ClinicKey))}
        )
    elsewhere = tmp_path / "elsewhere"
    if keys_there == "another":
        MasterKeyRing.generate(elsewhere / "keys" / "master.json")
    elif keys_there == "same id, other key":
        ring = MasterKeyRing.generate(elsewhere / "keys" / "master.json")
        ring.keys = {needed[0]: ring.keys[ring.active_id]}
        ring.active_id = needed[0]
        ring.save()
    with empty_database(backend, tmp_path) as url:
        with app_on(url, elsewhere, clock) as restored:
            result = invoke(restored, "backup", "restore", str(path))
            with restored.app_context():
                left = {n: c for n, c in row_counts().items() if c} if _has_tables() else {}
    assert result.exit_code == 1
    message = result.output.strip()
    assert message.startswith("Error: cannot restore")
    assert needed[0] in message and "SEANS_MASTER_KEYS" in message
    assert str(elsewhere / "keys" / "master.json") in message
    assert "Nothing was restored." in message
    assert left == {}
    print(f"\n[backup] {backend}, master key {keys_there}: {message}")


def _has_tables() -> bool:
    return bool(sa.inspect(db.engine).get_table_names())


def test_a_restore_into_a_database_with_data_is_refused(app, backend, world, tmp_path):
    path = tmp_path / "seans.backup"
    assert invoke(app, "backup", "create", str(path)).exit_code == 0
    with app.app_context():
        before = row_counts()
    result = invoke(app, "backup", "restore", str(path))
    assert result.exit_code == 1
    assert "the database is not empty" in result.output
    with app.app_context():
        assert row_counts() == before


def test_a_restore_into_a_migrated_but_empty_database_works(app, backend, world, tmp_path, clock):
    """The usual way to get an empty database is `flask db upgrade`: allowed."""
    from flask_migrate import upgrade

    path = tmp_path / "seans.backup"
    assert invoke(app, "backup", "create", str(path)).exit_code == 0
    with empty_database(backend, tmp_path) as url:
        with app_on(url, Path(app.instance_path), clock) as restored:
            with restored.app_context():
                upgrade()
                db.engine.dispose()
            result = invoke(restored, "backup", "restore", str(path))
            assert result.exit_code == 0, result.output
            with restored.app_context(), all_clinics():
                assert db.session.get(keys.Client, world.client_id) is not None


def test_a_backup_of_the_other_backend_is_refused(app, backend, world, tmp_path):
    other = tmp_path / "other.backup"
    other.write_bytes(b"PGDMP" if backend == "sqlite" else b"SQLite format 3\x00")
    result = invoke(app, "backup", "restore", str(other))
    assert result.exit_code == 1
    assert f"but this database is {backend}" in result.output


def test_restoring_shows_what_the_check_reads_before_loading(app, backend, world, tmp_path):
    """The master-key check reads the backup's clinic keys without any database."""
    from app.services import backup

    path = tmp_path / "seans.backup"
    assert invoke(app, "backup", "create", str(path)).exit_code == 0
    with app.app_context():
        read = (
            backup._sqlite_clinic_keys(path)
            if backend == "sqlite"
            else backup._pg_clinic_keys(path)
        )
        with all_clinics():
            stored = {
                (k.id, k.clinic_id, k.master_key_id, k.wrapped)
                for k in db.session.scalars(sa.select(keys.ClinicKey))
            }
    assert {(k.id, k.clinic_id, k.master_key_id, k.wrapped) for k in read} == stored
    assert all(isinstance(k.clinic_id, uuid.UUID) for k in read)
