"""Audio notes through HTTP: the clinic's and the therapist's switches, the record control
on the note page (and its absence), the recording's fragment, the transcript draft
accepted into the note or discarded, and the therapist's notice of a failed recording.

The speech engine is not needed here: a recording is made through the services and the
worker's last step (`recordings.transcribed`) puts its transcript on the note."""

from __future__ import annotations

import json
import re
import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa
from recording_support import empty_queue, enable, give_consent, tone_wav, use_redis

from app.extensions import db
from app.models import (
    Appointment,
    AuditEvent,
    Client,
    Clinic,
    ConsentKind,
    NoteTemplate,
    Recording,
    RecordingState,
    User,
)
from app.models.scoping import clinic_scope
from app.services import appointments, consent, notes, recordings

HX = {"HX-Request": "true"}
CANARY = "Lavender-canary-5821 said the client"
VERSION = re.compile(r'id="note-status".*?name="version" value="(\d+)"', re.S)


def _url(world, suffix=""):
    return f"/appointments/{world.appointment_id}/note{suffix}"


def _as(make_browser, world, who, language="en"):
    browser = make_browser()
    assert browser.login(world.emails[who]).status_code == 302
    browser.post("/language", {"language": language})
    return browser


def _page(browser, world) -> str:
    response = browser.get(_url(world))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _events(app, world, action: str) -> list[AuditEvent]:
    with app.app_context(), clinic_scope(world.clinic_id):
        return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def _rows(app, world):
    """The clinic, the treating therapist, the session and its client, in an open context."""
    clinic = db.session.get_one(Clinic, world.clinic_id)
    therapist = db.session.get_one(User, world.user_ids["therapist"])
    appointment = db.session.get_one(Appointment, world.appointment_id)
    client = db.session.get_one(Client, world.client_id)
    return clinic, therapist, appointment, client


def _recording(app, world, *, state: str = "queued") -> uuid.UUID:
    """A recording of the treating therapist's: still "receiving", "queued", "failed", or
    "done" (which also puts CANARY on the note as the transcript draft)."""
    with app.app_context(), clinic_scope(world.clinic_id):
        _, therapist, appointment, _ = _rows(app, world)
        recording = recordings.start(appointment, therapist, "audio/wav", "en")
        if state != "receiving":
            recordings.add_chunk(recording, therapist, 0, tone_wav(0.1))
            recordings.finish(recording, therapist)
        if state == "failed":
            recordings.failed(recording, "engine_error")
        if state == "done":
            recordings.transcribed(recording, CANARY)
        db.session.commit()
        return recording.id


def _note(app, world, template=NoteTemplate.FREE, text="", sign=False) -> None:
    with app.app_context(), clinic_scope(world.clinic_id):
        _, therapist, appointment, _ = _rows(app, world)
        note = notes.start_note(appointment, therapist, template)
        if text:
            field = notes.FIELDS[template][0]
            notes.save_draft(note, therapist, {field: text}, note.version)
        if sign:
            notes.sign_note(note, therapist, note.version)
        db.session.commit()


def _note_text(app, world) -> notes.NoteText:
    with app.app_context(), clinic_scope(world.clinic_id):
        _, therapist, appointment, _ = _rows(app, world)
        return notes.read_note(notes.note_for(appointment), therapist)


def _has_transcript(app, world) -> bool:
    with app.app_context(), clinic_scope(world.clinic_id):
        _, _, appointment, _ = _rows(app, world)
        return notes.note_for(appointment).transcript_sealed is not None


@pytest.fixture
def on(app, world):
    """Audio notes on for clinic and therapist, the client's recording consent given."""
    enable(app, world)
    give_consent(app, world)


def _assert_no_control(page: str, world) -> None:
    assert "data-recorder" not in page
    assert f"/appointments/{world.appointment_id}/recordings" not in page
    assert 'id="recording-status"' not in page
    assert "Audio note" not in page


# --- the record control -------------------------------------------------------------


def _clinic_off(app, world):
    enable(app, world, clinic=False)
    give_consent(app, world)


def _therapist_off(app, world):
    enable(app, world, therapist=False)
    give_consent(app, world)


