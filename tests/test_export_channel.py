"""Issue 16, the pen test's Medium finding: a receptionist made a client's export link,
was shown its URL and read the archive signed out (clinical SMS hidden from them in the
inbox, and the notes once the therapist approved). Now the link reaches only the
client's own mobile number, no staff screen shows it, clinical messages and notes wait
for the treating therapist, and a number just typed in does not count as the client's."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from fillers import ROWS
from flask import url_for
from sms_support import fake_vonage

from app.crypto import Binding
from app.extensions import db
from app.fakesms import FakeGateway
from app.fakesms.model import FAKE_API_KEY, FAKE_API_SECRET, FAKE_SIGNATURE_SECRET
from app.models import (
    Appointment,
    AuditEvent,
    Client,
    ConsentKind,
    ConsentMethod,
    DataRequest,
    DataRequestKind,
    InboundMessage,
    InboundState,
    MagicLink,
    NoteTemplate,
    User,
)
from app.models.scoping import clinic_scope
from app.services import (
    clients,
    consent,
    data_requests,
    export_channel,
    keys,
    links,
    notes,
)

HX = {"HX-Request": "true"}
PHONE = "+905321234567"  # the world's client, Elif Kaya
LINK = re.compile(r"https://seans\.example/x/([A-Za-z0-9_-]+)")


@pytest.fixture
def gateway(app, clock, tmp_path: Path) -> Iterator[FakeGateway]:
    app.config.update(
        VONAGE_API_KEY=FAKE_API_KEY,
        VONAGE_API_SECRET=FAKE_API_SECRET,
        VONAGE_SIGNATURE_SECRET=FAKE_SIGNATURE_SECRET,
    )
    with fake_vonage(app, clock, tmp_path / "fake") as fake:
        yield fake


def _as(make_browser, world, who: str):
    browser = make_browser()
    assert browser.login(world.emails[who]).status_code == 302
    browser.post("/language", {"language": "en"})
    return browser


@dataclass
class Seen:
    """Every answer one principal got, to count what must never be in them."""

    who: str
    answers: list[tuple[str, str]] = field(default_factory=list)

    def keep(self, label: str, response) -> str:
        assert response.status_code < 500, (self.who, label)
        text = response.get_data(as_text=True)
        self.answers.append((label, text))
        return text

    def hits(self, needles: list[str]) -> dict[str, int]:
        return {
            label: total
            for label, text in self.answers
            if (total := sum(text.count(n) for n in needles))
        }


def _textable(app, world, client_id: uuid.UUID | None = None) -> None:
    with app.app_context(), clinic_scope(world.clinic_id):
        client = db.session.get_one(Client, client_id or world.client_id)
        desk = db.session.get_one(User, world.user_ids["receptionist"])
        consent.record_consent(client, ConsentKind.SMS, ConsentMethod.PAPER, recorded_by=desk)
        db.session.commit()


def _clinical_sms_and_note(app, world, canary: str) -> None:
    """A reply the assistant forwarded to the therapist as clinical (the inbox shows its
    text to them alone), and the therapist's note of the session."""
    with app.app_context(), clinic_scope(world.clinic_id):
        client = db.session.get_one(Client, world.client_id)
        therapist = db.session.get_one(User, world.user_ids["therapist"])
        message = InboundMessage(
            clinic_id=world.clinic_id,
            client_id=client.id,
            appointment_id=world.appointment_id,
            provider_key=uuid.uuid4().hex[:16],
            state=InboundState.FORWARDED,
            clinical=True,
            intent="other",
        )
        binding = Binding("inbound_messages", "body_sealed", str(message.id), str(client.clinic_id))
        message.body_sealed = keys.seal_for_client(
            client, binding, f"Geceleri uyuyamıyorum {canary}-sms"
        )
        db.session.add(message)
        appointment = db.session.get_one(Appointment, world.appointment_id)
        note = notes.start_note(appointment, therapist, NoteTemplate.FREE)
        notes.save_draft(note, therapist, {"text": f"{canary}-note"}, 0)
        db.session.commit()


def _access_request(app, world, client_id: uuid.UUID | None = None) -> uuid.UUID:
    with app.app_context(), clinic_scope(world.clinic_id):
        client = db.session.get_one(Client, client_id or world.client_id)
        desk = db.session.get_one(User, world.user_ids["receptionist"])
        row, _ = data_requests.record_request(
            client, DataRequestKind.ACCESS, source=data_requests.STAFF, actor=desk
        )
        db.session.commit()
        return row.id


