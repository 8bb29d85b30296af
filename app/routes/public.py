from __future__ import annotations

from flask import Blueprint

bp = Blueprint("public", __name__)


@bp.get("/health")
def health() -> tuple[str, int]:
    """Tell a load balancer the web tier is up."""
    return "ok", 200
