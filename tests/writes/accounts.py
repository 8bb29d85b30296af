"""Recipes for signing in and out, a member's own account, and the second factor."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

import sqlalchemy as sa
from conftest import PASSWORD, Browser

from app.extensions import db
from app.models import (
    AccountLink,
    Clinic,
    Role,
    User,
    UserSession,
)
from app.services import (
    clinics,
    passwords,
    users,
)
from writes.stage import (
    SET,
    Build,
    Call,
    Stage,
    audited,
    code_for,
    exists,
    row_is,
)

SECRET = re.compile(r"data-secret>([A-Z2-7]+)</code>")


# --- sign-in, the second factor -------------------------------------------------------


def _signed_in_with_code(s: Stage, secret: str, email: str) -> Callable[[Browser], None]:
    def step(browser: Browser) -> None:
        _password_given(email)(browser)
        # The next step's code (one step of drift is allowed): enrolment spent this one's.
        code = code_for(secret, s.now, steps=1)
        answer = browser.post("/login/code", {"code": code}, csrf=False)
        assert answer.status_code == 302, answer.status_code

    return step


def _password_given(email: str) -> Callable[[Browser], None]:
    """The sign-in's first step: the password, leaving the second step pending."""

    def step(browser: Browser) -> None:
        assert browser.login(email, csrf=False).status_code == 302

    return step


def _enrolment_started(
    url: str, secrets_seen: list[str], email: str | None = None
) -> Callable[[Browser], None]:
    def step(browser: Browser) -> None:
        if email is not None:
            _password_given(email)(browser)
        page = browser.post(url, csrf=False)
        assert page.status_code == 200, page.status_code
        secrets_seen.append(SECRET.search(page.get_data(as_text=True)).group(1))

    return step


def _login(s: Stage, n: int) -> Call:
    user = s.member()
    return Call(
        "/login",
        {"email": user.email, "password": PASSWORD},
        exists(sa.select(UserSession).where(UserSession.user_id == user.id)),
    )


def _logout(s: Stage, n: int) -> Call:
    user = s.member()
    live = sa.select(UserSession).where(
        UserSession.user_id == user.id, UserSession.revoked_at.is_(None)
    )
    return Call("/logout", present=lambda: not exists(live)(), who=user.email)


def _lock(s: Stage, n: int) -> Call:
    user = s.member()
    locked = sa.select(UserSession).where(
        UserSession.user_id == user.id, UserSession.locked_at.is_not(None)
    )
    return Call("/lock", present=exists(locked), who=user.email)


def _unlock(s: Stage, n: int) -> Call:
    user = s.member()
    open_ = sa.select(UserSession).where(
        UserSession.user_id == user.id,
        UserSession.locked_at.is_(None),
        UserSession.revoked_at.is_(None),
    )

    def lock(browser: Browser) -> None:
        assert browser.post("/lock", csrf=False).status_code == 302

    return Call("/unlock", {"password": PASSWORD}, exists(open_), user.email, lock)


def _change_password(s: Stage, n: int) -> Call:
    user = s.member()
    new, user_id = f"a new password {n}", user.id

    def changed() -> bool:
        return passwords.verify_password(db.session.get_one(User, user_id).password_hash, new)

    return Call("/account/password", {"current": PASSWORD, "new": new}, changed, user.email)


def _complete_setup(s: Stage, n: int) -> Call:
    admin = db.session.get_one(User, s.world.user_ids["admin"])
    issued = users.invite_user(
        s.world.clinic_id,
        "Davetli",
        f"invited{n}-{uuid.uuid4().hex[:6]}@a.test",
        Role.THERAPIST,
        admin,
    )
    db.session.flush()
    token = issued.url.rsplit("/", 1)[1]
    used = sa.select(AccountLink).where(
        AccountLink.user_id == issued.user.id, AccountLink.used_at.is_not(None)
    )
    return Call(f"/account/setup/{token}", {"password": f"my own password {n}"}, exists(used))


def _set_language(s: Stage, n: int) -> Call:
    user = s.member()
    return Call("/language", {"language": "en"}, row_is(User, user.id, locale="en"), user.email)


def _my_audio_notes(s: Stage, n: int) -> Call:
    s.clinic.audio_notes_enabled = True
    db.session.flush()
    user = s.member(Role.THERAPIST)
    return Call(
        "/account/audio-notes",
        {"audio_notes_enabled": "y"},
        row_is(User, user.id, audio_notes_enabled=True),
        user.email,
    )


