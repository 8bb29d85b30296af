"""A chat-completions server on 127.0.0.1 for tests: canned answers, recorded requests.

with FakeChat() as chat:
    chat.reply = Canned.answer({"intent": "confirm", "topic": None, "confidence": 0.9})
    model = ChatModel(chat.base_url, "fake", timeout_s=1)
    ...
    chat.requests[-1]  # the JSON body the model sent
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Canned:
    """One answer: `content` as the assistant message (or `raw` as the whole body),
    after `delay_s`; `drip_s` sends the body a byte at a time with that pause."""

    status: int = 200
    content: str | None = None
    refusal: str | None = None
    finish_reason: str = "stop"
    raw: bytes | None = None
    delay_s: float = 0.0
    drip_s: float = 0.0

    @classmethod
    def answer(cls, obj: Any, **kw: Any) -> Canned:
        return cls(content=json.dumps(obj), **kw)

    def body(self, model: str) -> bytes:
        if self.raw is not None:
            return self.raw
        message = {"role": "assistant", "content": self.content, "refusal": self.refusal}
        return json.dumps(
            {
                "id": "chatcmpl-fake",
                "object": "chat.completion",
                "model": model,
                "choices": [{"index": 0, "message": message, "finish_reason": self.finish_reason}],
            }
        ).encode()


@dataclass
class FakeChat:
    reply: Canned = field(default_factory=lambda: Canned.answer({"intent": "other"}))
    requests: list[dict[str, Any]] = field(default_factory=list)
    raw_requests: list[bytes] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def reset(self, reply: Canned | None = None) -> None:
        with self._lock:
            self.requests.clear()
            self.raw_requests.clear()
            self.headers.clear()
            if reply is not None:
                self.reply = reply

    def __enter__(self) -> FakeChat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _record(self, raw: bytes, headers: dict[str, str]) -> tuple[Canned, dict[str, Any]]:
        try:
            request = json.loads(raw)
        except ValueError:
            request = {}
        with self._lock:
            self.raw_requests.append(raw)
            self.headers.append(headers)
            self.requests.append(request)
            return self.reply, request if isinstance(request, dict) else {}


def _handler(chat: FakeChat) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib's name
            pass

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            canned, request = chat._record(raw, dict(self.headers.items()))
            if self.path != "/v1/chat/completions":
                canned = Canned(status=404, raw=b'{"error": "not found"}')
            if canned.delay_s and chat._stopping.wait(canned.delay_s):
                return
            body = canned.body(str(request.get("model", "")))
            try:
                self.send_response(canned.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not canned.drip_s:
                    self.wfile.write(body)
                    return
                for i in range(len(body)):
                    if chat._stopping.wait(canned.drip_s):
                        return
                    self.wfile.write(body[i : i + 1])
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up first, as a timeout test wants

    return Handler
