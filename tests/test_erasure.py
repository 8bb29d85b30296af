"""Erasure by crypto-shredding, and restriction of processing (issue 8, item 3).

A canary in client A's name, phone, session note and SMS reply: after erasure neither
the canary nor any byte of A's ciphertext, wrapped key or blind-index digests is in the
SQLite file, its WAL or a backup taken afterwards; a backup taken before, restored, has
A shredded again from the tombstone list.
"""

from __future__ import annotations

import json
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from app import create_app, crypto, sms
from app.crypto import Binding
from app.extensions import db
from app.models import (
    AppointmentStatus,
    AuditEvent,
    Client,
    ClientIndex,
    ClientKey,
    Clinic,
    Consent,
    ConsentKind,
    ConsentMethod,
    DataRequest,
    DataRequestKind,
    InboundMessage,
    InboundState,
    Note,
    NoteTemplate,
    NoteVersion,
    OutboxMessage,
    OutboxState,
    User,
)
from app.models.scoping import all_clinics, clinic_scope
from app.services import (
    appointments,
    clients,
    consent,
    erasure,
    inbound,
    keys,
    notes,
    sms_routes,
    tombstones,
)
from tests.privacy_support import (
    app_on,
    backup_bytes,
    empty_database,
    occurrences,
    sqlite_files,
    text_needles,
)

YEAR = timedelta(days=366)


@dataclass
class Canary:
    client_id: uuid.UUID
    appointment_id: uuid.UUID
    request_id: uuid.UUID
    texts: list[str]
    secret_bytes: list[bytes] = field(default_factory=list)  # A's ciphertexts, keys, digests
    key_ids: list[str] = field(default_factory=list)


def make_canary(app: Flask, world, clock, *, attended: bool = True) -> Canary:
    """Client A with the canary in name, phone, a signed note and an SMS reply, a session
    (attended, unless told otherwise) and an erasure request."""
    marker = secrets.token_hex(8)
    name = f"Kanarya Şükran Işık-{marker}"
    national = f"5324{secrets.randbelow(10**6):06d}"
    note_text = f"Seans notu {marker}: kaygı ve uyku"
    sms_text = f"Merhaba, ben {marker}"
    with app.app_context(), clinic_scope(world.clinic_id):
        clinic = db.session.get_one(Clinic, world.clinic_id)
        client = clients.create_client(world.clinic_id, name, "0" + national)
        consent.record_consent(
            client, ConsentKind.SMS, ConsentMethod.ONLINE, typed_name=name, ip="203.0.113.9"
        )
        appointment = appointments.book_appointment(
            clinic,
            world.user_ids["therapist"],
            client.id,
            clock() + timedelta(hours=3),
            override_hours=True,
        )
        # Its confirmation went out: the client's replies are this clinic's.
        sms_routes.wrote(clinic.id, client.id, "+90" + national, appointment.id, shared=True)
        request = DataRequest(
            clinic_id=clinic.id,
            client_id=client.id,
            kind=DataRequestKind.ERASURE,
            source="staff",
            due_at=clock() + timedelta(days=30),
        )
        db.session.add(request)
        binding = Binding("data_requests", "details_sealed", str(request.id), str(clinic.id))
        request.details_sealed = keys.seal_for_client(client, binding, f"Silin {marker}")
        db.session.commit()
        ids = client.id, appointment.id, request.id
    clock.advance(hours=5)
    with app.app_context(), clinic_scope(world.clinic_id):
        appointment = db.session.get_one(appointments.Appointment, ids[1])
        therapist = db.session.get_one(User, world.user_ids["therapist"])
        if attended:
            appointments.mark_attendance(appointment, AppointmentStatus.ATTENDED)
        note = notes.start_note(appointment, therapist, NoteTemplate.FREE)
        version = notes.save_draft(note, therapist, {"text": note_text}, note.version)
        notes.sign_note(note, therapist, version)
        db.session.commit()
    with app.app_context():
        reply = sms.InboundSms(
            message_id=f"m-{secrets.token_hex(6)}",
            msisdn="90" + national,
            to="Seans",
            text=sms_text,
            type="text",
            keyword=None,
            message_timestamp=None,
            concat=None,
        )
        assert inbound.receive_sms(reply)
        db.session.commit()
    canary = Canary(*ids, texts=[marker, name, "+90" + national, national, note_text, sms_text])
    _collect_secrets(app, world, canary)
    return canary


