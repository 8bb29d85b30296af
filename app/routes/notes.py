"""Session notes for the treating therapist, and the "up next" panel on their week.

The editor autosaves through HTMX: each save names the version it was based on and
answers with a small status fragment carrying the new version, so the textareas are
never replaced while the therapist types. A stale version answers with the conflict
message and echoes back what was sent, so nothing typed is lost.

Where audio notes are on, the page also carries the record control (app.js sends the
audio to app/routes/recordings.py) and a fragment that follows the recording until its
transcript draft waits for the therapist to edit and accept, or discard.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from app import clock
from app.extensions import db, htmx
from app.models import WAITING_STATES, Appointment, Note, NoteStatus, NoteTemplate, RecordingState
from app.routes.appointments import load_appointment
from app.services import clients, emergency, notes, prep, recordings
from app.services.i18n import clinic_zone
from app.textnorm import clean_text

bp = Blueprint("notes", __name__)

Rendered = tuple[str, int]

TEMPLATE_LABELS = {
    NoteTemplate.FREE: _l("Free text"),
    NoteTemplate.SOAP: _l("SOAP"),
    NoteTemplate.DAP: _l("DAP"),
    NoteTemplate.BIRP: _l("BIRP"),
}
FIELD_LABELS = {
    "text": _l("Note"),
    "subjective": _l("Subjective"),
    "objective": _l("Objective"),
    "assessment": _l("Assessment"),
    "plan": _l("Plan"),
    "data": _l("Data"),
    "behavior": _l("Behavior"),
    "intervention": _l("Intervention"),
    "response": _l("Response"),
}
CONSENT_LABELS = {
    "data_processing": _l("Data processing (KVKK/GDPR)"),
    "sms": _l("SMS reminders"),
    "ai_assistant": _l("AI-assisted administration"),
    "recording": _l("Audio recording"),
}


@bp.context_processor
def note_helpers() -> dict:
    return {
        "template_labels": TEMPLATE_LABELS,
        "field_labels": FIELD_LABELS,
        "consent_labels": CONSENT_LABELS,
        "note_fields": notes.FIELDS,
    }


def _version() -> int:
    try:
        return int(request.form.get("version", ""))
    except ValueError:
        abort(400)


def _fields(note: Note) -> dict[str, str]:
    return {name: clean_text(request.form.get(name, "")) for name in notes.FIELDS[note.template]}


def _page(appointment: Appointment, status: int = 200, **context) -> Rendered:
    zone = clinic_zone()
    name = clients.reveal_names(g.clinic_id, [appointment.client_id]).get(appointment.client_id)
    note = context.get("note")
    page = render_template(
        "notes/editor.html",
        appointment=appointment,
        emergency_reads=emergency.grants_for_note(note) if note is not None else [],
        client_name=name or "",
        start=appointment.start_at.astimezone(zone),
        **context,
    )
    return page, status


def _editor_url(appointment: Appointment) -> str:
    return url_for("notes.editor", appointment_id=appointment.id)


@bp.get("/appointments/<uuid:appointment_id>/note")
def editor(appointment_id: uuid.UUID) -> Rendered:
    """The note: a template choice first, then the editor, read-only once signed."""
    appointment = load_appointment(appointment_id)
    note = notes.note_for(appointment)
    audio = _audio(appointment, note)
    if note is None:
        page = _page(appointment, note=None, text=None, audio=audio)
    else:
        text = notes.read_note(note, current_user)
        page = _page(appointment, note=note, text=text, audio=audio)
    db.session.commit()  # the audit rows of the note's and the transcript's reads
    return page


@bp.post("/appointments/<uuid:appointment_id>/note/start")
def start(appointment_id: uuid.UUID) -> Response:
    """Create the note with the chosen template (a second start keeps the first)."""
    appointment = load_appointment(appointment_id)
    try:
        template = NoteTemplate(request.form.get("template", ""))
    except ValueError:
        abort(400)
    notes.start_note(appointment, current_user, template)
    db.session.commit()
    return redirect(_editor_url(appointment), 303)


def _conflict(
    appointment: Appointment, note: Note, sent: dict[str, str], based_on: int, current: int
) -> Rendered:
    message = _(
        "This note was changed in another window at version %(version)s. "
        "Your text is kept below; copy what you need and reload.",
        version=current,
    )
    context = {"message": message, "sent": sent, "version": based_on, "conflict": True}
    if htmx:
        return render_template("notes/_status.html", note=note, **context), 422
    return _page(appointment, 409, note=note, text=None, **context)


def _locked(appointment: Appointment, note: Note) -> Response | Rendered:
    message = _("This note is signed and can no longer be edited. Add an amendment instead.")
    if htmx:
        context = {"message": message, "sent": {}, "version": note.version, "conflict": True}
        return render_template("notes/_status.html", note=note, **context), 422
    return redirect(_editor_url(appointment), 303)


@bp.post("/appointments/<uuid:appointment_id>/note")
def save(appointment_id: uuid.UUID) -> Response | Rendered:
    """Autosave (HTMX) or "Save now": store the draft if nobody saved since `version`."""
    appointment = load_appointment(appointment_id)
    note = notes.note_for(appointment)
    if note is None:  # no template chosen yet: the editor asks for one
        return redirect(_editor_url(appointment), 303)
    based_on, sent = _version(), _fields(note)
    try:
        version = notes.save_draft(note, current_user, sent, based_on)
    except notes.NoteLocked:
        db.session.rollback()
        return _locked(appointment, note)
    except notes.NoteConflict as exc:
        db.session.rollback()
        return _conflict(appointment, note, sent, based_on, exc.current_version)
    db.session.commit()
    if not htmx:
        return redirect(_editor_url(appointment), 303)
    saved_at = clock.now().astimezone(clinic_zone())
    return render_template(
        "notes/_status.html", note=note, version=version, saved_at=saved_at, message=None
    ), 200


@bp.post("/appointments/<uuid:appointment_id>/note/sign")
def sign(appointment_id: uuid.UUID) -> Response | Rendered:
    """Two steps: the first saves the text and asks to confirm; the second signs."""
    appointment = load_appointment(appointment_id)
    note = notes.note_for(appointment)
    if note is None:  # no template chosen yet: the editor asks for one
        return redirect(_editor_url(appointment), 303)
    if note.status is NoteStatus.SIGNED:
        return redirect(_editor_url(appointment), 303)
    based_on = _version()
    if request.form.get("confirm") != "1":
        sent = _fields(note)
        try:
            version = notes.save_draft(note, current_user, sent, based_on)
        except notes.NoteConflict as exc:
            db.session.rollback()
            return _conflict(appointment, note, sent, based_on, exc.current_version)
        text = notes.read_note(note, current_user)
        page = _page(appointment, note=note, text=text, confirm_version=version)
        db.session.commit()
        return page
    try:
        notes.sign_note(note, current_user, based_on)
    except notes.NoteConflict as exc:
        db.session.rollback()
        return _conflict(appointment, note, {}, based_on, exc.current_version)
    db.session.commit()
    return redirect(_editor_url(appointment), 303)


@bp.post("/appointments/<uuid:appointment_id>/note/amend")
def amend(appointment_id: uuid.UUID) -> Response | Rendered:
    """Add an amendment to a signed note."""
    appointment = load_appointment(appointment_id)
    note = notes.note_for(appointment)
    if note is None:  # no template chosen yet: the editor asks for one
        return redirect(_editor_url(appointment), 303)
    text = clean_text(request.form.get("text", "")).strip()
    if note.status is not NoteStatus.SIGNED or not text:
        return redirect(_editor_url(appointment), 303)
    notes.amend_note(note, current_user, text)
    db.session.commit()
    return redirect(_editor_url(appointment), 303)


def _audio(appointment: Appointment, note: Note | None) -> dict:
    """What the page shows of audio notes: the record control where this therapist may
    record this session, the latest recording while it waits or after it failed, and the
    transcript draft (opened, and audited, only once no recording is on its way)."""
    recording = recordings.latest_for(appointment, current_user)
    waiting = recording is not None and recording.state in WAITING_STATES
    failed = (
        recording
        if recording is not None
        and recording.state is RecordingState.FAILED
        and recording.notice_dismissed_at is None
        else None
    )
    transcript = None
    if note is not None and not waiting:
        transcript = notes.read_transcript(note, current_user)
    audio = {
        "may_record": recordings.may_record(appointment, current_user),
        "recording": recording if waiting else None,
        "failed": failed,
        "transcript": transcript,
        "note": note,
        "language": str(get_locale()),
        "message": None,
    }
    audio["shown"] = bool(audio["recording"] or failed or transcript is not None)
    return audio


def _audio_fragment(appointment: Appointment, audio: dict, status: int = 200) -> Rendered:
    fragment = render_template("notes/_recording.html", appointment=appointment, audio=audio)
    db.session.commit()  # the audit row of the transcript's read
    return fragment, status


@bp.get("/appointments/<uuid:appointment_id>/note/recording")
def recording(appointment_id: uuid.UUID) -> Response | Rendered:
    """The recording's fragment; it polls itself while the recording is on its way."""
    appointment = load_appointment(appointment_id)
    if not htmx:
        return redirect(_editor_url(appointment))
    return _audio_fragment(appointment, _audio(appointment, notes.note_for(appointment)))


