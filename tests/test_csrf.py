"""Every state-changing route refuses a request without a valid CSRF token, and changes nothing."""

from __future__ import annotations

import sqlalchemy as sa
from conftest import HEADER_PATTERN, PASSWORD
from fillers import ROWS
from flask import url_for

from app.extensions import csrf, db
from app.models import User
from app.policy import POLICY, P

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
CSRF_MESSAGE = "The form expired. Reload the page and try again."
# Endpoints allowed to skip the token, each with the reason (e.g. a webhook that checks a
# signature instead). A new exemption must be added here on purpose.
EXEMPT: dict[str, str] = {
    "webhooks.status": "Vonage's delivery receipts carry its HMAC signature instead",
    "webhooks.inbound": "Vonage's inbound SMS carry its HMAC signature instead",
}

URL_VALUES = {
    "client_id": lambda world: world.client_id,
    "appointment_id": lambda world: world.appointment_id,
    "therapist_id": lambda world: world.user_ids["therapist"],
    **ROWS,  # rows made on demand, inside an app context
}

# A body each route would accept with a token, so that a refusal is the token's doing.
FORM_DATA = {
    "admin.update_reminders": lambda world: {
        "send_confirmation": "no",
        "first_reminder_hours": "48",
        "second_reminder_hours": "",
        "quiet_start": "22:00",
        "quiet_end": "08:00",
    },
    "message_texts.save": lambda world: {"body": "{greeting} {name}, {when}. {link}"},
    "message_texts.preview": lambda world: {"body": "{greeting} {name}, {when}. {link}"},
    "auth.login": lambda world: {"email": world.emails["receptionist"], "password": PASSWORD},
    "auth.unlock": lambda world: {"password": PASSWORD},
    "account.set_language": lambda world: {"language": "en", "next": "/"},  # stay English
    # The same password again, so later checks can still sign in.
    "account.change_password": lambda world: {"current": PASSWORD, "new": PASSWORD},
    "clients.create": lambda world: {
        "name": "Deniz Acar",
        "phone": "0532 111 22 33",
        "email": "",
        "language": "tr",
    },
    "clients.update": lambda world: {
        "name": "Elif Kaya",
        "phone": "0532 123 45 67",
        "email": "",
        "language": "tr",
    },
    "clients.record_consent": lambda world: {"kind": "sms"},
    "clients.withdraw_consent": lambda world: {"kind": "recording"},
    "consent_texts.publish": lambda world: {"kind": "sms", "language": "tr", "body": "Yeni metin"},
    "availability.add_hours": lambda world: {
        "weekday": "5",
        "kind": "work",
        "starts": "10:00",
        "ends": "14:00",
    },
    "availability.add_time_off": lambda world: {"first_day": "2027-01-05", "reason": "Leave"},
    "availability.add_holiday": lambda world: {"first_day": "2027-01-01", "reason": "New Year"},
    "availability.update_booking": lambda world: {
        "buffer_minutes": "15",
        "slot_step_minutes": "15",
    },
    "admin.update_clinic": lambda world: {
        "name": "Clinic A2",
        "address": "Moda",
        "timezone": "Europe/Istanbul",
        "locale": "tr",
        "idle_timeout_minutes": "30",
    },
}


def callers(endpoint: str) -> list[str | None]:
    """A staff user allowed to call the route (None: anonymous, when it is open to them)."""
    if endpoint not in POLICY:
        raise AssertionError(f"{endpoint} has no policy entry")
    allowed = POLICY[endpoint]
    picked: list[str | None] = []
    if endpoint.startswith("admin."):
        picked.append("admin")
    elif P.RECEPTIONIST in allowed:
        picked.append("receptionist")
    elif allowed & {P.TREATING_THERAPIST, P.OTHER_THERAPIST}:
        picked.append("therapist")
    elif P.ADMIN in allowed:
        picked.append("admin")
    if allowed & {P.ANONYMOUS, P.CLIENT_LINK}:
        picked.append(None)
    assert picked, f"{endpoint}: no caller to test it with"
    return picked


