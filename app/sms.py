"""Vonage SMS adapter: send through the official SDK, verify and parse webhooks.

Sending answers one of three ways besides success, so that the outbox can act:

- ``SmsRejected``: Vonage answered and the message will not go as it is. SMS API
  statuses (https://developer.vonage.com/api-errors/sms) 2 missing parameters,
  3 invalid parameters, 4 invalid credentials, 6 invalid message (e.g. unknown
  number prefix), 7 number barred, 8 account barred, 11 account not enabled for
  HTTP, 12 message too long, 14 invalid signature, 15 invalid sender address,
  22 invalid network code, 23 invalid callback URL, 29 non-whitelisted
  destination, 32 signature and API secret disallowed, 33 number de-activated,
  and any status not listed here. Also HTTP 4xx other than 429, and a number
  that is not E.164.
- ``SmsTemporaryError``: nothing was sent; sending again later is safe.
  Statuses 1 throttled, 5 internal error, 9 partner quota violation (out of
  credit: "top-up and retry"), 10 too many existing binds ("back-off and
  retry"); HTTP 429; connection refused, DNS failure, connect timeout or a TLS
  certificate that fails verification (all before the request left us);
  settings without an API key and secret.
- ``SmsOutcomeUnknown``: the request may have reached Vonage but no usable
  answer came back: read timeout, connection closed or reset after sending,
  HTTP 5xx, an unreadable body. Sending again could deliver the text twice;
  the caller reconciles from delivery receipts (``client_ref``) instead.
  Any HTTP status other than 2xx and 4xx counts here too.

A long text goes out as several parts; Vonage answers one entry per part, each
with its own message id, status and price. When some parts fail, the error is
chosen by the failed statuses and carries the ids of the parts that did go.

The SDK resends by itself whenever the server closes a connection without
answering (``RemoteDisconnected``), up to ``pool_maxsize`` times: exactly the
case where Vonage may already have the message. A pool of one turns that off,
and ``max_retries=0`` turns off urllib3's retries.

Webhooks (delivery receipts and inbound SMS) arrive as a POST form or JSON (the app
refuses Vonage's GET setting: the query string would carry the phone number and the
text into access logs), with Vonage's field names: DLR ``messageId``, ``msisdn`` (the
recipient), ``to`` (our sender id), ``network-code``, ``price``, ``status``
(accepted, delivered, buffered, expired, failed, rejected, unknown), ``scts``,
``err-code``, ``api-key``, ``client-ref``, ``message-timestamp``
(https://developer.vonage.com/messaging/sms/guides/delivery-receipts); inbound
``msisdn`` (the sender), ``to`` (our number), ``messageId``, ``text``, ``type``,
``keyword``, ``message-timestamp``, and for a long text ``concat``,
``concat-ref``, ``concat-total``, ``concat-part``
(https://developer.vonage.com/messaging/sms/guides/inbound-sms). Signed webhooks
add ``timestamp``, ``nonce`` and ``sig``.
"""

from __future__ import annotations

import re
import ssl
from collections.abc import Iterable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Self

import requests
import urllib3.exceptions
from vonage_http_client import Auth, HttpClient, HttpClientOptions
from vonage_http_client.errors import HttpRequestError, RateLimitedError
from vonage_sms import Sms, SmsError, SmsMessage

TEMPORARY_STATUSES = frozenset({"1", "5", "9", "10"})
FINAL_RECEIPT_STATUSES = frozenset({"delivered", "expired", "failed", "rejected"})
_E164 = re.compile(r"\+?[1-9][0-9]{6,14}")
_SHA256_HEX = re.compile(r"[0-9a-fA-F]{64}")
# GSM 03.38: the default alphabet, and the extension table whose characters take
# two septets (an escape and the character).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")


@dataclass(frozen=True)
class SmsSettings:
    api_key: str | None
    api_secret: str | None
    signature_secret: str | None
    sender: str = "Seans"
    rest_host: str | None = None  # None: Vonage's own rest.nexmo.com
    timeout: float = 5
    ca_bundle: str | None = None  # trust only this file, e.g. the fake gateway's cert

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> SmsSettings:
        return cls(
            api_key=_text(config.get("VONAGE_API_KEY")),
            api_secret=_text(config.get("VONAGE_API_SECRET")),
            signature_secret=_text(config.get("VONAGE_SIGNATURE_SECRET")),
            sender=_text(config.get("SMS_FROM")) or "Seans",
            rest_host=_text(config.get("VONAGE_REST_HOST")),
            timeout=float(config.get("VONAGE_TIMEOUT") or 5),
            ca_bundle=_text(config.get("VONAGE_CA_BUNDLE")),
        )