def _export_links(app, world, client_id: uuid.UUID) -> list[MagicLink]:
    with app.app_context(), clinic_scope(world.clinic_id):
        found = db.session.scalars(
            sa.select(MagicLink).where(
                MagicLink.client_id == client_id, MagicLink.purpose == links.EXPORT
            )
        ).all()
        db.session.expunge_all()
        return list(found)


def _audited(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        found = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
        ).all()
        db.session.expunge_all()
        return list(found)


def _get_urls(app, world) -> list[str]:
    """Every GET route of the app with real rows in its arguments (tests/fillers.py)."""
    values = {
        "client_id": lambda w: w.client_id,
        "user_id": lambda w: w.user_ids["therapist"],
        "appointment_id": lambda w: w.appointment_id,
        "therapist_id": lambda w: w.user_ids["therapist"],
        **ROWS,
    }
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        with app.app_context():
            filled = {name: values[name](world) for name in rule.arguments}
        with app.test_request_context():
            urls.append(url_for(rule.endpoint, **filled))
    return urls


def _crawl(seen: Seen, browser, urls: list[str]) -> None:
    for url in urls:
        for headers in ({}, HX):
            seen.keep(f"GET {url}{' (htmx)' if headers else ''}", browser.get(url, headers=headers))


def test_the_receptionist_never_holds_the_link_and_the_client_gets_it(
    app, world, clock, gateway, make_browser, capsys
):
    """Two principals: the receptionist handles the request from start to end and then
    walks every page of the app; the client opens the link texted to their phone."""
    canary = f"kanarya{uuid.uuid4().hex[:12]}"
    _textable(app, world)
    _clinical_sms_and_note(app, world, canary)
    client_page = f"/clients/{world.client_id}"
    desk = Seen("receptionist")
    reception = _as(make_browser, world, "receptionist")

    # The pen test's path: record the request, make the link, look at the page again.
    desk.keep("client page", reception.get(client_page))
    desk.keep("inbox", reception.get(f"/inbox/{world.client_id}"))
    recorded = reception.post(
        f"{client_page}/data-requests",
        {"request-kind": "access", "request-received_on": "2026-11-23"},
        headers=HX,
    )
    assert "Request recorded" in desk.keep("record request", recorded)
    with app.app_context(), clinic_scope(world.clinic_id):
        request_id = db.session.scalars(sa.select(DataRequest.id)).one()
    panel_url = f"{client_page}/export"
    send_url = f"{panel_url}/{request_id}/link"
    panel = desk.keep("panel (htmx)", reception.get(panel_url, headers=HX))
    assert "Text the download link to the client" in panel
    desk.keep("panel (page)", reception.get(panel_url))
    sent = desk.keep("send (page)", reception.post(send_url))
    assert "texted to the client" in sent
    sent = desk.keep("send (htmx)", reception.post(send_url, headers=HX))
    assert "texted to the client" in sent and "<html" not in sent
    desk.keep("panel after", reception.get(panel_url, headers=HX))
    desk.keep("take", reception.post(f"/data-requests/{request_id}/take", headers=HX))
    desk.keep("client page after", reception.get(client_page))

    # The texts went to the client's number on file, from the clinic's sender (the shared
    # one: clinic A has no number of its own).
    texts = gateway.messages()
    assert [(m.to, m.sender) for m in texts] == [(PHONE.removeprefix("+"), "Seans")] * 2
    tokens = [LINK.search(m.text).group(1) for m in texts]
    assert all(canary not in m.text and "Elif" not in m.text for m in texts)
    token = tokens[-1]  # the second link replaced the first
    client = make_browser()
    assert client.get(f"/x/{tokens[0]}").status_code == 404
    assert client.get(f"/x/{token}").status_code == 200

    # Before the therapist approves, neither the clinical SMS nor the note is in it.
    archive = client.get(f"/x/{token}/archive.json").get_data(as_text=True)
    printed = client.get(f"/x/{token}/print").get_data(as_text=True)
    before = archive.count(canary) + printed.count(canary)
    counts = json.loads(archive)["counts"]
    assert (counts["messages_withheld"], counts["notes_withheld"]) == (1, 1)
    assert "terapistinizin incelemesini bekliyor" in printed  # Elif reads Turkish
    assert "terapistiniz inceler" in client.get(f"/x/{token}").get_data(as_text=True)

    therapist = Seen("therapist")
    treating = _as(make_browser, world, "therapist")
    approve = f"{panel_url}/{request_id}/approve-notes"
    therapist.keep("therapist panel", treating.get(panel_url, headers=HX))
    therapist.keep("approve", treating.post(approve, headers=HX))

    archive = client.get(f"/x/{token}/archive.json").get_data(as_text=True)
    printed = client.get(f"/x/{token}/print").get_data(as_text=True)
    for text in (archive, printed):
        assert f"{canary}-sms" in text and f"{canary}-note" in text
    after = archive.count(canary) + printed.count(canary)
    counts = json.loads(archive)["counts"]
    assert (counts["messages_withheld"], counts["notes_withheld"]) == (0, 0)

    desk.keep("panel after approval", reception.get(panel_url, headers=HX))
    desk.keep("inbox after approval", reception.get(f"/inbox/{world.client_id}"))
    urls = _get_urls(app, world)
    _crawl(desk, _as(make_browser, world, "receptionist"), urls)
    admin = Seen("admin")
    _crawl(admin, _as(make_browser, world, "admin"), urls)

    secrets = [*tokens, *(f"https://seans.example/x/{t}" for t in tokens)]
    assert desk.hits([*secrets, canary]) == {}
    assert admin.hits([*secrets, canary]) == {}
    assert therapist.hits(secrets) == {}  # the therapist reads the SMS and the note, not the link
    # No export link of any client on any page (bar the refusals of /x/ pages themselves).
    for seen in (desk, admin, therapist):
        elsewhere = [(label, text) for label, text in seen.answers if "/x/" not in label]
        assert [label for label, text in elsewhere if "/x/" in text] == [], seen.who
    # Who made the link and when it went are on record, never the link itself.
    (prepared, _second) = _audited(app, "export.prepared")
    texted = _audited(app, "export.link_texted")
    assert prepared.actor_id == world.user_ids["receptionist"]
    assert [json.loads(e.details)["sent"] for e in texted] == [True, True]
    with app.app_context():
        details = " ".join(db.session.scalars(sa.select(AuditEvent.details)))
    assert not any(t in details for t in tokens) and canary not in details
    with capsys.disabled():
        print(
            f"\n[export reach] receptionist: {len(desk.answers)} answers "
            f"({len(urls)} GET routes x 2 and the request's flow), admin: "
            f"{len(admin.answers)}; token, export URL and canary found 0 times; "
            f"texts to the client's phone: {len(texts)}; canary in the client's archive "
            f"and print: {before} before approval, {after} after"
        )


