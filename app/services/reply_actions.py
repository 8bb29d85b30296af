"""What a client's SMS reply may do to their own session, by intent (the policy's
actions). Each returns an `Outcome`: the message's state, a code for the audit trail and
the reply to send; `services.replies` reads the reply, calls `decide` and sends."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.assistant import reply_texts as texts
from app.assistant.replies import Intent, ReplyIntent, Topic
from app.extensions import db
from app.models import (
    Appointment,
    AppointmentStatus,
    Client,
    Clinic,
    InboundState,
)
from app.models.appointment import HOLDS_TIME
from app.services import appointments, audit, availability, client_requests, links
from app.services.client_pages import MIN_NOTICE
from app.urls import external_url

ACTOR = "client_sms"  # what the client asked for, in the audit trail
OFFERED = 3  # free times offered instead of a taken one
NEAR_DAYS = 7
MAX_MINUTES_LATE = 24 * 60
HANDLED, FORWARDED = InboundState.HANDLED, InboundState.FORWARDED


@dataclass(frozen=True)
class Outcome:
    """What the policy did: the message's state, an audit code, and the reply to send."""

    state: InboundState
    action: str
    reply: str | None = None
    reply_kind: str | None = None
    # The reply is the answer (times, a setting): unsent, it leaves the client waiting.
    answers: bool = False


