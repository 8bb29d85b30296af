"""Tenant isolation: every ORM query on clinic-owned rows is filtered to one clinic."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Appointment, Client, ClientIndex, ClientKey, Clinic, Membership, User
from app.models.scoping import UnscopedQuery, all_clinics, clinic_scope
from app.services import clients

CLINIC_OWNED = [Client, ClientKey, ClientIndex, Membership, Appointment]


@pytest.mark.parametrize("model", CLINIC_OWNED, ids=lambda m: m.__name__)
def test_a_clinic_scope_sees_only_its_own_rows(ctx, world, model):
    with all_clinics():
        everywhere = {r.clinic_id for r in db.session.scalars(sa.select(model))}
    for clinic_id in (world.clinic_id, world.other_clinic_id):
        with clinic_scope(clinic_id):
            seen = {r.clinic_id for r in db.session.scalars(sa.select(model))}
            count = db.session.scalar(sa.select(sa.func.count(model.clinic_id)))
            unfiltered_where = db.session.scalars(
                sa.select(model).where(
                    model.clinic_id.in_([world.clinic_id, world.other_clinic_id])
                )
            ).all()
        expected_rows = 0 if model is Appointment and clinic_id != world.clinic_id else None
        if expected_rows == 0:
            assert seen == set() and count == 0
        else:
            assert seen == {clinic_id} and count > 0
        assert {r.clinic_id for r in unfiltered_where} <= {clinic_id}
    expected = {world.clinic_id, world.other_clinic_id}
    assert everywhere == (expected if model is not Appointment else {world.clinic_id})


def test_clients_of_another_clinic_are_not_found(ctx, world):
    with clinic_scope(world.clinic_id):
        ids = set(db.session.scalars(sa.select(Client.id)))
        assert ids == {world.client_id}
        assert clients.get_client(world.clinic_id, world.other_client_id) is None
        # Even asking for the other clinic explicitly stays inside the scope.
        assert clients.get_client(world.other_clinic_id, world.other_client_id) is None
        assert db.session.get(Client, world.other_client_id) is None
        assert clients.find_by_name(world.clinic_id, "Murat Yıldız") == []
        assert clients.find_by_phone(world.clinic_id, "0533 765 43 21") == []
        mine = clients.get_client(world.clinic_id, world.client_id)
        assert mine is not None and clients.reveal(mine).name == "Elif Kaya"
        assert [d.name for d in clients.list_clients(world.clinic_id)] == ["Elif Kaya"]
    with clinic_scope(world.other_clinic_id):
        assert clients.get_client(world.clinic_id, world.client_id) is None
        assert [d.name for d in clients.list_clients(world.other_clinic_id)] == ["Murat Yıldız"]


def test_joins_counts_and_subqueries_are_filtered_too(ctx, world):
    emails_a = {e for k, e in world.emails.items() if not k.startswith("foreign")}
    with clinic_scope(world.clinic_id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Client)) == 1
        staff = db.session.scalars(
            sa.select(User).join(Membership, Membership.user_id == User.id)
        ).all()
        assert {u.email for u in staff} == emails_a
        with_clients = db.session.scalars(
            sa.select(Clinic).where(Clinic.id.in_(sa.select(Client.clinic_id)))
        ).all()
        assert [c.id for c in with_clients] == [world.clinic_id]


UNSCOPED_QUERIES = {
    "select entity": lambda: sa.select(Client),
    "select column": lambda: sa.select(Client.id),
    "count rows": lambda: sa.select(sa.func.count()).select_from(Client),
    "join from a shared table": lambda: sa.select(User).join(
        Membership, Membership.user_id == User.id
    ),
    "filter on a subquery": lambda: sa.select(Clinic).where(
        Clinic.id.in_(sa.select(Client.clinic_id))
    ),
    "update": lambda: sa.update(Client).values(language="en"),
    "delete": lambda: sa.delete(ClientIndex),
}


@pytest.mark.parametrize("query", list(UNSCOPED_QUERIES))
def test_a_query_with_no_clinic_in_scope_is_refused(ctx, world, query):
    with pytest.raises(UnscopedQuery):
        db.session.execute(UNSCOPED_QUERIES[query]())
    db.session.rollback()
    with all_clinics():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Client)) == 2
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ClientIndex)) > 0


def test_all_clinics_sees_both(ctx, world):
    with all_clinics():
        assert set(db.session.scalars(sa.select(Client.id))) == {
            world.client_id,
            world.other_client_id,
        }
        assert {m.clinic_id for m in db.session.scalars(sa.select(Membership))} == {
            world.clinic_id,
            world.other_clinic_id,
        }
    with pytest.raises(UnscopedQuery):  # and the bypass ends with the block
        db.session.scalars(sa.select(Client)).all()


def test_shared_tables_need_no_scope(ctx, world):
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Clinic)) == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 7


@pytest.mark.parametrize("who", ["foreign_receptionist", "foreign_admin", "foreign_therapist"])
def test_another_clinics_client_answers_404(world, make_browser, who):
    own = make_browser()
    assert own.login(world.emails["receptionist"]).status_code == 302
    assert own.get(f"/clients/{world.client_id}").status_code == 200

    foreign = make_browser()
    assert foreign.login(world.emails[who]).status_code == 302
    response = foreign.get(f"/clients/{world.client_id}")
    assert response.status_code == 404
    assert "Elif" not in response.get_data(as_text=True)
    unknown_id = "00000000-0000-4000-8000-000000000000"
    unknown = foreign.get(f"/clients/{unknown_id}")
    assert unknown.status_code == 404
    # Existence is not revealed: the same page as for an id that exists nowhere.
    # CSRF tokens are timestamped, so they may differ by a second between the two pages.
    page = response.get_data(as_text=True).replace(str(world.client_id), unknown_id)
    assert _without_tokens(page) == _without_tokens(unknown.get_data(as_text=True))


def _without_tokens(page: str) -> str:
    page = re.sub(r'"X-CSRFToken": "[^"]+"', "", page)
    return re.sub(r'<input[^>]*\bname="csrf_token"[^>]*>', "", page)  # attributes in any order
