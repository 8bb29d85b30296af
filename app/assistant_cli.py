"""`flask assistant ...`: the assistant's readers on JSON Lines, without a database.

Each input line is an input object or a corpus row {"in": {...}, "expect": {...}};
each output line is the reading, in order (../shared/eval/README.md). A line that is
not valid JSON gets {"error": ...} so the output stays aligned with the input.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from flask import current_app
from flask.cli import AppGroup

from app.assistant.replies import ReplyContext, interpret_reply
from app.assistant.textprep import guess_language

assistant_cli = AppGroup("assistant", help="The assistant's readers, on JSON Lines.")


def _rows(stream: TextIO) -> Iterable[dict[str, Any] | None]:
    for line in stream:
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            yield None
            continue
        if isinstance(row, dict) and isinstance(row.get("in"), dict):
            row = row["in"]
        yield row if isinstance(row, dict) else None


def _each(stream: TextIO, out: TextIO, read: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    for row in _rows(stream):
        try:
            result = {"error": "not a JSON object"} if row is None else read(row)
        except (KeyError, TypeError, ValueError) as exc:
            result = {"error": f"bad input: {exc}"}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()


def reply_context(row: dict[str, Any]) -> ReplyContext:
    tz = ZoneInfo(row.get("tz") or "Europe/Istanbul")
    start = row.get("appointment_start")
    return ReplyContext(
        now=datetime.fromisoformat(row["now"]),
        tz=tz,
        appointment_start=datetime.fromisoformat(start) if start else None,
        appointment_type=row.get("appointment_type"),
        language=row.get("language") or guess_language(row.get("text") or ""),
    )


@assistant_cli.command("interpret-replies")
def interpret_replies() -> None:
    """Read client replies (JSON Lines on stdin), write their readings to stdout."""
    from app.assistant.model_config import build_model

    model = build_model(current_app.config)

    def read(row: dict[str, Any]) -> dict[str, Any]:
        context = reply_context(row)
        return interpret_reply(str(row.get("text") or ""), context, model).to_json(context.tz)

    _each(sys.stdin, sys.stdout, read)


@assistant_cli.command("parse-commands")
def parse_commands() -> None:
    """Read staff commands (JSON Lines on stdin), write what they ask for to stdout."""
    from app.assistant.commands import parse_command

    def read(row: dict[str, Any]) -> dict[str, Any]:
        tz = ZoneInfo(row.get("tz") or "Europe/Istanbul")
        now = datetime.fromisoformat(row["now"])
        return parse_command(str(row.get("text") or ""), now, tz).to_json(tz)

    _each(sys.stdin, sys.stdout, read)
