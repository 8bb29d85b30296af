"""The note editor, its autosave and signing, and the "up next" panel, through HTTP."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest

from app.extensions import db
from app.models import AuditEvent, Clinic, NoteTemplate, User
from app.models.scoping import clinic_scope
from app.services import appointments, notes

HX = {"HX-Request": "true"}
VERSION = re.compile(r'name="version" value="(\d+)"')


def _url(world, suffix=""):
    return f"/appointments/{world.appointment_id}/note{suffix}"


def _as(make_browser, world, who):
    browser = make_browser()
    assert browser.login(world.emails[who]).status_code == 302
    browser.post("/language", {"language": "en"})
    return browser


def _started(make_browser, world, template="free"):
    therapist = _as(make_browser, world, "therapist")
    started = therapist.post(_url(world, "/start"), {"template": template})
    assert started.status_code == 303
    return therapist


def _version(response) -> int:
    return int(VERSION.search(response.get_data(as_text=True)).group(1))


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("therapist", 200),
        ("other_therapist", 403),
        ("receptionist", 404),  # refused by role on an object route: answered like an unknown id
        ("admin", 404),
        ("foreign_therapist", 404),
    ],
)
def test_only_the_treating_therapist_opens_the_editor(make_browser, world, who, status):
    browser = _as(make_browser, world, who)
    assert browser.get(_url(world)).status_code == status
    assert browser.post(_url(world, "/start"), {"template": "free"}).status_code in (
        (303,) if status == 200 else (status,)
    )


def test_foreign_users_of_every_role_never_see_the_note(make_browser, world):
    _started(make_browser, world)
    for who in ("foreign_admin", "foreign_receptionist"):
        browser = _as(make_browser, world, who)
        assert browser.get(_url(world)).status_code == 404
        assert browser.post(_url(world), {"version": "1", "text": "x"}).status_code == 404


def test_first_open_offers_the_templates_and_the_editor_has_one_textarea_per_field(
    make_browser, world
):
    therapist = _as(make_browser, world, "therapist")
    page = therapist.get(_url(world)).get_data(as_text=True)
    for label in ("Free text", "SOAP", "DAP", "BIRP"):
        assert label in page
    therapist.post(_url(world, "/start"), {"template": "soap"})
    editor = therapist.get(_url(world)).get_data(as_text=True)
    assert editor.count("<textarea") == 4
    assert 'hx-trigger="input changed delay:3s"' in editor
    assert 'hx-target="#note-status"' in editor


def test_autosave_answers_a_status_fragment_with_the_new_version(make_browser, world):
    therapist = _started(make_browser, world)
    saved = therapist.post(_url(world), {"version": "0", "text": "hello"}, headers=HX)
    assert saved.status_code == 200
    body = saved.get_data(as_text=True)
    assert 'id="note-status"' in body and "<textarea" not in body
    assert _version(saved) == 1
    assert "hello" in therapist.get(_url(world)).get_data(as_text=True)


def test_a_note_keeps_its_lines_and_tabs_but_not_controls_or_bidi_overrides(make_browser, world):
    therapist = _started(make_browser, world)
    typed = "Line one\r\n\tindented\x00\x1b[2J\u202e end\rlast\u2066"
    saved = therapist.post(_url(world), {"version": "0", "text": typed}, headers=HX)
    assert saved.status_code == 200
    editor = therapist.get(_url(world)).get_data(as_text=True)
    assert "Line one\n\tindented[2J end\nlast" in editor
    assert not {"\x00", "\x1b", "\r", "\u202e", "\u2066"} & set(editor)


def test_two_windows_saving_on_the_same_version_lose_nothing(make_browser, world):
    first = _started(make_browser, world)
    second = _as(make_browser, world, "therapist")
    base = _version(first.get(_url(world)))
    assert _version(second.get(_url(world))) == base
    saved = first.post(_url(world), {"version": str(base), "text": "first window"}, headers=HX)
    assert saved.status_code == 200
    clash = second.post(_url(world), {"version": str(base), "text": "second window"}, headers=HX)
    assert clash.status_code in (409, 422)
    body = clash.get_data(as_text=True)
    assert f"This note was changed in another window at version {base + 1}." in body
    assert "Your text is kept below; copy what you need and reload." in body
    assert "second window" in body  # echoed back
    assert _version(clash) == base  # still stale: the next autosave cannot overwrite
    assert "first window" in first.get(_url(world)).get_data(as_text=True)
    # Without HTMX the whole page answers 409 with the text kept.
    plain = second.post(_url(world), {"version": str(base), "text": "second again"})
    assert plain.status_code == 409 and "second again" in plain.get_data(as_text=True)


def test_sign_needs_a_confirmation_then_locks_and_takes_amendments(make_browser, world):
    therapist = _started(make_browser, world)
    therapist.post(_url(world), {"version": "0", "text": "signed words"}, headers=HX)
    asked = therapist.post(_url(world, "/sign"), {"version": "1", "text": "signed words"})
    assert asked.status_code == 200
    page = asked.get_data(as_text=True)
    assert "Sign the note" in page and 'name="confirm" value="1"' in page
    confirm_version = _version(asked)
    editor = therapist.get(_url(world)).get_data(as_text=True)
    assert "Add an amendment" not in editor  # not signed yet
    signed = therapist.post(_url(world, "/sign"), {"version": str(confirm_version), "confirm": "1"})
    assert signed.status_code == 303
    page = therapist.get(_url(world)).get_data(as_text=True)
    assert (
        "signed words" in page
        and "Add an amendment" in page
        and '<textarea id="note-text"' not in page
    )
    refused = therapist.post(
        _url(world), {"version": str(confirm_version), "text": "changed"}, headers=HX
    )
    assert refused.status_code == 422
    assert "can no longer be edited" in refused.get_data(as_text=True)
    assert (
        therapist.post(_url(world), {"version": str(confirm_version), "text": "x"}).status_code
        == 303
    )
    assert "changed" not in therapist.get(_url(world)).get_data(as_text=True)
    assert therapist.post(_url(world, "/amend"), {"text": "a later correction"}).status_code == 303
    page = therapist.get(_url(world)).get_data(as_text=True)
    assert page.index("signed words") < page.index("a later correction")


def test_the_session_panel_links_the_note_for_its_therapist_only(make_browser, world):
    link = f'href="{_url(world)}"'
    therapist = _as(make_browser, world, "therapist")
    assert link in therapist.get(f"/appointments/{world.appointment_id}").get_data(as_text=True)
    for who in ("receptionist", "admin"):
        browser = _as(make_browser, world, who)
        assert link not in browser.get(f"/appointments/{world.appointment_id}").get_data(
            as_text=True
        )


def test_a_canary_note_never_reaches_anyone_else(app, make_browser, world, clock):
    canary = f"kanarya-{uuid.uuid4().hex}"
    _previous_note(app, world, clock, canary + " last week")  # what up-next shows
    therapist = _started(make_browser, world)
    therapist.post(_url(world), {"version": "0", "text": canary}, headers=HX)
    clock.advance(minutes=51)  # inside the session: the up-next panel is showing
    therapist = _as(make_browser, world, "therapist")  # sessions end after 15 idle minutes
    assert canary in therapist.get("/up-next").get_data(as_text=True)
    assert canary in therapist.get(_url(world)).get_data(as_text=True)
    pages = [
        "/day",
        "/week",
        "/month",
        "/clients/",
        f"/clients/{world.client_id}",
        f"/appointments/{world.appointment_id}",
        "/admin/",
        "/up-next",
        _url(world),
        _url(world, "/emergency"),  # the admin's break-glass form, no grant opened
    ]
    fetched = 0
    for who in ("receptionist", "other_therapist", "admin"):
        browser = _as(make_browser, world, who)
        for page in pages:
            for headers in ({}, HX):
                response = browser.get(page, headers=headers)
                assert response.status_code < 500, (who, page)
                assert canary not in response.get_data(as_text=True), (who, page)
                fetched += 1
    assert fetched == 3 * len(pages) * 2


def _previous_note(app, world, clock, text: str) -> None:
    """An earlier, signed session of the same client with the same therapist."""
    with app.app_context(), clinic_scope(world.clinic_id):
        clinic = db.session.get_one(Clinic, world.clinic_id)
        therapist = db.session.get_one(User, world.user_ids["therapist"])
        earlier = appointments.book_appointment(
            clinic,
            therapist.id,
            world.client_id,
            clock() - timedelta(days=7) + timedelta(hours=1),
            "individual",
        )
        note = notes.start_note(earlier, therapist, NoteTemplate.FREE)
        notes.save_draft(note, therapist, {"text": text}, based_on=0)
        notes.sign_note(note, therapist, based_on=1)
        db.session.commit()


def test_up_next_shows_from_ten_minutes_before_until_the_end(app, make_browser, world, clock):
    start = clock.current
    _previous_note(app, world, clock, "last week's words")
    week = _as(make_browser, world, "therapist").get("/week").get_data(as_text=True)
    assert 'hx-get="/up-next"' in week and 'hx-trigger="load, every 30s"' in week

    def panel(minutes: int, who: str = "therapist") -> str:
        # A fresh sign-in at each time: a session ends after 15 idle minutes.
        clock.current = start + timedelta(minutes=minutes)
        response = _as(make_browser, world, who).get("/up-next", headers=HX)
        assert response.status_code == 200
        return response.get_data(as_text=True).strip()

    assert panel(30) == ""  # 10:30, half an hour before
    shown = panel(51)  # 10:51
    assert "Elif Kaya" in shown and "last week&#39;s words" in shown
    assert "16 Nov 2026" in shown  # the previous session
    assert "Sessions so far</dt><dd>1<" in shown
    assert "Data processing" in shown  # no consent recorded yet
    assert panel(111) == ""  # 11:51, after the end
    # Only therapists have an up-next panel, and it is their own.
    assert panel(51, "other_therapist") == ""
    for who in ("receptionist", "admin"):
        assert _as(make_browser, world, who).get("/up-next", headers=HX).status_code == 403


def test_reading_the_previous_note_for_up_next_is_audited(app, make_browser, world, clock):
    _previous_note(app, world, clock, "audited words")
    clock.current = clock.current + timedelta(minutes=55)
    therapist = _as(make_browser, world, "therapist")
    assert "audited words" in therapist.get("/up-next", headers=HX).get_data(as_text=True)
    with app.app_context(), clinic_scope(world.clinic_id):
        reads = db.session.query(AuditEvent).filter(AuditEvent.action == "note.read").count()
    assert reads == 1


def test_polling_up_next_does_not_keep_an_idle_session_alive(make_browser, world, clock):
    therapist = _as(make_browser, world, "therapist")
    for _ in range(8):  # 16 minutes of polls, nobody at the screen (idle timeout: 15)
        clock.advance(minutes=2)
        response = therapist.get("/up-next", headers=HX)
    assert response.status_code == 401  # the session ended; HTMX is sent to sign in
    assert "/login" in response.headers["HX-Redirect"]


def test_a_shown_panel_is_not_read_again_while_polling(app, make_browser, world, clock):
    """Polls name the session on screen; while it is still the one, the answer is 204
    (htmx keeps the panel) and the previous note is neither decrypted nor audited again."""
    _previous_note(app, world, clock, "polled words")
    clock.current = clock.current + timedelta(minutes=55)
    therapist = _as(make_browser, world, "therapist")
    first = therapist.get("/up-next", headers=HX).get_data(as_text=True)
    assert "polled words" in first
    shown = re.search(r'name="shown" value="([^"]+)"', first).group(1)
    assert shown == str(world.appointment_id)
    for _ in range(3):
        clock.advance(seconds=30)
        again = therapist.get(f"/up-next?shown={shown}", headers=HX)
        assert again.status_code == 204 and again.get_data() == b""
    stale = therapist.get(f"/up-next?shown={uuid.uuid4()}", headers=HX)  # another session
    assert "polled words" in stale.get_data(as_text=True)
    with app.app_context(), clinic_scope(world.clinic_id):
        reads = db.session.query(AuditEvent).filter(AuditEvent.action == "note.read").count()
    assert reads == 2
    clock.current = clock.current + timedelta(hours=1)  # after the end: the panel empties
    therapist = _as(make_browser, world, "therapist")
    ended = therapist.get(f"/up-next?shown={shown}", headers=HX)
    assert ended.status_code == 200 and ended.get_data() == b""


@pytest.mark.parametrize(("prep", "opens"), [(20, 40), (0, 60), (10, 50)])
def test_the_panel_opens_at_the_clinics_prep_minutes(app, make_browser, world, clock, prep, opens):
    with app.app_context():
        db.session.get_one(Clinic, world.clinic_id).prep_minutes = prep
        db.session.commit()
    start = clock.current  # 10:00; the session starts at 11:00

    def shown(minutes: int) -> bool:
        clock.current = start + timedelta(minutes=minutes)
        body = _as(make_browser, world, "therapist").get("/up-next", headers=HX)
        return "Up next" in body.get_data(as_text=True)

    assert not shown(opens - 1)
    assert shown(opens)


def test_the_admin_sets_the_prep_minutes(app, make_browser, world):
    admin = _as(make_browser, world, "admin")
    form = {
        "name": "Clinic A",
        "address": "",
        "timezone": "Europe/Istanbul",
        "locale": "tr",
        "idle_timeout_minutes": "15",
        "prep_minutes": "25",
    }
    assert admin.post("/admin/clinic", form).status_code == 302
    with app.app_context():
        assert db.session.get_one(Clinic, world.clinic_id).prep_minutes == 25
    bad = admin.post("/admin/clinic", {**form, "prep_minutes": "61"})
    assert bad.status_code == 422 and "between 0 and 60" in bad.get_data(as_text=True)


def test_sessions_so_far_count_only_this_therapists_sessions(app, make_browser, world, clock):
    _previous_note(app, world, clock, "mine")
    with app.app_context(), clinic_scope(world.clinic_id):
        clinic = db.session.get_one(Clinic, world.clinic_id)
        appointments.book_appointment(  # the same client with a colleague, two weeks ago
            clinic,
            world.user_ids["other_therapist"],
            world.client_id,
            clock() - timedelta(days=14) + timedelta(hours=3),
            "individual",
            override_hours=True,
        )
        db.session.commit()
    clock.current = clock.current + timedelta(minutes=55)
    panel = _as(make_browser, world, "therapist").get("/up-next", headers=HX)
    body = panel.get_data(as_text=True)
    assert "Sessions so far</dt><dd>1<" in body and "16 Nov 2026" in body


def test_a_canary_note_is_on_no_page_or_fragment_of_the_app_for_anyone_else(
    app, make_browser, world, clock, capsys
):
    """Every GET route of the app, as a page and as an HTMX fragment, as the receptionist,
    another therapist and the admin (no break-glass): the note's text appears 0 times."""
    from fillers import ROWS
    from flask import url_for

    canary = f"kanarya-{uuid.uuid4().hex}"
    _previous_note(app, world, clock, canary + " last week")
    therapist = _started(make_browser, world)
    therapist.post(_url(world), {"version": "0", "text": canary}, headers=HX)
    clock.advance(minutes=51)  # inside the session: up-next would show the previous note
    assert canary in _as(make_browser, world, "therapist").get("/up-next").get_data(as_text=True)
    values = {
        "client_id": lambda w: w.client_id,
        "appointment_id": lambda w: w.appointment_id,
        "therapist_id": lambda w: w.user_ids["therapist"],
        **ROWS,
    }
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        assert "grant_id" not in rule.arguments  # a grant would be break-glass
        with app.app_context():
            filled = {name: values[name](world) for name in rule.arguments}
        with app.test_request_context():
            urls.append(url_for(rule.endpoint, **filled))
    fetched = 0
    for who in ("receptionist", "other_therapist", "admin"):
        browser = _as(make_browser, world, who)
        for url in urls:
            for headers in ({}, HX):
                response = browser.get(url, headers=headers)
                assert response.status_code < 500, (who, url)
                assert canary not in response.get_data(as_text=True), (who, url)
                fetched += 1
    with capsys.disabled():
        print(f"\n[canary crawl] {len(urls)} GET routes x 3 roles x 2: {fetched} fetches, 0 hits")
    assert fetched == len(urls) * 6 and len(urls) > 30