def _collect_secrets(app: Flask, world, canary: Canary) -> None:
    with app.app_context(), clinic_scope(world.clinic_id):
        client = db.session.get_one(Client, canary.client_id)
        found = [client.name_sealed, client.phone_sealed]
        for model, column in (
            (Note, "body_sealed"),
            (NoteVersion, "body_sealed"),
            (InboundMessage, "body_sealed"),
            (DataRequest, "details_sealed"),
            (Consent, "typed_name_sealed"),
            (Consent, "ip_sealed"),
        ):
            found += db.session.scalars(
                sa.select(getattr(model, column)).where(model.client_id == client.id)
            ).all()
        found += db.session.scalars(
            sa.select(ClientIndex.digest).where(ClientIndex.client_id == client.id)
        ).all()
        key_rows = db.session.scalars(
            sa.select(ClientKey).where(ClientKey.client_id == client.id)
        ).all()
        found += [row.wrapped for row in key_rows]
        canary.key_ids = [row.id for row in key_rows]
    canary.secret_bytes = [bytes(b) for b in found if b]
    assert len(canary.secret_bytes) >= 8


def scan(data: bytes, canary: Canary) -> tuple[int, int]:
    """(canary text occurrences, occurrences of A's ciphertexts, key and digests)."""
    hexed = [b.hex().encode() for b in canary.secret_bytes]  # as pg_dump writes bytea
    return (
        occurrences(data, text_needles(*canary.texts)),
        occurrences(data, canary.secret_bytes + hexed),
    )


def backup(app: Flask, path: Path) -> None:
    result = app.test_cli_runner().invoke(args=["backup", "create", str(path)])
    assert result.exit_code == 0, result.output


def erase(app: Flask, world, client_id: uuid.UUID) -> erasure.Erasure:
    with app.app_context(), clinic_scope(world.clinic_id):
        admin = db.session.get_one(User, world.user_ids["admin"])
        request = db.session.scalars(
            sa.select(DataRequest).where(DataRequest.client_id == client_id)
        ).first()
        result = erasure.erase_client(
            db.session.get_one(Client, client_id), by=admin, request=request
        )
        db.session.commit()
        return result


def readable_for(key_ids: list[str]) -> tuple[int, int]:
    """(sealed values under these keys, how many of them open) in the current database."""
    present = opened = 0
    with all_clinics():
        for sealed in keys.SEALED:
            for row in db.session.scalars(sa.select(sealed.model)):
                for column in sealed.columns:
                    blob = getattr(row, column)
                    if not blob or crypto.key_id_of(blob) not in key_ids:
                        continue
                    present += 1
                    binding = Binding(
                        sealed.model.__tablename__, column, str(row.id), str(row.clinic_id)
                    )
                    try:
                        keys.open_for_client(row.clinic_id, binding, blob)
                    except crypto.CryptoError:
                        continue
                    opened += 1
    return present, opened


def others_readable(world) -> tuple[str, str]:
    with all_clinics():
        elif_ = clients.reveal(db.session.get_one(Client, world.client_id)).name
        murat = clients.reveal(db.session.get_one(Client, world.other_client_id)).name
    return elif_, murat


def test_every_table_with_client_rows_is_shredded_or_kept():
    referring = {
        fk.parent.table.name
        for table in db.metadata.tables.values()
        for fk in table.foreign_keys
        if fk.column.table.name == "clients"
    }
    handled = {m.__tablename__ for m in (*erasure.SHRED_ORDER, *erasure.KEPT)}
    assert referring <= handled, referring - handled


