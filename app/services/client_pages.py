"""The client's appointment page behind an appointment link (`/r/<token>`).

The page shows the client's first name, the session's date and time, the therapist and
the status: nothing else about the client. From it the client confirms, cancels, or
asks for another time. Each action is safe to send twice. Everything runs inside the
link's clinic; a link that is unknown, expired, revoked, made for another purpose or
not the appointment's own client's opens nothing."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from app import clock
from app.extensions import db, lock_for_write
from app.models import (
    ACTIVE_STATUSES,
    Appointment,
    AppointmentStatus,
    Client,
    Clinic,
    MagicLink,
    User,
)
from app.models.scoping import clinic_scope
from app.services import (
    appointments,
    audit,
    availability,
    client_requests,
    clients,
    links,
    throttle,
)
from app.services.auth import address_block

ACTOR = "client_link"
# Times offered instead: the next two weeks, not sooner than this from now.
MIN_NOTICE = timedelta(hours=2)
SEARCH_DAYS = 14
MAX_CHOICES = 12
PER_DAY = 3
# Requests a link page answers before it says "too many", counted across workers in
# the database (the rows login throttling uses, under their own keys).
WINDOW = timedelta(minutes=10)
PER_LINK = 30
PER_ADDRESS = 120


class Outcome(enum.Enum):
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    LATE_CANCEL_ASKED = "late_cancel_asked"  # too late to cancel alone: staff will call
    MOVED = "moved"
    REQUESTED = "requested"  # the new time waits for staff
    CLOSED = "closed"  # cancelled, past or otherwise beyond the client's reach


class SlotGone(Exception):
    """The time picked is no longer free (or was never offered)."""


@dataclass(frozen=True)
class AppointmentPage:
    """All the page may show: no surname, contact details, notes or other sessions."""

    clinic_name: str
    language: str
    first_name: str
    start: datetime  # in the clinic's zone
    therapist_name: str
    status: AppointmentStatus
    open: bool  # the client may still act on it
    late: bool  # cancelling now would be a late cancellation
    late_cancel_hours: int
    late_cancel_asked: bool
    asked_start: datetime | None  # a new time waiting for staff, in the clinic's zone


@dataclass(frozen=True)
class DaySlots:
    day: date
    starts: list[datetime]  # in the clinic's zone


@dataclass(frozen=True)
class _Opened:
    link: MagicLink
    appointment: Appointment
    clinic: Clinic


def limits() -> throttle.LinkLimits:
    """Read when asked, so that a test or a deployment may change the numbers."""
    return throttle.LinkLimits(window=WINDOW, per_address=PER_ADDRESS, per_link=PER_LINK)


def allow_request(token: str, ip: str | None, purpose: str = links.APPOINTMENT) -> bool:
    """Count this request per address and, for a live link, per link; False once either
    is over its limit for the window. Appointment and consent links (`/r/`, `/c/`)
    share the address's count. The caller commits, whatever comes next."""
    lock_for_write()  # before the link is read: SQLite begins again for the lock
    link = links.resolve_link(token, purpose)
    return throttle.allow_link_request(
        limits(), f"link-ip:{address_block(ip or '')}", f"link:{link.id}" if link else None
    )


@contextmanager
def _opened(token: str) -> Iterator[_Opened | None]:
    """The link's appointment inside its clinic's scope, or None."""
    link = links.resolve_link(token, links.APPOINTMENT)
    if link is None or link.appointment_id is None:
        yield None
        return
    with clinic_scope(link.clinic_id):
        appointment = db.session.get(Appointment, link.appointment_id)
        if appointment is None or appointment.client_id != link.client_id:
            yield None
        else:
            yield _Opened(link, appointment, db.session.get_one(Clinic, link.clinic_id))


def _is_open(appointment: Appointment) -> bool:
    return appointment.status in ACTIVE_STATUSES and appointment.start_at > clock.now()


def _is_late(clinic: Clinic, appointment: Appointment) -> bool:
    return appointment.start_at - clock.now() < timedelta(hours=clinic.late_cancel_hours)


def _page(opened: _Opened) -> AppointmentPage:
    appointment, clinic = opened.appointment, opened.clinic
    zone = ZoneInfo(clinic.timezone)
    client = db.session.get_one(Client, appointment.client_id)
    name = clients.reveal_names(clinic.id, [client.id]).get(client.id, "")
    therapist = db.session.get_one(User, appointment.therapist_id)
    asked = client_requests.pending_for(appointment)
    return AppointmentPage(
        clinic_name=clinic.name,
        language=client.language,
        first_name=name.split()[0] if name.split() else "",
        start=appointment.start_at.astimezone(zone),
        therapist_name=therapist.name,
        status=appointment.status,
        open=_is_open(appointment),
        late=_is_late(clinic, appointment),
        late_cancel_hours=clinic.late_cancel_hours,
        late_cancel_asked=client_requests.late_cancel_asked(appointment),
        asked_start=asked.proposed_start.astimezone(zone) if asked else None,
    )


