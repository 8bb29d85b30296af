"""RQ plumbing. Jobs take ids, reload rows and commit once (later issues add them)."""

from __future__ import annotations

from flask import Flask, current_app
from redis import Redis
from rq import Queue


def redis_connection(app: Flask | None = None) -> Redis:
    config = (app or current_app).config
    return Redis.from_url(config["REDIS_URL"])


def queue(app: Flask | None = None) -> Queue:
    config = (app or current_app).config
    return Queue(config["RQ_QUEUE"], connection=redis_connection(app))


def heartbeat() -> str:
    """A no-op job that proves a worker runs jobs inside the app context."""
    return f"ok:{current_app.name}"
