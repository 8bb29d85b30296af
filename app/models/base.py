"""Shared column types and mixins."""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC in and out; naive datetimes are a bug and are refused."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        # SQLite stores text; keep it naive-UTC there so ordering is lexical.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class UUIDPrimaryKey:
    """Ids are chosen in Python so that encryption can bind a row before it is flushed."""

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=uuid.uuid4)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("id", uuid.uuid4())
        super().__init__(**kwargs)


class ClinicScoped:
    """Rows that belong to one clinic; every ORM query on them is filtered by clinic."""

    @declared_attr
    def clinic_id(cls) -> Mapped[uuid.UUID]:  # noqa: N805
        return mapped_column(sa.ForeignKey("clinics.id", ondelete="CASCADE"), index=True)


def render_migration_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Let Alembic write our column types as plain SQLAlchemy ones."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def enum_column(enum_class: type[enum.StrEnum]) -> sa.Enum:
    """Store a StrEnum by its value ("cancelled"), as plain VARCHAR on every database."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        length=20,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )
