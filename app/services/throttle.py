"""Counting requests per key in a time window, shared by every process through the
database (login attempts, magic-link pages)."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from app import clock
from app.extensions import db
from app.models import LoginFailure


def count(key: str, window: timedelta) -> int:
    """Add one to `key`'s count in its current window and return the new count, in one
    atomic upsert, so parallel requests cannot all see a count under the limit."""
    now = clock.now()
    expired = LoginFailure.window_started_at <= now - window
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(LoginFailure)
        .values(key=key, count=1, window_started_at=now)
        .on_conflict_do_update(
            index_elements=[LoginFailure.key],
            set_={
                "count": sa.case((expired, 1), else_=LoginFailure.count + 1),
                "window_started_at": sa.case((expired, now), else_=LoginFailure.window_started_at),
            },
        )
        .returning(LoginFailure.count)
    )
    return db.session.execute(statement).scalar_one()


def reset(key: str) -> None:
    db.session.execute(sa.update(LoginFailure).where(LoginFailure.key == key).values(count=0))
