#!/usr/bin/env python3
"""Train the risk screen's n-gram model (app/assistant/risk_model.py) and write its weights.

    .venv/bin/python scripts/train_risk_model.py          # write app/assistant/data/risk_ngram.npz
    .venv/bin/python scripts/train_risk_model.py --cv     # 5-fold cross-validation

Training rows: the development halves (tests/data/eval/*.dev.jsonl), the rules' own corpus
(tests/data/replies_heldout.jsonl) and the extra risk corpus (tests/data/eval/risk.train.jsonl).
Never the test halves. A row is positive when it is labelled urgent. Deterministic: the
same rows give the same weights (a test retrains and compares).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.assistant import crisis, risk_model  # noqa: E402
from app.assistant.textprep import prepare  # noqa: E402

EVAL = ROOT / "tests" / "data" / "eval"
TRAINING = (
    EVAL / "replies.dev.jsonl",
    EVAL / "replies4.dev.jsonl",
    EVAL / "replies5.dev.jsonl",
    EVAL / "risk.dev.jsonl",
    EVAL / "risk.train.jsonl",
    EVAL / "risk.train2.jsonl",  # written for training by six more writers
    EVAL / "replies6.dev.jsonl",
    EVAL / "replies7.dev.jsonl",
    EVAL / "replies8.dev.jsonl",
    EVAL / "replies9.dev.jsonl",
    EVAL / "replies10.dev.jsonl",
    ROOT / "tests" / "data" / "replies_heldout.jsonl",
    # Staff commands: everyday scheduling language that is never a crisis.
    EVAL / "commands.dev.jsonl",
    EVAL / "commands2.dev.jsonl",
    EVAL / "commands3.dev.jsonl",
    EVAL / "commands4.dev.jsonl",
    EVAL / "commands5.dev.jsonl",
    EVAL / "commands6.dev.jsonl",
    EVAL / "commands7.dev.jsonl",
    EVAL / "commands8.dev.jsonl",
)
EPOCHS = 30
RATE = 0.5
DECAY = 1e-5


def rows() -> tuple[list[np.ndarray], np.ndarray]:
    found, labels = [], []
    for path in TRAINING:
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                found.append(
                    risk_model.features(crisis.screen_text(prepare(row["in"]["text"]).plain))
                )
                labels.append(1.0 if row["expect"].get("urgent") else 0.0)
    return found, np.array(labels)


def train(found: list[np.ndarray], labels: np.ndarray) -> tuple[np.ndarray, float]:
    """Logistic regression by SGD, classes weighted to balance, L2 decay on touched weights."""
    weights = np.zeros(risk_model.DIMENSIONS, dtype=np.float64)
    bias = 0.0
    positive = labels.mean()
    class_weight = {1.0: 0.5 / positive, 0.0: 0.5 / (1 - positive)}
    order = np.random.default_rng(0)
    for _ in range(EPOCHS):
        for i in order.permutation(len(found)):
            index = found[i]
            if not len(index):
                continue
            p = 1.0 / (1.0 + np.exp(-(weights[index].sum() + bias)))
            gradient = (p - labels[i]) * class_weight[labels[i]]
            weights[index] -= RATE * gradient / np.sqrt(len(index))
            weights[index] *= 1 - RATE * DECAY
            bias -= RATE * gradient * 0.1
    return weights, bias


def save(weights: np.ndarray, bias: float, path: Path) -> None:
    index = np.flatnonzero(weights).astype(np.int32)
    path.parent.mkdir(exist_ok=True)
    np.savez_compressed(
        path, index=index, value=weights[index].astype(np.float32), bias=np.float64(bias)
    )


def cross_validate(found: list[np.ndarray], labels: np.ndarray) -> None:
    folds = np.random.default_rng(1).integers(0, 5, len(found))
    scores = np.zeros(len(found))
    for k in range(5):
        train_rows = np.flatnonzero(folds != k)
        weights, bias = train([found[i] for i in train_rows], labels[train_rows])
        for i in np.flatnonzero(folds == k):
            scores[i] = 1 / (1 + np.exp(-(weights[found[i]].sum() + bias)))
    for threshold in (0.2, 0.3, 0.4, 0.5):
        flagged = scores >= threshold
        print(
            f"threshold {threshold}: crises flagged {int((flagged & (labels == 1)).sum())}"
            f"/{int(labels.sum())}, others flagged {int((flagged & (labels == 0)).sum())}"
            f"/{int((labels == 0).sum())}"
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cv", action="store_true")
    parser.add_argument("--out", type=Path, default=risk_model.WEIGHTS)
    args = parser.parse_args()
    found, labels = rows()
    print(f"{len(found)} training rows, {int(labels.sum())} urgent")
    if args.cv:
        cross_validate(found, labels)
        return 0
    weights, bias = train(found, labels)
    save(weights, bias, args.out)
    print(f"wrote {args.out} ({np.count_nonzero(weights)} weights)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
