"""Who may call each route. Every endpoint in app.url_map must have an entry.

Role-level checks happen before the view (app.web); object-level ones (is this
therapist treating this client? is the object in this clinic?) happen where the
object is loaded, against the same table, through `require()`.
"""

from __future__ import annotations

import enum

from flask import abort, request


class Principal(enum.StrEnum):
    ANONYMOUS = "anonymous"
    CLIENT_LINK = "client_link"
    RECEPTIONIST = "receptionist"
    TREATING_THERAPIST = "treating_therapist"
    OTHER_THERAPIST = "other_therapist"
    ADMIN = "admin"
    OTHER_CLINIC = "other_clinic"  # a user of another clinic, whatever their role


P = Principal
EVERYONE = frozenset(P)
STAFF = frozenset(
    {P.RECEPTIONIST, P.TREATING_THERAPIST, P.OTHER_THERAPIST, P.ADMIN, P.OTHER_CLINIC}
)
FRONT_DESK = frozenset({P.RECEPTIONIST, P.ADMIN, P.OTHER_CLINIC})
THERAPISTS = frozenset({P.TREATING_THERAPIST, P.OTHER_THERAPIST, P.OTHER_CLINIC})
ADMINS = frozenset({P.ADMIN, P.OTHER_CLINIC})

POLICY: dict[str, frozenset[Principal]] = {
    "static": EVERYONE,
    "public.health": EVERYONE,
    # The AI-assistant disclosure: the same text for every clinic, no data in it.
    "public.ai": EVERYONE,
    "auth.login": EVERYONE,
    "auth.logout": STAFF,
    "auth.lock": STAFF,
    "auth.locked": STAFF,
    "auth.unlock": STAFF,
    "account.set_language": EVERYONE,
    "account.settings": STAFF,
    "account.change_password": STAFF,
    "home.index": STAFF,
    "calendar.day": FRONT_DESK | THERAPISTS,
    "calendar.week": FRONT_DESK | THERAPISTS,
    "calendar.month": FRONT_DESK | THERAPISTS,
    # A therapist books for themselves only (their choices hold no one else).
    "appointments.new": FRONT_DESK | THERAPISTS,
    "appointments.create": FRONT_DESK | THERAPISTS,
    # Object routes: "treating" is the appointment's own therapist.
    "appointments.show": frozenset({P.RECEPTIONIST, P.ADMIN, P.TREATING_THERAPIST}),
    "appointments.edit": frozenset({P.RECEPTIONIST, P.ADMIN, P.TREATING_THERAPIST}),
    "appointments.move": frozenset({P.RECEPTIONIST, P.ADMIN, P.TREATING_THERAPIST}),
    "appointments.cancel": frozenset({P.RECEPTIONIST, P.ADMIN, P.TREATING_THERAPIST}),
    "appointments.details": frozenset({P.RECEPTIONIST, P.ADMIN, P.TREATING_THERAPIST}),
    "appointments.attendance": frozenset({P.RECEPTIONIST, P.ADMIN, P.TREATING_THERAPIST}),
    "clients.index": FRONT_DESK | THERAPISTS,
    "clients.create": FRONT_DESK,
    # Object routes: a user of another clinic gets 404; a therapist only their own clients.
    "clients.show": frozenset({P.RECEPTIONIST, P.ADMIN, P.TREATING_THERAPIST}),
    "clients.search": FRONT_DESK | THERAPISTS,
    "clients.edit": frozenset({P.RECEPTIONIST, P.ADMIN, P.TREATING_THERAPIST}),
    "clients.update": frozenset({P.RECEPTIONIST, P.ADMIN, P.TREATING_THERAPIST}),
    "clients.archive": frozenset({P.RECEPTIONIST, P.ADMIN}),
    "clients.record_consent": frozenset({P.RECEPTIONIST, P.ADMIN, P.TREATING_THERAPIST}),
    "clients.withdraw_consent": frozenset({P.RECEPTIONIST, P.ADMIN, P.TREATING_THERAPIST}),
    "consent_texts.index": ADMINS,
    "consent_texts.publish": ADMINS,
    "audit_log.index": ADMINS,
    "admin.settings": ADMINS,
    "admin.update_clinic": ADMINS,
    "admin.end_sessions": frozenset({P.ADMIN}),
    "availability.index": ADMINS,
    "availability.update_booking": ADMINS,
    "availability.add_holiday": ADMINS,
    "availability.remove_holiday": frozenset({P.ADMIN}),
    "availability.therapist": frozenset({P.ADMIN}),
    "availability.add_hours": frozenset({P.ADMIN}),
    "availability.remove_hours": frozenset({P.ADMIN}),
    "availability.add_time_off": frozenset({P.ADMIN}),
    "availability.remove_time_off": frozenset({P.ADMIN}),
    # Notes: only the appointment's own therapist; another clinic's appointment is 404.
    "notes.editor": frozenset({P.TREATING_THERAPIST}),
    "notes.start": frozenset({P.TREATING_THERAPIST}),
    "notes.save": frozenset({P.TREATING_THERAPIST}),
    "notes.sign": frozenset({P.TREATING_THERAPIST}),
    "notes.amend": frozenset({P.TREATING_THERAPIST}),
    # The signed-in therapist's own "up next" panel (no object in the URL).
    "notes.up_next": THERAPISTS,
    "feeds.mine": THERAPISTS,
    # Object routes on a therapist: "treating" here means the therapist themselves.
    "feeds.show": frozenset({P.TREATING_THERAPIST, P.ADMIN}),
    "feeds.create": frozenset({P.TREATING_THERAPIST, P.ADMIN}),
    "feeds.revoke": frozenset({P.TREATING_THERAPIST, P.ADMIN}),
    # The only anonymous data route: calendar apps send no cookies, so the token in the
    # URL (256 random bits, stored hashed, revocable) is the credential.
    "feeds.ics": EVERYONE,
}

# Endpoints a locked screen may still reach.
WHILE_LOCKED = frozenset(
    {"static", "public.health", "auth.locked", "auth.unlock", "auth.logout", "account.set_language"}
)

# Endpoints the page polls by itself: they keep no session alive (the idle timeout still
# ends it) and, in app.js, do not re-arm the idle timer (their elements carry data-passive).
PASSIVE = frozenset({"notes.up_next"})


def allowed(endpoint: str, principal: Principal) -> bool:
    return principal in POLICY.get(endpoint, frozenset())


def require(principal: Principal) -> None:
    """Object-level check for the current request's endpoint."""
    if not allowed(request.endpoint or "", principal):
        abort(404 if principal is P.OTHER_CLINIC else 403)
