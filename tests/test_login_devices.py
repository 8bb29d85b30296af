"""Brute force without lockout (OWASP device cookies): wrong passwords throttle the
attacker's browser and address, while the owner signs in from a known device at once."""

from __future__ import annotations

from urllib.parse import urlsplit

from conftest import PASSWORD

from app.services import login_devices

WRONG = "not the password"


def path_of(response) -> str:
    return urlsplit(response.location).path


def known_device(make_browser, email: str):
    """The owner's own browser: it signed in once, then signed out."""
    owner = make_browser()
    assert owner.login(email).status_code == 302
    assert owner.logout().status_code == 302
    assert owner.client.get_cookie(login_devices.COOKIE_NAME) is not None
    return owner


def test_200_wrong_passwords_then_the_owner_signs_in_from_a_known_device(make_browser, world):
    email = world.emails["receptionist"]
    owner = known_device(make_browser, email)
    attacker = make_browser()  # same address as the owner: behind the clinic's NAT
    statuses = [attacker.login(email, WRONG).status_code for _ in range(200)]
    assert statuses[:10] == [422] * 10
    assert set(statuses[10:]) == {429}
    assert attacker.login(email).status_code == 429  # even with the password, from there

    arrived = owner.login(email)
    assert arrived.status_code == 302 and path_of(arrived) == "/"


def test_a_known_device_guessing_is_throttled_on_its_own(app, make_browser, world):
    email = world.emails["receptionist"]
    owner = known_device(make_browser, email)
    limit = app.config["LOGIN_MAX_FAILURES_PER_DEVICE"]
    assert [owner.login(email, WRONG).status_code for _ in range(limit)] == [422] * limit
    # Past its own limit the device counts as unknown: the unknown devices' budget is
    # then what is left, here untouched, so the owner still gets in.
    assert owner.login(email).status_code == 302
    assert make_browser().login(email).status_code == 302


def test_a_device_known_to_one_account_is_unknown_to_another(make_browser, world):
    owner = known_device(make_browser, world.emails["receptionist"])
    target = world.emails["therapist"]
    for _ in range(10):
        make_browser().login(target, WRONG)
    assert owner.login(target).status_code == 429


def test_a_forged_or_copied_entry_does_not_make_a_device_known(make_browser, world):
    email = world.emails["receptionist"]
    for _ in range(10):
        make_browser().login(email, WRONG)
    forged = make_browser()
    forged.client.set_cookie(
        login_devices.COOKIE_NAME, "AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA"
    )
    assert forged.login(email).status_code == 429


def test_fifty_failures_behind_one_address_lock_nobody_out(make_browser, world):
    """The pen test's finding: 50 wrong passwords from a clinic's NAT locked out everyone."""
    known = known_device(make_browser, world.emails["admin"])
    victims = [world.emails[k] for k in ("receptionist", "therapist", "other_therapist")]
    for i in range(50):
        make_browser().login(victims[i % 3], f"{WRONG} {i}")
    assert known.login(world.emails["admin"]).status_code == 302
    assert make_browser().login(world.emails["foreign_admin"]).status_code == 302


def test_the_cookie_says_nothing_about_the_account(make_browser, world):
    email = world.emails["receptionist"]
    owner = known_device(make_browser, email)
    value = owner.client.get_cookie(login_devices.COOKIE_NAME).value
    assert email.split("@")[0] not in value and str(world.user_ids["receptionist"]) not in value
    cookie = owner.client.get_cookie(login_devices.COOKIE_NAME)
    assert cookie.http_only and cookie.same_site == "Lax"

    failed = make_browser()
    failed.login(email, WRONG)
    assert failed.client.get_cookie(login_devices.COOKIE_NAME) is None  # only a success
    unknown = make_browser()
    unknown.login("ghost@a.test", PASSWORD)
    assert unknown.client.get_cookie(login_devices.COOKIE_NAME) is None


def test_a_shared_pc_remembers_each_account_that_signed_in(make_browser, world):
    pc = make_browser()
    for key in ("receptionist", "therapist"):
        assert pc.login(world.emails[key]).status_code == 302
        pc.logout()
    for key in ("receptionist", "therapist"):
        for _ in range(10):
            make_browser().login(world.emails[key], WRONG)
    for key in ("receptionist", "therapist"):
        assert pc.login(world.emails[key]).status_code == 302
        pc.logout()
