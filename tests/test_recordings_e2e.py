"""Audio notes end to end, with speech from Debian's espeak-ng and the real engine: the
tablet's upload (raw chunks over HTTP), the real worker transcribing on this machine,
the draft on the note. Afterwards no audio file is left, the recording's key is gone,
and a word spoken in the recording is nowhere on disk in clear."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from recording_support import (
    empty_queue,
    enable,
    give_consent,
    recording_files,
    recording_row,
    redis_contents,
    upload,
    use_redis,
)
from speech_audio import seconds, speak, word_error_rate

from app.extensions import db
from app.models import Appointment, RecordingState, User
from app.models.scoping import clinic_scope
from app.services import notes

TARGET_WER = 0.35
CANARY = {"en": "marigold", "tr": "papatya"}
SCRIPTS = {
    "en": (
        "Session summary for the afternoon appointment. "
        "The client arrived on time and we agreed to meet again next week. "
        "We talked about the marigold garden and the new job. "
        "Please send the invoice at the end of the month."
    ),
    "tr": (
        "Öğleden sonraki seansın özeti. "
        "Danışan zamanında geldi ve gelecek hafta yine görüşmeye karar verdik. "
        "Bahçedeki papatya çiçeklerinden ve yeni işinden konuştuk. "
        "Faturayı ay sonunda gönderin lütfen."
    ),
}


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One unpacked model for the module (each test's instance would unpack its own)."""
    return tmp_path_factory.mktemp("speech-models")


@pytest.fixture
def ready(app, world, model_dir):
    use_redis(app, "recordings-e2e")
    app.config.update(SPEECH_ENGINE="whisper-base", SPEECH_MODEL_DIR=str(model_dir))
    enable(app, world)
    give_consent(app, world)
    yield
    empty_queue(app)


@pytest.fixture
def log_file(tmp_path: Path):
    """Everything any logger says during the test, as an operator's log file would."""
    path = tmp_path / "app.log"
    handler = logging.FileHandler(path)
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield path
    root.removeHandler(handler)
    root.setLevel(previous)
    handler.close()


def _transcript(app, world) -> str:
    with app.app_context(), clinic_scope(world.clinic_id):
        appointment = db.session.get_one(Appointment, world.appointment_id)
        therapist = db.session.get_one(User, world.user_ids["therapist"])
        note = notes.note_for(appointment)
        assert note is not None and note.transcript_sealed is not None
        return notes.read_transcript(note, therapist) or ""


@pytest.mark.parametrize("language", ["tr", "en"])
def test_a_dictated_note_becomes_a_draft_and_the_audio_is_gone(
    app, world, make_browser, ready, log_file, backend, language, capsys
):
    therapist = make_browser()
    assert therapist.login(world.emails["therapist"]).status_code == 302
    script = SCRIPTS[language]
    audio = speak(script, language)
    info = upload(therapist, world, audio, mime="audio/wav", language=language)
    [stored] = recording_files(app)
    wrapped_key = recording_row(app, world, info["id"]).wrapped_key
    assert wrapped_key and stored.stat().st_size > len(audio)

    result = app.test_cli_runner().invoke(args=["rq", "worker", "--burst"])
    assert result.exit_code == 0, result.output

    row = recording_row(app, world, info["id"])
    assert row.state is RecordingState.DONE, row.reason
    assert recording_files(app) == []
    assert row.wrapped_key is None and row.audio_deleted_at is not None
    transcript = _transcript(app, world)
    wer = word_error_rate(script, transcript, language)
    canary = CANARY[language]
    with capsys.disabled():
        print(
            f"\n[audio-notes] {language} ({backend}): {seconds(audio):.1f} s of espeak-ng "
            f"speech → draft of {len(transcript.split())} words, WER {wer:.1%}; "
            f"audio files left {len(recording_files(app))}, key destroyed "
            f"{row.wrapped_key is None}"
        )
    assert canary in transcript.lower(), transcript  # so the search below can find it
    if backend == "sqlite":  # PostgreSQL's files are the server's; SQLite's are here
        _assert_nowhere_in_clear(app, canary, wrapped_key, log_file, result.output, capsys)
    if language == "tr" and wer >= TARGET_WER:
        pytest.xfail(
            f"Turkish WER {wer:.0%} on espeak-ng speech with Whisper base (target "
            f"{TARGET_WER:.0%}; docs/research/offline-stt.md): everything else held"
        )
    assert wer < TARGET_WER, transcript


def _assert_nowhere_in_clear(app, canary, wrapped_key, log_file, worker_output, capsys) -> None:
    database = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    wal = database.with_name(database.name + "-wal")
    places = {
        "database": [database],
        "wal": [wal] if wal.exists() else [],
        "upload folder": recording_files(app),
        "logs": [log_file],
        "instance folder": [p for p in Path(app.instance_path).rglob("*") if p.is_file()],
    }
    needles = {canary.encode(), canary.upper().encode(), canary.capitalize().encode()}
    found = {
        place: sum(p.read_bytes().count(n) for p in files for n in needles)
        for place, files in places.items()
    }
    found["worker output"] = sum(worker_output.count(n.decode()) for n in needles)
    found["redis"] = sum(redis_contents(app).count(n) for n in needles)
    key_found = sum(p.read_bytes().count(wrapped_key) for p in [database, *places["wal"]])
    with capsys.disabled():
        print(
            f"[audio-notes] canary '{canary}' in plaintext: {found}; wrapped key bytes: {key_found}"
        )
    assert set(found.values()) == {0}
    assert key_found == 0
