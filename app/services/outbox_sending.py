"""Sending a batch of claimed outbox rows: compose, commit the intent, call the
provider, record what happened (the row's life is told in app/services/outbox.py)."""

from __future__ import annotations

import logging
import random
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app

from app import clock, crypto, sms
from app.crypto import Binding
from app.extensions import db, lock_for_write
from app.logsafe import failure
from app.models import (
    ACTIVE_STATUSES,
    Appointment,
    Client,
    Clinic,
    OutboxMessage,
    OutboxState,
)
from app.models.scoping import clinic_scope
from app.services import compose_context, message_texts, reminders, sms_routes
from app.services.outbox import Claim

MAX_ATTEMPTS = 8
# Rows composed in one write transaction. On SQLite that transaction holds the database's
# write lock, which a delivery receipt's webhook waits for: a chunk keeps the wait short.
CHUNK = 20
FIRST_BACKOFF = timedelta(seconds=30)
LONGEST_BACKOFF = timedelta(hours=1)
# (to, text, client_ref[, from]): the fourth only for a clinic with a number of its own.
Sender = Callable[..., sms.SendResult]
log = logging.getLogger(__name__)


def send_claimed(claim: Claim, sender: Sender | None = None) -> OutboxState | None:
    """Send one claimed row; the state it ended in, or None if the claim was lost."""
    (result,) = _send_batch([claim], sender, Phases())
    if isinstance(result, Exception):
        raise result
    return result


@dataclass
class Phases:
    """Where a send job's time went, per phase: CPU seconds of this process and wall
    seconds (bench/reminders.py reports them per message)."""

    cpu: dict[str, float] = field(default_factory=dict)
    wall: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def timing(self, name: str) -> Iterator[None]:
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            yield
        finally:
            self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - cpu
            self.wall[name] = self.wall.get(name, 0.0) + time.perf_counter() - wall

    def as_dict(self) -> dict[str, dict[str, float]]:
        return {"cpu": dict(self.cpu), "wall": dict(self.wall)}


def send_batch(
    claims: Sequence[Claim], sender: Sender | None = None, phases: Phases | None = None
) -> dict[str, int]:
    """Send a batch of claimed rows; how many ended in each state ("skipped": the claim
    was lost, "error": the row failed and its claim runs out)."""
    states: dict[str, int] = {}
    for result in _send_batch(claims, sender, phases or Phases()):
        if isinstance(result, Exception):
            key = "error"
        else:
            key = result.value if result else "skipped"
        states[key] = states.get(key, 0) + 1
    return states


@dataclass(frozen=True)
class _Ready:
    """A row whose intent is committed, in plain values (rows expire at commit)."""

    claim: Claim
    phone: str
    text: str
    attempts: int
    clinic_id: uuid.UUID
    client_id: uuid.UUID
    appointment_id: uuid.UUID
    from_number: str | None  # the clinic's own number; None: the shared sender


class _ClaimLost(Exception):
    """The claim was taken back meanwhile: undo this row's writes (its savepoint)."""


Result = OutboxState | None | Exception


def _send_batch(claims: Sequence[Claim], sender: Sender | None, phases: Phases) -> list[Result]:
    """Three steps a chunk of rows, so that no database lock is held while Vonage is
    called and none for long: one write transaction checks and composes the chunk's rows
    and commits the intent of those to send (`provider_called_at`); then each is sent,
    over the job's one connection; then the outcomes are written in one more. A crash
    after an intent's commit leaves its rows not yet sent `unknown` after the lease: they
    go again after the grace period unless a receipt names them, and the later chunks'
    rows, never called, are planned again; so a crash can delay the rest of a batch but
    not lose or double it."""
    results: dict[Claim, Result] = {}
    with ExitStack() as stack:
        for start in range(0, len(claims), CHUNK):
            # The lease restarts as the rows are composed: stop sending well before it ends.
            deadline = time.monotonic() + float(current_app.config["OUTBOX_LEASE_SECONDS"]) / 2
            ready = _prepare(claims[start : start + CHUNK], results, phases)
            if not ready:
                continue
            if sender is None:
                settings = sms.SmsSettings.from_config(current_app.config)
                sender = stack.enter_context(sms.SmsSender(settings)).send
            with phases.timing("send"):
                outcomes = _call(ready, sender, deadline)
            _record(outcomes, results, phases)
    return [results[claim] for claim in claims]


def _prepare(claims: Sequence[Claim], results: dict[Claim, Result], phases: Phases) -> list[_Ready]:
    with phases.timing("compose"):
        ready = _check_and_compose_all(claims, results)
    with phases.timing("intent commit"):
        db.session.commit()
    return ready


