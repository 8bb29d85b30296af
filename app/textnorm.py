"""Turkish-aware text folding shared by search indexes and the assistant."""

from __future__ import annotations

import re
import unicodedata

_TURKISH_UPPER = str.maketrans({"I": "ı", "İ": "i"})
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case the Turkish way (I→ı, İ→i), NFC, with zero-width characters removed."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return text.translate(_TURKISH_UPPER).lower()


def name_tokens(name: str) -> list[str]:
    """Words of a person's name, folded: "Elif Kaya-Demir" → ["elif", "kaya", "demir"]."""
    return _WORD.findall(fold(name))


def initials(name: str) -> str:
    """Initials of a name, folded: "Elif Kaya" → "ek"."""
    return "".join(token[0] for token in name_tokens(name))


# C0 controls but tab and line breaks, DEL, C1 controls, and the bidi embeddings,
# overrides and isolates (U+202A-U+202E, U+2066-U+2069) that reorder what a reader sees.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAK = re.compile(r"\r\n?")


def clean_text(text: str) -> str:
    """Typed text without invisible controls or bidi overrides; line breaks become "\\n"
    and tabs stay, so a note keeps its shape (docs/decisions.md, "Text from forms")."""
    return _INVISIBLE.sub("", _LINE_BREAK.sub("\n", text))


def clean_line(text: str) -> str:
    """One line of typed text (a name): cleaned, a tab a space; a line break stays, so
    that the form can refuse it rather than join two words."""
    return clean_text(text).replace("\t", " ")
