"""One client's data as an archive they can take away (KVKK art. 11, GDPR art. 15 and 20).

The archive is a plain dict, built on request from the database and handed to the
response: nothing decrypted is written anywhere. Its shape is documented field by field
in docs/export-schema.md (a test keeps the two in step). Every row is read by its
client id and its clinic id, so no other client's row can slip in. Left out on purpose:
data keys and blind-index digests (not personal data, and useless outside the clinic),
link tokens (only digests are kept anyway), provider message ids and other internals.
Staff appear by role, the therapist by name (CJEU C-579/21: the client is owed who
processed their data in which capacity, not every employee's identity).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from app import clock
from app.extensions import db
from app.models import (
    Appointment,
    AuditEvent,
    Clinic,
    DataRequest,
    EmergencyAccess,
    MagicLink,
    Note,
    OutboxMessage,
    Recording,
    RescheduleRequest,
    Series,
)
from app.models.scoping import clinic_scope
from app.services import clients, notes
from app.services import export_rows as rows
from app.services.export_rows import Names, iso, value

SCHEMA_VERSION = 1
PENDING_REVIEW = "pending_therapist_review"
AUDIT_BATCH = 500
Row = dict[str, Any]
# The simple sections: one model, read in this order, each row turned into a dict.
TABLES: dict[str, tuple[type, tuple[str, ...], Callable[[Any, Names], Row]]] = {
    "appointments": (Appointment, ("start_at",), rows.appointment),
    "series": (Series, ("created_at",), rows.series),
    "reschedule_requests": (
        RescheduleRequest,
        ("created_at",),
        lambda row, names: rows.reschedule(row),
    ),
    "messages_sent": (OutboxMessage, ("due_at",), lambda row, names: rows.sent(row)),
    "links": (MagicLink, ("created_at",), lambda row, names: rows.link(row)),
    "emergency_access": (EmergencyAccess, ("granted_at",), rows.emergency),
    "audio_recordings": (Recording, ("started_at",), lambda row, names: rows.recording(row)),
    "data_requests": (DataRequest, ("received_at",), lambda row, names: rows.data_request(row)),
}
# The lists in the archive, in their order.
SECTIONS = (
    "appointments",
    "series",
    "consents",
    "reschedule_requests",
    "messages_sent",
    "messages_received",
    "links",
    "emergency_access",
    "audio_recordings",
    "data_requests",
    "access_log",
)


class ClientNotFound(LookupError):
    """No such client in this clinic."""


def build_archive(
    clinic_id: uuid.UUID,
    client_id: uuid.UUID,
    *,
    include_notes: bool,
    notes_by: uuid.UUID | None = None,
) -> dict[str, Any]:
    """Everything the clinic keeps about one client, decrypted for this request only.

    Session notes are in it only with `include_notes`, and then only those written by
    `notes_by` (the therapist who approved including them); any other note is counted
    as withheld, pending its own therapist's review. The same approval lets in the text
    of the client's clinical messages (`export_rows.held_for_review`): without it they
    are listed and counted, their text left out."""
    if include_notes and notes_by is None:
        raise ValueError("include_notes needs the approving therapist (notes_by)")
    with clinic_scope(clinic_id):
        clinic = db.session.get(Clinic, clinic_id)
        client = clients.get_client(clinic_id, client_id)
        if clinic is None or client is None:
            raise ClientNotFound(client_id)
        names = Names(clinic_id)
        sections: dict[str, list[Row]] = {
            name: [
                serialise(row, names)
                for row in rows.of_client(
                    model,
                    clinic_id,
                    client_id,
                    *(getattr(model, column) for column in order),
                    model.id,
                )
            ]
            for name, (model, order, serialise) in TABLES.items()
        }
        sections["consents"] = rows.consents(clinic_id, client_id, names)
        sections["messages_received"] = rows.received(clinic_id, client_id, approved=include_notes)
        note_rows = rows.of_client(Note, clinic_id, client_id, Note.created_at, Note.id)
        # Read before any note is opened, so the log ends where this copy began.
        sections["access_log"] = _access_log(clinic_id, _row_ids(client_id, sections, note_rows))
        starts = {
            uuid.UUID(row["id"]): datetime.fromisoformat(row["start_at"])
            for row in sections["appointments"]
        }
        note_section = _notes(note_rows, starts, names, notes_by if include_notes else None)
        return {
            "schema_version": SCHEMA_VERSION,
            "generated_at": iso(clock.now()),
            "clinic": {"name": clinic.name, "address": clinic.address, "timezone": clinic.timezone},
            "client": rows.profile(client),
            **{name: sections[name] for name in SECTIONS},
            "notes": note_section,
            "counts": _counts(sections, note_section),
        }


def _counts(sections: dict[str, list[Row]], note_section: Row) -> dict[str, int]:
    counts = {name: len(sections[name]) for name in SECTIONS}
    counts["message_parts"] = sum(row["parts_received"] for row in sections["messages_received"])
    counts["messages_withheld"] = sum(row["withheld"] for row in sections["messages_received"])
    counts["notes"] = len(note_section["items"])
    counts["note_versions"] = sum(len(item["versions"]) for item in note_section["items"])
    counts["notes_withheld"] = note_section["withheld"]
    return counts


def _row_ids(
    client_id: uuid.UUID, sections: dict[str, list[Row]], note_rows: list[Note]
) -> set[str]:
    """The ids of the client and of every row of theirs, as the audit log names objects."""
    ids = {row["id"] for name, found in sections.items() if name != "access_log" for row in found}
    return ids | {str(row.id) for row in note_rows} | {str(client_id)}


def _access_log(clinic_id: uuid.UUID, row_ids: set[str]) -> list[Row]:
    """The clinic's audit events about the client or one of their rows: when, what, and
    who by role. Their details are left out: they may name other rows."""
    names = Names(clinic_id)
    wanted = sorted(row_ids)
    events: list[AuditEvent] = []
    for start in range(0, len(wanted), AUDIT_BATCH):
        events.extend(
            db.session.scalars(
                sa.select(AuditEvent).where(
                    AuditEvent.chain == str(clinic_id),
                    AuditEvent.clinic_id == clinic_id,
                    AuditEvent.object_id.in_(wanted[start : start + AUDIT_BATCH]),
                )
            )
        )
    events.sort(key=lambda event: event.seq)
    return [
        {
            "at": iso(event.at),
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "actor": names.role(event.actor_id) if event.actor_id else event.actor_kind,
        }
        for event in events
    ]


def _notes(
    note_rows: list[Note],
    starts: dict[uuid.UUID, datetime],
    names: Names,
    approved_by: uuid.UUID | None,
) -> Row:
    items = []
    for row in note_rows:
        if approved_by is None or row.therapist_id != approved_by:
            continue
        fields, versions = notes.open_for_export(row, approved_by)
        items.append(
            {
                "id": str(row.id),
                "appointment_id": str(row.appointment_id),
                "session_start": iso(starts.get(row.appointment_id)),
                "therapist": names.name(row.therapist_id),
                "template": value(row.template),
                "status": value(row.status),
                "fields": fields,
                "signed_at": iso(row.signed_at),
                "created_at": iso(row.created_at),
                "updated_at": iso(row.updated_at),
                "versions": [
                    {
                        "number": version.number,
                        "kind": version.kind,
                        "created_at": iso(version.created_at),
                        "fields": version.fields,
                    }
                    for version in versions
                ],
            }
        )
    withheld = len(note_rows) - len(items)
    return {
        "included": approved_by is not None,
        "withheld": withheld,
        "withheld_reason": PENDING_REVIEW if withheld else None,
        "items": items,
    }
