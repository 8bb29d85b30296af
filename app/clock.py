"""The one source of "now", so tests can move time without sleeping."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from flask import current_app, has_app_context


def system_now() -> datetime:
    return datetime.now(UTC)


def now() -> datetime:
    """Aware UTC now; an app may install its own clock as config["CLOCK"]."""
    if has_app_context():
        clock: Callable[[], datetime] = current_app.config.get("CLOCK") or system_now
        return clock()
    return system_now()
