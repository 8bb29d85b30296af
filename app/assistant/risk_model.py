"""A second reader for the risk screen: a small logistic model over character n-grams.

The lexicon (`risk_lexicon`) names what its authors thought of; people who never read it
write crisis in other words. This model reads the same normalised text as pieces of words
(3 to 5 letters, so Turkish endings and typos share features), whole words and word
pairs, hashed into 2**18 weights learned from the labelled development corpora by
`scripts/train_risk_model.py` (never from the test halves). It can only raise: a message
it scores at or above `THRESHOLD` is urgent; one it scores below is whatever the lexicon
said. The threshold was chosen by cross-validation on the development data
(docs/decisions.md). Pure numpy, no Flask, no database, nothing fetched.
"""

from __future__ import annotations

import math
import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np

DIMENSIONS = 2**18
NGRAMS = (3, 4, 5)
THRESHOLD = 0.3
WEIGHTS = Path(__file__).with_name("data") / "risk_ngram.npz"


def features(screen: str) -> np.ndarray:
    """The hashed feature indices of a text already read by `crisis.screen_text`."""
    padded = f" {screen} "
    found: set[int] = set()
    for size in NGRAMS:
        for i in range(len(padded) - size + 1):
            found.add(zlib.crc32(padded[i : i + size].encode()) % DIMENSIONS)
    words = padded.split()
    for word in words:
        found.add(zlib.crc32(b"w:" + word.encode()) % DIMENSIONS)
    for first, second in zip(words, words[1:], strict=False):
        found.add(zlib.crc32(f"b:{first} {second}".encode()) % DIMENSIONS)
    return np.fromiter(sorted(found), dtype=np.int64, count=len(found))


@lru_cache(maxsize=1)
def _weights() -> tuple[np.ndarray, float] | None:
    if not WEIGHTS.exists():
        return None
    with np.load(WEIGHTS) as data:
        dense = np.zeros(DIMENSIONS, dtype=np.float32)
        dense[data["index"]] = data["value"]
        return dense, float(data["bias"])


def score(screen: str) -> float:
    """How likely the model thinks a crisis is, from 0 to 1 (0 without weights)."""
    loaded = _weights()
    if loaded is None or not screen.strip():
        return 0.0
    weights, bias = loaded
    z = float(weights[features(screen)].sum()) + bias
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


def flags(screen: str) -> bool:
    return score(screen) >= THRESHOLD
