"""The worker's side of audio notes: decrypt into memory, transcribe on this server,
hand the text to the note, delete the audio (app/services/recordings.py).

The engine (app/speech) runs here, on the clinic's own machine, offline; it is loaded
once per worker process. Neither audio nor text is logged or leaves the process
except as the sealed transcript on the note."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from flask import current_app

from app.extensions import db
from app.logsafe import failure
from app.models import ConsentKind, Recording
from app.models.scoping import clinic_scope
from app.services import consent, recordings
from app.speech.engine import SpeechEngine, TranscriptionError, engine_from_config

log = logging.getLogger(__name__)
_engines: dict[str, SpeechEngine] = {}


def engine() -> SpeechEngine:
    """The configured engine. SPEECH_ENGINE may also be an engine object (an embedding
    application's own, or a test's)."""
    setting = current_app.config["SPEECH_ENGINE"]
    if not isinstance(setting, str):
        return setting
    if setting not in _engines:
        model_root = Path(current_app.instance_path) / current_app.config["SPEECH_MODEL_DIR"]
        _engines[setting] = engine_from_config(
            setting, model_root, int(current_app.config["SPEECH_THREADS"])
        )
    return _engines[setting]


def transcribe(recording_id: uuid.UUID) -> str:
    """One recording, start to end; what became of it."""
    clinic_id = recordings.clinic_of(recording_id)
    if clinic_id is None:
        return "gone"
    with clinic_scope(clinic_id):
        return _transcribe(recording_id)


def _transcribe(recording_id: uuid.UUID) -> str:
    recording = recordings.claim(recording_id)
    if recording is None:
        return "not_queued"
    if not consent.has_consent(recording.client_id, ConsentKind.RECORDING):
        recordings.discard(recording, "consent_withdrawn")
        db.session.commit()
        return "discarded"
    try:
        text = engine().transcribe(recordings.audio_in_memory(recording), recording.language)
    except TranscriptionError:
        return _failed(recording_id, "undecodable")
    except Exception as exc:  # any engine failure: the audio waits, the therapist is told
        log.error("transcription failed for recording %s: %s", recording_id, failure(exc))
        return _failed(recording_id, "engine_error")
    if not text.strip():
        return _failed(recording_id, "no_speech", delete_now=True)
    recordings.transcribed(recording, text)
    db.session.commit()
    return "done"


def _failed(recording_id: uuid.UUID, reason: str, *, delete_now: bool = False) -> str:
    db.session.rollback()
    recording = db.session.get_one(Recording, recording_id)
    recordings.failed(recording, reason)
    if delete_now:  # nothing a second try could find
        recordings.discard(recording, reason)
    db.session.commit()
    return "failed"
