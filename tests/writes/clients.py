"""Recipes for clients: their details, consents and links, the pages behind the links,
replies, data requests and exports, and Vonage's webhooks."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from app import clock
from app.crypto import Binding
from app.extensions import db
from app.fakesms.model import FAKE_API_KEY, FAKE_SIGNATURE_SECRET
from app.fakesms.webhooks import inbound_params, receipt_params, signed
from app.models import (
    Appointment,
    AppointmentStatus,
    Client,
    ConsentKind,
    ConsentMethod,
    DataRequest,
    DataRequestKind,
    DataRequestStatus,
    InboundMessage,
    InboundState,
    MagicLink,
    MessageKind,
    OutboxMessage,
    OutboxState,
    RescheduleRequest,
    User,
)
from app.services import (
    client_pages,
    clients,
    consent,
    erasure,
    keys,
    links,
    sms_routes,
)
from writes.stage import (
    SET,
    Build,
    Call,
    Stage,
    audited,
    consented,
    exists,
    row_is,
)

# --- clients, consents, links ---------------------------------------------------------


def _create_client(s: Stage, n: int) -> Call:
    desk = s.member()
    fields = {"name": f"Yeni Danışan {n}", "phone": f"0532 555 00 {n:02d}", "language": "tr"}
    return Call("/clients/", fields, audited("client.created", desk), desk.email)


def _update_client(s: Stage, n: int) -> Call:
    client = s.client()
    name, client_id = f"Elif Demir {n}", client.id
    fields = {"name": name, "phone": "0532 123 45 67", "email": "", "language": "tr"}

    def renamed() -> bool:
        return clients.reveal(db.session.get_one(Client, client_id)).name == name

    return Call(f"/clients/{client.id}/edit", fields, renamed, s.email("receptionist"))


def _archive(s: Stage, n: int) -> Call:
    client = s.client()
    return Call(
        f"/clients/{client.id}/archive",
        present=row_is(Client, client.id, archived_at=SET),
        who=s.email("receptionist"),
    )


def _record_consent(s: Stage, n: int) -> Call:
    client = s.client()
    return Call(
        f"/clients/{client.id}/consents",
        {"kind": "sms"},
        consented(client.id),
        s.email("receptionist"),
    )


def _withdraw_consent(s: Stage, n: int) -> Call:
    client = s.client()
    desk = db.session.get_one(User, s.world.user_ids["receptionist"])
    consent.record_consent(client, ConsentKind.SMS, ConsentMethod.PAPER, recorded_by=desk)
    db.session.flush()
    return Call(
        f"/clients/{client.id}/consents/withdraw",
        {"kind": "sms"},
        consented(client.id, given=False),
        desk.email,
    )


def _consent_link(s: Stage, n: int) -> Call:
    client = s.client()
    made = sa.select(MagicLink).where(
        MagicLink.client_id == client.id, MagicLink.purpose == links.CONSENT
    )
    return Call(
        f"/clients/{client.id}/consent-link", present=exists(made), who=s.email("receptionist")
    )


def _give(s: Stage, n: int) -> Call:
    client = s.client()
    token = s.consent_link(client)
    return Call(
        f"/c/{token}",
        {"kinds": ["sms"], "full_name": "Elif Kaya"},
        consented(client.id),
    )


def _privacy_submit(kind: str) -> Build:
    def build(s: Stage, n: int) -> Call:
        if kind == "consent":
            client = s.client()
            url = f"/c/{s.consent_link(client)}/privacy-request"
        else:
            appointment = s.session()
            client = db.session.get_one(Client, appointment.client_id)
            url = f"/r/{s.appointment_link(appointment)}/privacy-request"
        made = sa.select(DataRequest).where(DataRequest.client_id == client.id)
        return Call(url, {"kind": "access", "details": "Bir kopya lütfen"}, exists(made))

    return build


def _client_page(suffix: str, expected: AppointmentStatus, days: int = 3) -> Build:
    def build(s: Stage, n: int) -> Call:
        appointment = s.session(days=days)
        token = s.appointment_link(appointment)
        return Call(
            f"/r/{token}/{suffix}", present=row_is(Appointment, appointment.id, status=expected)
        )

    return build


def _pick(s: Stage, n: int) -> Call:
    appointment = s.session()
    token = s.appointment_link(appointment)
    found = client_pages.offered_times(token)
    assert found is not None
    _page, days = found
    slot = days[min(2, len(days) - 1)].starts[0]
    db.session.flush()
    asked = sa.select(RescheduleRequest).where(
        RescheduleRequest.appointment_id == appointment.id, RescheduleRequest.proposed_start == slot
    )
    return Call(f"/r/{token}/times", {"slot": slot.isoformat()}, exists(asked))


# --- data requests and exports --------------------------------------------------------


def _on_data_request(
    suffix: str,
    kind: DataRequestKind,
    expected: Callable[[DataRequest, Client], Callable[[], bool]],
    fields: dict[str, Any] | None = None,
    role: str = "receptionist",
) -> Build:
    def build(s: Stage, n: int) -> Call:
        client = s.client()
        row = s.data_request(client, kind)
        return Call(
            f"/data-requests/{row.id}/{suffix}", fields, expected(row, client), s.email(role)
        )

    return build


def _record_request(s: Stage, n: int) -> Call:
    client = s.client()
    today = clock.now().astimezone(s.zone).date()
    fields = {
        "request-kind": "access",
        "request-received_on": today.isoformat(),
        "request-details": "Telefonla istedi",
    }
    made = sa.select(DataRequest).where(DataRequest.client_id == client.id)
    return Call(
        f"/clients/{client.id}/data-requests", fields, exists(made), s.email("receptionist")
    )


def _lift_restriction(s: Stage, n: int) -> Call:
    client = s.client()
    admin = db.session.get_one(User, s.world.user_ids["admin"])
    erasure.restrict_client(client, by=admin)
    db.session.flush()
    return Call(
        f"/clients/{client.id}/restriction/lift",
        present=row_is(Client, client.id, restricted_at=None),
        who=admin.email,
    )


def _approve_notes(s: Stage, n: int) -> Call:
    appointment = s.session()
    s.note(appointment, text="Not")
    client = db.session.get_one(Client, appointment.client_id)
    row = s.data_request(client, DataRequestKind.ACCESS)
    therapist = db.session.get_one(User, appointment.therapist_id)
    return Call(
        f"/clients/{client.id}/export/{row.id}/approve-notes",
        present=row_is(DataRequest, row.id, notes_approved_at=SET),
        who=therapist.email,
    )


def _prepare_export(s: Stage, n: int) -> Call:
    client = s.client()
    desk = db.session.get_one(User, s.world.user_ids["receptionist"])
    consent.record_consent(client, ConsentKind.SMS, ConsentMethod.PAPER, recorded_by=desk)
    row = s.data_request(client, DataRequestKind.ACCESS)
    made = sa.select(MagicLink).where(
        MagicLink.client_id == client.id, MagicLink.purpose == links.EXPORT
    )
    return Call(
        f"/clients/{client.id}/export/{row.id}/link",
        present=exists(made),
        who=s.email("receptionist"),
    )


def _mark_handled(s: Stage, n: int) -> Call:
    client = s.client()
    row = InboundMessage(
        clinic_id=client.clinic_id,
        client_id=client.id,
        provider_key=uuid.uuid4().hex[:16].upper(),
        state=InboundState.FORWARDED,
        received_at=clock.now(),
    )
    binding = Binding("inbound_messages", "body_sealed", str(row.id), str(row.clinic_id))
    row.body_sealed = keys.seal_for_client(client, binding, "Otopark var mı?")
    db.session.add(row)
    db.session.flush()
    return Call(
        f"/inbox/messages/{row.id}/handled",
        present=row_is(InboundMessage, row.id, handled_at=SET),
        who=s.email("receptionist"),
    )


# --- webhooks -------------------------------------------------------------------------


def _inbound(s: Stage, n: int) -> Call:
    phone = f"+90533{s.made:03d}{uuid.uuid4().int % 10000:04d}"
    client = s.client(f"0{phone[3:6]} {phone[6:9]} {phone[9:]}")
    sms_routes.wrote(s.world.clinic_id, client.id, phone, None, shared=True)
    db.session.flush()

    def params() -> dict[str, Any]:
        (one,) = inbound_params(phone, "Seans", "Teşekkürler, geleceğim", 1, s.now())
        return signed(one, FAKE_API_KEY, FAKE_SIGNATURE_SECRET, s.now())

    made = sa.select(InboundMessage).where(InboundMessage.client_id == client.id)
    return Call("/webhooks/vonage/inbound", params, exists(made))


def _receipt(s: Stage, n: int) -> Call:
    appointment = s.session()
    row = OutboxMessage(
        clinic_id=appointment.clinic_id,
        client_id=appointment.client_id,
        appointment_id=appointment.id,
        kind=MessageKind.CONFIRMATION,
        for_start=appointment.start_at,
        due_at=clock.now(),
        state=OutboxState.SENT,
        sent_at=clock.now(),
        provider_ids=f"msg{n}",
    )
    db.session.add(row)
    db.session.flush()
    row_id = row.id

    def params() -> dict[str, Any]:
        now = s.now()
        receipt = receipt_params(
            message_id=f"msg{n}",
            recipient="905321234567",
            sender="Seans",
            price="0.03",
            client_ref=str(row_id),
            status="delivered",
            err_code="0",
            now=now,
        )
        return signed(receipt, FAKE_API_KEY, FAKE_SIGNATURE_SECRET, now)

    return Call(
        "/webhooks/vonage/status",
        params,
        row_is(OutboxMessage, row_id, state=OutboxState.DELIVERED),
    )


def _closed(status: DataRequestStatus) -> Callable[[DataRequest, Client], Callable[[], bool]]:
    return lambda row, client: row_is(DataRequest, row.id, status=status)


RECIPES: dict[str, Build] = {
    "clients.create": _create_client,
    "clients.update": _update_client,
    "clients.archive": _archive,
    "clients.record_consent": _record_consent,
    "clients.withdraw_consent": _withdraw_consent,
    "clients.consent_link": _consent_link,
    "links.give": _give,
    "privacy.consent_submit": _privacy_submit("consent"),
    "privacy.appointment_submit": _privacy_submit("appointment"),
    "client_pages.confirm": _client_page("confirm", AppointmentStatus.CONFIRMED),
    "client_pages.cancel": _client_page("cancel", AppointmentStatus.CANCELLED),
    "client_pages.pick": _pick,
    "inbox.mark_handled": _mark_handled,
    "data_requests.record": _record_request,
    "data_requests.take": _on_data_request(
        "take",
        DataRequestKind.ACCESS,
        lambda row, client: row_is(DataRequest, row.id, handled_by=SET),
    ),
    "data_requests.complete": _on_data_request(
        "done", DataRequestKind.ACCESS, _closed(DataRequestStatus.DONE)
    ),
    "data_requests.refuse": _on_data_request(
        "refuse",
        DataRequestKind.ERASURE,
        _closed(DataRequestStatus.REFUSED),
        {"reason": "unfounded"},
    ),
    "data_requests.erase": _on_data_request(
        "erase",
        DataRequestKind.ERASURE,
        _closed(DataRequestStatus.DONE),
        {"confirm": "yes"},
        role="admin",
    ),
    "data_requests.restrict": _on_data_request(
        "restrict",
        DataRequestKind.RESTRICTION,
        lambda row, client: row_is(Client, client.id, restricted_at=SET),
    ),
    "data_requests.lift_restriction": _lift_restriction,
    "exports.approve_notes": _approve_notes,
    "exports.prepare": _prepare_export,
    "webhooks.inbound": _inbound,
    "webhooks.status": _receipt,
}
