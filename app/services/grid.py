"""The calendar's time grid: rows of wall-clock times, one lane per therapist and day.

Pure: it takes what services.calendar loaded and lays it out, without the database.
Rows are wall-clock times (every `step` minutes), and each lane works out its own
instant for every row, so a lane on a day when the clocks change gets the right
instants: a time that does not exist there (spring forward) is a gap, and the hour
that happens twice (fall back) gets two rows. Sessions cover the rows they overlap;
sessions that share a row are drawn in one cell, so the table never breaks.
"""

from __future__ import annotations

import uuid
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.models import AppointmentStatus

Span = tuple[datetime, datetime]
DAY_MINUTES = 24 * 60
DEFAULT_MINUTES = (9 * 60, 18 * 60)

# What a cell without sessions is; free cells are the only ones that book.
FREE, OPEN, PAST, CLOSED, BREAK, OFF, HOLIDAY, GAP = (
    "free",  # bookable by the viewer
    "open",  # free, but in a lane the viewer may not book
    "past",
    "closed",  # outside working hours
    "break",
    "off",  # the therapist's time off
    "holiday",  # the clinic is closed
    "gap",  # this wall-clock time does not exist on this day
)
SESSIONS = "sessions"


@dataclass(frozen=True)
class Entry:
    """A session as the calendar shows it; `hidden` ones are another therapist's,
    shown as busy without client or type."""

    id: uuid.UUID
    therapist_id: uuid.UUID
    start: datetime  # UTC
    end: datetime
    blocked_until: datetime
    when: str  # "11:00–11:50" on the clinic's clock
    session_type: str
    status: AppointmentStatus
    outside_hours: bool
    online: bool
    in_series: bool
    client_name: str
    hidden: bool = False
    minutes_late: int | None = None  # the client said by SMS they are running late


@dataclass
class Lane:
    """One therapist on one day: their sessions and their time, in UTC."""

    day: date
    therapist_id: uuid.UUID
    bookable: bool
    entries: list[Entry] = field(default_factory=list)
    cancelled: list[Entry] = field(default_factory=list)
    work: list[Span] = field(default_factory=list)
    breaks: list[Span] = field(default_factory=list)
    off: list[Span] = field(default_factory=list)
    holidays: list[Span] = field(default_factory=list)


@dataclass(frozen=True)
class Cell:
    kind: str
    span: int
    therapist_id: uuid.UUID
    start: datetime | None = None  # local; for a free cell the start it offers
    entries: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[Cell]
    hour: bool  # starts a full hour: drawn with a stronger line
    now: bool


def build(lanes: list[Lane], zone: ZoneInfo, step: int, now: datetime) -> list[Row]:
    """The rows of a grid over `lanes`, from the earliest working time or session to
    the latest, every `step` minutes of the wall clock."""
    first, last = _minute_range(lanes, zone, step)
    minutes = range(first, last, step)
    instants = {
        day: {(m, fold): _instant(day, m, fold, zone) for m in minutes for fold in (0, 1)}
        for day in {lane.day for lane in lanes}
    }
    keys = _row_keys(instants, minutes)
    starts = [[instants[lane.day][key] for key in keys] for lane in lanes]
    keep = [i for i in range(len(keys)) if any(s[i] is not None for s in starts)]
    keys = [keys[i] for i in keep]
    starts = [[s[i] for i in keep] for s in starts]
    width = timedelta(minutes=step)
    placed = [
        _lay_out(lane, lane_starts, width, zone, now)
        for lane, lane_starts in zip(lanes, starts, strict=True)
    ]
    rows = []
    for i, (minute, fold) in enumerate(keys):
        now_here = any(s[i] is not None and s[i] <= now < s[i] + width for s in starts)
        rows.append(
            Row(
                label=_label(instants, minute, fold, zone),
                cells=[cells[i] for cells in placed if i in cells],
                hour=minute % 60 == 0 and fold == 0,
                now=now_here,
            )
        )
    return rows


def wall(day: date, clock_time: time, zone: ZoneInfo) -> datetime:
    """A wall-clock time on a local day, in UTC."""
    return datetime.combine(day, clock_time, zone).astimezone(UTC)


def _minute_of(day: date, moment: datetime, zone: ZoneInfo) -> int:
    local = moment.astimezone(zone)
    if local.date() < day:
        return 0
    if local.date() > day:
        return DAY_MINUTES
    return local.hour * 60 + local.minute


def _minute_range(lanes: list[Lane], zone: ZoneInfo, step: int) -> tuple[int, int]:
    starts, ends = [], []
    for lane in lanes:
        for a, b in [*lane.work, *((e.start, e.end) for e in lane.entries)]:
            starts.append(_minute_of(lane.day, a, zone))
            ends.append(_minute_of(lane.day, b, zone))
    first, last = (min(starts), max(ends)) if starts else DEFAULT_MINUTES
    return first // step * step, min(DAY_MINUTES, -(-last // step) * step)


