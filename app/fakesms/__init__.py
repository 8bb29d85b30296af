"""A fake Vonage SMS gateway on loopback HTTPS, for development and tests.

It answers ``POST /sms/json`` as Vonage does (Basic auth or ``api_key``/``api_secret``
fields; status "4" for bad credentials, "2"/"3" for missing or invalid fields), splits
texts into parts as handsets count them (``app.sms.split_parts``), records every
accepted message in memory and in ``sent.jsonl``, and can be scripted to answer a
status, hang, drop the connection or fail with HTTP 5xx. It sends signed delivery
receipts (automatically after ``receipt_delay`` seconds, or by ``deliver_receipt``)
and inbound replies (``send_inbound``) to the app's webhook URLs. ``GET /`` lists
what was sent; run it with ``flask sms fake-gateway``.
"""

from app.fakesms.gateway import FakeGateway
from app.fakesms.model import Behaviour, Drop, FakeMessage, Hang, HttpError, Status
from app.fakesms.webhooks import WebhookDeliveryError, vonage_sign

__all__ = [
    "Behaviour",
    "Drop",
    "FakeGateway",
    "FakeMessage",
    "Hang",
    "HttpError",
    "Status",
    "WebhookDeliveryError",
    "vonage_sign",
]
