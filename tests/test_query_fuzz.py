"""Every GET route's query parameters, fuzzed: no answer is a 500.

The routes come from app.url_map and the policy table: every GET rule a signed-in admin
may call, every one an anonymous visitor (or a client's link) may call, and, for the
therapist's own pages that neither reaches, the treating therapist. Path variables come
from the world fixture (live links and a live feed for the token routes). The parameter
names are the ones the app reads, found in its source (`request.args.get("...")`) plus
those it reads in bulk (the audit log's filters, the booking form's fields); every route
gets all of them, since a name no view reads must be harmless too.

Each value kind in HOSTILE is first sent in every parameter of every route at once, then
hypothesis sends random mixes of names and values, every route in each example."""

from __future__ import annotations

import re
import uuid
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.routing import IntegerConverter, Rule, UUIDConverter
from wtforms.fields.core import UnboundField

from app.booking_forms import AppointmentForm
from app.extensions import db
from app.models import Appointment, Client, User
from app.models.scoping import clinic_scope
from app.policy import POLICY, P
from app.services import audit, client_pages, export_delivery, feeds, links, message_texts
from tests.conftest import Browser

APP = Path(__file__).resolve().parent.parent / "app"
READS = re.compile(r"""request\.args(?:\.get|\.getlist)?[(\[]\s*["']([^"']+)["']""")
HOSTILE = [
    str(10**30),
    str(-(10**30)),
    "0001-01-01",
    "9999-12-31",
    "",
    "\x00",
    "İıŞğ 🙂\u200b\u202e",
    "9" * 400,
]
VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.integers().map(str),
    st.dates().map(date.isoformat),
    st.datetimes().map(lambda d: d.isoformat()),
    st.text(max_size=30),
    st.sampled_from(["all", "true", "1", "//evil.example/", "/r/x", "session_type", "weekly"]),
)
EXAMPLES = 3  # each example requests every route once (a hundred requests for the admin)


def parameter_names() -> list[str]:
    """The names the app reads from query strings."""
    found: set[str] = set()
    for path in [*APP.rglob("*.py"), *APP.rglob("*.html")]:
        found.update(READS.findall(path.read_text(encoding="utf-8")))
    found.update(audit.FILTER_ARGS)
    # appointments.new hands the whole query string to the booking form.
    found.update(k for k, v in vars(AppointmentForm).items() if isinstance(v, UnboundField))
    return sorted(found)


def test_the_parameter_names_are_found():
    names = parameter_names()
    for expected in ("page", "since", "until", "date", "therapist", "q", "next", "start"):
        assert expected in names
    print(f"\nquery parameters fuzzed on every GET route: {len(names)} ({', '.join(names)})")


def _path_values(app, world) -> dict[str, object]:
    """Real objects and live tokens, so that views get past their lookups."""
    with app.app_context(), clinic_scope(world.clinic_id):
        client = db.session.get_one(Client, world.client_id)
        desk = db.session.get_one(User, world.user_ids["receptionist"])
        appointment = db.session.get_one(Appointment, world.appointment_id)
        values: dict[str, object] = {
            "link_token": links.issue_link(client, links.CONSENT, created_by=desk),
            "appointment_token": links.issue_system_link(client, appointment),
            "export_token": links.issue_link(client, links.EXPORT, created_by=desk),
            "token": feeds.create_feed(world.clinic_id, world.user_ids["therapist"])[1],
        }
        db.session.commit()
    return values | {
        "appointment_id": world.appointment_id,
        "client_id": world.client_id,
        "therapist_id": world.user_ids["therapist"],
        "user_id": world.user_ids["therapist"],
        "clinic_slug": "clinic-a",
        "kind": message_texts.EDITABLE[0],
        "language": "tr",
    }


def _filled(rule: Rule, known: dict[str, object]) -> dict[str, object]:
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        if name in known:
            values[name] = known[name]
        elif isinstance(converter, IntegerConverter):  # app.urls.RowNumber too
            values[name] = 1
        else:
            values[name] = uuid.uuid4() if isinstance(converter, UUIDConverter) else "x"
    return values