def _based_on() -> int:
    """The editor's current version (sent along from the page), else the one the
    transcript was shown with."""
    try:
        return int(request.form.get("version") or request.form.get("based_on", ""))
    except ValueError:
        abort(400)


def _done(appointment: Appointment) -> Response:
    """Back to the editor, reloaded, so it shows the accepted text and its version."""
    if htmx:
        return Response(status=204, headers={"HX-Redirect": _editor_url(appointment)})
    return redirect(_editor_url(appointment), 303)


@bp.post("/appointments/<uuid:appointment_id>/note/transcript/accept")
def accept_transcript(appointment_id: uuid.UUID) -> Response | Rendered:
    """Take the edited transcript into a field of the draft, or as an amendment."""
    appointment = load_appointment(appointment_id)
    note = notes.note_for(appointment)
    if note is None:
        return redirect(_editor_url(appointment), 303)
    text = clean_text(request.form.get("transcript", ""))
    field = request.form.get("field") or notes.FIELDS[note.template][0]
    based_on = _based_on()
    try:
        notes.accept_transcript(note, current_user, text, field, based_on)
    except ValueError:
        abort(400)
    except notes.NoteConflict as exc:
        db.session.rollback()
        if not htmx:
            return _conflict(appointment, note, {field: text}, based_on, exc.current_version)
        message = _(
            "This note was changed in another window at version %(version)s. "
            "Your transcript is kept below; copy what you need and reload.",
            version=exc.current_version,
        )
        audio = _audio(appointment, None)
        audio.update(note=note, transcript=text, message=message, shown=True)
        return _audio_fragment(appointment, audio, 422)
    db.session.commit()
    return _done(appointment)


