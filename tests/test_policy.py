"""The policy table is complete, and every route answers every principal as it says."""

from __future__ import annotations

import re
import uuid

import fillers
import pytest
from fillers import ROWS
from flask import url_for

from app.policy import POLICY, P

# Who plays each principal in the `world` fixture. A user of another clinic is
# tried in every role; a client's magic link is, outside link routes, anonymous.
PLAYERS = {
    P.ANONYMOUS: [None],
    P.CLIENT_LINK: [None],
    P.RECEPTIONIST: ["receptionist"],
    P.TREATING_THERAPIST: ["therapist"],
    P.OTHER_THERAPIST: ["other_therapist"],
    P.ADMIN: ["admin"],
    P.OTHER_CLINIC: ["foreign_admin", "foreign_therapist", "foreign_receptionist"],
}
OBJECT_PARAMS = {
    "client_id",
    "user_id",
    "therapist_id",
    "time_off_id",
    "holiday_id",
    "appointment_id",
    "grant_id",
    "request_id",
    "message_id",
    "data_request_id",
    "recording_id",
}
# Routes whose treating therapist is served only in a state the walk may have undone.
PREPARE = {"recordings.start": fillers.allow_recording}


def _url_values(rule, world) -> dict:
    values = {}
    for name in rule.arguments:
        if name == "client_id":
            values[name] = world.client_id
        elif name == "filename":
            values[name] = "css/app.css"
        elif name == "appointment_id":
            values[name] = world.appointment_id  # the treating therapist's session
        elif name == "therapist_id":
            values[name] = world.user_ids["therapist"]  # treating = the therapist themselves
        elif name in ROWS:
            values[name] = ROWS[name](world)  # needs a real row; runs in an app context
        else:
            pytest.fail(f"test_policy does not know how to fill <{name}> in {rule.rule}")
    return values


