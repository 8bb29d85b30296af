"""Vonage's webhooks. The signature (HMAC SHA-256 with the signature secret, and a fresh
timestamp) is the credential, so these skip CSRF; they answer fast and are safe to
repeat, since Vonage retries anything that did not get a 2xx. POST only (Vonage's
"POST" or "JSON" setting): a GET would carry the phone number and the text of the SMS
in its query string, into every access log on the way."""

from __future__ import annotations

import json

from flask import Blueprint, abort, current_app, request

from app import clock, jobs, sms
from app.extensions import csrf, db
from app.services import inbound as replies
from app.services import outbox

bp = Blueprint("webhooks", __name__, url_prefix="/webhooks/vonage")


def _params() -> dict[str, str]:
    """The fields Vonage sent: a JSON object, or form data. A JSON body that is not an
    object (an array, a string, a number, null, broken or nested too deep) is 400 before
    anything reads it."""
    if not request.is_json:
        return sms.normalize_params(request.form.to_dict())
    try:
        body = json.loads(request.get_data(cache=False))
        if isinstance(body, dict):
            return sms.normalize_params(body)
    except (ValueError, RecursionError):
        pass
    abort(400)


def signed_params() -> dict[str, str]:
    """The webhook's parameters, or 403 when Vonage did not sign them just now."""
    params = _params()
    settings = sms.SmsSettings.from_config(current_app.config)
    if not sms.verify_webhook(params, settings, clock.now()):
        abort(403)
    return params


@bp.post("/status")
@csrf.exempt
def status() -> tuple[str, int]:
    """A delivery receipt: the outbox row it names (client-ref) moves on."""
    params = signed_params()
    try:
        receipt = sms.parse_delivery_receipt(params)
    except sms.MalformedWebhook:
        abort(400)
    outbox.record_receipt(receipt)
    return "", 204


@bp.post("/inbound")
@csrf.exempt
def inbound() -> tuple[str, int]:
    """A client's SMS: stored sealed for each client with that number, then queued to be
    read (by id; with Redis away the sweep queues it later)."""
    params = signed_params()
    try:
        ready = replies.receive_sms(sms.parse_inbound(params))
    except sms.MalformedWebhook:
        abort(400)
    db.session.commit()
    jobs.queue_interpretation(ready)
    return "", 204
