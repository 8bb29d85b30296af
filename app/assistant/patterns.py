"""One helper for the pattern tables: alternatives joined into one whole-word pattern.

The tables hold hundreds of alternatives, and Python's engine tries each of them at
every word of a message. `alternation` sorts them by the letters they can begin with
(read from the engine's own parser) behind one lookahead per letter, so at a word
starting with "k" only the alternatives that can start with "k" are tried. What
matches, and which alternative wins where two match at the same place, is exactly
what the plain "a|b|c" would give: each letter's branch keeps the table's order and
holds every alternative that could start with that letter, those whose first letter
cannot be told included. The rules path reads about twice as many replies a second.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

try:  # the engine's own parser; without it (another Python) the plain join is used
    from re import _constants as sre_constants
    from re import _parser as sre_parser
except ImportError:  # pragma: no cover
    sre_parser = None

# Alternatives that could begin with more letters than this are not worth sorting.
_MAX_FIRST_LETTERS = 12


def any_of(*patterns: str) -> re.Pattern[str]:
    """A pattern matching any of `patterns`, each as whole words ("\\b...\\b")."""
    return re.compile(r"\b(?:" + alternation(patterns) + r")\b")


def alternation(patterns: Sequence[str]) -> str:
    """`patterns` joined by "|", dispatched on their first letter where that pays."""
    firsts = [_first_letters(pattern) for pattern in patterns]
    letters = sorted({letter for found in firsts if found for letter in found})
    if len(patterns) < 8 or not letters:
        return "|".join(patterns)
    pairs = list(zip(patterns, firsts, strict=True))
    branches = []
    for letter in letters:
        chosen = [pattern for pattern, found in pairs if not found or letter in found]
        branches.append(f"(?={re.escape(letter)})(?:{'|'.join(chosen)})")
    unknown = [pattern for pattern, found in pairs if not found]
    if unknown:  # at any other letter only these can match
        branches.append(f"(?:{'|'.join(unknown)})")
    return "|".join(branches)


def _first_letters(pattern: str) -> frozenset[str] | None:
    """The characters a match of `pattern` can begin with; None when that cannot be told
    (it may match the empty string, or begins with a class such as \\w or '.')."""
    if sre_parser is None:
        return None
    try:
        parsed = sre_parser.parse(pattern)
    except (re.error, RecursionError):
        return None
    if parsed.state.flags & re.IGNORECASE:
        return None
    found = _first(list(parsed))
    if found is None or len(found) > _MAX_FIRST_LETTERS:
        return None
    return frozenset(found)


def _first(items: list[tuple[Any, Any]]) -> set[str] | None:
    """First characters of the sequence `items` (parser items); None if unknown or empty."""
    c = sre_constants
    for index, (op, arg) in enumerate(items):
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # zero width: the next item begins the match
        if op is c.LITERAL:
            return {chr(arg)}
        if op is c.SUBPATTERN:
            _group, add_flags, _del_flags, body = arg
            return None if add_flags & re.IGNORECASE else _first(list(body))
        if op is c.BRANCH:
            return _union(_first(list(branch)) for branch in arg[1])
        if op is c.IN:
            return _charset(arg)
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, _high, body = arg
            head = _first(list(body))
            if head is None or low > 0:
                return head
            rest = _first(items[index + 1 :])  # the repeat may match nothing
            return None if rest is None else head | rest
        return None
    return None  # the sequence can match the empty string


def _union(sets: Iterable[set[str] | None]) -> set[str] | None:
    out: set[str] = set()
    for found in sets:
        if found is None:
            return None
        out |= found
    return out


def _charset(items: list[tuple[Any, Any]]) -> set[str] | None:
    c = sre_constants
    out: set[str] = set()
    for op, arg in items:
        if op is c.LITERAL:
            out.add(chr(arg))
        elif op is c.RANGE and arg[1] - arg[0] < _MAX_FIRST_LETTERS:
            out.update(chr(code) for code in range(arg[0], arg[1] + 1))
        else:
            return None  # negated sets, categories, wide ranges
    return out
