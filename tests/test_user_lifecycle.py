"""Staff accounts run by the clinic's admin: invitation by one-time link, deactivation,
reactivation, password reset links, role changes; the last admin stays; every step is
audited; another clinic's admin reaches none of it."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from conftest import PASSWORD
from test_auth import assert_signed_out, comparable, cookie_of, english, path_of, with_cookie

from app.extensions import db
from app.models import AccountLink, AuditEvent, Membership, Role, User, WeeklyHours
from app.models.scoping import clinic_scope
from app.services import feeds

NEW_PASSWORD = "a brand new passphrase"
SHOWN_LINK = re.compile(r'class="link-url" type="text" readonly autocomplete="off" value="([^"]+)"')
HX = {"HX-Request": "true"}
WRONG = "E-mail or password is wrong."
GONE = "ask your clinic’s admin for a new one"
LAST_ADMIN = "is the clinic’s last active admin. Make someone else an admin first."
REFUSED = "This address cannot be invited. Check it, or use another one."


def signed_in(make_browser, world, who: str):
    browser = english(make_browser())
    assert browser.login(world.emails[who]).status_code == 302
    browser.post("/language", {"language": "en"})
    return browser


def invite(admin, name: str, email: str, role: str = "therapist", **kwargs):
    data = {"invite-name": name, "invite-email": email, "invite-role": role}
    return admin.post("/admin/users/invite", data, **kwargs)


def shown_link(response) -> str:
    found = SHOWN_LINK.findall(response.get_data(as_text=True))
    assert len(found) == 1, "no link (or more than one) in the answer"
    return found[0]


def user_id_of(app, email: str) -> uuid.UUID:
    with app.app_context():
        return db.session.scalars(sa.select(User.id).where(User.email == email)).one()


def membership(app, world, user_id: uuid.UUID) -> Membership:
    with app.app_context(), clinic_scope(world.clinic_id):
        row = db.session.scalars(sa.select(Membership).where(Membership.user_id == user_id)).one()
        db.session.expunge(row)
        return row


def audit_rows(app, clinic_id: uuid.UUID) -> list[tuple[str, str | None, uuid.UUID | None, dict]]:
    """(action, object id, actor id, details) of the clinic's chain, oldest first."""
    with app.app_context():
        rows = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.chain == str(clinic_id)).order_by(AuditEvent.seq)
        )
        return [(r.action, r.object_id, r.actor_id, json.loads(r.details)) for r in rows]


def actions_about(app, clinic_id: uuid.UUID, user_id: uuid.UUID) -> list[str]:
    """The clinic's audit actions on the user's account (not views of their calendar)."""
    with app.app_context():
        return list(
            db.session.scalars(
                sa.select(AuditEvent.action)
                .where(
                    AuditEvent.chain == str(clinic_id),
                    AuditEvent.object_type == "user",
                    AuditEvent.object_id == str(user_id),
                )
                .order_by(AuditEvent.seq)
            )
        )


def open_link(browser, url: str, password: str | None = None):
    path = urlsplit(url).path
    if password is None:
        return browser.get(path)
    return browser.post(path, {"password": password})


