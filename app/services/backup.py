"""Backups and restores of the whole database (`flask backup create|restore PATH`).

A backup is the database as it is: SQLite through the online backup API (then
vacuumed, so no free page carries old rows), PostgreSQL through `pg_dump` in its custom
format. Protected fields are ciphertext in the database, so they are ciphertext in the
backup; the master keys and the tombstone list live in instance/keys/, outside the
database, and so never in a backup. Keep them apart from the backups: the key file
opens a backup, and the tombstone list keeps erased clients erased.

A restore goes only into an empty database. Before it loads anything it checks that
the master keys the backup's clinic keys are wrapped with are loaded and really open
them, so a restore without them fails at once and leaves the target untouched. After
loading it shreds every client on the tombstone list again, so an erasure made after
the backup was taken is not undone by it.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump and pg_restore, with argument lists
import uuid
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from app import crypto
from app.crypto import Binding
from app.extensions import db
from app.services import audit, retention, tombstones

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
PG_TOOL_DIRS = "/usr/lib/postgresql/*/bin"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message tells the operator why."""


class MasterKeyMissing(BackupError):
    """The master keys that open the backup's clinic keys are not loaded."""


@dataclass(frozen=True)
class WrappedClinicKey:
    id: str
    clinic_id: uuid.UUID
    master_key_id: str
    wrapped: bytes


@dataclass(frozen=True)
class Restored:
    backend: str
    master_keys: tuple[str, ...]
    clinic_keys: int
    tombstones_known: int
    tombstones_applied: int


# --- create ---------------------------------------------------------------------------


def create_backup(path: Path) -> str:
    """Write a consistent backup of the database to `path` (mode 0600); the backend."""
    path = Path(path)
    backend = db.engine.dialect.name
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    if backend == "sqlite":
        if path.resolve() == _sqlite_file().resolve():
            raise BackupError("the backup cannot be the database file itself")
        _create_sqlite(partial)
    elif backend == "postgresql":
        _run([_pg_tool("pg_dump"), "--format=custom", f"--file={partial}", *_pg_target()])
    else:
        raise BackupError(f"backups of {backend} databases are not supported")
    _finish(partial, path)
    audit.record(None, "backup.created", None, None, backend=backend, bytes=path.stat().st_size)
    db.session.commit()
    return backend


def _create_sqlite(partial: Path) -> None:
    source = db.engine.raw_connection()  # a pooled connection, our pragmas applied
    try:
        target = sqlite3.connect(partial, isolation_level=None)
        try:
            source.driver_connection.backup(target)  # one step: a consistent snapshot
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            target.execute("VACUUM")  # free pages (and anything left in them) dropped
        finally:
            target.close()
    finally:
        source.close()