def _no_consent(app, world):
    enable(app, world)


def _withdrawn(app, world):
    enable(app, world)
    give_consent(app, world)
    with app.app_context(), clinic_scope(world.clinic_id):
        _, therapist, _, client = _rows(app, world)
        consent.withdraw_consent(client, ConsentKind.RECORDING, by=therapist)
        db.session.commit()


def _nothing_on(app, world):
    pass


OFF = [_nothing_on, _clinic_off, _therapist_off, _no_consent, _withdrawn]


@pytest.mark.parametrize("setup", OFF, ids=lambda f: f.__name__)
@pytest.mark.parametrize("note", [False, True], ids=["no-note", "draft"])
def test_the_control_is_absent_unless_everything_allows_it(app, world, make_browser, setup, note):
    setup(app, world)
    if note:
        _note(app, world)
    page = _page(_as(make_browser, world, "therapist"), world)
    _assert_no_control(page, world)
    assert ("Start the note" in page) is not note  # the page itself is whole


@pytest.mark.parametrize(("language", "record"), [("en", "Start recording"), ("tr", "Kayda başla")])
def test_the_control_is_there_when_everything_allows_it(
    app, world, make_browser, on, language, record
):
    browser = _as(make_browser, world, "therapist", language)
    before = _page(browser, world)
    assert "data-recorder" not in before  # first the template, where the transcript goes
    _note(app, world)
    page = _page(browser, world)
    assert "data-recorder" in page
    assert f'data-start-url="/appointments/{world.appointment_id}/recordings"' in page
    assert re.search(rf'<option value="{language}" lang="{language}" selected>', page)
    assert f">{record}</button>" in page
    # The messages app.js shows come in the page's language, escaped into attributes.
    consent_message = re.search(r'data-msg-consent="([^"]+)"', page).group(1)
    assert ("consent" in consent_message) is (language == "en")
    assert ("rıza" in consent_message) is (language == "tr")
    assert 'id="recording-status"' in page and "every 3s" not in page  # nothing to follow


def test_the_other_therapist_never_gets_the_control(app, world, make_browser, on):
    enable(app, world)
    with app.app_context(), clinic_scope(world.clinic_id):
        db.session.get_one(User, world.user_ids["other_therapist"]).audio_notes_enabled = True
        db.session.commit()
    other = _as(make_browser, world, "other_therapist")
    response = other.get(_url(world))
    assert response.status_code == 403
    _assert_no_control(response.get_data(as_text=True), world)
    assert other.get(_url(world, "/recording"), headers=HX).status_code == 403
    with app.app_context(), clinic_scope(world.clinic_id):
        _, _, appointment, _ = _rows(app, world)
        other_row = db.session.get_one(User, world.user_ids["other_therapist"])
        assert not recordings.may_record(appointment, other_row)

    # Their own session with the same client: their own switch decides.
    with app.app_context(), clinic_scope(world.clinic_id):
        clinic, _, appointment, _ = _rows(app, world)
        later = appointment.start_at + timedelta(hours=3)
        own = appointments.book_appointment(
            clinic, other_row.id, world.client_id, later, "individual"
        )
        notes.start_note(own, other_row, NoteTemplate.FREE)
        db.session.commit()
        own_id = own.id
    assert "data-recorder" in other.get(f"/appointments/{own_id}/note").get_data(as_text=True)
    with app.app_context(), clinic_scope(world.clinic_id):
        db.session.get_one(User, world.user_ids["other_therapist"]).audio_notes_enabled = False
        db.session.commit()
    assert "data-recorder" not in other.get(f"/appointments/{own_id}/note").get_data(as_text=True)


# --- settings --------------------------------------------------------------------------