def test_erasure_leaves_the_canary_nowhere_and_old_backups_do_not_bring_it_back(
    app, backend, world, clock, tmp_path
):
    if backend != "sqlite":
        pytest.skip("reads the SQLite file, its WAL and the backup byte by byte")
    canary = make_canary(app, world, clock)
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    before_files = sqlite_files(url)
    before_text = sum(scan(data, canary)[0] for data in before_files.values())
    before_secret = sum(scan(data, canary)[1] for data in before_files.values())
    assert before_text == 0  # encrypted in the application, as promised
    assert before_secret > 0  # control: A's ciphertext is in the bytes read
    backup(app, tmp_path / "before.db")

    clock.advance(days=6 * 366)  # the five-year clinical retention period has passed
    result = erase(app, world, canary.client_id)
    assert result.outcome is erasure.Outcome.SHREDDED
    backup(app, tmp_path / "after.db")

    files = sqlite_files(url)
    after = {name: scan(data, canary) for name, data in files.items()}
    after.setdefault("wal", (0, 0))
    after["backup-after"] = scan((tmp_path / "after.db").read_bytes(), canary)
    assert all(found == (0, 0) for found in after.values()), after

    with app.app_context():
        with all_clinics():
            assert db.session.get(Client, canary.client_id) is None
            kept = db.session.get_one(DataRequest, canary.request_id)
            assert kept.client_id is None and kept.details_sealed is None
            erased = db.session.scalars(
                sa.select(AuditEvent).where(AuditEvent.action == "client.erased")
            ).one()
        assert erased.object_id == str(canary.client_id)
        assert json.loads(erased.details)["keys_destroyed"] == len(canary.key_ids)
        assert others_readable(world) == ("Elif Kaya", "Murat Yıldız")
    assert canary.client_id in tombstones.load(Path(app.instance_path) / "keys/tombstones.json")

    # The backup taken before the erasure, restored into an empty database.
    restored_url = f"sqlite:///{tmp_path / 'restored.db'}"
    with app_on(restored_url, Path(app.instance_path), clock) as restored:
        outcome = restored.test_cli_runner().invoke(
            args=["backup", "restore", str(tmp_path / "before.db")]
        )
        assert outcome.exit_code == 0, outcome.output
        assert "1 erased client(s) found in the backup and shredded again" in outcome.output
        with restored.app_context():
            with all_clinics():
                client_rows = db.session.scalar(
                    sa.select(sa.func.count())
                    .select_from(Client)
                    .where(Client.id == canary.client_id)
                )
            present, decryptable = readable_for(canary.key_ids)
            assert others_readable(world) == ("Elif Kaya", "Murat Yıldız")
        restored_files = sqlite_files(restored_url)
    restored_scan = [scan(data, canary) for data in restored_files.values()]
    assert (client_rows, present, decryptable) == (0, 0, 0)
    assert restored_scan == [(0, 0)] * len(restored_scan)
    # The old backup file itself still holds A's ciphertext and wrapped key: only the
    # tombstones applied by `flask backup restore` keep A out of a restored database.
    old_backup = scan(backup_bytes(tmp_path / "before.db"), canary)

    print(
        f"\n[erasure] canary occurrences: db {after['db'][0]}, wal {after['wal'][0]}, "
        f"backup-after {after['backup-after'][0]}; restored-before: client rows "
        f"{client_rows}, decryptable {decryptable}"
    )
    print(
        f"[erasure] A's ciphertext/key/digest bytes: before erasure {before_secret} "
        f"(db+wal); after: db {after['db'][1]}, wal {after['wal'][1]}, backup-after "
        f"{after['backup-after'][1]}, restored-before file {sum(s[1] for s in restored_scan)}"
        f"; the pre-erasure backup file as stored still holds {old_backup[1]}"
    )


def test_erasure_and_restore_of_an_older_backup_on_both_backends(
    app, backend, world, clock, tmp_path
):
    canary = make_canary(app, world, clock)
    backup(app, tmp_path / "before.bak")
    clock.advance(days=6 * 366)
    assert erase(app, world, canary.client_id).outcome is erasure.Outcome.SHREDDED
    backup(app, tmp_path / "after.bak")
    assert scan(backup_bytes(tmp_path / "after.bak"), canary) == (0, 0)
    with empty_database(backend, tmp_path) as url:
        with app_on(url, Path(app.instance_path), clock) as restored:
            outcome = restored.test_cli_runner().invoke(
                args=["backup", "restore", str(tmp_path / "before.bak")]
            )
            assert outcome.exit_code == 0, outcome.output
            with restored.app_context():
                with all_clinics():
                    assert db.session.get(Client, canary.client_id) is None
                    requests = db.session.scalars(sa.select(DataRequest)).all()
                assert readable_for(canary.key_ids) == (0, 0)
                assert others_readable(world) == ("Elif Kaya", "Murat Yıldız")
    assert [(r.client_id, r.details_sealed) for r in requests] == [(None, None)]
    print(f"\n[erasure] {backend}: restored pre-erasure backup, A rows 0, decryptable 0")


