from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("public", __name__)


@bp.get("/health")
def health() -> tuple[str, int]:
    """Tell a load balancer the web tier is up."""
    return "ok", 200


@bp.get("/ai")
def ai() -> str:
    """The AI-assistant disclosure: what it does and what it never sees (the same for
    every clinic, so it needs no sign-in)."""
    return render_template("public/ai.html")
