"""Staff commands turned into proposals, and proposals into bookings once confirmed.

`propose` never changes anything: a booking or move is tried inside a savepoint that is
always rolled back, so the clash it reports is the calendar's own rule (the same
`services.appointments` calls, with their buffers and hours). `confirm` parses the text
again, checks every choice the card sent back against the clinic's rows and runs the
same services for real; the route commits once.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app import clock
from app.assistant import commands as parser
from app.assistant.textprep import prepare
from app.extensions import db
from app.models import Appointment, CancelReason, Clinic
from app.models.appointment import ACTIVE_STATUSES
from app.services import appointments, availability, booking, calendar, clients, series
from app.services.command_targets import (
    Choice,
    find_clients,
    named_therapist,
    therapist_list,
    upcoming_sessions,
    usual_therapist,
)
from app.services.command_types import Action, Listed, NotConfirmable, Picks, Proposal, Status

SERIES_LENGTH = 12  # sessions booked by "every Tuesday" (the booking form's default)
SHOWN = 8  # sessions listed by a "show" command
SLOTS = 6  # free times listed by a "find" command, per therapist


class _DryRun(Exception):
    """Raised inside the trial savepoint so that it always rolls back."""


# --- proposing -----------------------------------------------------------------------


def propose(
    clinic: Clinic,
    text: str,
    *,
    viewer_id: uuid.UUID | None,
    picks: Picks | None = None,
    now: datetime | None = None,
) -> Proposal:
    """What the command would do, with every choice still open; changes nothing.

    `viewer_id` is the therapist typing (who acts for themselves only), or None for
    the front desk."""
    picks = picks or Picks()
    now = now or clock.now()
    zone = ZoneInfo(clinic.timezone)
    command = parser.parse_command(text[:2000], now, zone)
    proposal = Proposal(text=text, action=command.action, client_ref=command.client_ref)
    if command.action is Action.UNKNOWN:
        proposal.refusal = command.refusal
        proposal.status = Status.REFUSED if command.refusal == "out_of_scope" else Status.HELP
        return proposal
    proposal.day, proposal.duration = command.day, command.duration_min
    proposal.repeat = command.repeat.value if command.repeat else None
    proposal.start = command.start.astimezone(ZoneInfo("UTC")) if command.start else None
    if picks.start is not None and clock.bookable(picks.start):  # else it was never offered
        proposal.start = picks.start
        proposal.day = picks.start.astimezone(zone).date()
    _resolve_client(clinic, proposal, command, picks, viewer_id)
    _resolve_therapist(clinic, proposal, text, picks, viewer_id)
    if command.action is Action.SHOW:
        _show(clinic, proposal, viewer_id, now, zone)
    elif command.action is Action.FIND_SLOTS:
        _find(clinic, proposal, viewer_id, now, zone)
    elif command.action is Action.BOOK:
        _plan_booking(clinic, proposal, now)
    else:
        _plan_change(clinic, proposal, command, picks, viewer_id, now, zone)
    return proposal


def _resolve_client(
    clinic: Clinic,
    proposal: Proposal,
    command: parser.Command,
    picks: Picks,
    viewer_id: uuid.UUID | None,
) -> None:
    ref = command.client_ref
    if not ref:
        return
    found = find_clients(clinic.id, ref, viewer_id)
    picked = [c for c in found if c.id == picks.client_id]
    if picked or len(found) == 1:
        proposal.client = (picked or found)[0]
    elif found:
        proposal.client_choices = found
    else:
        proposal.new_client_name = ref if not clients.looks_like_initials(ref) else None


def _resolve_therapist(
    clinic: Clinic, proposal: Proposal, text: str, picks: Picks, viewer_id: uuid.UUID | None
) -> None:
    everyone = therapist_list(clinic.id)
    if viewer_id is not None:
        proposal.therapist = next((t for t in everyone if t.id == viewer_id), None)
        return
    proposal.therapist_choices = everyone
    picked = next((t for t in everyone if t.id == picks.therapist_id), None)
    named = named_therapist(text, everyone)
    usual = None
    if proposal.client is not None and proposal.action is Action.BOOK:
        usual_id = usual_therapist(proposal.client.id)
        usual = next((t for t in everyone if t.id == usual_id), None)
    proposal.therapist = picked or named or usual or (everyone[0] if len(everyone) == 1 else None)


def _default_type(clinic: Clinic) -> tuple[str, int]:
    kinds = booking.session_types(clinic.id)
    kind = next((k for k in kinds if k.code == "individual"), kinds[0] if kinds else None)
    return (kind.code, kind.duration_minutes) if kind else ("individual", 50)


def _plan_booking(clinic: Clinic, proposal: Proposal, now: datetime) -> None:
    proposal.type_code, default_length = _default_type(clinic)
    proposal.duration = proposal.duration or default_length
    if proposal.client is None or proposal.therapist is None or proposal.start is None:
        return
    if not _real_wall_time(proposal.start, clinic):
        proposal.problem, proposal.status = "gap", Status.CLASH
        return
    if proposal.start <= now:
        proposal.problem, proposal.status = "past", Status.CLASH
        return
    proposal.occurrences = SERIES_LENGTH if proposal.repeat else 1
    _trial(clinic, proposal, lambda: _book(clinic, proposal))


def _plan_change(
    clinic: Clinic,
    proposal: Proposal,
    command: parser.Command,
    picks: Picks,
    viewer_id: uuid.UUID | None,
    now: datetime,
    zone: ZoneInfo,
) -> None:
    if proposal.client is None:
        return
    upcoming = upcoming_sessions(clinic.id, proposal.client.id, viewer_id)
    source = command.from_day
    if source is not None:
        upcoming = [a for a in upcoming if a.start_at.astimezone(zone).date() == source] or upcoming
    if proposal.action is Action.CANCEL and command.start is not None:
        exact = [a for a in upcoming if a.start_at == command.start]
        upcoming = exact or upcoming
    chosen = next((a for a in upcoming if a.id == picks.appointment_id), None)
    if chosen is None and upcoming:
        chosen = upcoming[0]
    proposal.appointment = chosen
    proposal.appointment_choices = [Choice(a.id, a.start_at.isoformat()) for a in upcoming]
    if chosen is None:
        proposal.problem = "no_session"
        return
    names = {t.id: t for t in therapist_list(clinic.id)}
    proposal.therapist = names.get(chosen.therapist_id, proposal.therapist)
    proposal.type_code = chosen.session_type
    length = int((chosen.end_at - chosen.start_at).total_seconds() // 60)
    if proposal.action is Action.CANCEL:
        proposal.start, proposal.duration = chosen.start_at, length
        proposal.status = Status.READY
        return
    proposal.duration = proposal.duration or length
    if proposal.start is None and proposal.day is not None:  # a new day, the same hour
        local = chosen.start_at.astimezone(zone)
        proposal.start = datetime.combine(proposal.day, local.time().replace(tzinfo=None), zone)
    if proposal.start is None:
        return
    if not _real_wall_time(proposal.start, clinic):
        proposal.problem, proposal.status = "gap", Status.CLASH
        return
    if proposal.start <= now:
        proposal.problem, proposal.status = "past", Status.CLASH
        return
    _trial(clinic, proposal, lambda: _move(clinic, proposal))


def _real_wall_time(start: datetime, clinic: Clinic) -> bool:
    """False for a time the clocks skip (02:30 on the night they go forward)."""
    zone = ZoneInfo(clinic.timezone)
    local = start.astimezone(zone)
    return booking.local_start(local.date(), local.time().replace(tzinfo=None), zone) is not None


def _trial(clinic: Clinic, proposal: Proposal, act) -> None:
    """Run the real booking service in a savepoint that always rolls back."""
    appointments.lock_calendar()
    try:
        with db.session.begin_nested():
            act()
            raise _DryRun
    except _DryRun:
        proposal.status = Status.READY
    except appointments.SlotTaken as exc:
        proposal.problem = "client_busy" if exc.by_client else "taken"
        proposal.alternatives = exc.alternatives
    except appointments.OutsideHours:
        proposal.problem = "outside_hours"
    except series.SeriesConflict as exc:
        proposal.problem = "series"
        proposal.alternatives = []
        proposal.occurrences = len(exc.clashes) + len(exc.outside_hours)
    except appointments.BookingError:
        proposal.problem = "invalid"
    if proposal.problem in ("taken", "client_busy", "outside_hours"):
        proposal.alternatives = _nearest(clinic, proposal)
    if proposal.problem:
        proposal.status = Status.CLASH


def _nearest(clinic: Clinic, proposal: Proposal) -> list[datetime]:
    """The calendar's nearest free starts (`appointments.nearest_free`), but only
    those still ahead: a proposal made now cannot start now."""
    if proposal.start is None or proposal.duration is None or proposal.therapist is None:
        return []
    zone = ZoneInfo(clinic.timezone)
    local = proposal.start.astimezone(zone)
    day_start = datetime.combine(local.date(), time.min, zone)
    start = max(day_start, clock.now() + timedelta(minutes=1))
    with db.session.no_autoflush:
        slots = availability.free_slots(
            proposal.therapist.id,
            proposal.duration,
            start,
            proposal.start + timedelta(days=7),
            40,
            clinic=clinic,
            ignore=proposal.appointment.id if proposal.appointment else None,
        )
    wanted = proposal.start
    return sorted(slots, key=lambda s: abs(s - wanted))[: appointments.SUGGESTIONS]


def _book(clinic: Clinic, proposal: Proposal):
    if proposal.client is None or proposal.therapist is None or proposal.start is None:
        raise NotConfirmable(proposal)
    if proposal.repeat:
        return series.create_series(
            clinic,
            proposal.therapist.id,
            proposal.client.id,
            proposal.start,
            proposal.type_code,
            2 if proposal.repeat == "biweekly" else 1,
            count=SERIES_LENGTH,
        )
    return appointments.book_appointment(
        clinic,
        proposal.therapist.id,
        proposal.client.id,
        proposal.start,
        proposal.type_code,
        duration=proposal.duration,
    )


def _move(clinic: Clinic, proposal: Proposal) -> Appointment:
    if proposal.appointment is None or proposal.start is None:
        raise NotConfirmable(proposal)
    return appointments.move_appointment(
        clinic, proposal.appointment, proposal.start, duration=proposal.duration
    )


def _find(
    clinic: Clinic, proposal: Proposal, viewer_id: uuid.UUID | None, now: datetime, zone: ZoneInfo
) -> None:
    proposal.type_code, default_length = _default_type(clinic)
    proposal.duration = proposal.duration or default_length
    if proposal.day is not None:
        start, until = calendar.day_bounds(proposal.day, zone)
        if _wants_afternoon(proposal.text):
            start = datetime.combine(proposal.day, time(12), zone)
    else:
        start, until = now, now + timedelta(days=7)
    start = max(start, now)
    who = [proposal.therapist] if proposal.therapist else proposal.therapist_choices
    for therapist in who:
        if therapist is None:
            continue
        found = availability.free_slots(
            therapist.id, proposal.duration, start, until, SLOTS, clinic=clinic
        )
        proposal.slots.append((therapist, found))
    proposal.status = Status.INFO


def _wants_afternoon(text: str) -> bool:
    return bool(re.search(r"\b(ogleden sonra|afternoon)\b", prepare(text).plain))


def _show(
    clinic: Clinic, proposal: Proposal, viewer_id: uuid.UUID | None, now: datetime, zone: ZoneInfo
) -> None:
    proposal.status = Status.INFO
    query = sa.select(Appointment).where(
        Appointment.clinic_id == clinic.id, Appointment.status.in_(ACTIVE_STATUSES)
    )
    if viewer_id is not None:
        query = query.where(Appointment.therapist_id == viewer_id)
    if proposal.client_ref:
        if proposal.client is None:
            return
        query = query.where(
            Appointment.client_id == proposal.client.id, Appointment.start_at >= now
        )
    else:
        start, until = calendar.day_bounds(proposal.day or now.astimezone(zone).date(), zone)
        query = query.where(Appointment.start_at >= start, Appointment.start_at < until)
    rows = list(db.session.scalars(query.order_by(Appointment.start_at).limit(SHOWN)))
    names = clients.reveal_names(clinic.id, {a.client_id for a in rows})
    therapists = {t.id: t.label for t in therapist_list(clinic.id)}
    proposal.sessions = [
        Listed(
            a.start_at,
            a.end_at,
            names.get(a.client_id, ""),
            therapists.get(a.therapist_id, ""),
            a.session_type,
        )
        for a in rows
    ]


# --- confirming ----------------------------------------------------------------------


def confirm(
    clinic: Clinic, text: str, *, viewer_id: uuid.UUID | None, picks: Picks
) -> tuple[Proposal, object]:
    """Do what the proposal said, after proposing again from the text and the picks:
    a pick that is not one of the clinic's own choices is simply not taken. Returns the
    proposal and what was made or changed; raises NotConfirmable when it cannot be done
    (a clash appeared since, a choice is missing). The caller commits."""
    proposal = propose(clinic, text, viewer_id=viewer_id, picks=picks)
    if not proposal.ready:
        raise NotConfirmable(proposal)
    try:
        if proposal.action is Action.BOOK:
            return proposal, _book(clinic, proposal)
        if proposal.action is Action.RESCHEDULE:
            return proposal, _move(clinic, proposal)
        if proposal.action is Action.CANCEL and proposal.appointment is not None:
            reason = CancelReason.CLIENT if viewer_id is None else CancelReason.THERAPIST
            appointments.cancel_appointment(proposal.appointment, reason)
            return proposal, proposal.appointment
    except appointments.BookingError as exc:  # a race since the trial
        db.session.rollback()
        proposal.status, proposal.problem = Status.CLASH, "taken"
        raise NotConfirmable(proposal) from exc
    raise NotConfirmable(proposal)
