"""Signed webhooks as Vonage sends them: delivery receipts and inbound messages."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from datetime import datetime

from app.sms import is_gsm7

NETWORK_CODE = "28601"  # a Turkish network (MCC 286)
# Vonage's dashboard also offers GET; the app refuses it (its query string would put
# the phone number and the text into access logs), so the fake does not send it.
METHODS = ("POST", "JSON")


class WebhookDeliveryError(Exception):
    """The app did not take a webhook (not running, or answered non-2xx)."""


def vonage_sign(params: Mapping[str, str], secret: str) -> str:
    """HMAC-SHA256 over ``&key=value`` pairs sorted by key, ``&`` and ``=`` in values
    replaced by ``_``, ``sig`` left out (RECIPES.md section 4)."""
    payload = "".join(
        f"&{key}=" + str(value).replace("&", "_").replace("=", "_")
        for key, value in sorted(params.items())
        if key != "sig"
    )
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()


def signed(params: Mapping[str, str], api_key: str, secret: str, now: datetime) -> dict[str, str]:
    out = {
        **params,
        "api-key": api_key,
        "timestamp": str(int(now.timestamp())),
        "nonce": secrets.token_hex(8),
    }
    out["sig"] = vonage_sign(out, secret)
    return out


def receipt_params(
    *,
    message_id: str,
    recipient: str,
    sender: str,
    price: str,
    client_ref: str | None,
    status: str,
    err_code: str,
    now: datetime,
) -> dict[str, str]:
    params = {
        "msisdn": recipient,
        "to": sender,
        "network-code": NETWORK_CODE,
        "messageId": message_id,
        "price": price,
        "status": status,
        "scts": now.strftime("%y%m%d%H%M"),
        "err-code": err_code,
        "message-timestamp": now.strftime("%Y-%m-%d %H:%M:%S"),
    }
    if client_ref:
        params["client-ref"] = client_ref
    return params


def inbound_params(
    sender: str, to: str, text: str, parts: int, now: datetime
) -> list[dict[str, str]]:
    """One webhook per part; a long text carries Vonage's concat fields."""
    chunks = _chunks(text, parts)
    words = text.split()
    common = {
        "msisdn": sender,
        "to": to,
        "type": "text" if is_gsm7(text) else "unicode",
        "keyword": words[0].upper() if words else "",
        "message-timestamp": now.strftime("%Y-%m-%d %H:%M:%S"),
    }
    ref = str(secrets.randbelow(256))
    out = []
    for number, chunk in enumerate(chunks, start=1):
        params = {**common, "messageId": new_message_id(), "text": chunk}
        if len(chunks) > 1:
            params |= {
                "concat": "true",
                "concat-ref": ref,
                "concat-total": str(len(chunks)),
                "concat-part": str(number),
            }
        out.append(params)
    return out


def new_message_id() -> str:
    return secrets.token_hex(8).upper()


def _chunks(text: str, parts: int) -> list[str]:
    parts = max(1, min(parts, len(text) or 1))
    size = -(-len(text) // parts)
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def post_webhook(url: str, params: Mapping[str, str], method: str = "POST") -> int:
    """Send ``params`` the way the Vonage dashboard's webhook setting would."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise WebhookDeliveryError(f"not an http(s) URL: {url}")
    if method not in METHODS:
        raise ValueError(f"webhook method {method!r} is not one of {METHODS}")
    request = _request(url, params, method)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - scheme checked
            return response.status
    except urllib.error.HTTPError as exc:
        exc.close()
        raise WebhookDeliveryError(f"{url}: HTTP {exc.code}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise WebhookDeliveryError(f"{url}: {exc}") from exc


def _request(url: str, params: Mapping[str, str], method: str) -> urllib.request.Request:
    if method == "JSON":
        body = json.dumps(dict(params)).encode()
        headers = {"Content-Type": "application/json"}
    else:
        body = urllib.parse.urlencode(params).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
    return urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
