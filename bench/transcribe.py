#!/usr/bin/env python
"""Speech-to-text benchmark: how fast and how well the offline engine transcribes.

    .venv/bin/python bench/transcribe.py [--threads 2] [--model-root DIR] [--show]

About a minute of dictation per language, spoken by espeak-ng with the test voice
(tests/speech_audio.py), is transcribed once by the default engine (packaged Whisper
base, int8). It prints the model's unpack and load times, the real-time factor
(transcription time / audio length; below 1 is faster than speech) and the word error
rate per language, and the process's peak RSS.

A report, not a test: it exits 0 whatever the figures. Wall clock; other work on the
machine inflates the times (the load average is printed). The scripts are not the ones
the voice settings were chosen on (docs/research/offline-stt.md, session 4).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path, and bench/calendar.py
# would shadow the standard library module of that name; drop it before importing more.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
ROOT = _HERE.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import argparse  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from speech_audio import seconds, speak, word_error_rate  # noqa: E402

from app.speech.engine import WhisperEngine, assemble_packaged_model  # noqa: E402

SCRIPTS = {
    "tr": (
        "Danışan bugün işten doğrudan geldiği için biraz yorgundu. "
        "Geçen hafta konuştuğumuz konulara geri döndük. "
        "Eşiyle yaşadığı tartışmaları daha sakin bir dille anlattı. "
        "Uykusunun düzeldiğini ve sabahları daha kolay kalktığını söyledi. "
        "Bir sonraki görüşmede aile içi iletişim üzerine çalışacağız. "
        "Randevu saatini değiştirmek isterse önceden haber verecek. "
        "Seans bugün çevrim içi olarak yapıldı. "
        "Bağlantıda birkaç kez kısa kopmalar oldu ama görüşme tamamlandı. "
        "Bu ay iki seansın ücreti henüz ödenmedi."
    ),
    "en": (
        "The client came straight from work today and was a little tired. "
        "We went back to the topics we discussed last week. "
        "He described the arguments with his wife in a calmer way. "
        "He said his sleep has improved and he gets up more easily in the morning. "
        "In the next session we will work on communication within the family. "
        "If he wants to change the time of his appointment he will let us know in advance. "
        "The session was held online today. "
        "The connection dropped a few times but the session was completed. "
        "The fees for two sessions this month have not been paid yet."
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--model-root", type=Path, help="keep the unpacked model here")
    parser.add_argument("--show", action="store_true", help="print the transcripts")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        model_dir = (args.model_root or Path(scratch)) / "whisper-base"
        started = time.perf_counter()
        assemble_packaged_model(model_dir)
        unpack = time.perf_counter() - started
        engine = WhisperEngine(model_dir, args.threads)
        started = time.perf_counter()
        engine.load()
        load = time.perf_counter() - started
        print(f"engine: whisper-base int8, {args.threads} threads, {os.cpu_count()} CPUs")
        print(f"unpack {unpack:.2f} s (first run only), load {load:.2f} s (import included)")

        for language, script in SCRIPTS.items():
            audio = speak(script, language)
            started = time.perf_counter()
            text = engine.transcribe(audio, language)
            took = time.perf_counter() - started
            length = seconds(audio)
            wer = word_error_rate(script, text, language)
            print(
                f"{language}: {length:.1f} s of speech in {took:.2f} s, "
                f"RTF {took / length:.3f}, WER {wer:.1%} ({len(script.split())} words)"
            )
            if args.show:
                print(f"    {text}")

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB; load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
