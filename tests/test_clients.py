"""Clients: created through the form, sealed at rest, found by blind index."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import ClientIndex
from app.models.scoping import clinic_scope
from app.services import clients


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0532 123 45 67", "+905321234567"),
        ("(0532) 123-45-67", "+905321234567"),
        ("+90 532 123 45 67", "+905321234567"),
        ("5321234567", "+905321234567"),
        ("+44 7911 123456", "+447911123456"),
    ],
)
def test_phone_numbers_are_normalised(typed, stored):
    assert clients.normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", ["123", "abc", "0532 123", ""])
def test_bad_phone_numbers_are_refused(typed):
    with pytest.raises(clients.InvalidClient):
        clients.normalise_phone(typed)


def test_receptionist_creates_a_client_through_the_form(browser, world):
    browser.login(world.emails["receptionist"])
    response = browser.post(
        "/clients/",
        {
            "name": "  Şule   Öztürk ",
            "phone": "0536 111 22 33",
            "email": "Sule@Example.com",
            "language": "en",
        },
    )
    assert response.status_code == 302
    page = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "Şule Öztürk" in page and "+905361112233" in page and "sule@example.com" in page


def test_control_and_bidi_override_characters_leave_a_name(browser, world):
    """A NUL, an escape and bidi overrides were stored, and sent in SMS, as typed."""
    browser.login(world.emails["receptionist"])
    typed = "Can\x00 \x1bAk\u202egnp.exe\u202c\u2066\x85"
    response = browser.post(
        "/clients/", {"name": typed, "phone": "0536 111 22 33", "language": "tr"}
    )
    assert response.status_code == 302
    page = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "Can Akgnp.exe" in page
    assert not {"\x00", "\x1b", "\u202e", "\u202c", "\u2066", "\x85"} & set(page)


@pytest.mark.parametrize("typed", ["Can\nAk", "Can\r\nAk", "Can\rAk"])
def test_a_name_on_two_lines_is_refused(browser, world, typed):
    browser.login(world.emails["receptionist"])
    browser.post("/language", {"language": "en"})
    response = browser.post(
        "/clients/", {"name": typed, "language": "tr"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    assert "Write this on one line." in response.get_data(as_text=True)


def test_a_bad_phone_keeps_what_was_typed_and_says_why(browser, world):
    browser.login(world.emails["receptionist"])
    browser.post("/language", {"language": "en"})
    response = browser.post(
        "/clients/",
        {"name": "Can Ak", "phone": "12", "language": "tr"},
        headers={"HX-Request": "true"},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<html" not in body
    assert "0532 123 45 67" in body and 'value="Can Ak"' in body
    assert 'aria-invalid="true"' in body


@pytest.mark.parametrize(
    ("finder", "query"),
    [
        ("find_by_initials", "E.K."),
        ("find_by_initials", "e.k"),
        ("find_by_initials", "E. K."),
        ("find_by_name", "elif"),
        ("find_by_name", "ELİF KAYA"),
        ("find_by_name", "kaya"),
        ("find_by_name", "eli"),  # the beginning of a word
        ("find_by_name", "ELİ KAY"),
        ("find_by_name", "eli kay"),
        ("find_by_phone", "0532 123 45 67"),
        ("find_by_phone", "+905321234567"),
    ],
)
def test_clients_are_found_through_blind_indexes(app, world, finder, query):
    with app.app_context(), clinic_scope(world.clinic_id):
        found = getattr(clients, finder)(world.clinic_id, query)
        assert [c.id for c in found] == [world.client_id]
        # The same query in another clinic finds nothing: index keys differ per clinic.
        with clinic_scope(world.other_clinic_id):
            assert getattr(clients, finder)(world.other_clinic_id, query) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ayş", ["Ayşe Demir", "Ayşegül Tan"]),
        ("AYŞE", ["Ayşe Demir", "Ayşegül Tan"]),  # a whole word is also a beginning
        ("ayşeg", ["Ayşegül Tan"]),
        ("dem", ["Ayşe Demir", "Demet Kara"]),
        ("dem ayş", ["Ayşe Demir"]),
        ("ay", []),  # two letters: too short to stand for a fragment
        ("ay dem", []),
        ("yşe", []),  # the middle of a word is not indexed
        ("ayşegülx", []),
    ],
)
def test_clients_are_found_by_the_beginning_of_a_name_word(app, world, query, expected):
    with app.app_context(), clinic_scope(world.clinic_id):
        made = {
            name: clients.create_client(world.clinic_id, name).id
            for name in ("Ayşe Demir", "Ayşegül Tan", "Demet Kara")
        }
        db.session.commit()
        found = {c.id for c in clients.search(world.clinic_id, query)}
        assert found == {made[name] for name in expected}


def test_rebuilding_the_index_finds_clients_indexed_before_fragments(app, world):
    """An installation upgraded from whole-word indexes gets fragment search back."""
    with app.app_context(), clinic_scope(world.clinic_id):
        db.session.execute(sa.delete(ClientIndex).where(ClientIndex.kind == clients.PREFIX))
        assert clients.search(world.clinic_id, "eli") == []
        assert clients.rebuild_indexes(world.clinic_id) == 1
        assert [c.id for c in clients.search(world.clinic_id, "eli")] == [world.client_id]
        assert [c.id for c in clients.search(world.clinic_id, "E.K.")] == [world.client_id]


def test_turkish_capitals_fold_the_turkish_way(app, world):
    with app.app_context(), clinic_scope(world.clinic_id):
        ilker = clients.create_client(world.clinic_id, "İlker Işık")
        db.session.commit()
        assert [c.id for c in clients.find_by_name(world.clinic_id, "ILKER")] == []
        assert [c.id for c in clients.find_by_name(world.clinic_id, "İLKER IŞIK")] == [ilker.id]
        assert [c.id for c in clients.find_by_name(world.clinic_id, "ışık")] == [ilker.id]
        assert [c.id for c in clients.find_by_initials(world.clinic_id, "İ.I.")] == [ilker.id]


def test_therapist_sees_only_clients_they_treat(browser, world):
    browser.login(world.emails["other_therapist"])
    assert "Elif Kaya" not in browser.get("/clients/").get_data(as_text=True)
    assert browser.get(f"/clients/{world.client_id}").status_code == 403
    browser = browser.__class__(browser.client.application.test_client())
    browser.login(world.emails["therapist"])
    assert "Elif Kaya" in browser.get("/clients/").get_data(as_text=True)
    assert browser.get(f"/clients/{world.client_id}").status_code == 200
