"""HTTPS front of the fake: ``POST /sms/json`` as Vonage answers it, and a page for people."""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import ssl
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from app.fakesms.model import PRICE_PER_PART, Behaviour, Drop, FakeMessage, Hang, HttpError, Status
from app.fakesms.page import render_page
from app.fakesms.webhooks import WebhookDeliveryError

if TYPE_CHECKING:
    from app.fakesms.gateway import FakeGateway

MAX_BODY = 64 * 1024
_MSISDN = re.compile(r"[1-9][0-9]{6,14}")


class FakeServer(ThreadingHTTPServer):
    # Handler threads are joined on close, so a hung request cannot outlive a test.
    daemon_threads = False
    block_on_close = True

    def __init__(self, gateway: FakeGateway, port: int, context: ssl.SSLContext) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.gateway = gateway
        self.form_token = secrets.token_urlsafe(16)
        # Handshake in the handler thread (under its timeout), not in the accept loop.
        self.socket = context.wrap_socket(
            self.socket, server_side=True, do_handshake_on_connect=False
        )

    def handle_error(self, request: Any, client_address: tuple[str, int]) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, ssl.SSLError | ConnectionError | TimeoutError):
            self.gateway.report(f"connection from {client_address[0]} failed: {exc}")
        else:
            super().handle_error(request, client_address)


def make_server(gateway: FakeGateway, port: int) -> FakeServer:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(gateway.cert_path, gateway.key_path)
    return FakeServer(gateway, port, context)


class Handler(BaseHTTPRequestHandler):
    server: FakeServer
    timeout = 10
    server_version = "FakeVonage/1.0"
    # Keep-alive, as Vonage: a sender reuses its connection for a batch. Every answer
    # carries Content-Length; Hang and Drop close the connection.
    protocol_version = "HTTP/1.1"
    # Headers and body go in two writes: with Nagle, the second waits for the client's
    # delayed ACK (40 ms) on a kept-alive connection.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - base signature
        """Quiet: the gateway reports what matters through on_event."""

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        if urlsplit(self.path).path != "/":
            self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})
            return
        html = render_page(self.server.gateway.messages(), self.server.form_token)
        self._send(HTTPStatus.OK, html.encode(), "text/html; charset=utf-8")

    def do_POST(self) -> None:  # noqa: N802 - http.server naming
        path = urlsplit(self.path).path
        if path == "/sms/json":
            self._send_sms(self._fields())
        elif path == "/reply":
            self._reply(self._fields())
        else:
            self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})

    def _send_sms(self, fields: dict[str, str]) -> None:
        gateway = self.server.gateway
        key, secret = self._credentials(fields)
        if not gateway.check_credentials(key, secret):
            self._vonage_error("4", "Bad Credentials")
            return
        problem = _invalid(fields)
        if problem:
            self._vonage_error(*problem)
            return
        to = fields["to"].removeprefix("+")
        behaviour = gateway.next_behaviour(to)
        if behaviour is not None and self._scripted(behaviour, fields):
            return
        message = self._record(fields)
        self._json(
            HTTPStatus.OK,
            {
                "message-count": str(len(message.message_ids)),
                "messages": [_accepted(message, mid) for mid in message.message_ids],
            },
        )

    def _scripted(self, behaviour: Behaviour, fields: dict[str, str]) -> bool:
        """Act out a scripted behaviour; False means carry on and accept normally."""
        if isinstance(behaviour, Status) and behaviour.code != "0":
            self._vonage_error(behaviour.code, behaviour.error_text)
            return True
        record = isinstance(behaviour, Hang | Drop) or (
            isinstance(behaviour, HttpError) and behaviour.record
        )
        if record:
            self._record(fields)
        if isinstance(behaviour, Hang):
            self.server.gateway.stopping.wait(behaviour.seconds)
        if isinstance(behaviour, Hang | Drop):
            self.close_connection = True
            return True
        if isinstance(behaviour, HttpError):
            self._send(behaviour.code, b"", "text/plain")
            return True
        return False

    def _record(self, fields: dict[str, str]) -> FakeMessage:
        return self.server.gateway.record(
            to=fields["to"].removeprefix("+"),
            sender=fields["from"],
            text=fields["text"],
            type_=fields.get("type", "text"),
            client_ref=fields.get("client-ref"),
        )

    def _reply(self, fields: dict[str, str]) -> None:
        if not secrets.compare_digest(fields.get("token", ""), self.server.form_token):
            self._send(HTTPStatus.FORBIDDEN, b"stale form", "text/plain")
            return
        try:
            parts = max(1, min(int(fields.get("parts") or 1), 10))
            self.server.gateway.send_inbound(fields.get("from", ""), fields.get("text", ""), parts)
        except (ValueError, RuntimeError, WebhookDeliveryError) as exc:
            self._send(HTTPStatus.BAD_GATEWAY, str(exc).encode(), "text/plain; charset=utf-8")
            return
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", "/")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _fields(self) -> dict[str, str]:
        """Query, then a form or JSON body; first value wins, as Vonage reads them."""
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.close_connection = True  # the rest of the body is never read
            length = MAX_BODY
        body = self.rfile.read(length) if length else b""
        fields = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        if self.headers.get_content_type() == "application/json":
            try:
                data = json.loads(body or b"{}")
            except ValueError:
                data = {}
            if isinstance(data, dict):
                fields |= {str(k): str(v) for k, v in data.items()}
        else:
            form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            fields |= {k: v[0] for k, v in form.items()}
        return fields

    def _credentials(self, fields: dict[str, str]) -> tuple[str, str]:
        header = self.headers.get("Authorization", "")
        if header.startswith("Basic "):
            try:
                decoded = base64.b64decode(header[6:], validate=True).decode()
            except (binascii.Error, UnicodeDecodeError):
                return "", ""
            key, _, secret = decoded.partition(":")
            return key, secret
        return fields.get("api_key", ""), fields.get("api_secret", "")

    def _vonage_error(self, status: str, text: str) -> None:
        # Vonage reports refusals with HTTP 200 and a status in the body.
        self._json(
            HTTPStatus.OK,
            {"message-count": "1", "messages": [{"status": status, "error-text": text}]},
        )

    def _json(self, code: int, data: dict[str, Any]) -> None:
        self._send(code, json.dumps(data).encode(), "application/json")

    def _send(self, code: int, body: bytes, content_type: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if content_type.startswith("text/html"):
            self.send_header(
                "Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
            )
        self.end_headers()
        self.wfile.write(body)


def _invalid(fields: dict[str, str]) -> tuple[str, str] | None:
    for name in ("from", "to", "text"):
        if not fields.get(name):
            return "2", f"Missing {name} param"
    if not _MSISDN.fullmatch(fields["to"].removeprefix("+")):
        return "3", "Invalid to param"
    if fields.get("type", "text") not in ("text", "unicode"):
        return "3", "Invalid type param: the fake sends text and unicode only"
    if len(fields.get("client-ref", "")) > 100:
        return "3", "Invalid client-ref param"
    return None


def _accepted(message: FakeMessage, message_id: str) -> dict[str, str]:
    part = {
        "to": message.to,
        "message-id": message_id,
        "status": "0",
        "remaining-balance": "10.00000000",
        "message-price": PRICE_PER_PART,
        "network": "28601",
    }
    if message.client_ref:
        part["client-ref"] = message.client_ref
    return part
