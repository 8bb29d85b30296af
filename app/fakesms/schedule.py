"""Automatic delivery receipts, each sent a fixed delay after its message arrived."""

from __future__ import annotations

import heapq
import threading
import time
from collections.abc import Callable


class ReceiptTimer:
    """One thread that calls ``deliver(message_id)`` when each entry falls due."""

    def __init__(self, deliver: Callable[[str], None]) -> None:
        self._deliver = deliver
        self._due: list[tuple[float, int, str]] = []
        self._seq = 0
        self._cond = threading.Condition()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="fake-vonage-receipts")

    def start(self) -> None:
        self._thread.start()

    def add(self, delay: float, message_id: str) -> None:
        with self._cond:
            self._seq += 1
            heapq.heappush(self._due, (time.monotonic() + delay, self._seq, message_id))
            self._cond.notify()

    def stop(self) -> None:
        """Drop what is still pending and wait for the thread."""
        with self._cond:
            self._stopped = True
            self._cond.notify()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while (message_id := self._next()) is not None:
            self._deliver(message_id)

    def _next(self) -> str | None:
        with self._cond:
            while not self._stopped:
                wait = self._due[0][0] - time.monotonic() if self._due else None
                if wait is not None and wait <= 0:
                    return heapq.heappop(self._due)[2]
                self._cond.wait(wait)
            return None
