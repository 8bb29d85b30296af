from __future__ import annotations

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import system_now
from app.extensions import db
from app.models.base import ClinicScoped, UTCDateTime, UUIDPrimaryKey, enum_column


class Role(enum.StrEnum):
    ADMIN = "admin"
    THERAPIST = "therapist"
    RECEPTIONIST = "receptionist"


class User(UUIDPrimaryKey, UserMixin, db.Model):
    """A staff member. Staff identities are not client data and are stored in clear."""

    __tablename__ = "users"

    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(200))
    locale: Mapped[str | None] = mapped_column(sa.String(5))
    active: Mapped[bool] = mapped_column(default=True)
    # The therapist's own choice to record audio notes (the clinic must allow it too).
    audio_notes_enabled: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)
    # The second factor: the TOTP seed sealed under the master ring, set once confirmed,
    # and the last time step accepted (a code is good once).
    totp_secret: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)

    memberships: Mapped[list[Membership]] = relationship(back_populates="user")

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active


class Membership(ClinicScoped, db.Model):
    """A user's role in one clinic."""

    __tablename__ = "memberships"
    __table_args__ = (sa.UniqueConstraint("user_id", "clinic_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    # Deactivated in this clinic: cannot sign in here; history and audit keep the user.
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="memberships")
