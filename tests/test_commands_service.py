"""Commands resolved against the clinic and acted on only when confirmed.

The world's clock: Monday 23 Nov 2026, 10:00 Istanbul; Elif Kaya has a session with
"Therapist" at 11:00 that day.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from conftest import PASSWORD

from app.extensions import db
from app.models import Appointment, AppointmentStatus, Clinic, OutboxMessage, Role
from app.models.scoping import clinic_scope
from app.services import clients, users
from app.services import commands as svc


@pytest.fixture
def clinic(ctx, world):
    with clinic_scope(world.clinic_id):
        yield db.session.get(Clinic, world.clinic_id)


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_one_match_is_resolved_with_the_clients_usual_therapist(clinic, world):
    p = svc.propose(clinic, "E.K. yarın 14:00 seans", viewer_id=None)
    assert p.action is svc.Action.BOOK
    assert p.client == svc.Choice(world.client_id, "Elif Kaya")
    assert p.therapist.id == world.user_ids["therapist"]
    assert p.start == datetime(2026, 11, 24, 11, 0, tzinfo=UTC)
    assert p.duration == 50 and p.type_code == "individual"
    assert p.ready


def test_several_matches_ask_which_one(clinic, world):
    other = clients.create_client(clinic.id, "Emre Koç")
    p = svc.propose(clinic, "E.K. yarın 14:00 seans", viewer_id=None)
    assert p.client is None and not p.ready
    assert sorted(c.label for c in p.client_choices) == ["Elif Kaya", "Emre Koç"]
    picked = svc.propose(
        clinic, "E.K. yarın 14:00 seans", viewer_id=None, picks=svc.Picks(client_id=other.id)
    )
    assert picked.client.label == "Emre Koç"


def test_no_match_offers_to_create_the_client(clinic):
    p = svc.propose(clinic, "Book Zeynep Akın tomorrow at 14:00", viewer_id=None)
    assert p.client is None and p.client_choices == []
    assert p.new_client_name == "Zeynep Akın"
    assert not p.ready


def test_therapist_named_in_the_command_or_asked_for(clinic, world):
    ayse = users.create_user(clinic.id, "ayse@a.test", "Ayşe Yılmaz", PASSWORD, Role.THERAPIST)
    newcomer = clients.create_client(clinic.id, "Can Demir")
    asked = svc.propose(clinic, "Can Demir yarın 14:00 seans", viewer_id=None)
    assert asked.client.id == newcomer.id
    assert asked.therapist is None and len(asked.therapist_choices) == 3
    assert not asked.ready
    for text in (
        "Can Demir yarın 14:00 Ayşe Hanım ile seans",
        "Book Can Demir with Dr. Ayşe tomorrow 14:00",
    ):
        named = svc.propose(clinic, text, viewer_id=None)
        assert named.therapist.id == ayse.id, text
        assert named.ready
    # A therapist always books for themselves.
    own = svc.propose(clinic, "E.K. yarın 14:00 seans", viewer_id=world.user_ids["therapist"])
    assert own.therapist.id == world.user_ids["therapist"] and own.therapist_choices == []


def test_clash_offers_the_three_nearest_free_times(clinic):
    p = svc.propose(clinic, "E.K. bugün 11:00 seans", viewer_id=None)
    assert p.status is svc.Status.CLASH and p.problem == "taken"
    assert len(p.alternatives) == 3
    assert all(a.tzinfo is not None for a in p.alternatives)


def test_nothing_changes_before_confirm(clinic):
    before = (_count(Appointment), _count(OutboxMessage))
    for text in (
        "E.K. yarın 14:00 seans",
        "E.K. her salı 15:00 seans",
        "Elif Kaya'nın seansını yarın 15:00'e taşı",
        "E.K.'nin bugünkü seansını iptal et",
        "E.K. bugün 11:00 seans",
    ):
        svc.propose(clinic, text, viewer_id=None)
    db.session.commit()
    assert (_count(Appointment), _count(OutboxMessage)) == before
    assert db.session.scalars(sa.select(Appointment)).one().status is AppointmentStatus.BOOKED


def test_confirm_books_through_the_same_rule(clinic, world):
    text = "E.K. bugün 11:00 seans"
    with pytest.raises(svc.NotConfirmable) as refused:
        svc.confirm(clinic, text, viewer_id=None, picks=svc.Picks())
    first = refused.value.proposal.alternatives[0]
    proposal, made = svc.confirm(clinic, text, viewer_id=None, picks=svc.Picks(start=first))
    db.session.commit()
    assert made.start_at == first and made.client_id == world.client_id
    assert _count(Appointment) == 2


@pytest.mark.parametrize(
    "start",
    [
        datetime.fromisoformat("0001-01-01T00:00:00+14:00"),
        datetime.fromisoformat("9999-12-31T23:59:59-12:00"),
        datetime(2040, 1, 1, 7, tzinfo=UTC),
    ],
)
def test_a_picked_start_beyond_reach_is_ignored(clinic, start):
    """Year 1 at +14:00 overflowed in the clinic's zone (a 500 from the command bar); a
    start the card cannot have offered is not taken."""
    p = svc.propose(clinic, "E.K. yarın 14:00 seans", viewer_id=None, picks=svc.Picks(start=start))
    assert p.start == datetime(2026, 11, 24, 11, tzinfo=UTC)


def test_confirm_a_weekly_series(clinic):
    _, made = svc.confirm(clinic, "E.K. her salı 15:00 seans", viewer_id=None, picks=svc.Picks())
    db.session.commit()
    assert made.interval_weeks == 1
    assert _count(Appointment) == 1 + svc.SERIES_LENGTH


def test_move_and_cancel(clinic, world):
    _, moved = svc.confirm(
        clinic, "Elif Kaya'nın seansını yarın 15:00'e taşı", viewer_id=None, picks=svc.Picks()
    )
    db.session.commit()
    assert moved.id == world.appointment_id
    assert moved.start_at == datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    _, cancelled = svc.confirm(
        clinic, "E.K.'nin yarınki seansını iptal et", viewer_id=None, picks=svc.Picks()
    )
    db.session.commit()
    assert cancelled.id == world.appointment_id
    assert cancelled.status is AppointmentStatus.CANCELLED


def test_move_into_a_clash_is_refused(clinic, world):
    other = clients.create_client(clinic.id, "Murat Yıldız")
    svc.confirm(
        clinic,
        "M.Y. yarın 15:00 seans",
        viewer_id=None,
        picks=svc.Picks(therapist_id=world.user_ids["therapist"]),
    )
    p = svc.propose(clinic, "Elif Kaya'nın seansını yarın 15:00'e taşı", viewer_id=None)
    assert other and p.status is svc.Status.CLASH and len(p.alternatives) == 3


def test_find_and_show(clinic, world):
    found = svc.propose(clinic, "Yarın öğleden sonra boş saat var mı?", viewer_id=None)
    assert found.status is svc.Status.INFO
    slots = {t.id: s for t, s in found.slots}
    assert slots[world.user_ids["therapist"]]
    assert all(
        s.astimezone(svc.ZoneInfo("Europe/Istanbul")).hour >= 12
        for s in slots[world.user_ids["therapist"]]
    )
    shown = svc.propose(clinic, "E.K. ne zaman geliyor?", viewer_id=None)
    assert [s.client for s in shown.sessions] == ["Elif Kaya"]
    day = svc.propose(clinic, "Bugün kimler geliyor?", viewer_id=None)
    assert [s.client for s in day.sessions] == ["Elif Kaya"]
    # Another therapist sees only their own day.
    theirs = svc.propose(
        clinic, "Bugün kimler geliyor?", viewer_id=world.user_ids["other_therapist"]
    )
    assert theirs.sessions == []


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("E.K. için teşhis koy", svc.Status.REFUSED),
        ("delete all clients", svc.Status.REFUSED),
        ("What medication should E.K. take?", svc.Status.REFUSED),
        ("merhaba", svc.Status.HELP),
    ],
)
def test_out_of_scope_is_refused(clinic, text, status):
    p = svc.propose(clinic, text, viewer_id=None)
    assert p.status is status
    with pytest.raises(svc.NotConfirmable):
        svc.confirm(clinic, text, viewer_id=None, picks=svc.Picks())


def test_another_clinics_client_cannot_be_picked(clinic, world):
    text = "M.Y. yarın 14:00 seans"  # Murat Yıldız is clinic B's client
    p = svc.propose(clinic, text, viewer_id=None, picks=svc.Picks(client_id=world.other_client_id))
    assert p.client is None
    with pytest.raises(svc.NotConfirmable):
        svc.confirm(clinic, text, viewer_id=None, picks=svc.Picks(client_id=world.other_client_id))
    assert _count(Appointment) == 1


def test_a_therapist_does_not_find_other_therapists_clients(clinic, world):
    p = svc.propose(clinic, "E.K. yarın 14:00 seans", viewer_id=world.user_ids["other_therapist"])
    assert p.client is None and p.client_choices == []
