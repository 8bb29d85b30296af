"""Command-line groups for the data's life cycle: backup (create, restore) and retention."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

backup_cli = AppGroup("backup", help="Backups of the database (ciphertext only, never keys).")
retention_cli = AppGroup("retention", help="What the clinics keep, and for how long.")

PATH = click.Path(dir_okay=False, path_type=Path)


def _keys_dir() -> Path:
    return (Path(current_app.instance_path) / current_app.config["MASTER_KEY_FILE"]).parent


@backup_cli.command("create")
@click.argument("path", type=PATH)
def create(path: Path) -> None:
    """Write a consistent backup of the database to PATH."""
    from app.services import backup

    try:
        backend = backup.create_backup(path)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{backend} backup written to {path} ({path.stat().st_size} bytes)")
    click.echo(
        f"It holds no keys: keep {_keys_dir()} (master keys, tombstone list) safe and apart."
    )


@backup_cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore(path: Path) -> None:
    """Restore PATH into this installation's empty database; erased clients stay erased."""
    from app.services import backup

    try:
        restored = backup.restore_backup(path)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"restored {path} ({restored.backend}): {restored.clinic_keys} clinic keys open with "
        f"master key {', '.join(restored.master_keys) or '(none)'}"
    )
    click.echo(
        f"tombstones: {restored.tombstones_known} on the list, "
        f"{restored.tombstones_applied} erased client(s) found in the backup and shredded again"
    )


@retention_cli.command("run")
def run() -> None:
    """Apply every clinic's retention settings now (the nightly job does it at 03:00)."""
    from app.services import retention

    report = retention.run_nightly()
    for clinic in report.clinics:
        click.echo(
            f"{clinic.clinic}: {clinic.shredded} clients shredded "
            f"({clinic.shreds_postponed} postponed, {clinic.tombstones_applied} from "
            f"tombstones), message bodies purged {clinic.outbox_bodies_purged} sent / "
            f"{clinic.inbound_bodies_purged} received, {clinic.audit_rows_purged} audit rows"
        )
    totals = report.totals()
    click.echo("total: " + ", ".join(f"{name} {value}" for name, value in totals.items()))
