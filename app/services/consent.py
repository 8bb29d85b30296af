"""Consent texts (versioned per clinic and language) and each client's consents.

Other features ask `has_consent()` before acting: no SMS without SMS consent,
no recording without recording consent."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa

from app import clock
from app.crypto import Binding
from app.extensions import db
from app.models import Client, Clinic, Consent, ConsentKind, ConsentMethod, ConsentText, User
from app.models.scoping import clinic_scope
from app.services import audit, keys, reminders


class ConsentError(Exception):
    """A consent that cannot be recorded as asked."""


def publish_text(clinic_id: uuid.UUID, kind: ConsentKind, language: str, body: str) -> ConsentText:
    """A new version of a text; consents given earlier keep pointing at theirs.

    Publishers take turns on the clinic's row (PostgreSQL; SQLite's write lock does the
    same): two admins publishing at once must not both number theirs after the same one."""
    db.session.execute(sa.select(Clinic.id).where(Clinic.id == clinic_id).with_for_update())
    latest = current_text(clinic_id, kind, language)
    text = ConsentText(
        clinic_id=clinic_id,
        kind=kind,
        language=language,
        version=(latest.version + 1) if latest else 1,
        body=body.strip(),
    )
    db.session.add(text)
    db.session.flush()
    return text


DEFAULT_TEXTS: dict[ConsentKind, dict[str, str]] = {
    ConsentKind.DATA_PROCESSING: {
        "tr": "Kişisel verilerimin KVKK kapsamında, yalnızca terapi hizmetinin yürütülmesi "
        "amacıyla işlenmesine onay veriyorum.",
        "en": "I agree that my personal data is processed under KVKK/GDPR solely to provide "
        "my therapy.",
    },
    ConsentKind.SMS: {
        "tr": "Randevu hatırlatmalarının SMS ile gönderilmesine onay veriyorum.",
        "en": "I agree to receive appointment reminders by SMS.",
    },
    ConsentKind.AI_ASSISTANT: {
        "tr": "Randevu işlerinde bir yapay zekâ asistanının kullanılmasına onay veriyorum. "
        "Asistan seans notlarını görmez.",
        "en": "I agree that an AI assistant helps with scheduling. It never sees session notes.",
    },
    ConsentKind.RECORDING: {
        "tr": "Seansların ses kaydının alınmasına onay veriyorum.",
        "en": "I agree that my sessions are audio recorded.",
    },
}


def publish_default_texts(clinic_id: uuid.UUID) -> list[ConsentText]:
    """Version 1 of every kind in Turkish and English, for a new clinic."""
    with clinic_scope(clinic_id):
        return [
            publish_text(clinic_id, kind, language, body)
            for kind, bodies in DEFAULT_TEXTS.items()
            for language, body in bodies.items()
        ]


def list_texts(clinic_id: uuid.UUID) -> list[ConsentText]:
    return list(
        db.session.scalars(
            sa.select(ConsentText)
            .where(ConsentText.clinic_id == clinic_id)
            .order_by(ConsentText.kind, ConsentText.language, ConsentText.version.desc())
        )
    )


def client_consents(client: Client) -> list[tuple[Consent, ConsentText]]:
    """Every consent of the client with the text version it was given against."""
    return list(
        db.session.execute(
            sa.select(Consent, ConsentText)
            .join(ConsentText, ConsentText.id == Consent.text_id)
            .where(Consent.client_id == client.id, Consent.clinic_id == client.clinic_id)
            .order_by(Consent.given_at.desc())
        ).tuples()
    )


def current_text(clinic_id: uuid.UUID, kind: ConsentKind, language: str) -> ConsentText | None:
    return db.session.scalars(
        sa.select(ConsentText)
        .where(
            ConsentText.clinic_id == clinic_id,
            ConsentText.kind == kind,
            ConsentText.language == language,
        )
        .order_by(ConsentText.version.desc())
        .limit(1)
    ).first()


def _binding(consent: Consent, column: str) -> Binding:
    return Binding("consents", column, str(consent.id), str(consent.clinic_id))


def record_consent(
    client: Client,
    kind: ConsentKind,
    method: ConsentMethod,
    *,
    recorded_by: User | None = None,
    typed_name: str | None = None,
    ip: str | None = None,
) -> Consent:
    """Record a consent against the current text in the client's language.

    On paper a staff member records it; online the client types their full name."""
    text = current_text(client.clinic_id, kind, client.language)
    if text is None:
        raise ConsentError(f"no published {kind} text in {client.language}")
    if method is ConsentMethod.PAPER and recorded_by is None:
        raise ConsentError("a paper consent is recorded by a staff member")
    if method is ConsentMethod.ONLINE and not (typed_name and typed_name.strip()):
        raise ConsentError("an online consent needs the client's typed full name")
    consent = Consent(
        clinic_id=client.clinic_id,
        client_id=client.id,
        kind=kind,
        text_id=text.id,
        method=method,
        recorded_by=recorded_by.id if recorded_by else None,
        given_at=clock.now(),
    )
    db.session.add(consent)
    consent.typed_name_sealed = keys.seal_for_client(
        client, _binding(consent, "typed_name_sealed"), typed_name.strip() if typed_name else None
    )
    consent.ip_sealed = keys.seal_for_client(client, _binding(consent, "ip_sealed"), ip)
    db.session.flush()
    audit.record(
        recorded_by,
        "consent.given",
        consent,
        client.clinic_id,
        actor_kind="user" if recorded_by else "client_link",
        kind=kind.value,
        text_version=text.version,
        method=method.value,
    )
    if kind is ConsentKind.SMS:  # coming sessions get their reminders now
        client.opted_out_at = None  # a new SMS consent ends an earlier STOP reply
        reminders.replan_client(db.session.get_one(Clinic, client.clinic_id), client.id)
    return consent


def withdraw_consent(client: Client, kind: ConsentKind, *, by: User | None = None) -> int:
    """Withdraw every live consent of this kind; return how many there were."""
    live = db.session.scalars(
        sa.select(Consent).where(
            Consent.client_id == client.id, Consent.kind == kind, Consent.withdrawn_at.is_(None)
        )
    ).all()
    if kind is ConsentKind.SMS:
        reminders.cancel_for_client(client.id)  # not one more text, not even planned ones
    if kind is ConsentKind.RECORDING:
        from app.services import recordings  # it checks consent itself

        recordings.discard_for_client(client.id, "consent_withdrawn", by)
    for consent in live:
        consent.withdrawn_at = clock.now()
        audit.record(
            by,
            "consent.withdrawn",
            consent,
            client.clinic_id,
            actor_kind="user" if by else "client_link",
            kind=kind.value,
        )
    db.session.flush()
    return len(live)


def has_consent(client_id: uuid.UUID, kind: ConsentKind, at: datetime | None = None) -> bool:
    """Was a consent of this kind in force at `at` (default: now)?"""
    in_force = _in_force(kind, at or clock.now())
    return bool(
        db.session.scalar(sa.select(sa.exists().where(Consent.client_id == client_id, in_force)))
    )


def consented(client_ids: Iterable[uuid.UUID], kind: ConsentKind, at: datetime) -> set[uuid.UUID]:
    """Which of these clients had a consent of this kind in force at `at`, in one query
    (a send batch); the ids are the caller's, so no clinic filter is added."""
    return set(
        db.session.scalars(
            sa.select(Consent.client_id)
            .where(Consent.client_id.in_(set(client_ids)), _in_force(kind, at))
            .distinct()
            .execution_options(all_clinics=True)
        )
    )


def _in_force(kind: ConsentKind, moment: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(
        Consent.kind == kind,
        Consent.given_at <= moment,
        sa.or_(Consent.withdrawn_at.is_(None), Consent.withdrawn_at > moment),
    )


def missing_consents(client_id: uuid.UUID) -> list[ConsentKind]:
    """Kinds with no consent in force: the "open consent gaps" shown before a session."""
    return [kind for kind in ConsentKind if not has_consent(client_id, kind)]
