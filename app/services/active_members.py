"""A token-opened record counts only while its person is an active member of its clinic:
one join for every such lookup (account links, calendar feeds)."""

from __future__ import annotations

from typing import Any, TypeVar

import sqlalchemy as sa

from app.models import Membership, User

_Select = TypeVar("_Select", bound=sa.Select[Any])


def of_active_member(statement: _Select, user_id: Any, clinic_id: Any) -> _Select:
    """`statement` narrowed to rows whose user (`user_id`) is active and still a member of
    the clinic (`clinic_id`) the row belongs to; both are columns of the row's table."""
    return (
        statement.join(User, User.id == user_id)
        .join(
            Membership,
            sa.and_(Membership.user_id == user_id, Membership.clinic_id == clinic_id),
        )
        .where(User.active.is_(True), Membership.deactivated_at.is_(None))
    )