def _routes(app, world, who: str) -> list[str]:
    """The path of every GET rule `who` may call (for the therapist: only those that
    neither the admin nor an anonymous visitor may call)."""
    wanted = {
        "admin": lambda allowed: P.ADMIN in allowed,
        "anonymous": lambda allowed: bool(allowed & {P.ANONYMOUS, P.CLIENT_LINK}),
        "therapist": lambda allowed: (
            P.TREATING_THERAPIST in allowed and not allowed & {P.ADMIN, P.ANONYMOUS, P.CLIENT_LINK}
        ),
    }[who]
    known = _path_values(app, world)
    adapter = app.url_map.bind("localhost")
    return sorted(
        {
            adapter.build(rule.endpoint, _filled(rule, known))
            for rule in app.url_map.iter_rules()
            if "GET" in rule.methods
            and rule.endpoint != "static"
            and wanted(POLICY.get(rule.endpoint, frozenset()))
        }
    )


@pytest.fixture(params=["admin", "anonymous", "therapist"])
def caller(request, app, world, monkeypatch) -> tuple[Browser, list[str]]:
    # Link pages answer 429 after a few dozen requests; the fuzzing is about the views.
    for module in (client_pages, export_delivery):
        monkeypatch.setattr(module, "PER_LINK", 10**9)
        monkeypatch.setattr(module, "PER_ADDRESS", 10**9)
    browser = Browser(app.test_client())
    if request.param != "anonymous":
        assert browser.login(world.emails[request.param]).status_code == 302
    routes = _routes(app, world, request.param)
    assert routes, f"no GET route for {request.param}"
    return browser, routes


def _get(browser: Browser, path: str, params: dict[str, str], htmx: bool = False) -> None:
    # A fragment request takes the other branch of many views.
    headers = {"HX-Request": "true"} if htmx else {}
    response = browser.get(path, query_string=params, headers=headers)
    assert response.status_code < 500, f"{path} {params!r} htmx={htmx}: {response.status_code}"


def test_hostile_values_in_every_parameter_never_answer_500(caller):
    browser, routes = caller
    names = parameter_names()
    for n, value in enumerate(HOSTILE):
        for path in routes:
            _get(browser, path, dict.fromkeys(names, value), htmx=n % 2 == 1)
    print(f"\n{len(routes)} GET routes x {len(HOSTILE)} hostile values: 0 answers of 500")


def test_fuzzed_queries_never_answer_500(caller):
    browser, routes = caller
    names = parameter_names()
    queries = st.dictionaries(st.sampled_from(names), VALUES, max_size=len(names))

    @settings(max_examples=EXAMPLES, deadline=None, database=None)
    @given(st.data())
    def every_route(data: st.DataObject) -> None:
        for path in routes:
            _get(browser, path, data.draw(queries, label=path), data.draw(st.booleans()))

    every_route()
    print(f"\n{len(routes)} GET routes x {EXAMPLES} hypothesis examples: 0 answers of 500")


@pytest.mark.parametrize(
    "query",
    [
        {"page": str(10**30)},
        {"page": "-5"},
        {"until": "9999-12-31"},
        {"since": "0001-01-01"},
        {"since": "9999-12-31", "until": "0001-01-01"},
        {"action": "\x00", "object": "a\x00b"},
    ],
)
def test_the_audit_log_takes_far_pages_and_dates(browser, world, query):
    """These answered 500: an offset beyond 64 bits, a day past year 9999 or before year 1
    in UTC, a NUL (PostgreSQL refuses it in a parameter)."""
    browser.login(world.emails["admin"])
    response = browser.get("/admin/audit/", query_string=query)
    assert response.status_code == 200
    assert 'id="audit-events"' in response.get_data(as_text=True)


def test_a_far_audit_page_is_empty_and_leads_back(browser, world):
    browser.login(world.emails["admin"])
    browser.post("/language", {"language": "en"})
    body = browser.get("/admin/audit/", query_string={"page": str(10**30)}).get_data(as_text=True)
    assert "No events match." in body
    assert f"page={audit.MAX_PAGE - 1}" in body  # "Newer" goes back towards the events
