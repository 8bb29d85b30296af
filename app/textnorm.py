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
