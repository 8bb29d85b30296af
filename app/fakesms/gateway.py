"""The fake gateway's state: credentials, recorded messages, scripted failures, receipts."""

from __future__ import annotations

import hmac
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Self

from app.fakesms.cert import ensure_certificate
from app.fakesms.model import (
    FAKE_API_KEY,
    FAKE_API_SECRET,
    FAKE_SIGNATURE_SECRET,
    PRICE_PER_PART,
    VIRTUAL_NUMBER,
    Behaviour,
    FakeMessage,
    Rule,
)
from app.fakesms.schedule import ReceiptTimer
from app.fakesms.server import FakeServer, make_server
from app.fakesms.webhooks import (
    inbound_params,
    new_message_id,
    post_webhook,
    receipt_params,
    signed,
)
from app.sms import is_gsm7, split_parts

LOG_FILE = "sent.jsonl"


def system_now() -> datetime:
    return datetime.now(UTC)


class FakeGateway:
    """Vonage's SMS API on https://127.0.0.1:<port>; see ``app.fakesms``."""

    def __init__(
        self,
        directory: Path | str,
        *,
        port: int = 0,
        api_key: str = FAKE_API_KEY,
        api_secret: str = FAKE_API_SECRET,
        signature_secret: str = FAKE_SIGNATURE_SECRET,
        webhook_base: str | None = None,
        webhook_method: str = "POST",
        inbound_path: str = "/webhooks/vonage/inbound",
        receipt_path: str = "/webhooks/vonage/status",
        receipt_delay: float | None = 2.0,
        virtual_number: str = VIRTUAL_NUMBER,
        clock: Callable[[], datetime] = system_now,
        on_event: Callable[[str], None] | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.api_key, self._api_secret = api_key, api_secret
        self.signature_secret = signature_secret
        self.webhook_base = webhook_base.rstrip("/") if webhook_base else None
        self.webhook_method = webhook_method
        self.inbound_path, self.receipt_path = inbound_path, receipt_path
        self.receipt_delay = receipt_delay
        self.virtual_number = virtual_number
        self.clock = clock
        self._on_event = on_event or (lambda line: None)
        self._requested_port = port
        self._lock = threading.Lock()
        self._messages: list[FakeMessage] = []
        self._rules: list[Rule] = []
        self.stopping = threading.Event()
        self._timer = ReceiptTimer(self._auto_receipt)
        self._server: FakeServer | None = None
        self._thread: threading.Thread | None = None

    # Lifecycle

    def start(self) -> Self:
        self.cert_path, self.key_path = ensure_certificate(self.directory)
        self._server = make_server(self, self._requested_port)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="fake-vonage", kwargs={"poll_interval": 0.05}
        )
        self._thread.start()
        self._timer.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._timer.stop()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()  # joins handler threads
            self._thread.join()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def rest_host(self) -> str:
        """What ``VONAGE_REST_HOST`` should say to use this gateway."""
        return f"127.0.0.1:{self.port}"

    # Used by the HTTP handler

    def check_credentials(self, key: str, secret: str) -> bool:
        key_ok = hmac.compare_digest(key.encode(), self.api_key.encode())
        secret_ok = hmac.compare_digest(secret.encode(), self._api_secret.encode())
        return key_ok and secret_ok

    def next_behaviour(self, to: str) -> Behaviour | None:
        with self._lock:
            for rule in self._rules:
                if rule.to in (None, to):
                    if rule.remaining is not None:
                        rule.remaining -= 1
                        if rule.remaining == 0:
                            self._rules.remove(rule)
                    return rule.behaviour
        return None

    def record(
        self, to: str, sender: str, text: str, type_: str, client_ref: str | None
    ) -> FakeMessage:
        gsm = type_ != "unicode" and is_gsm7(text)
        message = FakeMessage(
            message_ids=[new_message_id() for _ in split_parts(text) or [""]],
            to=to,
            sender=sender,
            text=text,
            type=type_,
            encoding="GSM-7" if gsm else "UCS-2",
            client_ref=client_ref,
            received_at=self.clock(),
        )
        with self._lock:
            self._messages.append(message)
            with (self.directory / LOG_FILE).open("a", encoding="utf-8") as log:
                log.write(message.as_json() + "\n")
        self.report(_describe(message))
        if self.receipt_delay is not None and self.webhook_base:
            for message_id in message.message_ids:
                self._timer.add(self.receipt_delay, message_id)
        return message

    # Control

    def script(self, behaviour: Behaviour, *, to: str | None = None, times: int | None = 1) -> None:
        """Make the next ``times`` sends (to ``to``, or to anyone) behave so;
        ``times=None`` keeps the rule until the gateway stops."""
        with self._lock:
            self._rules.append(Rule(behaviour, to.removeprefix("+") if to else None, times))

    def messages(self) -> list[FakeMessage]:
        with self._lock:
            return list(self._messages)

    def find(self, message_id: str) -> FakeMessage:
        with self._lock:
            return self._find(message_id)

    def _find(self, message_id: str) -> FakeMessage:
        for message in self._messages:
            if message_id in message.message_ids:
                return message
        raise KeyError(message_id)

    def receipt(
        self, message_id: str, status: str = "delivered", err_code: str = "0"
    ) -> dict[str, str]:
        """The signed delivery receipt Vonage would send for one part."""
        message = self.find(message_id)
        params = receipt_params(
            message_id=message_id,
            recipient=message.to,
            sender=message.sender,
            price=PRICE_PER_PART,
            client_ref=message.client_ref,
            status=status,
            err_code=err_code,
            now=self.clock(),
        )
        return signed(params, self.api_key, self.signature_secret, self.clock())

    def deliver_receipt(
        self, message_id: str, status: str = "delivered", err_code: str = "0"
    ) -> dict[str, str]:
        """POST a signed receipt to the app; raises WebhookDeliveryError if it does not take it."""
        params = self.receipt(message_id, status, err_code)
        post_webhook(self._url(self.receipt_path), params, self.webhook_method)
        with self._lock:
            self._find(message_id).receipts[message_id] = status
        self.report(f"receipt {message_id}: {status}")
        return params

    def send_inbound(
        self, from_msisdn: str, text: str, parts: int = 1, to: str | None = None
    ) -> list[dict[str, str]]:
        """POST a client's reply, split into ``parts`` webhooks with concat fields."""
        now = self.clock()
        sender = from_msisdn.removeprefix("+")
        posted = []
        for params in inbound_params(sender, to or self.virtual_number, text, parts, now):
            params = signed(params, self.api_key, self.signature_secret, now)
            post_webhook(self._url(self.inbound_path), params, self.webhook_method)
            posted.append(params)
        self.report(f"inbound from {sender} in {len(posted)} part(s): {text}")
        return posted

    def report(self, line: str) -> None:
        self._on_event(line)

    def _url(self, path: str) -> str:
        if not self.webhook_base:
            raise RuntimeError("no webhook base URL configured")
        return self.webhook_base + path

    def _auto_receipt(self, message_id: str) -> None:
        try:
            self.deliver_receipt(message_id)
        except Exception as exc:  # a dev tool reports and carries on
            self.report(f"receipt {message_id} not delivered: {exc}")


def _describe(message: FakeMessage) -> str:
    ref = f" ref={message.client_ref}" if message.client_ref else ""
    return (
        f"SMS to +{message.to} from {message.sender}{ref}, "
        f"{len(message.message_ids)} part(s) {message.encoding}: {message.text}"
    )
