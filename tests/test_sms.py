"""The Vonage adapter against the fake gateway, through the real vonage SDK, on loopback."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from werkzeug.datastructures import MultiDict

from app import create_app
from app.fakesms import Drop, FakeGateway, Hang, HttpError, Status
from app.fakesms.cert import ensure_certificate
from app.fakesms.model import FAKE_API_KEY, FAKE_API_SECRET, FAKE_SIGNATURE_SECRET
from app.sms import (
    MalformedWebhook,
    SmsOutcomeUnknown,
    SmsRejected,
    SmsSettings,
    SmsTemporaryError,
    normalize_params,
    parse_delivery_receipt,
    parse_inbound,
    send_sms,
    split_parts,
    verify_webhook,
)

CLIENT = "+905321234567"
TURKISH = "Merhaba Şule Hanım, yarın 14:00'teki seansınızı onaylıyor musunuz? Evet için E yazın."


class _SinkHandler(BaseHTTPRequestHandler):
    server: Sink

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._keep(parse_qs(urlsplit(self.path).query))

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.headers.get_content_type() == "application/json":
            self._keep(json.loads(body))
        else:
            self._keep(parse_qs(body.decode()))

    def _keep(self, raw: dict) -> None:
        self.server.received.append((self.command, urlsplit(self.path).path, raw))
        self.send_response(204)
        self.end_headers()


class Sink(ThreadingHTTPServer):
    """Stands in for the app's webhook routes: records what arrives, answers 204."""

    daemon_threads = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _SinkHandler)
        self.received: list[tuple[str, str, dict]] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def params(self, index: int = -1) -> dict[str, str]:
        return normalize_params(self.received[index][2])


def wait_for(condition: Callable[[], bool], seconds: float = 1.5) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.fixture
def sink() -> Iterator[Sink]:
    server = Sink()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def gateway(tmp_path: Path, sink: Sink, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGateway]:
    with FakeGateway(tmp_path / "fake", webhook_base=sink.base, receipt_delay=None) as fake:
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(fake.cert_path))
        yield fake


@pytest.fixture
def settings(gateway: FakeGateway) -> SmsSettings:
    return SmsSettings(
        api_key=FAKE_API_KEY,
        api_secret=FAKE_API_SECRET,
        signature_secret=FAKE_SIGNATURE_SECRET,
        rest_host=gateway.rest_host,
        timeout=2,
    )


# Sending


def test_turkish_text_is_sent_as_unicode_and_recorded(
    gateway: FakeGateway, settings: SmsSettings
) -> None:
    result = send_sms(settings, CLIENT, TURKISH, "outbox-1")

    (message,) = gateway.messages()
    assert result.message_ids == tuple(message.message_ids)
    assert result.client_ref == "outbox-1"
    assert result.price is not None
    assert (message.to, message.text, message.type) == ("905321234567", TURKISH, "unicode")
    assert message.client_ref == "outbox-1"
    logged = (gateway.directory / "sent.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(logged[0])["text"] == TURKISH


def test_long_turkish_text_keeps_a_message_id_per_part(
    gateway: FakeGateway, settings: SmsSettings
) -> None:
    text = (TURKISH + " ") * 2  # 172 UCS-2 units: 67 + 67 + 38

    result = send_sms(settings, CLIENT, text, "outbox-2")

    assert result.parts == 3
    assert len(set(result.message_ids)) == 3
    assert gateway.messages()[0].message_ids == list(result.message_ids)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("€" * 80, 1),  # extension characters take two septets
        ("€" * 81, 2),
        ("Çöü" * 53, 1),  # in GSM-7
        ("ş" * 70, 1),
        ("ş" * 71, 2),
        ("ı" * 134, 2),
        ("ğ" * 135, 3),
        ("a" * 159 + "ç", 3),  # lower-case ç is not GSM-7: the whole text turns UCS-2
        ("😀" * 35, 1),  # surrogate pairs: two UCS-2 units each
        ("😀" * 36, 2),
        ("", 0),
    ],
)
def test_parts_are_counted_like_a_handset(text: str, parts: int) -> None:
    assert len(split_parts(text)) == parts
    assert "".join(split_parts(text)) == text


def test_escape_pairs_and_surrogates_are_never_split() -> None:
    assert split_parts("a" * 152 + "€" * 5)[0] == "a" * 152
    assert all(len(p.encode("utf-16-le")) <= 134 for p in split_parts("😀" * 40))


