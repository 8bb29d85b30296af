"""The tombstone list: the ids of erased clients, kept beside the master keys.

It lives outside the database (instance/keys/tombstones.json, or TOMBSTONE_FILE), so
no database backup holds it and a backup taken before an erasure cannot undo it: a
restore shreds every tombstoned client it finds again. Only ids are kept (random
UUIDs, no name or contact), with the time of erasure.
"""

from __future__ import annotations

import fcntl
import json
import os
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from flask import current_app

VERSION = 1


def path() -> Path:
    return Path(current_app.instance_path) / current_app.config["TOMBSTONE_FILE"]


def load(file: Path | None = None) -> dict[uuid.UUID, str]:
    """Erased client id → when (ISO); empty when there is no list yet."""
    file = file or path()
    if not file.exists():
        return {}
    document = json.loads(file.read_text())
    return {uuid.UUID(entry["id"]): entry["at"] for entry in document.get("clients", [])}


def add(client_ids: Iterable[uuid.UUID], at: datetime) -> None:
    """Append ids and make the list durable before the erasure commits: a tombstone
    whose erasure then fails to commit is carried out by the nightly job; an erasure
    without its tombstone could come back with an old backup."""
    file = path()
    with _locked(file):
        known = load(file)
        for client_id in client_ids:
            known.setdefault(client_id, at.isoformat())
        _write(file, known)


@contextmanager
def _locked(file: Path) -> Iterator[None]:
    """One writer at a time across processes (web workers, RQ workers, CLI)."""
    file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(file.with_name(file.name + ".lock"), os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _write(file: Path, known: dict[uuid.UUID, str]) -> None:
    document = {
        "version": VERSION,
        "clients": [
            {"id": str(k), "at": v} for k, v in sorted(known.items(), key=lambda kv: str(kv[0]))
        ],
    }
    tmp = file.with_name(file.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(document, fh, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, file)
    directory = os.open(file.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