def appointment_page(token: str, *, opened: bool = False) -> AppointmentPage | None:
    """The page behind a link, or None; `opened` audits that the client saw it."""
    with _opened(token) as found:
        if found is None:
            return None
        if opened:
            audit.record(
                None,
                "link.opened",
                found.link,
                found.clinic.id,
                actor_kind=ACTOR,
                purpose=links.APPOINTMENT,
            )
        return _page(found)


def confirm(token: str) -> Outcome | None:
    """Confirm the session; confirming it again changes nothing."""
    with _opened(token) as found:
        if found is None:
            return None
        appointment = found.appointment
        if not _is_open(appointment):
            return Outcome.CLOSED
        if appointment.status is AppointmentStatus.BOOKED:
            appointment.status = AppointmentStatus.CONFIRMED
            appointment.updated_at = clock.now()
            audit.record(
                None, "appointment.confirmed", appointment, found.clinic.id, actor_kind=ACTOR
            )
        _used(found.link)
        return Outcome.CONFIRMED


def cancel(token: str) -> Outcome | None:
    """Cancel in good time; a late cancellation is left to staff, who call the client."""
    with _opened(token) as found:
        if found is None:
            return None
        appointment, clinic = found.appointment, found.clinic
        if not _is_open(appointment):
            return (
                Outcome.CANCELLED
                if appointment.status is AppointmentStatus.CANCELLED
                else Outcome.CLOSED
            )
        _used(found.link)
        if _is_late(clinic, appointment):
            client_requests.ask_late_cancel(appointment, hours=clinic.late_cancel_hours)
            return Outcome.LATE_CANCEL_ASKED
        client_requests.cancel_by_client(appointment, source="link")
        return Outcome.CANCELLED


def _free(opened: _Opened) -> list[datetime]:
    """Every free start for the same therapist and length in the search window."""
    appointment, clinic = opened.appointment, opened.clinic
    now = clock.now()
    length = int((appointment.end_at - appointment.start_at).total_seconds() // 60)
    with db.session.no_autoflush:
        starts = availability.free_slots(
            appointment.therapist_id,
            length,
            now + MIN_NOTICE,
            now + timedelta(days=SEARCH_DAYS),
            limit=2000,
            clinic=clinic,
            ignore=appointment.id,
        )
    return [start for start in starts if start != appointment.start_at]


def _spread(starts: list[datetime], zone: ZoneInfo) -> list[DaySlots]:
    """A few starts per day, spread over the day, at most MAX_CHOICES in all."""
    by_day: dict[date, list[datetime]] = {}
    for start in starts:
        local = start.astimezone(zone)
        by_day.setdefault(local.date(), []).append(local)
    days, total = [], 0
    for day, day_starts in by_day.items():
        if total >= MAX_CHOICES:
            break
        count = min(PER_DAY, len(day_starts), MAX_CHOICES - total)
        if count == 1:
            picked = [day_starts[0]]
        else:
            last = len(day_starts) - 1
            picked = [day_starts[round(i * last / (count - 1))] for i in range(count)]
        days.append(DaySlots(day, sorted(set(picked))))
        total += len(days[-1].starts)
    return days


def offered_times(token: str) -> tuple[AppointmentPage, list[DaySlots]] | None:
    """The page and the times the client may pick instead (none for a closed session)."""
    with _opened(token) as found:
        if found is None:
            return None
        page = _page(found)
        if not page.open:
            return page, []
        return page, _spread(_free(found), ZoneInfo(found.clinic.timezone))


def pick_time(token: str, start: datetime) -> Outcome | None:
    """Move the session to a free time the client picked, or ask staff to, as the clinic
    wants. Asking again replaces the earlier request. Raises SlotGone (or
    appointments.SlotTaken in a race) when the time is not free; the caller rolls back."""
    with _opened(token) as found:
        if found is None:
            return None
        appointment, clinic = found.appointment, found.clinic
        if not _is_open(appointment):
            return Outcome.CLOSED
        if start not in _free(found):
            raise SlotGone()
        _used(found.link)
        if clinic.reschedule_needs_approval:
            client_requests.ask_reschedule(appointment, start, source="link")
            return Outcome.REQUESTED
        appointments.move_appointment(clinic, appointment, start)
        client_requests.withdraw_pending(appointment)
        audit.record(
            None,
            "appointment.moved",
            appointment,
            clinic.id,
            actor_kind=ACTOR,
            start=start.isoformat(),
        )
        return Outcome.MOVED


def _used(link: MagicLink) -> None:
    if link.used_at is None:
        link.used_at = clock.now()