def _check_and_compose_all(claims: Sequence[Claim], results: dict[Claim, Result]) -> list[_Ready]:
    # On SQLite a transaction that has read cannot take the write lock later ("database
    # is locked" at once) if another writer committed meanwhile: lock first.
    lock_for_write()
    now = clock.now()
    rows = {
        row.id: row for row in _load(OutboxMessage, OutboxMessage.id, [c.outbox_id for c in claims])
    }
    cache = compose_context.BatchCache()
    cache.load(rows.values(), now)
    ready: list[_Ready] = []
    for claim in claims:
        row = rows.get(claim.outbox_id)
        if row is None or row.claim_token != claim.token or row.state is not OutboxState.SENDING:
            results[claim] = None
            continue
        try:
            with db.session.begin_nested(), clinic_scope(row.clinic_id):
                outcome = _check_and_compose(row, claim, now, cache)
        except _ClaimLost:
            results[claim] = None
            continue
        except Exception as exc:  # one bad row must not strand the rest of the batch
            log.error(
                "outbox row %s not sent; its claim runs out: %s", claim.outbox_id, failure(exc)
            )
            results[claim] = exc
            continue
        if isinstance(outcome, _Ready):
            ready.append(outcome)
        else:
            results[claim] = outcome
    return ready


def _load(model: type, column: sa.ColumnElement, ids: list[uuid.UUID]) -> list:
    query = sa.select(model).where(column.in_(set(ids))).execution_options(all_clinics=True)
    return list(db.session.scalars(query))


def _check_and_compose(
    row: OutboxMessage, claim: Claim, now: datetime, cache: compose_context.BatchCache
) -> OutboxState | _Ready:
    clinic = db.session.get_one(Clinic, row.clinic_id)
    appointment = db.session.get_one(Appointment, row.appointment_id)
    client = db.session.get_one(Client, row.client_id)
    why_not = _why_not(clinic, appointment, client, row, now, client.id in cache.sms_consent)
    if why_not == "quiet":
        due = reminders.after_quiet(clinic, now)
        if due < appointment.start_at:
            return _settle(claim, OutboxState.PLANNED, due_at=due, error="quiet_hours")
        why_not = "quiet_hours_until_start"
    if why_not:
        return _settle(claim, OutboxState.CANCELLED, error=why_not)
    details = cache.reveal(client)
    context = compose_context.message_context(clinic, appointment, client, details, row, now, cache)
    text = message_texts.render(clinic.id, context, cache.clinic_texts(clinic.id))
    # The intent, committed before the call: a crash from then on is "maybe sent". The
    # lease restarts here, so a row waiting its turn in a long job is not taken for lost.
    if not _claimed_update(
        claim,
        provider_called_at=now,
        claimed_at=now,
        body_sealed=_seal(row, text, cache.client_key(client)),
    ):
        raise _ClaimLost
    return _Ready(
        claim,
        details.phone or "",
        text,
        row.attempts,
        clinic.id,
        client.id,
        appointment.id,
        clinic.sms_number,
    )


def _settle(claim: Claim, state: OutboxState, **values: object) -> OutboxState:
    if not _claimed_update(claim, state=state, claim_token=None, **values):
        raise _ClaimLost
    return state


Outcome = tuple[_Ready, "sms.SendResult | sms.SmsFailure | Exception | None", datetime]


def _call(ready: list[_Ready], sender: Sender, deadline: float) -> list[Outcome]:
    """Call Vonage for each row; None for rows left unsent because the job ran so long
    that their lease would end before their outcome is written."""
    outcomes: list[Outcome] = []
    for item in ready:
        result: sms.SendResult | sms.SmsFailure | Exception | None = None
        if time.monotonic() < deadline:
            try:
                ref = str(item.claim.outbox_id)
                result = (
                    sender(item.phone, item.text, ref)
                    if item.from_number is None
                    else sender(item.phone, item.text, ref, item.from_number)
                )
            except sms.SmsFailure as exc:
                result = exc
            except Exception as exc:  # a bug, not an answer: the row becomes unknown
                log.error("outbox row %s: sending failed: %s", item.claim.outbox_id, failure(exc))
                result = exc
        outcomes.append((item, result, clock.now()))
    return outcomes


