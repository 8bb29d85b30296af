"""A client's copy of their data: all of theirs, nothing of anyone else's, notes only
once their therapist approves, through a link that expires, every step audited."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.crypto import Binding
from app.extensions import db
from app.fakesms import FakeGateway, Status
from app.fakesms.model import FAKE_API_KEY, FAKE_API_SECRET, FAKE_SIGNATURE_SECRET
from app.models import (
    Appointment,
    AuditEvent,
    Client,
    Clinic,
    Consent,
    ConsentKind,
    ConsentMethod,
    DataRequest,
    DataRequestKind,
    DataRequestStatus,
    EmergencyAccess,
    InboundMessage,
    InboundPart,
    InboundState,
    MagicLink,
    Note,
    NoteTemplate,
    NoteVersion,
    OutboxMessage,
    OutboxState,
    Recording,
    RecordingState,
    RescheduleRequest,
    Series,
    User,
)
from app.models.scoping import clinic_scope
from app.services import (
    appointments,
    audit,
    client_requests,
    clients,
    consent,
    emergency,
    export,
    export_delivery,
    keys,
    links,
    notes,
    recordings,
    series,
)

DOC = Path(__file__).resolve().parent.parent / "docs" / "export-schema.md"
HX = {"HX-Request": "true"}
# Archive section → the table its rows come from (by client id and clinic).
TABLES = {
    "appointments": Appointment,
    "series": Series,
    "consents": Consent,
    "reschedule_requests": RescheduleRequest,
    "messages_sent": OutboxMessage,
    "messages_received": InboundMessage,
    "links": MagicLink,
    "emergency_access": EmergencyAccess,
    "audio_recordings": Recording,
    "data_requests": DataRequest,
}
ALL_TABLES = {**TABLES, "notes": Note, "note_versions": NoteVersion, "message_parts": InboundPart}


@dataclass
class Person:
    """A client with a row in every table, and the strings only they have."""

    clinic_id: uuid.UUID
    client_id: uuid.UUID
    name: str
    phone: str
    canary: str
    request_id: uuid.UUID
    ids: set[str] = field(default_factory=set)

    @property
    def strings(self) -> list[str]:
        """Their name, each word of it, their phone both ways, and their canary."""
        national = "0" + self.phone.removeprefix("+90")
        return [self.name, *self.name.split(), self.phone, national, self.canary]

    @property
    def markers(self) -> list[str]:
        return [*self.strings, *self.ids]


def _user(key: str, world) -> User:
    return db.session.get(User, world.user_ids[key])


def _populate(app, world, clock, clinic_id, name, phone, start, staff: dict[str, str]) -> Person:
    """One client with data in every table the export reads."""
    canary = f"kanarya{uuid.uuid4().hex[:12]}"
    with app.app_context(), clinic_scope(clinic_id):
        clinic = db.session.get(Clinic, clinic_id)
        therapist, admin, desk = (_user(staff[k], world) for k in ("therapist", "admin", "desk"))
        client = clients.create_client(clinic_id, name, phone, f"{canary}@example.com", "tr")
        consent.record_consent(client, ConsentKind.SMS, ConsentMethod.PAPER, recorded_by=desk)
        consent.record_consent(
            client,
            ConsentKind.DATA_PROCESSING,
            ConsentMethod.ONLINE,
            typed_name=f"{name} {canary}-typed",
            ip="203.0.113.7",
        )
        series.create_series(
            clinic, therapist.id, client.id, start, "individual", 1, count=2, override_hours=True
        )
        single = appointments.book_appointment(
            clinic, therapist.id, client.id, start + timedelta(days=2), override_hours=True
        )
        client_requests.ask_reschedule(single, start + timedelta(days=3), source="link")
        reminder = db.session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.client_id == client.id)
            .order_by(OutboxMessage.due_at)
        ).first()
        reminder.state, reminder.sent_at = OutboxState.SENT, clock()
        reminder.body_sealed = keys.seal_for_client(
            client,
            Binding("outbox", "body_sealed", str(reminder.id), str(clinic_id)),
            f"Hatırlatma {canary}-sms",
        )
        _replies(client, canary)
        links.issue_link(client, links.CONSENT, created_by=desk)
        links.issue_system_link(client, single)
        note = notes.start_note(single, therapist, NoteTemplate.SOAP)
        notes.save_draft(note, therapist, {"subjective": f"{canary}-note"}, 0)
        notes.sign_note(note, therapist, 1)
        notes.amend_note(note, therapist, f"{canary}-amendment")
        emergency.open_access(note, admin, f"Acil durum {canary}-reason")
        _recording(clinic, therapist, client, single)
        request = _access_request(client, clock(), f"Verilerimin kopyası {canary}-details")
        audit.record(desk, "client.viewed", client, clinic_id)
        db.session.commit()
        person = Person(clinic_id, client.id, name, client_phone(client), canary, request.id)
    found = _db_ids(app, person)
    person.ids = {
        row_id for name, ids in found.items() if name != "message_parts" for row_id in ids
    }
    person.ids.add(str(person.client_id))
    return person


def _recording(clinic: Clinic, therapist: User, client: Client, session) -> None:
    """A recording made with consent, transcribed and its audio deleted."""
    clinic.audio_notes_enabled = therapist.audio_notes_enabled = True
    consent.record_consent(
        client, ConsentKind.RECORDING, ConsentMethod.PAPER, recorded_by=therapist
    )
    made = recordings.start(session, therapist, "audio/webm", "tr")
    made.state, made.transcribed_at = RecordingState.DONE, made.started_at
    recordings.discard(made, "transcribed")


def client_phone(client: Client) -> str:
    return clients.reveal(client).phone or ""


def _replies(client: Client, canary: str) -> None:
    """A reply, and the first half of a long one still missing its second part."""
    whole = InboundMessage(
        clinic_id=client.clinic_id,
        client_id=client.id,
        provider_key=uuid.uuid4().hex[:16],
        state=InboundState.FORWARDED,
    )
    whole.body_sealed = keys.seal_for_client(
        client,
        Binding("inbound_messages", "body_sealed", str(whole.id), str(client.clinic_id)),
        f"Otopark var mı? {canary}-reply",
    )
    partial = InboundMessage(
        clinic_id=client.clinic_id,
        client_id=client.id,
        provider_key=f"concat:{client.id}:7",
        parts_total=2,
        state=InboundState.PARTIAL,
    )
    db.session.add_all([whole, partial])
    db.session.flush()
    part = InboundPart(
        clinic_id=client.clinic_id,
        message_id=partial.id,
        client_id=client.id,
        part=1,
        provider_message_id=uuid.uuid4().hex[:16],
        text_sealed=b"",
    )
    db.session.add(part)
    db.session.flush()
    part.text_sealed = keys.seal_for_client(
        client,
        Binding("inbound_parts", "text_sealed", str(part.id), str(client.clinic_id)),
        f"Uzun mesajın ilk yarısı {canary}-part",
    )


def _access_request(client: Client, now: datetime, details: str) -> DataRequest:
    row = DataRequest(
        clinic_id=client.clinic_id,
        client_id=client.id,
        kind=DataRequestKind.ACCESS,
        source="link",
        received_at=now,
        due_at=now + timedelta(days=30),
    )
    row.details_sealed = keys.seal_for_client(
        client,
        Binding("data_requests", "details_sealed", str(row.id), str(client.clinic_id)),
        details,
    )
    db.session.add(row)
    db.session.flush()
    return row


def _db_ids(app, person: Person) -> dict[str, set[str]]:
    """Every row of the client in every table, read straight from the database."""
    with app.app_context(), clinic_scope(person.clinic_id):
        return {
            name: {
                str(row_id)
                for row_id in db.session.scalars(
                    sa.select(model.id).where(
                        model.clinic_id == person.clinic_id, model.client_id == person.client_id
                    )
                )
            }
            for name, model in ALL_TABLES.items()
        }


def _audit_rows(app, person: Person, ids: dict[str, set[str]]) -> int:
    """The clinic's audit rows about the client or any row of theirs."""
    wanted = {row_id for found in ids.values() for row_id in found} | {str(person.client_id)}
    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.chain == str(person.clinic_id), AuditEvent.object_id.in_(wanted))
        )


