"""The pattern tables are dispatched on their first letter for speed (app/assistant/
patterns.py); that must never change what they match, nor which alternative wins."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.assistant import crisis
from app.assistant import risk_lexicon as lexicon
from app.assistant.patterns import _first_letters, alternation, any_of
from app.assistant.textprep import prepare

EVAL = Path(__file__).parent / "data" / "eval"
TABLES = {
    **{f"risk:{name}": list(patterns) for name, patterns in lexicon.CATEGORIES.items()},
    "idioms": list(lexicon.IDIOMS),
}


def _texts() -> list[str]:
    """Every message of the corpora, as the screen and the rules read it."""
    texts = []
    for path in sorted(EVAL.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                prepared = prepare(json.loads(line)["in"]["text"])
                texts += [prepared.plain, crisis.screen_text(prepared.plain), prepared.folded]
    return texts


TEXTS = _texts()


def _plain(patterns: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b")


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize("table", sorted(TABLES))
def test_a_dispatched_table_matches_exactly_what_the_plain_one_does(table):
    patterns = TABLES[table]
    plain, dispatched = _plain(patterns), any_of(*patterns)
    assert dispatched.pattern != plain.pattern  # it was dispatched, or this proves nothing
    for text in TEXTS:
        assert _spans(dispatched, text) == _spans(plain, text), text


WORDS = sorted({w for text in TEXTS[:3000] for w in text.split()})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS) | st.text("abcdeiklmorstuyz' ", max_size=6), max_size=14))
def test_dispatching_never_changes_a_match_on_any_text(words):
    text = " ".join(words)
    for patterns in TABLES.values():
        assert _spans(any_of(*patterns), text) == _spans(_plain(patterns), text)


@pytest.mark.parametrize(
    ("pattern", "first"),
    [
        ("kill myself", {"k"}),
        ("(?:end|stop) it", {"e", "s"}),
        ("a?b", {"a", "b"}),
        ("(?:x|y)*z", {"x", "y", "z"}),
        ("[ab]c", {"a", "b"}),
        (r"\bno(?! wait)", {"n"}),
        (r"\w+(?:dan|den) oldum", None),  # any letter: not worth sorting
        ("(?:a|)b", None),  # one branch is empty: could begin with b as well
        ("(?i:k)ill", None),  # case-insensitive inside: "K" too
        ("x*", None),  # may match nothing
        (".ill", None),
        ("[^a]b", None),
    ],
)
def test_the_first_letters_are_read_from_the_pattern(pattern, first):
    found = _first_letters(pattern)
    assert (None if found is None else set(found)) == first


def test_alternatives_whose_first_letter_is_unknown_are_tried_at_every_letter():
    patterns = ["kill", r"\w+ing", "kidding", "ok"] * 2
    pattern = re.compile(r"\b(?:" + alternation(patterns) + r")\b")
    assert [m.group() for m in pattern.finditer("killing kidding ok zing")] == [
        "killing",
        "kidding",
        "ok",
        "zing",
    ]


def test_a_line_break_or_a_tab_separates_words():
    prepared = prepare("Evet geliyorum\nTeşekkürler\tAyşe\r\nok")
    assert prepared.plain.split() == ["evet", "geliyorum", "tesekkurler", "ayse", "ok"]
    assert prepare("ok\x00\x1b yes").plain.split() == ["ok", "yes"]


def test_nearly_every_alternative_of_the_big_tables_is_dispatched():
    """A guard without a clock: an alternative whose first letter cannot be told is tried
    at every word of every message (bench/assistant.py measures what that costs)."""
    for name, patterns in TABLES.items():
        unknown = [p for p in patterns if _first_letters(p) is None]
        assert len(unknown) <= max(4, len(patterns) // 10), (name, unknown)