def _record(outcomes: list[Outcome], results: dict[Claim, Result], phases: Phases) -> None:
    with phases.timing("outcome commit"):
        lock_for_write()
        texted: list[sms_routes.Wrote] = []
        for item, result, at in outcomes:
            if isinstance(result, Exception) and not isinstance(result, sms.SmsFailure):
                results[item.claim] = result  # left `sending`: unknown after the lease
                continue
            state, values = _outcome(item, result, at)
            written = _claimed_update(item.claim, state=state, claim_token=None, **values)
            results[item.claim] = state if written else None
            if written and state in (OutboxState.SENT, OutboxState.UNKNOWN):
                # The client may answer this text: their reply is this clinic's, about this
                # session.
                texted.append(
                    sms_routes.Wrote(
                        item.clinic_id,
                        item.client_id,
                        item.phone,
                        item.appointment_id,
                        shared=item.from_number is None,
                        at=at,
                    )
                )
        sms_routes.wrote_all(texted)
        db.session.commit()


def _outcome(
    item: _Ready, result: sms.SendResult | sms.SmsFailure | None, at: datetime
) -> tuple[OutboxState, dict[str, object]]:
    if result is None:  # never called: planned again at once, nothing to reconcile
        return OutboxState.PLANNED, {"provider_called_at": None, "error": "not_reached"}
    if isinstance(result, sms.SmsTemporaryError):
        return _retry_later(item, result, at)
    if isinstance(result, sms.SmsRejected):
        return OutboxState.FAILED, {"error": f"rejected:{result.status}"}
    if isinstance(result, sms.SmsFailure):  # SmsOutcomeUnknown
        return OutboxState.UNKNOWN, {"error": "no_answer"}
    return OutboxState.SENT, {
        "sent_at": at,
        "provider_ids": ",".join(result.message_ids)[:400],
        "parts": len(result.message_ids),
    }


def _why_not(
    clinic: Clinic,
    appointment: Appointment,
    client: Client,
    row: OutboxMessage,
    now: datetime,
    consented: bool,
) -> str | None:
    """Checked again at send time: anything may have changed since planning."""
    if appointment.status not in ACTIVE_STATUSES or appointment.start_at <= now:
        return "appointment_not_live"
    if appointment.start_at != row.for_start:
        return "appointment_moved"
    if not reminders.can_text(client, now, consented=consented):
        return "no_sms_consent" if client.channel == "sms" else "not_textable"
    if reminders.is_quiet(clinic, now):
        return "quiet"
    return None


def _retry_later(
    item: _Ready, exc: sms.SmsFailure, at: datetime
) -> tuple[OutboxState, dict[str, object]]:
    if item.attempts >= MAX_ATTEMPTS:
        return OutboxState.FAILED, {"error": f"gave_up:{exc.status or 'net'}"}
    delay = min(FIRST_BACKOFF * 2 ** (item.attempts - 1), LONGEST_BACKOFF)
    # Spread retries so a recovering provider is not stormed (not a secret: no CSPRNG).
    delay *= random.uniform(0.8, 1.2)  # noqa: S311
    return OutboxState.PLANNED, {
        "due_at": at + delay,
        "provider_called_at": None,
        "error": f"temporary:{exc.status or 'net'}",
    }


def _claimed_update(claim: Claim, **values: object) -> bool:
    """Write only while this claim still holds (a receipt may have moved the state on:
    then only the facts are written, never an older state over a newer one)."""
    values["updated_at"] = clock.now()
    params = {f"new_{name}": value for name, value in values.items()}
    params |= {"claimed_id": claim.outbox_id, "claimed_token": claim.token}
    return db.session.execute(_claimed_statement(tuple(sorted(values))), params).rowcount == 1


_CLAIMED: dict[tuple[str, ...], Any] = {}


def _claimed_statement(names: tuple[str, ...]) -> Any:
    """One UPDATE a set of columns, built once: a batch runs it for every row, and a
    statement built anew each time costs more than the database's work."""
    statement = _CLAIMED.get(names)
    if statement is None:
        table = OutboxMessage.__table__
        values = {name: sa.bindparam(f"new_{name}", type_=table.c[name].type) for name in names}
        if "state" in values:
            values["state"] = sa.case(
                (table.c.state == OutboxState.SENDING, values["state"]), else_=table.c.state
            )
        statement = _CLAIMED[names] = (
            table.update()
            .where(
                table.c.id == sa.bindparam("claimed_id", type_=table.c.id.type),
                table.c.claim_token
                == sa.bindparam("claimed_token", type_=table.c.claim_token.type),
            )
            .values(values)
            .execution_options(all_clinics=True)
        )
    return statement


def _seal(row: OutboxMessage, text: str, client_key: tuple[str, bytes]) -> bytes:
    key_id, key = client_key
    binding = Binding("outbox", "body_sealed", str(row.id), str(row.clinic_id))
    return crypto.seal(key, key_id, text.encode(), binding)
