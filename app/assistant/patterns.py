"""One helper for the pattern tables: alternatives joined into one whole-word pattern.

The tables hold hundreds of alternatives, and Python's engine tries each of them at
every word of a message. `alternation` first splits each alternative where the ways it
can begin are plain to see ("(?:run out of|lost all my) reasons" is two), then sorts
them by the letter they begin with (read from the engine's own parser), so at a word
starting with "k" only the alternatives that can start with "k" are tried. Where they
plainly do, the "k" itself leads the branch, which the engine passes over at any other
letter without entering it (a lookahead, "(?=k)", it has to enter). What matches, and
which alternative wins where two match at the same place, is exactly what the plain
"a|b|c" would give: each letter's branch keeps the table's order and holds every
alternative that could start with that letter, those whose first letter cannot be told
included (tests/test_patterns.py holds every table to that). Measured with callgrind
over the benchmark's replies: 2.90 → 2.57 million instructions a reply.
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
    """`patterns` joined by "|", dispatched on their first letter where that pays (a
    second level, on the next letter, measured slower)."""
    patterns = [each for pattern in patterns for each in _distributed(pattern)]
    firsts = [_first_letters(pattern) for pattern in patterns]
    letters = sorted({letter for found in firsts if found for letter in found})
    if len(patterns) < 8 or not letters:
        return "|".join(patterns)
    pairs = list(zip(patterns, firsts, strict=True))
    branches = []
    for letter in letters:
        chosen = [pattern for pattern, found in pairs if not found or letter in found]
        branches += _letter_branches(letter, chosen)
    unknown = [pattern for pattern, found in pairs if not found]
    if unknown:  # at any other letter only these can match
        branches.append(f"(?:{'|'.join(unknown)})")
    return "|".join(branches)


def _letter_branches(letter: str, chosen: list[str]) -> list[str]:
    """The alternatives that can begin with `letter`, in their order. A run of them that
    plainly begin with it is led by the letter itself: the engine passes over a branch
    whose leading literal is not the next character without entering it, which it
    cannot do for a lookahead, so only the other runs stand behind "(?=letter)"."""
    escaped = re.escape(letter)
    runs: list[tuple[bool, list[str]]] = []
    for pattern in chosen:
        rest = _after_literal(pattern, letter)
        led = rest is not None
        if not runs or runs[-1][0] != led:
            runs.append((led, []))
        runs[-1][1].append(rest if rest is not None else pattern)
    return [
        f"{escaped}(?:{'|'.join(items)})" if led else f"(?={escaped})(?:{'|'.join(items)})"
        for led, items in runs
    ]


def _distributed(pattern: str, depth: int = 3) -> list[str]:
    """One pattern per way it can begin, in its order of preference, where that is plain
    to see: "a|b" → "a", "b"; "(?:run out of|lost all my) reasons" → "run out of
    reasons", "lost all my reasons"; "(?:the )?dark" → "the dark", "dark" (a greedy "?"
    tries the group first). The same matches in the same order, and each piece now
    begins with a letter. Left whole when the pattern captures (copies would renumber
    its groups) or begins some other way."""
    if depth == 0:
        return [pattern]
    marks = _marks(pattern)
    if any(char == "(" and _captures_at(pattern, at) for at, char, _level in marks):
        return [pattern]
    bars = [at for at, char, level in marks if char == "|" and level == 0]
    if bars:
        pieces = _cut(pattern, bars)
    elif pattern.startswith("(?:"):
        close = next(at for at, char, level in marks if char == ")" and level == 0)
        after = pattern[close + 1 : close + 3]
        optional = after[:1] == "?" and after[1:2] not in ("?", "+")  # not lazy, not possessive
        if after[:1] in ("*", "+", "{") or (after[:1] == "?" and not optional):
            return [pattern]
        body, tail = pattern[3:close], pattern[close + 2 if optional else close + 1 :]
        inner = [at - 3 for at, char, level in marks if char == "|" and level == 1 and at < close]
        pieces = [piece + tail for piece in _cut(body, inner)] + ([tail] if optional else [])
    else:
        return [pattern]
    out = [each for piece in pieces for each in _distributed(piece, depth - 1)]
    return out if len(out) <= 64 else [pattern]


def _cut(text: str, at: list[int]) -> list[str]:
    """`text` cut at the given indices, the characters there dropped."""
    return [text[a + 1 : b] for a, b in zip([-1, *at], [*at, len(text)], strict=True)]


def _captures_at(pattern: str, at: int) -> bool:
    """Does the group opened at `at` capture? (Copies would renumber or repeat a name.)"""
    return pattern[at + 1 : at + 2] != "?" or pattern[at + 2 : at + 3] == "P"


# An escaped character, a character class, or one of "(", ")", "|".
_STRUCTURE = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|[()|]", re.DOTALL)


def _marks(pattern: str) -> list[tuple[int, str, int]]:
    """Each "(", ")" and "|" outside classes and escapes: (index, character, groups open
    after reading it; a ")" counts outside its group)."""
    out = []
    depth = 0
    for m in _STRUCTURE.finditer(pattern):
        char = m.group()
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char != "|":
            continue
        out.append((m.start(), char, depth))
    return out


# Characters that mean something else where a pattern begins with them (".": any).
_SPECIAL = frozenset(".^$*+?{}[]\\|()")


def _after_literal(pattern: str, letter: str) -> str | None:
    """What `pattern` must match after `letter`, when it plainly begins with that letter
    (not escaped, not repeated) and has no "|" outside groups: "kill(?:ing)?" gives
    "ill(?:ing)?"; "a?b", "(?:a|b)c" and "ab|cd" give None. A pattern that begins with
    any run of letters ("\\w+s funeral") gives the rest of that run ("\\w*s funeral"): at
    a letter, the same matches in the same order."""
    if letter in _SPECIAL:
        return None
    if pattern.startswith(letter) and pattern[1:2] not in ("?", "*", "+", "{"):
        rest = pattern[1:]
    elif pattern.startswith("\\w+") and letter.isalnum() and pattern[3:4] not in ("?", "+"):
        rest = "\\w*" + pattern[3:]  # not a lazy or possessive run
    else:
        return None
    if any(char == "|" and level == 0 for _at, char, level in _marks(pattern)):
        return None
    return rest


def _first_letters(pattern: str) -> frozenset[str] | None:
    """The characters a match of `pattern` can begin with; None when that cannot be told
    (it may match the empty string, or begins with a class such as \\w or '.')."""
    if sre_parser is None:
        return None
    if pattern[:1].isalnum() and _after_literal(pattern, pattern[0]) is not None:
        return frozenset(pattern[0])
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