def _account_start(s: Stage, n: int) -> Call:
    user = s.member()
    return Call(
        "/account/second-factor/start",
        present=row_is(User, user.id, totp_secret=SET),
        who=user.email,
    )


def _account_confirm(s: Stage, n: int) -> Call:
    user = s.member()
    seen: list[str] = []
    return Call(
        "/account/second-factor/confirm",
        lambda: {"code": code_for(seen[0], s.now)},
        row_is(User, user.id, totp_enabled_at=SET),
        user.email,
        _enrolment_started("/account/second-factor/start", seen),
    )


def _code(s: Stage, n: int) -> Call:
    user = s.member()
    secret = s.enrolled(user)
    live = sa.select(UserSession).where(UserSession.user_id == user.id)
    return Call(
        "/login/code",
        lambda: {"code": code_for(secret, s.now)},
        exists(live),
        before=_password_given(user.email),
    )


def _strict_clinic(s: Stage) -> uuid.UUID:
    """A third clinic that requires the second factor (so clinic A's sign-ins need none)."""
    found = db.session.scalar(sa.select(Clinic.id).where(Clinic.slug == "clinic-strict"))
    if found is None:
        strict = clinics.create_clinic("Clinic Strict", "clinic-strict")
        strict.second_factor_required = True
        db.session.flush()
        found = strict.id
    return found


def _enrol_start(s: Stage, n: int) -> Call:
    user = s.member(clinic_id=_strict_clinic(s))
    return Call(
        "/login/second-factor/start",
        present=row_is(User, user.id, totp_secret=SET),
        before=_password_given(user.email),
    )


def _enrol_confirm(s: Stage, n: int) -> Call:
    user = s.member(clinic_id=_strict_clinic(s))
    seen: list[str] = []
    return Call(
        "/login/second-factor",
        lambda: {"code": code_for(seen[0], s.now)},
        row_is(User, user.id, totp_enabled_at=SET),
        before=_enrolment_started("/login/second-factor/start", seen, user.email),
    )


def _renew_codes(s: Stage, n: int) -> Call:
    user = s.member()
    secret = s.enrolled(user)
    return Call(
        "/account/second-factor/codes",
        {"renew-password": PASSWORD},
        audited("second_factor.codes_renewed", user),
        before=_signed_in_with_code(s, secret, user.email),
    )


def _turn_off(s: Stage, n: int) -> Call:
    user = s.member()
    secret = s.enrolled(user)
    return Call(
        "/account/second-factor/off",
        {"off-password": PASSWORD},
        row_is(User, user.id, totp_enabled_at=None),
        before=_signed_in_with_code(s, secret, user.email),
    )


def _reset_member(s: Stage, n: int) -> Call:
    user = s.member()
    s.enrolled(user)
    return Call(
        f"/admin/users/{user.id}/second-factor/reset",
        present=row_is(User, user.id, totp_enabled_at=None),
        who=s.email("admin"),
    )


def _clinic_rule(s: Stage, n: int) -> Call:
    """On clinic B, by admins of its own: clinic A's sign-ins stay one-step."""
    admin = s.member(Role.ADMIN, clinic_id=s.world.other_clinic_id)
    return Call(
        "/admin/second-factor",
        {"required": "y"},
        row_is(Clinic, s.world.other_clinic_id, second_factor_required=True),
        admin.email,
    )


RECIPES: dict[str, Build] = {
    "auth.login": _login,
    "auth.logout": _logout,
    "auth.lock": _lock,
    "auth.unlock": _unlock,
    "account.change_password": _change_password,
    "account.complete_setup": _complete_setup,
    "account.set_language": _set_language,
    "account.update_audio_notes": _my_audio_notes,
    "second_factor.account_start": _account_start,
    "second_factor.account_confirm": _account_confirm,
    "second_factor.code": _code,
    "second_factor.enrol_start": _enrol_start,
    "second_factor.enrol_confirm": _enrol_confirm,
    "second_factor.renew_codes": _renew_codes,
    "second_factor.turn_off": _turn_off,
    "second_factor.reset_member": _reset_member,
    "second_factor.clinic_rule": _clinic_rule,
}
