"""Two writers interleaved on purpose: the first holds its transaction open while the
second runs on its own session and connection, then the first commits. For the write
paths that must take turns on PostgreSQL (on SQLite a request's write lock does it)."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable

from flask import Flask

from app.extensions import db
from app.models.scoping import clinic_scope


def meanwhile(
    app: Flask, clinic_id: uuid.UUID, first: Callable[[], object], second: Callable[[], object]
) -> tuple[object, object]:
    """What `first` and `second` returned; the second's exception, if any, is raised."""
    outcome: dict[str, object] = {}

    def other_writer() -> None:
        with app.app_context(), clinic_scope(clinic_id):
            try:
                outcome["second"] = second()
                db.session.commit()
            except Exception as exc:  # noqa: BLE001 - handed to the test's thread below
                db.session.rollback()
                outcome["error"] = exc

    with app.app_context(), clinic_scope(clinic_id):
        result = first()
        db.session.flush()
        thread = threading.Thread(target=other_writer)
        thread.start()
        time.sleep(0.5)  # the second reaches its read (or its wait) before the first commits
        db.session.commit()
        thread.join(timeout=30)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return result, outcome["second"]
