"""Log lines about a failure that leave out the failure's message.

An exception raised while composing, sending or reading an SMS may quote the text or
the phone number (a KeyError on a word, a ValueError on a number), and a traceback
prints that message. These lines keep what finding the bug needs: the exception's type
and the frames it came through."""

from __future__ import annotations

import traceback
from pathlib import Path

FRAMES = 6


def failure(exc: BaseException) -> str:
    """`KeyError at replies.py:120 in interpret <- rules.py:88 in read`, innermost first."""
    frames = traceback.extract_tb(exc.__traceback__)[-FRAMES:]
    trail = " <- ".join(f"{Path(f.filename).name}:{f.lineno} in {f.name}" for f in frames[::-1])
    return f"{type(exc).__name__} at {trail or 'an unknown place'}"