def test_the_admin_turns_audio_notes_on_and_sets_the_limit(app, world, make_browser):
    admin = _as(make_browser, world, "admin")
    page = admin.get("/admin/").get_data(as_text=True)
    assert 'id="audio-form"' in page and 'name="audio_keep_failed_hours" ' in page
    assert 'value="24"' in page and 'name="audio_notes_enabled" type="checkbox" value="y">' in page

    saved = admin.post(
        "/admin/audio-notes", {"audio_notes_enabled": "y", "audio_keep_failed_hours": "6"}
    )
    assert saved.status_code == 302
    with app.app_context():
        clinic = db.session.get(Clinic, world.clinic_id)
        assert (clinic.audio_notes_enabled, clinic.audio_keep_failed_hours) == (True, 6)
    [event] = _events(app, world, "clinic.audio_notes_updated")
    assert set(json.loads(event.details)["fields"]) == {
        "audio_notes_enabled",
        "audio_keep_failed_hours",
    }
    page = admin.get("/admin/").get_data(as_text=True)
    assert "Audio note settings saved." in page and "checked" in page.split('id="audio-form"')[1]

    for bad in ("0", "169", "", "many"):
        response = admin.post(
            "/admin/audio-notes",
            {"audio_notes_enabled": "y", "audio_keep_failed_hours": bad},
            headers=HX,
        )
        assert response.status_code == 422, bad
        assert "<html" not in response.get_data(as_text=True)
        assert 'id="audio-form"' in response.get_data(as_text=True)
    assert admin.post("/admin/audio-notes", {"audio_keep_failed_hours": "6"}).status_code == 302
    with app.app_context():
        assert not db.session.get(Clinic, world.clinic_id).audio_notes_enabled  # unticked

    values = {"audio_notes_enabled": "y", "audio_keep_failed_hours": "48"}
    assert admin.post("/admin/audio-notes", values, csrf=False).status_code == 400
    for who in ("receptionist", "therapist", "foreign_admin"):
        assert _as(make_browser, world, who).post("/admin/audio-notes", values).status_code in (
            403,
            302,  # the other clinic's admin changes their own clinic
        )
    with app.app_context():
        clinic = db.session.get(Clinic, world.clinic_id)
        assert (clinic.audio_notes_enabled, clinic.audio_keep_failed_hours) == (False, 6)
        assert db.session.get(Clinic, world.other_clinic_id).audio_keep_failed_hours == 48


def test_the_therapist_switch_shows_only_to_therapists_once_the_clinic_allows(
    app, world, make_browser
):
    therapist = _as(make_browser, world, "therapist")
    assert 'id="my-audio-notes"' not in therapist.get("/account").get_data(as_text=True)
    # Not while the clinic has them off, not even by a forged form.
    refused = therapist.post("/account/audio-notes", {"audio_notes_enabled": "y"})
    assert refused.status_code == 403

    enable(app, world, therapist=False)
    page = therapist.get("/account").get_data(as_text=True)
    assert 'id="my-audio-notes"' in page and "Record audio notes in my sessions" in page
    for who in ("receptionist", "admin"):
        browser = _as(make_browser, world, who)
        assert 'id="my-audio-notes"' not in browser.get("/account").get_data(as_text=True)
        assert browser.post("/account/audio-notes", {"audio_notes_enabled": "y"}).status_code == 403

    saved = therapist.post("/account/audio-notes", {"audio_notes_enabled": "y"})
    assert saved.status_code == 302
    page = therapist.get("/account").get_data(as_text=True)
    assert "Audio notes are on for your sessions." in page
    assert "checked" in page.split('id="my-audio-notes"')[1]
    with app.app_context():
        assert db.session.get(User, world.user_ids["therapist"]).audio_notes_enabled
        assert not db.session.get(User, world.user_ids["other_therapist"]).audio_notes_enabled
    assert therapist.post("/account/audio-notes", {}).status_code == 302
    with app.app_context():
        assert not db.session.get(User, world.user_ids["therapist"]).audio_notes_enabled
    switched = _events(app, world, "user.audio_notes_updated")
    assert [json.loads(e.details)["enabled"] for e in switched] == [True, False]
    assert therapist.post("/account/audio-notes", {}, csrf=False).status_code == 400


# --- the recording's fragment ------------------------------------------------------------


