"""The urgent bar: an urgent reply shows on every page of the therapist treating the
client until someone marks it seen; no one else sees it, and marking it is audited."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa
from redis.exceptions import RedisError

from app import jobs
from app.extensions import db
from app.fakesms.model import FAKE_API_KEY, FAKE_API_SECRET, FAKE_SIGNATURE_SECRET
from app.fakesms.webhooks import inbound_params, signed
from app.models import (
    Appointment,
    AuditEvent,
    Client,
    Clinic,
    InboundMessage,
    InboundState,
)
from app.models.scoping import clinic_scope
from app.services import appointments, links

PHONE = "905321234567"  # the world's client, Elif Kaya, in clinic A
TEXT = "Artık dayanamıyorum"
BAR = 'id="urgent-alerts"'
HEADLINE = "Urgent message from Elif Kaya"
INDEX = "ix_inbound_messages_urgent_open"


@pytest.fixture(autouse=True)
def own_queue(app) -> Iterator[None]:
    app.config["RQ_QUEUE"] = f"test-urgent-{os.getpid()}"
    app.config.update(
        VONAGE_API_KEY=FAKE_API_KEY,
        VONAGE_API_SECRET=FAKE_API_SECRET,
        VONAGE_SIGNATURE_SECRET=FAKE_SIGNATURE_SECRET,
    )
    yield
    try:
        with app.app_context():
            jobs.queue().empty()
    except RedisError:
        pass


# --- helpers ----------------------------------------------------------------------


def urgent(app, world, clock, text: str = TEXT, appointment_id=None) -> uuid.UUID:
    """Elif's reply through the signed webhook, as the assistant leaves a possible crisis:
    urgent, clinical, forwarded to a person. `appointment_id` names the session it is
    about (default: the one the webhook linked, the world's session)."""
    for params in inbound_params(PHONE, "Seans", text, 1, clock()):
        params = signed(params, FAKE_API_KEY, FAKE_SIGNATURE_SECRET, clock())
        with app.test_client() as http:
            assert http.post("/webhooks/vonage/inbound", data=params).status_code == 204
    clock.advance(seconds=1)
    with app.app_context(), clinic_scope(world.clinic_id):
        message = db.session.scalars(
            sa.select(InboundMessage).order_by(InboundMessage.received_at.desc())
        ).first()
        message.urgent, message.clinical, message.state = True, True, InboundState.FORWARDED
        if appointment_id is not None:
            message.appointment_id = appointment_id
        db.session.commit()
        return message.id


def signed_in(make_browser, world, who: str, language: str = "en"):
    browser = make_browser()
    assert browser.login(world.emails[who]).status_code == 302
    browser.post("/language", {"language": language})
    return browser


def page(browser, url: str) -> str:
    answer = browser.get(url)
    assert answer.status_code == 200, url
    return answer.get_data(as_text=True)


def staff_pages(world) -> list[str]:
    return [
        "/day",
        "/week",
        "/month",
        f"/clients/{world.client_id}",
        f"/appointments/{world.appointment_id}/note",
        "/inbox",
        f"/inbox/{world.client_id}",
        "/requests",
        "/account",
    ]


def audits(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        rows = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)).all()
        db.session.expunge_all()
        return list(rows)


def handled_long_ago(app, world, clock, count: int) -> None:
    """Replies closed long ago, a tenth of them urgent: what the partial index leaves out."""
    rows = [
        {
            "id": uuid.uuid4(),
            "clinic_id": world.clinic_id,
            "client_id": world.client_id,
            "provider_key": f"old-{n}",
            "parts_total": 1,
            "state": InboundState.HANDLED,
            "urgent": n % 10 == 0,
            "clinical": n % 10 == 0,
            "received_at": clock() - timedelta(hours=n + 1),
        }
        for n in range(count)
    ]
    with app.app_context():
        db.session.execute(sa.insert(InboundMessage), rows)
        db.session.commit()


@contextmanager
def statements(app) -> Iterator[list[tuple[str, object]]]:
    """Every SQL statement the app sends while inside, with its parameters."""
    seen: list[tuple[str, object]] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def on_inbound(seen: list[tuple[str, object]]) -> list[tuple[str, object]]:
    return [(s, p) for s, p in seen if "inbound_messages" in s]


# --- who sees it ---------------------------------------------------------------------


