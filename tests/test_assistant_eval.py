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
