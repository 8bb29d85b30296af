"""The offline speech engine (app/speech/engine.py) on espeak-ng speech, in both
languages and in the formats browsers record, with the network blocked."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import wave
from collections.abc import Iterator
from pathlib import Path

import av
import pytest
from speech_audio import speak, word_error_rate, words
from speech_remote import RemoteEngine, spawned

from app.speech.engine import (
    PACKAGED_SHA256,
    FailingEngine,
    TranscriptionError,
    WhisperEngine,
    engine_from_config,
)

TARGET_WER = 0.35
SCRIPTS = {
    "en": (
        "The client came on time today and said that she is sleeping better. "
        "We will meet again next week at the same hour."
    ),
    "tr": (
        "Danışan bugün randevusuna zamanında geldi ve uykusunun daha iyi olduğunu söyledi. "
        "Gelecek hafta aynı saatte yine görüşeceğiz."
    ),
}


@pytest.fixture(scope="session")
def espeak() -> None:
    if shutil.which("espeak-ng"):
        return
    if os.environ.get("CI"):
        pytest.fail("espeak-ng is not installed (scripts/test installs it)")
    pytest.skip("espeak-ng is not installed: apt-get install espeak-ng")


@pytest.fixture(scope="session")
def model_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("speech-models")


@pytest.fixture(scope="module")
def engine(model_root: Path) -> Iterator[RemoteEngine]:
    """One loaded model for this module, in a spawned process (tests/speech_remote.py)."""
    with spawned() as pool:
        yield RemoteEngine(pool, model_root / "whisper-base", packaged=True)


@pytest.fixture(scope="module")
def transcripts(engine: RemoteEngine, espeak: None) -> dict[str, str]:
    return {
        language: engine.transcribe(speak(text, language), language)
        for language, text in SCRIPTS.items()
    }


def test_english_speech_is_transcribed(
    transcripts: dict[str, str], capsys: pytest.CaptureFixture
) -> None:
    rates = {
        language: word_error_rate(SCRIPTS[language], text, language)
        for language, text in transcripts.items()
    }
    with capsys.disabled():
        print(f"\n[speech] en WER {rates['en']:.0%}, tr WER {rates['tr']:.0%}")
    assert rates["en"] < TARGET_WER, transcripts["en"]


@pytest.mark.xfail(
    reason="Whisper base misses most of espeak-ng's Turkish voice: WER 50-90 % "
    "(docs/research/offline-stt.md, session 4); the 35 % target is not met",
)
def test_turkish_speech_meets_the_target(transcripts: dict[str, str]) -> None:
    assert word_error_rate(SCRIPTS["tr"], transcripts["tr"], "tr") < TARGET_WER, transcripts["tr"]


def test_turkish_speech_comes_back_as_turkish(transcripts: dict[str, str]) -> None:
    """Until the target is met, a guard against worse: the wrong language, or nothing."""
    heard = set(words(transcripts["tr"], "tr"))
    spoken = words(SCRIPTS["tr"], "tr")
    assert sum(word in heard for word in spoken) / len(spoken) >= 0.2, transcripts["tr"]


def _reencode(wav: bytes, container: str, codec: str, rate: int, **options: str) -> bytes:
    """WAV as a browser's MediaRecorder would send it, made in memory."""
    out = io.BytesIO()
    with (
        av.open(io.BytesIO(wav)) as source,
        av.open(out, "w", format=container, options=options) as target,
    ):
        stream = target.add_stream(codec, rate=rate, layout="mono")
        for frame in source.decode(audio=0):
            frame.pts = None
            target.mux(stream.encode(frame))
        target.mux(stream.encode(None))
    return out.getvalue()


@pytest.mark.parametrize(
    ("container", "codec", "rate", "options"),
    [
        ("webm", "libopus", 48_000, {}),  # Chrome, Edge
        ("ogg", "libopus", 48_000, {}),  # Firefox
        ("mp4", "aac", 44_100, {"movflags": "frag_keyframe+empty_moov"}),  # Safari
    ],
)
def test_browser_formats_are_decoded_in_memory(
    engine: RemoteEngine,
    espeak: None,
    container: str,
    codec: str,
    rate: int,
    options: dict[str, str],
) -> None:
    audio = _reencode(speak(SCRIPTS["en"], "en"), container, codec, rate, **options)
    text = engine.transcribe(audio, "en")
    assert word_error_rate(SCRIPTS["en"], text, "en") < TARGET_WER, text


def _silent_wav(frames: int) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(16_000)
        file.writeframes(b"\0\0" * frames)
    return out.getvalue()


@pytest.mark.parametrize(
    "audio",
    [b"", b"not audio at all " * 64, bytes(range(256)) * 16, _silent_wav(0)],
    ids=["empty", "text", "noise", "no-samples"],
)
def test_undecodable_audio_raises(engine: RemoteEngine, audio: bytes) -> None:
    # Decoding comes before loading, so no model is needed to get this far.
    with pytest.raises(TranscriptionError):
        engine.transcribe(audio, "en")


def test_it_works_with_the_network_blocked(
    model_root: Path, engine: RemoteEngine, espeak: None
) -> None:
    text = engine.transcribe_offline(model_root, speak(SCRIPTS["en"], "en"), "en")
    assert word_error_rate(SCRIPTS["en"], text, "en") < TARGET_WER, text


def test_the_packaged_model_is_unpacked_once_and_whole(
    model_root: Path, engine: RemoteEngine
) -> None:
    engine.load_fresh()  # unpacks it unless an earlier test did
    folder = model_root / "whisper-base"
    model = folder / "model.bin"
    assert hashlib.sha256(model.read_bytes()).hexdigest() == PACKAGED_SHA256
    before = model.stat().st_mtime_ns
    engine.load_fresh()
    assert model.stat().st_mtime_ns == before
    assert sorted(p.name for p in folder.iterdir()) == [
        "config.json",
        "model.bin",
        "tokenizer.json",
        "vocabulary.txt",
    ]


def test_the_failing_engine_always_fails(tmp_path: Path) -> None:
    engine = engine_from_config("fail", tmp_path, threads=1)
    assert isinstance(engine, FailingEngine)
    with pytest.raises(TranscriptionError):
        engine.transcribe(b"RIFF", "en")


@pytest.mark.parametrize("setting", ["whisper-large", "whisper:/nonexistent/model", ""])
def test_unknown_or_missing_engines_are_refused(tmp_path: Path, setting: str) -> None:
    with pytest.raises(ValueError):
        engine_from_config(setting, tmp_path, threads=1)


def test_a_local_model_folder_can_be_named(model_root: Path, engine: RemoteEngine) -> None:
    engine.load_fresh()  # the folder exists once unpacked
    engine = engine_from_config(
        f"whisper:{model_root / 'whisper-base'}", Path("/unused"), threads=1
    )
    assert isinstance(engine, WhisperEngine) and not engine.packaged
