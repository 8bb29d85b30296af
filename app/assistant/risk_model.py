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
    """The hashed feature indices of a text already read by `crisis.screen_text`, each once."""
    import numpy as np  # on first use: a worker that only sends reminders never loads it

    padded = f" {screen} "
    codes = np.frombuffer(padded.encode("utf-8", "replace"), dtype=np.uint8).astype(np.uint64)
    words = padded.split()
    extra = [zlib.crc32(b"w:" + word.encode()) % DIMENSIONS for word in words]
    extra += [
        zlib.crc32(f"b:{first} {second}".encode()) % DIMENSIONS
        for first, second in zip(words, words[1:], strict=False)
    ]
    found = np.concatenate((_ngrams(codes), np.array(extra, dtype=np.int64)))
    found.sort()
    first = np.empty(len(found), dtype=bool)
    first[:1] = True
    np.not_equal(found[1:], found[:-1], out=first[1:])
    return found[first]


_PRIME = 1_000_003
_MIX = 0x9E3779B97F4A7C15
# An n-gram's number is size·P^size + Σ code·P^(size-1-offset) (mod 2^64): the seed apart,
# so each size extends the one before it by one multiply-add.
_SEEDS = {size: size * pow(_PRIME, size, 2**64) % 2**64 for size in NGRAMS}


@lru_cache(maxsize=1)
def _constants() -> tuple[np.uint64, dict[int, np.uint64], np.uint64, np.uint64, np.uint64]:
    import numpy as np

    seeds = {size: np.uint64(seed) for size, seed in _SEEDS.items()}
    return np.uint64(_PRIME), seeds, np.uint64(_MIX), np.uint64(40), np.uint64(DIMENSIONS - 1)


def _ngrams(codes: np.ndarray) -> np.ndarray:
    """Every byte n-gram of the text as a number, mixed and folded into the dimensions
    (vectorised: a reply's features cost a few numpy operations, not a loop; in place
    where it can be, since at this size each operation's overhead is the cost)."""
    import numpy as np

    prime, seeds, mix, shift, mask = _constants()
    numbered = []
    poly = codes
    for size in range(2, max(NGRAMS) + 1):
        if len(codes) < size:
            break
        poly = poly[:-1] * prime
        poly += codes[size - 1 :]
        if size in NGRAMS:
            numbered.append(poly + seeds[size])
    if not numbered:
        return np.empty(0, dtype=np.int64)
    mixed = np.concatenate(numbered)
    mixed *= mix
    mixed >>= shift
    mixed &= mask
    return mixed.view(np.int64)  # below 2**18 after the mask: the same numbers


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