def test_wrong_secret_is_rejected(gateway: FakeGateway, settings: SmsSettings) -> None:
    with pytest.raises(SmsRejected) as caught:
        send_sms(replace(settings, api_secret="wrong"), CLIENT, "Merhaba", "outbox-3")

    assert caught.value.status == "4"
    assert gateway.messages() == []


def test_throttled_is_temporary(gateway: FakeGateway, settings: SmsSettings) -> None:
    gateway.script(Status("1", "Throughput Rate Exceeded"), to=CLIENT)

    with pytest.raises(SmsTemporaryError) as caught:
        send_sms(settings, CLIENT, "Merhaba", "outbox-4")

    assert caught.value.status == "1"
    assert gateway.messages() == []
    assert send_sms(settings, CLIENT, "Merhaba", "outbox-4").parts == 1  # only the next send


@pytest.mark.parametrize(("status", "error"), [("5", SmsTemporaryError), ("7", SmsRejected)])
def test_vonage_statuses_map_to_errors(
    gateway: FakeGateway, settings: SmsSettings, status: str, error: type[Exception]
) -> None:
    gateway.script(Status(status))

    with pytest.raises(error):
        send_sms(settings, CLIENT, "Merhaba", "outbox-5")


def test_hang_is_outcome_unknown(gateway: FakeGateway, settings: SmsSettings) -> None:
    gateway.script(Hang())
    started = time.monotonic()

    with pytest.raises(SmsOutcomeUnknown):
        send_sms(replace(settings, timeout=0.3), CLIENT, "Merhaba", "outbox-6")

    # The gateway hangs for Hang.seconds (30 s): well under that means the read timeout
    # fired. A tighter bound measured the machine's load, not the code (CI once took 1.7 s).
    assert time.monotonic() - started < Hang.seconds / 3
    assert [m.client_ref for m in gateway.messages()] == ["outbox-6"]


def test_drop_after_accept_is_outcome_unknown_and_not_resent(
    gateway: FakeGateway, settings: SmsSettings
) -> None:
    gateway.script(Drop())

    with pytest.raises(SmsOutcomeUnknown):
        send_sms(settings, CLIENT, "Merhaba", "outbox-7")

    # The SDK resends after RemoteDisconnected unless its pool has one connection.
    assert [m.client_ref for m in gateway.messages()] == ["outbox-7"]


@pytest.mark.parametrize(
    ("code", "error"),
    [(500, SmsOutcomeUnknown), (503, SmsOutcomeUnknown), (429, SmsTemporaryError)],
)
def test_http_errors(
    gateway: FakeGateway, settings: SmsSettings, code: int, error: type[Exception]
) -> None:
    gateway.script(HttpError(code))

    with pytest.raises(error):
        send_sms(settings, CLIENT, "Merhaba", "outbox-8")


def test_refused_connection_is_temporary(settings: SmsSettings) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]

    with pytest.raises(SmsTemporaryError):
        send_sms(replace(settings, rest_host=f"127.0.0.1:{closed_port}"), CLIENT, "Hi", "x")


def other_cert(tmp_path: Path) -> str:
    return str(ensure_certificate(tmp_path / "other")[0])