def test_invite_set_password_then_sign_in(app, world, make_browser):
    app.config["PUBLIC_URL"] = "https://seans.example/"  # not the Host the request names
    admin = signed_in(make_browser, world, "admin")
    admin_id = world.user_ids["admin"]

    invited = invite(admin, "Deniz Acar", "  Deniz@A.test ", headers={"Host": "localhost:8080"})
    assert invited.status_code == 200
    url = shown_link(invited)
    assert url.startswith("https://seans.example/account/setup/")
    token = url.rsplit("/", 1)[1]
    assert len(token) >= 43  # 256 bits
    user_id = user_id_of(app, "deniz@a.test")
    with app.app_context():
        stored = db.session.scalars(
            sa.select(AccountLink.token_hash)
            .where(AccountLink.user_id == user_id)
            .execution_options(all_clinics=True)
        ).all()
    assert stored == [hashlib.sha256(token.encode()).digest()]  # the hash only

    # Shown once: the staff page after that has the person, not the link.
    again = admin.get("/admin/").get_data(as_text=True)
    assert "Deniz Acar" in again and "Invited, link pending" in again
    assert token not in again and "link-url" not in again

    # Until the link is used, no password opens the account; the answer is a wrong password's.
    refused = english(make_browser()).login("deniz@a.test", PASSWORD)
    wrong = english(make_browser()).login("deniz@a.test", "not the password")
    assert refused.status_code == wrong.status_code == 422
    assert comparable(refused, PASSWORD) == comparable(wrong, "not the password")

    person = english(make_browser())
    page = open_link(person, url)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Deniz Acar" in text and "deniz@a.test" in text
    too_short = open_link(person, url, "short one")
    assert too_short.status_code == 422
    assert "Use at least 10 characters." in too_short.get_data(as_text=True)

    done = open_link(person, url, NEW_PASSWORD)
    # Signed in at once, and offered the second factor (test_second_factor.py).
    assert done.status_code == 302 and path_of(done) == "/account/second-factor"
    assert "Your password is set." in person.get(done.location).get_data(as_text=True)
    assert person.get("/", follow_redirects=True).request.path == "/week"
    person.logout()
    signed = person.login("deniz@a.test", NEW_PASSWORD)
    assert signed.status_code == 302
    assert person.get(signed.location, follow_redirects=True).request.path == "/week"

    assert "Active" in admin.get("/admin/").get_data(as_text=True)
    assert actions_about(app, world.clinic_id, user_id) == [
        "user.invited",
        "account_link.issued",
        "account.password_set",
        "login",
        "session.logout",
        "login",
    ]
    rows = {a: (actor, details) for a, obj, actor, details in audit_rows(app, world.clinic_id)}
    assert rows["user.invited"] == (admin_id, {"role": "therapist"})
    assert rows["account_link.issued"][0] == admin_id
    assert rows["account.password_set"][0] == user_id


def test_a_used_link_does_not_work_again(app, world, make_browser):
    admin = signed_in(make_browser, world, "admin")
    url = shown_link(invite(admin, "Deniz Acar", "deniz@a.test"))
    assert open_link(english(make_browser()), url, NEW_PASSWORD).status_code == 302

    later = english(make_browser())
    for response in (open_link(later, url), open_link(later, url, "another password!")):
        assert response.status_code == 410
        assert GONE in response.get_data(as_text=True)
    assert later.login("deniz@a.test", "another password!").status_code == 422
    assert later.login("deniz@a.test", NEW_PASSWORD).status_code == 302


def test_a_link_expires_after_72_hours(app, world, make_browser, clock):
    admin = signed_in(make_browser, world, "admin")
    url = shown_link(invite(admin, "Deniz Acar", "deniz@a.test"))
    person = english(make_browser())
    clock.advance(hours=71, minutes=59)
    assert open_link(person, url).status_code == 200
    clock.advance(minutes=1)
    expired = open_link(person, url)
    assert expired.status_code == 410
    assert GONE in expired.get_data(as_text=True)
    assert open_link(person, url, NEW_PASSWORD).status_code == 410
    admin = signed_in(make_browser, world, "admin")  # the first session timed out meanwhile
    assert "Invited, link expired" in admin.get("/admin/").get_data(as_text=True)

    # The admin makes a new invitation link; it works, and it is still an invitation.
    user_id = user_id_of(app, "deniz@a.test")
    renewed = admin.post(f"/admin/users/{user_id}/password-link")
    assert renewed.status_code == 200
    assert open_link(person, shown_link(renewed), NEW_PASSWORD).status_code == 302
    assert person.login("deniz@a.test", NEW_PASSWORD).status_code == 302
    issued = [d for a, o, _, d in audit_rows(app, world.clinic_id) if a == "account_link.issued"]
    assert [d["purpose"] for d in issued] == ["invite", "invite"]