@pytest.fixture
def people(app, world, clock) -> dict[str, Person]:
    """A and B in clinic A (the same therapist), C in the other clinic."""
    here = {"therapist": "therapist", "admin": "admin", "desk": "receptionist"}
    there = {
        "therapist": "foreign_therapist",
        "admin": "foreign_admin",
        "desk": "foreign_receptionist",
    }
    tuesday = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)  # 10:00 in Istanbul
    return {
        "A": _populate(
            app, world, clock, world.clinic_id, "Ayla Demirtaş", "0532 111 22 33", tuesday, here
        ),
        "B": _populate(
            app,
            world,
            clock,
            world.clinic_id,
            "Berk Özkaner",
            "0533 444 55 66",
            tuesday + timedelta(hours=2),
            here,
        ),
        "C": _populate(
            app,
            world,
            clock,
            world.other_clinic_id,
            "Cemre Yurtsever",
            "0534 777 88 99",
            tuesday,
            there,
        ),
    }


def _as(make_browser, world, who: str):
    browser = make_browser()
    assert browser.login(world.emails[who]).status_code == 302
    browser.post("/language", {"language": "en"})  # the assertions read English
    return browser


def _prepare(desk, person: Person):
    url = f"/clients/{person.client_id}/export/{person.request_id}/link"
    return desk.post(url, headers=HX)