def _text(value: object) -> str | None:
    # from_prefixed_env parses SEANS_* as JSON: an all-digit key or sender becomes an int.
    return str(value) if value not in (None, "") else None


@dataclass(frozen=True)
class SendResult:
    message_ids: tuple[str, ...]
    status: str
    price: Decimal | None
    client_ref: str | None

    @property
    def parts(self) -> int:
        return len(self.message_ids)


class SmsFailure(Exception):
    """A send that did not plainly succeed; ``status`` is Vonage's code or a reason."""

    def __init__(self, status: str, reason: str, message_ids: tuple[str, ...] = ()) -> None:
        super().__init__(f"{status}: {reason}")
        self.status = status
        self.reason = reason
        self.message_ids = message_ids


class SmsRejected(SmsFailure):
    """Vonage will not send this message; do not retry it unchanged."""


class SmsTemporaryError(SmsFailure):
    """Nothing was sent; try again later."""


class SmsOutcomeUnknown(SmsFailure):
    """The message may have gone; reconcile from delivery receipts, never resend blindly."""


class MalformedWebhook(ValueError):
    """A webhook lacks a field Vonage always sends, or has one we cannot read."""


def send_sms(
    settings: SmsSettings,
    to_e164: str,
    text: str,
    client_ref: str | None,
    from_number: str | None = None,
) -> SendResult:
    """Send one text (in as many parts as it needs) and return Vonage's answer."""
    with SmsSender(settings) as sender:
        return sender.send(to_e164, text, client_ref, from_number)


class SmsSender:
    """Sends several texts over one HTTPS connection (a send job's batch); a context
    manager, closing the connection at the end.

    Reusing the connection is safe: before each request urllib3 checks that a pooled
    connection has not been closed by the server and opens a new one if it has, and
    within a batch the connection is seconds old. Should the server close it between
    that check and the request, the send fails as ``SmsOutcomeUnknown`` (the pool of
    one and ``max_retries=0`` keep the SDK and urllib3 from resending): at worst an
    unknown to reconcile, never a duplicate."""

    def __init__(self, settings: SmsSettings) -> None:
        self.settings = settings
        self._stack = ExitStack()
        self._sms: Sms | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._sms = None
        self._stack.close()

    def send(
        self, to_e164: str, text: str, client_ref: str | None, from_number: str | None = None
    ) -> SendResult:
        """`from_number`: the clinic's own number; by default the shared sender."""
        settings = self.settings
        if not settings.api_key or not settings.api_secret:
            raise SmsTemporaryError("not-configured", "VONAGE_API_KEY and VONAGE_API_SECRET unset")
        if not _E164.fullmatch(to_e164):
            raise SmsRejected("3", "recipient is not an E.164 number")
        message = SmsMessage(
            to=to_e164.removeprefix("+"),
            from_=from_number or settings.sender,
            text=text,
            client_ref=client_ref,
            type="text" if is_gsm7(text) else "unicode",
        )
        if self._sms is None:
            self._sms = self._stack.enter_context(_sms_client(settings))
        return _result(_post(self._sms, message))


@contextmanager
def _sms_client(settings: SmsSettings) -> Iterator[Sms]:
    # One client and connection per SmsSender (see there why reusing it is safe).
    options = HttpClientOptions(
        rest_host=settings.rest_host or "rest.nexmo.com",
        pool_connections=1,
        pool_maxsize=1,
        max_retries=0,
    )
    # The SDK types timeout as int; requests takes the float (sub-second in tests).
    options = options.model_copy(update={"timeout": settings.timeout})
    http = HttpClient(Auth(api_key=settings.api_key, api_secret=settings.api_secret), options)
    # HttpClient offers no way to configure or close its requests Session.
    session: requests.Session = http._session
    if settings.ca_bundle:
        session.verify = settings.ca_bundle
        session.trust_env = False  # else REQUESTS_CA_BUNDLE overrides session.verify
    try:
        yield Sms(http)
    finally:
        session.close()


