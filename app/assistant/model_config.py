"""Which model tier reads replies, from the app's settings (no Flask needed).

ASSISTANT_MODEL: "local" (the default: all-MiniLM-L6-v2 on this machine, if installed),
"chat" (an OpenAI-compatible endpoint the clinic hosts) or "none" (rules only). One
instance per process and setting, so the local model and its examples load once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from typing import Any

from app.assistant.chat_model import ChatModel
from app.assistant.embedding_model import DEFAULT_THRESHOLD, EmbeddingModel
from app.assistant.replies import ReplyModel

logger = logging.getLogger(__name__)

DEFAULT_CHAT_TIMEOUT = 5.0
_cache: dict[tuple[Any, ...], ReplyModel] = {}
_lock = threading.Lock()


def build_model(settings: Mapping[str, Any]) -> ReplyModel | None:
    """The configured backend, or None for rules only (also when "local" is chosen but
    the model is not installed, or "chat" lacks its URL or model)."""
    kind = str(settings.get("ASSISTANT_MODEL") or "local").strip().lower()
    if kind == "none":
        return None
    if kind == "local":
        threshold = _number(settings.get("ASSISTANT_LOCAL_THRESHOLD"), DEFAULT_THRESHOLD)
        model = _cached(("local", threshold), lambda: EmbeddingModel(threshold))
        return model if isinstance(model, EmbeddingModel) and model.available() else None
    if kind == "chat":
        url = str(settings.get("ASSISTANT_CHAT_URL") or "").strip()
        name = str(settings.get("ASSISTANT_CHAT_MODEL") or "").strip()
        if not url or not name:
            logger.warning("ASSISTANT_MODEL is chat but ASSISTANT_CHAT_URL or _MODEL is unset")
            return None
        timeout = _number(settings.get("ASSISTANT_CHAT_TIMEOUT"), DEFAULT_CHAT_TIMEOUT)
        # SEANS_* variables are parsed as JSON, so an all-digit key arrives as a number.
        key = str(settings.get("ASSISTANT_CHAT_KEY") or "") or None
        return _cached(
            ("chat", url, name, timeout, key), lambda: ChatModel(url, name, timeout, key)
        )
    raise ValueError(f"ASSISTANT_MODEL must be local, chat or none, not {kind!r}")


def _number(value: Any, default: float) -> float:
    return default if value in (None, "") else float(value)


def _cached(key: tuple[Any, ...], make: Callable[[], ReplyModel]) -> ReplyModel:
    with _lock:
        model = _cache.get(key)
        if model is None:
            model = _cache[key] = make()
        return model
