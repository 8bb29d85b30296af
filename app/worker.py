"""The RQ worker process: RQ's work loop, kept alive through Redis outages.

RQ retries a lost connection only while it waits for a job. A connection lost at any
other moment (the suspension check before waiting, a heartbeat, the bookkeeping after
a job) ends `Worker.work` with "found an unhandled exception, quitting", and a worker
that quit serves nobody until a person restarts it. The outbox loses nothing meanwhile
(its rows are the truth), but reminders stop. So the loop starts a fresh RQ worker
once Redis answers again, and ends only when a signal or burst mode asks it to.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from types import FrameType
from typing import Any

from flask import Flask
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Worker

log = logging.getLogger(__name__)
MAX_PAUSE_SECONDS = 5.0


class _Worker(Worker):
    """Remembers that a signal asked it to stop: RQ records that only in the middle of a job."""

    stop_asked = False

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        self.stop_asked = True
        super().request_stop(signum, frame)


def run(app: Flask, *, with_scheduler: bool, burst: bool) -> None:
    """Work the app's queue until asked to stop; the keeper thread sweeps the outbox meanwhile."""
    from app.jobs import keep_sweeping, queue
    from app.services.replies import warm_up

    warm_up()
    stop = threading.Event()
    if not burst:
        keep_sweeping(app, stop)
    try:
        work_through_outages(queue(app), with_scheduler=with_scheduler, burst=burst)
    finally:
        stop.set()


def work_through_outages(
    queue: Queue, *, with_scheduler: bool, burst: bool, worker_class: type[_Worker] = _Worker
) -> None:
    while True:
        worker = worker_class([queue], connection=queue.connection)
        try:
            worker.work(with_scheduler=with_scheduler, burst=burst)
        except RedisError as error:  # its teardown could not reach Redis either
            log.warning("Redis went away under the worker (%s)", error)
        if burst or worker.stop_asked:
            return
        log.warning("The RQ worker quit while not asked to; starting it again once Redis answers")
        if not _wait_for_redis(queue.connection):
            return


def _wait_for_redis(connection: Redis) -> bool:
    """Wait until Redis answers a ping; False if a signal asked the process to stop meanwhile."""
    asked: list[int] = []

    def ask_to_stop(signum: int, _frame: Any) -> None:
        asked.append(signum)

    previous = {sig: signal.signal(sig, ask_to_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    # Paused before the first ping too: a worker that quit for another reason must not spin.
    pause = 0.5
    try:
        while not asked:
            time.sleep(pause)
            pause = min(pause * 2, MAX_PAUSE_SECONDS)
            try:
                if connection.ping():
                    return True
            except RedisError:
                pass
        return False
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
