"""Test speech from Debian's espeak-ng, and the word error rate of a transcript.

The voice settings were chosen by measurement (docs/research/offline-stt.md, session 4):
espeak-ng's plain Turkish voice is so unnatural that Whisper base misses most of it;
the m1 variant, a slower rate, a gap between words and a higher pitch are clearer to it
in both languages.
"""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
import wave

VOICE = {"tr": "tr+m1", "en": "en+m1"}
RATE, WORD_GAP, PITCH = 140, 10, 70  # words a minute, 10 ms units, 0-99


def speak(text: str, language: str) -> bytes:
    """WAV bytes of espeak-ng saying text (mono, 16-bit, 22,050 Hz)."""
    command = ["espeak-ng", "--stdout", "-v", VOICE[language]]
    command += ["-s", str(RATE), "-g", str(WORD_GAP), "-p", str(PITCH)]
    # On stdin, so a text that starts with "-" is not read as an option.
    streamed = subprocess.run(command, input=text.encode(), capture_output=True, check=True)
    # Written to a pipe, the header cannot give the length; rewrite it with the real one.
    with wave.open(io.BytesIO(streamed.stdout)) as source:
        params, frames = source.getparams(), source.readframes(source.getnframes())
    out = io.BytesIO()
    with wave.open(out, "wb") as target:
        target.setparams(params)
        target.writeframes(frames)
    return out.getvalue()


def seconds(wav: bytes) -> float:
    """How long a WAV recording lasts."""
    with wave.open(io.BytesIO(wav)) as file:
        return file.getnframes() / file.getframerate()


def words(text: str, language: str) -> list[str]:
    """Lower-cased words without punctuation; an apostrophe splits ("Ali'nin": ali nin)."""
    if language == "tr":  # Turkish dotted and dotless i, which str.lower() gets wrong
        text = text.replace("I", "ı").replace("İ", "i")
    text = unicodedata.normalize("NFC", text.lower())
    return re.sub(r"[^\w\s]|_", " ", text).split()


def word_error_rate(reference: str, hypothesis: str, language: str) -> float:
    """(substitutions + deletions + insertions) / reference words, by word Levenshtein."""
    ref, hyp = words(reference, language), words(hypothesis, language)
    row = list(range(len(hyp) + 1))
    for i, ref_word in enumerate(ref, 1):
        diagonal, row[0] = row[0], i
        for j, hyp_word in enumerate(hyp, 1):
            diagonal, row[j] = (
                row[j],
                min(row[j] + 1, row[j - 1] + 1, diagonal + (ref_word != hyp_word)),
            )
    return row[-1] / max(1, len(ref))
