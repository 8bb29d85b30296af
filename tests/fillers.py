"""URL values that must name real rows, for the tests that walk every route.

Each filler runs inside an app context, makes (or finds) its row in the `world`
fixture's clinic A and commits, so a route that loads the row finds it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

import sqlalchemy as sa

from app.extensions import db
from app.models import Clinic, WeeklyHours
from app.models.scoping import clinic_scope
from app.services import feeds, hours


def _clinic(world) -> Clinic:
    return db.session.get(Clinic, world.clinic_id)


def feed_token(world) -> str:
    """A live feed token. It belongs to the other therapist, so that routes which make
    or revoke the treating therapist's feed leave it working."""
    with clinic_scope(world.clinic_id):
        _, token = feeds.create_feed(world.clinic_id, world.user_ids["other_therapist"])
        db.session.commit()
    return token


def hours_id(world) -> int:
    with clinic_scope(world.clinic_id):
        found = db.session.scalar(
            sa.select(sa.func.min(WeeklyHours.id)).where(
                WeeklyHours.therapist_id == world.user_ids["therapist"]
            )
        )
    assert found is not None, "the therapist has no weekly hours left"
    return found


def time_off_id(world) -> uuid.UUID:
    with clinic_scope(world.clinic_id):
        row = hours.add_time_off(
            _clinic(world), world.user_ids["therapist"], date(2027, 1, 4), reason="Leave"
        )
        db.session.commit()
        return row.id


def holiday_id(world) -> uuid.UUID:
    with clinic_scope(world.clinic_id):
        row = hours.add_holiday(_clinic(world), date(2027, 1, 1), reason="New Year")
        db.session.commit()
        return row.id


ROWS: dict[str, Callable] = {
    "token": feed_token,
    "hours_id": hours_id,
    "time_off_id": time_off_id,
    "holiday_id": holiday_id,
}
