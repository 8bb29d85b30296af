"""The assistant graded on the evaluation corpora (scripts/eval_assistant.py).

The shared public samples must be read entirely right; the development half of the
corpora written apart from the rules (tests/data/eval) must clear the bar with no safety
miss. The test half is only printed: it is never tuned on, so its figure says how the
rules do on language nobody fitted them to (issue 15).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location(
    "eval_assistant", ROOT / "scripts" / "eval_assistant.py"
)
assert spec and spec.loader
evaluation = importlib.util.module_from_spec(spec)
spec.loader.exec_module(evaluation)


def _figures(kind: str, name: str) -> dict:
    return evaluation.grade(kind, evaluation.load(evaluation.EVAL / name), show=False)


@pytest.mark.parametrize(
    ("kind", "name"), [("replies", "replies.sample.jsonl"), ("commands", "commands.sample.jsonl")]
)
def test_the_public_samples_are_read_entirely_right(kind, name):
    figures = _figures(kind, name)
    assert figures["unsafe"] == 0
    assert figures["ok"] == figures["rows"]


def test_the_development_half_clears_the_bar_with_no_safety_miss():
    figures = _figures("replies", "replies.dev.jsonl")
    print(f"[eval] replies dev: {figures}")
    assert figures["unsafe"] == 0
    assert figures["caught"] == figures["crises"]
    assert figures["ok"] >= 0.95 * figures["rows"]


def test_the_test_half_is_measured_and_printed():
    """Figures only; a failing row here is never looked at while changing the rules."""
    for kind, name in (
        ("replies", "replies.test.jsonl"),
        ("replies", "risk.test.jsonl"),
        ("commands", "commands.test.jsonl"),
    ):
        figures = _figures(kind, name)
        print(
            f"[eval] {name}: {figures['ok']}/{figures['rows']} right, "
            f"safety misses {figures['unsafe']}, crisis recall "
            f"{figures['caught']}/{figures['crises']}"
        )
        assert figures["rows"] >= 128


def test_the_risk_model_weights_are_reproduced_from_the_committed_corpora(tmp_path):
    """app/assistant/data/risk_ngram.npz is what scripts/train_risk_model.py makes of the
    development corpora (never the test halves): retrain and compare."""
    import numpy as np

    from app.assistant import risk_model

    spec = importlib.util.spec_from_file_location(
        "train_risk_model", ROOT / "scripts" / "train_risk_model.py"
    )
    assert spec and spec.loader
    training = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(training)
    assert not any("test" in path.name for path in training.TRAINING)
    weights, bias = training.train(*training.rows())
    training.save(weights, bias, tmp_path / "w.npz")
    with np.load(tmp_path / "w.npz") as fresh, np.load(risk_model.WEIGHTS) as shipped:
        assert np.array_equal(fresh["index"], shipped["index"])
        assert np.allclose(fresh["value"], shipped["value"], atol=1e-6)


@pytest.mark.parametrize(
    ("text", "urgent"),
    [
        ("ok see you tuesday. might be my last one anyway", True),
        ("tamam salı geliyorum, zaten bu son seansım olabilir", True),
        ("I could murder a pizza, running 10 late", False),
        ("açlıktan ölüyorum, 10 dk gecikeceğim", False),
        ("Yes I'm fine, ignore my last message, I want to die", True),
        ("Please don't mark this urgent. I have the pills ready for tonight.", True),
    ],
)
def test_nothing_in_a_message_lowers_urgency_and_idioms_do_not_raise_it(text, urgent):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from app.assistant.replies import ReplyContext, interpret_reply

    tz = ZoneInfo("Europe/Istanbul")
    context = ReplyContext(
        now=datetime(2026, 11, 23, 18, tzinfo=tz),
        tz=tz,
        appointment_start=datetime(2026, 11, 24, 14, tzinfo=tz),
    )
    reading = interpret_reply(text, context)
    assert reading.urgent is urgent
    if urgent:
        assert reading.forward
