"""One helper for the pattern tables: alternatives joined into one whole-word pattern."""

from __future__ import annotations

import re


def any_of(*patterns: str) -> re.Pattern[str]:
    """A pattern matching any of `patterns`, each as whole words ("\\b...\\b")."""
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b")
