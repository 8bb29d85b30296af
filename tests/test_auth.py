"""Logins, server-side sessions, timeouts, throttling and the lock screen (shared reception PC)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from argon2 import PasswordHasher, Type, extract_parameters
from conftest import CSRF_PATTERN, HEADER_PATTERN, PASSWORD

from app.extensions import db
from app.models import Clinic, User
from app.services.passwords import PROFILES, hasher

COOKIE = "seans_session"
CLIENT = "Elif Kaya"
NEW_PASSWORD = "a much longer new password"
SESSION_ENDED = "Your session ended"


def english(browser):
    """Anonymous pages follow Accept-Language, so their messages can be asserted in English."""
    browser.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return browser


def path_of(response) -> str:
    return urlsplit(response.location).path


def cookie_of(browser) -> str:
    cookie = browser.client.get_cookie(COOKIE)
    assert cookie is not None, "no session cookie"
    return cookie.value


def with_cookie(browser, value: str):
    """A second machine holding a copy of someone's cookie."""
    browser.client.set_cookie(COOKIE, value)
    return browser


def page_token(response) -> str:
    match = HEADER_PATTERN.search(response.get_data(as_text=True))
    assert match, "no CSRF token on the page"
    return match.group(1)


def comparable(response, echoed: str) -> str:
    """The body with per-session CSRF tokens and the echoed input taken out."""
    text = response.get_data(as_text=True)
    for pattern in (CSRF_PATTERN, HEADER_PATTERN):
        for token in pattern.findall(text):
            text = text.replace(token, "<csrf>")
    return text.replace(echoed, "<echoed>")


def assert_signed_out(response) -> None:
    assert response.status_code == 302, response.status_code
    assert path_of(response) == "/login"


@pytest.mark.parametrize(
    ("role", "first_page"),
    [
        ("receptionist", "/day"),
        ("therapist", "/week"),
        ("other_therapist", "/week"),
        ("admin", "/admin/"),
    ],
)
def test_each_role_lands_on_its_first_page(browser, world, role, first_page):
    response = browser.login(world.emails[role])
    assert response.status_code == 302
    landed = browser.get(response.location, follow_redirects=True)
    assert landed.status_code == 200
    assert landed.request.path == first_page


@pytest.mark.parametrize(
    ("next_url", "landing"),
    [
        ("/clients/", "/clients/"),
        ("//evil.test/phish", "/day"),
        ("https://evil.test/phish", "/day"),
        ("evil.test", "/day"),
    ],
)
def test_login_follows_only_local_next(browser, world, next_url, landing):
    response = browser.post(
        "/login",
        {"email": world.emails["receptionist"], "password": PASSWORD},
        query_string={"next": next_url},
    )
    assert response.status_code == 302
    assert not urlsplit(response.location).netloc
    assert browser.get(response.location, follow_redirects=True).request.path == landing


def test_wrong_password_and_unknown_email_look_the_same(make_browser, world):
    known_email, unknown_email = world.emails["receptionist"], "nobody@a.test"
    known = english(make_browser()).login(known_email, "not the password")
    unknown = english(make_browser()).login(unknown_email, "not the password")
    assert known.status_code == unknown.status_code == 422
    assert "E-mail or password is wrong." in known.get_data(as_text=True)
    assert comparable(known, known_email) == comparable(unknown, unknown_email)


