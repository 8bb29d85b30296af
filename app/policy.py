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
    # The second factor: the sign-in steps come after the password, before a session.
    "second_factor.code": EVERYONE,
    "second_factor.enrol": EVERYONE,
    "second_factor.enrol_start": EVERYONE,
    "second_factor.enrol_confirm": EVERYONE,
    "second_factor.settings": STAFF,
    "second_factor.account_start": STAFF,
    "second_factor.account_confirm": STAFF,
    "second_factor.renew_codes": STAFF,
    "second_factor.turn_off": STAFF,
    "second_factor.clinic_rule": ADMINS,
    "second_factor.reset_member": frozenset({P.ADMIN}),
    "home.index": STAFF,
    "calendar.day": FRONT_DESK | THERAPISTS,
    "calendar.week": FRONT_DESK | THERAPISTS,
    "calendar.month": FRONT_DESK | THERAPISTS,
    # The command bar: a therapist's commands act on their own calendar only.
    "commands.preview": FRONT_DESK | THERAPISTS,
    "commands.confirm": FRONT_DESK | THERAPISTS,
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
    "clients.consent_link": frozenset({P.RECEPTIONIST, P.ADMIN, P.TREATING_THERAPIST}),
    "consent_texts.index": ADMINS,
    "consent_texts.publish": ADMINS,
    "audit_log.index": ADMINS,
    "message_texts.index": ADMINS,
    "message_texts.edit": ADMINS,
    "message_texts.preview": ADMINS,
    "message_texts.save": ADMINS,
    "message_texts.reset": ADMINS,
    "admin.settings": ADMINS,
    "admin.update_clinic": ADMINS,
    "admin.update_reminders": ADMINS,
    "admin.update_answers": ADMINS,
    "admin.end_sessions": frozenset({P.ADMIN}),
    # The staff lifecycle. Inviting names no one yet; the rest act on a member of the
    # admin's own clinic (another clinic's user id is 404, as an unknown one).
    "admin.invite_user": ADMINS,
    "admin.password_link": frozenset({P.ADMIN}),
    "admin.deactivate_user": frozenset({P.ADMIN}),
    "admin.reactivate_user": frozenset({P.ADMIN}),
    "admin.change_role": frozenset({P.ADMIN}),
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
    # Audio notes: only the session's own therapist records ("treating" on a recording
    # is the therapist who made it; the service refuses anyone else's with 403).
    "recordings.start": frozenset({P.TREATING_THERAPIST}),
    "recordings.chunk": frozenset({P.TREATING_THERAPIST}),
    "recordings.finish": frozenset({P.TREATING_THERAPIST}),
    "recordings.discard": frozenset({P.TREATING_THERAPIST}),
    "recordings.retry": frozenset({P.TREATING_THERAPIST}),
    "recordings.dismiss": frozenset({P.TREATING_THERAPIST}),
    # The note page's part of audio notes: the recording's fragment (it polls itself
    # while a recording waits) and the transcript draft's accept and discard.
    "notes.recording": frozenset({P.TREATING_THERAPIST}),
    "notes.accept_transcript": frozenset({P.TREATING_THERAPIST}),
    "notes.discard_transcript": frozenset({P.TREATING_THERAPIST}),
    # Vonage's webhooks: its signature over the parameters is the credential, and Vonage
    # sends no cookies; a signed-in browser has no business here.
    "webhooks.status": frozenset({P.ANONYMOUS, P.CLIENT_LINK}),
    "webhooks.inbound": frozenset({P.ANONYMOUS, P.CLIENT_LINK}),
    # Client replies: a therapist sees only the clients they treat (and clinical replies
    # in full only then); the front desk sees every non-clinical reply.
    "inbox.index": FRONT_DESK | THERAPISTS,
    "inbox.conversation": frozenset({P.RECEPTIONIST, P.ADMIN, P.TREATING_THERAPIST}),
    "inbox.mark_handled": frozenset({P.RECEPTIONIST, P.ADMIN, P.TREATING_THERAPIST}),
    # The urgent-reply bar alone (it refreshes itself): the signed-in therapist's own
    # open urgent replies, for the clients they treat; empty for anyone else.
    "inbox.urgent_bar": THERAPISTS,
    # Break-glass: only an admin of the note's clinic; the grant's notice is for its therapist.
    "emergency.page": frozenset({P.ADMIN}),
    "emergency.open_access": frozenset({P.ADMIN}),
    "emergency.seen": frozenset({P.TREATING_THERAPIST}),
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
    # A client's consent page: the link's token (128 random bits, stored hashed, expiring,
    # revocable, rate-limited as appointment links are) is the credential. Signed-in
    # staff are refused, so that no one gives a client's online consent from a staff session.
    "links.consent": frozenset({P.ANONYMOUS, P.CLIENT_LINK}),
    "links.give": frozenset({P.ANONYMOUS, P.CLIENT_LINK}),
    # A client's appointment page: the same kind of token (128 bits, hashed, expiring a
    # day after the session, rate-limited); staff are refused as on the consent page.
    "client_pages.show": frozenset({P.ANONYMOUS, P.CLIENT_LINK}),
    "client_pages.confirm": frozenset({P.ANONYMOUS, P.CLIENT_LINK}),
    "client_pages.cancel_form": frozenset({P.ANONYMOUS, P.CLIENT_LINK}),
    "client_pages.cancel": frozenset({P.ANONYMOUS, P.CLIENT_LINK}),
    "client_pages.times": frozenset({P.ANONYMOUS, P.CLIENT_LINK}),
    "client_pages.pick": frozenset({P.ANONYMOUS, P.CLIENT_LINK}),
    # A client's copy of their data. On the client's page: the front desk has the download
    # link texted to the client's own mobile number (no one at the clinic sees it), only
    # the treating therapist approves including their notes and the clinical messages.
    "exports.panel": frozenset({P.RECEPTIONIST, P.ADMIN, P.TREATING_THERAPIST}),
    "exports.approve_notes": frozenset({P.TREATING_THERAPIST}),
    "exports.prepare": frozenset({P.RECEPTIONIST, P.ADMIN}),
    # The client's download pages: the link's token (128 bits, hashed, 7 days, one live
    # per client, rate-limited) is the credential; staff are refused as on other links.
    "exports.link_page": frozenset({P.ANONYMOUS, P.CLIENT_LINK}),
    "exports.download_json": frozenset({P.ANONYMOUS, P.CLIENT_LINK}),
    "exports.print_view": frozenset({P.ANONYMOUS, P.CLIENT_LINK}),
    # The clinic's transparency page: built from its settings, no data of anyone in it.
    "privacy.clinic_page": EVERYONE,
    # The same page behind a client's link, and the form to ask about their data: the
    # link's token is the credential (rate-limited); staff are refused as on other links.
    "privacy.appointment_page": frozenset({P.ANONYMOUS, P.CLIENT_LINK}),
    "privacy.appointment_form": frozenset({P.ANONYMOUS, P.CLIENT_LINK}),
    "privacy.appointment_submit": frozenset({P.ANONYMOUS, P.CLIENT_LINK}),
    "privacy.consent_page": frozenset({P.ANONYMOUS, P.CLIENT_LINK}),
    "privacy.consent_form": frozenset({P.ANONYMOUS, P.CLIENT_LINK}),
    "privacy.consent_submit": frozenset({P.ANONYMOUS, P.CLIENT_LINK}),
    # Clients' data requests: the front desk records and handles them on the client's
    # page (therapists do not); the clinic-wide list is on the admin's settings page.
    "data_requests.record": frozenset({P.RECEPTIONIST, P.ADMIN}),
    "data_requests.take": frozenset({P.RECEPTIONIST, P.ADMIN}),
    "data_requests.complete": frozenset({P.RECEPTIONIST, P.ADMIN}),
    "data_requests.refuse": frozenset({P.RECEPTIONIST, P.ADMIN}),
    # Answering an erasure cannot be undone: admins only. Restricting is the front desk's;
    # lifting a restriction is an admin's.
    "data_requests.erase": frozenset({P.ADMIN}),
    "data_requests.restrict": frozenset({P.RECEPTIONIST, P.ADMIN}),
    "data_requests.lift_restriction": frozenset({P.ADMIN}),
    "admin.update_privacy": ADMINS,
    "admin.update_audio_notes": ADMINS,
    # A therapist's own switch for audio notes (only once the clinic allows them).
    "account.update_audio_notes": THERAPISTS,
    # A staff member's link to set their password (invitation or reset): the token (256
    # bits, stored hashed, 72 hours, single use, rate-limited) is the credential. The page
    # shows to anyone; a browser where someone is signed in is asked to sign out first,
    # and only a browser without a session may set the password, so that the new
    # password's owner never finds themselves in someone else's session.
    "account.setup": EVERYONE,
    "account.complete_setup": frozenset({P.ANONYMOUS, P.CLIENT_LINK}),
    # What clients asked for; a therapist sees and decides for their own sessions only.
    "requests.index": FRONT_DESK | THERAPISTS,
    "requests.approve": frozenset({P.RECEPTIONIST, P.ADMIN, P.TREATING_THERAPIST}),
    "requests.decline": frozenset({P.RECEPTIONIST, P.ADMIN, P.TREATING_THERAPIST}),
    "requests.settle_late": frozenset({P.RECEPTIONIST, P.ADMIN, P.TREATING_THERAPIST}),
}

# Endpoints a locked screen may still reach.
WHILE_LOCKED = frozenset(
    {"static", "public.health", "auth.locked", "auth.unlock", "auth.logout", "account.set_language"}
)

# Endpoints the page polls by itself: they keep no session alive (the idle timeout still
# ends it) and, in app.js, do not re-arm the idle timer (their elements carry data-passive).
PASSIVE = frozenset({"notes.up_next", "notes.recording"})


def staff_only(endpoint: str | None) -> bool:
    """A route for signed-in staff alone: no anonymous visitor or link holder may call it
    (so its page may carry what the signed-in user is to know, like the urgent bar)."""
    allowed = POLICY.get(endpoint or "")
    return allowed is not None and not allowed & {P.ANONYMOUS, P.CLIENT_LINK}


def allowed(endpoint: str, principal: Principal) -> bool:
    return principal in POLICY.get(endpoint, frozenset())


def require(principal: Principal) -> None:
    """Object-level check for the current request's endpoint."""
    if not allowed(request.endpoint or "", principal):
        abort(404 if principal is P.OTHER_CLINIC else 403)
