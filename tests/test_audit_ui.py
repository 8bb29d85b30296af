"""The admin's audit page: the clinic's events only, filtered, paginated, chain status."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent
from app.models.scoping import clinic_scope
from app.services import audit


def add_events(app, clinic_id, count: int, action: str = "test.filler") -> None:
    with app.app_context(), clinic_scope(clinic_id):
        for _ in range(count):
            audit.record(None, action, ("clients", "obj-1"), clinic_id)
        db.session.commit()


def events(response) -> str:
    """The events table only, not the filter form that repeats what was typed."""
    return response.get_data(as_text=True).split('id="audit-events"')[1]


def test_admin_sees_the_clinics_events_newest_first(app, browser, world):
    browser.login(world.emails["admin"])
    browser.post("/language", {"language": "en"})  # the status line is read in English
    add_events(app, world.clinic_id, 2, "test.first")
    add_events(app, world.other_clinic_id, 1, "test.foreign")
    add_events(app, world.clinic_id, 1, "test.last")
    body = browser.get("/admin/audit/").get_data(as_text=True)
    assert "test.foreign" not in body
    assert body.index("test.last") < body.index("test.first")
    assert "intact" in body


def test_filters_by_action_object_actor_and_date(app, browser, world, clock):
    browser.login(world.emails["admin"])
    add_events(app, world.clinic_id, 3, "zz.one")
    add_events(app, world.clinic_id, 2, "zz.two")
    htmx = {"HX-Request": "true"}
    body = events(browser.get("/admin/audit/", query_string={"action": "zz."}, headers=htmx))
    assert "<html" not in body and body.count("zz.one") == 3 and body.count("zz.two") == 2
    body = browser.get("/admin/audit/", query_string={"action": "zz.t"}).get_data(as_text=True)
    assert "zz.one" not in body and body.count("zz.two") == 2
    # A "_" or "%" in the filter is taken literally.
    body = browser.get("/admin/audit/", query_string={"action": "zz_"}).get_data(as_text=True)
    assert "zz.one" not in body
    body = browser.get("/admin/audit/", query_string={"object": "obj-1"})
    body = events(body)
    assert body.count("zz.") == 5 and "<code>login</code>" not in body
    admin = str(world.user_ids["admin"])
    body = browser.get("/admin/audit/", query_string={"actor": admin}).get_data(as_text=True)
    assert "zz.one" not in body and "<code>login</code>" in body
    today = clock().date().isoformat()
    body = browser.get(
        "/admin/audit/", query_string={"action": "zz.", "since": today, "until": today}
    )
    body = events(body)
    assert body.count("zz.") == 5
    body = browser.get("/admin/audit/", query_string={"action": "zz.", "since": "2030-01-01"})
    assert "zz." not in events(body)


def test_pages_of_fifty(app, browser, world):
    browser.login(world.emails["admin"])
    add_events(app, world.clinic_id, 60, "page.filler")
    q = {"action": "page."}
    first = browser.get("/admin/audit/", query_string=q).get_data(as_text=True)
    assert first.count("page.filler") == 50 and "page=2" in first
    second = browser.get("/admin/audit/", query_string={**q, "page": 2}).get_data(as_text=True)
    assert second.count("page.filler") == 10 and "page=3" not in second


def test_the_page_holds_no_client_plaintext(browser, world):
    browser.login(world.emails["receptionist"])
    browser.get(f"/clients/{world.client_id}")
    browser.get("/clients/search", query_string={"q": "Elif Kaya"})
    admin = browser.__class__(browser.client.application.test_client())
    admin.login(world.emails["admin"])
    body = admin.get("/admin/audit/").get_data(as_text=True)
    assert "client.viewed" in body and "client.searched" in body
    assert "Elif" not in body and "Kaya" not in body and "1234567" not in body


def test_a_broken_chain_is_reported(app, browser, world):
    browser.login(world.emails["admin"])
    browser.post("/language", {"language": "en"})
    with app.app_context():
        # An edit made behind the application's back, straight in the database.
        with db.engine.begin() as conn:
            conn.execute(
                sa.update(AuditEvent.__table__)
                .where(AuditEvent.__table__.c.chain == str(world.clinic_id))
                .values(action="tampered")
            )
    body = browser.get("/admin/audit/").get_data(as_text=True)
    assert "broken" in body


def test_only_admins_reach_the_page(browser, world):
    for role in ("receptionist", "therapist"):
        b = browser.__class__(browser.client.application.test_client())
        b.login(world.emails[role])
        assert b.get("/admin/audit/").status_code == 403
