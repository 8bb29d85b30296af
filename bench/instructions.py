#!/usr/bin/env python
"""The rules path's cost as instructions counted by callgrind: a figure that does not move
with the machine's load, for comparing two versions of the code.

    .venv/bin/python bench/instructions.py            # this checkout, about a minute
    .venv/bin/python bench/instructions.py --child    # (what valgrind runs)

It runs `interpret_reply` over the benchmark's replies (bench/assistant.py's corpora)
once to warm every cache and compile every table, then switches callgrind's counting on
around one more pass, and prints instructions per reply. Wall-clock figures on this kind
of machine swing by a quarter from run to run while this one repeats to the thousandth
(docs/decisions.md, "The rules path"). Needs valgrind (Debian's `valgrind` package); a
report, not a test.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

_HERE = Path(__file__).resolve().parent
# bench/calendar.py would shadow the standard library module of that name.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))


def child() -> None:
    """Under valgrind: warm up, then count one pass."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_assistant", _HERE / "assistant.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    from app.assistant.replies import interpret_reply

    inputs = bench.reply_inputs(bench.load_rows(bench.CORPORA))
    for text, context in inputs:
        interpret_reply(text, context, None)
    control = ["callgrind_control", "-i"]
    subprocess.run([*control, "on", str(os.getpid())], capture_output=True, check=False)
    for text, context in inputs:
        interpret_reply(text, context, None)
    subprocess.run([*control, "off", str(os.getpid())], capture_output=True, check=False)
    print(f"replies={len(inputs)}")


def main() -> int:
    if "--child" in sys.argv:
        child()
        return 0
    with tempfile.TemporaryDirectory() as folder:
        run = subprocess.run(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no"]
            + [f"--callgrind-out-file={folder}/callgrind.out"]
            + [sys.executable, __file__, "--child"],
            capture_output=True,
            text=True,
            check=False,
        )
    counted = re.search(r"Collected : (\d+)", run.stderr)
    replies = re.search(r"replies=(\d+)", run.stdout)
    if run.returncode != 0 or counted is None or replies is None:
        print(run.stderr[-2000:], file=sys.stderr)
        return 1
    per_reply = int(counted.group(1)) / int(replies.group(1))
    print(
        f"Seans rules path under callgrind: {per_reply / 1e6:.3f} million instructions a reply "
        f"over {replies.group(1)} replies (one warm pass)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