def test_a_new_link_ends_the_older_one(app, world, make_browser):
    admin = signed_in(make_browser, world, "admin")
    desk = world.user_ids["receptionist"]
    first = shown_link(admin.post(f"/admin/users/{desk}/password-link"))
    second = shown_link(admin.post(f"/admin/users/{desk}/password-link"))
    person = english(make_browser())
    assert open_link(person, first).status_code == 410
    assert open_link(person, second).status_code == 200
    issued = [d for a, o, _, d in audit_rows(app, world.clinic_id) if a == "account_link.issued"]
    assert [(d["purpose"], d["replaced"]) for d in issued] == [("reset", 0), ("reset", 1)]


def test_reset_link_keeps_the_old_password_until_the_new_one_is_set(app, world, make_browser):
    email, desk = world.emails["receptionist"], world.user_ids["receptionist"]
    at_desk = signed_in(make_browser, world, "receptionist")
    copied = cookie_of(at_desk)
    admin = signed_in(make_browser, world, "admin")

    made = admin.post(f"/admin/users/{desk}/password-link")
    assert made.status_code == 200
    assert "their current password works until then" in made.get_data(as_text=True)
    url = shown_link(made)
    # Making the link locks no one out: the password and the open session still work.
    assert make_browser().login(email).status_code == 302
    assert at_desk.get("/day").status_code == 200
    assert "Active" in admin.get("/admin/").get_data(as_text=True)

    person = english(make_browser())
    page = open_link(person, url).get_data(as_text=True)
    assert "Your old password stops working" in page
    assert open_link(person, url, NEW_PASSWORD).status_code == 302
    assert make_browser().login(email).status_code == 422
    assert make_browser().login(email, NEW_PASSWORD).status_code == 302
    assert_signed_out(with_cookie(make_browser(), copied).get("/day"))
    steps = actions_about(app, world.clinic_id, desk)
    assert steps[steps.index("account_link.issued") :] == [
        "account_link.issued",
        "login",  # with the old password, after the link was made
        "session.password_set",
        "session.password_set",
        "account.password_set",
        "login",  # signed in by setting it
        "login",  # with the new one, elsewhere
    ]


def test_deactivation_ends_a_copied_session_at_once(app, world, make_browser):
    email, desk = world.emails["receptionist"], world.user_ids["receptionist"]
    at_desk = signed_in(make_browser, world, "receptionist")
    copied = cookie_of(at_desk)
    admin = signed_in(make_browser, world, "admin")

    done = admin.post(f"/admin/users/{desk}/deactivate")
    assert done.status_code == 302 and path_of(done) == "/admin/"
    assert "is deactivated" in admin.get("/admin/").get_data(as_text=True)
    assert_signed_out(with_cookie(make_browser(), copied).get("/day"))
    assert_signed_out(at_desk.get("/day"))

    right = english(make_browser()).login(email)
    wrong = english(make_browser()).login(email, "not the password")
    assert right.status_code == wrong.status_code == 422
    assert WRONG in right.get_data(as_text=True)
    assert comparable(right, PASSWORD) == comparable(wrong, "not the password")

    # History stays: the account, the membership and the trail are all there.
    row = membership(app, world, desk)
    assert row.deactivated_at is not None and row.role is Role.RECEPTIONIST
    with app.app_context():
        assert db.session.get(User, desk) is not None
    assert "Deactivated" in admin.get("/admin/").get_data(as_text=True)
    assert actions_about(app, world.clinic_id, desk)[-2:] == [
        "session.deactivated",
        "user.deactivated",
    ]
    details = [d for a, o, _, d in audit_rows(app, world.clinic_id) if a == "user.deactivated"]
    assert details == [{"sessions_ended": 1, "links_revoked": 0}]


def test_a_session_of_a_deactivated_membership_is_refused(app, world, make_browser):
    """Whatever set deactivated_at, the session ends at its next request."""
    at_desk = signed_in(make_browser, world, "receptionist")
    with app.app_context(), clinic_scope(world.clinic_id):
        db.session.execute(
            sa.update(Membership)
            .where(Membership.user_id == world.user_ids["receptionist"])
            .values(deactivated_at=datetime.now(UTC))
        )
        db.session.commit()
    assert_signed_out(at_desk.get("/day"))
    assert "session.deactivated" in actions_about(
        app, world.clinic_id, world.user_ids["receptionist"]
    )


