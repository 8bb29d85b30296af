"""``flask sms``: a test send, the fake gateway in the foreground, a faked client reply."""

from __future__ import annotations

import threading
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from app.fakesms.model import FAKE_API_KEY, FAKE_API_SECRET, FAKE_SIGNATURE_SECRET, VIRTUAL_NUMBER
from app.fakesms.webhooks import METHODS
from app.sms import SmsFailure, SmsSettings, send_sms

sms_cli = AppGroup("sms", help="SMS: a test send, and a fake Vonage gateway for development.")

_method = click.option(
    "--webhook-method",
    type=click.Choice(METHODS),
    default="POST",
    show_default=True,
    help="How webhooks are sent, as in Vonage's dashboard setting.",
)


def _credentials() -> tuple[str, str, str]:
    """The app's Vonage credentials, so that it can talk to the fake unchanged."""
    settings = SmsSettings.from_config(current_app.config)
    return (
        settings.api_key or FAKE_API_KEY,
        settings.api_secret or FAKE_API_SECRET,
        settings.signature_secret or FAKE_SIGNATURE_SECRET,
    )


@sms_cli.command("send")
@click.option("--to", required=True, help="E.164 number, e.g. +905321234567")
@click.option("--text", required=True)
@click.option("--client-ref", default=None)
def send(to: str, text: str, client_ref: str | None) -> None:
    """Send one SMS with the configured settings and print Vonage's answer."""
    try:
        result = send_sms(SmsSettings.from_config(current_app.config), to, text, client_ref)
    except SmsFailure as exc:
        raise click.ClickException(f"{type(exc).__name__}: {exc}") from exc
    click.echo(f"sent in {result.parts} part(s): {', '.join(result.message_ids)}")


@sms_cli.command("fake-gateway")
@click.option("--port", default=8443, show_default=True)
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Certificate and sent.jsonl [default: instance/fake-sms]",
)
@click.option("--webhook-base", default=None, help="The app's base URL, e.g. http://127.0.0.1:5000")
@_method
@click.option(
    "--receipt-delay",
    type=float,
    default=2.0,
    show_default=True,
    help="Seconds before an automatic 'delivered' receipt; negative for none.",
)
def fake_gateway(
    port: int,
    directory: Path | None,
    webhook_base: str | None,
    webhook_method: str,
    receipt_delay: float,
) -> None:
    """Run the fake Vonage gateway on 127.0.0.1 until Ctrl-C, printing each message."""
    from app.fakesms import FakeGateway

    key, secret, signature_secret = _credentials()
    gateway = FakeGateway(
        directory or Path(current_app.instance_path) / "fake-sms",
        port=port,
        api_key=key,
        api_secret=secret,
        signature_secret=signature_secret,
        webhook_base=webhook_base,
        webhook_method=webhook_method,
        receipt_delay=receipt_delay if receipt_delay >= 0 else None,
        on_event=click.echo,
    )
    with gateway:
        click.echo(f"fake Vonage gateway: https://{gateway.rest_host}/ (sent messages page)")
        click.echo("point the app and its worker at it:")
        click.echo(f"  SEANS_VONAGE_REST_HOST={gateway.rest_host}")
        click.echo(f"  SEANS_VONAGE_CA_BUNDLE={gateway.cert_path}")
        if key == FAKE_API_KEY:
            click.echo(f"  SEANS_VONAGE_API_KEY={key} SEANS_VONAGE_API_SECRET={secret}")
            click.echo(f"  SEANS_VONAGE_SIGNATURE_SECRET={signature_secret}")
        if not webhook_base:
            click.echo("no --webhook-base: receipts and replies go nowhere")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            click.echo("stopping")


@sms_cli.command("fake-reply")
@click.option("--from", "from_msisdn", required=True, help="The client's number, e.g. 905321234567")
@click.option("--text", required=True)
@click.option("--to", default=VIRTUAL_NUMBER, show_default=True, help="Our virtual number.")
@click.option("--parts", default=1, show_default=True, help="Deliver as this many concat parts.")
@click.option(
    "--webhook-base", required=True, help="The app's base URL, e.g. http://127.0.0.1:5000"
)
@click.option("--inbound-path", default="/webhooks/vonage/inbound", show_default=True)
@_method
def fake_reply(
    from_msisdn: str,
    text: str,
    to: str,
    parts: int,
    webhook_base: str,
    inbound_path: str,
    webhook_method: str,
) -> None:
    """Post a signed inbound SMS to the app, as if the client had replied."""
    from app.fakesms import FakeGateway, WebhookDeliveryError

    key, secret, signature_secret = _credentials()
    gateway = FakeGateway(  # not started: only its webhook sender is needed
        Path(current_app.instance_path) / "fake-sms",
        api_key=key,
        api_secret=secret,
        signature_secret=signature_secret,
        webhook_base=webhook_base,
        webhook_method=webhook_method,
        inbound_path=inbound_path,
        virtual_number=to,
        on_event=click.echo,
    )
    try:
        gateway.send_inbound(from_msisdn, text, parts)
    except WebhookDeliveryError as exc:
        raise click.ClickException(str(exc)) from exc


@sms_cli.command("unrouted")
def unrouted() -> None:
    """The platform operator's view: replies no clinic wrote to (kept a month, no clinic's)."""
    from app.services import sms_routes

    rows = sms_routes.read_unrouted()
    for row, body in rows:
        click.echo(f"{row.received_at:%Y-%m-%d %H:%M} UTC  to {row.sent_to}  from {body['from']}")
        click.echo(f"    {body['text']}")
    click.echo(f"{len(rows)} unrouted replies")