def test_a_waiting_recording_polls_and_a_failed_one_offers_a_retry(
    app, world, make_browser, on, clock
):
    use_redis(app, "recordings-ui")
    try:
        therapist = _as(make_browser, world, "therapist")
        recording_id = _recording(app, world, state="queued")
        page = _page(therapist, world)
        assert "Recording received; waiting to be transcribed" in page
        assert 'hx-trigger="recording-refresh, every 3s"' in page and "data-passive" in page

        fragment = therapist.get(_url(world, "/recording"), headers=HX)
        assert fragment.status_code == 200 and "HX-Request" in fragment.headers["Vary"]
        body = fragment.get_data(as_text=True)
        assert "<html" not in body and body.strip().startswith('<div id="recording-status"')
        assert therapist.get(_url(world, "/recording")).status_code == 302  # not a page

        with app.app_context(), clinic_scope(world.clinic_id):
            recording = db.session.get_one(Recording, recording_id)
            recordings.claim(recording_id)
            recordings.failed(db.session.get_one(Recording, recording_id), "engine_error")
            db.session.commit()
            assert recording.id == recording_id
        body = therapist.get(_url(world, "/recording"), headers=HX).get_data(as_text=True)
        assert "every 3s" not in body
        # Started 10:00 in Istanbul, kept for the clinic's 24 hours.
        assert "The recording started at 10:00 could not be transcribed." in body
        assert "Its audio will be deleted at 24 Nov 10:00." in body
        assert f'hx-post="/recordings/{recording_id}/retry"' in body

        retried = therapist.post(f"/recordings/{recording_id}/retry", headers=HX)
        assert retried.status_code == 204
        assert retried.headers["HX-Trigger"] == "recording-refresh"
        with app.app_context(), clinic_scope(world.clinic_id):
            assert db.session.get(Recording, recording_id).state is RecordingState.QUEUED
        assert "waiting to be transcribed" in therapist.get(
            _url(world, "/recording"), headers=HX
        ).get_data(as_text=True)
        other = _as(make_browser, world, "other_therapist")
        assert other.post(f"/recordings/{recording_id}/retry").status_code == 403
    finally:
        empty_queue(app)


def test_an_unfinished_recording_can_be_deleted_from_the_page(app, world, make_browser, on):
    therapist = _as(make_browser, world, "therapist")
    recording_id = _recording(app, world, state="receiving")
    page = _page(therapist, world)
    assert "A recording of this session was not finished." in page
    assert f'data-discard-url="/recordings/{recording_id}/discard"' in page
    assert "every 3s" not in page  # nobody is sending it: nothing to wait for


# --- the transcript draft -----------------------------------------------------------------


@pytest.mark.parametrize(("template", "field"), [("free", "text"), ("soap", "plan")])
def test_accept_puts_the_edited_transcript_into_the_chosen_field(
    app, world, make_browser, on, template, field
):
    _note(app, world, NoteTemplate(template), text="Written before.")
    _recording(app, world, state="done")
    therapist = _as(make_browser, world, "therapist")
    page = _page(therapist, world)
    assert CANARY in page and 'name="transcript"' in page
    options = re.findall(r'<option value="(\w+)">', page.split('id="transcript-field"')[1])
    assert options == list(notes.FIELDS[NoteTemplate(template)])
    [read] = _events(app, world, "note.transcript_read")
    version = VERSION.search(page).group(1)

    accepted = therapist.post(
        _url(world, "/transcript/accept"),
        {"transcript": "Edited: sleep is better.", "field": field, "version": version},
        headers=HX,
    )
    assert accepted.status_code == 204
    assert accepted.headers["HX-Redirect"] == _url(world)
    text = _note_text(app, world)
    expected = "Edited: sleep is better."
    if field == notes.FIELDS[NoteTemplate(template)][0]:
        expected = "Written before.\n\n" + expected
    assert text.fields[field] == expected
    assert CANARY not in repr(text)
    assert not _has_transcript(app, world)
    assert len(_events(app, world, "note.transcript_accepted")) == 1
    page = _page(therapist, world)
    assert 'name="transcript"' not in page and CANARY not in page
    assert "data-recorder" in page  # ready for the next one
    assert read.actor_id == world.user_ids["therapist"]