@dataclass(frozen=True)
class Case:
    """The reply's clinic, client and own session (None: none live), as of `now`."""

    clinic: Clinic
    client: Client
    appointment: Appointment | None
    zone: ZoneInfo
    language: str
    textable: bool
    now: datetime

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    @property
    def length(self) -> int:
        a = self.appointment
        return 0 if a is None else int((a.end_at - a.start_at).total_seconds() // 60)


def _forward(action: str) -> Outcome:
    return Outcome(FORWARDED, action)


def decide(case: Case, reading: ReplyIntent, *, busy: bool = False) -> Outcome:
    """The policy: what this reading does to the sender's own session, and the reply."""
    if reading.urgent:
        text = texts.emergency(case.language, case.clinic.emergency_text)
        return Outcome(FORWARDED, "emergency_text", text, "emergency")
    if reading.clinical and not (reading.intent is Intent.CONFIRM and case.appointment):
        # No automatic action on clinical content; a plain "yes" in it still confirms
        # (below), and the therapist reads the message either way.
        return Outcome(FORWARDED, "forwarded_clinical", texts.neutral(case.language), "neutral")
    if reading.intent in (Intent.OTHER, Intent.OPT_OUT):
        return _forward("forwarded")
    if case.appointment is None:
        return _forward("no_appointment")
    act = {
        Intent.CONFIRM: _confirm,
        Intent.CANCEL: _cancel,
        Intent.RESCHEDULE: _reschedule,
        Intent.RUNNING_LATE: _running_late,
        Intent.QUESTION: _question,
    }[reading.intent]
    outcome = act(case, case.appointment, reading, busy)
    if reading.clinical and outcome.reply is not None:
        # Confirmed, and the client hears that their therapist will read the rest.
        text = f"{outcome.reply} {texts.neutral(case.language)}"
        outcome = replace(outcome, action=f"{outcome.action}_forwarded", reply=text)
    if reading.forward and outcome.state is HANDLED:
        outcome = replace(outcome, state=FORWARDED)  # done, and a person reads the rest
    return outcome


def _upcoming(case: Case, appointment: Appointment) -> bool:
    return appointment.start_at > case.now


def _confirm(case: Case, appointment: Appointment, reading: ReplyIntent, busy: bool) -> Outcome:
    if not _upcoming(case, appointment):
        return _forward("closed")
    if appointment.status is not AppointmentStatus.BOOKED:
        return Outcome(HANDLED, "already_confirmed")
    appointment.status = AppointmentStatus.CONFIRMED
    appointment.updated_at = case.now
    audit.record(None, "appointment.confirmed", appointment, case.clinic.id, actor_kind=ACTOR)
    text = texts.confirmed(case.language, case.local(appointment.start_at))
    return Outcome(HANDLED, "confirmed", text, "confirmed")


def _cancel(case: Case, appointment: Appointment, reading: ReplyIntent, busy: bool) -> Outcome:
    """In good time the session is cancelled; later than the clinic's limit, staff decide."""
    if not _upcoming(case, appointment):
        return _forward("closed")
    clinic = case.clinic
    if appointment.start_at - case.now < timedelta(hours=clinic.late_cancel_hours):
        hours = clinic.late_cancel_hours
        if not client_requests.ask_late_cancel(appointment, source="sms", hours=hours):
            return _forward("late_cancel_asked_before")
        text = texts.late_cancel_to_staff(case.language, hours)
        return Outcome(FORWARDED, "late_cancel_to_staff", text, "late_cancel")
    client_requests.cancel_by_client(appointment, source="sms")
    text = texts.cancelled(case.language, case.local(appointment.start_at))
    return Outcome(HANDLED, "cancelled", text, "cancelled")


def _reschedule(case: Case, appointment: Appointment, reading: ReplyIntent, busy: bool) -> Outcome:
    """A free time asked for is requested of staff, or taken at once, as the clinic wants;
    a taken one (or none named) gets the nearest free times and the link to pick from."""
    if not _upcoming(case, appointment):
        return _forward("closed")
    wanted = reading.proposed_start
    if wanted is not None and wanted == appointment.start_at:
        text = texts.already_at(case.language, case.local(wanted))
        return Outcome(HANDLED, "already_at_time", text, "when", answers=True)
    if wanted is not None and not busy and is_free(case, appointment, wanted):
        if case.clinic.reschedule_needs_approval:
            client_requests.ask_reschedule(appointment, wanted, source="sms")
            text = texts.reschedule_asked(case.language, case.local(wanted))
            return Outcome(FORWARDED, "reschedule_requested", text, "reschedule_asked")
        appointments.move_appointment(case.clinic, appointment, wanted)  # plans the notice
        client_requests.withdraw_pending(appointment)
        audit.record(
            None,
            "appointment.moved",
            appointment,
            case.clinic.id,
            actor_kind=ACTOR,
            start=wanted.isoformat(),
        )
        return Outcome(HANDLED, "moved", answers=True)  # the notice is the answer
    starts = nearest_free(case, appointment, wanted or appointment.start_at)
    if not starts:
        return Outcome(FORWARDED, "no_free_time", texts.no_free_time(case.language), "no_time")
    if not case.textable:  # no link is made for a text that will not go
        return Outcome(HANDLED, "times_offered", answers=True)
    token = links.issue_system_link(case.client, appointment)
    text = texts.times_offered(
        case.language,
        case.local(wanted) if wanted else None,
        [case.local(start) for start in starts],
        external_url("client_pages.times", appointment_token=token),
    )
    return Outcome(HANDLED, "times_offered", text, "times_offered", answers=True)


def is_free(case: Case, appointment: Appointment, start: datetime) -> bool:
    """Could the session move to `start`: far enough ahead, in the therapist's free time
    (buffers included), and clear of the client's other sessions?"""
    if start < case.now + MIN_NOTICE:
        return False
    with db.session.no_autoflush:
        found = availability.free_slots(
            appointment.therapist_id,
            case.length,
            start,
            start + timedelta(minutes=1),
            1,
            clinic=case.clinic,
            ignore=appointment.id,
        )
        if found != [start]:
            return False
        clash = db.session.scalar(
            sa.select(
                sa.exists().where(
                    HOLDS_TIME,
                    Appointment.client_id == appointment.client_id,
                    Appointment.id != appointment.id,
                    Appointment.start_at < start + timedelta(minutes=case.length),
                    Appointment.end_at > start,
                )
            )
        )
    return not clash


def nearest_free(case: Case, appointment: Appointment, wanted: datetime) -> list[datetime]:
    """Up to OFFERED free starts closest to `wanted`, a session length apart, in time
    order: from that day (and MIN_NOTICE from now) to a week after it."""
    day = case.local(wanted).replace(hour=0, minute=0, second=0, microsecond=0)
    start = max(day, case.now + MIN_NOTICE)
    with db.session.no_autoflush:
        slots = availability.free_slots(
            appointment.therapist_id,
            case.length,
            start,
            max(wanted, start) + timedelta(days=NEAR_DAYS),
            1000,
            clinic=case.clinic,
            ignore=appointment.id,
        )
    apart = timedelta(minutes=case.length)
    picked: list[datetime] = []
    for slot in sorted(slots, key=lambda s: (abs(s - wanted), s)):
        if slot in (appointment.start_at, wanted):
            continue
        if all(abs(slot - other) >= apart for other in picked):
            picked.append(slot)
        if len(picked) == OFFERED:
            break
    return sorted(picked)


def _running_late(
    case: Case, appointment: Appointment, reading: ReplyIntent, busy: bool
) -> Outcome:
    """Note it on the session for the therapist; 0 means late, minutes not said."""
    minutes = min(max(reading.minutes_late or 0, 0), MAX_MINUTES_LATE)
    appointment.minutes_late = minutes
    appointment.updated_at = case.now
    audit.record(
        None,
        "appointment.running_late",
        appointment,
        case.clinic.id,
        actor_kind=ACTOR,
        minutes=minutes,
    )
    return Outcome(HANDLED, "minutes_noted", texts.late_noted(case.language), "late_noted")


def _question(case: Case, appointment: Appointment, reading: ReplyIntent, busy: bool) -> Outcome:
    """Only the allowlisted topics, only from the clinic's settings; an empty setting (or
    no topic) leaves the question to staff."""
    text = answer(case, appointment, reading.topic)
    if not text:
        return _forward("question_forwarded")
    return Outcome(HANDLED, "answered", text, f"answer:{reading.topic}", answers=True)


def answer(case: Case, appointment: Appointment, topic: Topic | None) -> str | None:
    clinic, language = case.clinic, case.language
    if topic is Topic.DURATION:
        return texts.duration(language, case.length)
    if topic is Topic.WHO:
        return texts.who(language, clinic.name)
    if topic is Topic.WHEN:
        return texts.session_time(language, case.local(appointment.start_at))
    settings = {
        Topic.ADDRESS: clinic.address,
        Topic.PARKING: clinic.parking_info,
        Topic.ONLINE_LINK: appointment.video_link or clinic.online_info,
        Topic.FEE: clinic.fee_info,
    }
    value = (settings.get(topic) or "").strip() if topic is not None else ""
    return texts.answer(language, topic.value, value) if topic and value else None