def _routes(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_every_route_has_a_policy_entry(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert sorted(endpoints - POLICY.keys()) == []
    assert sorted(POLICY.keys() - endpoints) == [], "stale policy entries"


def test_therapist_principals_agree_on_routes_without_objects(app):
    """Treating or not only matters where there is an object to treat."""
    for rule in app.url_map.iter_rules():
        if OBJECT_PARAMS.isdisjoint(rule.arguments):
            allowed = POLICY[rule.endpoint]
            assert (P.TREATING_THERAPIST in allowed) == (P.OTHER_THERAPIST in allowed), rule


def _denied(response, anonymous: bool) -> bool:
    if anonymous:
        location = response.headers.get("Location", "")
        return response.status_code == 401 or (
            response.status_code == 302 and location.startswith("/login")
        )
    return response.status_code in (403, 404)


def test_policy_matrix(app, world, make_browser, capsys):
    app.config["WTF_CSRF_ENABLED"] = False  # this test is about who, not about tokens
    checked = 0
    for rule, method in _routes(app):
        if P.CLIENT_LINK in POLICY[rule.endpoint] and P.ANONYMOUS not in POLICY[rule.endpoint]:
            pytest.fail(f"{rule.endpoint}: magic-link routes need a link-holder player here")
        with app.app_context():
            url_values = _url_values(rule, world)
            if rule.endpoint in PREPARE:
                PREPARE[rule.endpoint](world)
        with app.test_request_context():
            url = url_for(rule.endpoint, **url_values)
        for principal, players in PLAYERS.items():
            expected = principal in POLICY[rule.endpoint]
            verdicts = []
            for player in players:
                browser = make_browser()
                if player is not None:
                    assert browser.login(world.emails[player], csrf=False).status_code == 302
                response = browser.client.open(url, method=method)
                response.close()
                # "Allowed" must mean served, not crashed: a 500 is never a pass.
                assert response.status_code < 500, f"{method} {url} as {player}"
                denied = _denied(response, anonymous=player is None)
                if principal is P.OTHER_CLINIC and url_values.keys() & OBJECT_PARAMS:
                    # Another clinic's object must look exactly like one that does not exist.
                    with app.test_request_context():
                        missing = url_for(
                            rule.endpoint,
                            **{
                                k: (uuid.uuid4() if k in OBJECT_PARAMS else v)
                                for k, v in url_values.items()
                            },
                        )
                    probe = browser.client.open(missing, method=method)
                    probe.close()
                    assert response.status_code == probe.status_code, f"{method} {url}"
                    assert response.status_code in (403, 404)
                verdicts.append(not denied)
                checked += 1
            assert any(verdicts) == expected, (
                f"{method} {rule.rule} as {principal}: expected "
                f"{'allowed' if expected else 'denied'}, got {verdicts}"
            )
    with capsys.disabled():
        print(
            f"\npolicy matrix: {checked} requests over {len(list(_routes(app)))} "
            f"route-methods x {len(PLAYERS)} principals"
        )
    assert checked > 0


@pytest.mark.parametrize(
    ("role", "links"),
    [
        ("receptionist", ["Day", "Week", "Month", "Clients", "Requests", "Inbox", "Account"]),
        ("therapist", ["Day", "Week", "Month", "Clients", "Inbox", "Calendar feed", "Account"]),
        (
            "admin",
            [
                "Day",
                "Week",
                "Month",
                "Clients",
                "Requests",
                "Inbox",
                "Settings",
                "Availability",
                "Consent texts",
                "SMS texts",
                "Audit log",
                "Account",
            ],
        ),
    ],
)
def test_navigation_shows_each_role_what_it_may_use(browser, world, role, links):
    browser.login(world.emails[role])
    browser.post("/language", {"language": "en"})
    page = browser.get("/account").get_data(as_text=True)
    nav = page[page.index("<nav") : page.index("</nav>")]
    assert re.findall(r">([^<>]+)</a>", nav) == links


# feeds.ics is the one anonymous route that returns data: calendar apps fetch it without
# cookies, so the unguessable, hashed, revocable token in its URL stands in for a login
# (and it shows only times, initials and session types).
ANONYMOUS_ENDPOINTS = {
    "static",
    "public.health",
    "auth.login",
    "account.set_language",
    "feeds.ics",
    # The AI-assistant disclosure: one fixed text for every clinic, no data of anyone.
    "public.ai",
    # Vonage's webhooks: a valid signature is the credential (tests/test_outbox.py).
    "webhooks.status",
    "webhooks.inbound",
    # A client's consent page: like feeds.ics, the hashed, expiring token is the credential.
    "links.consent",
    "links.give",
    # A client's appointment page: the same kind of token, scoped to one session.
    "client_pages.show",
    "client_pages.confirm",
    "client_pages.cancel_form",
    "client_pages.cancel",
    "client_pages.times",
    "client_pages.pick",
    # A client's copy of their data: the same kind of token, made by staff for an access
    # request; GET only (page, JSON download, readable version).
    "exports.link_page",
    "exports.download_json",
    "exports.print_view",
    # The clinic's transparency page: its settings, no data of anyone.
    "privacy.clinic_page",
    # The same page and the data-request form behind a client's link (token as above).
    "privacy.appointment_page",
    "privacy.appointment_form",
    "privacy.appointment_submit",
    "privacy.consent_page",
    "privacy.consent_form",
    "privacy.consent_submit",
    # A staff member's link to set their password: the same kind of token, for one user;
    # the page shows to anyone, the password is set only without a session.
    "account.setup",
    "account.complete_setup",
    # The second factor's sign-in steps: they act only for the browser that has just given
    # the right password (a signed pending state); anyone else gets the login form.
    "second_factor.code",
    "second_factor.enrol",
    "second_factor.enrol_start",
    "second_factor.enrol_confirm",
}


def test_only_public_endpoints_admit_anonymous_callers():
    assert {e for e, allowed in POLICY.items() if P.ANONYMOUS in allowed} == ANONYMOUS_ENDPOINTS


@pytest.mark.parametrize(
    ("endpoint", "principal"),
    [
        ("admin.settings", P.RECEPTIONIST),
        ("admin.settings", P.TREATING_THERAPIST),
        ("admin.end_sessions", P.RECEPTIONIST),
        ("admin.end_sessions", P.OTHER_CLINIC),
        ("admin.update_answers", P.RECEPTIONIST),
        ("admin.update_answers", P.TREATING_THERAPIST),
        ("clients.show", P.OTHER_THERAPIST),
        ("clients.show", P.OTHER_CLINIC),
        ("clients.create", P.TREATING_THERAPIST),
        ("appointments.move", P.OTHER_THERAPIST),
        ("appointments.cancel", P.OTHER_CLINIC),
        ("appointments.show", P.OTHER_THERAPIST),
        ("availability.therapist", P.RECEPTIONIST),
        ("availability.add_hours", P.TREATING_THERAPIST),
        ("availability.update_booking", P.RECEPTIONIST),
        ("availability.remove_holiday", P.OTHER_CLINIC),
        ("feeds.create", P.OTHER_THERAPIST),
        ("feeds.create", P.RECEPTIONIST),
        ("feeds.revoke", P.OTHER_CLINIC),
        ("data_requests.record", P.TREATING_THERAPIST),
        ("data_requests.refuse", P.TREATING_THERAPIST),
        ("data_requests.take", P.OTHER_CLINIC),
        ("admin.update_privacy", P.RECEPTIONIST),
        ("admin.invite_user", P.RECEPTIONIST),
        ("admin.invite_user", P.TREATING_THERAPIST),
        ("admin.deactivate_user", P.OTHER_CLINIC),
        ("admin.change_role", P.OTHER_CLINIC),
        ("admin.password_link", P.OTHER_CLINIC),
        ("account.complete_setup", P.ADMIN),
    ],
)
def test_policy_keeps_roles_apart(endpoint, principal):
    assert principal not in POLICY[endpoint]
