"""Session notes: sealed, bound to their row, only for the treating therapist, never
silently overwritten, locked once signed."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.crypto import DecryptionFailed
from app.extensions import db
from app.models import Appointment, AuditEvent, Clinic, Note, NoteStatus, NoteTemplate, User
from app.models.scoping import clinic_scope
from app.services import appointments, clients, notes


@pytest.fixture
def scope(app, world):
    with app.app_context(), clinic_scope(world.clinic_id):
        yield world


def _user(world, key):
    return db.session.get_one(User, world.user_ids[key])


def _appointment(world):
    return db.session.get_one(Appointment, world.appointment_id)


def _note(world, template=NoteTemplate.SOAP):
    note = notes.start_note(_appointment(world), _user(world, "therapist"), template)
    db.session.commit()
    return note


def test_the_treating_therapist_writes_and_reads_a_note(scope):
    therapist = _user(scope, "therapist")
    note = _note(scope)
    version = notes.save_draft(note, therapist, {"subjective": "Uykular düzensiz."}, based_on=0)
    db.session.commit()
    text = notes.read_note(note, therapist)
    assert version == 1 and text.version == 1
    assert text.fields == {
        "subjective": "Uykular düzensiz.",
        "objective": "",
        "assessment": "",
        "plan": "",
    }


@pytest.mark.parametrize("who", ["other_therapist", "receptionist", "admin"])
def test_nobody_else_reads_or_writes_it(scope, who):
    note = _note(scope)
    someone = _user(scope, who)
    with pytest.raises(notes.NotYourNote):
        notes.read_note(note, someone)
    with pytest.raises(notes.NotYourNote):
        notes.save_draft(note, someone, {"subjective": "x"}, based_on=0)
    with pytest.raises(notes.NotYourNote):
        notes.start_note(_appointment(scope), someone, NoteTemplate.FREE)


def test_two_tabs_never_overwrite_each_other(scope):
    therapist = _user(scope, "therapist")
    note = _note(scope, NoteTemplate.FREE)
    notes.save_draft(note, therapist, {"text": "first tab"}, based_on=0)
    db.session.commit()
    with pytest.raises(notes.NoteConflict) as conflict:
        notes.save_draft(note, therapist, {"text": "second tab"}, based_on=0)
    db.session.rollback()
    assert conflict.value.current_version == 1
    assert notes.read_note(note, therapist).fields == {"text": "first tab"}
    # Nothing is lost: the second tab saves again on top of what it now knows.
    notes.save_draft(note, therapist, {"text": "first tab\nsecond tab"}, based_on=1)
    db.session.commit()
    assert notes.read_note(note, therapist).fields == {"text": "first tab\nsecond tab"}


def test_a_signed_note_is_locked_and_amended_as_new_versions(scope):
    therapist = _user(scope, "therapist")
    note = _note(scope, NoteTemplate.FREE)
    notes.save_draft(note, therapist, {"text": "signed words"}, based_on=0)
    notes.sign_note(note, therapist, based_on=1)
    db.session.commit()
    assert note.status is NoteStatus.SIGNED
    with pytest.raises(notes.NoteLocked):
        notes.save_draft(note, therapist, {"text": "changed"}, based_on=1)
    notes.amend_note(note, therapist, "a later correction")
    notes.amend_note(note, therapist, "and another")
    db.session.commit()
    text = notes.read_note(note, therapist)
    assert text.fields == {"text": "signed words"}
    assert text.amendments == ["a later correction", "and another"]


def test_signing_a_stale_version_is_a_conflict(scope):
    therapist = _user(scope, "therapist")
    note = _note(scope, NoteTemplate.FREE)
    notes.save_draft(note, therapist, {"text": "v1"}, based_on=0)
    with pytest.raises(notes.NoteConflict):
        notes.sign_note(note, therapist, based_on=0)


def test_fields_outside_the_template_are_refused(scope):
    note = _note(scope, NoteTemplate.DAP)
    with pytest.raises(ValueError, match="subjective"):
        notes.save_draft(note, _user(scope, "therapist"), {"subjective": "x"}, based_on=0)


def test_a_note_ciphertext_moved_to_another_note_does_not_open(scope, clock):
    therapist = _user(scope, "therapist")
    first = _note(scope, NoteTemplate.FREE)
    notes.save_draft(first, therapist, {"text": "only for the first"}, based_on=0)
    other_client = clients.create_client(scope.clinic_id, "Can Ak")
    clinic = db.session.get_one(Clinic, scope.clinic_id)
    later = appointments.book_appointment(
        clinic, therapist.id, other_client.id, clock().replace(hour=11), "individual"
    )
    second = notes.start_note(later, therapist, NoteTemplate.FREE)
    db.session.commit()
    second.body_sealed = first.body_sealed
    db.session.commit()
    with pytest.raises(DecryptionFailed):
        notes.read_note(second, therapist)


def test_note_text_reaches_neither_the_audit_trail_nor_the_raw_database(scope, app, backend):
    canary = f"kanarya-{uuid.uuid4().hex}"
    therapist = _user(scope, "therapist")
    note = _note(scope, NoteTemplate.FREE)
    notes.save_draft(note, therapist, {"text": canary}, based_on=0)
    notes.sign_note(note, therapist, based_on=1)
    notes.amend_note(note, therapist, canary + " amended")
    db.session.commit()
    assert notes.read_note(note, therapist).fields["text"] == canary
    db.session.commit()
    rows = db.session.execute(sa.select(AuditEvent)).scalars().all()
    assert rows and all(canary not in repr(vars(row)) for row in rows)
    actions = [r.action for r in rows if r.object_id == str(note.id)]
    assert actions == ["note.created", "note.saved", "note.signed", "note.amended", "note.read"]
    if backend == "sqlite":
        path = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
        raw = b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
        assert raw.count(canary.encode()) == 0


def test_notes_survive_re_encryption_under_new_client_keys(scope, app):
    therapist = _user(scope, "therapist")
    note = _note(scope, NoteTemplate.FREE)
    notes.save_draft(note, therapist, {"text": "still here"}, based_on=0)
    notes.sign_note(note, therapist, based_on=1)
    db.session.commit()
    result = app.test_cli_runner().invoke(
        args=["keys", "rotate", "--clinic", "clinic-a", "--reencrypt"]
    )
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    fresh = db.session.get_one(Note, note.id)
    assert notes.read_note(fresh, therapist).fields == {"text": "still here"}