def test_the_treating_therapist_sees_the_bar_on_every_page(app, world, clock, make_browser):
    urgent(app, world, clock)
    therapist = signed_in(make_browser, world, "therapist")
    for url in staff_pages(world):
        shown = page(therapist, url)
        assert shown.count(BAR) == 1 and HEADLINE in shown, url
        assert TEXT not in shown or url == f"/inbox/{world.client_id}", url  # text: inbox only
        assert "Read the message" in shown and "Mark as seen" in shown
        assert "may signal a crisis" in shown
    # The week view shows it once, from the layout, as it did before every page had it.
    assert page(therapist, "/week").count(HEADLINE) == 1


@pytest.mark.parametrize(
    "who",
    ["other_therapist", "foreign_therapist", "foreign_admin", "foreign_receptionist"],
)
def test_no_one_else_gets_the_bar_or_the_name(app, world, clock, make_browser, who):
    urgent(app, world, clock)
    browser = signed_in(make_browser, world, who)
    for url in ["/day", "/week", "/inbox", "/account", "/requests"]:
        answer = browser.get(url)
        shown = answer.get_data(as_text=True)
        assert BAR not in shown and "Urgent message" not in shown, (who, url)
        assert "Elif Kaya" not in shown and TEXT not in shown, (who, url)
    fragment = browser.get("/inbox/urgent", headers={"HX-Request": "true"})
    assert "Elif Kaya" not in fragment.get_data(as_text=True)


@pytest.mark.parametrize("who", ["receptionist", "admin"])
def test_the_front_desk_sees_no_bar_no_name_in_it_and_no_text(app, world, clock, make_browser, who):
    urgent(app, world, clock)
    desk = signed_in(make_browser, world, who)
    for url in ["/day", "/week", f"/clients/{world.client_id}", "/inbox", "/account"]:
        shown = page(desk, url)
        assert BAR not in shown and "Urgent message" not in shown, url
        assert "may signal a crisis" not in shown and TEXT not in shown, url
    # The bar's own route is the therapists'.
    assert desk.get("/inbox/urgent", headers={"HX-Request": "true"}).status_code == 403


def test_it_follows_the_session_the_reply_is_about(app, world, clock, make_browser):
    """The same rule as before: the therapist of the session the reply is about, even if
    another therapist also treats the client."""
    with app.app_context(), clinic_scope(world.clinic_id):
        clinic = db.session.get_one(Clinic, world.clinic_id)
        theirs = appointments.book_appointment(
            clinic, world.user_ids["other_therapist"], world.client_id, clock() + timedelta(days=2)
        ).id
        db.session.commit()
    urgent(app, world, clock, appointment_id=theirs)
    assert HEADLINE in page(signed_in(make_browser, world, "other_therapist"), "/day")
    assert BAR not in page(signed_in(make_browser, world, "therapist"), "/day")


def test_a_locked_screen_and_public_pages_show_nothing(app, world, clock, make_browser):
    urgent(app, world, clock)
    with app.app_context(), clinic_scope(world.clinic_id):
        appointment = db.session.get_one(Appointment, world.appointment_id)
        token = links.issue_system_link(db.session.get_one(Client, world.client_id), appointment)
        db.session.commit()
    therapist = signed_in(make_browser, world, "therapist")
    with statements(app) as seen:
        # Pages anyone or a client's link may open: not for the bar, even signed in.
        for url in ["/ai", f"/r/{token}"]:
            shown = therapist.get(url).get_data(as_text=True)
            assert BAR not in shown and "Elif Kaya" not in shown, url
        anonymous = make_browser()
        for url in ["/login", f"/r/{token}", "/ai"]:
            assert BAR not in anonymous.get(url).get_data(as_text=True)
    assert on_inbound(seen) == []
    assert therapist.post("/lock").status_code == 302
    locked = page(therapist, "/locked")
    assert BAR not in locked and "Elif Kaya" not in locked


def test_turkish(app, world, clock, make_browser):
    urgent(app, world, clock)
    therapist = signed_in(make_browser, world, "therapist", language="tr")
    shown = page(therapist, "/day")
    assert 'aria-label="Acil mesajlar"' in shown
    assert "Elif Kaya adlı danışandan acil mesaj" in shown and "Gördüm" in shown


# --- marking it seen ---------------------------------------------------------------------


