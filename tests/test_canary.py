"""Promise 2: a canary written through the app is nowhere in the raw SQLite file or its WAL."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Client, Clinic
from app.models.scoping import clinic_scope
from app.textnorm import fold

TYPED_PHONE = "0532 987 65 43"
E164_PHONE = "+905329876543"
NATIONAL_PHONE = "5329876543"
ENCODINGS = ("utf-8", "utf-16-le")


def _database_files(app) -> dict[str, bytes]:
    url = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    main = Path(url.database)
    assert main.is_file(), main
    files = {"db": main.read_bytes()}
    for suffix in ("-wal", "-journal"):
        extra = Path(f"{main}{suffix}")
        if extra.exists():
            files[suffix.lstrip("-")] = extra.read_bytes()
    return files


def _count(files: dict[str, bytes], needle: str) -> dict[str, int]:
    return {
        f"{name}/{encoding}": data.count(needle.encode(encoding))
        for name, data in files.items()
        for encoding in ENCODINGS
    }


def test_canary_is_nowhere_in_the_raw_database(app, backend, world, browser, make_browser):
    if backend != "sqlite":
        pytest.skip("reads the SQLite file itself")
    marker = uuid.uuid4().hex
    name = f"Canary Şükrü Işıkoğlu-{marker}"
    email = f"sukru.{marker[:12]}@example.test"
    tokens = [t for t in re.findall(r"\w+", name) if len(t) > 3]
    assert len(tokens) == 4

    assert browser.login(world.emails["receptionist"]).status_code == 302
    created = browser.post(
        "/clients/", {"name": name, "phone": TYPED_PHONE, "email": email, "language": "tr"}
    )
    assert created.status_code == 302, created.get_data(as_text=True)
    shown = browser.get(created.headers["Location"]).get_data(as_text=True)
    assert name in shown and E164_PHONE in shown and email in shown
    listing = browser.get("/clients/")
    assert listing.status_code == 200
    assert name in listing.get_data(as_text=True)

    # Control: a plaintext column written the same way must be visible in the bytes.
    control = f"Kontrol Kliniği Çağlayan {uuid.uuid4().hex}"
    admin = make_browser()
    assert admin.login(world.emails["admin"]).status_code == 302
    saved = admin.post(
        "/admin/clinic",
        {
            "name": control,
            "address": "",
            "locale": "tr",
            "timezone": "Europe/Istanbul",
            "idle_timeout_minutes": "15",
        },
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)
    with app.app_context():
        assert db.session.get_one(Clinic, world.clinic_id).name == control
        with clinic_scope(world.clinic_id):
            assert db.session.scalar(sa.select(sa.func.count()).select_from(Client)) == 2

    files = _database_files(app)
    assert "wal" in files, "WAL mode is on, so the -wal file should exist while the app runs"
    found_control = sum(files[f].count(control.encode()) for f in files)
    assert found_control > 0
    client_id = uuid.UUID(created.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    found_row = sum(files[f].count(client_id.hex.encode()) for f in files)
    assert found_row > 0  # the canary's own row is in the bytes read (SQLite keeps ids as hex)

    needles = {
        "name": name,
        "e-mail": email,
        "phone E.164": E164_PHONE,
        "phone national": NATIONAL_PHONE,
        "phone as typed": TYPED_PHONE,
    }
    needles |= {f"token {t}": t for t in tokens}
    needles |= {f"folded {fold(t)}": fold(t) for t in tokens if fold(t) != t}
    counts = {label: _count(files, needle) for label, needle in needles.items()}
    sizes = ", ".join(f"{n} {len(d)} bytes" for n, d in files.items())
    print(
        f"\n[canary] read {sizes}; control clinic name found {found_control} time(s), "
        f"canary client's row id found {found_row} time(s)"
    )
    for label, per_file in counts.items():
        print(f"[canary] {label}: {sum(per_file.values())} ({per_file})")
    assert {label: sum(c.values()) for label, c in counts.items()} == dict.fromkeys(counts, 0)