def test_a_client_without_a_mobile_number_gets_no_link(app, world, gateway, make_browser):
    with app.app_context(), clinic_scope(world.clinic_id):
        client_id = clients.create_client(world.clinic_id, "Deniz Ak", None, "deniz@example.com").id
        db.session.commit()
    _textable(app, world, client_id)
    request_id = _access_request(app, world, client_id)
    desk = _as(make_browser, world, "receptionist")
    panel_url = f"/clients/{client_id}/export"
    for headers in ({}, HX):
        panel = desk.get(panel_url, headers=headers).get_data(as_text=True)
        assert "there is no mobile number on file" in panel
        assert f"{panel_url}/{request_id}/link" not in panel  # no button to press
    response = desk.post(f"{panel_url}/{request_id}/link", headers=HX)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" not in body
    assert "No download link can be sent" in body and 'role="alert"' in body
    assert "never shown to staff" in body and "/x/" not in body
    page = desk.post(f"{panel_url}/{request_id}/link")  # the same without htmx
    assert page.status_code == 422 and "/x/" not in page.get_data(as_text=True)
    # Nothing made, nothing sent (the e-mail address on file is not a channel).
    assert _export_links(app, world, client_id) == []
    assert gateway.messages() == []
    refused = _audited(app, "export.not_sent")
    assert [json.loads(e.details)["reason"] for e in refused] == ["no_phone", "no_phone"]
    assert {e.actor_id for e in refused} == {world.user_ids["receptionist"]}


