"""Server-side login sessions and login-failure counters."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import system_now
from app.extensions import db
from app.models.base import UTCDateTime, UUIDPrimaryKey


class UserSession(UUIDPrimaryKey, db.Model):
    """One login. The cookie carries a random token; only its hash is stored here,
    so revoking the row makes every copy of the cookie worthless."""

    __tablename__ = "user_sessions"

    token_hash: Mapped[bytes] = mapped_column(sa.LargeBinary(32), unique=True)
    user_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    clinic_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("clinics.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_reason: Mapped[str | None] = mapped_column(sa.String(20))
    ip: Mapped[str | None] = mapped_column(sa.String(45))
    user_agent: Mapped[str | None] = mapped_column(sa.String(200))


class LoginFailure(db.Model):
    """Failed logins per key ("account:<hmac>" or "ip:<address>") in a fixed window."""

    __tablename__ = "login_failures"

    key: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)
