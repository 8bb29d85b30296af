#!/usr/bin/env python3
"""Grade the assistant's readers on the labelled corpora, in process (no Flask app).

    .venv/bin/python scripts/eval_assistant.py            # every corpus, figures only
    .venv/bin/python scripts/eval_assistant.py --show dev # and the development half's misses

Corpora: the shared public samples (../shared/eval, copied into tests/data/eval) and the
corpora written apart from the rules, split once into a development half (read while
changing code) and a test half (figures only: its misses are never printed here, so
nobody tunes on them). The grader is the shared one (tests/data/eval/grade.py).
Prints one line per corpus and the risk figures: crisis recall and the false-urgent
rate on look-alike idioms.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.assistant.commands import parse_command  # noqa: E402
from app.assistant.replies import ReplyContext, interpret_reply  # noqa: E402
from app.assistant.textprep import guess_language  # noqa: E402

EVAL = ROOT / "tests" / "data" / "eval"
CORPORA = (
    ("replies", "sample", "replies.sample.jsonl"),
    ("replies", "dev", "replies.dev.jsonl"),
    ("replies", "test", "replies.test.jsonl"),
    ("replies", "risk-dev", "risk.dev.jsonl"),
    ("replies", "risk-test", "risk.test.jsonl"),
    ("replies", "risk-train", "risk.train.jsonl"),
    ("replies", "dev4", "replies4.dev.jsonl"),
    ("replies", "test4", "replies4.test.jsonl"),
    ("replies", "dev5", "replies5.dev.jsonl"),
    ("replies", "test5", "replies5.test.jsonl"),
    ("replies", "dev6", "replies6.dev.jsonl"),
    ("replies", "test6", "replies6.test.jsonl"),
    ("replies", "dev7", "replies7.dev.jsonl"),
    ("replies", "test7", "replies7.test.jsonl"),
    ("replies", "dev8", "replies8.dev.jsonl"),
    ("replies", "test8", "replies8.test.jsonl"),
    ("replies", "dev9", "replies9.dev.jsonl"),
    ("replies", "test9", "replies9.test.jsonl"),
    ("replies", "dev10", "replies10.dev.jsonl"),
    ("replies", "test10", "replies10.test.jsonl"),
    ("commands", "sample", "commands.sample.jsonl"),
    ("commands", "dev", "commands.dev.jsonl"),
    ("commands", "test", "commands.test.jsonl"),
    ("commands", "dev2", "commands2.dev.jsonl"),
    ("commands", "test2", "commands2.test.jsonl"),
    ("commands", "dev3", "commands3.dev.jsonl"),
    ("commands", "test3", "commands3.test.jsonl"),
    ("commands", "dev4", "commands4.dev.jsonl"),
    ("commands", "test4", "commands4.test.jsonl"),
    ("commands", "dev5", "commands5.dev.jsonl"),
    ("commands", "test5", "commands5.test.jsonl"),
    ("commands", "dev6", "commands6.dev.jsonl"),
    ("commands", "test6", "commands6.test.jsonl"),
    ("commands", "dev7", "commands7.dev.jsonl"),
    ("commands", "test7", "commands7.test.jsonl"),
    ("commands", "dev8", "commands8.dev.jsonl"),
    ("commands", "test8", "commands8.test.jsonl"),
)


def _grader() -> Any:
    spec = importlib.util.spec_from_file_location("grade", EVAL / "grade.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no grader at {EVAL}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


MODEL: Any = None


def read_reply(row: dict[str, Any]) -> dict[str, Any]:
    start = row.get("appointment_start")
    context = ReplyContext(
        now=datetime.fromisoformat(row["now"]),
        tz=ZoneInfo(row.get("tz") or "Europe/Istanbul"),
        appointment_start=datetime.fromisoformat(start) if start else None,
        language=row.get("language") or guess_language(row.get("text") or ""),
    )
    return interpret_reply(str(row.get("text") or ""), context, MODEL).to_json(context.tz)


def read_command(row: dict[str, Any]) -> dict[str, Any]:
    tz = ZoneInfo(row.get("tz") or "Europe/Istanbul")
    return parse_command(
        str(row.get("text") or ""), datetime.fromisoformat(row["now"]), tz
    ).to_json(tz)


def grade(kind: str, rows: list[dict[str, Any]], show: bool) -> dict[str, Any]:
    grader = _grader()
    check = grader.grade_reply if kind == "replies" else grader.grade_command
    read = read_reply if kind == "replies" else read_command
    ok = unsafe = crises = caught = lookalikes = false_urgent = 0
    misses = []
    for row in rows:
        out = read(row["in"])
        fails, safety = check(row["expect"], out)
        ok += not fails
        unsafe += bool(safety)
        if kind == "replies":
            if row["expect"]["urgent"]:
                crises += 1
                caught += bool(out.get("urgent"))
            elif row.get("lookalike"):
                lookalikes += 1
                false_urgent += bool(out.get("urgent"))
        if fails or safety:
            misses.append(
                f"- {row['in']['text']!r} [{row['in']['now']} {row['in']['tz']}"
                f" appt {row['in'].get('appointment_start')}]: "
                f"{'; '.join(fails + safety)}"
            )
    if show:
        print("\n".join(misses))
    return {
        "rows": len(rows),
        "ok": ok,
        "unsafe": unsafe,
        "crises": crises,
        "caught": caught,
        "lookalikes": lookalikes,
        "false_urgent": false_urgent,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--show",
        choices=(
            "sample",
            "dev",
            "risk-dev",
            "risk-train",
            "dev2",
            "dev3",
            "dev4",
            "dev5",
            "dev6",
            "dev7",
            "dev8",
            "dev9",
            "dev10",
        ),
        action="append",
        default=[],
    )
    parser.add_argument("--only", choices=("replies", "commands"))
    parser.add_argument("--model", default="local", help="ASSISTANT_MODEL: local (default) or none")
    args = parser.parse_args()
    global MODEL
    from app.assistant.model_config import build_model

    MODEL = build_model({"ASSISTANT_MODEL": args.model})
    status = 0
    for kind, half, name in CORPORA:
        if args.only and kind != args.only:
            continue
        path = EVAL / name
        if not path.exists():
            continue
        r = grade(kind, load(path), half in args.show)
        line = (
            f"{kind:8} {half:6}: {r['ok']}/{r['rows']} right ({r['ok'] / r['rows']:.1%}), "
            f"safety misses {r['unsafe']}"
        )
        if r["crises"]:
            line += f"; crisis recall {r['caught']}/{r['crises']}"
        if r["lookalikes"]:
            line += f"; look-alikes flagged urgent {r['false_urgent']}/{r['lookalikes']}"
        print(line, flush=True)
        status |= r["unsafe"] > 0 or r["ok"] < 0.95 * r["rows"]
    return status


if __name__ == "__main__":
    sys.exit(main())
