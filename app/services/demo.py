"""A demo clinic: staff of every role, a dozen clients, two weeks of sessions."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app import clock
from app.extensions import db
from app.models import AppointmentStatus, Clinic, ConsentKind, ConsentMethod, Role
from app.models.scoping import all_clinics, clinic_scope
from app.services import appointments, clients, clinics, consent, users

DEMO_PASSWORD = "seans-demo-1"  # noqa: S105  (demo data only)
LOGINS = [
    ("admin", "admin@demo.seans", DEMO_PASSWORD),
    ("therapist", "ayse@demo.seans", DEMO_PASSWORD),
    ("therapist", "mehmet@demo.seans", DEMO_PASSWORD),
    ("receptionist", "zeynep@demo.seans", DEMO_PASSWORD),
]
STAFF_NAMES = {
    "admin@demo.seans": "Deniz Aydın",
    "ayse@demo.seans": "Ayşe Yılmaz",
    "mehmet@demo.seans": "Mehmet Demir",
    "zeynep@demo.seans": "Zeynep Çelik",
}
CLIENTS = [
    ("Elif Kaya", "0532 100 00 01"),
    ("Murat Yıldız", "0533 100 00 02"),
    ("İlker Işık", "0535 100 00 03"),
    ("Şule Öztürk", "0536 100 00 04"),
    ("Gökhan Güneş", "0537 100 00 05"),
    ("Ceren Arslan", "0538 100 00 06"),
    ("Burak Koç", "0542 100 00 07"),
    ("Selin Aydemir", "0543 100 00 08"),
    ("Emre Çetin", "0544 100 00 09"),
    ("Nazlı Kurt", "0545 100 00 10"),
    ("Okan Polat", "0546 100 00 11"),
    ("Irmak Şahin", "0505 100 00 12"),
]
SESSION_HOURS = (9, 10, 11, 14, 15, 16, 17)


def load_demo() -> bool:
    """Fill an empty database; return False (and do nothing) if any clinic exists."""
    with all_clinics():
        if db.session.scalar(sa.select(sa.func.count()).select_from(Clinic)):
            return False
    clinic = clinics.create_clinic(
        "Moda Terapi Merkezi", "moda", address="Caferağa Mah. Moda Cad. No:12, Kadıköy, İstanbul"
    )
    with clinic_scope(clinic.id):
        staff = {
            email: users.create_user(clinic.id, email, STAFF_NAMES[email], password, Role(role))
            for role, email, password in LOGINS
        }
        people = [clients.create_client(clinic.id, name, phone) for name, phone in CLIENTS]
        therapists = [staff["ayse@demo.seans"], staff["mehmet@demo.seans"]]
        _book_two_weeks(clinic, therapists, people)
        # One client of each therapist may be texted, so reminders (and the
        # confirmation of anything booked for them) show on the fake SMS gateway.
        for person in (people[0], people[6]):
            consent.record_consent(
                person, ConsentKind.SMS, ConsentMethod.PAPER, recorded_by=staff["zeynep@demo.seans"]
            )
        # Audio notes are off unless a clinic turns them on; the demo shows them: Ayşe
        # may record for her first client, who gave recording consent on paper.
        clinic.audio_notes_enabled = True
        staff["ayse@demo.seans"].audio_notes_enabled = True
        consent.record_consent(
            people[0], ConsentKind.RECORDING, ConsentMethod.PAPER, recorded_by=therapists[0]
        )
    db.session.flush()
    return True


def _book_two_weeks(clinic: Clinic, therapists: list, people: list) -> None:
    zone = ZoneInfo(clinic.timezone)
    now = clock.now()
    today = now.astimezone(zone).date()
    rng = random.Random(2026)  # noqa: S311  (demo data, not security)
    # A few past days and the next ten; Sundays off, except today, so the first
    # page a newcomer sees is never empty.
    for offset in range(-4, 10):
        day = today + timedelta(days=offset)
        if day.weekday() == 6 and day != today:
            continue
        for index, therapist in enumerate(therapists):
            own_clients = people[index * 6 : (index + 1) * 6]
            for hour in sorted(rng.sample(SESSION_HOURS, 4)):
                start = datetime.combine(day, time(hour), zone).astimezone(UTC)
                appointment = appointments.book_appointment(
                    clinic, therapist.id, rng.choice(own_clients).id, start, override_hours=True
                )
                if start < now:
                    appointments.mark_attendance(appointment, AppointmentStatus.ATTENDED)