def test_deactivation_ends_pending_links_and_the_calendar_feed(app, world, make_browser):
    admin = signed_in(make_browser, world, "admin")
    url = shown_link(invite(admin, "Deniz Acar", "deniz@a.test"))
    deniz = user_id_of(app, "deniz@a.test")
    therapist = world.user_ids["therapist"]
    with app.app_context(), clinic_scope(world.clinic_id):
        _, feed_token = feeds.create_feed(world.clinic_id, therapist)
        db.session.commit()
    assert make_browser().get(f"/feeds/{feed_token}.ics").status_code == 200

    assert admin.post(f"/admin/users/{deniz}/deactivate").status_code == 302
    assert admin.post(f"/admin/users/{therapist}/deactivate").status_code == 302
    assert open_link(english(make_browser()), url).status_code == 410
    assert make_browser().get(f"/feeds/{feed_token}.ics").status_code == 404
    refused = admin.post(f"/admin/users/{deniz}/password-link")
    assert refused.status_code == 422
    assert "Reactivate Deniz Acar first." in refused.get_data(as_text=True)


def test_reactivation_lets_them_sign_in_again(app, world, make_browser):
    email, desk = world.emails["receptionist"], world.user_ids["receptionist"]
    admin = signed_in(make_browser, world, "admin")
    assert admin.post(f"/admin/users/{desk}/deactivate").status_code == 302
    assert make_browser().login(email).status_code == 422

    back = admin.post(f"/admin/users/{desk}/reactivate")
    assert back.status_code == 302
    assert "can sign in again" in admin.get("/admin/").get_data(as_text=True)
    assert membership(app, world, desk).deactivated_at is None
    assert make_browser().login(email).status_code == 302
    assert actions_about(app, world.clinic_id, desk)[-3:] == [
        "user.deactivated",
        "user.reactivated",
        "login",
    ]


def test_a_role_change_changes_what_the_session_may_open(app, world, make_browser):
    desk = world.user_ids["receptionist"]
    at_desk = signed_in(make_browser, world, "receptionist")
    admin = signed_in(make_browser, world, "admin")
    assert at_desk.get("/admin/").status_code == 403

    promoted = admin.post(f"/admin/users/{desk}/role", {"role": "admin"})
    assert promoted.status_code == 302
    assert at_desk.get("/admin/").status_code == 200  # the same session, at its next click

    moved = admin.post(f"/admin/users/{desk}/role", {"role": "therapist"})
    assert moved.status_code == 302
    assert at_desk.get("/admin/").status_code == 403
    assert at_desk.get("/calendar-feed").status_code == 200  # therapists only
    with app.app_context(), clinic_scope(world.clinic_id):
        hours = db.session.scalars(
            sa.select(WeeklyHours).where(WeeklyHours.therapist_id == desk)
        ).all()
    assert hours, "a new therapist gets the default working hours, to be bookable"

    nonsense = admin.post(f"/admin/users/{desk}/role", {"role": "owner"})
    assert nonsense.status_code == 422
    assert membership(app, world, desk).role is Role.THERAPIST
    changes = [
        (d["previous"], d["role"])
        for a, o, _, d in audit_rows(app, world.clinic_id)
        if a == "user.role_changed"
    ]
    assert changes == [("receptionist", "admin"), ("admin", "therapist")]