def _finish(partial: Path, path: Path) -> None:
    partial.chmod(0o600)
    with partial.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(partial, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


# --- restore --------------------------------------------------------------------------


def restore_backup(path: Path) -> Restored:
    """Restore `path` into this installation's (empty) database, then re-apply the
    tombstones. The caller need not commit: a restore is committed here."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"no backup file at {path}")
    kind, backend = backup_kind(path), db.engine.dialect.name
    if kind != backend:
        raise BackupError(f"{path} is a {kind} backup, but this database is {backend}")
    wrapped = _sqlite_clinic_keys(path) if kind == "sqlite" else _pg_clinic_keys(path)
    master_ids = check_master_keys(path, wrapped)  # before anything is loaded
    has_tables = _require_empty()
    db.session.remove()
    db.engine.dispose()
    if kind == "sqlite":
        _restore_sqlite(path)
    else:
        clean = ["--clean", "--if-exists"] if has_tables else []
        _run(
            [
                _pg_tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                *clean,
                *_pg_target(),
                str(path),
            ]
        )
    db.engine.dispose()
    known = len(tombstones.load())
    applied = retention.apply_tombstones()
    audit.record(
        None,
        "backup.restored",
        None,
        None,
        backend=kind,
        tombstones_applied=applied,
        master_keys=list(master_ids),
    )
    db.session.commit()  # the erasures' storage scrub runs after this commit
    return Restored(kind, master_ids, len(wrapped), known, applied)


def backup_kind(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is neither a SQLite database nor a pg_dump archive")


def check_master_keys(path: Path, wrapped: list[WrappedClinicKey]) -> tuple[str, ...]:
    """The master key ids the backup needs, each loaded and opening a clinic key of
    the backup; MasterKeyMissing names what is missing and where it is looked for."""
    needed = sorted({row.master_key_id for row in wrapped})
    key_file = Path(current_app.instance_path) / current_app.config["MASTER_KEY_FILE"]
    where = f"the key file {key_file} or SEANS_MASTER_KEYS"
    ring = current_app.extensions.get("seans.master_keys")
    if ring is None and needed:
        raise MasterKeyMissing(
            f"cannot restore {path}: no master key is loaded (neither the key file "
            f"{key_file} nor SEANS_MASTER_KEYS is there); the backup's clinic keys are "
            f"wrapped by master key {', '.join(needed)}. Nothing was restored."
        )
    for key_id in needed:
        try:
            ring.key(key_id)
        except crypto.UnknownKey:
            raise MasterKeyMissing(
                f"cannot restore {path}: master key {key_id} is not in {where}. Put back "
                "the key file from where the keys are kept (apart from database backups). "
                "Nothing was restored."
            ) from None
        sample = next(row for row in wrapped if row.master_key_id == key_id)
        binding = Binding("clinic_keys", "wrapped", sample.id, str(sample.clinic_id))
        try:
            ring.unwrap(sample.wrapped, binding)
        except crypto.CryptoError:
            raise MasterKeyMissing(
                f"cannot restore {path}: the master key {key_id} in {where} does not open "
                "the backup's clinic keys (a different key under the same id?). Nothing "
                "was restored."
            ) from None
    return tuple(needed)


def _require_empty() -> bool:
    """Refuse a database with any rows (the migration stamp aside); whether it has
    tables (migrated but empty)."""
    tables = [t for t in sa.inspect(db.engine).get_table_names() if t != "alembic_version"]
    with db.engine.connect() as connection:
        for table in tables:
            if connection.scalar(sa.select(sa.func.count()).select_from(sa.table(table))):
                raise BackupError(
                    f"the database is not empty (table {table} has rows): a backup is "
                    "restored only into an empty database. Nothing was restored."
                )
    return bool(tables)


def _restore_sqlite(path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(_sqlite_file(), isolation_level=None)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=WAL")
        finally:
            target.close()
    finally:
        source.close()


def _sqlite_clinic_keys(path: Path) -> list[WrappedClinicKey]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(f"{path} is damaged (SQLite quick_check failed)")
        rows = connection.execute(
            "SELECT id, clinic_id, master_key_id, wrapped FROM clinic_keys"
        ).fetchall()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a Seans backup: {exc}") from None
    finally:
        connection.close()
    return [WrappedClinicKey(r[0], uuid.UUID(r[1]), r[2], bytes(r[3])) for r in rows]


_COPY = re.compile(r"^COPY (?:public\.)?\"?clinic_keys\"? \((?P<columns>[^)]*)\) FROM stdin;$")


def _pg_clinic_keys(path: Path) -> list[WrappedClinicKey]:
    """The clinic_keys rows of a pg_dump archive, read without any database."""
    script = _run(
        [_pg_tool("pg_restore"), "--data-only", "--table=clinic_keys", "--file=-", str(path)]
    )
    lines = iter(script.splitlines())
    for line in lines:
        match = _COPY.match(line)
        if match:
            columns = [c.strip().strip('"') for c in match["columns"].split(",")]
            break
    else:
        raise BackupError(f"{path} holds no clinic_keys table: not a Seans backup")
    rows = []
    for line in lines:
        if line == "\\.":
            break
        values = dict(zip(columns, line.split("\t"), strict=True))
        rows.append(
            WrappedClinicKey(
                values["id"],
                uuid.UUID(values["clinic_id"]),
                values["master_key_id"],
                bytes.fromhex(values["wrapped"].removeprefix("\\\\x")),
            )
        )
    return rows


# --- helpers --------------------------------------------------------------------------


def _sqlite_file() -> Path:
    return Path(db.engine.url.database or "")


def _pg_target() -> list[str]:
    """libpq arguments for this database; the password travels in the environment."""
    url = db.engine.url.set(drivername="postgresql", password=None)
    return ["--dbname", url.render_as_string(hide_password=False)]


def _pg_tool(name: str) -> str:
    configured = current_app.config.get("PG_BIN_DIR")
    if configured:
        candidate = Path(configured) / name
        if candidate.is_file():
            return str(candidate)
        raise BackupError(f"{name} is not in PG_BIN_DIR ({configured})")
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(Path("/").glob(PG_TOOL_DIRS.lstrip("/")), key=_version, reverse=True)
    for directory in versions:
        if (directory / name).is_file():
            return str(directory / name)
    raise BackupError(f"{name} not found: install PostgreSQL's client tools or set PG_BIN_DIR")


def _version(directory: Path) -> int:
    number = directory.parent.name
    return int(number) if number.isdigit() else 0


def _run(args: list[str]) -> str:
    env = dict(os.environ)
    password = db.engine.url.password
    if password:
        env["PGPASSWORD"] = str(password)
    result = subprocess.run(args, capture_output=True, text=True, env=env, check=False)  # noqa: S603
    if result.returncode != 0:
        tool = Path(args[0]).name
        raise BackupError(f"{tool} failed: {result.stderr.strip() or result.returncode}")
    return result.stdout