LINK = re.compile(r"https://seans\.example/x/([A-Za-z0-9_-]+)")


def _token(desk, person: Person, gateway: FakeGateway) -> str:
    """Have the link texted as the front desk: the client's phone gets it, the desk's
    screen never shows it."""
    before = len(gateway.messages())
    response = _prepare(desk, person)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "texted to the client" in body
    sms = gateway.messages()[before:]
    assert [m.to for m in sms] == [person.phone.removeprefix("+")]
    token = LINK.search(sms[0].text).group(1)
    assert "/x/" not in body and token not in body
    return token


def _approve(browser, person: Person):
    url = f"/clients/{person.client_id}/export/{person.request_id}/approve-notes"
    return browser.post(url, headers=HX)


def _download(browser, token: str) -> dict:
    response = browser.get(f"/x/{token}/archive.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    return json.loads(response.get_data(as_text=True))


def _download_complete(app, browser, token: str, person: Person, *, notes_in: bool) -> dict:
    """Download the archive and check it holds exactly the client's rows, table by table,
    as the database has them when the download starts."""
    ids = _db_ids(app, person)
    audit_rows = _audit_rows(app, person, ids)
    archive = _download(browser, token)
    for section in TABLES:
        assert {row["id"] for row in archive[section]} == ids[section], section
        assert archive["counts"][section] == len(ids[section]) > 0, section
    assert archive["counts"]["message_parts"] == len(ids["message_parts"]) == 1
    assert archive["counts"]["access_log"] == audit_rows
    assert archive["client"]["id"] == str(person.client_id)
    assert archive["client"]["name"] == person.name
    if notes_in:
        assert {item["id"] for item in archive["notes"]["items"]} == ids["notes"]
        assert archive["counts"]["note_versions"] == len(ids["note_versions"]) == 2
        assert archive["notes"]["withheld"] == 0
    else:
        assert archive["notes"]["items"] == []
        assert archive["notes"]["withheld"] == len(ids["notes"]) == 1
        assert archive["notes"]["withheld_reason"] == export.PENDING_REVIEW
    return archive


def _leaks(text: str, person: Person) -> list[str]:
    return [marker for marker in person.markers if marker in text]


def test_the_archive_holds_all_of_client_a_and_nothing_of_client_b(
    app, world, people, gateway, make_browser, capsys
):
    a, b, c = people["A"], people["B"], people["C"]
    desk = _as(make_browser, world, "receptionist")
    token = _token(desk, a, gateway)
    phone = make_browser()

    before = _download_complete(app, phone, token, a, notes_in=False)
    counts_before = before["counts"]
    assert f"{a.canary}-note" not in json.dumps(before, ensure_ascii=False)
    assert f"{a.canary}-amendment" not in json.dumps(before, ensure_ascii=False)
    assert f"{a.canary}-reply" in json.dumps(before, ensure_ascii=False)
    # The half of a long SMS the assistant has not read yet waits for the therapist too.
    assert f"{a.canary}-part" not in json.dumps(before, ensure_ascii=False)
    assert counts_before["messages_withheld"] == 1

    assert _approve(_as(make_browser, world, "therapist"), a).status_code == 200
    after = _download_complete(app, phone, token, a, notes_in=True)
    counts_after = after["counts"]
    (item,) = after["notes"]["items"]
    assert item["fields"]["subjective"] == f"{a.canary}-note"
    assert [v["kind"] for v in item["versions"]] == ["signed", "amendment"]
    assert item["versions"][1]["fields"] == {"text": f"{a.canary}-amendment"}

    assert counts_after["messages_withheld"] == 0
    text = json.dumps(after, ensure_ascii=False)
    page = phone.get(f"/x/{token}/print").get_data(as_text=True)
    assert f"{a.canary}-note" in page and f"{a.canary}-amendment" in page and a.name in page
    for own in ("sms", "reply", "part", "typed", "reason", "details"):
        assert f"{a.canary}-{own}" in text, own
    leaks = {name: _leaks(text, p) + _leaks(page, p) for name, p in (("B", b), ("C", c))}
    assert leaks == {"B": [], "C": []}
    sections = ", ".join(f"{s} {counts_after[s]}" for s in (*TABLES, "message_parts", "access_log"))
    with capsys.disabled():
        print(
            f"\n[export] client A: {sections}, note_versions {counts_after['note_versions']}, "
            f"notes {counts_before['notes']} before approval / {counts_after['notes']} after; "
            f"client B rows in archive: {len(leaks['B'])} (of {len(b.markers)} ids and "
            f"strings looked for); other clinic's client: {len(leaks['C'])}"
        )


def test_only_the_treating_therapist_approves_including_notes(app, world, people, make_browser):
    a = people["A"]
    for who in ("other_therapist", "receptionist", "admin", "foreign_therapist", "foreign_admin"):
        assert _approve(_as(make_browser, world, who), a).status_code == 404, who
    with app.app_context(), clinic_scope(a.clinic_id):
        assert db.session.get(DataRequest, a.request_id).notes_approved_at is None
    therapist = _as(make_browser, world, "therapist")
    response = _approve(therapist, a)
    assert response.status_code == 200 and "<html" not in response.get_data(as_text=True)
    assert _approve(therapist, a).status_code == 200  # twice is harmless
    with app.app_context(), clinic_scope(a.clinic_id):
        row = db.session.get(DataRequest, a.request_id)
        assert row.notes_approved_by == world.user_ids["therapist"]
        approvals = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "export.notes_approved")
        ).all()
        assert [(e.actor_id, e.object_id) for e in approvals] == [
            (world.user_ids["therapist"], str(a.request_id))
        ]
        row.status = DataRequestStatus.DONE  # a closed request takes no approval
        db.session.commit()
    assert _approve(therapist, people["B"]).status_code == 200  # B's own request
    url = f"/clients/{a.client_id}/export/{people['B'].request_id}/approve-notes"
    assert therapist.post(url, headers=HX).status_code == 404  # another client's request