def test_the_last_admin_can_be_neither_demoted_nor_deactivated(app, world, make_browser):
    admin_id = world.user_ids["admin"]
    admin = signed_in(make_browser, world, "admin")
    before = len(audit_rows(app, world.clinic_id))
    for url, data in [
        (f"/admin/users/{admin_id}/deactivate", {}),
        (f"/admin/users/{admin_id}/role", {"role": "therapist"}),
    ]:
        refused = admin.post(url, data)
        assert refused.status_code == 422, url
        assert "Admin " + LAST_ADMIN in refused.get_data(as_text=True)
        fragment = admin.post(url, data, headers=HX)
        assert fragment.status_code == 422
        assert "<html" not in fragment.get_data(as_text=True)
        assert LAST_ADMIN in fragment.get_data(as_text=True)
    row = membership(app, world, admin_id)
    assert row.role is Role.ADMIN and row.deactivated_at is None
    assert admin.get("/admin/").status_code == 200
    changes = [a for a, *_ in audit_rows(app, world.clinic_id)[before:]]
    assert "user.deactivated" not in changes and "user.role_changed" not in changes

    # An invited admin who has not set a password yet is not an active admin.
    url = shown_link(invite(admin, "Selin Er", "selin@a.test", "admin"))
    assert admin.post(f"/admin/users/{admin_id}/deactivate").status_code == 422
    person = english(make_browser())
    assert open_link(person, url, NEW_PASSWORD).status_code == 302

    # With a second active admin, the first may step down and is led off the admin pages.
    stepped = admin.post(f"/admin/users/{admin_id}/role", {"role": "therapist"})
    assert stepped.status_code == 302 and path_of(stepped) == "/"
    assert admin.get("/admin/").status_code == 403
    assert person.login("selin@a.test", NEW_PASSWORD).status_code == 302
    person.post("/language", {"language": "en"})
    selin_id = user_id_of(app, "selin@a.test")
    last = person.post(f"/admin/users/{selin_id}/deactivate")
    assert last.status_code == 422
    assert "Selin Er " + LAST_ADMIN in last.get_data(as_text=True)


def test_an_admin_may_deactivate_themselves_while_another_admin_remains(app, world, make_browser):
    admin_id = world.user_ids["admin"]
    admin = signed_in(make_browser, world, "admin")
    promoted = admin.post(f"/admin/users/{world.user_ids['receptionist']}/role", {"role": "admin"})
    assert promoted.status_code == 302
    gone = admin.post(f"/admin/users/{admin_id}/deactivate", headers=HX)
    assert gone.status_code == 204 and gone.headers["HX-Redirect"] == "/login"
    assert_signed_out(admin.get("/admin/"))
    assert make_browser().login(world.emails["admin"]).status_code == 422


ACTIONS = [
    ("deactivate", {}),
    ("reactivate", {}),
    ("password-link", {}),
    ("role", {"role": "admin"}),
    ("end-sessions", {}),
]


@pytest.mark.parametrize(("action", "data"), ACTIONS, ids=[a for a, _ in ACTIONS])
def test_another_clinics_admin_gets_404_for_our_user(app, world, make_browser, action, data):
    desk = world.user_ids["receptionist"]
    at_desk = signed_in(make_browser, world, "receptionist")
    before = audit_rows(app, world.clinic_id)
    foreign = signed_in(make_browser, world, "foreign_admin")

    nobody = uuid.uuid4()
    ours = foreign.post(f"/admin/users/{desk}/{action}", data)
    unknown = foreign.post(f"/admin/users/{nobody}/{action}", data)
    assert ours.status_code == unknown.status_code == 404
    assert comparable(ours, str(desk)) == comparable(unknown, str(nobody))
    htmx = foreign.post(f"/admin/users/{desk}/{action}", data, headers=HX)
    assert htmx.status_code == 404

    # Nothing changed for our receptionist, and our clinic's trail got nothing.
    row = membership(app, world, desk)
    assert row.role is Role.RECEPTIONIST and row.deactivated_at is None
    with app.app_context():
        links = db.session.scalars(
            sa.select(AccountLink)
            .where(AccountLink.user_id == desk)
            .execution_options(all_clinics=True)
        ).all()
    assert links == []
    assert audit_rows(app, world.clinic_id)[len(before) :] == []
    assert at_desk.get("/day").status_code == 200