def test_accept_names_the_editors_version_and_a_stale_one_keeps_the_transcript(
    app, world, make_browser, on
):
    _note(app, world, text="First.")
    _recording(app, world, state="done")
    therapist = _as(make_browser, world, "therapist")
    page = _page(therapist, world)
    assert re.search(r'name="based_on" value="1"', page)
    assert 'hx-include="#note-status [name=version]"' in page
    # Another window saved meanwhile: version 2.
    saved = therapist.post(_url(world), {"version": "1", "text": "Second window."}, headers=HX)
    assert saved.status_code == 200

    stale = therapist.post(
        _url(world, "/transcript/accept"),
        {"transcript": "My edit.", "field": "text", "version": "1", "based_on": "1"},
        headers=HX,
    )
    assert stale.status_code == 422
    body = stale.get_data(as_text=True)
    assert "<html" not in body and "changed in another window at version 2" in body
    assert ">My edit.</textarea>" in body
    assert _has_transcript(app, world)
    assert _note_text(app, world).fields["text"] == "Second window."

    # Without the editor's version (the page had no editor) the draft's own one counts.
    accepted = therapist.post(
        _url(world, "/transcript/accept"), {"transcript": "My edit.", "based_on": "2"}
    )
    assert accepted.status_code == 303
    assert _note_text(app, world).fields["text"] == "Second window.\n\nMy edit."
    assert therapist.post(
        _url(world, "/transcript/accept"), {"transcript": "x", "field": "plan", "based_on": "3"}
    ).status_code in (400, 303)


def test_a_transcript_without_a_note_starts_a_free_text_note(app, world, make_browser, on):
    _recording(app, world, state="done")
    therapist = _as(make_browser, world, "therapist")
    page = _page(therapist, world)
    assert CANARY in page and 'name="based_on" value="0"' in page
    accepted = therapist.post(
        _url(world, "/transcript/accept"),
        {"transcript": CANARY, "field": "text", "based_on": "0"},
        headers=HX,
    )
    assert accepted.status_code == 204
    assert _note_text(app, world).fields["text"] == CANARY


def test_discard_throws_the_transcript_away(app, world, make_browser, on):
    _note(app, world, text="Kept as it was.")
    _recording(app, world, state="done")
    therapist = _as(make_browser, world, "therapist")
    discarded = therapist.post(_url(world, "/transcript/discard"), headers=HX)
    assert discarded.status_code == 200
    body = discarded.get_data(as_text=True)
    assert "<html" not in body and CANARY not in body and 'id="recording-status"' in body
    assert not _has_transcript(app, world)
    assert _note_text(app, world).fields["text"] == "Kept as it was."
    assert len(_events(app, world, "note.transcript_discarded")) == 1
    assert CANARY not in _page(therapist, world)


def test_on_a_signed_note_the_transcript_becomes_an_amendment(app, world, make_browser, on):
    _note(app, world, text="Signed text.", sign=True)
    _recording(app, world, state="done")
    therapist = _as(make_browser, world, "therapist")
    page = _page(therapist, world)
    assert "This note is signed: the transcript is added as an amendment." in page
    assert 'id="transcript-field"' not in page and "Add as an amendment" in page
    accepted = therapist.post(
        _url(world, "/transcript/accept"), {"transcript": "Later thought.", "based_on": "2"}
    )
    assert accepted.status_code == 303
    text = _note_text(app, world)
    assert text.fields["text"] == "Signed text." and text.amendments == ["Later thought."]
    assert not _has_transcript(app, world)


def test_a_second_recording_waits_before_the_draft_is_opened_again(
    app, world, make_browser, on, clock
):
    _recording(app, world, state="done")
    clock.advance(minutes=1)
    _recording(app, world, state="queued")
    therapist = _as(make_browser, world, "therapist")
    page = _page(therapist, world)
    assert CANARY not in page and "waiting to be transcribed" in page
    assert _events(app, world, "note.transcript_read") == []


# --- the therapist's notice ------------------------------------------------------------------


