"""Addresses outside the app's own pages: absolute URLs and the hosts it answers to.

Both come from PUBLIC_URL alone. The request's Host header is the caller's to choose,
so a link built from it (a consent link, a calendar feed) could point a client at
another site; and a request naming another host is refused before any view runs."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from werkzeug.routing import IntegerConverter, Map


def external_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of `endpoint` on PUBLIC_URL, inside a request or outside one
    (jobs compose messages with links too)."""
    public = urlsplit(str(current_app.config["PUBLIC_URL"]))
    adapter = current_app.url_map.bind(
        public.netloc, script_name=public.path.rstrip("/") or "/", url_scheme=public.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


def trusted_hosts(public_url: str) -> list[str]:
    """The host names a request may name (Flask's TRUSTED_HOSTS): PUBLIC_URL's own."""
    host = urlsplit(public_url).hostname
    if not host:
        raise ValueError(f"PUBLIC_URL has no host: {public_url!r}")
    return [host]


class RowNumber(IntegerConverter):
    """`<int:...>` in a path holds at most what a 64-bit database column does: a longer
    number matches no route (404) instead of overflowing the query it would reach."""

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None) -> None:
        super().__init__(map, fixed_digits, min, 2**63 - 1)
