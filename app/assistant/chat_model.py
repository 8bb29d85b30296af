"""The chat model tier: an OpenAI-compatible endpoint that the clinic hosts.

One POST to `{base_url}/chat/completions` per reply, asking for a JSON object. What
comes back is only a suggestion: it must parse, name an allowlisted intent (never
opt_out, which the rules alone decide) and a topic only for a question. Anything else,
a refusal, an HTTP error or the deadline passing, is None and the reply goes to a
person. Neither the reply nor the response is ever logged.
"""

from __future__ import annotations

import http.client
import json
import logging
import ssl
import time
from typing import Any
from urllib.parse import urlsplit

from app.assistant.prompts import MODEL_INTENTS, build_reply_prompt
from app.assistant.replies import Intent, ModelVerdict, ReplyContext, Topic

logger = logging.getLogger(__name__)

MAX_RESPONSE_BYTES = 256 * 1024
_INTENTS = {i.value: i for i in MODEL_INTENTS}
_TOPICS = {t.value: t for t in Topic}


class ChatModel:
    """`ReplyModel` over an OpenAI-compatible chat-completions endpoint."""

    name = "chat"

    def __init__(
        self,
        base_url: str,
        model: str,
        timeout_s: float,
        api_key: str | None = None,
        *,
        min_confidence: float = 0.5,
    ) -> None:
        parts = urlsplit(base_url.rstrip("/"))
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("the chat endpoint needs an http(s) base URL")
        self._parts = parts
        self.model = model
        self.timeout_s = float(timeout_s)
        self._api_key = api_key
        self.min_confidence = min_confidence

    def classify(self, text: str, context: ReplyContext) -> ModelVerdict | None:
        payload = {
            "model": self.model,
            "messages": build_reply_prompt(text, context),
            "temperature": 0,
            "max_tokens": 100,
            "stream": False,
            "response_format": {"type": "json_object"},
        }
        try:
            status, body = self._post(json.dumps(payload).encode("utf-8"))
        except (OSError, http.client.HTTPException) as exc:  # TimeoutError is an OSError
            logger.warning("chat model unreachable: %s", type(exc).__name__)
            return None
        if status != 200:
            logger.warning("chat model answered HTTP %s", status)
            return None
        verdict = parse_completion(body, self.name)
        if verdict is None or verdict.confidence < self.min_confidence:
            return None
        return verdict

    def _post(self, body: bytes) -> tuple[int, bytes]:
        """(status, body) within `timeout_s` in all, however slowly the server sends."""
        deadline = time.monotonic() + self.timeout_s
        parts = self._parts
        connection: http.client.HTTPConnection
        if parts.scheme == "https":
            connection = http.client.HTTPSConnection(
                parts.hostname or "",
                parts.port,
                timeout=self.timeout_s,
                context=ssl.create_default_context(),
            )
        else:
            connection = http.client.HTTPConnection(
                parts.hostname or "", parts.port, timeout=self.timeout_s
            )
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        try:
            connection.request("POST", f"{parts.path}/chat/completions", body, headers)
            _remaining(connection, deadline)
            response = connection.getresponse()
            chunks: list[bytes] = []
            size = 0
            while True:
                _remaining(connection, deadline)
                chunk = response.read1(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_RESPONSE_BYTES:
                    raise http.client.HTTPException("response too large")
                chunks.append(chunk)
            return response.status, b"".join(chunks)
        finally:
            connection.close()


def _remaining(connection: http.client.HTTPConnection, deadline: float) -> None:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("chat model deadline passed")
    if connection.sock is not None:
        connection.sock.settimeout(left)


def parse_completion(body: bytes, backend: str = "chat") -> ModelVerdict | None:
    """The verdict in a chat-completions response body, or None if it is not exactly
    one allowlisted reading."""
    try:
        data = json.loads(body)
        choice = data["choices"][0]
        message = choice["message"]
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    if not isinstance(message, dict) or message.get("refusal"):
        return None
    if choice.get("finish_reason") not in (None, "stop"):
        return None  # cut off by max_tokens or a content filter
    content = message.get("content")
    return parse_verdict(content, backend) if isinstance(content, str) else None


def parse_verdict(content: str, backend: str = "chat") -> ModelVerdict | None:
    """Validate the model's JSON answer against the allowlist, in code."""
    content = content.strip()
    if content.startswith("```") and content.endswith("```"):
        content = content.strip("`").removeprefix("json").strip()
    try:
        answer: Any = json.loads(content)
    except ValueError:
        return None
    if not isinstance(answer, dict) or set(answer) - {"intent", "topic", "confidence"}:
        return None
    intent_value = answer.get("intent")
    intent = _INTENTS.get(intent_value) if isinstance(intent_value, str) else None
    confidence = answer.get("confidence")
    topic_value = answer.get("topic")
    if intent is None or isinstance(confidence, bool):
        return None
    if not isinstance(confidence, int | float) or not 0.0 <= confidence <= 1.0:
        return None
    if intent is Intent.QUESTION:
        topic = _TOPICS.get(topic_value) if isinstance(topic_value, str) else None
        if topic is None:
            return None
    elif topic_value not in (None, "", "null"):
        return None
    else:
        topic = None
    return ModelVerdict(intent=intent, confidence=float(confidence), topic=topic, backend=backend)