def test_the_week_tells_the_therapist_of_a_failed_recording_until_dismissed(
    app, world, make_browser, on, clock
):
    recording_id = _recording(app, world, state="failed")
    therapist = _as(make_browser, world, "therapist")
    week = therapist.get("/week").get_data(as_text=True)
    # The session is at 11:00 in Istanbul; the audio waits the clinic's 24 hours.
    assert "A recording of the session on 23 Nov 2026 11:00 could not be transcribed." in week
    assert "Its audio will be deleted at 24 Nov 2026 10:00." in week
    assert f"/appointments/{world.appointment_id}/note" in week
    for who in ("other_therapist", "receptionist", "admin"):
        assert "could not be transcribed" not in _as(make_browser, world, who).get(
            "/week"
        ).get_data(as_text=True)

    clock.advance(hours=24, minutes=5)
    with app.app_context(), clinic_scope(world.clinic_id):
        assert recordings.purge_expired() == 1
        db.session.commit()
    therapist = _as(make_browser, world, "therapist")  # the earlier session has timed out
    week = therapist.get("/week").get_data(as_text=True)
    assert "Its audio was deleted on 24 Nov 2026 10:05." in week

    other = _as(make_browser, world, "other_therapist")
    assert other.post(f"/recordings/{recording_id}/dismiss").status_code == 403
    dismissed = therapist.post(f"/recordings/{recording_id}/dismiss", headers=HX)
    assert dismissed.status_code == 200 and dismissed.get_data(as_text=True) == ""
    assert "could not be transcribed" not in therapist.get("/week").get_data(as_text=True)
    assert "could not be transcribed" not in _page(therapist, world)


def test_the_notice_reads_in_turkish(app, world, make_browser, on):
    _recording(app, world, state="failed")
    week = _as(make_browser, world, "therapist", "tr").get("/week").get_data(as_text=True)
    assert "could not be transcribed" not in week and "Kas 2026 11:00" in week
    assert "Dismiss" not in week


# --- nobody else ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["receptionist", "admin", "foreign_admin", "foreign_therapist"])
def test_the_front_desk_and_admins_never_see_a_transcript_or_the_controls(
    app, world, make_browser, on, who
):
    _note(app, world)
    recording_id = _recording(app, world, state="done")
    failed_id = _recording(app, world, state="failed")
    browser = _as(make_browser, world, who)
    for url in (_url(world), _url(world, "/recording")):
        response = browser.get(url, headers=HX)
        assert response.status_code in (403, 404)
        assert CANARY not in response.get_data(as_text=True)
    for url in (_url(world, "/transcript/accept"), _url(world, "/transcript/discard")):
        assert browser.post(url, {"transcript": "x", "based_on": "0"}).status_code in (403, 404)
    for recording in (recording_id, failed_id):
        for action in ("retry", "dismiss"):
            response = browser.post(f"/recordings/{recording}/{action}")
            assert response.status_code in (403, 404)
    pages = [
        "/day",
        "/week",
        "/month",
        f"/clients/{world.client_id}",
        f"/appointments/{world.appointment_id}",
        "/inbox",
        "/admin/",
    ]
    for url in pages:
        body = browser.get(url).get_data(as_text=True)
        assert CANARY not in body, url
        assert "data-recorder" not in body and "recording-status" not in body, url
    assert _has_transcript(app, world)  # still waiting for its therapist


def test_turning_the_feature_off_keeps_a_waiting_draft_for_its_therapist(
    app, world, make_browser, on
):
    _recording(app, world, state="done")
    enable(app, world, clinic=False)
    therapist = _as(make_browser, world, "therapist")
    page = _page(therapist, world)
    assert "data-recorder" not in page
    assert CANARY in page  # still theirs to accept or discard
    assert therapist.post(_url(world, "/transcript/discard")).status_code == 303
    _assert_no_control(_page(therapist, world), world)


def test_the_fragment_is_polled_passively(app, world, make_browser, on, clock):
    """Polling while a recording waits keeps no idle session alive (idle timeout: 15)."""
    _recording(app, world, state="queued")
    therapist = _as(make_browser, world, "therapist")
    for _ in range(8):
        clock.advance(minutes=2)
        response = therapist.get(_url(world, "/recording"), headers=HX)
    assert response.status_code == 401
    assert "/login" in response.headers["HX-Redirect"]
