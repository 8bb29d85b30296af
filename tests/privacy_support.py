"""Helpers shared by the erasure, retention and backup tests: raw bytes of database
files, scratch PostgreSQL databases, a second app on the same instance (same keys and
tombstones) but another database."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from app import create_app
from tests.conftest import PG_URL, _base_config

ENCODINGS = ("utf-8", "utf-16-le")


def sqlite_files(url: str) -> dict[str, bytes]:
    """The database file and, if present, its WAL and rollback journal."""
    main = Path(sa.make_url(url).database or "")
    files = {"db": main.read_bytes()}
    for suffix in ("-wal", "-journal"):
        extra = Path(f"{main}{suffix}")
        if extra.exists():
            files[suffix.lstrip("-")] = extra.read_bytes()
    return files


def text_needles(*texts: str) -> list[bytes]:
    return [t.encode(e) for t in texts for e in ENCODINGS]


def occurrences(data: bytes, needles: list[bytes]) -> int:
    return sum(data.count(n) for n in needles)


def pg_dump_text(path: Path) -> bytes:
    """A pg_dump archive as the SQL it restores (its data uncompressed)."""
    return subprocess.run(
        ["pg_restore", "--file=-", str(path)], capture_output=True, check=True
    ).stdout


def backup_bytes(path: Path) -> bytes:
    """What a backup holds, readable: the SQLite file itself or a dump's SQL."""
    raw = path.read_bytes()
    return raw if raw.startswith(b"SQLite format 3") else pg_dump_text(path)


@contextmanager
def scratch_pg() -> Iterator[str]:
    """A new, empty PostgreSQL database on the test server, dropped afterwards."""
    assert PG_URL
    name = f"seans_scratch_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def empty_database(backend: str, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{folder / f'restored-{uuid.uuid4().hex[:8]}.db'}"
    else:
        with scratch_pg() as url:
            yield url


@contextmanager
def app_on(url: str, instance: Path, clock) -> Iterator[Flask]:
    """An app on another database but the same instance folder (keys, tombstones)."""
    app = create_app({**_base_config(url), "CLOCK": clock}, instance_path=str(instance))
    try:
        yield app
    finally:
        from app.extensions import db

        with app.app_context():
            db.session.remove()
            db.engine.dispose()