def test_inside_the_retention_period_erasure_restricts_and_schedules_the_shred(
    app, backend, world, clock
):
    canary = make_canary(app, world, clock)
    with app.app_context(), clinic_scope(world.clinic_id):
        clinic = db.session.get_one(Clinic, world.clinic_id)
        therapist = world.user_ids["therapist"]
        coming = appointments.book_appointment(
            clinic, therapist, canary.client_id, clock() + timedelta(days=2), override_hours=True
        )
        db.session.commit()
        coming_id, session_end = coming.id, clock() - timedelta(hours=1)
    result = erase(app, world, canary.client_id)
    assert result.outcome is erasure.Outcome.RESTRICTED
    with app.app_context(), clinic_scope(world.clinic_id):
        client = db.session.get_one(Client, canary.client_id)
        assert client.restricted_at == clock()
        last_end = db.session.get_one(appointments.Appointment, canary.appointment_id).end_at
        assert client.shred_after == result.shred_after == erasure.add_years(last_end, 5)
        assert last_end <= session_end
        # No reminders, not in lists or searches; B and the rest untouched.
        rows = db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.appointment_id == coming_id)
        ).all()
        assert rows and {r.state for r in rows} == {OutboxState.CANCELLED}
        assert canary.client_id not in {c.id for c in clients.list_clients(world.clinic_id)}
        for query in ("Kanarya", "K.Ş.I.", canary.texts[3]):
            assert clients.search(world.clinic_id, query) == [], query
        assert clients.find_by_phone(world.clinic_id, canary.texts[2], restricted=True)
        assert clients.search(world.clinic_id, "Elif")
        assert clients.reveal(client).name == canary.texts[1]  # kept, readable by staff
        events = db.session.scalars(
            sa.select(AuditEvent.action).where(AuditEvent.object_id == str(canary.client_id))
        ).all()
        assert "client.restricted" in events and "client.erased" not in events
    assert canary.client_id not in tombstones.load(Path(app.instance_path) / "keys/tombstones.json")


def test_a_restricted_clients_reply_goes_to_a_person_unread(app, backend, world, clock):
    canary = make_canary(app, world, clock)
    with app.app_context(), clinic_scope(world.clinic_id):
        admin = db.session.get_one(User, world.user_ids["admin"])
        client = db.session.get_one(Client, canary.client_id)
        assert erasure.restrict_client(client, by=admin)
        assert client.shred_after is None
        db.session.commit()
    with app.app_context():
        reply = sms.InboundSms(
            message_id="restricted-1",
            msisdn=canary.texts[2].lstrip("+"),
            to="Seans",
            text="evet geliyorum",
            type="text",
            keyword=None,
            message_timestamp=None,
            concat=None,
        )
        (message_id,) = inbound.receive_sms(reply)
        db.session.commit()
        assert inbound.interpret_message(message_id) == "forwarded"
    with app.app_context(), clinic_scope(world.clinic_id):
        message = db.session.get_one(InboundMessage, message_id)
        assert message.state is InboundState.FORWARDED
        assert message.intent is None and message.clinical
        action = db.session.scalars(
            sa.select(AuditEvent.action).where(AuditEvent.object_id == str(message_id))
        ).all()
        assert "assistant.reply_not_read" in action
        assert "assistant.reply_decided" not in action
        # Lifting the restriction brings the client back.
        client = db.session.get_one(Client, canary.client_id)
        admin = db.session.get_one(User, world.user_ids["admin"])
        assert erasure.lift_restriction(client, by=admin)
        db.session.commit()
        assert canary.client_id in {c.id for c in clients.search(world.clinic_id, "Kanarya")}


def test_a_client_without_sessions_held_is_shredded_at_once(app, backend, world, clock):
    with app.app_context(), clinic_scope(world.clinic_id):
        # Elif's only session is still to come: no clinical record yet.
        result = erasure.erase_client(db.session.get_one(Client, world.client_id), by=None)
        db.session.commit()
        assert result.outcome is erasure.Outcome.SHREDDED
        assert result.rows["appointments"] == 1 and result.rows["client_keys"] == 1
        assert db.session.get(Client, world.client_id) is None
    with app.app_context(), clinic_scope(world.other_clinic_id):
        other = db.session.get_one(Client, world.other_client_id)
        assert clients.reveal(other).name == "Murat Yıldız"


def test_the_scrub_after_a_commit_waits_for_no_second_connection(app, backend, world):
    """The WAL is checkpointed once the session has given its connection back. Taking a
    second one while holding the first, with every connection of the pool held by a
    request doing the same (eight concurrent erasures), left each waiting for another's
    until the pool timed out: a 500 for the erasure that had just committed."""
    if backend != "sqlite":
        pytest.skip("only SQLite's WAL is scrubbed")
    one = create_app(
        {
            **app.config,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 1, "max_overflow": 0, "pool_timeout": 1},
        },
        instance_path=app.instance_path,
    )
    wal = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///") + "-wal")
    with one.app_context():
        db.session.execute(sa.text("UPDATE clinics SET name = name || ''"))
        db.session.info[erasure.SCRUB] = True
        db.session.commit()  # was: TimeoutError, QueuePool limit of size 1 overflow 0 reached
        assert wal.stat().st_size == 0  # and the scrub did run
        db.engine.dispose()
