"""Writes never fail for being concurrent: every mutating route, sent by eight writers at
once on both databases, answers no 500, and every write it acknowledged is stored.

The recipes (tests/writes/) give each writer its own objects where a route is single-use,
and each writer its own browser signed in as the role that uses the route. The eight
requests leave together from a barrier, on a second app whose pool holds a connection
per writer, as in tests/test_booking.py's race for one slot. SEANS_WRITES_ONLY=a,b runs
only those endpoints (to work on a recipe)."""

from __future__ import annotations

import os
import threading
from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
from conftest import Browser
from flask import Flask
from redis.exceptions import RedisError
from writes import RECIPES, WRITERS, Call, Stage

from app import create_app, jobs
from app.extensions import db
from app.fakesms.model import FAKE_API_KEY, FAKE_API_SECRET, FAKE_SIGNATURE_SECRET
from app.models import Membership, User
from app.models.scoping import clinic_scope
from app.services import auth

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
HTMX = {"HX-Request": "true"}  # as the pages send their forms: fragments, not whole pages
ONLY = set(filter(None, os.environ.get("SEANS_WRITES_ONLY", "").split(",")))


def _mutating_endpoints(app: Flask) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules() if rule.methods - SAFE_METHODS}


def test_every_mutating_route_has_a_recipe(tmp_path):
    """A new route cannot escape the harness: it fails here until it has a recipe."""
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 40}, instance_path=str(tmp_path))
    endpoints = _mutating_endpoints(app)
    assert sorted(endpoints - RECIPES.keys()) == [], "add a recipe in tests/writes/"
    assert sorted(RECIPES.keys() - endpoints) == [], "stale recipes"


@dataclass
class Outcome:
    statuses: list[int]
    errors: list[str]
    lost: list[int]

    @property
    def acknowledged(self) -> int:
        return sum(map(_acknowledged, self.statuses))


def _acknowledged(status: int) -> bool:
    return 200 <= status < 400  # 0: no answer within the race's time


def _racing_app(app: Flask) -> Flask:
    """The same database and keys, a pool with a connection per writer, no CSRF (this is
    about concurrency; test_csrf.py is about tokens) and a queue of this test's own."""
    return create_app(
        {
            **app.config,
            "SQLALCHEMY_ENGINE_OPTIONS": {
                "pool_size": WRITERS,
                "max_overflow": 0,
                "pool_timeout": 60,
            },
            "WTF_CSRF_ENABLED": False,
            "RQ_QUEUE": f"test-concurrent-writes-{os.getpid()}",
            "VONAGE_API_KEY": FAKE_API_KEY,
            "VONAGE_API_SECRET": FAKE_API_SECRET,
            "VONAGE_SIGNATURE_SECRET": FAKE_SIGNATURE_SECRET,
        },
        instance_path=app.instance_path,
    )


def _signed_in(email: str) -> str:
    """A server-side session for the member, as a sign-in starts it (the sign-in form has
    a writer of its own: auth.login)."""
    user = db.session.scalars(sa.select(User).where(User.email == email)).one()
    membership = db.session.scalars(
        sa.select(Membership)
        .where(Membership.user_id == user.id)
        .execution_options(all_clinics=True)
    ).first()
    return auth.start_session(user, membership.clinic_id, "10.0.0.1", "concurrent writer")


def _browser(racing: Flask, call: Call, token: str | None, address: str) -> Browser:
    browser = Browser(racing.test_client())
    browser.client.environ_base["REMOTE_ADDR"] = address
    if token is not None:
        with browser.client.session_transaction() as session:
            session["sid"] = token
    if call.before is not None:
        call.before(browser)
    return browser


def _race(
    racing: Flask, calls: list[Call], tokens: list[str | None], route: int, clock
) -> tuple[list[int], list[str]]:
    """Send the calls at once, each from its own browser and address; their statuses, and
    the exceptions that escaped the app (a 500 under TESTING)."""
    browsers = [
        _browser(racing, call, token, f"10.{route // 200}.{route % 200}.{n + 1}")
        for n, (call, token) in enumerate(zip(calls, tokens, strict=True))
    ]
    clock.advance(minutes=2)  # past the session touch: each request commits it first
    payloads = [call.data() if callable(call.data) else call.data for call in calls]
    barrier = threading.Barrier(len(calls))
    statuses = [0] * len(calls)
    errors: list[str] = []

    def send(n: int) -> None:
        call, browser = calls[n], browsers[n]
        barrier.wait()
        try:
            answer = browser.client.open(
                call.url, method=call.method, data=payloads[n], headers={**HTMX, **call.headers}
            )
            statuses[n] = answer.status_code
            if answer.status_code >= 500:
                errors.append(answer.get_data(as_text=True)[:300])
            answer.close()
        except Exception as exc:  # noqa: BLE001 - an escaped exception is the 500 we look for
            statuses[n] = 500
            errors.append(repr(exc))

    threads = [threading.Thread(target=send, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses, errors


def _run(racing: Flask, world, clock, endpoint: str, route: int) -> Outcome:
    stage = Stage(world, clock)
    with racing.app_context(), clinic_scope(world.clinic_id):
        calls = [RECIPES[endpoint](stage, n) for n in range(WRITERS)]
        tokens = [_signed_in(call.who) if call.who else None for call in calls]
        db.session.commit()
        db.session.remove()
    statuses, errors = _race(racing, calls, tokens, route, clock)
    lost = []
    with racing.app_context(), clinic_scope(world.clinic_id):
        for n, (call, status) in enumerate(zip(calls, statuses, strict=True)):
            if _acknowledged(status) and not call.present():
                lost.append(n)
            db.session.rollback()
        db.session.remove()
    return Outcome(statuses, errors, lost)


def test_every_mutating_route_with_eight_concurrent_writers(app, world, clock, backend, capsys):
    racing = _racing_app(app)
    outcomes: dict[str, Outcome] = {}
    try:
        for route, endpoint in enumerate(sorted(RECIPES)):
            if ONLY and endpoint not in ONLY:
                continue
            try:
                outcomes[endpoint] = _run(racing, world, clock, endpoint, route)
            except Exception as exc:  # noqa: BLE001 - a broken recipe is reported with the rest
                outcomes[endpoint] = Outcome([], [f"recipe: {exc!r}"], [])
    finally:
        with racing.app_context():
            try:
                jobs.queue().empty()
            except RedisError:
                pass
            db.engine.dispose()
    failed = sum(status >= 500 for o in outcomes.values() for status in o.statuses)
    refused = sum(400 <= status < 500 for o in outcomes.values() for status in o.statuses)
    lost = sum(len(o.lost) for o in outcomes.values())
    with capsys.disabled():
        print(
            f"\n[{backend}] {len(outcomes)} routes x {WRITERS} writers: "
            f"{failed} answers of 500, {lost} lost writes, {refused} refused"
        )
    # Each writer's request is valid on its own, so a refusal (a 409 or 422) is a write
    # that failed for being concurrent too.
    problems = {
        endpoint: (dict(Counter(o.statuses)), f"lost: {o.lost}", o.errors[:2])
        for endpoint, o in outcomes.items()
        if o.errors or o.lost or o.acknowledged < WRITERS
    }
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())