def test_the_therapist_approves_only_their_own_notes(
    app, world, clock, people, gateway, make_browser
):
    """A second therapist's note stays out until that therapist approves (and the
    request holds one approval): the first therapist's approval does not cover it."""
    a = people["A"]
    with app.app_context(), clinic_scope(a.clinic_id):
        clinic = db.session.get(Clinic, a.clinic_id)
        other = _user("other_therapist", world)
        session = appointments.book_appointment(
            clinic,
            other.id,
            a.client_id,
            datetime(2026, 11, 25, 7, 0, tzinfo=UTC),
            override_hours=True,
        )
        note = notes.start_note(session, other, NoteTemplate.FREE)
        notes.save_draft(note, other, {"text": "ikinci terapistin notu"}, 0)
        db.session.commit()
    assert _approve(_as(make_browser, world, "therapist"), a).status_code == 200
    token = _token(_as(make_browser, world, "receptionist"), a, gateway)
    archive = _download(make_browser(), token)
    assert archive["counts"]["notes"] == 1 and archive["notes"]["withheld"] == 1
    assert "ikinci terapistin notu" not in json.dumps(archive, ensure_ascii=False)
    page = make_browser().get(f"/x/{token}").get_data(as_text=True)
    assert "önce terapistiniz inceler" in page  # A is Turkish: "your therapist reviews them first"


def test_build_archive_needs_the_approving_therapist_for_notes(app, people):
    a = people["A"]
    with app.app_context(), pytest.raises(ValueError):
        export.build_archive(a.clinic_id, a.client_id, include_notes=True)
    with app.app_context(), pytest.raises(export.ClientNotFound):
        export.build_archive(a.clinic_id, people["C"].client_id, include_notes=False)


