"""Key rotation runs: each batch commits on its own, so a run can be resumed.

This is the one place outside a route or job that commits, because a rotation
over many rows must make progress that survives an interruption.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from app.crypto import CryptoError
from app.extensions import db
from app.models import Clinic
from app.models.scoping import all_clinics, clinic_scope
from app.services import audit, keys


class RotationError(Exception):
    """A rotation that cannot start; the message tells the operator what to do."""


def _in_batches(step: Callable[[], int]) -> int:
    total = 0
    while True:
        done = step()
        db.session.commit()
        if done == 0:
            return total
        total += done


def rotate_master(batch_size: int) -> list[str]:
    try:
        active = keys.start_master_rotation()
    except CryptoError as exc:
        raise RotationError(str(exc)) from exc
    count = _in_batches(lambda: keys.rewrap_master_batch(batch_size))
    audit.record(None, "keys.master_rotated", ("master_key", active), None, rewrapped=count)
    db.session.commit()
    return [f"master key {active} active; {count} clinic keys re-wrapped"]


def rotate_clinic(slug: str, batch_size: int, *, reencrypt: bool) -> list[str]:
    with all_clinics():
        clinic = db.session.scalars(sa.select(Clinic).where(Clinic.slug == slug)).first()
    if clinic is None:
        raise RotationError(f"no clinic with slug {slug!r}")
    lines = []
    with clinic_scope(clinic.id):
        active = keys.start_clinic_rotation(clinic.id, reencrypting=reencrypt)
        db.session.commit()
        count = _in_batches(lambda: keys.rewrap_clinic_batch(clinic.id, batch_size))
        audit.record(
            None, "keys.clinic_rotated", ("clinic_key", active), clinic.id, rewrapped=count
        )
        lines.append(f"clinic key {active} active; {count} client keys re-wrapped")
        if reencrypt:
            rotation = keys.start_reencryption(clinic.id)
            db.session.commit()
            count = _in_batches(lambda: keys.reencrypt_batch(rotation, batch_size))
            audit.record(
                None,
                "keys.data_reencrypted",
                ("key_rotation", rotation.id),
                clinic.id,
                clients=count,
            )
            lines.append(f"{count} clients re-encrypted under new data keys")
        db.session.commit()
    return lines
