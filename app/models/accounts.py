"""What a staff account needs beyond its password: one-time links to set one, a second
factor with its recovery codes, and the devices that may skip the second factor.

Every secret here is stored only as a hash (links, recovery codes, remembered devices)
or sealed under the master ring (the TOTP seed, which must be read back to check a code)."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import system_now
from app.extensions import db
from app.models.base import ClinicScoped, UTCDateTime, UUIDPrimaryKey, enum_column


class AccountLinkPurpose(enum.StrEnum):
    INVITE = "invite"  # a new user sets their first password
    RESET = "reset"  # an admin had a user's password reset


class AccountLink(UUIDPrimaryKey, ClinicScoped, db.Model):
    """A one-time link an admin hands to a user to set a password (72 hours)."""

    __tablename__ = "account_links"

    user_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[AccountLinkPurpose] = mapped_column(enum_column(AccountLinkPurpose))
    token_hash: Mapped[bytes] = mapped_column(sa.LargeBinary(32), unique=True)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RecoveryCode(UUIDPrimaryKey, db.Model):
    """One of a user's ten single-use codes for when the authenticator is lost."""

    __tablename__ = "recovery_codes"

    user_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[bytes] = mapped_column(sa.LargeBinary(32), unique=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RememberedDevice(UUIDPrimaryKey, db.Model):
    """A browser the user chose to trust for the second factor (30 days)."""

    __tablename__ = "remembered_devices"

    user_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[bytes] = mapped_column(sa.LargeBinary(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