def test_expired_altered_and_replaced_links_answer_404(
    app, world, clock, people, gateway, make_browser
):
    a = people["A"]
    desk = _as(make_browser, world, "receptionist")
    old = _token(desk, a, gateway)
    token = _token(desk, a, gateway)  # a new link stops the old one
    phone = make_browser()
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    for suffix in ("", "/archive.json", "/print"):
        assert phone.get(f"/x/{old}{suffix}").status_code == 404
        assert phone.get(f"/x/{altered}{suffix}").status_code == 404
        assert phone.get(f"/x/{token}{suffix}").status_code == 200
    with app.app_context(), clinic_scope(a.clinic_id):
        clients.archive_client(db.session.get(Client, a.client_id))
        db.session.commit()
    assert phone.get(f"/x/{token}/archive.json").status_code == 200  # a former client too
    assert phone.get(f"/r/{token}").status_code == 404  # not an appointment link
    clock.advance(days=7, seconds=1)
    for suffix in ("", "/archive.json", "/print"):
        assert phone.get(f"/x/{token}{suffix}").status_code == 404


def test_every_issue_and_download_is_audited_without_content(
    app, world, people, gateway, make_browser
):
    a = people["A"]
    desk = _as(make_browser, world, "receptionist")
    token = _token(desk, a, gateway)
    phone = make_browser()
    assert phone.get(f"/x/{token}").status_code == 200
    _download(phone, token)
    assert phone.get(f"/x/{token}/print").status_code == 200
    with app.app_context(), clinic_scope(a.clinic_id):
        events = db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.chain == str(a.clinic_id))
            .order_by(AuditEvent.seq)
        ).all()
        link = db.session.scalars(
            sa.select(MagicLink).where(MagicLink.purpose == links.EXPORT)
        ).one()
    mine = [(e.action, e.actor_kind, e.object_id) for e in events if e.action.startswith("export.")]
    assert mine == [
        ("export.prepared", "user", str(a.request_id)),
        ("export.link_texted", "user", str(a.client_id)),
        ("export.downloaded", "client_link", str(link.id)),
        ("export.downloaded", "client_link", str(link.id)),
    ]
    (texted,) = [json.loads(e.details) for e in events if e.action == "export.link_texted"]
    assert texted == {"sent": True, "parts": texted["parts"], "request": str(a.request_id)}
    assert texted["parts"] >= 1
    assert {
        e.actor_id for e in events if e.action in ("export.prepared", "export.link_texted")
    } == {world.user_ids["receptionist"]}
    downloads = [json.loads(e.details) for e in events if e.action == "export.downloaded"]
    assert [d["format"] for d in downloads] == ["json", "print"]
    assert downloads[0]["counts"]["appointments"] == 3
    issued = [json.loads(e.details) for e in events if e.action == "link.issued"]
    assert {"purpose": "export"}.items() <= issued[-1].items()
    assert any(e.action == "link.opened" and e.object_id == str(link.id) for e in events)
    for event in events:  # ids and counts only: no name, phone, text or link of anyone
        for p in people.values():
            assert [m for m in p.strings if m in event.details] == []
        assert token not in event.details and "/x/" not in event.details


def test_a_busy_link_is_slowed_down(app, world, people, gateway, make_browser):
    token = _token(_as(make_browser, world, "receptionist"), people["A"], gateway)
    phone = make_browser()
    codes = [phone.get(f"/x/{token}").status_code for _ in range(export_delivery.PER_LINK + 1)]
    assert codes[:-1] == [200] * export_delivery.PER_LINK
    assert codes[-1] == 429