@bp.post("/appointments/<uuid:appointment_id>/note/transcript/discard")
def discard_transcript(appointment_id: uuid.UUID) -> Response | Rendered:
    """Throw the transcript draft away; the note stays as it was."""
    appointment = load_appointment(appointment_id)
    note = notes.note_for(appointment)
    if note is None:
        return redirect(_editor_url(appointment), 303)
    notes.discard_transcript(note, current_user)
    db.session.commit()
    if not htmx:
        return redirect(_editor_url(appointment), 303)
    return _audio_fragment(appointment, _audio(appointment, note))


@bp.get("/up-next")
def up_next() -> Rendered:
    """The "up next" fragment for the signed-in therapist; empty when nothing is near.

    The panel sends back the session it already shows (`shown`); while that is still the
    one, the answer is 204 and htmx keeps the panel as it is, so polling does not decrypt
    the previous note again or leave an audit row every 30 seconds."""
    session = prep.current_session(current_user, g.clinic)
    if session is None:
        return "", 200  # nothing near: the panel empties (and is hidden by CSS :empty)
    shown = prep.shown_key(session)
    if request.args.get("shown") == shown:
        return "", 204
    soon = prep.up_next(current_user, session)
    zone = clinic_zone()
    fragment = render_template(
        "notes/_up_next.html",
        soon=soon,
        start=soon.appointment.start_at.astimezone(zone),
        end=soon.appointment.end_at.astimezone(zone),
        previous_at=soon.previous_at.astimezone(zone) if soon.previous_at else None,
        shown=shown,
    )
    db.session.commit()
    return fragment, 200