def _post(sms: Sms, message: SmsMessage) -> list[dict[str, Any]]:
    """Vonage's per-part answers, or the failure class the outcome calls for."""
    try:
        sms.send(message)
    except SmsError:
        pass  # a non-zero status: the body says which, below
    except RateLimitedError as exc:
        raise SmsTemporaryError("http-429", "rate limited") from exc
    except HttpRequestError as exc:
        code = exc.response.status_code
        cls = SmsRejected if 400 <= code < 500 else SmsOutcomeUnknown
        raise cls(f"http-{code}", "Vonage answered with an HTTP error") from exc
    except requests.RequestException as exc:
        if _never_sent(exc):
            raise SmsTemporaryError("connection", type(exc).__name__) from exc
        raise SmsOutcomeUnknown("connection", type(exc).__name__) from exc
    except (TypeError, KeyError, ValueError) as exc:
        raise SmsOutcomeUnknown("unreadable", "no usable answer from Vonage") from exc
    try:
        body = sms.http_client.last_response.json()
    except ValueError as exc:
        raise SmsOutcomeUnknown("unreadable", "no usable answer from Vonage") from exc
    parts = body.get("messages") if isinstance(body, dict) else None
    if not parts or not all(isinstance(p, dict) for p in parts):
        raise SmsOutcomeUnknown("unreadable", "no usable answer from Vonage")
    return parts


def _never_sent(exc: requests.RequestException) -> bool:
    """True only when the request provably never reached the server."""
    if isinstance(exc, requests.ConnectTimeout | requests.exceptions.InvalidURL):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    if isinstance(reason, urllib3.exceptions.NewConnectionError):
        return True
    if isinstance(reason, urllib3.exceptions.SSLError) and reason.args:
        return isinstance(reason.args[0], ssl.SSLCertVerificationError)
    return False


def _result(parts: list[dict[str, Any]]) -> SendResult:
    sent = tuple(str(p.get("message-id") or "") for p in parts if p.get("status") == "0")
    if not all(sent):
        raise SmsOutcomeUnknown("unreadable", "an accepted part has no message id")
    failed = [p for p in parts if p.get("status") != "0"]
    if failed:
        status = str(failed[0].get("status"))
        reason = str(failed[0].get("error-text") or "")
        temporary = all(str(p.get("status")) in TEMPORARY_STATUSES for p in failed)
        cls = SmsTemporaryError if temporary else SmsRejected
        raise cls(status, reason, sent)
    return SendResult(
        message_ids=sent,
        status="0",
        price=_sum_prices(p.get("message-price") for p in parts),
        client_ref=parts[0].get("client-ref"),
    )


def _sum_prices(prices: Iterable[str | None]) -> Decimal | None:
    known = [_decimal(p) for p in prices]
    if not known or None in known:
        return None
    return sum(known, Decimal(0))


def _decimal(value: object) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def split_parts(text: str) -> list[str]:
    """Split as a handset counts: GSM-7 160 septets, or 153 per part when concatenated;
    UCS-2 70 code units, or 67 per part. One letter outside GSM-7 (Turkish ş, ğ, ı, İ,
    Ş, Ğ, ç) makes the whole text UCS-2. Escaped pairs and surrogates stay whole."""
    gsm = is_gsm7(text)
    size = _gsm7_units if gsm else _ucs2_units
    single, multi = (160, 153) if gsm else (70, 67)
    if sum(size(ch) for ch in text) <= single:
        return [text] if text else []
    parts, current, used = [], "", 0
    for ch in text:
        if used + size(ch) > multi:
            parts.append(current)
            current, used = "", 0
        current += ch
        used += size(ch)
    return [*parts, current]


def _gsm7_units(ch: str) -> int:
    return 2 if ch in GSM7_EXTENSION else 1


def _ucs2_units(ch: str) -> int:
    return len(ch.encode("utf-16-le")) // 2


def normalize_params(raw: Mapping[str, Any]) -> dict[str, str]:
    """Flatten a form, query (lists or MultiDict) or JSON body into str -> str."""
    if hasattr(raw, "to_dict"):
        raw = raw.to_dict()
    flat: dict[str, str] = {}
    for key, value in raw.items():
        if isinstance(value, list | tuple):
            value = value[0] if value else ""
        flat[str(key)] = value if isinstance(value, str) else str(value)
    return flat


