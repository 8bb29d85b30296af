"""The RQ worker runs jobs against a real Redis, inside the app context."""

from __future__ import annotations

import os

import pytest
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from app import jobs


@pytest.fixture
def redis_app(app):
    url = os.environ.get("SEANS_TEST_REDIS_URL")
    if not url:
        if os.environ.get("SEANS_REQUIRE_SERVICES"):
            pytest.fail("SEANS_TEST_REDIS_URL is not set")
        pytest.skip("no Redis: set SEANS_TEST_REDIS_URL (./scripts/test does)")
    try:
        Redis.from_url(url).ping()
    except RedisConnectionError:
        pytest.fail(f"Redis at {url} does not answer")
    app.config["REDIS_URL"] = url
    app.config["RQ_QUEUE"] = f"test-{os.getpid()}"
    yield app
    with app.app_context():
        jobs.queue().empty()


def test_the_worker_command_runs_queued_jobs_in_the_app_context(redis_app, backend):
    if backend != "sqlite":
        pytest.skip("the queue does not depend on the database backend")
    with redis_app.app_context():
        job = jobs.queue().enqueue(jobs.heartbeat)
    result = redis_app.test_cli_runner().invoke(
        args=["rq", "worker", "--burst", "--with-scheduler"]
    )
    assert result.exit_code == 0, result.output
    job.refresh()
    assert job.get_status() == "finished"
    assert job.return_value() == f"ok:{redis_app.name}"
