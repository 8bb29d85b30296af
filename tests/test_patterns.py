"""The pattern tables are dispatched on their first letter for speed (app/assistant/
patterns.py); that must never change what they match, nor which alternative wins."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.assistant import crisis
from app.assistant import patterns as pattern_helpers
from app.assistant import risk_lexicon as lexicon
from app.assistant.patterns import _after_literal, _distributed, _first_letters, alternation, any_of
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


VOCABULARIES = [
    "reply_vocab",
    "clinical_vocab",
    "command_vocab",
    "counter_offer",
    "opt_out_vocab",
    "personal_vocab",
    "reply_topics",
    "commands",
    "instructions",
]


def _vocabulary_tables(monkeypatch) -> list[tuple[str, ...]]:
    """Every table the vocabulary modules hand to `any_of` (run afresh with a recorder,
    so the modules already imported are left as they are)."""
    found: list[tuple[str, ...]] = []
    real = pattern_helpers.any_of

    def recording(*alternatives: str) -> re.Pattern[str]:
        found.append(alternatives)
        return real(*alternatives)

    monkeypatch.setattr(pattern_helpers, "any_of", recording)
    for name in VOCABULARIES:
        path = Path(crisis.__file__).with_name(f"{name}.py")
        spec = importlib.util.spec_from_file_location(f"_probe_{name}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        monkeypatch.setitem(sys.modules, spec.name, module)  # its dataclasses look there
        spec.loader.exec_module(module)
    return found


def test_every_vocabulary_table_matches_exactly_what_the_plain_one_does(monkeypatch):
    tables = _vocabulary_tables(monkeypatch)
    dispatched = [t for t in tables if any_of(*t).pattern != _plain(list(t)).pattern]
    assert len(dispatched) >= 30  # the recorder saw the tables, or this proves nothing
    texts = TEXTS[::3][:4000] + TEXTS[1::3][:2000]  # the plain form, and the screen's
    for table in dispatched:
        plain, fast = _plain(list(table)), any_of(*table)
        for text in texts:
            assert _spans(fast, text) == _spans(plain, text), (table[:3], text)


@pytest.mark.parametrize(
    ("pattern", "pieces"),
    [
        ("ab|cd", ["ab", "cd"]),
        ("(?:run out of|lost all my) reasons", ["run out of reasons", "lost all my reasons"]),
        ("(?:the )?dark", ["the dark", "dark"]),  # a greedy "?" tries the group first
        ("(?:the )??dark", ["(?:the )??dark"]),  # a lazy one does not
        ("(?:the )?+dark", ["(?:the )?+dark"]),  # nor a possessive one
        ("(?:a|b)*c", ["(?:a|b)*c"]),
        ("(a|b)c", ["(a|b)c"]),  # copies of a capturing group would renumber it
        ("(?:x|(?P<n>y))z", ["(?:x|(?P<n>y))z"]),
        ("(?:a|(?:b|c)d)e", ["ae", "bde", "cde"]),
        (r"[|(]x|y", [r"[|(]x", "y"]),  # brackets and escapes hide "|" and "("
        (r"a\|b", [r"a\|b"]),
        (r"\((?:a|b)\)", [r"\((?:a|b)\)"]),
    ],
)
def test_a_pattern_is_split_only_where_the_pieces_mean_the_same(pattern, pieces):
    assert _distributed(pattern) == pieces
    whole, joined = re.compile(pattern), re.compile("|".join(pieces))
    for text in ["ab", "cd", "the dark", "dark", "ac", "bde", "cde", "|x", "y", "ae", "(a)"]:
        assert _spans(joined, text) == _spans(whole, text), text


@pytest.mark.parametrize(
    ("pattern", "letter", "rest"),
    [
        ("kill(?:ing)?", "k", "ill(?:ing)?"),
        ("k?ill", "k", None),
        ("ab|cd", "a", None),
        (r"\w+s funeral", "j", r"\w*s funeral"),
        (r"\w+?s", "j", None),
        (r"\w++s", "j", None),
        ("kill", "'", None),
    ],
)
def test_a_branch_is_led_by_its_letter_only_when_that_is_exact(pattern, letter, rest):
    assert _after_literal(pattern, letter) == rest


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
