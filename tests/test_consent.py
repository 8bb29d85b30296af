"""Consents: recorded against a text version, withdrawable, asked before acting."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Client, ConsentKind, ConsentMethod, ConsentText, User
from app.models.scoping import clinic_scope
from app.services import consent
from tests.race_support import meanwhile


@pytest.fixture
def scope(app, world):
    with app.app_context(), clinic_scope(world.clinic_id):
        for kind in ConsentKind:
            consent.publish_text(world.clinic_id, kind, "tr", f"{kind} metni, sürüm 1")
        db.session.commit()
        yield world


def _client(world):
    return db.session.get_one(Client, world.client_id)


def test_texts_are_versioned_and_consents_point_at_theirs(scope):
    desk = db.session.get_one(User, scope.user_ids["receptionist"])
    first = consent.record_consent(
        _client(scope), ConsentKind.SMS, ConsentMethod.PAPER, recorded_by=desk
    )
    newer = consent.publish_text(scope.clinic_id, ConsentKind.SMS, "tr", "SMS metni, sürüm 2")
    second = consent.record_consent(
        _client(scope), ConsentKind.SMS, ConsentMethod.ONLINE, typed_name="Elif Kaya", ip="1.2.3.4"
    )
    # New clinics start with version 1 of each text; the fixture published the next one.
    assert newer.version == db.session.get_one(ConsentText, first.text_id).version + 1
    assert first.text_id != newer.id
    assert second.text_id == newer.id
    assert second.typed_name_sealed and b"Elif" not in second.typed_name_sealed


@pytest.mark.parametrize(
    ("method", "kwargs", "problem"),
    [
        (ConsentMethod.PAPER, {}, "staff member"),
        (ConsentMethod.ONLINE, {"typed_name": "  "}, "typed full name"),
    ],
)
def test_a_consent_needs_its_evidence(scope, method, kwargs, problem):
    with pytest.raises(consent.ConsentError, match=problem):
        consent.record_consent(_client(scope), ConsentKind.SMS, method, **kwargs)


def test_withdrawing_sms_consent_ends_it_from_that_moment(scope, clock):
    desk = db.session.get_one(User, scope.user_ids["receptionist"])
    client = _client(scope)
    consent.record_consent(client, ConsentKind.SMS, ConsentMethod.PAPER, recorded_by=desk)
    db.session.commit()
    assert consent.has_consent(client.id, ConsentKind.SMS)
    given = clock()
    clock.advance(days=3)
    assert consent.withdraw_consent(client, ConsentKind.SMS, by=desk) == 1
    db.session.commit()
    assert not consent.has_consent(client.id, ConsentKind.SMS)
    assert consent.has_consent(client.id, ConsentKind.SMS, at=given + timedelta(days=1))
    assert ConsentKind.SMS in consent.missing_consents(client.id)


def test_no_text_no_consent(app, world):
    with app.app_context(), clinic_scope(world.clinic_id):
        # Remove the default texts a new clinic starts with (none has been agreed to yet).
        db.session.execute(
            sa.delete(ConsentText).where(
                ConsentText.clinic_id == world.clinic_id,
                ConsentText.kind == ConsentKind.RECORDING,
            )
        )
        with pytest.raises(consent.ConsentError, match="no published"):
            consent.record_consent(
                _client(world), ConsentKind.RECORDING, ConsentMethod.ONLINE, typed_name="Elif Kaya"
            )


def test_two_admins_publishing_at_once_number_their_versions_one_after_the_other(
    app, world, backend
):
    """Publishers take turns: the second used to number its text after the same version
    as the first and fail on the unique constraint when the first committed (a 500)."""
    if backend != "postgresql":
        pytest.skip("on SQLite a request's write lock serialises them")

    def publish(body: str):
        return lambda: consent.publish_text(world.clinic_id, ConsentKind.SMS, "tr", body).version

    first, second = meanwhile(app, world.clinic_id, publish("Birinci"), publish("İkinci"))
    assert second == first + 1
