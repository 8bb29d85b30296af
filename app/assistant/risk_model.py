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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

DIMENSIONS = 2**18
NGRAMS = (3, 4, 5)
THRESHOLD = 0.3
WEIGHTS = Path(__file__).with_name("data") / "risk_ngram.npz"


def features(screen: str) -> np.ndarray:
    """The hashed feature indices of a text already read by `crisis.screen_text`."""
    import numpy as np  # on first use: a worker that only sends reminders never loads it

    padded = f" {screen} "
    codes = np.frombuffer(padded.encode("utf-8", "replace"), dtype=np.uint8).astype(np.uint64)
    found = [_ngrams(codes, size) for size in NGRAMS if len(codes) >= size]
    words = padded.split()
    extra = [zlib.crc32(b"w:" + word.encode()) % DIMENSIONS for word in words]
    extra += [
        zlib.crc32(f"b:{first} {second}".encode()) % DIMENSIONS
        for first, second in zip(words, words[1:], strict=False)
    ]
    found.append(np.array(extra, dtype=np.int64))
    return np.unique(np.concatenate(found))


_PRIME = 1_000_003
_MIX = 0x9E3779B97F4A7C15


def _ngrams(codes: np.ndarray, size: int) -> np.ndarray:
    """Every byte n-gram of the text as a number, mixed and folded into the dimensions
    (vectorised: a reply's features cost a few numpy operations, not a loop)."""
    import numpy as np

    value = np.full(len(codes) - size + 1, np.uint64(size), dtype=np.uint64)
    for offset in range(size):
        value = value * np.uint64(_PRIME) + codes[offset : len(codes) - size + 1 + offset]
    value = (value * np.uint64(_MIX)) >> np.uint64(40)
    return (value % np.uint64(DIMENSIONS)).astype(np.int64)


@lru_cache(maxsize=1)
def _weights() -> tuple[np.ndarray, float] | None:
    import numpy as np

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