def _documented() -> tuple[dict[str, dict[str, str]], set[str]]:
    """docs/export-schema.md: each object's fields with their types, and the map fields."""
    shapes: dict[str, dict[str, str]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## `([^`]+)`", line)
        if heading:
            current = heading.group(1)
            shapes[current] = {}
            continue
        row = re.match(r"^\| `([^`]+)` \| ([^|]+) \|", line)
        if row and current:
            shapes[current][row.group(1)] = row.group(2).strip()
    maps = {
        (name if path == "(root)" else f"{path}.{name}")
        for path, fields in shapes.items()
        for name, kind in fields.items()
        if kind == "object (map)"
    }
    return shapes, maps


def _found(value, path: str, found: dict[str, list[dict]], maps: set[str]) -> None:
    if isinstance(value, dict):
        found.setdefault(path, []).append(value)
        for key, child in value.items():
            child_path = key if path == "(root)" else f"{path}.{key}"
            if child_path not in maps:
                _found(child, child_path, found, maps)
    elif isinstance(value, list):
        for item in value:
            _found(item, f"{path}[]", found, maps)


TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


def _type_ok(kind: str, value) -> bool:
    if value is None:
        return "or null" in kind
    base = kind.removesuffix(" or null")
    if base.startswith("string (time)"):
        return isinstance(value, str) and bool(TIME.match(value))
    if base.startswith("string (date)"):
        return isinstance(value, str) and bool(DATE.match(value))
    if base.startswith("string (UUID)"):
        return isinstance(value, str) and str(uuid.UUID(value)) == value
    checks = {
        "string": str,
        "integer": int,
        "boolean": bool,
        "object": dict,
        "object (map)": dict,
        "array of objects": list,
    }
    expected = checks[base]
    return isinstance(value, expected) and not (expected is int and isinstance(value, bool))


def test_the_json_follows_the_documented_schema(app, world, people, gateway, make_browser):
    a = people["A"]
    with app.app_context(), clinic_scope(a.clinic_id):
        clients.set_address_form(db.session.get(Client, a.client_id), "hanim")
        db.session.commit()
    assert _approve(_as(make_browser, world, "therapist"), a).status_code == 200
    archive = _download(
        make_browser(), _token(_as(make_browser, world, "receptionist"), a, gateway)
    )
    shapes, maps = _documented()
    found: dict[str, list[dict]] = {}
    _found(archive, "(root)", found, maps)
    assert set(found) == set(shapes), "objects in the archive vs sections of the document"
    for path, objects in found.items():
        for obj in objects:
            assert set(obj) == set(shapes[path]), path
            for name, value in obj.items():
                assert _type_ok(shapes[path][name], value), (path, name, value)
    assert archive["schema_version"] == export.SCHEMA_VERSION


@pytest.mark.parametrize(
    ("language", "words", "absent"),
    [
        ("tr", ["Telefon", "Kasım", 'lang="tr"'], ["November"]),
        ("en", ["Phone", "November", 'lang="en"'], ["Kasım"]),
    ],
)
def test_the_readable_version_speaks_the_clients_language(
    app, world, people, gateway, make_browser, language, words, absent
):
    a = people["A"]
    with app.app_context(), clinic_scope(a.clinic_id):
        client = db.session.get(Client, a.client_id)
        details = clients.reveal(client)
        clients.update_client(client, details.name, details.phone, details.email, language)
        db.session.commit()
    token = _token(_as(make_browser, world, "receptionist"), a, gateway)
    phone = make_browser()
    phone.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "de"  # the browser's wish is ignored
    page = phone.get(f"/x/{token}/print")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "css/print.css" in body
    for word in words:
        assert word in body, word
    for word in absent:
        assert word not in body, word
    # 10:00 in Istanbul for the 07:00 UTC session: times are in the clinic's zone.
    assert "24 " in body and "10:00" in body
    landing = phone.get(f"/x/{token}").get_data(as_text=True)
    assert f'lang="{language}"' in landing and "archive.json" in landing and "/print" in landing
    assert 'href="/privacy/clinic-a"' in landing  # every link page leads to the transparency page


def test_the_client_page_offers_each_role_its_part(app, world, people, make_browser):
    a = people["A"]
    page = _as(make_browser, world, "receptionist").get(f"/clients/{a.client_id}")
    assert f'hx-get="/clients/{a.client_id}/export"' in page.get_data(as_text=True)
    desk = _as(make_browser, world, "receptionist").get(
        f"/clients/{a.client_id}/export", headers=HX
    )
    body = desk.get_data(as_text=True)
    assert "<html" not in body and "Text the download link to the client" in body  # SMS consent
    assert "never shown here" in body
    # No way to have the link shown instead: one button, no choice of delivery.
    assert 'name="deliver"' not in body and "feed-url" not in body
    assert "Approve including them" not in body
    therapist = _as(make_browser, world, "therapist").get(
        f"/clients/{a.client_id}/export", headers=HX
    )
    body = therapist.get_data(as_text=True)
    assert "Include your session notes and the client’s clinical messages" in body
    assert "Text the download link" not in body
    other = _as(make_browser, world, "other_therapist")
    assert other.get(f"/clients/{a.client_id}/export", headers=HX).status_code == 404
    # Without an open access request there is nothing to show.
    world_client = _as(make_browser, world, "receptionist").get(
        f"/clients/{world.client_id}/export", headers=HX
    )
    assert "Text the download link" not in world_client.get_data(as_text=True)


@pytest.fixture
def gateway(app, clock, tmp_path: Path) -> Iterator[FakeGateway]:
    with FakeGateway(tmp_path / "fake", receipt_delay=None, clock=clock) as fake:
        app.config.update(
            VONAGE_API_KEY=FAKE_API_KEY,
            VONAGE_API_SECRET=FAKE_API_SECRET,
            VONAGE_SIGNATURE_SECRET=FAKE_SIGNATURE_SECRET,
            VONAGE_REST_HOST=fake.rest_host,
            VONAGE_CA_BUNDLE=str(fake.cert_path),
            VONAGE_TIMEOUT=0.5,
            PUBLIC_URL="https://seans.example",
        )
        yield fake


def _export_links(app, person: Person) -> list[MagicLink]:
    with app.app_context(), clinic_scope(person.clinic_id):
        found = db.session.scalars(
            sa.select(MagicLink)
            .where(MagicLink.client_id == person.client_id, MagicLink.purpose == links.EXPORT)
            .order_by(MagicLink.created_at)
        ).all()
        db.session.expunge_all()
        return found


def test_staff_text_the_link_to_the_clients_own_phone_and_never_see_it(
    app, world, clock, people, gateway, make_browser
):
    """The old panel showed staff the link to copy (or texted it on request); now it is
    only ever texted, to the number on file, and staff see its status and dates."""
    a = people["A"]
    desk = _as(make_browser, world, "receptionist")
    response = _prepare(desk, a)
    body = response.get_data(as_text=True)
    assert "texted to the client" in body
    (sms,) = gateway.messages()
    assert sms.to == a.phone.removeprefix("+")
    token = LINK.search(sms.text).group(1)
    assert "https://seans.example/x/" not in body and token not in body  # not shown
    assert a.canary not in sms.text and a.name not in sms.text
    assert make_browser().get(f"/x/{token}/archive.json").status_code == 200
    panel = desk.get(f"/clients/{a.client_id}/export", headers=HX).get_data(as_text=True)
    assert "texted to the client’s mobile number" in panel and "Receptionist" in panel  # who
    assert "The client downloaded their copy" in panel
    assert token not in panel and "/x/" not in panel
    with app.app_context():
        texted = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "export.link_texted")
        ).one()
        assert json.loads(texted.details)["sent"] is True
    # The provider refuses: staff are told, the outcome is audited, and the link the text
    # carried is withdrawn (no one holds it).
    gateway.script(Status("6"))
    response = _prepare(desk, a)
    assert "could not be sent" in response.get_data(as_text=True)
    with app.app_context():
        outcomes = db.session.scalars(
            sa.select(AuditEvent.details).where(AuditEvent.action == "export.link_texted")
        ).all()
        assert [json.loads(d)["sent"] for d in outcomes] == [True, False]
    assert [link.revoked_at is not None for link in _export_links(app, a)] == [True, True]
    # A client who may not be texted gets no text and no link, and staff are told why.
    with app.app_context(), clinic_scope(a.clinic_id):
        consent.withdraw_consent(db.session.get(Client, a.client_id), ConsentKind.SMS)
        db.session.commit()
    panel = desk.get(f"/clients/{a.client_id}/export", headers=HX).get_data(as_text=True)
    assert "Text the download link" not in panel and "no SMS consent on file" in panel
    response = _prepare(desk, a)
    assert response.status_code == 422
    assert "No download link can be sent" in response.get_data(as_text=True)
    assert len(gateway.messages()) == 1  # the refused one never reached a phone
    assert len(_export_links(app, a)) == 2  # no new link made
    with app.app_context():
        refused = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "export.not_sent")
        ).one()
        assert json.loads(refused.details)["reason"] == "no_sms"