def test_unknown_email_costs_the_same_argon2_work(monkeypatch, make_browser, world):
    """Equal work, so response time does not tell whether the account exists."""
    calls: list[str] = []
    for name in ("hash", "verify"):
        real = getattr(PasswordHasher, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(PasswordHasher, name, counted)

    def work(email: str) -> list[str]:
        calls.clear()
        assert make_browser().login(email, "not the password").status_code == 422
        return list(calls)

    work("warm-up@a.test")  # a process may prepare its stand-in hash once
    assert work("nobody@a.test") == work(world.emails["receptionist"]) == ["verify"]


def test_cookie_copied_before_logout_is_rejected_after(browser, make_browser, world):
    browser.login(world.emails["receptionist"])
    copied = cookie_of(browser)
    assert CLIENT in with_cookie(make_browser(), copied).get("/day").get_data(as_text=True)

    assert browser.logout().status_code == 302

    thief = with_cookie(make_browser(), copied)
    response = thief.get("/day", follow_redirects=True)
    assert [r.status_code for r in response.history] == [302]
    assert response.request.path == "/login"
    assert CLIENT not in response.get_data(as_text=True)


def test_idle_timeout_ends_the_session(browser, world, clock):
    english(browser).login(world.emails["receptionist"])
    assert browser.get("/day").status_code == 200
    clock.advance(minutes=14)
    assert browser.get("/day").status_code == 200
    clock.advance(minutes=14, seconds=59)  # activity at 14 minutes restarted the count
    assert browser.get("/day").status_code == 200
    clock.advance(minutes=15)
    response = browser.get("/day")
    assert_signed_out(response)
    text = browser.get(response.location).get_data(as_text=True)
    assert SESSION_ENDED in text
    assert CLIENT not in text


@pytest.mark.parametrize("minutes", [5, 30])
def test_clinic_idle_setting_changes_the_expiry(app, make_browser, world, clock, minutes):
    admin = make_browser()
    admin.login(world.emails["admin"])
    saved = admin.post(
        "/admin/clinic",
        {
            "name": "Clinic A",
            "address": "",
            "timezone": "Europe/Istanbul",
            "locale": "tr",
            "idle_timeout_minutes": str(minutes),
        },
    )
    assert saved.status_code == 302
    with app.app_context():
        assert db.session.get(Clinic, world.clinic_id).idle_timeout_minutes == minutes

    desk = make_browser()
    desk.login(world.emails["receptionist"])
    clock.advance(minutes=minutes - 1)  # 4 is within the default 15; 29 is beyond it
    assert desk.get("/day").status_code == 200
    clock.advance(minutes=minutes)
    assert_signed_out(desk.get("/day"))


def test_clinic_settings_from_a_page_without_the_address_keep_it_empty(app, browser, world):
    """A form without the address field saved None into a NOT NULL column: a 500."""
    browser.login(world.emails["admin"])
    saved = browser.post(
        "/admin/clinic",
        {
            "name": "Clinic A",
            "timezone": "Europe/Istanbul",
            "locale": "tr",
            "idle_timeout_minutes": "15",
        },
    )
    assert saved.status_code == 302
    with app.app_context():
        assert db.session.get(Clinic, world.clinic_id).address == ""


def test_absolute_timeout_after_twelve_hours_of_activity(browser, world, clock):
    browser.login(world.emails["receptionist"])
    step = timedelta(minutes=10)
    for _ in range(timedelta(hours=12) // step - 1):
        clock.advance(minutes=10)
        assert browser.get("/day").status_code == 200
    clock.advance(minutes=10)
    assert_signed_out(browser.get("/day"))


def test_account_throttle_does_not_reveal_the_account(app, make_browser, world, clock):
    desk, ghost = world.emails["receptionist"], "ghost@a.test"
    known, unknown = english(make_browser()), english(make_browser())
    for attempt in range(1, 12):
        a = known.login(desk, "not the password")
        b = unknown.login(ghost, "not the password")
        expected = 422 if attempt <= 10 else 429
        assert (a.status_code, b.status_code) == (expected, expected), f"attempt {attempt}"
        assert comparable(a, desk) == comparable(b, ghost), f"attempt {attempt}"
    assert "Too many attempts" in a.get_data(as_text=True)

    assert known.login(desk).status_code == 429  # even the right password, within the window
    assert make_browser().login(world.emails["therapist"]).status_code == 302  # same address

    clock.advance(seconds=app.config["LOGIN_WINDOW"].total_seconds() - 1)
    assert known.login(desk).status_code == 429
    clock.advance(seconds=1)
    assert known.login(desk).status_code == 302


def test_per_address_limit_across_accounts(app, make_browser, world):
    limit = 6
    app.config["LOGIN_MAX_FAILURES_PER_IP"] = limit
    emails = list(world.emails.values())  # one failure per account: no account limit is hit
    assert len(emails) > limit
    attacker = make_browser()
    statuses = [attacker.login(email, "not the password").status_code for email in emails]
    assert statuses[:limit] == [422] * limit
    assert statuses[limit:] == [429] * (len(emails) - limit)

    elsewhere = make_browser()
    elsewhere.client.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    assert elsewhere.login(world.emails["receptionist"]).status_code == 302


@pytest.mark.parametrize(
    "old",
    [
        PasswordHasher(time_cost=2, memory_cost=8, parallelism=1, hash_len=4, salt_len=8),
        PasswordHasher(time_cost=1, memory_cost=16, parallelism=1, hash_len=4, salt_len=8),
        PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, hash_len=32, salt_len=16),
        PasswordHasher(
            time_cost=1, memory_cost=8, parallelism=1, hash_len=4, salt_len=8, type=Type.I
        ),
    ],
    ids=["time_cost", "memory_cost", "hash_len", "argon2i"],
)
def test_login_rehashes_when_parameters_change(app, browser, world, old):
    user_id = world.user_ids["receptionist"]
    with app.app_context():
        user = db.session.get(User, user_id)
        user.password_hash = old.hash(PASSWORD)
        db.session.commit()
        old_hash = user.password_hash
        assert hasher().check_needs_rehash(old_hash)

    assert browser.login(world.emails["receptionist"], "not the password").status_code == 422
    with app.app_context():
        assert db.session.get(User, user_id).password_hash == old_hash  # only on success

    assert browser.login(world.emails["receptionist"]).status_code == 302
    with app.app_context():
        stored = db.session.get(User, user_id).password_hash
        assert stored != old_hash
        assert not hasher().check_needs_rehash(stored)
        assert extract_parameters(stored) == PROFILES[app.config["ARGON2_PROFILE"]]
        assert hasher().verify(stored, PASSWORD)


def test_lock_screen(browser, make_browser, world):
    browser.login(world.emails["receptionist"])
    assert CLIENT in browser.get("/day").get_data(as_text=True)

    response = browser.post("/lock")
    assert response.status_code == 302 and path_of(response) == "/locked"
    locked = browser.get("/locked")
    assert locked.status_code == 200
    assert CLIENT not in locked.get_data(as_text=True)
    assert "0532" not in locked.get_data(as_text=True)
    for url in ["/", "/day", "/clients/", f"/clients/{world.client_id}", "/account"]:
        response = browser.get(url)
        assert (response.status_code, path_of(response)) == (302, "/locked"), url
    fragment = browser.get("/day", headers={"HX-Request": "true"})
    assert fragment.headers.get("HX-Redirect") == "/locked"
    assert CLIENT not in fragment.get_data(as_text=True)

    token = page_token(locked)
    # On the lock screen the token comes from that page (csrf=False: we pass it ourselves).
    wrong = browser.post(
        "/unlock", {"password": "not the password", "csrf_token": token}, csrf=False
    )
    assert wrong.status_code == 422
    assert CLIENT not in wrong.get_data(as_text=True)
    assert browser.get("/day").status_code == 302
    right = browser.post("/unlock", {"password": PASSWORD, "csrf_token": token}, csrf=False)
    assert right.status_code == 302
    assert CLIENT in browser.get("/day").get_data(as_text=True)

    # "Switch user" on the lock screen ends that session and opens the login page.
    browser.post("/lock")
    copied = cookie_of(browser)
    switched = browser.post(
        "/logout", {"csrf_token": page_token(browser.get("/locked"))}, csrf=False
    )
    assert switched.status_code == 302 and path_of(switched) == "/login"
    login_page = browser.get("/login")
    assert login_page.status_code == 200
    assert 'name="password"' in login_page.get_data(as_text=True)
    assert_signed_out(with_cookie(make_browser(), copied).get("/day"))

    assert browser.login(world.emails["therapist"]).status_code == 302
    assert browser.get("/", follow_redirects=True).request.path == "/week"


def test_password_change_ends_other_sessions(make_browser, world):
    email = world.emails["receptionist"]
    here, there = make_browser(), make_browser()
    here.login(email)
    there.login(email)

    too_short = here.post("/account/password", {"current": PASSWORD, "new": "short"})
    assert too_short.status_code == 422
    wrong_current = here.post("/account/password", {"current": "not it", "new": NEW_PASSWORD})
    assert wrong_current.status_code == 422
    assert there.get("/day").status_code == 200  # a rejected change ends nothing

    changed = here.post("/account/password", {"current": PASSWORD, "new": NEW_PASSWORD})
    assert changed.status_code == 302
    assert here.get("/day").status_code == 200
    assert_signed_out(there.get("/day"))
    assert make_browser().login(email).status_code == 422
    assert make_browser().login(email, NEW_PASSWORD).status_code == 302


def test_wrong_current_password_counts_toward_the_throttle(make_browser, world):
    """A session left open must not allow unlimited guesses at the account's password."""
    email = world.emails["receptionist"]
    here = make_browser()
    here.login(email)
    statuses = [
        here.post("/account/password", {"current": "not it", "new": NEW_PASSWORD}).status_code
        for _ in range(11)
    ]
    assert statuses == [422] * 10 + [429]
    refused = here.post("/account/password", {"current": PASSWORD, "new": NEW_PASSWORD})
    assert refused.status_code == 429
    assert make_browser().login(email).status_code == 429
    assert make_browser().login(email, NEW_PASSWORD).status_code == 429  # unchanged


def test_admin_ends_a_users_sessions(make_browser, world):
    desk = make_browser()
    desk.login(world.emails["receptionist"])
    copied = cookie_of(desk)
    url = f"/admin/users/{world.user_ids['receptionist']}/end-sessions"

    foreign = make_browser()
    foreign.login(world.emails["foreign_admin"])
    refused = foreign.post(url)
    assert refused.status_code == 404
    missing = foreign.post(f"/admin/users/{world.client_id}/end-sessions")  # no such user
    assert missing.status_code == 404
    assert comparable(refused, str(world.user_ids["receptionist"])) == comparable(
        missing, str(world.client_id)
    )
    assert with_cookie(make_browser(), copied).get("/day").status_code == 200

    admin = make_browser()
    admin.login(world.emails["admin"])
    ended = admin.post(url)
    assert ended.status_code == 302 and path_of(ended) == "/admin/"
    assert_signed_out(with_cookie(make_browser(), copied).get("/day"))
    assert_signed_out(desk.get("/day"))
    assert admin.get("/admin/").status_code == 200


def test_logout_clears_site_data(browser, world):
    browser.login(world.emails["receptionist"])
    response = browser.logout()
    assert response.status_code == 302 and path_of(response) == "/login"
    directives = {d.strip() for d in response.headers["Clear-Site-Data"].split(",")}
    assert {'"cache"', '"storage"'} <= directives
    # Not "cookies": the device cookie that lets the owner in past an attacker's guesses
    # stays (test_login_devices.py). The session cookie itself is expired by name.
    expired = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(f"{COOKIE}=;")]
    assert expired and "Expires=Thu, 01 Jan 1970" in expired[0]
    assert browser.client.get_cookie(COOKIE) is None
    assert browser.client.get_cookie("seans_device") is not None
    assert_signed_out(browser.get("/day"))


@pytest.mark.parametrize(
    ("address", "block"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.9", "203.0.113.9"),
        ("not-an-address", "not-an-address"),
    ],
)
def test_an_ipv6_attacker_cannot_escape_the_ip_limit_by_changing_address(address, block):
    from app.services.auth import address_block

    assert address_block(address) == block