def url_for_rule(app, rule, world) -> str:
    values = {}
    for name in sorted(rule.arguments):
        if name not in URL_VALUES:
            raise AssertionError(f"{rule.rule}: no test value for <{name}>; add it to URL_VALUES")
        with app.app_context():
            values[name] = URL_VALUES[name](world)
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def snapshot(app) -> dict[str, list[str]]:
    """Every row of every table, to show that a refused request changed nothing."""
    with app.app_context(), db.engine.connect() as conn:
        return {
            table.name: sorted(repr(tuple(row)) for row in conn.execute(sa.select(table)))
            for table in db.metadata.sorted_tables
        }


def speak_english(app) -> None:
    """Messages in English whatever the clinic's language, so the refusal can be recognised
    (signed-in users by their own setting, anonymous callers by Accept-Language)."""
    with app.app_context():
        db.session.execute(sa.update(User).values(locale="en"))
        db.session.commit()


def is_csrf_refusal(response) -> bool:
    return response.status_code == 400 and CSRF_MESSAGE in response.get_data(as_text=True)


def test_every_state_changing_route_needs_the_token(app, world, make_browser, capsys):
    speak_english(app)
    checked, tried, failures = 0, 0, []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        methods = sorted(rule.methods & STATE_CHANGING)
        if not methods:
            continue
        if rule.endpoint in EXEMPT:
            continue
        url = url_for_rule(app, rule, world)
        data = FORM_DATA.get(rule.endpoint, lambda world: {})(world)
        checked += 1
        for method in methods:
            for caller in callers(rule.endpoint):
                requests, problems = _check(app, world, make_browser, method, url, data, caller)
                tried += requests
                failures += problems
    with capsys.disabled():
        print(
            f"\n[csrf] {checked} state-changing routes checked: {tried} requests without a "
            f"valid token, {len(failures)} problems"
        )
    assert checked > 0
    assert failures == []


def _check(app, world, make_browser, method, url, data, caller) -> tuple[int, list[str]]:
    label = f"{method} {url} as {caller or 'anonymous'}"
    browser = make_browser()
    browser.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    stale = browser.csrf()  # a token from before sign-in
    if caller is not None:
        assert browser.login(world.emails[caller]).status_code == 302, label
    foreign = make_browser().csrf()  # a valid token of another browser's session
    variants = [
        ("no token", {}),
        ("HTMX with a wrong X-CSRFToken", {"HX-Request": "true", "X-CSRFToken": "wrong"}),
        ("another session's token", {"X-CSRFToken": foreign}),
    ]
    if caller is not None:
        variants.append(("the token from before sign-in", {"X-CSRFToken": stale}))
    failures = []
    for name, headers in variants:
        before = snapshot(app)
        response = browser.client.open(url, method=method, data=data, headers=headers)
        if not is_csrf_refusal(response):
            failures.append(f"{label}, {name}: {response.status_code}, not a CSRF refusal")
        if snapshot(app) != before:
            failures.append(f"{label}, {name}: the database changed")
    # With the token the same request gets past the check: the refusals above were the token's.
    response = browser.client.open(
        url, method=method, data=data, headers={"X-CSRFToken": browser.csrf()}
    )
    if is_csrf_refusal(response):
        failures.append(f"{label}: refused even with a valid token")
    return len(variants), failures


def test_no_view_is_exempt_unless_listed(app):
    """Flask-WTF keeps its exemptions privately: views as "module.name", blueprints by name."""
    views = {
        f"{view.__module__}.{view.__name__}": endpoint
        for endpoint, view in app.view_functions.items()
    }
    exempt = {views.get(name, name) for name in csrf._exempt_views}
    assert exempt == set(EXEMPT)
    assert csrf._exempt_blueprints == set()


def test_token_in_the_htmx_header_is_accepted(browser, world):
    browser.login(world.emails["receptionist"])
    page = browser.get("/day")
    token = HEADER_PATTERN.search(page.get_data(as_text=True)).group(1)
    response = browser.client.post("/lock", headers={"X-CSRFToken": token, "HX-Request": "true"})
    assert response.status_code == 302
    assert response.location == "/locked"
    assert browser.get("/day").location == "/locked"  # the lock took effect
