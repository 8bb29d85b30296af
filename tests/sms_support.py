"""Shared set-up for tests that text clients or receive their replies: the fake Vonage
gateway on loopback, a queue of the test's own, and a reply through the signed webhook."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from flask import Flask
from redis.exceptions import RedisError

from app import jobs
from app.fakesms import FakeGateway
from app.fakesms.model import FAKE_API_KEY, FAKE_API_SECRET, FAKE_SIGNATURE_SECRET
from app.fakesms.webhooks import inbound_params, signed

INBOUND_URL = "/webhooks/vonage/inbound"


@contextlib.contextmanager
def own_queue(app: Flask, name: str) -> Iterator[None]:
    """Vonage's (fake) credentials and an RQ queue of this test's own, emptied after."""
    app.config["RQ_QUEUE"] = f"test-{name}-{os.getpid()}"
    app.config.update(
        VONAGE_API_KEY=FAKE_API_KEY,
        VONAGE_API_SECRET=FAKE_API_SECRET,
        VONAGE_SIGNATURE_SECRET=FAKE_SIGNATURE_SECRET,
    )
    yield
    try:
        with app.app_context():
            jobs.queue().empty()
    except RedisError:
        pass


@contextlib.contextmanager
def fake_vonage(app: Flask, clock, folder: Path) -> Iterator[FakeGateway]:
    """The fake gateway on loopback HTTPS; the app sends to it."""
    with FakeGateway(folder, receipt_delay=None, clock=clock) as fake:
        app.config.update(
            VONAGE_REST_HOST=fake.rest_host,
            VONAGE_CA_BUNDLE=str(fake.cert_path),
            VONAGE_TIMEOUT=0.5,
            PUBLIC_URL="https://seans.example",
        )
        yield fake


def post_reply(app: Flask, clock, text: str, sender: str, to: str = "Seans") -> None:
    """The client's SMS through the signed inbound webhook, one part."""
    for params in inbound_params(sender, to, text, 1, clock()):
        params = signed(params, FAKE_API_KEY, FAKE_SIGNATURE_SECRET, clock())
        with app.test_client() as http:
            assert http.post(INBOUND_URL, data=params).status_code == 204
    clock.advance(seconds=1)
