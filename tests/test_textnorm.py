"""The one policy for typed text (docs/decisions.md, "Text from forms")."""

from __future__ import annotations

import pytest

from app.textnorm import clean_line, clean_text


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Elif Kaya", "Elif Kaya"),
        ("İlkay Işık 🙂", "İlkay Işık 🙂"),
        ("a\x00b\x07c\x1b[31md\x7fe", "abc[31mde"),
        ("C1: \x80\x85\x9f.", "C1: ."),
        ("\u202aa\u202bb\u202cc\u202dd\u202ee", "abcde"),
        ("\u2066x\u2067y\u2068z\u2069", "xyz"),
        ("one\r\ntwo\rthree\nfour", "one\ntwo\nthree\nfour"),
        ("\tindented", "\tindented"),
        ("zero\u200bwidth and mark\u200f stay", "zero\u200bwidth and mark\u200f stay"),
    ],
)
def test_clean_text_drops_controls_and_bidi_overrides_and_keeps_lines(typed, kept):
    assert clean_text(typed) == kept


def test_clean_line_turns_a_tab_into_a_space_and_keeps_a_break_to_be_refused():
    assert clean_line("Elif\tKaya\r\nDemir\x00") == "Elif Kaya\nDemir"
