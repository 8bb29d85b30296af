"""The browser's side of audio notes: start a recording, send its chunks, finish.

The tablet's MediaRecorder hands the page a chunk every few seconds; the page PUTs
each as the raw request body (never a multipart form, which Werkzeug may spool to a
temporary file in clear) to this app's own origin. Each answer is JSON for app.js;
the note page shows what became of the recording (app/routes/notes.py). A recording
that could not be transcribed is tried again, or its notice dismissed, from HTML forms.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, current_app, g, jsonify, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from app import jobs
from app.extensions import db, htmx
from app.models import Appointment, Recording, Role
from app.routes.appointments import load_appointment
from app.services import booking, recordings
from app.web import safe_next

bp = Blueprint("recordings", __name__)

Answer = tuple[Response, int]

REFUSALS: dict[type[recordings.RecordingError], int] = {
    recordings.RecordingRefused: 403,
    recordings.RecordingClosed: 409,
    recordings.ChunkOutOfOrder: 409,
    recordings.RecordingTooLarge: 413,
    recordings.UnsupportedAudio: 415,
}


@bp.errorhandler(recordings.RecordingError)
def refused(error: recordings.RecordingError) -> Answer:
    db.session.commit()  # a refusal may have discarded audio (consent withdrawn)
    body: dict[str, object] = {"error": type(error).__name__}
    if isinstance(error, recordings.ChunkOutOfOrder):
        body["expected"] = error.expected
    return jsonify(body), REFUSALS.get(type(error), 400)


@bp.app_context_processor
def _notices() -> dict:
    return {"recording_notices": _failure_notices}


def _failure_notices() -> list[tuple[Recording, Appointment]]:
    """The signed-in therapist's recordings that could not be transcribed, each with its
    session, for their week page; nobody else has any."""
    if not current_user.is_authenticated or g.get("role") is not Role.THERAPIST:
        return []
    found = []
    for recording in recordings.failure_notices(current_user):
        appointment = booking.get_appointment(g.clinic_id, recording.appointment_id)
        if appointment is not None:
            found.append((recording, appointment))
    return found


@bp.post("/appointments/<uuid:appointment_id>/recordings")
def start(appointment_id: uuid.UUID) -> Answer:
    appointment = load_appointment(appointment_id)
    recording = recordings.start(
        appointment,
        current_user,
        request.form.get("type", ""),
        request.form.get("language", ""),
    )
    db.session.commit()
    return jsonify(
        id=str(recording.id),
        # The page appends each chunk's number to this.
        chunks_url=url_for("recordings.chunk", recording_id=recording.id, index=0).rsplit("/", 1)[
            0
        ],
        finish_url=url_for("recordings.finish", recording_id=recording.id),
        discard_url=url_for("recordings.discard", recording_id=recording.id),
        max_chunk_bytes=current_app.config["RECORDING_CHUNK_MAX_BYTES"],
    ), 201


@bp.put("/recordings/<uuid:recording_id>/chunks/<int:index>")
def chunk(recording_id: uuid.UUID, index: int) -> Answer:
    recording = recordings.own_recording(recording_id, current_user)
    if request.mimetype != "application/octet-stream":
        raise recordings.UnsupportedAudio(request.mimetype)
    if (request.content_length or 0) > current_app.config["RECORDING_CHUNK_MAX_BYTES"]:
        raise recordings.RecordingTooLarge()
    data = request.get_data(cache=False, parse_form_data=False)
    recordings.add_chunk(recording, current_user, index, data)
    db.session.commit()
    return jsonify(received=recording.chunks), 200


@bp.post("/recordings/<uuid:recording_id>/finish")
def finish(recording_id: uuid.UUID) -> Answer:
    recording = recordings.own_recording(recording_id, current_user)
    queued = recordings.finish(recording, current_user)
    db.session.commit()
    if queued:
        jobs.queue_transcription([recording.id])
    return jsonify(state=recording.state.value), 202 if queued else 200


@bp.post("/recordings/<uuid:recording_id>/discard")
def discard(recording_id: uuid.UUID) -> Answer:
    recording = recordings.own_recording(recording_id, current_user)
    recordings.discard(recording, "stopped_by_therapist", current_user)
    db.session.commit()
    return jsonify(state=recording.state.value), 200


@bp.post("/recordings/<uuid:recording_id>/retry")
def retry(recording_id: uuid.UUID) -> Response:
    """Queue a failed recording again while its audio is still here."""
    recording = recordings.own_recording(recording_id, current_user)
    recordings.retry(recording, current_user)
    db.session.commit()
    jobs.queue_transcription([recording.id])
    if htmx:  # the note page's recording fragment reloads itself on this event
        return Response(status=204, headers={"HX-Trigger": "recording-refresh"})
    return redirect(url_for("notes.editor", appointment_id=recording.appointment_id), 303)


@bp.post("/recordings/<uuid:recording_id>/dismiss")
def dismiss(recording_id: uuid.UUID) -> Response | tuple[str, int]:
    """The therapist has read that a recording could not be transcribed."""
    recording = recordings.own_recording(recording_id, current_user)
    recordings.dismiss_notice(recording, current_user)
    db.session.commit()
    if htmx:
        return "", 200  # the notice swaps itself out
    return redirect(safe_next(request.form.get("next")) or url_for("home.index"), 303)
