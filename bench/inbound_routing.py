#!/usr/bin/env python
"""Inbound routing benchmark (issue 16): client replies stored per second with 1, 100
and 1,000 clinics on the shared number (target: the ratio of the slowest to the fastest
at most 1.5; the old code looked each reply up in every clinic's blind index).

    .venv/bin/python bench/inbound_routing.py [--clinics 1,100,1000] [--replies 300]

Each clinic has 3 clients, each texted once from the shared number (a route); the
replies come from phones of clients spread over all the clinics and go through
`inbound.receive_sms` and a commit, as the webhook does (no HTTP, no signature).
SQLite in a temp file, migrated. A report, not a test: it exits 0 even when the target is
missed; wall clock, so other work on the machine inflates the figures.
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
ROOT = _HERE.parent
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

RATIO_TARGET = 1.5
CLIENTS_PER_CLINIC = 3


def progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def make_app(url: str, instance: Path):
    from app import create_app
    from app.crypto import MasterKeyRing

    MasterKeyRing.generate(instance / "keys" / "master.json")
    config = {
        "SECRET_KEY": "bench-secret-" + "x" * 40,
        "SQLALCHEMY_DATABASE_URI": url,
        "ARGON2_PROFILE": "cheapest",
        "SESSION_COOKIE_SECURE": False,
        "MASTER_KEYS": None,
        "SERVER_NAME": None,
    }
    return create_app(config, instance_path=str(instance))


def measure(clinic_count: int, replies: int, workdir: Path) -> float:
    from flask_migrate import upgrade

    from app import sms
    from app.extensions import db
    from app.models.scoping import clinic_scope
    from app.services import clients, clinics, inbound, sms_routes

    app = make_app(f"sqlite:///{workdir / 'bench.db'}", workdir / "instance")
    phones: list[str] = []
    with app.app_context():
        upgrade()
        progress(f"{clinic_count} clinics: building")
        for n in range(clinic_count):
            clinic = clinics.create_clinic(f"Clinic {n}", f"clinic-{n}")
            with clinic_scope(clinic.id):
                for k in range(CLIENTS_PER_CLINIC):
                    phone = f"+90532{n:04d}{k:03d}"
                    client = clients.create_client(clinic.id, f"Client {n} {k}", phone)
                    sms_routes.wrote(clinic.id, client.id, phone, None, shared=True)
                    phones.append(phone)
            db.session.commit()
        rng = random.Random(16)
        chosen = [rng.choice(phones) for _ in range(replies)]
        started = time.perf_counter()
        stored = 0
        for i, phone in enumerate(chosen):
            message = sms.InboundSms(
                message_id=f"bench-{i}",
                msisdn=phone.lstrip("+"),
                to="Seans",
                text="Tamam, geliyorum",
                type="text",
                keyword=None,
                message_timestamp=None,
                concat=None,
            )
            stored += len(inbound.receive_sms(message))
            db.session.commit()
        elapsed = time.perf_counter() - started
        db.session.remove()
        db.engine.dispose()
    assert stored == replies, (stored, replies)
    return replies / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clinics", default="1,100,1000")
    parser.add_argument("--replies", type=int, default=300)
    args = parser.parse_args()
    counts = [int(c) for c in args.clinics.split(",")]
    rates = {}
    for count in counts:
        with tempfile.TemporaryDirectory(prefix="seans-bench-routing-") as folder:
            rates[count] = measure(count, args.replies, Path(folder))
    print("\nSeans inbound routing benchmark (SQLite, one process, the shared number)")
    for count, rate in rates.items():
        print(f"  {count:>5} clinics: {rate:7.1f} replies/s stored ({args.replies} replies)")
    ratio = max(rates.values()) / min(rates.values())
    verdict = "PASS" if ratio <= RATIO_TARGET else "MISS"
    print(f"  fastest / slowest: {ratio:.2f}   target <= {RATIO_TARGET}  {verdict}")
    print(f"Load average (1 min) {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
