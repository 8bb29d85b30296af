"""The speech engine in a spawned process, for the tests that load a model.

CTranslate2 does not survive fork: once a model was loaded in a process, a child forked
from it crashes loading its own. Other tests fork RQ work horses from the pytest
process (as the real worker does, from a parent that never loads a model), so no test
may load one in the pytest process itself.
"""

from __future__ import annotations

import multiprocessing
import socket
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from app.speech.engine import WhisperEngine, engine_from_config

_engines: dict[tuple[str, bool], WhisperEngine] = {}


def _transcribe(model_dir: str, packaged: bool, audio: bytes, language: str) -> str:
    key = (model_dir, packaged)
    if key not in _engines:
        _engines[key] = WhisperEngine(Path(model_dir), 2, packaged=packaged)
    return _engines[key].transcribe(audio, language)


def _load_fresh(model_dir: str, packaged: bool) -> None:
    WhisperEngine(Path(model_dir), packaged=packaged).load()


def _transcribe_offline(model_root: str, audio: bytes, language: str) -> str:
    """A fresh engine, loaded and run with every way onto the network refused."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network blocked by the test")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = refuse  # type: ignore[method-assign,assignment]
    socket.getaddrinfo = refuse  # type: ignore[assignment]
    engine = engine_from_config("whisper-base", Path(model_root), threads=2)
    return engine.transcribe(audio, language)


class RemoteEngine:
    """Looks like a WhisperEngine; runs in the spawned process."""

    def __init__(self, pool: ProcessPoolExecutor, model_dir: Path, packaged: bool) -> None:
        self.pool, self.model_dir, self.packaged = pool, model_dir, packaged

    def transcribe(self, audio: bytes, language: str) -> str:
        return self.pool.submit(
            _transcribe, str(self.model_dir), self.packaged, audio, language
        ).result()

    def load_fresh(self) -> None:
        self.pool.submit(_load_fresh, str(self.model_dir), self.packaged).result()

    def transcribe_offline(self, model_root: Path, audio: bytes, language: str) -> str:
        # Its own process: the blocked sockets and fresh model stay there.
        with spawned() as pool:
            return pool.submit(_transcribe_offline, str(model_root), audio, language).result()


@contextmanager
def spawned() -> Iterator[ProcessPoolExecutor]:
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield pool