def test_untrusted_certificate_is_temporary(
    settings: SmsSettings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", other_cert(tmp_path))

    with pytest.raises(SmsTemporaryError):
        send_sms(settings, CLIENT, "Merhaba", "outbox-9")


def test_ca_bundle_setting_wins_over_the_environment(
    gateway: FakeGateway, settings: SmsSettings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", other_cert(tmp_path))

    result = send_sms(replace(settings, ca_bundle=str(gateway.cert_path)), CLIENT, "Hi", "x")

    assert result.parts == 1


@pytest.mark.parametrize("number", ["05321234567", "+90 532 123 45 67", "+0123", "abc"])
def test_a_number_that_is_not_e164_is_rejected_unsent(
    gateway: FakeGateway, settings: SmsSettings, number: str
) -> None:
    with pytest.raises(SmsRejected):
        send_sms(settings, number, "Merhaba", "outbox-10")
    assert gateway.messages() == []


def test_missing_credentials_are_temporary() -> None:
    with pytest.raises(SmsTemporaryError):
        send_sms(SmsSettings(None, None, None), CLIENT, "Merhaba", "x")


def test_settings_from_config_read_env_style_values() -> None:
    settings = SmsSettings.from_config(
        {"VONAGE_API_KEY": 12345678, "SMS_FROM": 905320000000, "VONAGE_TIMEOUT": "0.5"}
    )

    assert (settings.api_key, settings.sender, settings.timeout) == (
        "12345678",
        "905320000000",
        0.5,
    )
    assert settings.rest_host is None


# The fake's own surface


def test_fake_takes_body_credentials_and_validates_fields(gateway: FakeGateway) -> None:
    url = f"https://{gateway.rest_host}/sms/json"
    creds = {"api_key": FAKE_API_KEY, "api_secret": FAKE_API_SECRET}

    missing = requests.post(url, data={**creds, "to": "905321234567", "text": "x"}, timeout=2)
    accepted = requests.post(
        url, data={**creds, "to": "905321234567", "from": "Seans", "text": "x"}, timeout=2
    )

    assert missing.json()["messages"][0]["status"] == "2"
    assert accepted.json()["messages"][0]["status"] == "0"


def test_page_lists_messages_newest_first_escaped(
    gateway: FakeGateway, settings: SmsSettings
) -> None:
    send_sms(settings, CLIENT, "birinci <script>alert(1)</script>", "a")
    send_sms(settings, CLIENT, "ikinci", "b")

    page = requests.get(f"https://{gateway.rest_host}/", timeout=2).text

    assert page.index("ikinci") < page.index("birinci")
    assert "&lt;script&gt;" in page
    assert "<script>" not in page


# Webhooks


@pytest.mark.parametrize("method", ["POST", "JSON"])
def test_signed_receipt_verifies_and_parses(
    gateway: FakeGateway, settings: SmsSettings, sink: Sink, method: str
) -> None:
    gateway.webhook_method = method
    result = send_sms(settings, CLIENT, "Merhaba", "outbox-11")

    gateway.deliver_receipt(result.message_ids[0])

    http_method, path, _ = sink.received[-1]
    assert (http_method, path) == ("POST", gateway.receipt_path)
    params = sink.params()
    assert verify_webhook(params, settings, datetime.now(UTC))
    receipt = parse_delivery_receipt(params)
    assert (receipt.message_id, receipt.status, receipt.client_ref) == (
        result.message_ids[0],
        "delivered",
        "outbox-11",
    )
    assert receipt.final
    assert receipt.msisdn == "905321234567"


def test_the_fake_never_sends_a_webhook_by_get(
    gateway: FakeGateway, settings: SmsSettings, sink: Sink
) -> None:
    """The app takes POST alone (a query string would carry the number and the text)."""
    gateway.webhook_method = "GET"
    result = send_sms(settings, CLIENT, "Merhaba", "outbox-13")
    with pytest.raises(ValueError, match="GET"):
        gateway.deliver_receipt(result.message_ids[0])
    assert sink.received == []


def test_tampered_stale_or_unsigned_webhooks_fail(
    gateway: FakeGateway, settings: SmsSettings, sink: Sink
) -> None:
    result = send_sms(settings, CLIENT, "Merhaba", "outbox-12")
    params = gateway.deliver_receipt(result.message_ids[0])
    now = datetime.now(UTC)

    assert verify_webhook(params, settings, now)
    assert not verify_webhook({**params, "status": "failed"}, settings, now)
    assert not verify_webhook(params, settings, now + timedelta(minutes=6))
    assert not verify_webhook(params, settings, now - timedelta(minutes=6))
    assert not verify_webhook({k: v for k, v in params.items() if k != "sig"}, settings, now)
    assert not verify_webhook({**params, "sig": "ş" * 64}, settings, now)
    assert not verify_webhook(params, replace(settings, signature_secret="other"), now)
    assert not verify_webhook(params, replace(settings, signature_secret=None), now)
    unstamped = {k: v for k, v in params.items() if k != "timestamp"}
    assert not verify_webhook(unstamped, settings, now)


def test_multipart_inbound_parses_with_concat_fields(gateway: FakeGateway, sink: Sink) -> None:
    settings = SmsSettings(FAKE_API_KEY, None, FAKE_SIGNATURE_SECRET)
    reply = "Evet, geleceğim. Ama 10 dakika geç kalabilirim, kusura bakmayın lütfen."

    gateway.send_inbound(CLIENT, reply, parts=3)

    assert [path for _, path, _ in sink.received] == [gateway.inbound_path] * 3
    messages = [parse_inbound(sink.params(i)) for i in range(3)]
    assert all(verify_webhook(sink.params(i), settings, datetime.now(UTC)) for i in range(3))
    assert {m.concat.ref for m in messages if m.concat} == {messages[0].concat.ref}
    assert [(m.concat.part, m.concat.total) for m in messages if m.concat] == [
        (1, 3),
        (2, 3),
        (3, 3),
    ]
    assert "".join(m.text for m in messages) == reply
    assert {m.msisdn for m in messages} == {"905321234567"}
    assert messages[0].type == "unicode"
    assert messages[0].message_timestamp is not None


def test_single_inbound_has_no_concat(gateway: FakeGateway, sink: Sink) -> None:
    gateway.send_inbound(CLIENT, "EVET")

    inbound = parse_inbound(sink.params())

    assert (inbound.text, inbound.keyword, inbound.concat) == ("EVET", "EVET", None)
    assert inbound.to == gateway.virtual_number


@pytest.mark.parametrize(
    "raw",
    [
        MultiDict({"messageId": "ABC", "msisdn": "905321234567", "to": "9053", "text": "Evet"}),
        {"messageId": ["ABC"], "msisdn": ["905321234567"], "to": ["9053"], "text": ["Evet"]},
        {"messageId": "ABC", "msisdn": "905321234567", "to": "9053", "text": "Evet"},
    ],
)
def test_parse_accepts_form_query_and_json_shapes(raw: object) -> None:
    inbound = parse_inbound(raw)

    assert (inbound.message_id, inbound.text, inbound.concat) == ("ABC", "Evet", None)


@pytest.mark.parametrize(
    "raw",
    [
        {"msisdn": "905321234567", "to": "9053", "text": "x"},
        {"messageId": "A", "msisdn": "1", "to": "2", "concat": "true", "concat-ref": "9"},
        {"messageId": "A", "msisdn": "1", "to": "2", "concat": "true", "concat-ref": "9",
         "concat-total": "2", "concat-part": "3"},
        {"messageId": "A", "msisdn": "1", "to": "2", "message-timestamp": "yesterday"},
    ],
)  # fmt: skip
def test_parse_refuses_malformed_inbound(raw: dict[str, str]) -> None:
    with pytest.raises(MalformedWebhook):
        parse_inbound(raw)


def test_automatic_receipts_follow_each_part(
    tmp_path: Path, sink: Sink, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeGateway(tmp_path / "auto", webhook_base=sink.base, receipt_delay=0.05) as fake:
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(fake.cert_path))
        settings = SmsSettings(FAKE_API_KEY, FAKE_API_SECRET, None, rest_host=fake.rest_host)
        result = send_sms(settings, CLIENT, "ş" * 100, "outbox-13")

        wait_for(lambda: len(sink.received) == 2)
        wait_for(lambda: len(fake.messages()[0].receipts) == 2)

    receipts = [parse_delivery_receipt(sink.params(i)) for i in range(2)]
    assert sorted(r.message_id for r in receipts) == sorted(result.message_ids)
    assert {r.status for r in receipts} == {"delivered"}


def test_cli_fake_reply_posts_a_signed_inbound(tmp_path: Path, sink: Sink) -> None:
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": "sqlite://"},
        instance_path=str(tmp_path / "instance"),
    )

    result = app.test_cli_runner().invoke(
        args=["sms", "fake-reply", "--from", CLIENT, "--text", "İptal", "--parts", "2",
              "--webhook-base", sink.base],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    settings = SmsSettings(FAKE_API_KEY, None, FAKE_SIGNATURE_SECRET)
    assert len(sink.received) == 2
    assert all(verify_webhook(sink.params(i), settings, datetime.now(UTC)) for i in range(2))


def test_page_form_fakes_a_client_reply(gateway: FakeGateway, sink: Sink) -> None:
    base = f"https://{gateway.rest_host}"
    page = requests.get(base + "/", timeout=2).text
    token = page.split('name="token" value="')[1].split('"')[0]
    form = {"from": "905321234567", "text": "Yarın gelemiyorum", "parts": "1"}

    refused = requests.post(base + "/reply", data={**form, "token": "forged"}, timeout=2)
    taken = requests.post(
        base + "/reply", data={**form, "token": token}, timeout=2, allow_redirects=False
    )

    assert refused.status_code == 403
    assert taken.status_code == 303
    assert parse_inbound(sink.params()).text == "Yarın gelemiyorum"


def test_partial_failure_keeps_the_ids_of_parts_that_went() -> None:
    from app.sms import _result

    parts = [
        {"status": "0", "message-id": "P1", "message-price": "0.03"},
        {"status": "1", "error-text": "Throughput Rate Exceeded"},
    ]

    with pytest.raises(SmsTemporaryError) as caught:
        _result(parts)

    assert caught.value.message_ids == ("P1",)
    with pytest.raises(SmsRejected):
        _result([*parts, {"status": "7", "error-text": "Number barred"}])
