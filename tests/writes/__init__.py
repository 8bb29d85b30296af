"""How to send each mutating route eight times at once, and how to find each write
after: the recipes of tests/test_concurrent_writes.py, one per non-GET endpoint.

A recipe builds one writer's request at a time (`build(stage, n)`), in an app context
inside clinic A's scope, making whatever rows that writer needs (a client, a session,
a link, a member) so that single-use objects are never shared. Each request carries a
check (`present`) that its write is in the database, run after the race for every
writer that was answered with 2xx or 3xx."""

from __future__ import annotations

from writes import accounts, clients, clinic, schedule
from writes.stage import WRITERS, Build, Call, Stage

RECIPES: dict[str, Build] = {
    **accounts.RECIPES,
    **clinic.RECIPES,
    **schedule.RECIPES,
    **clients.RECIPES,
}

__all__ = ["RECIPES", "WRITERS", "Build", "Call", "Stage"]