def _instant(day: date, minute: int, fold: int, zone: ZoneInfo) -> datetime | None:
    """The instant of a wall-clock time, or None where the day has no such time
    (in the spring-forward gap, or a second occurrence that does not happen)."""
    naive = datetime.combine(day, time()) + timedelta(minutes=minute)
    moment = naive.replace(tzinfo=zone, fold=fold).astimezone(UTC)
    if moment.astimezone(zone).replace(tzinfo=None) != naive:
        return None
    if fold and moment == naive.replace(tzinfo=zone).astimezone(UTC):
        return None
    return moment


def _row_keys(instants: dict[date, dict], minutes: range) -> list[tuple[int, int]]:
    """(minute, fold) for every row in time order: a repeated hour follows its first pass."""
    keys: list[tuple[int, int]] = []
    repeated: list[tuple[int, int]] = []
    for minute in minutes:
        twice = any(day[(minute, 1)] is not None for day in instants.values())
        if repeated and not twice:
            keys += repeated
            repeated = []
        keys.append((minute, 0))
        if twice:
            repeated.append((minute, 1))
    return keys + repeated


def _label(instants: dict[date, dict], minute: int, fold: int, zone: ZoneInfo) -> str:
    text = f"{minute // 60:02d}:{minute % 60:02d}"
    for day in instants.values():
        moment = day[(minute, fold)]
        if moment is not None and day[(minute, 1)] is not None:
            return f"{text} {moment.astimezone(zone).tzname()}"  # which pass of the hour
    return text


def _inside(spans: list[Span], moment: datetime) -> bool:
    return any(a <= moment < b for a, b in spans)


def _blocks(
    entries: list[Entry], starts: list[datetime | None], width: timedelta
) -> dict[int, tuple[int, list[Entry]]]:
    """Row ranges covered by sessions, overlapping ones merged: first row → (last, entries)."""
    rows = [i for i, s in enumerate(starts) if s is not None]
    times = [starts[i] for i in rows]  # in time order
    covered = []
    for entry in entries:
        first = bisect_right(times, entry.start - width)  # the first row ending after its start
        after = bisect_left(times, entry.end)  # the first row starting at or after its end
        if first < after:
            covered.append((rows[first], rows[after - 1], entry))
    merged: list[tuple[int, int, list[Entry]]] = []
    for first, last, entry in sorted(covered, key=lambda c: (c[0], c[1], c[2].start)):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last), [*merged[-1][2], entry])
        else:
            merged.append((first, last, [entry]))
    return {first: (last, entries) for first, last, entries in merged}


def _classify(
    lane: Lane, taken: list[datetime], start: datetime | None, width: timedelta, now: datetime
) -> tuple[str, datetime | None]:
    """What a row without sessions is; for a free one, the start it offers. `taken`
    holds the starts of the lane's sessions, in order."""
    if start is None:
        return GAP, None
    if _inside(lane.holidays, start):
        return HOLIDAY, None
    if _inside(lane.off, start):
        return OFF, None
    if not _inside(lane.work, start):
        return CLOSED, None
    if _inside(lane.breaks, start):
        return BREAK, None
    if start < now:
        return PAST, None
    slot = start
    # The buffer after a session may reach into this row: start where it ends.
    before = bisect_right(taken, slot) - 1
    while before >= 0 and slot < lane.entries[before].blocked_until:
        slot = lane.entries[before].blocked_until
        before = bisect_right(taken, slot) - 1
    if slot >= start + width:
        return OPEN, None
    return (FREE if lane.bookable else OPEN), slot


def _lay_out(
    lane: Lane, starts: list[datetime | None], width: timedelta, zone: ZoneInfo, now: datetime
) -> dict[int, Cell]:
    """The lane's cells by the row they start in; runs of one unavailable kind merge."""
    blocks = _blocks(lane.entries, starts, width)
    taken = [e.start for e in lane.entries]
    kinds = [_classify(lane, taken, s, width, now) for s in starts]
    cells: dict[int, Cell] = {}
    i = 0
    while i < len(starts):
        if i in blocks:
            last, entries = blocks[i]
            first_start = starts[i]
            cells[i] = Cell(
                SESSIONS,
                last - i + 1,
                lane.therapist_id,
                first_start.astimezone(zone) if first_start else None,
                tuple(entries),
            )
            i = last + 1
            continue
        kind, slot = kinds[i]
        if kind == FREE:
            cells[i] = Cell(FREE, 1, lane.therapist_id, slot.astimezone(zone) if slot else None)
            i += 1
            continue
        j = i + 1
        while j < len(starts) and j not in blocks and kinds[j][0] == kind:
            j += 1
        cells[i] = Cell(kind, j - i, lane.therapist_id)
        i = j
    return cells