def test_a_number_just_typed_in_does_not_get_the_link(app, world, clock, gateway, make_browser):
    """The attacker's next step: type their own number into the client's record and send
    the link again. The change is audited and the number counts only after 14 days."""
    _textable(app, world)
    request_id = _access_request(app, world)
    edit_url = f"/clients/{world.client_id}/edit"
    form = {
        "name": "Elif Kaya",
        "phone": "0532 123 45 67",
        "email": "elif@example.com",
        "language": "tr",
        "channel": "sms",
        "address_form": "",
    }
    desk = _as(make_browser, world, "receptionist")
    assert desk.post(edit_url, form).status_code == 302  # an e-mail changes nothing here
    panel_url = f"/clients/{world.client_id}/export"
    send_url = f"{panel_url}/{request_id}/link"
    assert "Text the download link" in desk.get(panel_url, headers=HX).get_data(as_text=True)

    assert desk.post(edit_url, {**form, "phone": "0555 000 11 22"}).status_code == 302
    panel = desk.get(panel_url, headers=HX).get_data(as_text=True)
    assert "mobile number was changed on" in panel and "Text the download link" not in panel
    assert "on file for 14 days" in panel
    response = desk.post(send_url, headers=HX)
    assert response.status_code == 422
    assert "No download link can be sent yet" in response.get_data(as_text=True)
    clock.advance(days=13, hours=23)
    desk = _as(make_browser, world, "receptionist")
    assert desk.post(send_url, headers=HX).status_code == 422
    assert gateway.messages() == [] and _export_links(app, world, world.client_id) == []
    changes = _audited(app, "client.updated")
    assert [json.loads(e.details)["fields"] for e in changes] == [["email"], ["phone"]]
    assert {e.actor_id for e in changes} == {world.user_ids["receptionist"]}
    refused = _audited(app, "export.not_sent")
    assert [json.loads(e.details)["reason"] for e in refused] == ["new_phone", "new_phone"]

    # Once settled the number is the one on file; the change stays in the audit log.
    clock.advance(hours=1, seconds=1)
    desk = _as(make_browser, world, "receptionist")
    response = desk.post(send_url, headers=HX)
    assert response.status_code == 200 and "texted to the client" in response.get_data(as_text=True)
    assert [m.to for m in gateway.messages()] == ["905550001122"]


@pytest.mark.parametrize(
    ("phone", "sms_consent", "opted_out", "archived", "problem"),
    [
        (None, True, False, False, export_channel.Problem.NO_PHONE),
        ("0212 555 12 34", True, False, False, export_channel.Problem.NO_PHONE),  # a landline
        ("0532 555 12 34", False, False, False, export_channel.Problem.NO_SMS),
        ("0532 555 12 34", True, True, False, export_channel.Problem.NO_SMS),  # replied STOP
        ("0532 555 12 34", True, False, False, None),
        ("0532 555 12 34", True, False, True, None),  # the right of access outlives archiving
    ],
)
def test_which_clients_the_link_can_reach(
    app, world, clock, phone, sms_consent, opted_out, archived, problem
):
    with app.app_context(), clinic_scope(world.clinic_id):
        client = clients.create_client(world.clinic_id, "Deniz Ak", phone)
        desk = db.session.get_one(User, world.user_ids["receptionist"])
        if sms_consent:
            consent.record_consent(client, ConsentKind.SMS, ConsentMethod.PAPER, recorded_by=desk)
        client.opted_out_at = clock() if opted_out else None
        client.archived_at = clock() if archived else None
        reach, number = export_channel.check(client)
        assert reach.problem == problem and reach.ok is (problem is None)
        assert (number is not None) is (problem is None)
        db.session.rollback()


def test_the_number_a_client_was_added_with_counts_from_the_start(app, world):
    with app.app_context(), clinic_scope(world.clinic_id):
        client = db.session.get_one(Client, world.client_id)
        desk = db.session.get_one(User, world.user_ids["receptionist"])
        consent.record_consent(client, ConsentKind.SMS, ConsentMethod.PAPER, recorded_by=desk)
        assert export_channel.phone_changed_at(client) is None
        assert export_channel.reach(client).ok
        db.session.rollback()
    assert export_channel.PHONE_SETTLES == timedelta(days=14)
