"""The second factor: TOTP enrolment, the sign-in step, recovery codes, remembered
devices and the clinic's rule that makes it mandatory."""

from __future__ import annotations

import base64
import re
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from conftest import PASSWORD

from app.extensions import db
from app.models import AuditEvent, RecoveryCode, User
from app.services.second_factor import DIGITS, STEP_SECONDS, hotp

SECRET = re.compile(r"data-secret>([A-Z2-7]+)</code>")
RECOVERY = re.compile(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>")


def path_of(response) -> str:
    return urlsplit(response.location).path


def code_for(secret: str, clock, steps: int = 0) -> str:
    raw = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return hotp(raw, int(clock().timestamp()) // STEP_SECONDS + steps)


def enrol(browser, clock, start: str, confirm: str) -> tuple[str, list[str]]:
    page = browser.post(start)
    assert page.status_code == 200, page.status_code
    text = page.get_data(as_text=True)
    assert "<svg" in text, "no QR code"
    secret = SECRET.search(text).group(1)
    done = browser.post(confirm, {"code": code_for(secret, clock)})
    assert done.status_code == 200, done.status_code
    codes = RECOVERY.findall(done.get_data(as_text=True))
    assert len(codes) == 10 and len(set(codes)) == 10
    return secret, codes


def enrolled(make_browser, world, clock, who: str = "therapist") -> tuple[str, list[str]]:
    browser = make_browser()
    assert browser.login(world.emails[who]).status_code == 302
    secret, codes = enrol(
        browser, clock, "/account/second-factor/start", "/account/second-factor/confirm"
    )
    browser.logout()
    clock.advance(seconds=STEP_SECONDS)  # the enrolment's code is spent
    return secret, codes


def actions(app, action: str) -> int:
    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
        )


def test_hotp_matches_rfc_6238_and_4226_vectors():
    seed = b"12345678901234567890"
    assert DIGITS == 6
    assert [hotp(seed, n) for n in range(3)] == ["755224", "287082", "359152"]
    assert hotp(seed, 59 // 30) == "287082"  # RFC 6238, T = 59 s, last six of 94287082
    assert hotp(seed, 1111111109 // 30) == "081804"  # RFC 6238: 07081804


def test_enrolment_then_sign_in_asks_for_a_code(app, make_browser, world, clock):
    secret, _codes = enrolled(make_browser, world, clock)
    assert actions(app, "second_factor.enabled") == 1

    browser = make_browser()
    step = browser.login(world.emails["therapist"])
    assert step.status_code == 302 and path_of(step) == "/login/code"
    assert path_of(browser.get("/week")) == "/login"  # no session before the code

    wrong = browser.post("/login/code", {"code": "000000"})
    assert wrong.status_code == 422
    assert actions(app, "second_factor.failed") == 1
    right = browser.post("/login/code", {"code": code_for(secret, clock)})
    assert right.status_code == 302 and path_of(right) == "/"
    assert browser.get("/week").status_code == 200


def test_a_code_is_good_once_and_from_a_neighbouring_step_only(app, make_browser, world, clock):
    secret, _codes = enrolled(make_browser, world, clock)
    email = world.emails["therapist"]
    first = make_browser()
    first.login(email)
    used = code_for(secret, clock)
    assert first.post("/login/code", {"code": used}).status_code == 302

    second = make_browser()
    second.login(email)
    assert second.post("/login/code", {"code": used}).status_code == 422  # replayed
    assert second.post("/login/code", {"code": code_for(secret, clock, 2)}).status_code == 422
    assert second.post("/login/code", {"code": code_for(secret, clock, 1)}).status_code == 302


def test_wrong_codes_are_throttled(app, make_browser, world, clock):
    secret, _codes = enrolled(make_browser, world, clock)
    browser = make_browser()
    browser.login(world.emails["therapist"])
    tries = app.config["SECOND_FACTOR_TRIES"]
    statuses = [
        browser.post("/login/code", {"code": "123456"}).status_code for _ in range(tries + 1)
    ]
    assert statuses == [422] * tries + [429]
    assert browser.post("/login/code", {"code": code_for(secret, clock)}).status_code == 429


def test_a_recovery_code_works_once(app, make_browser, world, clock):
    _secret, codes = enrolled(make_browser, world, clock)
    email = world.emails["therapist"]
    first = make_browser()
    first.login(email)
    assert first.post("/login/code", {"code": codes[3].upper()}).status_code == 302
    assert actions(app, "second_factor.recovery_used") == 1

    again = make_browser()
    again.login(email)
    assert again.post("/login/code", {"code": codes[3]}).status_code == 422
    assert again.post("/login/code", {"code": codes[4]}).status_code == 302


def test_recovery_codes_and_seed_are_not_stored_in_clear(app, make_browser, world, clock):
    secret, codes = enrolled(make_browser, world, clock)
    raw_seed = base64.b32decode(secret + "=" * (-len(secret) % 8))
    with app.app_context():
        user = db.session.get(User, world.user_ids["therapist"])
        assert raw_seed not in user.totp_secret
        hashes = db.session.scalars(sa.select(RecoveryCode.code_hash)).all()
        assert len(hashes) == 10
        for code in codes:
            assert all(code.replace("-", "").encode() not in h for h in hashes)


def test_a_remembered_device_skips_the_code_and_only_that_one(app, make_browser, world, clock):
    secret, _codes = enrolled(make_browser, world, clock)
    email = world.emails["therapist"]
    mine = make_browser()
    mine.login(email)
    mine.post("/login/code", {"code": code_for(secret, clock), "remember": "y"})
    mine.logout()
    again = mine.login(email)
    assert again.status_code == 302 and path_of(again) == "/"

    other = make_browser()
    assert path_of(other.login(email)) == "/login/code"
    clock.advance(days=31)
    mine.logout()
    assert path_of(mine.login(email)) == "/login/code"


def test_waiting_for_the_code_ends_after_ten_minutes(app, make_browser, world, clock):
    secret, _codes = enrolled(make_browser, world, clock)
    browser = make_browser()
    browser.login(world.emails["therapist"])
    clock.advance(minutes=11)
    late = browser.post("/login/code", {"code": code_for(secret, clock)})
    assert late.status_code == 200 and 'action="/login' in late.get_data(as_text=True)
    assert path_of(browser.get("/week")) == "/login"
    stranger = make_browser()  # a valid code, but this browser never gave the password
    assert stranger.post("/login/code", {"code": code_for(secret, clock)}).status_code == 200
    assert path_of(stranger.get("/week")) == "/login"


def test_admin_makes_it_mandatory_and_a_receptionist_is_led_through(
    app, make_browser, world, clock
):
    admin = make_browser()
    admin.login(world.emails["admin"])
    assert admin.post("/admin/second-factor", {"required": "y"}).status_code == 302
    assert actions(app, "second_factor.required") == 1

    desk = make_browser()
    step = desk.login(world.emails["receptionist"])
    assert step.status_code == 302 and path_of(step) == "/login/second-factor"
    assert path_of(desk.get("/day")) == "/login"
    assert desk.get("/login/second-factor").status_code == 200
    secret, codes = enrol(desk, clock, "/login/second-factor/start", "/login/second-factor")
    assert desk.get("/day").status_code == 200  # signed in once the factor is on

    assert desk.post("/account/second-factor/off", {"off-password": PASSWORD}).status_code == 403
    desk.logout()
    clock.advance(seconds=STEP_SECONDS)
    assert path_of(desk.login(world.emails["receptionist"])) == "/login/code"
    assert desk.post("/login/code", {"code": code_for(secret, clock)}).status_code == 302


def test_the_rule_is_the_admins_alone_and_per_clinic(app, make_browser, world):
    desk = make_browser()
    desk.login(world.emails["receptionist"])
    assert desk.post("/admin/second-factor", {"required": "y"}).status_code == 403
    foreign = make_browser()
    foreign.login(world.emails["foreign_admin"])
    assert foreign.post("/admin/second-factor", {"required": "y"}).status_code == 302
    assert path_of(make_browser().login(world.emails["therapist"])) == "/"


def test_turning_it_off_needs_the_password(app, make_browser, world, clock):
    enrolled(make_browser, world, clock)
    browser = make_browser()
    browser.login(world.emails["other_therapist"])  # someone without it can still sign in
    me = make_browser()
    me.login(world.emails["therapist"])
    assert path_of(me.login(world.emails["therapist"])) == "/login/code"


@pytest.mark.parametrize("wrong", ["not the password", ""])
def test_off_and_new_codes_refuse_a_wrong_password(app, make_browser, world, clock, wrong):
    secret, _codes = enrolled(make_browser, world, clock)
    browser = make_browser()
    browser.login(world.emails["therapist"])
    browser.post("/login/code", {"code": code_for(secret, clock)})
    off = browser.post("/account/second-factor/off", {"off-password": wrong})
    assert off.status_code in (400, 422)
    renew = browser.post("/account/second-factor/codes", {"renew-password": wrong})
    assert renew.status_code in (400, 422)
    with app.app_context():
        assert db.session.get(User, world.user_ids["therapist"]).totp_enabled_at is not None

    assert browser.post("/account/second-factor/off", {"off-password": PASSWORD}).status_code == 302
    assert actions(app, "second_factor.disabled") == 1
    browser.logout()
    assert path_of(browser.login(world.emails["therapist"])) == "/"


def test_an_admin_resets_a_members_lost_factor(app, make_browser, world, clock):
    secret, _codes = enrolled(make_browser, world, clock)
    email, user_id = world.emails["therapist"], world.user_ids["therapist"]
    mine = make_browser()
    mine.login(email)
    mine.post("/login/code", {"code": code_for(secret, clock)})
    assert mine.get("/week").status_code == 200
    url = f"/admin/users/{user_id}/second-factor/reset"

    foreign = make_browser()
    foreign.login(world.emails["foreign_admin"])
    assert foreign.post(url).status_code == 404
    desk = make_browser()
    desk.login(world.emails["receptionist"])
    assert desk.post(url).status_code in (403, 404)
    assert mine.get("/week").status_code == 200

    admin = make_browser()
    admin.login(world.emails["admin"])
    assert admin.post(url).status_code == 302
    assert actions(app, "second_factor.disabled") == 1
    assert path_of(mine.get("/week")) == "/login"  # their sessions ended
    assert path_of(make_browser().login(email)) == "/"
