"""Shared steps for the audio-note tests: turn the feature on, upload as the tablet
does (raw chunks over HTTP), run the real worker."""

from __future__ import annotations

import io
import math
import os
import struct
import uuid
import wave
from pathlib import Path

import pytest
from flask import Flask
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from app import jobs
from app.extensions import db
from app.models import Client, Clinic, ConsentKind, ConsentMethod, User
from app.models.scoping import clinic_scope
from app.services import consent

CHUNK = 64 * 1024


def use_redis(app: Flask, name: str) -> None:
    url = os.environ.get("SEANS_TEST_REDIS_URL")
    if not url:
        if os.environ.get("SEANS_REQUIRE_SERVICES"):
            pytest.fail("SEANS_TEST_REDIS_URL is not set")
        pytest.skip("no Redis: set SEANS_TEST_REDIS_URL (./scripts/test does)")
    try:
        Redis.from_url(url).ping()
    except RedisConnectionError:
        pytest.fail(f"Redis at {url} does not answer")
    app.config.update(REDIS_URL=url, RQ_QUEUE=f"test-{name}-{os.getpid()}")


def redis_contents(app: Flask) -> bytes:
    """Every key and value in the test's Redis database, read by type (DUMP compresses)."""
    connection = Redis.from_url(app.config["REDIS_URL"])
    out = []
    for key in connection.scan_iter():
        kind = connection.type(key).decode()
        if kind == "string":
            values = [connection.get(key) or b""]
        elif kind == "hash":
            values = [b for pair in connection.hgetall(key).items() for b in pair]
        elif kind == "list":
            values = connection.lrange(key, 0, -1)
        elif kind == "set":
            values = list(connection.smembers(key))
        elif kind == "zset":
            values = connection.zrange(key, 0, -1)
        else:  # streams and the like: RQ does not use them for job data
            values = []
        out += [key, *values]
    return b"\n".join(out)


def work(app: Flask) -> None:
    """Run the RQ worker until the queue is empty (`flask rq worker --burst`)."""
    result = app.test_cli_runner().invoke(args=["rq", "worker", "--burst"])
    assert result.exit_code == 0, result.output


def empty_queue(app: Flask) -> None:
    with app.app_context():
        jobs.queue().empty()


def enable(app: Flask, world, *, clinic: bool = True, therapist: bool = True) -> None:
    with app.app_context(), clinic_scope(world.clinic_id):
        db.session.get_one(Clinic, world.clinic_id).audio_notes_enabled = clinic
        db.session.get_one(User, world.user_ids["therapist"]).audio_notes_enabled = therapist
        db.session.commit()


def give_consent(app: Flask, world) -> None:
    with app.app_context(), clinic_scope(world.clinic_id):
        client = db.session.get_one(Client, world.client_id)
        therapist = db.session.get_one(User, world.user_ids["therapist"])
        consent.record_consent(
            client, ConsentKind.RECORDING, ConsentMethod.PAPER, recorded_by=therapist
        )
        db.session.commit()


def tone_wav(seconds: float = 1.0, payload: bytes = b"") -> bytes:
    """A short WAV; `payload` rides in the samples so a test can look for it on disk."""
    rate = 16_000
    samples = b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate)))
        for i in range(int(rate * seconds))
    )
    out = io.BytesIO()
    with wave.open(out, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(rate)
        file.writeframes(payload + samples)
    return out.getvalue()


def start(browser, world, *, mime: str = "audio/wav", language: str = "en"):
    return browser.post(
        f"/appointments/{world.appointment_id}/recordings", {"type": mime, "language": language}
    )


def put_chunk(browser, chunks_url: str, index: int, data: bytes, **headers: str):
    headers = {"X-CSRFToken": browser.csrf(), **headers}
    headers.setdefault("Content-Type", "application/octet-stream")
    return browser.client.put(f"{chunks_url}/{index}", data=data, headers=headers)


def upload(browser, world, audio: bytes, *, mime: str = "audio/wav", language: str = "en") -> dict:
    """Start, send every chunk in order, finish: what the page's script does."""
    started = start(browser, world, mime=mime, language=language)
    assert started.status_code == 201, started.get_data(as_text=True)
    info = started.get_json()
    for index in range(0, math.ceil(len(audio) / CHUNK)):
        part = audio[index * CHUNK : (index + 1) * CHUNK]
        assert put_chunk(browser, info["chunks_url"], index, part).status_code == 200
    finished = browser.post(info["finish_url"])
    assert finished.status_code == 202, finished.get_data(as_text=True)
    return info


def recording_files(app: Flask) -> list[Path]:
    root = Path(app.instance_path) / app.config["RECORDINGS_DIR"]
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def recording_row(app: Flask, world, recording_id: str):
    from app.models import Recording

    with app.app_context(), clinic_scope(world.clinic_id):
        row = db.session.get_one(Recording, uuid.UUID(recording_id))
        db.session.expunge(row)
        return row