def test_an_address_of_another_clinic_is_refused_like_any_unusable_address(
    app, world, make_browser
):
    admin = signed_in(make_browser, world, "admin")
    elsewhere = world.emails["foreign_therapist"]
    answers = {
        address: invite(admin, "Deniz Acar", address)
        for address in (elsewhere, elsewhere.upper(), "not-an-address", "deniz@localhost")
    }
    for address, response in answers.items():
        assert response.status_code == 422, address
        assert REFUSED in response.get_data(as_text=True), address
    bodies = {comparable(response, address) for address, response in answers.items()}
    assert len(bodies) == 1

    for address in (elsewhere, "not-an-address"):
        fragment = invite(admin, "Deniz Acar", address, headers=HX)
        assert fragment.status_code == 422 and "<html" not in fragment.get_data(as_text=True)
    hx_bodies = {
        comparable(invite(admin, "Deniz Acar", a, headers=HX), a)
        for a in (elsewhere, "nobody at all")
    }
    assert len(hx_bodies) == 1

    refusals = [
        (obj, details)
        for action, obj, _, details in audit_rows(app, world.clinic_id)
        if action == "user.invite_refused"
    ]
    assert refusals == [(None, {})] * len(refusals) and len(refusals) == 8
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 7

    # Someone of this clinic is named as such: the admin sees them in the list anyway.
    ours = invite(admin, "Desk Again", world.emails["receptionist"])
    assert ours.status_code == 422
    assert "Someone in this clinic already uses this address." in ours.get_data(as_text=True)


def test_invitations_are_bounded_per_clinic(app, world, make_browser):
    admin = signed_in(make_browser, world, "admin")
    statuses = [invite(admin, "X", f"nobody{i}").status_code for i in range(30)]
    assert statuses == [422] * 30
    throttled = invite(admin, "Deniz Acar", "deniz@a.test")
    assert throttled.status_code == 422
    assert "Too many invitations" in throttled.get_data(as_text=True)
    other = signed_in(make_browser, world, "foreign_admin")
    assert invite(other, "Deniz Acar", "deniz@b.test").status_code == 200


def test_invitation_by_htmx_swaps_the_staff_section(app, world, make_browser):
    admin = signed_in(make_browser, world, "admin")
    response = invite(admin, "Deniz Acar", "deniz@a.test", "receptionist", headers=HX)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<html" not in body and body.lstrip().startswith(
        '<section class="card span-all" id="staff"'
    )
    assert "Deniz Acar" in body and "Invited, link pending" in body
    assert shown_link(response).startswith("http://localhost/account/setup/")
    assert "HX-Request" in response.headers.get("Vary", "")
    missing = invite(admin, "", "", headers=HX)
    assert missing.status_code == 422 and "<html" not in missing.get_data(as_text=True)


def test_a_signed_in_browser_is_asked_to_sign_out_first(app, world, make_browser):
    admin = signed_in(make_browser, world, "admin")
    url = shown_link(invite(admin, "Deniz Acar", "deniz@a.test"))
    page = open_link(admin, url)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "sign out first" in text and "deniz@a.test" not in text
    assert open_link(admin, url, NEW_PASSWORD).status_code == 403
    # The link is untouched: the invited person still uses it.
    assert open_link(english(make_browser()), url, NEW_PASSWORD).status_code == 302


def test_setup_pages_are_rate_limited(app, world, make_browser):
    from app.services import account_links

    person = make_browser()
    statuses = [
        person.get(f"/account/setup/{'x' * 43}").status_code
        for _ in range(account_links.PER_ADDRESS + 1)
    ]
    assert statuses == [410] * account_links.PER_ADDRESS + [429]


def test_the_staff_page_in_turkish(app, world, make_browser):
    admin = english(make_browser())
    admin.login(world.emails["admin"])
    admin.post("/language", {"language": "tr"})
    invite(admin, "Deniz Acar", "deniz@a.test")
    text = admin.get("/admin/").get_data(as_text=True)
    for words in ("Birini davet et", "Davet edildi, bağlantı bekliyor", "Devre dışı bırak"):
        assert words in text


def test_changing_ones_own_password_ends_a_pending_reset_link(app, world, make_browser):
    desk = world.user_ids["receptionist"]
    admin = signed_in(make_browser, world, "admin")
    url = shown_link(admin.post(f"/admin/users/{desk}/password-link"))
    at_desk = signed_in(make_browser, world, "receptionist")
    changed = at_desk.post("/account/password", {"current": PASSWORD, "new": NEW_PASSWORD})
    assert changed.status_code == 302
    assert open_link(english(make_browser()), url).status_code == 410
    assert open_link(english(make_browser()), url, "another new passphrase").status_code == 410
    assert make_browser().login(world.emails["receptionist"], NEW_PASSWORD).status_code == 302