def verify_webhook(
    params: Mapping[str, Any],
    settings: SmsSettings,
    now: datetime,
    max_skew: timedelta = timedelta(minutes=5),
) -> bool:
    """True when ``sig`` is Vonage's HMAC-SHA256 of the other fields and ``timestamp``
    is within ``max_skew`` of ``now``; the SDK checks the first, not the second."""
    flat = normalize_params(params)
    if not settings.api_key or not settings.signature_secret:
        return False
    if not _SHA256_HEX.fullmatch(flat.get("sig", "")):
        return False
    try:
        sent_at = datetime.fromtimestamp(int(flat["timestamp"]), UTC)
    except (KeyError, ValueError, OverflowError, OSError):
        return False
    # A separate Auth: with a signature secret on the sending Auth, the SDK
    # would sign outgoing SMS too (see RECIPES.md).
    checker = Auth(
        api_key=settings.api_key,
        signature_secret=settings.signature_secret,
        signature_method="sha256",
    )
    signed = checker.check_signature(dict(flat))
    fresh = abs(now - sent_at) <= max_skew
    return signed and fresh


@dataclass(frozen=True)
class DeliveryReceipt:
    message_id: str
    status: str
    err_code: str | None
    msisdn: str | None
    to: str | None
    client_ref: str | None
    network_code: str | None
    price: Decimal | None
    scts: str | None
    message_timestamp: datetime | None

    @property
    def final(self) -> bool:
        return self.status in FINAL_RECEIPT_STATUSES


@dataclass(frozen=True)
class Concat:
    ref: str
    total: int
    part: int


@dataclass(frozen=True)
class InboundSms:
    message_id: str
    msisdn: str
    to: str
    text: str
    type: str
    keyword: str | None
    message_timestamp: datetime | None
    concat: Concat | None


def parse_delivery_receipt(params: Mapping[str, Any]) -> DeliveryReceipt:
    flat = normalize_params(params)
    return DeliveryReceipt(
        message_id=_message_id(flat),
        status=_required(flat, "status").lower(),
        err_code=flat.get("err-code") or None,
        msisdn=flat.get("msisdn") or None,
        to=flat.get("to") or None,
        client_ref=flat.get("client-ref") or None,
        network_code=flat.get("network-code") or None,
        price=_decimal(flat.get("price")),
        scts=flat.get("scts") or None,
        message_timestamp=_vonage_time(flat.get("message-timestamp")),
    )


def parse_inbound(params: Mapping[str, Any]) -> InboundSms:
    flat = normalize_params(params)
    return InboundSms(
        message_id=_message_id(flat),
        msisdn=_required(flat, "msisdn"),
        to=_required(flat, "to"),
        text=flat.get("text", ""),
        type=flat.get("type") or "text",
        keyword=flat.get("keyword") or None,
        message_timestamp=_vonage_time(flat.get("message-timestamp")),
        concat=_concat(flat),
    )


def _message_id(flat: dict[str, str]) -> str:
    # Webhooks spell it messageId; the send response spells it message-id.
    value = flat.get("messageId") or flat.get("message-id")
    if not value:
        raise MalformedWebhook("messageId missing")
    return value


def _required(flat: dict[str, str], key: str) -> str:
    if not flat.get(key):
        raise MalformedWebhook(f"{key} missing")
    return flat[key]


def _concat(flat: dict[str, str]) -> Concat | None:
    if flat.get("concat", "").lower() != "true":
        return None
    try:
        concat = Concat(
            ref=_required(flat, "concat-ref"),
            total=int(_required(flat, "concat-total")),
            part=int(_required(flat, "concat-part")),
        )
    except ValueError as exc:
        raise MalformedWebhook(f"bad concat fields: {exc}") from exc
    if not 1 <= concat.part <= concat.total:
        raise MalformedWebhook("concat-part outside 1..concat-total")
    return concat


def _vonage_time(value: str | None) -> datetime | None:
    """Vonage writes UTC as ``YYYY-MM-DD HH:MM:SS``."""
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError as exc:
        raise MalformedWebhook(f"bad message-timestamp {value!r}") from exc
