"""Counting requests per key in a time window, shared by every process through the
database (login attempts, magic-link pages)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from app import clock
from app.extensions import db, lock_for_write
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


@dataclass(frozen=True)
class LinkLimits:
    """How many requests a link page takes in a window, per address and per link."""

    window: timedelta
    per_address: int
    per_link: int


def allow_link_request(limits: LinkLimits, address_key: str, link_key: str | None) -> bool:
    """Count this request per address and, for a live link, per link; False once either is
    over its limit for the window. Both counts are taken whatever the first says, so a
    guesser cannot tell a live link by the cost of asking. The caller commits."""
    lock_for_write()  # SQLite: the counters are updated one request at a time
    within = count(address_key, limits.window) <= limits.per_address
    if link_key is not None:
        within = count(link_key, limits.window) <= limits.per_link and within
    return within