def test_mark_as_seen_clears_the_bar_everywhere_and_is_audited(app, world, clock, make_browser):
    message_id = urgent(app, world, clock)
    therapist = signed_in(make_browser, world, "therapist")
    shown = page(therapist, "/day")
    handled = f"/inbox/messages/{message_id}/handled"
    # The form posts with its CSRF token, swaps nothing itself; the bar asks again on
    # the event the answer names, and the answer without the bar removes it.
    assert f'hx-post="{handled}"' in shown and 'hx-swap="none"' in shown
    assert 'hx-get="/inbox/urgent"' in shown and 'hx-trigger="inbox-changed from:body"' in shown
    bar = therapist.get("/inbox/urgent", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in bar and HEADLINE in bar and 'name="csrf_token"' in bar

    answer = therapist.post(handled, headers={"HX-Request": "true"})
    assert answer.status_code == 200 and answer.headers["HX-Trigger"] == "inbox-changed"
    refreshed = therapist.get("/inbox/urgent", headers={"HX-Request": "true"})
    assert refreshed.status_code == 200 and refreshed.get_data(as_text=True).strip() == ""
    for url in staff_pages(world):
        assert BAR not in page(therapist, url), url

    (event,) = audits(app, "inbox.handled")
    assert event.actor_id == world.user_ids["therapist"]
    assert event.object_id == str(message_id) and event.clinic_id == world.clinic_id
    assert TEXT not in (event.details or "")
    with app.app_context(), clinic_scope(world.clinic_id):
        message = db.session.get_one(InboundMessage, message_id)
        assert message.state is InboundState.HANDLED
        assert message.handled_by == world.user_ids["therapist"]
    # Again (another tab): harmless, no second row.
    assert therapist.post(handled).status_code == 302
    assert len(audits(app, "inbox.handled")) == 1


def test_without_htmx_mark_as_seen_leads_to_the_message(app, world, clock, make_browser):
    message_id = urgent(app, world, clock)
    therapist = signed_in(make_browser, world, "therapist")
    answer = therapist.post(f"/inbox/messages/{message_id}/handled")
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"/inbox/{world.client_id}")
    assert BAR not in page(therapist, "/day")
    assert len(audits(app, "inbox.handled")) == 1


def test_a_second_alert_stays_when_the_first_is_seen(app, world, clock, make_browser):
    first = urgent(app, world, clock, "Ölmek istiyorum")
    urgent(app, world, clock)
    therapist = signed_in(make_browser, world, "therapist")
    assert page(therapist, "/inbox").count(HEADLINE) == 2
    therapist.post(f"/inbox/messages/{first}/handled", headers={"HX-Request": "true"})
    bar = therapist.get("/inbox/urgent", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert bar.count(HEADLINE) == 1 and f"/inbox/messages/{first}/" not in bar


# --- cost ------------------------------------------------------------------------------


def test_the_bar_costs_one_indexed_statement(app, world, clock, make_browser, monkeypatch):
    therapist = signed_in(make_browser, world, "therapist")
    desk = signed_in(make_browser, world, "receptionist")
    page(therapist, "/day")  # first visits warm what a first visit warms
    page(desk, "/day")

    def day_view(browser) -> list[str]:
        with statements(app) as seen:
            page(browser, "/day")
        return seen

    without_bar = day_view(therapist)
    assert on_inbound(without_bar) != []  # looked up even with nothing to show
    with monkeypatch.context() as patched:
        patched.setattr("app.routes.inbox.inbox.urgent_alerts", lambda *args: [])
        no_lookup = day_view(therapist)
    assert on_inbound(no_lookup) == []
    assert len(without_bar) == len(no_lookup) + 1

    urgent(app, world, clock)
    with_bar = day_view(therapist)
    assert HEADLINE in page(therapist, "/day")
    # The client's name comes in the same row, its key already open for the day's session.
    assert len(with_bar) == len(without_bar)
    (query,) = on_inbound(with_bar)
    assert on_inbound(day_view(desk)) == []  # the front desk pays nothing

    # The one statement goes through the partial index, on either database, in a clinic
    # whose inbox holds years of replies that were handled long ago.
    handled_long_ago(app, world, clock, 3000)
    statement, parameters = query
    with app.app_context(), db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":  # no ANALYZE: the app never runs one
            plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            steps = [row[-1] for row in plan]
            assert f"SEARCH inbound_messages USING INDEX {INDEX} (clinic_id=?)" in steps, steps
            assert not [step for step in steps if step.startswith("SCAN")], steps
        else:
            conn.exec_driver_sql("ANALYZE inbound_messages")
            plan = conn.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()
            steps = [row[0].strip() for row in plan]
            scans = [step for step in steps if "on inbound_messages" in step]
            assert scans and all(INDEX in step for step in scans), steps
